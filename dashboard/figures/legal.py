"""Figures of the legal pipeline page (pure: Polars frames in, ``go.Figure`` out, no Dash)."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.figures.common import empty_figure, fmt_value, split_ids, wrap
from dashboard.i18n import TEXT as SHARED_TEXT
from dashboard.i18n import t, tr
from etl.dates import format_partial_date

STAGES = ("mentioned", "proposed", "drafting", "submitted", "adopted", "in_force")
# text drawn on a stage colour: dark on the light fills, white on the dark blue
STAGE_TEXT_COLOURS = {stage: theme.INK for stage in STAGES} | {"in_force": "white"}
KINDS = ("law", "decree", "decision", "resolution", "strategy", "plan", "programme", "policy")
ROMAN = ("I", "II", "III", "IV")

LABELS: dict[str, dict[str, str]] = {
    "kind_law": {"vi": "Luật", "en": "Law"},
    "kind_decree": {"vi": "Nghị định", "en": "Decree"},
    "kind_decision": {"vi": "Quyết định", "en": "Decision"},
    "kind_resolution": {"vi": "Nghị quyết", "en": "Resolution"},
    "kind_strategy": {"vi": "Chiến lược", "en": "Strategy"},
    "kind_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "kind_programme": {"vi": "Chương trình", "en": "Programme"},
    "kind_policy": {"vi": "Chính sách", "en": "Policy"},
    "instruments": {"vi": "văn bản", "en": "instruments"},
    "instrument": {"vi": "văn bản", "en": "instrument"},
    "named_axis": {"vi": "Số văn bản được nêu tên", "en": "Named instruments"},
    "more": {"vi": "… và {n} văn bản khác", "en": "… and {n} more"},
    "more_sources": {"vi": "… và {n} nguồn khác", "en": "… and {n} more"},
    "no_selection": {
        "vi": "Không có văn bản nào trong lựa chọn này",
        "en": "No instrument in this selection",
    },
    "no_dated": {
        "vi": "Không có mốc nào có ngày (đến ngày hoặc tháng) trong lựa chọn này",
        "en": "No milestone dated to the day or month in this selection",
    },
    "event_adopted": {"vi": "Được thông qua", "en": "Adopted"},
    "event_in_force": {"vi": "Có hiệu lực", "en": "Entered into force"},
    "event_scheduled": {"vi": "Sẽ có hiệu lực (theo lịch)", "en": "Due to enter into force"},
    "quarter_axis": {"vi": "Quý", "en": "Quarter"},
    "count_axis": {"vi": "Số văn bản", "en": "Instruments"},
    "adopted": {"vi": "Thông qua", "en": "Adopted"},
    "in_force_on": {"vi": "Hiệu lực", "en": "In force"},
    "not_stated": {"vi": "chưa rõ", "en": "not stated"},
    "votes": {
        "vi": "Biểu quyết: {f} tán thành / {p} đại biểu tham gia ({pct})",
        "en": "Vote: {f} in favour of {p} deputies voting ({pct})",
    },
    "no_votes": {"vi": "Không rõ số phiếu", "en": "Vote not reported"},
    "stage_now": {"vi": "Giai đoạn hiện nay", "en": "Stage now"},
    "note_en": {"vi": "Ghi chú (tiếng Anh)", "en": "Note"},
    "col_law": {"vi": "Luật", "en": "Law"},
    "votes_head": {"vi": "Tỷ lệ tán thành", "en": "Share in favour"},
    "no_adopted": {
        "vi": "Không có luật đã thông qua trong lựa chọn này",
        "en": "No adopted law in this selection",
    },
}


def lbl(key: str, lang: str, **fmt: object) -> str:
    return tr(LABELS, key, lang, **fmt)


def kind_label(kind: str, lang: str) -> str:
    return lbl(f"kind_{kind}", lang) if f"kind_{kind}" in LABELS else kind


def jurisdiction_label(code: str, lang: str) -> str:
    key = f"jurisdiction_{code}"
    return t(key, lang) if key in SHARED_TEXT else code


def stage_label(stage: str, lang: str) -> str:
    return t(f"stage_{stage}", lang)


def quarter_label(start: date, lang: str, sep: str = "<br>") -> str:
    q = (start.month - 1) // 3
    if lang == "vi":
        return f"Quý {ROMAN[q]}{sep}{start.year}"
    return f"Q{q + 1}{sep}{start.year}"


HOVER_SOURCES = 12  # source ids on a hover, then "… and n more"
TIMELINE_HOVER_ITEMS = 6  # instruments named on a timeline bar's hover, then "… and n more"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;(") + "…"


def _sources_line(ids: list[str], lang: str, limit: int = HOVER_SOURCES) -> str:
    text = wrap(", ".join(ids[:limit]), 70) if ids else "—"
    if len(ids) > limit:
        text += " " + lbl("more_sources", lang, n=len(ids) - limit)
    return f"{t('sources', lang)}: {text}"


def _bullets(titles: list[str], lang: str, limit: int = 10) -> str:
    lines = [f"• {wrap(x, 64).replace('<br>', '<br>   ')}" for x in titles[:limit]]
    if len(titles) > limit:
        lines.append(lbl("more", lang, n=len(titles) - limit))
    return "<br>".join(lines)


def stage_bars(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Named instruments per jurisdiction, stacked by the stage each has reached today, in stage
    order (mentioned → in force); counts written on the bars, titles and sources on hover."""
    if frame.is_empty():
        return empty_figure(lbl("no_selection", lang))
    jurisdictions = list(dict.fromkeys(frame["jurisdiction"].to_list()))
    names = {j: jurisdiction_label(j, lang) for j in jurisdictions}
    cells = {(r["jurisdiction"], r["stage"]): r for r in frame.iter_rows(named=True)}
    traces = []
    for stage in STAGES:
        xs, texts, hovers = [], [], []
        for j in jurisdictions:
            r = cells.get((j, stage))
            if r is None:
                xs.append(None)
                texts.append("")
                hovers.append("")
                continue
            n = r["n_instruments"]
            xs.append(n)
            texts.append(str(n))
            titles = (r[f"titles_{lang}"] or "").split(" | ")
            unit = lbl("instrument" if n == 1 else "instruments", lang)
            hovers.append(
                f"<b>{names[j]} · {stage_label(stage, lang)}</b>: {n} {unit}<br>"
                f"{_bullets(titles, lang)}<br>"
                f"{_sources_line(split_ids(r['source_ids']), lang)}"
            )
        traces.append(
            go.Bar(
                name=stage_label(stage, lang),
                x=xs,
                y=[names[j] for j in jurisdictions],
                orientation="h",
                marker={
                    "color": theme.STAGE_COLOURS[stage],
                    "line": {"color": "white", "width": 1},
                },
                text=texts,
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": STAGE_TEXT_COLOURS[stage], "size": 13},
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    totals = frame.group_by("jurisdiction").agg(pl.col("n_instruments").sum())
    top = int(totals["n_instruments"].max() or 1)
    fig = go.Figure(
        data=traces,
        layout={
            "barmode": "stack",
            "bargap": 0.35,
            "xaxis": {
                "title": {"text": lbl("named_axis", lang)},
                "rangemode": "tozero",
                "tick0": 0,
                "dtick": max(1, -(-top // 10)),
            },
            "yaxis": {"autorange": "reversed"},
        },
    )
    fig = theme.base_layout(fig, height=160 + 62 * len(jurisdictions))
    fig.update_layout(
        margin={"t": 40},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
    )
    return fig


def timeline_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The adoptions and entries into force that go on the time axis (dated to a day or month)."""
    return frame.filter(pl.col("placed"))


def timeline_unplaced(frame: pl.DataFrame) -> pl.DataFrame:
    """Those left off the axis: no date, or a date known only to the year."""
    return frame.filter(~pl.col("placed"))


def _quarters(first: date, last: date) -> list[date]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        m += 3
        if m > 12:
            y, m = y + 1, m - 12
    return out


def timeline_bars(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Instruments adopted and entering into force per quarter. Only dates known to the day or
    month are placed (each falls in one quarter); entries into force still to come are hatched."""
    rows = timeline_rows(frame)
    if rows.is_empty():
        return empty_figure(lbl("no_dated", lang))
    quarters = _quarters(rows["quarter_start"].min(), rows["quarter_start"].max())
    cats = [quarter_label(q, lang) for q in quarters]
    series = (
        ("adopted", False, theme.STAGE_COLOURS["adopted"], ""),
        ("in_force", False, theme.STAGE_COLOURS["in_force"], ""),
        ("in_force", True, theme.STAGE_COLOURS["in_force"], "/"),
    )
    groups: dict[tuple[str, bool, date], list[dict]] = {}
    for r in rows.iter_rows(named=True):
        groups.setdefault((r["event"], r["scheduled"], r["quarter_start"]), []).append(r)
    present = {(e, sch) for e, sch, _ in groups}
    traces = []
    peak = 1
    for event, scheduled, colour, pattern in series:
        if (event, scheduled) not in present and (scheduled or event == "in_force"):
            continue
        name = lbl("event_scheduled" if scheduled else f"event_{event}", lang)
        ys, texts, hovers = [], [], []
        for q, cat in zip(quarters, cats, strict=True):
            sub = groups.get((event, scheduled, q))
            if not sub:
                ys.append(None)
                texts.append("")
                hovers.append("")
                continue
            n = len(sub)
            peak = max(peak, n)
            items = [
                f"{_short(r[f'title_{lang}'], 90)} — "
                + format_partial_date(r["date_text"], r["date_precision"], lang, r["date_inferred"])
                for r in sub[:TIMELINE_HOVER_ITEMS]
            ]
            ys.append(n)
            texts.append(str(n))
            unit = lbl("instrument" if n == 1 else "instruments", lang)
            hovers.append(
                f"<b>{cat.replace('<br>', ' ')} · {name}</b>: {n} {unit}<br>"
                f"{_bullets(items + [''] * (n - len(items)), lang, TIMELINE_HOVER_ITEMS)}<br>"
                f"{_sources_line(split_ids(*(r['source_ids'] for r in sub)), lang, 8)}"
            )
        traces.append(
            go.Bar(
                name=name,
                x=cats,
                y=ys,
                marker={
                    "color": colour if not pattern else "white",
                    "line": {"color": colour, "width": 1.5},
                    "pattern": {"shape": pattern, "fgcolor": colour, "solidity": 0.35}
                    if pattern
                    else None,
                },
                text=texts,
                textposition="outside",
                cliponaxis=False,
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig = go.Figure(
        data=traces,
        layout={
            "barmode": "group",
            "bargap": 0.25,
            "bargroupgap": 0.08,
            "xaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": cats,
                "tickangle": 0,
                # many quarters: label every k-th so the labels do not run into each other
                "tickvals": cats[:: -(-len(cats) // 16)],
            },
            "yaxis": {
                "title": {"text": lbl("count_axis", lang)},
                "range": [0, peak * 1.18],
                "tick0": 0,
                "dtick": max(1, -(-peak // 6)),
            },
        },
    )
    return theme.base_layout(fig, height=380)


def _date_or(text: str | None, precision: str | None, lang: str, inferred: bool = False) -> str:
    if not text or precision in (None, "unknown"):
        return lbl("not_stated", lang)
    return format_partial_date(text, precision, lang, inferred)


def vote_text(row: dict, lang: str) -> str:
    """'98,5 % (451/458)' — the share voting in favour with the vote itself."""
    pct = fmt_value(row["votes_for_pct"], "percent", 1, lang)
    return f"{pct} ({row['votes_for']}/{row['votes_present']})"


COLUMNS = {"title": 0.0, "adopted": 0.39, "in_force": 0.52, "stage": 0.635}
PLOT_DOMAIN = [0.79, 1.0]


def votes_dots(frame: pl.DataFrame, lang: str) -> go.Figure:
    """A table-like chart of the adopted laws: title, adoption date and date in force at their
    real precision (inferred dates marked), and a dot at the share of deputies voting in favour
    where the vote is known, coloured by the stage reached today."""
    if frame.is_empty():
        return empty_figure(lbl("no_adopted", lang))
    rows = list(frame.iter_rows(named=True))
    n = len(rows)
    hovers = []
    shapes: list[dict] = []
    annotations: list[dict] = []
    for i, r in enumerate(rows):
        adopted = _date_or(r["adopted_text"], r["adopted_precision"], lang, r["adopted_inferred"])
        effective = _date_or(r["effective_text"], r["effective_precision"], lang)
        title = r[f"title_{lang}"]
        lines = [
            f"<b>{wrap(title, 60)}</b>",
            f"{jurisdiction_label(r['jurisdiction'], lang)} · {kind_label(r['kind'], lang)}"
            + (f" {r['number']}" if r["number"] else ""),
            f"{lbl('adopted', lang)}: {adopted}",
        ]
        if r["adopted_inferred"] and r["adopted_note"]:
            lines.append(f"<i>{lbl('note_en', lang)}: {wrap(r['adopted_note'], 64)}</i>")
        if r["votes_for"] is not None and r["votes_present"]:
            lines.append(
                lbl(
                    "votes",
                    lang,
                    f=r["votes_for"],
                    p=r["votes_present"],
                    pct=fmt_value(r["votes_for_pct"], "percent", 1, lang),
                )
            )
        else:
            lines.append(lbl("no_votes", lang))
        lines += [
            f"{lbl('in_force_on', lang)}: {effective}",
            f"{lbl('stage_now', lang)}: {stage_label(r['stage'], lang)}",
            _sources_line(split_ids(r["source_ids"]), lang),
        ]
        hover = "<br>".join(lines)
        hovers.append(hover)
        if i % 2 == 0:
            shapes.append(
                {
                    "type": "rect", "xref": "paper", "yref": "y", "x0": -0.01, "x1": 1.0,
                    "y0": i - 0.5, "y1": i + 0.5, "fillcolor": "#f4f6f9", "line": {"width": 0},
                    "layer": "below",
                }
            )  # fmt: skip
        if r["jurisdiction"] != "VN":
            title = f"{title} ({jurisdiction_label(r['jurisdiction'], lang)})"
        label = wrap(title, 44)
        stage_cell = (
            f"<span style='color:{theme.STAGE_COLOURS[r['stage']]};font-size:17px'>■</span> "
            f"{stage_label(r['stage'], lang)}"
        )
        # the inferred mark goes on a second line so the column stays narrow
        adopted_cell = adopted.replace(" (", "<br>(") if r["adopted_inferred"] else adopted
        cells = (
            ("title", label, theme.INK),
            ("adopted", adopted_cell, theme.INK),
            ("in_force", effective, theme.INK if r["effective_text"] else theme.MUTED),
            ("stage", stage_cell, theme.INK),
        )
        for col, text, colour in cells:
            note = {
                "x": COLUMNS[col], "y": i, "xref": "paper", "yref": "y", "text": text,
                "showarrow": False, "xanchor": "left", "yanchor": "middle", "align": "left",
                "font": {"size": 12.5, "color": colour},
            }  # fmt: skip
            if col == "title":
                note["hovertext"] = hover
            annotations.append(note)
    headers = (
        (COLUMNS["title"], "left", lbl("col_law", lang)),
        (COLUMNS["adopted"], "left", lbl("adopted", lang)),
        (COLUMNS["in_force"], "left", lbl("in_force_on", lang)),
        (COLUMNS["stage"], "left", lbl("stage_now", lang)),
        (PLOT_DOMAIN[1], "right", lbl("votes_head", lang)),
    )
    for x, anchor, text in headers:
        annotations.append(
            {
                "x": x, "y": -0.85, "xref": "paper", "yref": "y", "text": f"<b>{text}</b>",
                "showarrow": False, "xanchor": anchor, "yanchor": "middle",
                "font": {"size": 12.5, "color": theme.MUTED},
            }
        )  # fmt: skip
    traces = []
    for stage in ("adopted", "in_force"):
        idx = [
            i for i, r in enumerate(rows) if r["stage"] == stage and r["votes_for_pct"] is not None
        ]
        if not idx:
            continue
        traces.append(
            go.Scatter(
                name=stage_label(stage, lang),
                x=[rows[i]["votes_for_pct"] for i in idx],
                y=idx,
                mode="markers+text",
                marker={
                    "size": 13,
                    "color": theme.STAGE_COLOURS[stage],
                    "line": {"color": theme.INK, "width": 1},
                },
                text=[vote_text(rows[i], lang) for i in idx],
                textposition="middle left",
                textfont={"size": 12.5, "color": theme.INK},
                hovertext=[hovers[i] for i in idx],
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=False,
            )
        )
    missing = [i for i, r in enumerate(rows) if r["votes_for_pct"] is None]
    if missing:
        traces.append(
            go.Scatter(
                name=lbl("no_votes", lang),
                x=[0] * len(missing),
                y=missing,
                mode="text",
                text=[lbl("no_votes", lang)] * len(missing),
                textposition="middle right",
                textfont={"size": 12.5, "color": theme.MUTED},
                hovertext=[hovers[i] for i in missing],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    fig = go.Figure(
        data=traces,
        layout={
            "shapes": shapes,
            "annotations": annotations,
            "xaxis": {
                "domain": PLOT_DOMAIN, "range": [0, 102], "tickvals": [0, 50, 100],
                "ticktext": ["0 %", "50 %", "100 %"], "showgrid": True,
            },
            "yaxis": {"range": [n - 0.5, -1.3], "visible": False},
        },
    )  # fmt: skip
    fig = theme.base_layout(fig, height=150 + 42 * n)
    fig.update_layout(
        margin={"l": 16, "r": 40, "t": 12, "b": 40},
        showlegend=False,
    )
    return fig

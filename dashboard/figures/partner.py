"""Figures of the partner profile: the partner's domains by status, and the timeline of its
events and agreements. Pure: Polars frames in, ``go.Figure`` out."""

from __future__ import annotations

import datetime as dt
import textwrap

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.figures.common import empty_figure, wrap
from dashboard.i18n import t
from etl.dates import format_partial_date

STATUS_ORDER = ("proposed", "agreed", "ongoing", "completed")
EVENT_TYPES = (
    "agreement", "mou", "committee_session", "meeting", "conference", "forum", "programme",
    "research_campaign", "launch", "milestone", "anniversary",
)  # fmt: skip
SYMBOLS = {
    "agreement": "diamond", "mou": "diamond-wide", "committee_session": "square",
    "meeting": "circle", "conference": "triangle-up", "forum": "hexagon", "programme": "star",
    "research_campaign": "triangle-down", "launch": "pentagon", "milestone": "star-diamond",
    "anniversary": "hourglass",
}  # fmt: skip
PLANNED = ("planned", "proposed")

TEXT = {
    "type_agreement": {"vi": "Hiệp định, thỏa thuận", "en": "Agreement"},
    "type_mou": {"vi": "Bản ghi nhớ", "en": "MoU"},
    "type_committee_session": {"vi": "Phiên họp ủy ban", "en": "Committee session"},
    "type_meeting": {"vi": "Cuộc họp, làm việc", "en": "Meeting"},
    "type_conference": {"vi": "Hội nghị, hội thảo", "en": "Conference"},
    "type_forum": {"vi": "Diễn đàn", "en": "Forum"},
    "type_programme": {"vi": "Chương trình, dự án", "en": "Programme"},
    "type_research_campaign": {"vi": "Khảo sát khoa học", "en": "Research campaign"},
    "type_launch": {"vi": "Ra mắt, thành lập", "en": "Launch"},
    "type_milestone": {"vi": "Mốc quan hệ", "en": "Milestone"},
    "type_anniversary": {"vi": "Lễ kỷ niệm", "en": "Anniversary"},
    "ev_held": {"vi": "Đã diễn ra", "en": "Held"},
    "ev_signed": {"vi": "Đã ký", "en": "Signed"},
    "ev_planned": {"vi": "Dự kiến", "en": "Planned"},
    "ev_proposed": {"vi": "Đề xuất", "en": "Proposed"},
    "ev_ongoing": {"vi": "Đang triển khai", "en": "Ongoing"},
    "ev_completed": {"vi": "Đã hoàn thành", "en": "Completed"},
    "done": {"vi": "Đã diễn ra, đã ký hoặc đang triển khai", "en": "Held, signed or under way"},
    "planned": {
        "vi": "Dự kiến hoặc đề xuất (ký hiệu rỗng, nét đứt)",
        "en": "Planned or proposed (hollow marker, dashed span)",
    },
    "today": {"vi": "Hôm nay", "en": "Today"},
    "no_domains": {
        "vi": "Chưa ghi nhận lĩnh vực hợp tác nào",
        "en": "No cooperation domain recorded",
    },
    "no_dated": {
        "vi": "Không có sự kiện nào có năm xác định để đặt lên trục thời gian",
        "en": "No event has a known year to place on the time axis",
    },
    "status_axis": {"vi": "Hợp tác đã tiến triển đến đâu", "en": "How far cooperation has come"},
    "vn_side": {"vi": "Chủ thể phía Việt Nam", "en": "Vietnamese actor"},
    "foreign_side": {"vi": "Đối tác nước ngoài", "en": "Foreign partners"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "status": {"vi": "Mức độ cao nhất", "en": "Most advanced status"},
    "records": {"vi": "Số bản ghi", "en": "Records"},
    "first_date": {"vi": "ghi nhận sớm nhất", "en": "first recorded"},
    "type": {"vi": "Loại", "en": "Type"},
    "ev_status": {"vi": "Tình trạng", "en": "Status"},
    "date": {"vi": "Thời gian", "en": "Date"},
    "until": {"vi": "đến", "en": "to"},
    "with": {"vi": "Cùng", "en": "With"},
    "place": {"vi": "Địa điểm", "en": "Place"},
    "domains": {"vi": "Lĩnh vực", "en": "Domains"},
}


def tx(key: str, lang: str, **fmt: object) -> str:
    text = TEXT[key].get(lang) or TEXT[key]["vi"]
    return text.format(**fmt) if fmt else text


def event_type_label(event_type: str, lang: str) -> str:
    return tx(f"type_{event_type}", lang) if f"type_{event_type}" in TEXT else event_type


def event_status_label(status: str, lang: str) -> str:
    return tx(f"ev_{status}", lang) if f"ev_{status}" in TEXT else status


def counterpart_text(counterparts: list[dict] | None, lang: str) -> str:
    """'Ministry of Science and Technology (MOST): Ongoing; Ho Chi Minh City: Proposed'."""
    return "; ".join(
        f"{c[f'name_{lang}']}: {t('coop_' + c['status'], lang)}" for c in counterparts or []
    )


def _lines(text: str | None, width: int = 60, limit: int = 5) -> str:
    lines = textwrap.wrap(text or "", width)
    if len(lines) > limit:
        lines = [*lines[:limit], "…"]
    return "<br>".join(lines)


def domain_status_figure(domains: pl.DataFrame, lang: str, foreign: bool = True) -> go.Figure:
    """One bar per domain, grouped by domain group: its length and colour show the most advanced
    status reached (1 proposed … 4 completed); the right column names who is on the other side
    (the Vietnamese actors for a foreign partner, the foreign partners for a Vietnamese city)."""
    if domains.is_empty():
        return empty_figure(tx("no_domains", lang))
    ys, ticks, bars, headers = [], [], [], []
    pos = 0
    for (_, group), part in domains.group_by(
        ["group_rank", f"group_label_{lang}"], maintain_order=True
    ):
        headers.append(pos)
        ticks.append(f"<b>{group}</b>")
        pos += 1
        for r in part.iter_rows(named=True):
            ticks.append(wrap(r[f"domain_label_{lang}"], 40))
            bars.append((pos, r))
            pos += 1
    side = tx("vn_side" if foreign else "foreign_side", lang)
    xs, colours, texts, hovers, names, text_colours = [], [], [], [], [], []
    for y, r in bars:
        ys.append(y)
        xs.append(r["status_rank"])
        colours.append(theme.COOP_COLOURS[r["status"]])
        text_colours.append(theme.INK if r["status_rank"] <= 2 else "white")
        texts.append(t("coop_" + r["status"], lang))
        names.append(r[f"counterparts_{lang}"] or "")
        first = ""
        if r["first_date_text"]:
            when = format_partial_date(
                r["first_date_text"], r["first_date_precision"], lang, r["first_date_inferred"]
            )
            first = f" · {tx('first_date', lang)}: {when}"
        hovers.append(
            f"<b>{r[f'domain_label_{lang}']}</b><br>"
            f"{tx('group', lang)}: {r[f'group_label_{lang}']}<br>"
            f"{tx('status', lang)}: <b>{t('coop_' + r['status'], lang)}</b> ({r['status_rank']}/4)<br>"
            f"{side}: {_lines(counterpart_text(r['counterparts'], lang))}<br>"
            f"{tx('records', lang)}: {r['n_records']}{first}<br>"
            f"{t('sources', lang)}: {_lines(r['source_ids'])}"
        )
    bars = go.Bar(
        x=xs, y=ys, orientation="h", marker={"color": colours, "line": {"width": 0}},
        text=texts, textposition="inside", insidetextanchor="end",
        insidetextfont={"color": text_colours, "size": 12}, customdata=hovers,
        hovertemplate="%{customdata}<extra></extra>", width=0.78, xaxis="x", yaxis="y",
    )  # fmt: skip
    sides = go.Scatter(
        x=[0] * len(ys), y=ys, mode="text", text=[wrap(n, 80) for n in names],
        textposition="middle right", textfont={"size": 12, "color": theme.INK},
        customdata=hovers, hovertemplate="%{customdata}<extra></extra>", xaxis="x2", yaxis="y2",
    )  # fmt: skip
    shapes = [
        {
            "type": "rect", "x0": 0, "x1": 1, "xref": "paper", "y0": y - 0.5, "y1": y + 0.5,
            "yref": "y", "fillcolor": "#EEF2F6", "line": {"width": 0}, "layer": "below",
        }
        for y in headers
    ] + [
        {  # a rule at the end of each status step
            "type": "line", "x0": step, "x1": step, "y0": 0, "y1": 1, "xref": "x",
            "yref": "paper", "line": {"color": theme.GRID, "width": 1}, "layer": "below",
        }
        for step in (1, 2, 3, 4)
    ]  # fmt: skip
    y_axis = {
        "tickvals": list(range(pos)), "ticktext": ticks, "autorange": "reversed",
        "showgrid": False, "range": [pos - 0.5, -0.5], "tickfont": {"size": 12},
        "automargin": True,
    }  # fmt: skip
    layout = {
        "height": 80 + 29 * pos,
        "showlegend": False,
        "margin": {"l": 8, "r": 8, "t": 48, "b": 8},
        "bargap": 0.3,
        "uniformtext": {"minsize": 11, "mode": "show"},
        "shapes": shapes,
        "annotations": [
            {
                "x": 0, "xref": "x2 domain", "y": 1, "yref": "paper", "yanchor": "bottom",
                "xanchor": "left", "text": f"<b>{side}</b>", "showarrow": False, "yshift": 8,
                "font": {"color": theme.MUTED},
            }
        ],
        "xaxis": {
            "anchor": "y", "domain": [0.0, 0.5432], "range": [0, 4.02],
            "tickvals": [0.5, 1.5, 2.5, 3.5],
            "ticktext": [f"{i} · {t('coop_' + s, lang)}" for i, s in enumerate(STATUS_ORDER, 1)],
            "side": "top", "showgrid": False, "tickfont": {"size": 12},
        },
        "xaxis2": {"anchor": "y2", "domain": [0.5732, 1.0], "visible": False, "range": [0, 1]},
        "yaxis": {**y_axis, "anchor": "x", "domain": [0.0, 1.0]},
        "yaxis2": {
            **y_axis, "anchor": "x2", "domain": [0.0, 1.0], "matches": "y",
            "showticklabels": False,
        },
    }  # fmt: skip
    return go.Figure(data=[bars, sides], layout=layout)


def _mid(start: dt.date, end: dt.date) -> dt.date:
    return start + (end - start) / 2


def timeline_figure(events: pl.DataFrame, lang: str, today: dt.date | None = None) -> go.Figure:
    """Events with a known year on a date axis, one lane per event type (marker symbol by type).
    A date known to the month or year is drawn as a span over that month or year, with the
    marker in its middle and the date label as text; planned or proposed events are hollow and
    dashed. Events without a known year are left out (the page lists them under the chart)."""
    placed = events.filter(pl.col("on_axis")) if not events.is_empty() else events
    if placed.is_empty():
        return empty_figure(tx("no_dated", lang), height=200)
    today = today or dt.date.today()
    types = [e for e in EVENT_TYPES if e in set(placed["event_type"])]
    types += sorted(set(placed["event_type"]) - set(types))
    lane = {e: wrap(event_type_label(e, lang), 20) for e in types}
    series = {False: [], True: []}
    last_x: dict[str, tuple[dt.date, str]] = {}
    x_min, x_max = placed["span_start"].min(), placed["span_end"].max()
    close = max((x_max - x_min).days / 14, 60)
    for r in placed.sort("span_start").iter_rows(named=True):
        start, end = r["span_start"], r["span_end"]
        x = start if r["date_precision"] == "day" and start == end else _mid(start, end)
        label = format_partial_date(r["date_text"], r["date_precision"], lang, r["date_inferred"])
        if r["end_date_text"]:
            label += f" – {format_partial_date(r['end_date_text'], r['end_date_precision'], lang)}"
        prev = last_x.get(r["event_type"])
        position = "top center"
        if prev and (x - prev[0]).days < close and prev[1] == "top center":
            position = "bottom center"
        last_x[r["event_type"]] = (x, position)
        hover = (
            f"<b>{_lines(r[f'title_{lang}'])}</b><br>"
            f"{tx('type', lang)}: {event_type_label(r['event_type'], lang)} · "
            f"{tx('ev_status', lang)}: {event_status_label(r['status'], lang)}<br>"
            f"{tx('date', lang)}: {label}"
            + (f" ({r['date_note']})" if r["date_note"] else "")
            + "<br>"
            + (f"{tx('place', lang)}: {r[f'location_{lang}']}<br>" if r[f"location_{lang}"] else "")
            + (f"{tx('with', lang)}: {_lines(r[f'participants_{lang}'])}<br>" if r[f"participants_{lang}"] else "")
            + (f"{tx('domains', lang)}: {_lines(r[f'domains_{lang}'])}<br>" if r[f"domains_{lang}"] else "")
            + f"{t('sources', lang)}: {r['source_ids'] or '—'}"
        )  # fmt: skip
        series[bool(r["planned"])].append(
            {
                "x": x, "y": lane[r["event_type"]], "start": start, "end": end,
                "span": r["date_precision"] != "day" or start != end,
                "symbol": SYMBOLS.get(r["event_type"], "circle"), "text": label,
                "position": position, "hover": hover,
            }
        )  # fmt: skip
    style = {
        False: {"colour": theme.OKABE_ITO["blue"], "dash": "solid", "suffix": ""},
        True: {"colour": theme.OKABE_ITO["vermillion"], "dash": "dot", "suffix": "-open"},
    }
    traces: list[go.Scatter] = []
    for planned, points in series.items():
        if not points:
            continue
        s = style[planned]
        span_x, span_y = [], []
        for p in points:
            if p["span"]:
                span_x += [p["start"], p["end"] + dt.timedelta(days=1), None]
                span_y += [p["y"], p["y"], None]
        if span_x:
            traces.append(
                go.Scatter(
                    x=span_x, y=span_y, mode="lines", hoverinfo="skip", showlegend=False,
                    line={"color": s["colour"], "width": 6, "dash": s["dash"]}, opacity=0.45,
                )
            )  # fmt: skip
        traces.append(
            go.Scatter(
                x=[p["x"] for p in points], y=[p["y"] for p in points], mode="markers+text",
                name=tx("planned" if planned else "done", lang),
                text=[p["text"] for p in points], textposition=[p["position"] for p in points],
                textfont={"size": 11, "color": theme.INK}, cliponaxis=False,
                marker={
                    "symbol": [p["symbol"] + s["suffix"] for p in points], "size": 14,
                    "color": s["colour"], "line": {"color": s["colour"], "width": 2},
                },
                customdata=[p["hover"] for p in points],
                hovertemplate="%{customdata}<extra></extra>", showlegend=False,
            )
        )  # fmt: skip
        traces.append(
            go.Scatter(  # legend entry: a plain filled or hollow circle
                x=[None], y=[None], mode="markers", name=tx("planned" if planned else "done", lang),
                marker={
                    "symbol": "circle" + s["suffix"], "size": 12, "color": s["colour"],
                    "line": {"color": s["colour"], "width": 2},
                },
            )
        )  # fmt: skip
    span_days = max((x_max - x_min).days, 365)
    pad = dt.timedelta(days=span_days * 0.06 + 30)
    lo, hi = min(x_min, today) - pad, max(x_max, today) + pad
    layout = {
        "height": 150 + 64 * len(types),
        "showlegend": True,
        "margin": {"l": 8, "r": 24, "t": 28, "b": 40},
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        "shapes": [
            {
                "type": "line", "x0": today, "x1": today, "xref": "x", "y0": 0, "y1": 1,
                "yref": "y domain", "line": {"color": theme.MUTED, "dash": "dot", "width": 1},
            }
        ],
        "annotations": [
            {
                "x": today, "y": 1, "yref": "paper", "yanchor": "bottom",
                "text": tx("today", lang), "showarrow": False,
                "font": {"size": 11, "color": theme.MUTED},
            }
        ],
        "xaxis": {"range": [lo, hi], "type": "date", "showgrid": True},
        "yaxis": {
            "categoryorder": "array", "categoryarray": [lane[e] for e in types],
            "autorange": "reversed", "showgrid": True, "range": [len(types) - 0.4, -0.6],
            "automargin": True,
        },
    }  # fmt: skip
    return go.Figure(data=traces, layout=layout)

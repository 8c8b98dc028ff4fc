"""Figures of the sources and method page (pure: Polars frames in, ``go.Figure`` out, no Dash)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.figures.common import empty_figure, split_ids, wrap
from dashboard.i18n import t, tr
from etl.dates import format_partial_date

FACT_TYPES = (
    "link",
    "event",
    "legal_instrument",
    "legal_stage",
    "legal_count",
    "target",
    "observation",
)
# columns of v_source_coverage counting facts of each kind, in the order of the stacked bars
COVERAGE_KINDS = ("n_links", "n_events", "n_legal", "n_targets", "n_observations")
COVERAGE_COLOURS = dict(zip(COVERAGE_KINDS, theme.SERIES, strict=False))
# facts backed by one, two, three or more sources: grey for a single source, blues for more
CORROBORATION_BUCKETS = ("1", "2", "3+")
CORROBORATION_COLOURS = {"1": "#D9DEE4", "2": theme.OKABE_ITO["sky"], "3+": theme.OKABE_ITO["blue"]}
CORROBORATION_TEXT = {"1": theme.INK, "2": theme.INK, "3+": "white"}
# domains named on a taxonomy bar's hover (the table and the CSV list every one)
HOVER_DOMAINS = 8

LABELS: dict[str, dict[str, str]] = {
    "fact_link": {"vi": "Liên kết hợp tác", "en": "Cooperation link"},
    "fact_event": {"vi": "Sự kiện", "en": "Event"},
    "fact_legal_instrument": {"vi": "Văn bản pháp lý", "en": "Legal instrument"},
    "fact_legal_stage": {"vi": "Bước của văn bản", "en": "Legal stage"},
    "fact_legal_count": {"vi": "Số liệu văn bản tổng hợp", "en": "Reported count"},
    "fact_target": {"vi": "Mục tiêu", "en": "Target"},
    "fact_observation": {"vi": "Số đo", "en": "Observation"},
    "n_links": {"vi": "Liên kết hợp tác", "en": "Cooperation links"},
    "n_events": {"vi": "Sự kiện", "en": "Events"},
    "n_legal": {"vi": "Pháp lý", "en": "Legal"},
    "n_targets": {"vi": "Mục tiêu", "en": "Targets"},
    "n_observations": {"vi": "Số đo", "en": "Observations"},
    "bucket_1": {"vi": "1 nguồn", "en": "1 source"},
    "bucket_2": {"vi": "2 nguồn", "en": "2 sources"},
    "bucket_3+": {"vi": "3 nguồn trở lên", "en": "3 or more sources"},
    "lang_vi": {"vi": "tiếng Việt", "en": "Vietnamese"},
    "lang_en": {"vi": "tiếng Anh", "en": "English"},
    "lang_fr": {"vi": "tiếng Pháp", "en": "French"},
    "lang_no": {"vi": "tiếng Na Uy", "en": "Norwegian"},
    "kind_news": {"vi": "Tin báo chí", "en": "News"},
    "kind_official": {"vi": "Nguồn chính thức", "en": "Official"},
    "kind_related_item": {"vi": "Mục liên quan", "en": "Related item"},
    "kind_report": {"vi": "Báo cáo", "en": "Report"},
    "facts": {"vi": "dữ kiện", "en": "facts"},
    "fact": {"vi": "dữ kiện", "en": "fact"},
    "facts_axis": {"vi": "Số dữ kiện nguồn này hỗ trợ", "en": "Facts this source supports"},
    "only_source": {
        "vi": "{n} dữ kiện chỉ dựa trên nguồn này",
        "en": "{n} resting on this source alone",
    },
    "related_in": {"vi": "mục liên quan trong {p}", "en": "related item in {p}"},
    "no_sources": {"vi": "Chưa có nguồn nào", "en": "No source yet"},
    "no_facts": {
        "vi": "Không có dữ kiện nào khớp với bộ lọc",
        "en": "No fact matches the filters",
    },
    "facts_count_axis": {"vi": "Số dữ kiện", "en": "Facts"},
    "more": {"vi": "… và {n} dữ kiện khác", "en": "… and {n} more"},
    "more_sources": {"vi": "… và {n} nguồn khác", "en": "… and {n} more"},
    "domains": {"vi": "lĩnh vực", "en": "domains"},
    "more_domains": {"vi": "… và {n} lĩnh vực khác", "en": "… and {n} more"},
    "domains_axis": {"vi": "Số lĩnh vực", "en": "Domains"},
    "terms": {"vi": "{n} từ đồng nghĩa (vi, en, fr, no)", "en": "{n} synonyms (vi, en, fr, no)"},
    "no_domains": {"vi": "Chưa có lĩnh vực nào", "en": "No domain yet"},
}


def lbl(key: str, lang: str, **fmt: object) -> str:
    return tr(LABELS, key, lang, **fmt)


def fact_type_label(fact_type: str, lang: str) -> str:
    key = f"fact_{fact_type}"
    return lbl(key, lang) if key in LABELS else fact_type


def language_label(code: str | None, lang: str) -> str:
    if not code:
        return "—"
    key = f"lang_{code}"
    return lbl(key, lang) if key in LABELS else code


def kind_label(kind: str, lang: str) -> str:
    key = f"kind_{kind}"
    return lbl(key, lang) if key in LABELS else kind


def fact_label(row: dict, lang: str) -> str:
    """The fact's label in ``lang``; a legal stage gets its stage word in that language (the view
    writes the stage code, e.g. 'Law on Data (adopted)')."""
    label = row[f"label_{lang}"] or row["fact_id"]
    if row["fact_type"] == "legal_stage" and ":" in row["fact_id"]:
        stage = row["fact_id"].rsplit(":", 1)[1]
        suffix = f" ({stage})"
        if label.endswith(suffix):
            label = f"{label[: -len(suffix)]} ({t('stage_' + stage, lang).lower()})"
    return label


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;(") + "…"


def source_label(row: dict, lang: str) -> str:
    """Publisher and what the source is about, shortened, for an axis label (several sources
    share a publisher, and many have no date)."""
    return f"{_short(row['publisher'], 26)} — {_short(row[f'description_{lang}'], 38)}"


def coverage_bars(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Facts per source, stacked by the kind of fact, one bar per source (most facts first); the
    total is written at the end of each bar, the source's description and date on hover."""
    if frame.is_empty():
        return empty_figure(lbl("no_sources", lang))
    rows = list(frame.iter_rows(named=True))
    ids = [r["source_id"] for r in rows]
    ticks = [source_label(r, lang) for r in rows]
    hovers = []
    for r in rows:
        when = format_partial_date(
            r["published_text"], r["published_precision"], lang, r["published_inferred"]
        )
        parts = [f"{lbl(k, lang)}: {r[k]}" for k in COVERAGE_KINDS if r[k]]
        kind = kind_label(r["kind"], lang)
        if r["parent_source_id"]:
            kind = lbl("related_in", lang, p=r["parent_source_id"])
        hovers.append(
            f"<b>{wrap(r['publisher'], 60)}</b> · {when}<br>"
            f"{wrap(r[f'description_{lang}'], 64)}<br>"
            f"{kind} · {language_label(r['language'], lang)} · {r['source_id']}<br>"
            f"<b>{r['n_facts']} {lbl('facts', lang)}</b>"
            + (f": {', '.join(parts)}" if parts else "")
            + f"<br>{lbl('only_source', lang, n=r['n_facts_only_source'])}"
        )
    traces: list[go.Bar | go.Scatter] = []
    for kind in COVERAGE_KINDS:
        values = [r[kind] or None for r in rows]
        traces.append(
            go.Bar(
                name=lbl(kind, lang),
                x=values,
                y=ids,
                orientation="h",
                marker={"color": COVERAGE_COLOURS[kind], "line": {"color": "white", "width": 0.5}},
                text=[str(v) if v and v >= 3 else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"size": 11, "color": "white" if kind == "n_links" else theme.INK},
                constraintext="none",
                # the source's description is on the total's hover, once per bar (unified hover)
                hovertemplate=f"{lbl(kind, lang)}: %{{x}}<extra></extra>",
            )
        )
    top = max(r["n_facts"] for r in rows) or 1
    traces.append(
        go.Scatter(
            x=[r["n_facts"] for r in rows],
            y=ids,
            mode="text",
            text=[f"  {r['n_facts']}" for r in rows],
            textposition="middle right",
            textfont={"size": 12, "color": theme.INK},
            hovertext=hovers,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
            cliponaxis=False,
        )
    )
    fig = go.Figure(
        data=traces,
        layout={
            "barmode": "stack",
            "bargap": 0.22,
            "hovermode": "y unified",
            "xaxis": {
                "title": {"text": lbl("facts_axis", lang)},
                "range": [0, top * 1.08],
                "rangemode": "tozero",
            },
            "yaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": ids,
                "tickvals": ids,
                "ticktext": ticks,
                "autorange": "reversed",
                "automargin": True,
                "tickfont": {"size": 12},
            },
        },
    )
    fig = theme.base_layout(fig, height=110 + 25 * len(rows))
    fig.update_layout(
        margin={"t": 40, "b": 50},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
    )
    return fig


def bucket(n_sources: int) -> str:
    return "1" if n_sources <= 1 else "2" if n_sources == 2 else "3+"


def _ids_line(ids: str | None, n_ids: int, lang: str) -> str:
    """'Sources: a, b, c' with '… and n more' when the list was cut."""
    listed = split_ids(ids or "")
    more = n_ids - len(listed)
    text = wrap(", ".join(listed), 70) if listed else "—"
    if more > 0:
        text += " " + lbl("more_sources", lang, n=more)
    return f"{t('sources', lang)}: {text}"


def corroboration_bars(summary: pl.DataFrame, lang: str) -> go.Figure:
    """Facts of each type by how many sources back them (one, two, three or more), so the
    corroborated ones stand out; the first facts and the sources on hover. ``summary`` is the
    sources_facts_summary frame: one row per fact type and bucket, counted in SQL."""
    rows = [r for r in summary.iter_rows(named=True) if r["n_facts"]]
    if not rows:
        return empty_figure(lbl("no_facts", lang))
    present = {r["fact_type"] for r in rows}
    types = [ft for ft in FACT_TYPES if ft in present] + sorted(present - set(FACT_TYPES))
    names = [fact_type_label(ft, lang) for ft in types]
    cells = {(r["fact_type"], r["bucket"]): r for r in rows}
    traces = []
    for b in CORROBORATION_BUCKETS:
        xs, texts, hovers = [], [], []
        for ft, name in zip(types, names, strict=True):
            r = cells.get((ft, b))
            if r is None:
                xs.append(None)
                texts.append("")
                hovers.append("")
                continue
            n = r["n_facts"]
            xs.append(n)
            texts.append(str(n))
            sample = [
                {"fact_type": ft, "fact_id": i, "label_en": en, "label_vi": vi}
                for i, en, vi in zip(
                    r["sample_ids"], r["sample_labels_en"], r["sample_labels_vi"], strict=True
                )
            ]
            items = [f"• {wrap(fact_label(x, lang), 64)}" for x in sample]
            if n > len(sample):
                items.append(lbl("more", lang, n=n - len(sample)))
            unit = lbl("fact" if n == 1 else "facts", lang)
            hovers.append(
                f"<b>{name} · {lbl('bucket_' + b, lang)}</b>: {n} {unit}<br>"
                + "<br>".join(items)
                + "<br>"
                + _ids_line(r["source_ids"], r["n_source_ids"], lang)
            )
        traces.append(
            go.Bar(
                name=lbl(f"bucket_{b}", lang),
                x=xs,
                y=names,
                orientation="h",
                marker={"color": CORROBORATION_COLOURS[b], "line": {"color": "white", "width": 1}},
                text=texts,
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": CORROBORATION_TEXT[b], "size": 12},
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig = go.Figure(
        data=traces,
        layout={
            "barmode": "stack",
            "bargap": 0.35,
            "xaxis": {"title": {"text": lbl("facts_count_axis", lang)}, "rangemode": "tozero"},
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    )
    fig = theme.base_layout(fig, height=150 + 40 * len(types))
    fig.update_layout(
        margin={"t": 40},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
    )
    return fig


def taxonomy_bars(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Domains per group of the taxonomy (largest first), the domain names on hover."""
    if frame.is_empty():
        return empty_figure(lbl("no_domains", lang))
    groups = list(dict.fromkeys(frame["group_id"].to_list()))
    names, counts, hovers = [], [], []
    for g in groups:
        part = frame.filter(pl.col("group_id") == g)
        name = part[f"group_label_{lang}"][0]
        names.append(name)
        counts.append(part.height)
        listed = part[f"label_{lang}"].to_list()
        domains = "<br>".join(f"• {d}" for d in listed[:HOVER_DOMAINS])
        if len(listed) > HOVER_DOMAINS:
            domains += "<br>" + lbl("more_domains", lang, n=len(listed) - HOVER_DOMAINS)
        hovers.append(
            f"<b>{name}</b>: {part.height} {lbl('domains', lang)}<br>{domains}<br>"
            + lbl("terms", lang, n=int(part["n_terms"].sum()))
        )
    fig = go.Figure(
        go.Bar(
            x=counts,
            y=names,
            orientation="h",
            marker={"color": theme.OKABE_ITO["blue"]},
            text=[str(c) for c in counts],
            textposition="outside",
            cliponaxis=False,
            hovertext=hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title=lbl("domains_axis", lang), range=[0, max(counts) * 1.15], dtick=2, rangemode="tozero"
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    return theme.base_layout(fig, height=90 + 34 * len(groups), legend=False)

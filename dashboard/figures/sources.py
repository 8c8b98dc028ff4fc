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
    "domains": {"vi": "lĩnh vực", "en": "domains"},
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
    fig = go.Figure()
    for kind in COVERAGE_KINDS:
        values = [r[kind] or None for r in rows]
        fig.add_bar(
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
            hovertext=hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    top = max(r["n_facts"] for r in rows) or 1
    fig.add_scatter(
        x=[r["n_facts"] for r in rows],
        y=ids,
        mode="text",
        text=[f"  {r['n_facts']}" for r in rows],
        textposition="middle right",
        textfont={"size": 12, "color": theme.INK},
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )
    fig.update_layout(barmode="stack", bargap=0.22)
    fig.update_xaxes(title=lbl("facts_axis", lang), range=[0, top * 1.08], rangemode="tozero")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=ids,
        tickvals=ids,
        ticktext=ticks,
        autorange="reversed",
        tickfont={"size": 12},
    )
    fig = theme.base_layout(fig, height=110 + 25 * len(rows))
    fig.update_layout(
        margin={"t": 40, "b": 50},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
    )
    return fig


def bucket(n_sources: int) -> str:
    return "1" if n_sources <= 1 else "2" if n_sources == 2 else "3+"


def corroboration_bars(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Facts of each type by how many sources back them (one, two, three or more), so the
    corroborated ones stand out; a few labels and the sources on hover."""
    if frame.is_empty():
        return empty_figure(lbl("no_facts", lang))
    types = [ft for ft in FACT_TYPES if ft in set(frame["fact_type"].to_list())]
    types += sorted(set(frame["fact_type"].to_list()) - set(types))
    names = [fact_type_label(ft, lang) for ft in types]
    rows = list(frame.iter_rows(named=True))
    fig = go.Figure()
    for b in CORROBORATION_BUCKETS:
        xs, texts, hovers = [], [], []
        for ft, name in zip(types, names, strict=True):
            sel = [r for r in rows if r["fact_type"] == ft and bucket(r["n_sources"]) == b]
            if not sel:
                xs.append(None)
                texts.append("")
                hovers.append("")
                continue
            xs.append(len(sel))
            texts.append(str(len(sel)))
            items = [f"• {wrap(fact_label(r, lang), 64)}" for r in sel[:8]]
            if len(sel) > 8:
                items.append(lbl("more", lang, n=len(sel) - 8))
            ids = split_ids(*(r["source_ids"] for r in sel))
            unit = lbl("fact" if len(sel) == 1 else "facts", lang)
            hovers.append(
                f"<b>{name} · {lbl('bucket_' + b, lang)}</b>: {len(sel)} {unit}<br>"
                + "<br>".join(items)
                + f"<br>{t('sources', lang)}: {wrap(', '.join(ids), 70)}"
            )
        fig.add_bar(
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
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_xaxes(title=lbl("facts_count_axis", lang), rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
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
        domains = "<br>".join(f"• {d}" for d in part[f"label_{lang}"].to_list())
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
    fig.update_yaxes(autorange="reversed")
    return theme.base_layout(fig, height=90 + 34 * len(groups), legend=False)

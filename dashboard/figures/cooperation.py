"""Figures of the cooperation page: the partner × domain matrix, the partner × partner overlap
and the UpSet chart of exact partner combinations. Pure: Polars frames in, ``go.Figure`` out."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.figures.common import empty_figure, fmt_value, wrap
from dashboard.i18n import t
from etl.dates import format_partial_date

STATUS_ORDER = ("proposed", "agreed", "ongoing", "completed")

TEXT = {
    "no_match": {
        "vi": "Không có liên kết hợp tác nào khớp với bộ lọc",
        "en": "No cooperation link matches the filters",
    },
    "too_few": {
        "vi": "Cần ít nhất hai đối tác để so sánh",
        "en": "At least two partners are needed to compare",
    },
    "vn_side": {"vi": "phía Việt Nam", "en": "Vietnamese side"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "status": {"vi": "Mức độ cao nhất", "en": "Most advanced status"},
    "vn_actor": {"vi": "Phía Việt Nam", "en": "Vietnamese side"},
    "counterparts": {"vi": "Đối tác nước ngoài", "en": "Foreign partners"},
    "records": {"vi": "Số bản ghi", "en": "Records"},
    "first_date": {"vi": "ghi nhận sớm nhất", "en": "first recorded"},
    "legend": {"vi": "Mức độ hợp tác", "en": "Cooperation status"},
    "shared": {"vi": "Lĩnh vực chung", "en": "Shared domains"},
    "domains_of": {"vi": "{name}: {n} lĩnh vực", "en": "{name}: {n} domains"},
    "jaccard": {"vi": "Chỉ số Jaccard", "en": "Jaccard index"},
    "jaccard_detail": {
        "vi": "{j} ({s} chung / {u} lĩnh vực của cả hai)",
        "en": "{j} ({s} shared / {u} domains of either)",
    },
    "none_shared": {"vi": "không có", "en": "none"},
    "own": {"vi": "{n} lĩnh vực (của riêng đối tác)", "en": "{n} domains (the partner's own)"},
    "n_domains": {"vi": "Số lĩnh vực", "en": "Domains"},
    "combination": {"vi": "Tổ hợp", "en": "Combination"},
    "only": {"vi": "chỉ {names}", "en": "{names} only"},
    "exactly": {
        "vi": "{n} lĩnh vực có đúng tổ hợp đối tác này",
        "en": "{n} domains with exactly these partners",
    },
    "set_size": {"vi": "{name} ({n})", "en": "{name} ({n})"},
    "member": {"vi": "Thuộc tổ hợp", "en": "In the combination"},
    "not_member": {"vi": "Không thuộc tổ hợp", "en": "Not in the combination"},
}


def tx(key: str, lang: str, **fmt: object) -> str:
    text = TEXT[key].get(lang) or TEXT[key]["vi"]
    return text.format(**fmt) if fmt else text


def short_name(name: str) -> str:
    """'Association of Southeast Asian Nations (ASEAN)' -> 'ASEAN'; other names unchanged."""
    if name.endswith(")") and "(" in name:
        inner = name[name.rindex("(") + 1 : -1]
        if inner.isupper() and len(inner) <= 8:
            return inner
    return name


def row_label(name: str, role: str, lang: str, width: int = 22) -> str:
    """A partner's label on an axis; a Vietnamese city acting for Vietnam is marked as such."""
    label = short_name(name)
    if role == "vn_actor":
        label = f"{label} ({tx('vn_side', lang)})"
    return wrap(label, width)


def _hover_list(text: str | None, width: int = 60, limit: int = 6) -> str:
    text = text or ""
    if len(text) > width * (limit + 1):  # a long list: wrap only what can be shown
        text = text[: width * (limit + 1)]
    lines = textwrap.wrap(text, width)
    if len(lines) > limit:
        lines = [*lines[:limit], "…"]
    return "<br>".join(lines)


def _first_items(text: str | None, sep: str, limit: int = 8) -> str | None:
    """The first ``limit`` items of a ``sep``-joined list, and how many more."""
    if not text:
        return text
    items = text.split(sep)
    if len(items) <= limit:
        return text
    return f"{sep.join(items[:limit])}{sep}… (+{len(items) - limit})"


def partner_order(cells: pl.DataFrame) -> pl.DataFrame:
    """Partners of the matrix, most domains first; Vietnamese actors last. With the query's
    partner_rank the order is that rank (taken over the whole filtered matrix), whatever subset
    of the partner's cells the frame holds."""
    order = (
        [pl.col("partner_rank")]
        if "partner_rank" in cells.columns
        else [pl.col("role") == "vn_actor", "n_domains", "top", "partner_id"]
    )
    descending = [False] if "partner_rank" in cells.columns else [False, True, True, False]
    keys = ["partner_id", "role", "partner_name_vi", "partner_name_en"]
    aggs = [pl.len().alias("n_domains"), pl.col("status_rank").max().alias("top")]
    if "partner_rank" in cells.columns:
        aggs.append(pl.col("partner_rank").first())
    return cells.group_by(keys).agg(aggs).sort(order, descending=descending)


def status_colourscale() -> list[list[float | str]]:
    """A stepped colour scale: z = 1..4 (status rank) each gets one flat COOP colour."""
    scale: list[list[float | str]] = []
    for i, status in enumerate(STATUS_ORDER):
        colour = theme.COOP_COLOURS[status]
        scale.append([i / 4, colour])
        scale.append([(i + 1) / 4, colour])
    return scale


def matrix_figure(cells: pl.DataFrame, lang: str) -> go.Figure:
    """Partner × domain heatmap: colour and number = the most advanced status (1 proposed …
    4 completed), columns grouped by domain group, empty cells blank."""
    if cells.is_empty():
        return empty_figure(tx("no_match", lang))
    partners = partner_order(cells)
    domains = (
        cells.select(
            "domain_id", f"domain_label_{lang}", "group_id", f"group_label_{lang}",
            "group_rank", "domain_rank",
        )
        .unique("domain_id")
        .sort("group_rank", "domain_rank")
    )  # fmt: skip
    col_of = {d: i for i, d in enumerate(domains["domain_id"])}
    row_of = {
        (p, r): i
        for i, (p, r) in enumerate(zip(partners["partner_id"], partners["role"], strict=True))
    }
    n_rows, n_cols = len(row_of), len(col_of)
    z: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    text = [[""] * n_cols for _ in range(n_rows)]
    hover = [[""] * n_cols for _ in range(n_rows)]
    for r in cells.iter_rows(named=True):
        i, j = row_of[(r["partner_id"], r["role"])], col_of[r["domain_id"]]
        z[i][j] = r["status_rank"]
        text[i][j] = str(r["status_rank"])
        side = tx("counterparts" if r["role"] == "vn_actor" else "vn_actor", lang)
        first = ""
        if r["first_date_text"]:
            when = format_partial_date(
                r["first_date_text"], r["first_date_precision"], lang, r["first_date_inferred"]
            )
            first = f" · {tx('first_date', lang)}: {when}"
        hover[i][j] = (
            f"<b>{r[f'partner_name_{lang}']} · {r[f'domain_label_{lang}']}</b><br>"
            f"{tx('group', lang)}: {r[f'group_label_{lang}']}<br>"
            f"{tx('status', lang)}: <b>{t('coop_' + r['status'], lang)}</b> ({r['status_rank']}/4)<br>"
            f"{side}: {_hover_list(r[f'counterparts_{lang}'])}<br>"
            f"{tx('records', lang)}: {r['n_records']}{first}<br>"
            f"{t('sources', lang)}: {_hover_list(_first_items(r['source_ids'], ', ', 8))}"
        )
    y_labels = [
        row_label(n, role, lang)
        for n, role in zip(partners[f"partner_name_{lang}"], partners["role"], strict=True)
    ]
    x_labels = list(domains[f"domain_label_{lang}"])
    heatmap = go.Heatmap(
        z=z,
        x=list(range(n_cols)),
        y=list(range(n_rows)),
        text=text,
        texttemplate="%{text}",
        textfont={"size": 12},
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        hoverongaps=False,
        zmin=0.5,
        zmax=4.5,
        colorscale=status_colourscale(),
        xgap=2,
        ygap=2,
        colorbar={
            "tickvals": [1, 2, 3, 4],
            "ticktext": [f"{i} · {t('coop_' + s, lang)}" for i, s in enumerate(STATUS_ORDER, 1)],
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "len": 640,
            "lenmode": "pixels",
            "thickness": 12,
            "outlinewidth": 0,
            "tickfont": {"size": 12},
        },
    )
    # domain groups: a label over each run of columns and a rule between runs
    groups = (
        domains.with_row_index("col")
        .group_by("group_id", maintain_order=True)
        .agg(
            pl.col(f"group_label_{lang}").first().alias("label"),
            pl.col("col").min().alias("first"),
            pl.col("col").max().alias("last"),
        )
    )
    # every group label slanted from its first column: parallel labels never collide, whatever
    # the width of the screen
    band = 0  # height the group labels need above the plot, in pixels
    annotations: list[dict] = []
    shapes: list[dict] = []
    for g in groups.iter_rows(named=True):
        band = max(band, int(0.72 * 6.8 * len(g["label"])) + 14)
        annotations.append(
            {
                "x": g["first"] - 0.35, "y": 1, "xref": "x", "yref": "paper",
                "yanchor": "bottom", "xanchor": "left", "text": f"<b>{g['label']}</b>",
                "showarrow": False, "font": {"size": 11, "color": theme.MUTED}, "yshift": 6,
                "textangle": -45,
            }
        )  # fmt: skip
        shapes.append(
            {
                "type": "line", "x0": g["first"] - 0.42, "x1": g["last"] + 0.42, "y0": 4,
                "y1": 4, "xref": "x", "yref": "paper", "ysizemode": "pixel", "yanchor": 1,
                "line": {"color": theme.MUTED, "width": 1.5},
            }
        )  # fmt: skip
        if g["first"] > 0:
            shapes.append(
                {
                    "type": "line", "x0": g["first"] - 0.5, "x1": g["first"] - 0.5, "y0": 0,
                    "y1": 1, "xref": "x", "yref": "paper",
                    "line": {"color": "#AEB7C1", "width": 1},
                }
            )  # fmt: skip
    top = 56 + band + 10
    last = groups.row(-1, named=True)
    overhang = 0.8 * 7 * len(last["label"]) - 20 * (last["last"] - last["first"] + 1)
    right = max(24, int(overhang))
    layout = {
        "height": top + 44 * n_rows + 190,
        "showlegend": False,
        "margin": {"l": 8, "r": right, "t": top, "b": 8},
        "plot_bgcolor": "#F7F9FB",
        "annotations": annotations,
        "shapes": shapes,
        "xaxis": {
            "tickvals": list(range(n_cols)), "ticktext": x_labels, "tickangle": -45,
            "showgrid": False, "range": [-0.5, n_cols - 0.5], "tickfont": {"size": 12},
            "automargin": True,
        },
        "yaxis": {
            "tickvals": list(range(n_rows)), "ticktext": y_labels, "autorange": "reversed",
            "showgrid": False, "tickfont": {"size": 13}, "automargin": True,
        },
    }  # fmt: skip
    return go.Figure(data=[heatmap], layout=layout)


def overlap_figure(pairs: pl.DataFrame, cells: pl.DataFrame, lang: str) -> go.Figure:
    """Symmetric partner × partner heatmap: number of shared domains in each cell, colour by
    the Jaccard index; the diagonal shows each partner's own number of domains."""
    partners = partner_order(cells) if not cells.is_empty() else cells
    if partners.is_empty() or partners.height < 2:
        return empty_figure(tx("too_few" if not cells.is_empty() else "no_match", lang))
    ids = list(partners["partner_id"])
    names = dict(zip(ids, partners[f"partner_name_{lang}"], strict=True))
    sizes = dict(zip(ids, partners["n_domains"], strict=True))
    pos = {p: i for i, p in enumerate(ids)}
    n = len(ids)
    z: list[list[float | None]] = [[None] * n for _ in range(n)]
    text = [[""] * n for _ in range(n)]
    hover = [[""] * n for _ in range(n)]
    for r in pairs.iter_rows(named=True):
        a, b = r["partner_a"], r["partner_b"]
        if a not in pos or b not in pos:
            continue
        jac = fmt_value(r["jaccard"], "", 2, lang)
        # many partners: the first few shared domains and sources (the table has them all)
        shared = (
            r[f"shared_domains_{lang}"]
            if n <= 10
            else _first_items(r[f"shared_domains_{lang}"], "; ", 4)
        )
        shared = shared or tx("none_shared", lang)
        sources = r["source_ids"] if n <= 10 else _first_items(r["source_ids"], ", ", 4)
        for x, y in ((pos[a], pos[b]), (pos[b], pos[a])):
            z[y][x] = r["jaccard"]
            text[y][x] = str(r["n_shared"])
            hover[y][x] = (
                f"<b>{names[ids[y]]} ↔ {names[ids[x]]}</b><br>"
                f"{tx('shared', lang)}: <b>{r['n_shared']}</b><br>"
                f"{tx('jaccard', lang)}: {tx('jaccard_detail', lang, j=jac, s=r['n_shared'], u=r['n_union'])}<br>"
                f"{tx('domains_of', lang, name=names[ids[y]], n=sizes[ids[y]])} · "
                f"{tx('domains_of', lang, name=names[ids[x]], n=sizes[ids[x]])}"
            )
            if n <= 10 or y < x:  # many partners: the lists once, above the diagonal
                hover[y][x] += (
                    f"<br>{tx('shared', lang)}: {_hover_list(shared)}<br>"
                    f"{t('sources', lang)}: {_hover_list(sources)}"
                )
    labels = [
        row_label(names[p], role, lang, 16) for p, role in zip(ids, partners["role"], strict=True)
    ]
    diag_z = [[1 if i == j else None for j in range(n)] for i in range(n)]
    diag_text = [[f"({sizes[ids[i]]})" if i == j else "" for j in range(n)] for i in range(n)]
    diag_hover = [
        [
            f"<b>{names[ids[i]]}</b><br>{tx('own', lang, n=sizes[ids[i]])}" if i == j else ""
            for j in range(n)
        ]
        for i in range(n)
    ]
    shared_trace = go.Heatmap(
        z=z, x=list(range(n)), y=list(range(n)), text=text, texttemplate="%{text}",
        textfont={"size": 14 if n <= 10 else 12}, customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", hoverongaps=False, zmin=0, zmax=1,
        colorscale=theme.SEQUENTIAL, xgap=2, ygap=2,
        colorbar={
            "title": {"text": tx("jaccard", lang), "side": "right", "font": {"size": 12}},
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
            "ticktext": [fmt_value(v, "", 2, lang) for v in (0, 0.25, 0.5, 0.75, 1)],
            "thickness": 12, "outlinewidth": 0, "len": 0.9,
        },
    )  # fmt: skip
    diagonal_trace = go.Heatmap(
        z=diag_z, x=list(range(n)), y=list(range(n)), text=diag_text, texttemplate="%{text}",
        textfont={"size": 12, "color": theme.MUTED}, customdata=diag_hover,
        hovertemplate="%{customdata}<extra></extra>", hoverongaps=False,
        colorscale=[[0, "#EEF1F4"], [1, "#EEF1F4"]], showscale=False, xgap=2, ygap=2,
    )  # fmt: skip
    x_labels = [short_name(names[p]) for p in ids]
    layout = {
        "height": 140 + (62 if n <= 10 else 44) * n,
        "showlegend": False,
        "margin": {"l": 8, "r": 8, "t": 16, "b": 8},
        "xaxis": {
            "tickvals": list(range(n)), "ticktext": x_labels, "showgrid": False,
            "tickangle": -35, "side": "bottom", "tickfont": {"size": 12}, "automargin": True,
        },
        "yaxis": {
            "tickvals": list(range(n)), "ticktext": labels, "autorange": "reversed",
            "showgrid": False, "tickfont": {"size": 12}, "automargin": True,
        },
    }  # fmt: skip
    return go.Figure(data=[shared_trace, diagonal_trace], layout=layout)


def upset_figure(combos: pl.DataFrame, cells: pl.DataFrame, lang: str) -> go.Figure:
    """UpSet chart: bars = domains shared by exactly one combination of partners, with the dot
    matrix below marking which partners form each combination (rows: partners in the matrix's
    order, with their number of domains)."""
    if combos.is_empty() or cells.is_empty():
        return empty_figure(tx("no_match", lang))
    rows = list(combos.iter_rows(named=True))
    partners = partner_order(cells)
    order = list(partners["partner_id"])
    ylab = {
        p: wrap(f"{row_label(name, role, lang, 200)} ({n})", 24)
        for p, name, role, n in zip(
            order,
            partners[f"partner_name_{lang}"],
            partners["role"],
            partners["n_domains"],
            strict=True,
        )
    }
    xs = list(range(len(rows)))
    hover, short = [], []  # bars: with the domains and sources; dots: the combination only
    for r in rows:
        members = [short_name(n) for n in r[f"partners_{lang}"].split(" + ")]
        label = tx("only", lang, names=members[0]) if len(members) == 1 else " + ".join(members)
        short.append(f"<b>{_hover_list(label)}</b><br>{tx('exactly', lang, n=r['n_domains'])}")
        hover.append(
            f"{short[-1]}<br>"
            f"{_hover_list(_first_items(r[f'domains_{lang}'], '; '))}<br>"
            f"{t('sources', lang)}: {_hover_list(_first_items(r['source_ids'], ', '))}"
        )
    bars = go.Bar(
        x=xs, y=[r["n_domains"] for r in rows], text=[r["n_domains"] for r in rows],
        textposition="outside", cliponaxis=False, marker={"color": theme.OKABE_ITO["blue"]},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        name=tx("n_domains", lang), xaxis="x", yaxis="y",
    )  # fmt: skip
    # dot matrix: light dots everywhere, dark dots and a connecting line for members
    grey_x, grey_y, dot_x, dot_y, dot_hover, line_x, line_y = [], [], [], [], [], [], []
    rank = {p: i for i, p in enumerate(order)}
    for i, r in enumerate(rows):
        ids = set(r["partner_ids"].split(", "))
        for p in order:
            if p in ids:
                dot_x.append(i)
                dot_y.append(ylab[p])
                dot_hover.append(short[i])
            else:
                grey_x.append(i)
                grey_y.append(ylab[p])
        if len(ids) > 1:
            ranks = sorted(rank[p] for p in ids if p in rank)
            line_x += [i, i, None]
            line_y += [ylab[order[ranks[0]]], ylab[order[ranks[-1]]], None]
    grey = go.Scatter(
        x=grey_x, y=grey_y, mode="markers", hoverinfo="skip", name=tx("not_member", lang),
        marker={"size": 13, "color": "#E3E7EC"}, xaxis="x2", yaxis="y2",
    )  # fmt: skip
    lines = go.Scatter(
        x=line_x, y=line_y, mode="lines", hoverinfo="skip", showlegend=False,
        line={"color": theme.INK, "width": 3}, xaxis="x2", yaxis="y2",
    )  # fmt: skip
    dots = go.Scatter(
        x=dot_x, y=dot_y, mode="markers", name=tx("member", lang), customdata=dot_hover,
        hovertemplate="%{customdata}<extra></extra>", marker={"size": 13, "color": theme.INK},
        xaxis="x2", yaxis="y2",
    )  # fmt: skip
    top = max(r["n_domains"] for r in rows)
    x_axis = {"showticklabels": False, "showgrid": False, "range": [-0.6, len(rows) - 0.4]}
    layout = {
        "height": 260 + 34 * len(order),
        "showlegend": False,
        "margin": {"l": 8, "r": 8, "t": 16, "b": 16},
        "bargap": 0.35,
        "xaxis": {**x_axis, "anchor": "y", "domain": [0.0, 1.0], "matches": "x2"},
        "xaxis2": {**x_axis, "anchor": "y2", "domain": [0.0, 1.0]},
        "yaxis": {
            "anchor": "x", "domain": [0.52, 1.0], "automargin": True,
            "title": {"text": tx("n_domains", lang), "font": {"size": 12}},
            "range": [0, top * 1.18],
        },
        "yaxis2": {
            "anchor": "x2", "domain": [0.0, 0.48], "automargin": True, "categoryorder": "array",
            "categoryarray": [ylab[p] for p in reversed(order)], "showgrid": False,
        },
    }  # fmt: skip
    return go.Figure(data=[bars, grey, lines, dots], layout=layout)

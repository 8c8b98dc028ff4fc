"""Figures of the overview page."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.figures.common import empty_figure, fmt_value, wrap
from dashboard.i18n import t
from etl.dates import format_partial_date

STATUS_ORDER = ("proposed", "agreed", "ongoing", "completed")


def progress_share(row: dict) -> float | None:
    """How far the latest value has come toward the target, in percent (capped at 100)."""
    latest, goal = row["latest_value"], row["value_low"]
    if latest is None or goal is None:
        return None
    if row["comparison"] in ("at_most", "rank_at_most"):
        share = 100.0 if latest <= goal else 100.0 * goal / latest
    else:
        share = 100.0 * latest / goal if goal else 100.0
    return max(0.0, min(share, 100.0))


def target_standing(frame: pl.DataFrame, lang: str) -> go.Figure:
    """One bar per target: share of the way to the target, coloured by status class."""
    if frame.is_empty():
        return empty_figure(t("none", lang))
    rows = list(frame.iter_rows(named=True))
    titles = [wrap(r[f"title_{lang}"], 34) for r in rows]
    shares, texts, colours, hovers = [], [], [], []
    for r in rows:
        share = progress_share(r)
        status = t(f"status_{r['status']}", lang)
        shares.append(share or 0)
        colours.append(theme.STATUS_COLOURS[r["status"]])
        unit, dec = r["unit"], r["decimals"]
        if r["latest_value"] is None:
            texts.append(status)
            latest = t("status_no_measurement", lang)
        else:
            period = format_partial_date(
                r["latest_period_text"], r["latest_period_precision"], lang
            )
            latest = f"{fmt_value(r['latest_value'], unit, dec, lang)} ({period})"
            texts.append(f"{latest} · {status}")
        goal = fmt_value(r["value_low"], unit, dec, lang)
        if r["value_high"] is not None:
            goal = f"{goal}–{fmt_value(r['value_high'], unit, dec, lang)}"
        deadline = r["deadline_text"] or "—"
        src = r["latest_source_id"] or r["target_source_ids"] or ""
        hovers.append(
            f"<b>{r[f'title_{lang}']}</b><br>"
            f"{'Mới nhất' if lang == 'vi' else 'Latest'}: {latest}<br>"
            f"{'Mục tiêu' if lang == 'vi' else 'Target'}: {goal} · {deadline}<br>"
            f"{'Trạng thái' if lang == 'vi' else 'Status'}: {status}<br>"
            f"{t('sources', lang)}: {src}"
        )
    bar = go.Bar(
        x=shares,
        y=titles,
        orientation="h",
        marker={"color": colours, "line": {"color": theme.INK, "width": 0.5}},
        text=texts,
        textposition="outside",
        cliponaxis=False,
        hovertext=hovers,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    layout = {
        "height": 90 + 56 * len(rows),
        "margin": {"l": 56, "r": 24, "t": 24, "b": 48},
        "showlegend": False,
        "bargap": 0.35,
        "shapes": [
            {
                "type": "line", "x0": 100, "x1": 100, "y0": 0, "y1": 1, "yref": "paper",
                "line": {"color": theme.INK, "dash": "dot", "width": 1},
            }
        ],
        "xaxis": {
            "range": [0, 190],
            "tickvals": [0, 25, 50, 75, 100],
            "ticktext": ["0 %", "25 %", "50 %", "75 %", "100 %"],
            "title": {
                "text": "Mức đã đạt so với mục tiêu"
                if lang == "vi"
                else "Share of the way to the target"
            },
        },
        "yaxis": {"autorange": "reversed", "automargin": True},
    }  # fmt: skip
    return go.Figure(data=[bar], layout=layout)


def domain_list(domains: str, limit: int = 8, lang: str = "vi") -> str:
    """The first ``limit`` names of a comma-separated domain list, then how many more."""
    names = domains.split(", ")
    if len(names) <= limit:
        return domains
    more = len(names) - limit
    rest = f"và {more} lĩnh vực khác" if lang == "vi" else f"and {more} more"
    return ", ".join(names[:limit]) + f", … {rest}"


def id_list(ids: str | None, limit: int = 6, lang: str = "vi") -> str:
    """The first ``limit`` ids of a comma-separated list, then how many more."""
    parts = [p.strip() for p in (ids or "").split(",") if p.strip()]
    if len(parts) <= limit:
        return ", ".join(parts)
    more = len(parts) - limit
    return ", ".join(parts[:limit]) + (
        f", … và {more} nguồn khác" if lang == "vi" else f", … and {more} more"
    )


def partner_status_bars(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Domains per partner, stacked by the most advanced cooperation status reached; the partner
    with the most domains at the top. The hover names up to eight domains of each segment."""
    if frame.is_empty():
        return empty_figure(t("none", lang))
    totals = (
        frame.group_by("partner_id")
        .agg(pl.col("n_domains").sum())
        .sort(["n_domains", "partner_id"], descending=[False, True])
    )
    order = totals["partner_id"].to_list()
    names = dict(zip(frame["partner_id"], frame[f"partner_name_{lang}"], strict=False))
    ys = [names[p] for p in order]
    bars = []
    for status in STATUS_ORDER:
        lookup = {
            r["partner_id"]: r
            for r in frame.filter(pl.col("status") == status).iter_rows(named=True)
        }
        xs = [lookup[p]["n_domains"] if p in lookup else 0 for p in order]
        hover = [
            (
                f"<b>{names[p]}</b> · {t('coop_' + status, lang)}: {lookup[p]['n_domains']}<br>"
                f"{wrap(domain_list(lookup[p][f'domains_{lang}'], lang=lang), 60)}<br>"
                f"{t('sources', lang)}: {id_list(lookup[p]['source_ids'], lang=lang)}"
            )
            if p in lookup
            else ""
            for p in order
        ]
        bars.append(
            go.Bar(
                name=t("coop_" + status, lang),
                x=xs,
                y=ys,
                orientation="h",
                marker={
                    "color": theme.COOP_COLOURS[status],
                    "line": {"color": "white", "width": 1},
                },
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    layout = {
        "height": 120 + 46 * len(order),
        "margin": {"l": 56, "r": 24, "t": 24, "b": 48},
        "showlegend": True,
        "barmode": "stack",
        "yaxis": {"automargin": True},
        "xaxis": {
            "title": {"text": "Số lĩnh vực hợp tác" if lang == "vi" else "Cooperation domains"}
        },
    }
    return go.Figure(data=bars, layout=layout)

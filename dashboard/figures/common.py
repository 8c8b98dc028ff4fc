"""Helpers shared by figure builders (pure: frames in, ``go.Figure`` out, no Dash)."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from dashboard import theme
from dashboard.i18n import t


def wrap(text: str, width: int = 38) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def fmt_value(value: float | None, unit: str, decimals: int, lang: str) -> str:
    """A value with its unit, in the conventions of ``lang`` (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",")
    if unit == "percent":
        return f"{text} %"
    if unit == "rank":
        return f"{'hạng' if lang == 'vi' else 'rank'} {text}"
    if unit == "laws":
        return f"{text} {t('unit_laws', lang)}"
    return text


def empty_figure(message: str, height: int = 220) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
        font={"size": 15, "color": theme.MUTED},
    )  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return theme.base_layout(fig, height=height, legend=False)


def split_ids(*values: str | None) -> list[str]:
    """Source ids from comma-separated cells, without repeats, in order."""
    out: dict[str, None] = {}
    for v in values:
        for part in (v or "").split(","):
            if part.strip():
                out[part.strip()] = None
    return list(out)

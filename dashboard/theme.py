"""Colours, fonts and chart settings shared by every figure (colour-blind-safe Okabe-Ito)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

FONT = "Noto Sans, 'Segoe UI', Arial, sans-serif"
INK = "#1d2733"
MUTED = "#5b6876"
GRID = "#e3e7ec"

# Okabe & Ito (2008), distinguishable with common colour-vision deficiencies
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#8C96A0",
}
SERIES = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky")]

STATUS_COLOURS = {
    "achieved": OKABE_ITO["green"],
    "on_track": OKABE_ITO["blue"],
    "moderately_improving": OKABE_ITO["sky"],
    "stagnating": OKABE_ITO["orange"],
    "decreasing": OKABE_ITO["vermillion"],
    "not_achieved": OKABE_ITO["vermillion"],
    "insufficient_data": OKABE_ITO["grey"],
    "no_measurement": "#B8C0C8",
}
STATUS_ORDER = list(STATUS_COLOURS)

COOP_COLOURS = {
    "proposed": "#C6DBEF",
    "agreed": OKABE_ITO["sky"],
    "ongoing": OKABE_ITO["blue"],
    "completed": "#08306B",
}
STAGE_COLOURS = {
    "mentioned": "#D9DEE4",
    "proposed": "#C6DBEF",
    "drafting": OKABE_ITO["yellow"],
    "submitted": OKABE_ITO["orange"],
    "adopted": OKABE_ITO["sky"],
    "in_force": OKABE_ITO["blue"],
}
SEQUENTIAL = [
    [0.0, "#F4F7FB"],
    [0.25, "#C6DBEF"],
    [0.5, "#6BAED6"],
    [0.75, "#2171B5"],
    [1.0, "#08306B"],
]

# Plotly's modebar: keep PNG export, drop the cloud upload button and the logo.
GRAPH_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["sendChartToCloud", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "responsive": True,
}


def graph_config(filename: str) -> dict[str, Any]:
    cfg = dict(GRAPH_CONFIG)
    cfg["toImageButtonOptions"] = {**GRAPH_CONFIG["toImageButtonOptions"], "filename": filename}
    return cfg


# The shared look as a plotly template, the default for every figure: set once here instead of
# on each figure (validating a layout update per figure cost more than drawing it), and small in
# the JSON a page sends (plotly's own default template adds about 6 kB to every figure).
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        "legend": {"orientation": "h", "y": -0.18, "x": 0, "font": {"size": 12}},
        "xaxis": {"gridcolor": GRID, "linecolor": GRID, "zeroline": False},
        # the left margin grows to fit category labels (partner names, laws) instead of cutting them
        "yaxis": {"gridcolor": GRID, "linecolor": GRID, "zeroline": False, "automargin": True},
        "colorway": list(SERIES),
    }
)
pio.templates["sti"] = TEMPLATE
pio.templates.default = "sti"


def base_layout(fig: go.Figure, *, height: int = 380, legend: bool = True) -> go.Figure:
    """Apply the shared look (the "sti" template) with this figure's height and legend."""
    fig.update_layout(
        height=height,
        margin={"l": 56, "r": 24, "t": 24, "b": 48},
        showlegend=legend,
    )
    return fig

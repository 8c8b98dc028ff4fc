"""The naive baseline: the same main pages built the obvious way, for comparison only.

Overview, targets and cooperation, each drawing the same charts as the real dashboard, but the
way a first version usually does it: pandas reads the snapshot's Parquet files in every
callback, figures are Plotly Express, the page arrives empty and its figures are drawn by a
callback after load, and responses are not compressed. Served by gunicorn with the same
settings as the dashboard (``bench.naive_app:server``). Never used by the product.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

from etl import warehouse

PAGES = ["/", "/targets", "/cooperation"]


def parquet(name: str) -> pd.DataFrame:
    snap = warehouse.current_snapshot()
    if snap is None:
        raise FileNotFoundError("no published warehouse")
    return pd.read_parquet(Path(snap) / "parquet" / f"{name}.parquet")


app = Dash(__name__, compress=False, suppress_callback_exceptions=True, title="Naive baseline")
server = app.server

app.layout = html.Div(
    [
        dcc.Location(id="url"),
        html.Nav([dcc.Link(p, href=p, style={"marginRight": "1em"}) for p in PAGES]),
        html.Div(id="page"),
    ]
)


def overview_layout() -> html.Div:
    return html.Div(
        [
            html.H1("Overview"),
            dcc.Graph(id="ov-targets", figure={}),
            dcc.Graph(id="ov-partners", figure={}),
        ],
        id="naive-content",
    )


def targets_layout() -> html.Div:
    return html.Div(
        [
            html.H1("Targets"),
            dcc.Dropdown(id="tg-select", placeholder="All targets"),
            html.Div(id="tg-charts", children=[dcc.Graph(id="tg-placeholder", figure={})]),
        ],
        id="naive-content",
    )


def cooperation_layout() -> html.Div:
    return html.Div(
        [
            html.H1("Cooperation"),
            dcc.Dropdown(id="co-group", placeholder="All domain groups"),
            dcc.Graph(id="co-matrix", figure={}),
            dcc.Graph(id="co-overlap", figure={}),
            dcc.Graph(id="co-intersections", figure={}),
        ],
        id="naive-content",
    )


@app.callback(Output("page", "children"), Input("url", "pathname"))
def route(path: str | None) -> html.Div:
    return {"/targets": targets_layout, "/cooperation": cooperation_layout}.get(
        path or "/", overview_layout
    )()


def _share(r: pd.Series) -> float:
    if pd.isna(r["latest_value"]) or not r["value_low"]:
        return 0.0
    if r["comparison"] in ("at_most", "rank_at_most"):
        share = (
            100.0
            if r["latest_value"] <= r["value_low"]
            else 100 * r["value_low"] / r["latest_value"]
        )
    else:
        share = 100 * r["latest_value"] / r["value_low"]
    return max(0.0, min(share, 100.0))


@app.callback(
    Output("ov-targets", "figure"), Output("ov-partners", "figure"), Input("url", "pathname")
)
def overview_figures(_path: str | None):
    progress = parquet("v_target_progress")
    progress["share"] = progress.apply(_share, axis=1)
    targets = px.bar(
        progress,
        x="share",
        y="title_en",
        color="status",
        orientation="h",
        hover_data=["latest_value", "value_low", "deadline_text"],
        height=90 + 56 * len(progress),
    )
    pd_ = parquet("v_partner_domains")
    pd_ = pd_[pd_["role"] == "partner"]
    counts = pd_.groupby(["partner_name_en", "status"]).size().reset_index(name="n_domains")
    partners = px.bar(
        counts,
        x="n_domains",
        y="partner_name_en",
        color="status",
        orientation="h",
        height=120 + 46 * counts["partner_name_en"].nunique(),
    )
    return targets, partners


@app.callback(Output("tg-select", "options"), Input("url", "pathname"))
def target_options(_path: str | None) -> list[dict[str, str]]:
    t = parquet("target")
    return [{"label": r.title_en, "value": r.target_id} for r in t.itertuples()]


@app.callback(Output("tg-charts", "children"), Input("tg-select", "value"))
def target_charts(selected: str | None) -> list[dcc.Graph | html.P]:
    targets = parquet("target")
    obs = parquet("observation")
    if selected:
        targets = targets[targets["target_id"] == selected]
    graphs: list[dcc.Graph | html.P] = []
    for t in targets.itertuples():
        series = obs[(obs["indicator_id"] == t.indicator_id) & (obs["geo"] == t.scope_geo)]
        series = series.sort_values("period_mid")
        if series.empty:
            graphs.append(html.P(f"{t.title_en}: no measurement yet"))
            continue
        fig = px.line(
            series,
            x="period_mid",
            y="value",
            color="source_id",
            markers=True,
            title=t.title_en,
            hover_data=["period_text", "measure", "confidence"],
        )
        fig.add_hline(y=t.value_low, line_dash="dot")
        graphs.append(dcc.Graph(id=f"tg-{t.target_id}", figure=fig))
    return graphs


@app.callback(Output("co-group", "options"), Input("url", "pathname"))
def group_options(_path: str | None) -> list[dict[str, str]]:
    g = parquet("domain_group")
    return [{"label": r.label_en, "value": r.group_id} for r in g.itertuples()]


@app.callback(
    Output("co-matrix", "figure"),
    Output("co-overlap", "figure"),
    Output("co-intersections", "figure"),
    Input("url", "pathname"),
    Input("co-group", "value"),
)
def cooperation_figures(_path: str | None, group: str | None):
    links = parquet("cooperation_link")
    partners = parquet("partner")
    domains = parquet("domain")
    links = links.merge(domains[["domain_id", "group_id", "label_en"]], on="domain_id")
    if group:
        links = links[links["group_id"] == group]
    links = links.merge(partners[["partner_id", "name_en"]], on="partner_id")
    cells = links.groupby(["name_en", "label_en"])["status_rank"].max().reset_index()
    matrix = cells.pivot(index="name_en", columns="label_en", values="status_rank")
    fig_matrix = px.imshow(matrix, aspect="auto", height=200 + 18 * len(matrix))
    pairs = cells.merge(cells, on="label_en")
    pairs = pairs[pairs["name_en_x"] < pairs["name_en_y"]]
    shared = pairs.groupby(["name_en_x", "name_en_y"]).size().reset_index(name="n_shared")
    overlap = shared.pivot(index="name_en_x", columns="name_en_y", values="n_shared").fillna(0)
    fig_overlap = px.imshow(overlap, aspect="auto", height=200 + 18 * len(overlap))
    combos = (
        cells.sort_values("name_en")
        .groupby("label_en")["name_en"]
        .apply(" + ".join)
        .value_counts()
        .reset_index(name="n_domains")
        .head(40)
    )
    fig_inter = px.bar(combos, x="name_en", y="n_domains")
    return fig_matrix, fig_overlap, fig_inter

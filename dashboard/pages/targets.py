"""Targets: for each national or local target, the observed series against the target value or
band and the linear path required from the base, its status by the SDSN trend method, the key
numbers in words, its legal basis and sources. ``?target=<id>`` focuses one target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import polars as pl
from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import downloads, url_state
from dashboard.components import badge, chart_card, data_table, page, sources_list, url
from dashboard.data import NoWarehouse, query
from dashboard.figures.common import fmt_value, split_ids
from dashboard.figures.targets import (
    deadline_label,
    goal_label,
    goal_with_deadline,
    key_numbers,
    measure_label,
    period_label,
    progress_figure,
    related_figure,
)
from dashboard.i18n import lang_of, t, tr
from dashboard.theme import STATUS_COLOURS

dash.register_page(__name__, path="/targets", name="targets", title="Mục tiêu · Targets", order=1)

PAGE = "targets"
CHIP = f"{PAGE}-chip"
ALL_VALUE = "all"
# Other indicators worth showing beside a target that has no measurement of its own; they are
# labelled as different indicators and never count toward the target's status.
RELATED: dict[str, tuple[str, ...]] = {
    "hcmc-sme-ai-50": ("business_ai_adoption_rate", "business_ai_invested_rate"),
}

# fmt: off
TEXT = {
    "heading": {"vi": "Mục tiêu quốc gia và tiến độ", "en": "Targets and progress"},
    "lead": {"vi": "Mỗi mục tiêu: các số đo đã công bố so với giá trị hoặc vùng mục tiêu, lộ trình tuyến tính cần có từ mốc gốc đến thời hạn, trạng thái, cơ sở pháp lý và nguồn.", "en": "Each target: the published measurements against the target value or band, the linear path required from the base to the deadline, its status, legal basis and sources."},
    "method_title": {"vi": "Cách xếp trạng thái", "en": "How the status is classed"},
    "method": {"vi": "Phương pháp xu hướng SDSN: tốc độ quan sát được ÷ tốc độ tuyến tính cần có tính từ mốc gốc; ≥ 1 đúng tiến độ, 0,5–1 cải thiện vừa phải, 0–0,5 trì trệ, < 0 đi xuống; đã đạt khi số đo mới nhất đạt mục tiêu; ít hơn hai số đo → chưa đủ dữ liệu; không có số đo → chưa có số đo.", "en": "SDSN trend method: observed pace ÷ linear pace required from the base; ≥ 1 on track, 0.5–1 moderately improving, 0–0.5 stagnating, < 0 decreasing; achieved once met; fewer than two observations → insufficient data; none at all → no measurement yet."},
    "method_base": {"vi": "Mốc gốc: kỳ gốc do mục tiêu ấn định, nếu không thì số đo đầu tiên trong 5 năm trước số đo mới nhất. Khi hai nguồn cho hai con số khác nhau trong cùng kỳ, cả hai đều được vẽ; phép tính dùng con số có độ tin cậy cao hơn.", "en": "Base: the base period the target sets, else the first observation in the 5 years before the latest. When two sources give different figures for the same period both are drawn; the calculation uses the higher-confidence one."},
    "summary_title": {"vi": "Tất cả mục tiêu", "en": "All targets at a glance"},
    "col_target": {"vi": "Mục tiêu", "en": "Target"},
    "col_status": {"vi": "Trạng thái", "en": "Status"},
    "col_latest": {"vi": "Số đo mới nhất", "en": "Latest value"},
    "col_goal": {"vi": "Giá trị mục tiêu", "en": "Target value"},
    "col_deadline": {"vi": "Thời hạn", "en": "Deadline"},
    "select_label": {"vi": "Chọn mục tiêu để xem", "en": "Target to focus on"},
    "select_all": {"vi": "Tất cả mục tiêu", "en": "All targets"},
    "unknown_target": {"vi": "Không có mục tiêu “{id}”; đang hiển thị tất cả mục tiêu.", "en": "There is no target “{id}”; showing all targets."},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "by_method": {"vi": "theo phương pháp xu hướng SDSN", "en": "by the SDSN trend method"},
    "explain_achieved": {"vi": "số đo mới nhất đã đạt mục tiêu.", "en": "the latest value meets the target."},
    "explain_on_track": {"vi": "tốc độ quan sát được bằng hoặc vượt tốc độ cần có.", "en": "the observed pace matches or beats the pace required."},
    "explain_moderately_improving": {"vi": "tốc độ quan sát được bằng 0,5–1 lần tốc độ cần có.", "en": "the observed pace is 0.5–1 times the pace required."},
    "explain_stagnating": {"vi": "tốc độ quan sát được dưới một nửa tốc độ cần có.", "en": "the observed pace is under half the pace required."},
    "explain_decreasing": {"vi": "chỉ số đi ngược hướng mục tiêu.", "en": "the indicator moves away from the target."},
    "explain_not_achieved": {"vi": "đã quá thời hạn mà chưa đạt.", "en": "the deadline passed without the target being met."},
    "explain_insufficient_data": {"vi": "ít hơn hai số đo hoặc không có thời hạn, không tính được xu hướng.", "en": "fewer than two observations or no deadline, so no trend can be computed."},
    "explain_no_measurement": {"vi": "chưa có số đo nào được công bố.", "en": "no measurement has been published."},
    "no_measurement": {"vi": "Chưa có số đo: chưa có con số nào được công bố về chỉ tiêu “{label}”. {description}", "en": "No measurement yet: no published figure for “{label}”. {description}"},
    "rank_note": {"vi": "Với thứ hạng, số nhỏ hơn là tốt hơn: dấu trừ nghĩa là tăng hạng.", "en": "For a rank, a lower number is better: a minus sign means climbing."},
    "chart_title": {"vi": "{label}: các số đo so với mục tiêu {goal}", "en": "{label}: measurements against the target of {goal}"},
    "chart_note": {"vi": "Mỗi nguồn đo một ký hiệu. Vùng hoặc đường xanh lá: mục tiêu. Nét đứt: lộ trình tuyến tính cần có từ mốc gốc đến thời hạn. Điểm mờ: sau thời hạn, không tính vào trạng thái.", "en": "One marker per measure. Green band or line: the target. Dashed: the linear path required from the base to the deadline. Faded points: after the deadline, not counted in the status."},
    "related_title": {"vi": "Chỉ tiêu liên quan, không phải mục tiêu: {labels}", "en": "Related indicator, not the target: {labels}"},
    "related_note": {"vi": "Đây là chỉ tiêu khác, không đo mục tiêu này và không được tính vào trạng thái. {descriptions}", "en": "A different indicator: it does not measure this target and does not count toward its status. {descriptions}"},
    "col_period": {"vi": "Kỳ", "en": "Period"},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_value_high": {"vi": "Cận trên", "en": "Upper end"},
    "col_measure": {"vi": "Đơn vị đo", "en": "Measure"},
    "col_source": {"vi": "Nguồn", "en": "Source"},
    "col_confidence": {"vi": "Độ tin cậy", "en": "Confidence"},
    "col_counts": {"vi": "Tính vào trạng thái", "en": "Counts for status"},
    "col_indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
}
# fmt: on


def load_targets() -> pl.DataFrame:
    """target_progress with the path ends and legal basis of targets_detail, one row a target."""
    return query("target_progress").join(
        query("targets_detail"), on="target_id", how="left", maintain_order="left"
    )


def load_series(target_ids: list[str]) -> pl.DataFrame:
    return query("targets_series", target_ids=target_ids)


def load_related(target_ids: list[str]) -> pl.DataFrame:
    ids = [i for tid in target_ids for i in RELATED.get(tid, ())]
    return query("targets_related", indicator_ids=ids)


def selected_ids(targets: pl.DataFrame, target: str | None) -> list[str]:
    """The selected target's id, or every target's when none (or an unknown one) is selected."""
    ids = targets["target_id"].to_list()
    return [target] if target in ids else ids


def series_csv(series: pl.DataFrame, targets: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The plotted observations, one row a point, with the target value or band beside them."""
    goal = targets.select(
        "target_id",
        pl.col(f"title_{lang}").alias("target"),
        pl.col("comparison").alias("target_comparison"),
        pl.col("value_low").alias("target_value_low"),
        pl.col("value_high").alias("target_value_high"),
        pl.col("deadline_text").alias("target_deadline"),
    )
    return series.join(goal, on="target_id", how="left", maintain_order="left").select(
        "target_id",
        "target",
        pl.col("period_text").alias("period"),
        "period_precision",
        "value",
        "value_high",
        "unit",
        "measure",
        "measure_note",
        "source_id",
        "confidence",
        "counts_for_status",
        "target_comparison",
        "target_value_low",
        "target_value_high",
        "target_deadline",
    )


@downloads.register("targets-series")
def _series_download(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    targets = load_targets()
    return series_csv(load_series(selected_ids(targets, args.get("target"))), targets, lang)


@downloads.register("targets-related")
def _related_download(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    return load_related(selected_ids(load_targets(), args.get("target"))).select(
        "indicator_id",
        pl.col(f"label_{lang}").alias("indicator"),
        "geo",
        pl.col("period_text").alias("period"),
        "period_precision",
        "value",
        "value_high",
        "unit",
        "measure",
        "measure_note",
        "source_id",
        "confidence",
    )


def _with_labels(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Period and measure in words, for the table view."""
    return frame.with_columns(
        pl.struct("period_text", "period_precision")
        .map_elements(
            lambda s: period_label(s["period_text"], s["period_precision"], lang),
            return_dtype=pl.String,
        )
        .alias("period_label"),
        pl.col("measure")
        .map_elements(lambda m: measure_label(m, lang), return_dtype=pl.String)
        .alias("measure_label"),
    )


def _columns(lang: str, *pairs: tuple[str, str]) -> dict[str, str]:
    return {column: tr(TEXT, key, lang) for column, key in pairs}


def progress_card(
    r: Mapping[str, Any], series: pl.DataFrame, lang: str, asof: str | None
) -> html.Section:
    """The chart of one target's observations against its value or band and required path."""
    cid = f"{PAGE}-chart-{r['target_id']}"
    title = tr(
        TEXT,
        "chart_title",
        lang,
        label=r[f"indicator_label_{lang}"],
        goal=goal_with_deadline(r, lang),
    )
    cols = _columns(
        lang, ("period_label", "col_period"), ("value", "col_value"),
        ("value_high", "col_value_high"), ("measure_label", "col_measure"),
        ("source_id", "col_source"), ("confidence", "col_confidence"),
        ("counts_for_status", "col_counts"),
    )  # fmt: skip
    ids = split_ids(*series["source_id"].to_list(), r["target_source_ids"])
    return chart_card(
        cid,
        title,
        progress_figure(series, r, lang, r["target_source_ids"] or ""),
        lang=lang,
        note=tr(TEXT, "chart_note", lang),
        table=data_table(_with_labels(series, lang), cols, lang, title),
        sources=sources_list(query("sources", ids=ids), lang, cid),
        csv_href=downloads.href("targets-series", lang=lang, target=r["target_id"], asof=asof),
    )


def related_card(tid: str, related: pl.DataFrame, lang: str, asof: str | None) -> html.Section:
    """Another indicator shown beside a target without measurement, labelled as not the target."""
    cid = f"{PAGE}-related-{tid}"
    labels = related[f"label_{lang}"].unique(maintain_order=True).to_list()
    descriptions = related[f"description_{lang}"].unique(maintain_order=True).to_list()
    title = tr(TEXT, "related_title", lang, labels="; ".join(labels))
    cols = _columns(
        lang, (f"label_{lang}", "col_indicator"), ("period_label", "col_period"),
        ("value", "col_value"), ("measure_label", "col_measure"), ("source_id", "col_source"),
        ("confidence", "col_confidence"),
    )  # fmt: skip
    ids = split_ids(*related["source_id"].to_list())
    return chart_card(
        cid,
        title,
        related_figure(related, lang),
        lang=lang,
        note=tr(TEXT, "related_note", lang, descriptions=" ".join(descriptions)),
        table=data_table(_with_labels(related, lang), cols, lang, title),
        sources=sources_list(query("sources", ids=ids), lang, cid),
        csv_href=downloads.href("targets-related", lang=lang, target=tid, asof=asof),
    )


def status_line(r: Mapping[str, Any], lang: str) -> html.P:
    status = r["status"]
    return html.P(
        [
            f"{tr(TEXT, 'status', lang)}: ",
            badge(t(f"status_{status}", lang), STATUS_COLOURS[status]),
            f" {tr(TEXT, 'by_method', lang)}: {tr(TEXT, 'explain_' + status, lang)}",
        ],
        className="target-status",
        id=f"{PAGE}-{r['target_id']}-status",
    )


def target_block(
    r: Mapping[str, Any], series: pl.DataFrame, related: pl.DataFrame, lang: str, asof: str | None
) -> html.Section:
    """One target: title, status badge, key numbers and legal basis, chart and sources."""
    tid = r["target_id"]
    body: list[Any] = [
        html.H2(r[f"title_{lang}"], id=f"{PAGE}-{tid}-heading"),
        status_line(r, lang),
    ]
    if r["latest_value"] is None:
        text = tr(
            TEXT, "no_measurement", lang, label=r[f"indicator_label_{lang}"],
            description=r.get(f"note_{lang}") or "",
        )  # fmt: skip
        body.append(
            html.P(text, className="banner banner-info", role="status", id=f"{PAGE}-{tid}-none")
        )
    facts = key_numbers(r, series, lang)
    body.append(
        html.Dl(
            [part for label, text in facts for part in (html.Dt(label), html.Dd(text))],
            className="target-facts",
            id=f"{PAGE}-{tid}-facts",
        )
    )
    if r["unit"] == "rank" and r["latest_value"] is not None:
        body.append(html.P(tr(TEXT, "rank_note", lang), className="muted"))
    if series.height:
        body.append(progress_card(r, series, lang, asof))
    else:
        ids = split_ids(r["target_source_ids"])
        body.append(sources_list(query("sources", ids=ids), lang, f"{PAGE}-{tid}"))
    if related.height:
        body.append(related_card(tid, related, lang, asof))
    return html.Section(
        body,
        className="card target-card",
        id=f"{PAGE}-{tid}",
        **{"aria-labelledby": f"{PAGE}-{tid}-heading"},
    )


def content(
    lang: str, target: str | None, asof: str | None = None, targets: pl.DataFrame | None = None
) -> list[Any]:
    """The target blocks: the selected one, or all of them stacked."""
    targets = load_targets() if targets is None else targets
    ids = selected_ids(targets, target)
    series = load_series(ids)
    related = load_related(ids)
    blocks = []
    for r in targets.filter(pl.col("target_id").is_in(ids)).iter_rows(named=True):
        mine = series.filter(pl.col("target_id") == r["target_id"])
        theirs = related.filter(pl.col("indicator_id").is_in(RELATED.get(r["target_id"], ())))
        blocks.append(target_block(r, mine, theirs, lang, asof))
    return blocks


def summary_table(targets: pl.DataFrame, lang: str, asof: str | None) -> html.Section:
    head = html.Thead(
        html.Tr(
            [
                html.Th(tr(TEXT, k, lang), scope="col")
                for k in ("col_target", "col_status", "col_latest", "col_goal", "col_deadline")
            ]
        )
    )
    rows = []
    for r in targets.iter_rows(named=True):
        latest = (
            t("status_no_measurement", lang)
            if r["latest_value"] is None
            else f"{fmt_value(r['latest_value'], r['unit'], r['decimals'], lang)} "
            f"({period_label(r['latest_period_text'], r['latest_period_precision'], lang)}; {r['latest_source_id']})"
        )
        rows.append(
            html.Tr(
                [
                    html.Td(
                        dcc.Link(
                            r[f"title_{lang}"],
                            href=url("/targets", lang, target=r["target_id"], asof=asof),
                        )
                    ),
                    html.Td(badge(t(f"status_{r['status']}", lang), STATUS_COLOURS[r["status"]])),
                    html.Td(latest),
                    html.Td(goal_label(r, lang)),
                    html.Td(deadline_label(r, lang)),
                ],
                id=f"{PAGE}-summary-{r['target_id']}",
            )
        )
    title = tr(TEXT, "summary_title", lang)
    return html.Section(
        [
            html.H2(title, id=f"{PAGE}-summary-title"),
            html.Div(
                html.Table(
                    [html.Caption(title), head, html.Tbody(rows)],
                    className="data-table targets-summary-table",
                ),
                className="table-wrap",
            ),
        ],
        className="card",
        id=f"{PAGE}-summary",
        **{"aria-labelledby": f"{PAGE}-summary-title"},
    )


def chip_states(values: list[str], selected: str | None) -> list[str]:
    """aria-pressed of each chip: the selected target's, or 'all' when none is selected."""
    return [str(v == (selected or ALL_VALUE)).lower() for v in values]


def target_selector(targets: pl.DataFrame, target: str | None, lang: str) -> html.Fieldset:
    """One toggle button per target plus 'All targets', in a labelled group; the selection is
    kept in a hidden input that url_state syncs with ``?target=``. Native buttons with
    aria-pressed, not dcc.Dropdown or dcc.RadioItems: Dash 4's fail axe-core (an aria-hidden
    focusable input; options with nested interactive controls in an unnamed listbox)."""
    options = [(ALL_VALUE, tr(TEXT, "select_all", lang))]
    options += [(r["target_id"], r[f"title_{lang}"]) for r in targets.iter_rows(named=True)]
    states = chip_states([v for v, _ in options], target)
    chips = [
        html.Button(
            label,
            id={"type": CHIP, "value": value},
            n_clicks=0,
            type="button",
            className="targets-chip",
            **{"aria-pressed": state, "data-value": value},
        )
        for (value, label), state in zip(options, states, strict=True)
    ]
    return html.Fieldset(
        [
            html.Legend(tr(TEXT, "select_label", lang), id=f"{PAGE}-select-label"),
            html.Div(chips, className="targets-chips"),
            dcc.Input(id=f"{PAGE}-select", type="hidden", value=target or ""),
        ],
        className="card targets-selector",
    )


url_state.register(PAGE, {"target": f"{PAGE}-select"})


@callback(
    Output(f"{PAGE}-select", "value"),
    Output({"type": CHIP, "value": ALL}, "aria-pressed"),
    Input({"type": CHIP, "value": ALL}, "n_clicks"),
    State({"type": CHIP, "value": ALL}, "id"),
    prevent_initial_call=True,
)
def _chip_clicked(_clicks: list[int], ids: list[dict[str, str]]) -> tuple[str, list[str]]:
    """A chip was clicked: the new selection for the hidden input and every chip's state."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    clicked = ctx.triggered_id["value"]
    selected = "" if clicked == ALL_VALUE else clicked
    return selected, chip_states([i["value"] for i in ids], selected)


@callback(
    Output(f"{PAGE}-content", "children"),
    Input(f"{PAGE}-select", "value"),
    State(f"{PAGE}-context", "data"),
    prevent_initial_call=True,
)
def _focus(target: str | None, context: dict[str, Any] | None) -> list[Any]:
    context = context or {}
    return content(lang_of(context.get("lang")), target or None, context.get("asof"))


def layout(lang: str = "vi", target: str | None = None, **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    asof = query_args.get("asof")
    keep = {**query_args, "target": target}
    try:
        targets = load_targets()
    except NoWarehouse:
        return page(lang, "/targets", html.P(t("no_data", lang)), keep)
    ids = targets["target_id"].to_list()
    notice = None
    if target and target not in ids:
        notice = html.P(
            tr(TEXT, "unknown_target", lang, id=target),
            className="banner banner-warn",
            role="alert",
        )
        target = None
    selector = target_selector(targets, target, lang)
    children = [
        html.H1(tr(TEXT, "heading", lang)),
        html.P(tr(TEXT, "lead", lang), className="lead"),
        notice,
        html.Section(
            [
                html.H2(tr(TEXT, "method_title", lang), id=f"{PAGE}-method-title"),
                html.P(tr(TEXT, "method", lang), id=f"{PAGE}-method-text"),
                html.P(tr(TEXT, "method_base", lang), className="muted"),
            ],
            className="card targets-method",
            id=f"{PAGE}-method",
            **{"aria-labelledby": f"{PAGE}-method-title"},
        ),
        summary_table(targets, lang, asof),
        selector,
        html.Div(
            content(lang, target, asof, targets), id=f"{PAGE}-content", **{"aria-live": "polite"}
        ),
        dcc.Store(id=f"{PAGE}-context", data={"lang": lang, "asof": asof}),
        url_state.store(PAGE),
    ]
    return page(lang, "/targets", [c for c in children if c is not None], keep)

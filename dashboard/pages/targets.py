"""Targets: for each national or local target, the observed series against the target value or
band and the linear path required from the base, its status by the SDSN trend method, the key
numbers in words, its legal basis and sources. ``?target=<id>`` focuses one target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import polars as pl
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import downloads, url_state
from dashboard.components import badge, chart_card, data_table, sources_list, url
from dashboard.components import page as page_frame
from dashboard.data import NoWarehouse, query
from dashboard.figures.common import fmt_value, split_ids
from dashboard.figures.targets import (
    deadline_label,
    drawn,
    goal_label,
    goal_with_deadline,
    is_aggregated,
    key_numbers,
    measure_label,
    period_label,
    progress_figure,
    related_figure,
)
from dashboard.i18n import lang_of, t, tr
from dashboard.theme import STATUS_COLOURS, STATUS_ORDER

dash.register_page(__name__, path="/targets", name="targets", title="Mục tiêu · Targets", order=1)

PAGE = "targets"
CHIP = f"{PAGE}-chip"
STATUS_CHIP = f"{PAGE}-status-chip"
PAGE_BUTTON = f"{PAGE}-page-button"
ALL_VALUE = "all"
# At most this many target cards (each with its chart) at once; more targets are paged, in the
# order of the target_progress query (deadline, soonest first), and filtered by status.
PAGE_SIZE = 5
# A target with more observations than this is drawn as yearly means (see targets_series.sql).
MAX_POINTS = 60
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
    "chart_note_means": {"vi": "Chuỗi dài ({n} số đo) được vẽ thành trung bình theo năm của mỗi đơn vị đo; vạch dọc: từ giá trị thấp nhất đến cao nhất trong năm; di chuột để xem số giá trị và nguồn. Bảng và CSV là các điểm đã vẽ.", "en": "A long series ({n} observations) drawn as yearly means per measure; whiskers: lowest to highest value of the year; hover for the number of values and the sources. The table and the CSV hold the points drawn."},
    "summary_count": {"vi": "Tất cả {n} mục tiêu (bảng)", "en": "All {n} targets (table)"},
    "status_filter": {"vi": "Lọc theo trạng thái", "en": "Filter by status"},
    "status_all": {"vi": "Mọi trạng thái ({n})", "en": "Any status ({n})"},
    "status_chip": {"vi": "{status} ({n})", "en": "{status} ({n})"},
    "select_page_label": {"vi": "Chọn mục tiêu để xem (trong trang này)", "en": "Target to focus on (on this page)"},
    "pages": {"vi": "Các trang mục tiêu", "en": "Pages of targets"},
    "page_button": {"vi": "Trang {n}", "en": "Page {n}"},
    "showing": {"vi": "Đang hiển thị mục tiêu {first}–{last} trong {n} mục tiêu{which}, xếp theo thời hạn (gần nhất trước). Chọn trang hoặc trạng thái để xem các mục tiêu khác; bảng “Tất cả mục tiêu” liệt kê đủ {total} mục tiêu và CSV tải về có đủ các điểm.", "en": "Showing targets {first}–{last} of {n}{which}, ordered by deadline (soonest first). Pick a page or a status to see the others; the “All targets” table lists all {total} and each CSV holds every point drawn."},
    "showing_which": {"vi": " có trạng thái “{status}”", "en": " with status “{status}”"},
    "none_with_status": {"vi": "Không có mục tiêu nào có trạng thái này.", "en": "No target has this status."},
}
# fmt: on


def load_targets() -> pl.DataFrame:
    """target_progress: every target with its status, path ends and legal basis, one row a
    target, ordered by deadline (soonest first)."""
    return query("target_progress")


def load_series(target_ids: list[str]) -> pl.DataFrame:
    """The chart rows of the given targets: observations, or yearly means of a long series with
    the latest period's observations beside them (row_kind, see targets_series.sql)."""
    return query("targets_series", target_ids=target_ids, max_points=MAX_POINTS)


def load_related(target_ids: list[str]) -> pl.DataFrame:
    ids = [i for tid in target_ids for i in RELATED.get(tid, ())]
    return query("targets_related", indicator_ids=ids)


def selected_ids(targets: pl.DataFrame, target: str | None) -> list[str]:
    """The selected target's id, or every target's when none (or an unknown one) is selected."""
    ids = targets["target_id"].to_list()
    return [target] if target in ids else ids


def page_number(value: Any) -> int:
    """The 1-based page of ``?page=``; 1 when missing or not a positive number."""
    try:
        return max(1, int(str(value)))
    except ValueError:
        return 1


def known_status(targets: pl.DataFrame, status: str | None) -> str | None:
    return status if status in set(targets["status"].to_list()) else None


def paged(
    targets: pl.DataFrame, status: str | None, page_no: int
) -> tuple[pl.DataFrame, pl.DataFrame, int, int]:
    """The targets of the status filter, the slice of them on page ``page_no`` (clamped to the
    pages there are), that page and the number of pages."""
    matching = targets if status is None else targets.filter(pl.col("status") == status)
    pages = max(1, -(-matching.height // PAGE_SIZE))
    page_no = min(page_no, pages)
    return matching, matching.slice((page_no - 1) * PAGE_SIZE, PAGE_SIZE), page_no, pages


def series_csv(series: pl.DataFrame, targets: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The plotted points, one row a point (an observation, or a yearly mean of a long series
    with how many values it averages and their range), with the target value or band beside."""
    goal = targets.select(
        "target_id",
        pl.col(f"title_{lang}").alias("target"),
        pl.col("comparison").alias("target_comparison"),
        pl.col("value_low").alias("target_value_low"),
        pl.col("value_high").alias("target_value_high"),
        pl.col("deadline_text").alias("target_deadline"),
    )
    return (
        drawn(series)
        .join(goal, on="target_id", how="left", maintain_order="left")
        .select(
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
            pl.col("row_kind").alias("point"),
            "n_values",
            "value_min",
            "value_max",
            "target_comparison",
            "target_value_low",
            "target_value_high",
            "target_deadline",
        )
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
    periods = [
        period_label(text, precision, lang)
        for text, precision in zip(frame["period_text"], frame["period_precision"], strict=True)
    ]
    measures = [measure_label(m, lang) for m in frame["measure"]]
    return frame.with_columns(
        pl.Series("period_label", periods, dtype=pl.String),
        pl.Series("measure_label", measures, dtype=pl.String),
    )


def _columns(lang: str, *pairs: tuple[str, str]) -> dict[str, str]:
    return {column: tr(TEXT, key, lang) for column, key in pairs}


def _sources_of(sources: pl.DataFrame, ids: list[str]) -> pl.DataFrame:
    """The rows of ``ids`` among the sources read once for the whole page."""
    return sources.filter(pl.col("source_id").is_in(ids))


def progress_card(
    r: Mapping[str, Any], series: pl.DataFrame, lang: str, asof: str | None, sources: pl.DataFrame
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
    points = drawn(series)
    note = tr(TEXT, "chart_note", lang)
    if is_aggregated(points):
        note += " " + tr(TEXT, "chart_note_means", lang, n=r["n_observations"])
    ids = split_ids(*points["source_id"].to_list(), r["target_source_ids"])
    return chart_card(
        cid,
        title,
        progress_figure(points, r, lang, r["target_source_ids"] or ""),
        lang=lang,
        note=note,
        table=data_table(_with_labels(points, lang), cols, lang, title),
        sources=sources_list(_sources_of(sources, ids), lang, cid),
        csv_href=downloads.href("targets-series", lang=lang, target=r["target_id"], asof=asof),
    )


def related_card(
    tid: str, related: pl.DataFrame, lang: str, asof: str | None, sources: pl.DataFrame
) -> html.Section:
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
        sources=sources_list(_sources_of(sources, ids), lang, cid),
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
    r: Mapping[str, Any],
    series: pl.DataFrame,
    related: pl.DataFrame,
    lang: str,
    asof: str | None,
    sources: pl.DataFrame,
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
        body.append(progress_card(r, series, lang, asof, sources))
    else:
        ids = split_ids(r["target_source_ids"])
        body.append(sources_list(_sources_of(sources, ids), lang, f"{PAGE}-{tid}"))
    if related.height:
        body.append(related_card(tid, related, lang, asof, sources))
    return html.Section(
        body,
        className="card target-card",
        id=f"{PAGE}-{tid}",
        **{"aria-labelledby": f"{PAGE}-{tid}-heading"},
    )


def target_blocks(shown: pl.DataFrame, lang: str, asof: str | None) -> list[html.Section]:
    """The cards of the ``shown`` targets, from one read of their series, related indicators
    and sources."""
    ids = shown["target_id"].to_list()
    series = load_series(ids)
    related = load_related(ids)
    source_ids = split_ids(
        *series["source_id"].to_list(),
        *related["source_id"].to_list(),
        *shown["target_source_ids"].to_list(),
    )
    sources = query("sources", ids=source_ids)
    by_target = series.partition_by("target_id", as_dict=True, maintain_order=True)
    empty = series.clear()
    blocks = []
    for r in shown.iter_rows(named=True):
        mine = by_target.get((r["target_id"],), empty)
        theirs = related.filter(pl.col("indicator_id").is_in(RELATED.get(r["target_id"], ())))
        blocks.append(target_block(r, mine, theirs, lang, asof, sources))
    return blocks


def chip_states(values: list[str], selected: str | None) -> list[str]:
    """aria-pressed of each chip: the selected target's, or 'all' when none is selected."""
    return [str(v == (selected or ALL_VALUE)).lower() for v in values]


def _chips(kind: str, options: list[tuple[str, str]], selected: str | None) -> list[html.Button]:
    states = chip_states([v for v, _ in options], selected)
    return [
        html.Button(
            label,
            id={"type": kind, "value": value},
            n_clicks=0,
            type="button",
            className="targets-chip",
            **{"aria-pressed": state, "data-value": value},
        )
        for (value, label), state in zip(options, states, strict=True)
    ]


def target_selector(
    targets: pl.DataFrame, target: str | None, lang: str, paging: bool = False
) -> html.Fieldset:
    """One toggle button per target (those of the current page when the targets are paged) plus
    'All targets', in a labelled group. The selection goes to a hidden input that url_state
    syncs with ``?target=``. Native buttons with aria-pressed, not dcc.Dropdown or
    dcc.RadioItems: Dash 4's fail axe-core (an aria-hidden focusable input; options with nested
    interactive controls in an unnamed listbox)."""
    options = [(ALL_VALUE, tr(TEXT, "select_all", lang))]
    options += [(r["target_id"], r[f"title_{lang}"]) for r in targets.iter_rows(named=True)]
    legend = tr(TEXT, "select_page_label" if paging else "select_label", lang)
    return html.Fieldset(
        [
            html.Legend(legend, id=f"{PAGE}-select-label"),
            html.Div(_chips(CHIP, options, target), className="targets-chips"),
        ],
        className="card targets-selector",
        id=f"{PAGE}-selector",
    )


def status_filter(targets: pl.DataFrame, status: str | None, lang: str) -> html.Fieldset:
    """One toggle button per status class present, with how many targets have it."""
    counts = dict(targets.group_by("status").len().iter_rows())
    options = [(ALL_VALUE, tr(TEXT, "status_all", lang, n=targets.height))]
    options += [
        (s, tr(TEXT, "status_chip", lang, status=t(f"status_{s}", lang), n=counts[s]))
        for s in STATUS_ORDER
        if s in counts
    ]
    return html.Fieldset(
        [
            html.Legend(tr(TEXT, "status_filter", lang), id=f"{PAGE}-status-label"),
            html.Div(_chips(STATUS_CHIP, options, status), className="targets-chips"),
        ],
        className="card targets-selector targets-status-filter",
        id=f"{PAGE}-status-filter",
    )


def pager(page_no: int, pages: int, lang: str) -> html.Nav:
    """A button per page of targets; the current one marked with aria-current."""
    buttons = [
        html.Button(
            str(n),
            id={"type": PAGE_BUTTON, "value": str(n)},
            n_clicks=0,
            type="button",
            className="targets-chip targets-page-button",
            **{
                "aria-label": tr(TEXT, "page_button", lang, n=n),
                "aria-current": "page" if n == page_no else "false",
                "data-value": str(n),
            },
        )
        for n in range(1, pages + 1)
    ]
    return html.Nav(
        html.Div(buttons, className="targets-chips"),
        className="targets-pager",
        id=f"{PAGE}-pager",
        **{"aria-label": tr(TEXT, "pages", lang)},
    )


def content(
    lang: str,
    target: str | None,
    asof: str | None = None,
    targets: pl.DataFrame | None = None,
    status: str | None = None,
    page_no: int = 1,
) -> list[Any]:
    """The controls and target blocks: the selected target, or one page (at most PAGE_SIZE) of
    the targets with the status asked for, in deadline order, with "showing N of M" when not
    all of them fit on one page."""
    targets = load_targets() if targets is None else targets
    status = known_status(targets, status)
    if target not in targets["target_id"].to_list():
        target = None
    matching, shown, page_no, pages = paged(targets, status, page_no)
    if target is not None:
        # the page the focused target is on, for the chips beside it
        at = matching["target_id"].to_list()
        if target in at:
            matching, shown, page_no, pages = paged(
                targets, status, at.index(target) // PAGE_SIZE + 1
            )
    scale = targets.height > PAGE_SIZE
    children: list[Any] = []
    if scale:
        children.append(status_filter(targets, status, lang))
    children.append(target_selector(shown, target, lang, paging=scale))
    if scale:
        if pages > 1:
            children.append(pager(page_no, pages, lang))
        if matching.height:
            first = (page_no - 1) * PAGE_SIZE + 1
            which = (
                tr(TEXT, "showing_which", lang, status=t(f"status_{status}", lang))
                if status
                else ""
            )
            children.append(
                html.P(
                    tr(
                        TEXT, "showing", lang, first=first, last=first + shown.height - 1,
                        n=matching.height, which=which, total=targets.height,
                    ),
                    className="muted targets-showing",
                    id=f"{PAGE}-showing",
                    role="status",
                )
            )  # fmt: skip
        else:
            children.append(html.P(tr(TEXT, "none_with_status", lang), className="muted"))
    cards = targets.filter(pl.col("target_id") == target) if target else shown
    return [*children, *target_blocks(cards, lang, asof)]


def summary_table(targets: pl.DataFrame, lang: str, asof: str | None) -> html.Section:
    """Every target in one table with a link to its view; folded away when the targets are
    paged (more than one page of them)."""
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
    table = html.Div(
        html.Table(
            [html.Caption(title), head, html.Tbody(rows)],
            className="data-table targets-summary-table",
        ),
        className="table-wrap",
    )
    if targets.height > PAGE_SIZE:
        table = html.Details(
            [html.Summary(tr(TEXT, "summary_count", lang, n=targets.height)), table],
            className="table-details",
            id=f"{PAGE}-summary-details",
        )
    return html.Section(
        [html.H2(title, id=f"{PAGE}-summary-title"), table],
        className="card",
        id=f"{PAGE}-summary",
        **{"aria-labelledby": f"{PAGE}-summary-title"},
    )


url_state.register(
    PAGE, {"target": f"{PAGE}-select", "status": f"{PAGE}-status", "page": f"{PAGE}-page"}
)


@callback(
    Output(f"{PAGE}-select", "value"),
    Output(f"{PAGE}-status", "value"),
    Output(f"{PAGE}-page", "value"),
    Input({"type": CHIP, "value": ALL}, "n_clicks"),
    Input({"type": STATUS_CHIP, "value": ALL}, "n_clicks"),
    Input({"type": PAGE_BUTTON, "value": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
def _chip_clicked(*_clicks: list[int]) -> tuple[Any, Any, Any]:
    """A chip was clicked: a target (focus it), a status (filter by it, from page 1) or a page
    (show it); the new values of the hidden inputs the URL and the content follow."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    kind, value = ctx.triggered_id["type"], ctx.triggered_id["value"]
    if kind == CHIP:
        return ("" if value == ALL_VALUE else value), no_update, no_update
    if kind == STATUS_CHIP:
        return "", ("" if value == ALL_VALUE else value), ""
    return "", no_update, ("" if value == "1" else value)


@callback(
    Output(f"{PAGE}-content", "children"),
    Input(f"{PAGE}-select", "value"),
    Input(f"{PAGE}-status", "value"),
    Input(f"{PAGE}-page", "value"),
    State(f"{PAGE}-context", "data"),
    prevent_initial_call=True,
)
def _focus(
    target: str | None,
    status: str | None,
    page_no: str | None,
    context: dict[str, Any] | None,
) -> list[Any]:
    context = context or {}
    return content(
        lang_of(context.get("lang")),
        target or None,
        context.get("asof"),
        status=status or None,
        page_no=page_number(page_no),
    )


def layout(
    lang: str = "vi",
    target: str | None = None,
    status: str | None = None,
    page: str | None = None,
    **query_args: Any,
) -> html.Div:
    lang = lang_of(lang)
    asof = query_args.get("asof")
    keep = {**query_args, "target": target, "status": status, "page": page}
    try:
        targets = load_targets()
    except NoWarehouse:
        return page_frame(lang, "/targets", html.P(t("no_data", lang)), keep)
    ids = targets["target_id"].to_list()
    notice = None
    if target and target not in ids:
        notice = html.P(
            tr(TEXT, "unknown_target", lang, id=target),
            className="banner banner-warn",
            role="alert",
        )
        target = None
    status = known_status(targets, status)
    page_no = page_number(page)
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
        dcc.Input(id=f"{PAGE}-select", type="hidden", value=target or ""),
        dcc.Input(id=f"{PAGE}-status", type="hidden", value=status or ""),
        dcc.Input(id=f"{PAGE}-page", type="hidden", value="" if page_no == 1 else str(page_no)),
        html.Div(
            content(lang, target, asof, targets, status, page_no),
            id=f"{PAGE}-content",
            **{"aria-live": "polite"},
        ),
        dcc.Store(id=f"{PAGE}-context", data={"lang": lang, "asof": asof}),
        url_state.store(PAGE),
    ]
    return page_frame(lang, "/targets", [c for c in children if c is not None], keep)

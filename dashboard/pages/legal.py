"""Legal pipeline: named instruments by jurisdiction and stage, adoptions and entries into force
over time, adoption votes, and the counts sources give without naming each instrument."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import polars as pl
from dash import Input, Output, State, dcc, html

from dashboard import downloads, toggles, url_state
from dashboard.components import (
    badge,
    chart_card,
    data_table,
    date_label,
    page,
    sources_list,
)
from dashboard.data import NoWarehouse, query
from dashboard.figures.common import split_ids
from dashboard.figures.legal import (
    KINDS,
    jurisdiction_label,
    kind_label,
    quarter_label,
    stage_bars,
    stage_label,
    timeline_bars,
    timeline_rows,
    timeline_unplaced,
    votes_dots,
)
from dashboard.i18n import lang_of, t, tr
from dashboard.theme import STAGE_COLOURS

dash.register_page(__name__, path="/legal", name="legal", title="Pháp lý · Legal pipeline", order=4)

PAGE = "legal"
CONTROLS = {"jurisdiction": "legal-jurisdiction", "kind": "legal-kind"}
# bounds at scale (the seed data stays under every one): jurisdictions in the stage chart,
# milestones in the timeline table and the unplaced line, laws in the votes chart, count cards,
# sources in a list under a chart, chips shown before "more"
TOP_JURISDICTIONS = 12
TIMELINE_ROWS = 60
UNPLACED_ITEMS = 10
VOTES_ROWS = 25
COUNT_CARDS = 12
SOURCES_CAP = 60
CHIPS_SHOWN = 16
url_state.register(PAGE, CONTROLS)

TEXT = {
    "heading": {"vi": "Pháp lý", "en": "Legal pipeline"},
    "lead": {
        "vi": "Các luật, nghị định, nghị quyết, chiến lược và chương trình về khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số: mỗi văn bản đang ở bước nào, được thông qua khi nào, "
        "với bao nhiêu phiếu tán thành, và có hiệu lực từ bao giờ.",
        "en": "Laws, decrees, resolutions, strategies and programmes on science, technology, "
        "innovation and digital transformation: the stage each has reached, when it was adopted, "
        "by how many votes, and when it enters into force.",
    },
    "filters": {"vi": "Bộ lọc", "en": "Filters"},
    "jurisdiction": {"vi": "Quốc gia ban hành", "en": "Jurisdiction"},
    "kind": {"vi": "Loại văn bản", "en": "Kind of instrument"},
    "filter_note": {
        "vi": "Không chọn mục nào là xem tất cả. Bộ lọc áp dụng cho mọi biểu đồ, bảng, nguồn và tệp CSV "
        "trên trang, và được lưu trong đường dẫn.",
        "en": "Select nothing to see everything. The filters apply to every chart, table, source list and CSV "
        "on this page, and are kept in the link.",
    },
    "stages_chart": {
        "vi": "Văn bản theo quốc gia và bước hiện tại",
        "en": "Instruments by jurisdiction and current stage",
    },
    "stages_note": {
        "vi": "Các bước: được nhắc đến → đề xuất → đang soạn thảo → đã trình → đã thông qua → "
        "có hiệu lực. Chỉ tính văn bản được nêu tên; một bước chỉ được tính khi đã diễn ra "
        "(không tính bước mới dự kiến).",
        "en": "Stages: mentioned → proposed → drafting → submitted → adopted → in force. Named "
        "instruments only; a stage counts once it has happened (planned steps do not count).",
    },
    "counts": {
        "vi": "Số liệu nguồn công bố nhưng chưa nêu tên từng văn bản",
        "en": "Counts sources give without naming each instrument",
    },
    "counts_note": {
        "vi": "Con số giữ nguyên như nguồn nêu tại ngày công bố; dòng «Đến nay» cho biết các văn "
        "bản được nêu tên liên quan đã tiến triển ra sao.",
        "en": "Each number is as the source stated it on its date; “Today” shows how the named "
        "instruments it refers to have moved since.",
    },
    "counts_none": {
        "vi": "Không có số liệu tổng hợp nào trong lựa chọn này.",
        "en": "No reported count in this selection.",
    },
    "as_of": {"vi": "Tính đến {d}", "en": "As of {d}"},
    "planned": {"vi": "Kế hoạch", "en": "Planned"},
    "due": {"vi": "dự kiến {d}", "en": "due {d}"},
    "today": {"vi": "Đến nay", "en": "Today"},
    "named_list": {"vi": "Các văn bản được nêu tên", "en": "The named instruments"},
    "since_all": {
        "vi": "cả {n} {kind} được nêu tên đã được thông qua{when}",
        "en": "all {n} named {kind} adopted{when}",
    },
    "since_one": {
        "vi": "{kind} được nêu tên đã được thông qua{when}",
        "en": "the named {kind} was adopted{when}",
    },
    "since_some": {
        "vi": "{a}/{n} {kind} được nêu tên đã được thông qua{when}",
        "en": "{a} of {n} named {kind} adopted{when}",
    },
    "since_none": {
        "vi": "chưa {kind} nào trong {n} {kind} được nêu tên được thông qua",
        "en": "none of the {n} named {kind} adopted yet",
    },
    "since_none_one": {
        "vi": "{kind} được nêu tên chưa được thông qua",
        "en": "the named {kind} is not adopted yet",
    },
    "since_in_force": {"vi": "{m} đã có hiệu lực", "en": "{m} now in force"},
    "since_in_force_one": {"vi": "và đã có hiệu lực", "en": "and is now in force"},
    "kind_one_law": {"vi": "luật", "en": "law"},
    "kind_one_other": {"vi": "văn bản", "en": "instrument"},
    "since_inferred": {"vi": "có ngày suy luận", "en": "some dates inferred"},
    "kind_plural_law": {"vi": "luật", "en": "laws"},
    "kind_plural_other": {"vi": "văn bản", "en": "instruments"},
    "timeline_chart": {
        "vi": "Văn bản được thông qua và có hiệu lực theo quý",
        "en": "Instruments adopted and entering into force, by quarter",
    },
    "timeline_note": {
        "vi": "Chỉ các mốc biết đến ngày hoặc tháng mới được đặt lên trục (mỗi mốc nằm gọn trong "
        "một quý). Cột gạch chéo: ngày có hiệu lực còn ở phía trước.",
        "en": "Only milestones known to the day or month are placed (each falls in one "
        "quarter). Hatched bars: entry into force still to come.",
    },
    "unplaced": {
        "vi": "Không đặt lên trục: {n} mốc chưa rõ ngày hoặc chỉ biết năm — {items}.",
        "en": "Not on the axis: {n} milestones with no date or only a year — {items}.",
    },
    "unplaced_one": {
        "vi": "Không đặt lên trục: 1 mốc chưa rõ ngày hoặc chỉ biết năm — {items}.",
        "en": "Not on the axis: 1 milestone with no date or only a year — {items}.",
    },
    "unplaced_none": {
        "vi": "Mọi mốc trong lựa chọn này đều có ngày và được đặt lên trục.",
        "en": "Every milestone in this selection is dated and on the axis.",
    },
    "votes_chart": {
        "vi": "Luật đã thông qua: ngày, số phiếu và hiệu lực",
        "en": "Adopted laws: dates, votes and entry into force",
    },
    "votes_note": {
        "vi": "Chấm: tỷ lệ đại biểu tán thành trên số đại biểu tham gia biểu quyết (ví dụ Luật Dữ "
        "liệu 451/458). Ngày ghi đúng độ chính xác nguồn cho; «suy luận» là ngày được suy ra, "
        "không do nguồn nêu trực tiếp.",
        "en": "Dot: deputies voting in favour as a share of those voting (e.g. Law on Data "
        "451/458). Dates at the precision the source gives; “inferred” marks a date worked out "
        "rather than stated.",
    },
    "col_jurisdiction": {"vi": "Quốc gia", "en": "Jurisdiction"},
    "col_stage": {"vi": "Bước hiện tại", "en": "Stage now"},
    "col_n": {"vi": "Số văn bản", "en": "Instruments"},
    "col_titles": {"vi": "Văn bản", "en": "Instruments"},
    "col_sources": {"vi": "Nguồn", "en": "Sources"},
    "col_quarter": {"vi": "Quý", "en": "Quarter"},
    "col_event": {"vi": "Mốc", "en": "Milestone"},
    "col_title": {"vi": "Văn bản", "en": "Instrument"},
    "col_kind": {"vi": "Loại", "en": "Kind"},
    "col_date": {"vi": "Ngày", "en": "Date"},
    "col_adopted": {"vi": "Ngày thông qua", "en": "Adopted"},
    "col_votes": {"vi": "Tán thành / tham gia", "en": "For / voting"},
    "col_pct": {"vi": "% tán thành", "en": "% in favour"},
    "col_in_force": {"vi": "Ngày có hiệu lực", "en": "In force"},
    "event_adopted": {"vi": "Thông qua", "en": "Adopted"},
    "event_in_force": {"vi": "Có hiệu lực", "en": "In force"},
    "event_scheduled": {"vi": "Có hiệu lực (sắp tới)", "en": "In force (to come)"},
    "stages_capped": {
        "vi": "Đang hiển thị {n} / {total} quốc gia có nhiều văn bản nhất; chọn quốc gia trong bộ "
        "lọc để xem các nước khác; tệp CSV có đủ cả {total}.",
        "en": "Showing {n} of {total} jurisdictions, those with most instruments; pick one under "
        "Jurisdiction to see the others; the CSV has all {total}.",
    },
    "timeline_capped": {
        "vi": "Bảng liệt kê {n} / {total} mốc gần đây nhất và sắp tới; dùng bộ lọc để thu hẹp; "
        "tệp CSV có đủ cả {total}.",
        "en": "The table lists the {n} most recent and upcoming of {total} milestones; use the "
        "filters to narrow them down; the CSV has all {total}.",
    },
    "votes_capped": {
        "vi": "Đang hiển thị {n} / {total} luật được thông qua gần đây nhất; tệp CSV có đủ cả "
        "{total}; dùng bộ lọc quốc gia để thu hẹp.",
        "en": "Showing the {n} most recently adopted of {total} laws; the CSV has all {total}; "
        "use the jurisdiction filter to narrow them down.",
    },
    "counts_capped": {
        "vi": "Đang hiển thị {n} / {total} số liệu mới nhất; dùng bộ lọc để xem các số liệu khác.",
        "en": "Showing the {n} latest of {total} counts; use the filters to see the others.",
    },
    "sources_capped": {
        "vi": "Đang hiển thị {n} / {total} nguồn; mã nguồn của từng dòng có trong bảng và tệp CSV.",
        "en": "Showing {n} of {total} sources; the table and the CSV give each row's source ids.",
    },
    "unplaced_more": {"vi": "… và {n} mốc khác", "en": "… and {n} more"},
    "more_chips": {"vi": "Thêm {n} lựa chọn", "en": "{n} more"},
    "titles_more": {"vi": "… và {n} văn bản khác", "en": "… and {n} more"},
}


def _list_arg(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return url_state.split(value)


def filters_of(args: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Jurisdictions and kinds selected by query arguments (comma-joined; empty = all)."""
    return _list_arg(args.get("jurisdiction")), _list_arg(args.get("kind"))


def _csv_args(lang: str, jurisdictions: list[str], kinds: list[str]) -> dict[str, str]:
    return {"lang": lang, "jurisdiction": ",".join(jurisdictions), "kind": ",".join(kinds)}


# ---- data behind each chart (shared by the layout, the callback and the CSV downloads) ----


def stage_frame(jurisdictions: list[str], kinds: list[str]) -> pl.DataFrame:
    return query("legal_stages", jurisdictions=jurisdictions, kinds=kinds)


def timeline_frame(jurisdictions: list[str], kinds: list[str]) -> pl.DataFrame:
    return query("legal_timeline", jurisdictions=jurisdictions, kinds=kinds)


def votes_frame(jurisdictions: list[str], kinds: list[str]) -> pl.DataFrame:
    return query("legal_votes", jurisdictions=jurisdictions, kinds=kinds)


def _label_col(frame: pl.DataFrame, source: str, name: str, fn: Any) -> pl.DataFrame:
    return frame.with_columns(pl.col(source).map_elements(fn, return_dtype=pl.String).alias(name))


def stage_table_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The rows the stage chart draws, with readable labels."""
    frame = _label_col(
        frame, "jurisdiction", "jurisdiction_label", lambda j: jurisdiction_label(j, lang)
    )
    frame = _label_col(frame, "stage", "stage_label", lambda s: stage_label(s, lang))
    return frame.select(
        "jurisdiction", "jurisdiction_label", "stage", "stage_label", "n_instruments",
        "instrument_ids", pl.col(f"titles_{lang}").alias("titles"), "source_ids",
    )  # fmt: skip


def timeline_table_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The milestones the timeline places on its axis, with readable labels."""
    rows = timeline_rows(frame)
    labels = [
        date_label(r["date_text"], r["date_precision"], lang, r["date_inferred"])
        for r in rows.iter_rows(named=True)
    ]
    events = [
        tr(TEXT, "event_scheduled" if r["scheduled"] else f"event_{r['event']}", lang)
        for r in rows.iter_rows(named=True)
    ]
    quarters = [quarter_label(q, lang, " ") for q in rows["quarter_start"].to_list()]
    return rows.with_columns(
        pl.Series("quarter", quarters, dtype=pl.String),
        pl.Series("event_label", events, dtype=pl.String),
        pl.Series("date_label", labels, dtype=pl.String),
        pl.col(f"title_{lang}").alias("title"),
    ).select(
        "quarter", "event", "event_label", "scheduled", "instrument_id", "jurisdiction", "kind",
        "title", "date_text", "date_precision", "date_inferred", "date_label", "source_ids",
    )  # fmt: skip


def votes_table_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The adopted instruments the votes chart lists, with readable dates and labels."""
    rows = list(frame.iter_rows(named=True))
    adopted = [
        date_label(r["adopted_text"], r["adopted_precision"], lang, r["adopted_inferred"])
        for r in rows
    ]
    effective = [date_label(r["effective_text"], r["effective_precision"], lang) for r in rows]
    votes = [
        f"{r['votes_for']}/{r['votes_present']}" if r["votes_for"] is not None else None
        for r in rows
    ]
    return frame.with_columns(
        pl.col(f"title_{lang}").alias("title"),
        pl.Series("kind_label", [kind_label(r["kind"], lang) for r in rows], dtype=pl.String),
        pl.Series("adopted_label", adopted, dtype=pl.String),
        pl.Series("votes", votes, dtype=pl.String),
        pl.Series("effective_label", effective, dtype=pl.String),
        pl.Series("stage_label", [stage_label(r["stage"], lang) for r in rows], dtype=pl.String),
    ).select(
        "instrument_id", "jurisdiction", "kind", "kind_label", "number", "title", "adopted_text",
        "adopted_precision", "adopted_inferred", "adopted_label", "adopted_note", "votes_for",
        "votes_present", "votes", "votes_for_pct", "effective_text", "effective_precision",
        "effective_label", "stage", "stage_label", "source_ids",
    )  # fmt: skip


@downloads.register("legal-stages")
def _stages_csv(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    return stage_table_frame(stage_frame(*filters_of(args)), lang)


@downloads.register("legal-timeline")
def _timeline_csv(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    return timeline_table_frame(timeline_frame(*filters_of(args)), lang)


@downloads.register("legal-votes")
def _votes_csv(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    return votes_table_frame(votes_frame(*filters_of(args)), lang)


# ---- pieces of the page ----


def _stage_table(frame: pl.DataFrame, lang: str) -> html.Div:
    cols = {
        "jurisdiction_label": tr(TEXT, "col_jurisdiction", lang),
        "stage_label": tr(TEXT, "col_stage", lang),
        "n_instruments": tr(TEXT, "col_n", lang),
        "titles": tr(TEXT, "col_titles", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    table = stage_table_frame(frame, lang).with_columns(
        pl.col("titles").map_elements(lambda x: _cut(x, " | ", lang), return_dtype=pl.String),
        pl.col("source_ids").map_elements(lambda x: _cut(x, ", ", lang), return_dtype=pl.String),
    )
    return data_table(table, cols, lang, tr(TEXT, "stages_chart", lang))


TABLE_ITEMS = 10  # titles or source ids in one table cell (the CSV has them all)


def _cut(text: str | None, sep: str, lang: str) -> str | None:
    """The first TABLE_ITEMS items of a joined list, with '… and n more'."""
    if not text:
        return text
    items = text.split(sep)
    if len(items) <= TABLE_ITEMS:
        return text
    more = tr(TEXT, "titles_more", lang, n=len(items) - TABLE_ITEMS)
    return sep.join(items[:TABLE_ITEMS]) + f"{sep}{more}"


def _timeline_table(frame: pl.DataFrame, lang: str) -> html.Div:
    cols = {
        "quarter": tr(TEXT, "col_quarter", lang),
        "event_label": tr(TEXT, "col_event", lang),
        "title": tr(TEXT, "col_title", lang),
        "date_label": tr(TEXT, "col_date", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    table = timeline_table_frame(frame, lang)
    return data_table(table, cols, lang, tr(TEXT, "timeline_chart", lang))


def _votes_table(frame: pl.DataFrame, lang: str) -> html.Div:
    cols = {
        "title": tr(TEXT, "col_title", lang),
        "kind_label": tr(TEXT, "col_kind", lang),
        "adopted_label": tr(TEXT, "col_adopted", lang),
        "votes": tr(TEXT, "col_votes", lang),
        "votes_for_pct": tr(TEXT, "col_pct", lang),
        "effective_label": tr(TEXT, "col_in_force", lang),
        "stage_label": tr(TEXT, "col_stage", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    return data_table(votes_table_frame(frame, lang), cols, lang, tr(TEXT, "votes_chart", lang))


def unplaced_text(frame: pl.DataFrame, lang: str) -> str:
    """How many milestones the timeline leaves off its axis, and which."""
    missing = timeline_unplaced(frame)
    if missing.is_empty():
        return tr(TEXT, "unplaced_none", lang)
    items = [
        f"{r[f'title_{lang}']} ({tr(TEXT, 'event_' + r['event'], lang).lower()}, "
        f"{date_label(r['date_text'], r['date_precision'], lang, r['date_inferred'])})"
        for r in missing.head(UNPLACED_ITEMS).iter_rows(named=True)
    ]
    if missing.height > UNPLACED_ITEMS:
        items.append(tr(TEXT, "unplaced_more", lang, n=missing.height - UNPLACED_ITEMS))
    key = "unplaced_one" if missing.height == 1 else "unplaced"
    return tr(TEXT, key, lang, n=missing.height, items="; ".join(items))


def _month_labels(named: list[dict], lang: str) -> str:
    months: dict[str, None] = {}
    for r in named:
        if r["adopted_precision"] in ("day", "month") and r["adopted_start"] is not None:
            d = r["adopted_start"]
            months[f"{d.year:04d}-{d.month:02d}"] = None
        elif r["adopted_text"]:
            months[r["adopted_text"]] = None
    labels = []
    for text in sorted(months):
        precision = "month" if len(text) == 7 else "year" if len(text) == 4 else "day"
        labels.append(date_label(text, precision, lang))
    return ", ".join(labels)


def since_summary(named: list[dict], lang: str) -> str | None:
    """What became of the named instruments a count refers to, e.g. 'all 4 named laws adopted
    (Dec 2025); 1 now in force'."""
    if not named:
        return None
    n = len(named)
    plural = "law" if all(r["kind"] == "law" for r in named) else "other"
    kind = tr(TEXT, f"kind_plural_{plural}", lang)
    adopted = [r for r in named if r["stage_rank"] >= 4]
    in_force = [r for r in named if r["stage"] == "in_force"]
    when = _month_labels(adopted, lang)
    if any(r["adopted_inferred"] for r in adopted):
        when = f"{when}, {tr(TEXT, 'since_inferred', lang)}" if when else ""
    when = f" ({when})" if when else ""
    if n == 1:
        kind = tr(TEXT, f"kind_one_{plural}", lang)
    if not adopted:
        text = tr(TEXT, "since_none_one" if n == 1 else "since_none", lang, n=n, kind=kind)
    elif len(adopted) == n:
        text = tr(TEXT, "since_one" if n == 1 else "since_all", lang, n=n, kind=kind, when=when)
    else:
        text = tr(TEXT, "since_some", lang, a=len(adopted), n=n, kind=kind, when=when)
    if in_force and n == 1:
        text += " " + tr(TEXT, "since_in_force_one", lang)
    elif in_force:
        text += "; " + tr(TEXT, "since_in_force", lang, m=len(in_force))
    return text[0].upper() + text[1:] + "."


def _source_links(ids: list[str], sources: pl.DataFrame, lang: str) -> list[Any]:
    out: list[Any] = [t("sources", lang) + ": "]
    rows = {r["source_id"]: r for r in sources.iter_rows(named=True)}
    for i, sid in enumerate(ids):
        r = rows.get(sid)
        if i:
            out.append("; ")
        if r is None:
            out.append(sid)
            continue
        when = date_label(r["published_text"], r["published_precision"], lang)
        label = f"{r['publisher']}, {when}" if r["published_text"] else r["publisher"]
        out.append(
            html.A(label, href=r["url"], target="_blank", rel="noopener") if r["url"] else label
        )
    return out


def count_cards(counts: pl.DataFrame, named: pl.DataFrame, lang: str) -> list[Any]:
    """One headline card per reported count: the number, what it counts, its date and source,
    and what became of the named instruments it refers to."""
    if counts.is_empty():
        return [html.P(tr(TEXT, "counts_none", lang), className="muted")]
    sources = query("sources", ids=split_ids(*counts["source_ids"].to_list()))
    cards = []
    by_count: dict[str, list[dict]] = {}
    for x in named.iter_rows(named=True):
        by_count.setdefault(x["count_id"], []).append(x)
    for r in counts.iter_rows(named=True):
        refs = by_count.get(r["count_id"], [])
        tags = [
            badge(
                f"{kind_label(r['kind'], lang)} · {stage_label(r['stage'], lang)}",
                STAGE_COLOURS[r["stage"]],
            ),
            badge(f"{jurisdiction_label(r['jurisdiction'], lang)}", "#8C96A0"),
        ]
        if r["planned"]:
            tags.append(badge(tr(TEXT, "planned", lang), "#E69F00"))
        when = tr(TEXT, "as_of", lang, d=date_label(r["as_of_text"], r["as_of_precision"], lang))
        if r["due_text"]:
            when += " · " + tr(
                TEXT, "due", lang, d=date_label(r["due_text"], r["due_precision"], lang)
            )
        summary = since_summary(refs, lang)
        body: list[Any] = [
            html.Div(
                [
                    html.P(str(r["instrument_count"]), className="stat-value"),
                    html.Div(tags, className="legal-count-tags"),
                ],
                className="legal-count-head",
            ),
            html.P(r[f"description_{lang}"], className="stat-label"),
            html.P(when, className="stat-detail"),
            html.P(
                _source_links(split_ids(r["source_ids"]), sources, lang), className="stat-detail"
            ),
        ]
        if summary:
            body.append(
                html.P(
                    [html.Strong(tr(TEXT, "today", lang) + ": "), summary],
                    className="legal-count-since",
                )
            )
            body.append(
                html.Details(
                    [
                        html.Summary(tr(TEXT, "named_list", lang) + f" ({len(refs)})"),
                        html.Ul(
                            [
                                html.Li(
                                    [
                                        x[f"title_{lang}"] + " — ",
                                        badge(
                                            stage_label(x["stage"], lang), STAGE_COLOURS[x["stage"]]
                                        ),
                                    ]
                                )
                                for x in refs
                            ],
                            className="legal-count-list",
                        ),
                    ],
                    className="legal-count-details",
                )
            )
        cards.append(
            html.Div(body, className="stat legal-count", id=f"legal-count-{r['count_id']}")
        )
    return cards


def latest_counts(counts: pl.DataFrame) -> pl.DataFrame:
    """The COUNT_CARDS latest counts (by their as-of date), in the query's order."""
    if counts.height <= COUNT_CARDS:
        return counts
    keep = set(
        counts.with_row_index("i")
        .sort(["as_of_text", "i"], descending=[True, False], nulls_last=True)
        .head(COUNT_CARDS)["count_id"]
        .to_list()
    )
    return counts.filter(pl.col("count_id").is_in(keep))


def counts_children(jurisdictions: list[str], kinds: list[str], lang: str) -> list[Any]:
    counts = query("legal_counts", jurisdictions=jurisdictions, kinds=kinds)
    shown = latest_counts(counts)
    named = query("legal_count_instruments", count_ids=shown["count_id"].to_list())
    cards = count_cards(shown, named, lang)
    if counts.height > shown.height:
        note = tr(TEXT, "counts_capped", lang, n=shown.height, total=counts.height)
        cards.insert(0, html.P(note, className="muted legal-capped"))
    return cards


def _options(frame: pl.DataFrame, facet: str, lang: str) -> list[dict[str, str]]:
    values = frame.filter(pl.col("facet") == facet)["value"].to_list()
    if facet == "kind":
        values = sorted(values, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))
        return [{"label": kind_label(v, lang), "value": v} for v in values]
    return [{"label": jurisdiction_label(v, lang), "value": v} for v in values]


def _control(
    cid: str, label: str, options: list[dict[str, str]], value: list[str], lang: str = "vi"
) -> html.Fieldset:
    """A filter's chips (dashboard/toggles.py), the first CHIPS_SHOWN in view."""
    return toggles.chip_group(
        cid, label, options, value, prefix="legal", fieldset_class="control legal-control",
        legend_class="control-label", shown=CHIPS_SHOWN,
        more_label=lambda n: tr(TEXT, "more_chips", lang, n=n),
    )  # fmt: skip


# ---- the figures, tables, sources and CSV links for one selection ----


def top_jurisdictions(stages: pl.DataFrame) -> pl.DataFrame:
    """The stage rows of the TOP_JURISDICTIONS jurisdictions with most named instruments (Vietnam
    always), in the query's order."""
    totals = stages.group_by("jurisdiction").agg(pl.col("n_instruments").sum())
    if totals.height <= TOP_JURISDICTIONS:
        return stages
    keep = (
        totals.sort(
            [pl.col("jurisdiction") == "VN", "n_instruments", "jurisdiction"],
            descending=[True, True, False],
        )
        .head(TOP_JURISDICTIONS)["jurisdiction"]
        .to_list()
    )
    return stages.filter(pl.col("jurisdiction").is_in(keep))


def recent_milestones(timeline: pl.DataFrame) -> pl.DataFrame:
    """The TIMELINE_ROWS latest placed milestones (upcoming ones included), in date order."""
    placed = timeline_rows(timeline)
    if placed.height <= TIMELINE_ROWS:
        return timeline
    keep = placed.with_row_index("i").sort("i", descending=True).head(TIMELINE_ROWS)["i"]
    idx = set(keep.to_list())
    rows = placed.with_row_index("i").filter(pl.col("i").is_in(idx)).drop("i")
    return pl.concat([rows, timeline_unplaced(timeline)])


def recent_votes(votes: pl.DataFrame) -> pl.DataFrame:
    """The VOTES_ROWS most recently adopted laws, oldest first as the query orders them (laws
    with no adoption date come last in the query and are kept only when there is room)."""
    if votes.height <= VOTES_ROWS:
        return votes
    dated = votes.filter(pl.col("adopted_start").is_not_null())
    if dated.height >= VOTES_ROWS:
        return dated.tail(VOTES_ROWS)
    return votes.head(VOTES_ROWS)


def _note(key: str, shown: int, total: int, lang: str) -> html.P | None:
    if shown >= total:
        return None
    return html.P(tr(TEXT, key, lang, n=shown, total=total), className="muted legal-capped")


def _capped_sources(ids: list[str], lang: str, cid: str) -> html.Div:
    block = sources_list(query("sources", ids=ids[:SOURCES_CAP]), lang, cid)
    if len(ids) > SOURCES_CAP:
        note = tr(TEXT, "sources_capped", lang, n=SOURCES_CAP, total=len(ids))
        block.children = [*block.children, html.P(note, className="muted legal-capped")]
    return block


def _with_note(table: html.Div, note: html.P | None) -> html.Div:
    return html.Div([note, table]) if note is not None else table


def charts(jurisdictions: list[str], kinds: list[str], lang: str) -> dict[str, Any]:
    """Everything the filters change, keyed by chart id."""
    args = _csv_args(lang, jurisdictions, kinds)
    all_stages = stage_frame(jurisdictions, kinds)
    stages = top_jurisdictions(all_stages)
    n_j = all_stages["jurisdiction"].n_unique()
    stages_note = _note("stages_capped", stages["jurisdiction"].n_unique(), n_j, lang)
    all_timeline = timeline_frame(jurisdictions, kinds)
    timeline = recent_milestones(all_timeline)
    timeline_note = _note(
        "timeline_capped",
        timeline_rows(timeline).height,
        timeline_rows(all_timeline).height,
        lang,
    )
    all_votes = votes_frame(jurisdictions, kinds)
    votes = recent_votes(all_votes)
    votes_note = _note("votes_capped", votes.height, all_votes.height, lang)
    placed = timeline_rows(timeline)
    return {
        "legal-stages": {
            "figure": stage_bars(stages, lang),
            "table": _with_note(_stage_table(stages, lang), stages_note),
            "sources": _capped_sources(
                split_ids(*stages["source_ids"].to_list()), lang, "legal-stages"
            ),
            "csv": downloads.href("legal-stages", **args),
            "note": stages_note,
        },
        "legal-timeline": {
            "figure": timeline_bars(all_timeline, lang),
            "table": _with_note(_timeline_table(timeline, lang), timeline_note),
            "sources": _capped_sources(
                split_ids(*placed["source_ids"].to_list()), lang, "legal-timeline"
            ),
            "csv": downloads.href("legal-timeline", **args),
            "unplaced": unplaced_text(all_timeline, lang),
        },
        "legal-votes": {
            "figure": votes_dots(votes, lang),
            "table": _with_note(_votes_table(votes, lang), votes_note),
            "sources": _capped_sources(
                split_ids(*votes["source_ids"].to_list()), lang, "legal-votes"
            ),
            "csv": downloads.href("legal-votes", **args),
        },
        "legal-counts": counts_children(jurisdictions, kinds, lang),
    }


CHART_IDS = ("legal-stages", "legal-timeline", "legal-votes")

toggles.register(CONTROLS.values())


@dash.callback(
    [
        out
        for cid in CHART_IDS
        for out in (
            Output(f"{cid}-graph", "figure"),
            Output(f"{cid}-table", "children"),
            Output(f"{cid}-sources", "children"),
            Output(f"{cid}-csv", "href"),
        )
    ]
    + [Output("legal-timeline-unplaced", "children"), Output("legal-counts", "children")],
    Input("legal-jurisdiction", "value"),
    Input("legal-kind", "value"),
    State("legal-lang", "data"),
    prevent_initial_call=True,
)
def update(jurisdictions: list[str] | None, kinds: list[str] | None, lang: str) -> list[Any]:
    """Redraw every chart, table, source list and CSV link for the selected filters."""
    lang = lang_of(lang)
    parts = charts(_list_arg(jurisdictions), _list_arg(kinds), lang)
    out: list[Any] = []
    for cid in CHART_IDS:
        p = parts[cid]
        out += [p["figure"], p["table"], p["sources"].children, p["csv"]]
    return [*out, parts["legal-timeline"]["unplaced"], parts["legal-counts"]]


def layout(lang: str = "vi", **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    try:
        options = query("legal_options")
        known_j = set(options.filter(pl.col("facet") == "jurisdiction")["value"].to_list())
        known_k = set(options.filter(pl.col("facet") == "kind")["value"].to_list())
        jurisdictions, kinds = filters_of(query_args)
        jurisdictions = [j for j in jurisdictions if j in known_j]
        kinds = [k for k in kinds if k in known_k]
        parts = charts(jurisdictions, kinds, lang)
    except NoWarehouse:
        return page(lang, "/legal", html.P(t("no_data", lang)), query_args)

    def card(cid: str, title: str, note: str, controls: list[Any] = ()) -> html.Section:
        p = parts[cid]
        return chart_card(
            cid,
            tr(TEXT, title, lang),
            p["figure"],
            lang=lang,
            note=tr(TEXT, note, lang),
            table=p["table"],
            sources=p["sources"],
            csv_href=p["csv"],
            controls=controls,
        )

    filters = html.Div(
        [
            html.Div(
                [
                    _control(
                        "legal-jurisdiction", tr(TEXT, "jurisdiction", lang),
                        _options(options, "jurisdiction", lang), jurisdictions, lang,
                    ),
                    _control(
                        "legal-kind", tr(TEXT, "kind", lang), _options(options, "kind", lang),
                        kinds, lang,
                    ),
                ],
                className="controls",
            ),
            html.P(tr(TEXT, "filter_note", lang), className="muted legal-filter-note"),
        ],
        className="card legal-filters",
        role="search",
        **{"aria-label": tr(TEXT, "filters", lang)},
    )  # fmt: skip
    counts = html.Section(
        [
            html.H2(tr(TEXT, "counts", lang), id="legal-counts-title"),
            html.P(tr(TEXT, "counts_note", lang), className="chart-note"),
            html.Div(parts["legal-counts"], id="legal-counts", className="legal-counts"),
        ],
        className="card",
        id="legal-counts-card",
        **{"aria-labelledby": "legal-counts-title"},
    )
    content = [
        html.H1(tr(TEXT, "heading", lang)),
        html.P(tr(TEXT, "lead", lang), className="lead"),
        dcc.Store(id="legal-lang", data=lang),
        url_state.store(PAGE),
        filters,
        card("legal-stages", "stages_chart", "stages_note"),
        counts,
        card(
            "legal-timeline",
            "timeline_chart",
            "timeline_note",
            [
                html.P(
                    parts["legal-timeline"]["unplaced"],
                    id="legal-timeline-unplaced",
                    className="chart-note legal-unplaced",
                )
            ],
        ),
        card("legal-votes", "votes_chart", "votes_note"),
    ]
    return page(lang, "/legal", content, query_args)

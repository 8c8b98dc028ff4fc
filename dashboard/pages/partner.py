"""Partner profile: one partner's cooperation domains, the timeline of its events and agreements,
the legal instruments that concern it and the sources behind every fact shown.

The partner is in the path (/partner/KOR); the switcher is a native disclosure menu of links
(Dash 4's Dropdown fails axe-core), so changing partner opens that partner's URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import dash
import polars as pl
from dash import Input, Output, State, dcc, html

from dashboard import downloads
from dashboard.components import (
    badge,
    chart_card,
    data_table,
    date_label,
    page,
    sources_list,
    stat,
    url,
)
from dashboard.data import NoWarehouse, query
from dashboard.figures.partner import (
    STATUS_ORDER,
    counterpart_text,
    domain_status_figure,
    event_status_label,
    event_type_label,
    timeline_figure,
)
from dashboard.i18n import lang_of, t, tr
from dashboard.theme import COOP_COLOURS, STAGE_COLOURS

dash.register_page(
    __name__,
    path_template="/partner/<partner_id>",
    name="partner",
    title="Hồ sơ đối tác · Partner profile",
    order=3,
)

PAGE = "partner"

# At scale a profile stays readable: the switcher lists the most active partners (cities acting
# for Vietnam always) with a search for the others, and each card shows its first rows in a
# stated order with "showing N of M"; the CSV files hold every row. The seed data fits.
MAX_SWITCH = 40  # partners listed in the switcher and on the not-found page
MAX_MATCHES = 20  # search results
MAX_DOMAINS = 40  # domain bars: the most advanced status first, then the most records
MAX_EVENTS = 50  # events on the timeline: the most recent
MAX_UNDATED = 20  # events listed under the timeline (no known year)
MAX_INSTRUMENTS = 30
MAX_SOURCE_ROWS = 30  # rows of the sources card (the most cited first)
MAX_SOURCES = 12  # sources listed under a chart (those its rows cite most)

TEXT = {
    "not_found": {"vi": "Không tìm thấy đối tác", "en": "Partner not found"},
    "not_found_lead": {
        "vi": "Không có đối tác nào mang mã «{pid}». Hãy chọn một đối tác dưới đây.",
        "en": "There is no partner with the id “{pid}”. Choose one of these partners.",
    },
    "choose": {"vi": "Chọn đối tác", "en": "Choose a partner"},
    "switch_shown": {
        "vi": "Đang liệt kê {n} trong {total} đối tác (hoạt động nhiều nhất); tìm các đối tác "
        "khác theo tên:",
        "en": "Listing {n} of {total} partners (the most active); find the others by name:",
    },
    "search": {"vi": "Tìm đối tác theo tên hoặc mã", "en": "Find a partner by name or id"},
    "search_none": {"vi": "Không có đối tác nào khớp.", "en": "No partner matches."},
    "search_more": {
        "vi": "{n} trong {total} đối tác khớp; hãy gõ thêm để thu hẹp.",
        "en": "{n} of {total} matching partners; type more to narrow the search.",
    },
    "domains_shown": {
        "vi": "Đang hiển thị {n} trong {total} lĩnh vực (trạng thái cao nhất, nhiều bản ghi nhất "
        "trước); bảng hiện các lĩnh vực được vẽ, tệp CSV có đủ {total}.",
        "en": "Showing {n} of {total} domains (the most advanced status and the most records "
        "first); the table holds the domains drawn, the CSV file all {total}.",
    },
    "events_shown": {
        "vi": "Đang hiển thị {n} trong {total} sự kiện có năm (gần đây nhất) và {u} trong {ut} sự "
        "kiện chưa rõ năm; tệp CSV có tất cả.",
        "en": "Showing the {n} most recent of {total} events with a known year and {u} of {ut} "
        "events with no known year; the CSV file holds them all.",
    },
    "instruments_shown": {
        "vi": "Đang hiển thị {n} trong {total} văn bản; tệp CSV có tất cả.",
        "en": "Showing {n} of {total} instruments; the CSV file holds them all.",
    },
    "sources_shown": {
        "vi": "Đang hiển thị {n} trong {total} nguồn (được dẫn nhiều nhất); tệp CSV có tất cả.",
        "en": "Showing {n} of {total} sources (the most cited); the CSV file holds them all.",
    },
    "listed_shown": {
        "vi": "Đang liệt kê {n} trong {total} nguồn (được các dòng dẫn nhiều nhất); mã nguồn của "
        "từng dòng có trong bảng và tệp CSV.",
        "en": "Listing {n} of {total} sources (those the rows cite most); every row's source ids "
        "are in the table and the CSV file.",
    },
    "switch": {"vi": "Xem đối tác khác", "en": "See another partner"},
    "foreign": {"vi": "Đối tác nước ngoài", "en": "Foreign partner"},
    "vn_actor": {
        "vi": "Chủ thể phía Việt Nam trong hợp tác quốc tế",
        "en": "Acts for Vietnam in international cooperation",
    },
    "lead_foreign": {
        "vi": "Hợp tác với Việt Nam về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số: "
        "các lĩnh vực, sự kiện và thỏa thuận, văn bản pháp lý liên quan và nguồn của từng thông "
        "tin.",
        "en": "Cooperation with Vietnam on science, technology, innovation and digital "
        "transformation: domains, events and agreements, related legal instruments and the "
        "source of every fact.",
    },
    "lead_vn": {
        "vi": "Những lĩnh vực thành phố tìm kiếm hợp tác với các đối tác nước ngoài, các sự kiện, "
        "và nguồn của từng thông tin.",
        "en": "The domains the city seeks cooperation on with foreign partners, its events, and "
        "the source of every fact.",
    },
    "n_domains": {"vi": "Lĩnh vực hợp tác", "en": "Cooperation domains"},
    "n_events": {"vi": "Sự kiện và thỏa thuận", "en": "Events and agreements"},
    "n_events_detail": {
        "vi": "{n} chưa rõ năm, không đặt được lên trục",
        "en": "{n} with no known year, not on the axis",
    },
    "n_instruments": {"vi": "Văn bản pháp lý liên quan", "en": "Related legal instruments"},
    "n_instruments_detail": {
        "vi": "{n} của chính đối tác",
        "en": "{n} of its own jurisdiction",
    },
    "n_sources": {"vi": "Nguồn", "en": "Sources"},
    "n_sources_detail": {"vi": "{n} thông tin được dẫn nguồn", "en": "{n} facts cited"},
    "domains": {
        "vi": "Các lĩnh vực hợp tác và mức độ đạt được",
        "en": "Cooperation domains and how far each has come",
    },
    "domains_note_foreign": {
        "vi": "Độ dài và màu của thanh: trạng thái cao nhất (1 đề xuất → 4 đã hoàn thành); cột "
        "phải: chủ thể phía Việt Nam. Lĩnh vực xếp theo nhóm.",
        "en": "Bar length and colour: the most advanced status (1 proposed → 4 completed); right "
        "column: the Vietnamese actor. Domains are grouped.",
    },
    "domains_note_vn": {
        "vi": "Độ dài và màu của thanh: trạng thái cao nhất (1 đề xuất → 4 đã hoàn thành); cột "
        "phải: các đối tác nước ngoài mà thành phố hướng tới.",
        "en": "Bar length and colour: the most advanced status (1 proposed → 4 completed); right "
        "column: the foreign partners the city works with.",
    },
    "timeline": {
        "vi": "Dòng thời gian sự kiện và thỏa thuận",
        "en": "Timeline of events and agreements",
    },
    "timeline_note": {
        "vi": "Mỗi hàng là một loại sự kiện. Ngày chỉ rõ đến tháng hoặc năm được vẽ thành một "
        "khoảng; sự kiện dự kiến hoặc đề xuất có ký hiệu rỗng và nét đứt.",
        "en": "One row per type of event. A date known only to the month or year is drawn as a "
        "span; planned or proposed events are hollow and dashed.",
    },
    "undated": {
        "vi": "Chưa rõ năm, không đặt được lên trục thời gian",
        "en": "No known year, so not on the time axis",
    },
    "instruments": {"vi": "Văn bản pháp lý liên quan", "en": "Related legal instruments"},
    "instruments_note": {
        "vi": "Văn bản của chính đối tác, và văn bản của Việt Nam được cùng nguồn tin nhắc đến.",
        "en": "Instruments of the partner's own jurisdiction, and Vietnamese instruments the same "
        "sources mention.",
    },
    "own_jurisdiction": {"vi": "Văn bản của {j}", "en": "Instruments of {j}"},
    "cited_with": {
        "vi": "Văn bản của Việt Nam được cùng nguồn tin nhắc đến",
        "en": "Vietnamese instruments mentioned by the same sources",
    },
    "no_instruments": {
        "vi": "Các nguồn hiện có không nêu văn bản pháp lý nào liên quan đến đối tác này.",
        "en": "The sources at hand name no legal instrument concerning this partner.",
    },
    "stage_date": {"vi": "Ngày của giai đoạn", "en": "Date of stage"},
    "adopted": {"vi": "thông qua", "en": "adopted"},
    "effective": {"vi": "có hiệu lực", "en": "in force from"},
    "votes": {"vi": "{f}/{p} đại biểu tán thành", "en": "{f} of {p} deputies in favour"},
    "shared_sources": {"vi": "nguồn liên kết", "en": "linked by"},
    "sources_card": {
        "vi": "Nguồn và số thông tin mỗi nguồn hỗ trợ",
        "en": "Sources and how many facts each supports",
    },
    "sources_note": {
        "vi": "Đếm theo thông tin hiển thị trên trang này: bản ghi hợp tác, sự kiện và văn bản "
        "pháp lý.",
        "en": "Counted over the facts on this page: cooperation records, events and legal "
        "instruments.",
    },
    "col_group": {"vi": "Nhóm lĩnh vực", "en": "Domain group"},
    "col_domain": {"vi": "Lĩnh vực", "en": "Domain"},
    "col_status": {"vi": "Trạng thái cao nhất", "en": "Most advanced status"},
    "col_other_vn": {
        "vi": "Chủ thể phía Việt Nam (trạng thái)",
        "en": "Vietnamese actor (status)",
    },
    "col_other_foreign": {
        "vi": "Đối tác nước ngoài (trạng thái)",
        "en": "Foreign partners (status)",
    },
    "col_records": {"vi": "Số bản ghi", "en": "Records"},
    "col_first": {"vi": "Ghi nhận sớm nhất", "en": "First recorded"},
    "col_sources": {"vi": "Nguồn", "en": "Sources"},
    "col_date": {"vi": "Thời gian", "en": "Date"},
    "col_type": {"vi": "Loại", "en": "Type"},
    "col_event_status": {"vi": "Tình trạng", "en": "Status"},
    "col_title": {"vi": "Sự kiện", "en": "Event"},
    "col_with": {"vi": "Cùng tham gia", "en": "With"},
    "col_source": {"vi": "Nguồn", "en": "Source"},
    "col_links": {"vi": "Bản ghi hợp tác", "en": "Cooperation records"},
    "col_events": {"vi": "Sự kiện", "en": "Events"},
    "col_instruments": {"vi": "Văn bản pháp lý", "en": "Legal instruments"},
    "col_facts": {"vi": "Tổng số thông tin", "en": "Facts in all"},
    "kind_law": {"vi": "Luật", "en": "Law"},
    "kind_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "kind_strategy": {"vi": "Chiến lược", "en": "Strategy"},
    "kind_programme": {"vi": "Chương trình", "en": "Programme"},
    "kind_policy": {"vi": "Chính sách", "en": "Policy"},
    "kind_decision": {"vi": "Quyết định", "en": "Decision"},
    "kind_resolution": {"vi": "Nghị quyết", "en": "Resolution"},
    "kind_decree": {"vi": "Nghị định", "en": "Decree"},
}


# --- data ---------------------------------------------------------------------------------------


def partners() -> pl.DataFrame:
    return query("partner_list")


def find_partner(partner_id: str | None, frame: pl.DataFrame) -> dict[str, Any] | None:
    """The profile row of ``partner_id`` (exact id, else case-insensitive), or None."""
    if not partner_id:
        return None
    for candidate in (partner_id, partner_id.upper()):
        hit = frame.filter(pl.col("partner_id") == candidate)
        if hit.height:
            return hit.row(0, named=True)
    return None


def _date(text: str | None, precision: str | None, lang: str, inferred: bool | None = False) -> str:
    return date_label(text, precision, lang, bool(inferred))


def domain_rows(domains: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The partner's domains as table and CSV rows (the bars of the chart)."""
    if domains.is_empty():
        return pl.DataFrame(
            schema={c: pl.String for c in ("group", "domain", "status_label", "other_side")}
        )
    return domains.with_columns(
        pl.col(f"group_label_{lang}").alias("group"),
        pl.col(f"domain_label_{lang}").alias("domain"),
        pl.struct("status_rank", "status")
        .map_elements(
            lambda r: f"{r['status_rank']} · {t('coop_' + r['status'], lang)}",
            return_dtype=pl.String,
        )
        .alias("status_label"),
        pl.col("counterparts")
        .map_elements(lambda c: counterpart_text(list(c), lang), return_dtype=pl.String)
        .alias("other_side"),
        pl.struct("first_date_text", "first_date_precision", "first_date_inferred")
        .map_elements(
            lambda r: (
                _date(
                    r["first_date_text"], r["first_date_precision"], lang, r["first_date_inferred"]
                )
                if r["first_date_text"]
                else None
            ),
            return_dtype=pl.String,
        )
        .alias("first_date"),
    )


def domains_csv(partner_id: str, domains: pl.DataFrame, lang: str) -> pl.DataFrame:
    rows = domain_rows(domains, lang)
    if rows.is_empty():
        return pl.DataFrame(schema={"partner_id": pl.String, "domain_id": pl.String})
    return rows.select(
        pl.lit(partner_id).alias("partner_id"), "group_id", "group", "domain_id", "domain",
        "status_rank", "status", "counterpart_ids", "other_side", "n_records", "record_ids",
        "first_date_text", "first_date_precision", "source_ids",
    )  # fmt: skip


def event_rows(events: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Every event of the partner with its date label; on_axis tells whether the timeline
    places it (the others are listed under the chart)."""
    if events.is_empty():
        return pl.DataFrame(schema={c: pl.String for c in ("date", "type", "status_label")})

    def label(r: dict[str, Any]) -> str:
        text = _date(r["date_text"], r["date_precision"], lang, r["date_inferred"])
        if r["end_date_text"]:
            text += f" – {_date(r['end_date_text'], r['end_date_precision'], lang)}"
        return text

    return events.with_columns(
        pl.struct(
            "date_text", "date_precision", "date_inferred", "end_date_text", "end_date_precision"
        )
        .map_elements(label, return_dtype=pl.String)
        .alias("date"),
        pl.col("event_type")
        .map_elements(lambda e: event_type_label(e, lang), return_dtype=pl.String)
        .alias("type"),
        pl.col("status")
        .map_elements(lambda s: event_status_label(s, lang), return_dtype=pl.String)
        .alias("status_label"),
        pl.col(f"title_{lang}").alias("title"),
        pl.col(f"participants_{lang}").alias("participants"),
    )


def timeline_csv(partner_id: str, events: pl.DataFrame, lang: str) -> pl.DataFrame:
    rows = event_rows(events, lang)
    if rows.is_empty():
        return pl.DataFrame(schema={"partner_id": pl.String, "event_id": pl.String})
    return rows.select(
        pl.lit(partner_id).alias("partner_id"), "event_id", "event_type", "type", "status",
        "planned", "title", "date", "date_text", "date_precision", "date_inferred",
        "end_date_text", "on_axis", "span_start", "span_end", "participants", "source_ids",
    )  # fmt: skip


def instruments_csv(partner_id: str, instruments: pl.DataFrame, lang: str) -> pl.DataFrame:
    if instruments.is_empty():
        return pl.DataFrame(schema={"partner_id": pl.String, "instrument_id": pl.String})
    return instruments.select(
        pl.lit(partner_id).alias("partner_id"), "instrument_id", "relation", "jurisdiction",
        "kind", "number", pl.col(f"title_{lang}").alias("title"), "stage", "stage_date_text",
        "stage_date_precision", "adopted_text", "adopted_precision", "votes_for",
        "votes_present", "effective_text", "effective_precision", "source_ids",
        "shared_source_ids",
    )  # fmt: skip


def sources_csv(partner_id: str, sources: pl.DataFrame, lang: str) -> pl.DataFrame:
    if sources.is_empty():
        return pl.DataFrame(schema={"partner_id": pl.String, "source_id": pl.String})
    return sources.select(
        pl.lit(partner_id).alias("partner_id"), "source_id", "publisher", "published_text",
        "url", pl.col(f"description_{lang}").alias("description"), "n_links", "n_events",
        "n_instruments", "n_facts",
    )  # fmt: skip


def _download_args(args: Mapping[str, str]) -> tuple[str, str]:
    lang = lang_of(args.get("lang"))
    row = find_partner(args.get("partner"), partners())
    return (row["partner_id"] if row else ""), lang


@downloads.register("partner-domains")
def _domains_download(args: Mapping[str, str]) -> pl.DataFrame:
    pid, lang = _download_args(args)
    return domains_csv(pid, query("partner_domains", partner=pid), lang)


@downloads.register("partner-timeline")
def _timeline_download(args: Mapping[str, str]) -> pl.DataFrame:
    pid, lang = _download_args(args)
    return timeline_csv(pid, query("partner_events", partner=pid), lang)


@downloads.register("partner-instruments")
def _instruments_download(args: Mapping[str, str]) -> pl.DataFrame:
    pid, lang = _download_args(args)
    return instruments_csv(pid, query("partner_instruments", partner=pid), lang)


@downloads.register("partner-sources")
def _sources_download(args: Mapping[str, str]) -> pl.DataFrame:
    pid, lang = _download_args(args)
    return sources_csv(pid, query("partner_sources", partner=pid), lang)


# --- parts of the page --------------------------------------------------------------------------


def _name(row: Mapping[str, Any], lang: str) -> str:
    return row[f"name_{lang}"]


def listed(frame: pl.DataFrame, current: str | None = None) -> pl.DataFrame:
    """Partners to list: the MAX_SWITCH most active, cities acting for Vietnam and ``current``."""
    if frame.height <= MAX_SWITCH:
        return frame
    return (
        frame.with_row_index("i")
        .filter(
            (pl.col("i") < MAX_SWITCH)
            | (pl.col("role") == "vn_actor")
            | (pl.col("partner_id") == (current or ""))
        )
        .drop("i")
    )


def _link_meta(r: Mapping[str, Any], lang: str) -> str:
    meta = t(f"kind_{r['kind']}", lang)
    if r["role"] == "vn_actor":
        meta += " · " + ("phía Việt Nam" if lang == "vi" else "Vietnamese side")
    return meta


def _partner_href(pid: str, lang: str) -> str:
    return url(f"/partner/{quote(pid, safe='-')}", lang)


def search_box(frame: pl.DataFrame, shown: int, lang: str) -> html.Div | None:
    """When not every partner is listed: a search by name or id (results: search_partners)."""
    if shown >= frame.height:
        return None
    return html.Div(
        [
            html.P(tr(TEXT, "switch_shown", lang, n=shown, total=frame.height), className="muted"),
            html.Label(tr(TEXT, "search", lang), htmlFor=f"{PAGE}-search"),
            dcc.Input(
                id=f"{PAGE}-search", type="search", debounce=True, autoComplete="off", value=""
            ),
            dcc.Store(id=f"{PAGE}-lang", data=lang),
            # an <ol>: the switcher's stylesheet turns every <ul> in it into a drop-down panel
            html.Ol(
                id=f"{PAGE}-search-results",
                style={"listStyle": "none", "margin": "4px 0 0", "padding": 0},
                **{"aria-live": "polite"},
            ),
        ],
        className="partner-search",
        style={"padding": "6px 14px"},
    )


def search_partners(text: str | None, frame: pl.DataFrame, lang: str) -> list[Any]:
    """Links to the partners whose name (either language) or id contains ``text``."""
    needle = (text or "").strip().lower()
    if not needle:
        return []
    found = frame.filter(
        pl.col("partner_id").str.to_lowercase().str.contains(needle, literal=True)
        | pl.col("name_vi").str.to_lowercase().str.contains(needle, literal=True)
        | pl.col("name_en").str.to_lowercase().str.contains(needle, literal=True)
    )
    if found.is_empty():
        return [html.Li(tr(TEXT, "search_none", lang), className="muted")]
    items: list[Any] = [
        html.Li(
            html.A(
                [_name(r, lang), " ", html.Span(f"({_link_meta(r, lang)})", className="partner-switch-meta")],
                href=_partner_href(r["partner_id"], lang),
            )
        )
        for r in found.head(MAX_MATCHES).iter_rows(named=True)
    ]  # fmt: skip
    if found.height > MAX_MATCHES:
        items.append(
            html.Li(
                tr(TEXT, "search_more", lang, n=MAX_MATCHES, total=found.height), className="muted"
            )
        )
    return items


@dash.callback(
    Output(f"{PAGE}-search-results", "children"),
    Input(f"{PAGE}-search", "value"),
    State(f"{PAGE}-lang", "data"),
    prevent_initial_call=True,
)
def search(text: str | None, lang: str | None) -> list[Any]:
    return search_partners(text, partners(), lang_of(lang))


def switcher(frame: pl.DataFrame, current: str | None, lang: str) -> html.Div:
    """A labelled drop-down menu of links to the partners' profiles (native <details>): the most
    active ones, and a search for the others when there are many."""
    shown = listed(frame, current)
    items = [
        html.Li(
            html.A(
                [_name(r, lang), " ", html.Span(f"({_link_meta(r, lang)})", className="partner-switch-meta")],
                href=_partner_href(r["partner_id"], lang),
                id=f"{PAGE}-switch-{r['partner_id']}",
                **({"aria-current": "page"} if r["partner_id"] == current else {}),
            )
        )
        for r in shown.iter_rows(named=True)
    ]  # fmt: skip
    selected = find_partner(current, frame)
    search = search_box(frame, shown.height, lang)
    return html.Div(
        [
            html.Span(
                tr(TEXT, "switch", lang),
                id=f"{PAGE}-switch-label",
                className="partner-switch-label",
            ),
            html.Details(
                [
                    html.Summary(
                        html.Span(
                            _name(selected, lang) if selected else tr(TEXT, "choose", lang),
                            id=f"{PAGE}-switch-value",
                        ),
                        id=f"{PAGE}-switch-button",
                        **{"aria-labelledby": f"{PAGE}-switch-label {PAGE}-switch-value"},
                    ),
                    html.Ul(
                        ([html.Li(search)] if search else []) + items, id=f"{PAGE}-switch-list"
                    ),
                ],
                className="partner-switch",
                id=f"{PAGE}-switch",
            ),
        ],
        className="partner-switch-wrap",
    )


def not_found(partner_id: str | None, frame: pl.DataFrame, lang: str) -> list[Any]:
    shown = listed(frame)
    links = [
        html.Li(html.A(_name(r, lang), href=_partner_href(r["partner_id"], lang)))
        for r in shown.iter_rows(named=True)
    ]
    return [
        html.H1(tr(TEXT, "not_found", lang)),
        html.Div(
            [
                html.P(tr(TEXT, "not_found_lead", lang, pid=partner_id or ""), role="alert"),
                html.Ul(links, id=f"{PAGE}-valid-partners"),
                search_box(frame, shown.height, lang),
            ],
            className="card partner-notfound",
            id=f"{PAGE}-not-found",
        ),
    ]


def top_domains(domains: pl.DataFrame) -> pl.DataFrame:
    """The domains to draw: past MAX_DOMAINS, those with the most advanced status and the most
    records, kept in the query's order (by group)."""
    if domains.height <= MAX_DOMAINS:
        return domains
    return (
        domains.with_row_index("i")
        .sort(["status_rank", "n_records", "domain_id"], descending=[True, True, False])
        .head(MAX_DOMAINS)
        .sort("i")
        .drop("i")
    )


def shown_events(events: pl.DataFrame) -> pl.DataFrame:
    """The events to show: past MAX_EVENTS the most recent with a known year, and the first
    MAX_UNDATED without one, in the query's order."""
    if events.is_empty():
        return events
    indexed = events.with_row_index("i")
    dated = indexed.filter(pl.col("on_axis"))
    undated = indexed.filter(~pl.col("on_axis"))
    if dated.height <= MAX_EVENTS and undated.height <= MAX_UNDATED:
        return events
    recent = dated.sort(["span_start", "i"], descending=[True, True]).head(MAX_EVENTS)
    return pl.concat([recent, undated.head(MAX_UNDATED)]).sort("i").drop("i")


def cited_sources(rows: pl.DataFrame) -> tuple[list[str], int]:
    """Sources to list under a card: those its rows cite (past MAX_SOURCES, the most cited),
    and how many its rows cite in all."""
    if rows.is_empty():
        return [], 0
    cited = (
        rows.select(pl.col("source_ids").fill_null("").str.split(", ").alias("id"))
        .explode("id")
        .filter(pl.col("id") != "")
        .group_by("id")
        .len()
        .sort(["len", "id"], descending=[True, False])
    )
    return cited["id"].head(MAX_SOURCES).to_list(), cited.height


def card_sources(rows: pl.DataFrame, lang: str, cid: str) -> html.Div:
    """The sources list under a card, with a note when it leaves some out."""
    ids, total = cited_sources(rows)
    div = sources_list(query("sources", ids=ids), lang, cid)
    if total > len(ids):
        note = tr(TEXT, "listed_shown", lang, n=len(ids), total=total)
        div.children = [*div.children, html.P(note, className="muted")]
    return div


def _shown_note(text: str | None, cid: str) -> html.P | None:
    return html.P(text, id=f"{cid}-shown", className="chart-note partner-shown") if text else None


def undated_list(events: pl.DataFrame, lang: str) -> html.Div | None:
    """Events the timeline cannot place (year unknown), listed with their date as stated."""
    rows = event_rows(events, lang).filter(~pl.col("on_axis")) if not events.is_empty() else events
    if rows.is_empty():
        return None
    items = [
        html.Li(
            [
                html.Span(r["date"][:1].upper() + r["date"][1:], className="when"),
                html.Div(
                    [
                        html.Div(r["title"], className="partner-planned" if r["planned"] else None),
                        html.Div(
                            f"{r['type']} · {r['status_label']} · {t('sources', lang)}: "
                            f"{r['source_ids'] or '—'}",
                            className="meta",
                        ),
                    ]
                ),
            ]
        )
        for r in rows.iter_rows(named=True)
    ]
    return html.Div(
        [html.H3(tr(TEXT, "undated", lang)), html.Ul(items)],
        className="partner-undated",
        id=f"{PAGE}-timeline-undated",
    )


def _kind_label(kind: str, lang: str) -> str:
    return tr(TEXT, f"kind_{kind}", lang) if f"kind_{kind}" in TEXT else kind


def instruments_card(
    partner: Mapping[str, Any], instruments: pl.DataFrame, lang: str
) -> html.Section:
    cid = f"{PAGE}-instruments"
    total = instruments.height
    instruments = instruments.head(MAX_INSTRUMENTS)
    body: list[Any] = []
    if instruments.is_empty():
        body.append(html.P(tr(TEXT, "no_instruments", lang), className="muted"))
    if total > instruments.height:
        body.append(
            _shown_note(tr(TEXT, "instruments_shown", lang, n=instruments.height, total=total), cid)
        )
    for relation, part in instruments.group_by("relation", maintain_order=True):
        if relation[0] == "jurisdiction":
            j = part["jurisdiction"][0]
            juris = t(f"jurisdiction_{j}", lang)
            juris = j if juris == f"jurisdiction_{j}" else juris  # no shared label: the code
            heading = tr(TEXT, "own_jurisdiction", lang, j=juris)
        else:
            heading = tr(TEXT, "cited_with", lang)
        items = []
        for r in part.iter_rows(named=True):
            dates = []
            if r["adopted_text"] or r["adopted_precision"] == "unknown":
                dates.append(
                    f"{tr(TEXT, 'adopted', lang)}: "
                    + _date(r["adopted_text"], r["adopted_precision"], lang, r["adopted_inferred"])
                )
            if r["votes_for"] is not None and r["votes_present"]:
                dates.append(tr(TEXT, "votes", lang, f=r["votes_for"], p=r["votes_present"]))
            if r["effective_text"]:
                dates.append(
                    f"{tr(TEXT, 'effective', lang)}: "
                    + _date(r["effective_text"], r["effective_precision"], lang)
                )
            if not dates and r["stage_date_text"]:
                dates.append(_date(r["stage_date_text"], r["stage_date_precision"], lang))
            meta = [
                _kind_label(r["kind"], lang) + (f" {r['number']}" if r["number"] else ""),
                *dates,
                f"{t('sources', lang)}: {r['source_ids'] or '—'}",
            ]
            if r["shared_source_ids"]:
                meta.append(f"{tr(TEXT, 'shared_sources', lang)}: {r['shared_source_ids']}")
            items.append(
                html.Li(
                    [
                        html.Div(badge(t(f"stage_{r['stage']}", lang), STAGE_COLOURS[r["stage"]])),
                        html.Div(
                            [
                                html.H3(r[f"title_{lang}"]),
                                html.Div(" · ".join(meta), className="meta"),
                            ]
                        ),
                    ],
                    className="partner-instrument",
                )
            )
        body += [
            html.H3(heading, className="partner-section-title"),
            html.Ul(items, className="partner-instruments"),
        ]
    return html.Section(
        [
            html.H2(tr(TEXT, "instruments", lang), id=f"{cid}-title"),
            html.P(tr(TEXT, "instruments_note", lang), className="chart-note"),
            *body,
            html.Div(
                html.A(
                    t("download_csv", lang),
                    href=downloads.href(cid, lang=lang, partner=partner["partner_id"]),
                    id=f"{cid}-csv",
                    className="button-link",
                    download=f"{cid}.csv",
                ),
                className="card-actions",
            ),
            card_sources(instruments, lang, cid),
        ],
        className="card",
        id=f"{cid}-card",
        **{"aria-labelledby": f"{cid}-title"},
    )


def sources_card(partner: Mapping[str, Any], sources: pl.DataFrame, lang: str) -> html.Section:
    cid = f"{PAGE}-sources"
    total = sources.height
    rows = []
    for r in sources.head(MAX_SOURCE_ROWS).iter_rows(named=True):
        when = _date(r["published_text"], r["published_precision"], lang)
        label = f"{r['publisher']} ({when})" if r["published_text"] else r["publisher"]
        head = html.A(label, href=r["url"], target="_blank", rel="noopener") if r["url"] else label
        rows.append(
            html.Tr(
                [
                    html.Td(
                        [
                            head,
                            html.Div(r[f"description_{lang}"], className="muted"),
                            html.Code(r["source_id"], className="muted"),
                        ]
                    ),
                    html.Td(r["n_links"]),
                    html.Td(r["n_events"]),
                    html.Td(r["n_instruments"]),
                    html.Td(html.Strong(r["n_facts"])),
                ]
            )
        )
    heads = ("col_source", "col_links", "col_events", "col_instruments", "col_facts")
    table = html.Div(
        html.Table(
            [
                html.Caption(tr(TEXT, "sources_note", lang)),
                html.Thead(html.Tr([html.Th(tr(TEXT, h, lang), scope="col") for h in heads])),
                html.Tbody(rows),
            ],
            className="data-table",
            id=f"{cid}-table",
        ),
        className="table-wrap",
    )
    return html.Section(
        [
            html.H2(tr(TEXT, "sources_card", lang), id=f"{cid}-title"),
            _shown_note(
                tr(TEXT, "sources_shown", lang, n=MAX_SOURCE_ROWS, total=total)
                if total > MAX_SOURCE_ROWS
                else None,
                cid,
            ),
            table,
            html.Div(
                html.A(
                    t("download_csv", lang),
                    href=downloads.href(cid, lang=lang, partner=partner["partner_id"]),
                    id=f"{cid}-csv",
                    className="button-link",
                    download=f"{cid}.csv",
                ),
                className="card-actions",
            ),
        ],
        className="card",
        id=f"{cid}-card",
        **{"aria-labelledby": f"{cid}-title"},
    )


def _insert_after_graph(card: html.Section, element: Any) -> html.Section:
    """Put ``element`` right under the chart of a chart_card (before its CSV link)."""
    if element is None:
        return card
    children = list(card.children)
    at = next(i for i, c in enumerate(children) if isinstance(c, dcc.Graph)) + 1
    children.insert(at, element)
    card.children = children
    return card


def profile(partner: Mapping[str, Any], frame: pl.DataFrame, lang: str) -> list[Any]:
    pid = partner["partner_id"]
    foreign = partner["role"] == "partner"
    domains = query("partner_domains", partner=pid)
    events = query("partner_events", partner=pid)
    instruments = query("partner_instruments", partner=pid)
    sources = query("partner_sources", partner=pid)

    kind = t(f"kind_{partner['kind']}", lang)
    role = tr(TEXT, "foreign" if foreign else "vn_actor", lang)
    note = partner[f"note_{lang}"]
    head = html.Div(
        [
            html.Div(
                [
                    html.H1(_name(partner, lang)),
                    html.P(f"{kind} · {role}", className="partner-kind"),
                    html.P(
                        ([note, " "] if note else [])
                        + [tr(TEXT, "lead_foreign" if foreign else "lead_vn", lang)],
                        className="lead",
                    ),
                ]
            ),
            switcher(frame, pid, lang),
        ],
        className="partner-head",
    )

    counts = domains.group_by("status").len() if not domains.is_empty() else domains
    status_badges = html.Div(
        [
            badge(f"{t('coop_' + s, lang)}: {n}", COOP_COLOURS[s])
            for s in STATUS_ORDER
            for st, n in counts.iter_rows()
            if st == s
        ],
        className="stat-detail badges",
    )
    n_undated = 0 if events.is_empty() else events.filter(~pl.col("on_axis")).height
    n_own = (
        0
        if instruments.is_empty()
        else instruments.filter(pl.col("relation") == "jurisdiction").height
    )
    stats = html.Div(
        [
            html.Div(
                [
                    html.P(str(domains.height), className="stat-value"),
                    html.P(tr(TEXT, "n_domains", lang), className="stat-label"),
                    status_badges,
                ],
                className="stat",
                id=f"{PAGE}-stat-domains",
            ),
            stat(
                tr(TEXT, "n_events", lang), events.height,
                tr(TEXT, "n_events_detail", lang, n=n_undated), f"{PAGE}-stat-events",
            ),
            stat(
                tr(TEXT, "n_instruments", lang), instruments.height,
                tr(TEXT, "n_instruments_detail", lang, n=n_own), f"{PAGE}-stat-instruments",
            ),
            stat(
                tr(TEXT, "n_sources", lang), sources.height,
                tr(TEXT, "n_sources_detail", lang, n=int(sources["n_facts"].sum() or 0) if sources.height else 0),
                f"{PAGE}-stat-sources",
            ),
        ],
        className="stats",
    )  # fmt: skip

    domain_cols = {
        "group": tr(TEXT, "col_group", lang),
        "domain": tr(TEXT, "col_domain", lang),
        "status_label": tr(TEXT, "col_status", lang),
        "other_side": tr(TEXT, "col_other_vn" if foreign else "col_other_foreign", lang),
        "n_records": tr(TEXT, "col_records", lang),
        "first_date": tr(TEXT, "col_first", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    event_cols = {
        "date": tr(TEXT, "col_date", lang),
        "type": tr(TEXT, "col_type", lang),
        "status_label": tr(TEXT, "col_event_status", lang),
        "title": tr(TEXT, "col_title", lang),
        "participants": tr(TEXT, "col_with", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    drawn = top_domains(domains)
    domains_note = (
        tr(TEXT, "domains_shown", lang, n=drawn.height, total=domains.height)
        if drawn.height < domains.height
        else None
    )
    shown = shown_events(events)
    events_note = None
    if shown.height < events.height:
        n_dated = events.height - n_undated
        n_shown_dated = shown.filter(pl.col("on_axis")).height
        events_note = tr(
            TEXT, "events_shown", lang, n=n_shown_dated, total=n_dated,
            u=shown.height - n_shown_dated, ut=n_undated,
        )  # fmt: skip
    domains_card = chart_card(
        f"{PAGE}-domains",
        tr(TEXT, "domains", lang),
        domain_status_figure(drawn, lang, foreign=foreign),
        lang=lang,
        note=tr(TEXT, "domains_note_foreign" if foreign else "domains_note_vn", lang),
        table=data_table(domain_rows(drawn, lang), domain_cols, lang, tr(TEXT, "domains", lang)),
        sources=card_sources(drawn, lang, f"{PAGE}-domains"),
        csv_href=downloads.href(f"{PAGE}-domains", lang=lang, partner=pid),
        controls=[_shown_note(domains_note, f"{PAGE}-domains")],
    )
    timeline_card = chart_card(
        f"{PAGE}-timeline",
        tr(TEXT, "timeline", lang),
        timeline_figure(shown, lang),
        lang=lang,
        note=tr(TEXT, "timeline_note", lang),
        table=data_table(event_rows(shown, lang), event_cols, lang, tr(TEXT, "timeline", lang)),
        sources=card_sources(shown, lang, f"{PAGE}-timeline"),
        csv_href=downloads.href(f"{PAGE}-timeline", lang=lang, partner=pid),
        controls=[_shown_note(events_note, f"{PAGE}-timeline")],
    )
    return [
        head,
        stats,
        domains_card,
        _insert_after_graph(timeline_card, undated_list(shown, lang)),
        instruments_card(partner, instruments, lang),
        sources_card(partner, sources, lang),
    ]


def layout(partner_id: str | None = None, lang: str = "vi", **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    path = f"/partner/{quote(partner_id or '', safe='-')}"
    try:
        frame = partners()
        partner = find_partner(partner_id, frame)
        if partner is None:
            content = not_found(partner_id, frame, lang)
        else:
            path = f"/partner/{quote(partner['partner_id'], safe='-')}"
            content = profile(partner, frame, lang)
    except NoWarehouse:
        return page(lang, path, html.P(t("no_data", lang)), query_args)
    return page(lang, path, content, query_args)

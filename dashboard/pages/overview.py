"""Overview: headline numbers, where each target stands, who cooperates, what comes next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import polars as pl
from dash import html

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
from dashboard.figures.common import split_ids
from dashboard.figures.overview import (
    domain_list,
    id_list,
    partner_status_bars,
    progress_share,
    target_standing,
)
from dashboard.i18n import lang_of, t, tr
from dashboard.theme import STATUS_COLOURS

dash.register_page(__name__, path="/", name="overview", title="Tổng quan · Overview", order=0)

# At most this many bars, partners and milestones at once; the table view, the CSV and the
# targets page reach the rest ("showing N of M" under the chart says so).
TOP_TARGETS = 15
TOP_PARTNERS = 20
TOP_MILESTONES = 12
TOP_SOURCES = 25

TEXT = {
    "heading": {"vi": "Tổng quan", "en": "Overview"},
    "lead": {
        "vi": "Việt Nam đang ở đâu so với các mục tiêu, ai hợp tác với Việt Nam về lĩnh vực gì, "
        "tiến trình pháp lý và các mốc sắp tới.",
        "en": "Where Vietnam stands against its targets, who cooperates with Vietnam on what, "
        "the legal pipeline and what comes next.",
    },
    "partners": {"vi": "Đối tác hợp tác", "en": "Cooperation partners"},
    "partners_detail": {"vi": "quốc gia và tổ chức", "en": "countries and organisations"},
    "domains": {"vi": "Lĩnh vực hợp tác", "en": "Cooperation domains"},
    "events": {"vi": "Sự kiện và thỏa thuận", "en": "Events and agreements"},
    "events_detail": {
        "vi": "trong đó {n} hiệp định, bản ghi nhớ",
        "en": "of which {n} agreements and MoUs",
    },
    "laws": {"vi": "Luật đã thông qua", "en": "Laws adopted"},
    "laws_detail": {"vi": "{n} đã có hiệu lực", "en": "{n} already in force"},
    "targets": {"vi": "Mục tiêu theo dõi", "en": "Targets tracked"},
    "targets_chart": {
        "vi": "Việt Nam đang ở đâu so với từng mục tiêu",
        "en": "Where Vietnam stands on each target",
    },
    "targets_note": {
        "vi": "Thanh: số đo mới nhất so với mục tiêu (100 % = đạt). Màu: trạng thái theo phương pháp xu hướng SDSN.",
        "en": "Bars: latest measurement against the target (100 % = met). Colour: status by the SDSN trend method.",
    },
    "partners_chart": {
        "vi": "Đối tác và mức độ hợp tác",
        "en": "Partners and how far cooperation has come",
    },
    "partners_note": {
        "vi": "Số lĩnh vực hợp tác của mỗi đối tác, theo trạng thái cao nhất đạt được.",
        "en": "Cooperation domains per partner, by the most advanced status reached.",
    },
    "milestones": {"vi": "Các mốc sắp tới", "en": "Next milestones"},
    "past_unconfirmed": {
        "vi": "Đã qua ngày dự kiến, chưa ghi nhận kết quả",
        "en": "Planned date passed, outcome not recorded",
    },
    "current": {"vi": "Đang trong kỳ", "en": "Within this period"},
    "in_days": {"vi": "còn {n} ngày", "en": "in {n} days"},
    "type_event": {"vi": "Sự kiện", "en": "Event"},
    "type_target_deadline": {"vi": "Hạn mục tiêu", "en": "Target deadline"},
    "type_entry_into_force": {"vi": "Có hiệu lực", "en": "Entry into force"},
    "type_planned_stage": {"vi": "Bước pháp lý dự kiến", "en": "Planned legal step"},
    "col_target": {"vi": "Mục tiêu", "en": "Target"},
    "col_latest": {"vi": "Số đo mới nhất", "en": "Latest value"},
    "col_period": {"vi": "Kỳ", "en": "Period"},
    "col_goal": {"vi": "Giá trị mục tiêu", "en": "Target value"},
    "col_deadline": {"vi": "Thời hạn", "en": "Deadline"},
    "col_status": {"vi": "Trạng thái", "en": "Status"},
    "col_share": {"vi": "% so với mục tiêu", "en": "% of target"},
    "col_partner": {"vi": "Đối tác", "en": "Partner"},
    "col_coop_status": {"vi": "Trạng thái hợp tác", "en": "Cooperation status"},
    "col_n_domains": {"vi": "Số lĩnh vực", "en": "Domains"},
    "col_domains": {"vi": "Các lĩnh vực", "en": "Domain list"},
    "col_sources": {"vi": "Nguồn", "en": "Sources"},
    "targets_showing": {
        "vi": "Đang hiển thị {n} trong {total} mục tiêu: những mục tiêu có thời hạn gần nhất. "
        "Bảng và CSV có đủ {total}; trang Mục tiêu có từng mục tiêu.",
        "en": "Showing {n} of {total} targets: those with the nearest deadlines. The table and "
        "the CSV hold all {total}; the Targets page has each one.",
    },
    "partners_showing": {
        "vi": "Đang hiển thị {n} trong {total} đối tác: những đối tác có nhiều lĩnh vực hợp tác "
        "nhất. CSV có đủ {total} đối tác; trang Hợp tác và hồ sơ đối tác có từng đối tác.",
        "en": "Showing {n} of {total} partners: those with the most cooperation domains. The CSV "
        "holds all {total}; the Cooperation page and the partner profiles have each one.",
    },
    "sources_showing": {
        "vi": "Đang liệt kê {n} trong {total} nguồn; CSV có mã nguồn của từng dòng, trang Nguồn "
        "và phương pháp liệt kê mọi nguồn.",
        "en": "Listing {n} of {total} sources; the CSV has the source ids of every row and the "
        "Sources page lists them all.",
    },
    "milestones_showing": {
        "vi": "Đang hiển thị {n} trong {total} mốc, theo ngày; CSV có đủ {total} mốc.",
        "en": "Showing {n} of {total} milestones, by date; the CSV holds all {total}.",
    },
}


def target_rows(lang: str) -> pl.DataFrame:
    frame = query("target_progress")
    return frame.with_columns(
        pl.Series("share_of_target", [progress_share(r) for r in frame.iter_rows(named=True)])
    )


def target_csv_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    return frame.select(
        pl.col("target_id"),
        pl.col(f"title_{lang}").alias("target"),
        "scope_geo", "comparison", "value_low", "value_high", "deadline_text",
        "latest_value", "latest_period_text", "latest_measure", "latest_source_id",
        "share_of_target", "status", "pace_ratio", "target_source_ids",
    )  # fmt: skip


@downloads.register("overview-targets")
def _targets_csv(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    return target_csv_frame(target_rows(lang), lang)


@downloads.register("overview-partners")
def _partners_csv(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    return query("partner_status_counts").select(
        "partner_id", pl.col(f"partner_name_{lang}").alias("partner"), "status", "n_domains",
        pl.col(f"domains_{lang}").alias("domains"), "source_ids", "partner_domains",
        "partner_rank",
    )  # fmt: skip


@downloads.register("overview-milestones")
def _milestones_csv(args: Mapping[str, str]) -> pl.DataFrame:
    lang = lang_of(args.get("lang"))
    return query("upcoming_milestones").select(
        "milestone_type", "item_id", pl.col(f"title_{lang}").alias("title"), "date_text",
        "date_precision", "timing", "days_until_start", "partner_ids", "source_ids",
    )  # fmt: skip


def showing(key: str, n: int, total: int, lang: str, cid: str) -> html.P | None:
    """'Showing N of M …' under a capped chart or list; None when nothing was left out."""
    if n >= total:
        return None
    return html.P(
        tr(TEXT, key, lang, n=n, total=total), className="muted showing", id=f"{cid}-showing"
    )


def capped_sources(frame: pl.DataFrame, lang: str, cid: str) -> html.Div:
    """The sources list under a chart, at most TOP_SOURCES of them, saying how many more there
    are (every id is in the chart's CSV, every source on the Sources page)."""
    shown = sources_list(frame.head(TOP_SOURCES), lang, cid)
    if frame.height <= TOP_SOURCES:
        return shown
    note = html.P(
        tr(TEXT, "sources_showing", lang, n=TOP_SOURCES, total=frame.height),
        className="muted showing",
        id=f"{cid}-sources-showing",
    )
    return html.Div([shown, note])


def _milestones(frame: pl.DataFrame, lang: str) -> html.Section:
    items = []
    for r in frame.head(TOP_MILESTONES).iter_rows(named=True):
        when = date_label(r["date_text"], r["date_precision"], lang)
        if r["timing"] == "past_unconfirmed":
            meta = tr(TEXT, "past_unconfirmed", lang)
        elif r["timing"] == "current":
            meta = tr(TEXT, "current", lang)
        else:
            meta = tr(TEXT, "in_days", lang, n=r["days_until_start"])
        kind = tr(TEXT, f"type_{r['milestone_type']}", lang)
        extra = f" · {r['partner_ids']}" if r["partner_ids"] else ""
        items.append(
            html.Li(
                [
                    html.Span(when, className="milestone-date"),
                    html.Div(
                        [
                            html.Div(r[f"title_{lang}"]),
                            html.Div(
                                f"{kind} · {meta}{extra} · {t('sources', lang)}: {r['source_ids'] or '—'}",
                                className="milestone-meta",
                            ),
                        ]
                    ),
                ],
                className=f"milestone milestone-{r['timing']}",
            )
        )
    return html.Section(
        [
            html.H2(tr(TEXT, "milestones", lang), id="overview-milestones-title"),
            html.Ul(items, className="milestones", id="overview-milestones"),
            showing("milestones_showing", len(items), frame.height, lang, "overview-milestones"),
            html.Div(
                html.A(
                    t("download_csv", lang),
                    href=downloads.href("overview-milestones", lang=lang),
                    className="button-link",
                    download="overview-milestones.csv",
                ),
                className="card-actions",
            ),
        ],
        className="card",
        **{"aria-labelledby": "overview-milestones-title"},
    )


def layout(lang: str = "vi", **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    try:
        head = query("overview_headline").row(0, named=True)
        targets = target_rows(lang)
        partners = query("partner_status_counts")
        milestones = query("upcoming_milestones")
    except NoWarehouse:
        return page(lang, "/", html.P(t("no_data", lang)), query_args)

    status_counts = targets.group_by("status").len()
    target_badges = html.Div(
        [
            badge(f"{t('status_' + s, lang)}: {n}", STATUS_COLOURS[s])
            for s, n in sorted(
                status_counts.iter_rows(), key=lambda x: list(STATUS_COLOURS).index(x[0])
            )
        ],
        className="stat-detail badges",
    )
    stats = html.Div(
        [
            stat(tr(TEXT, "partners", lang), head["n_partners"], tr(TEXT, "partners_detail", lang), "stat-partners"),
            stat(tr(TEXT, "domains", lang), head["n_domains"], None, "stat-domains"),
            stat(
                tr(TEXT, "events", lang), head["n_events"],
                tr(TEXT, "events_detail", lang, n=head["n_agreements"]), "stat-events",
            ),
            stat(
                tr(TEXT, "laws", lang), head["n_laws_adopted"],
                tr(TEXT, "laws_detail", lang, n=head["n_laws_in_force"]), "stat-laws",
            ),
            html.Div(
                [
                    html.P(str(head["n_targets"]), className="stat-value"),
                    html.P(tr(TEXT, "targets", lang), className="stat-label"),
                    target_badges,
                ],
                className="stat",
                id="stat-targets",
            ),
        ],
        className="stats",
    )  # fmt: skip

    target_cols = {
        f"title_{lang}": tr(TEXT, "col_target", lang),
        "latest_value": tr(TEXT, "col_latest", lang),
        "latest_period_text": tr(TEXT, "col_period", lang),
        "value_low": tr(TEXT, "col_goal", lang),
        "deadline_text": tr(TEXT, "col_deadline", lang),
        "status_label": tr(TEXT, "col_status", lang),
        "share_of_target": tr(TEXT, "col_share", lang),
    }
    # the chart draws the targets with the nearest deadlines (target_progress's order); the
    # table and the CSV hold them all
    drawn_targets = targets.head(TOP_TARGETS)
    target_table = targets.with_columns(
        pl.Series(
            "status_label", [t(f"status_{s}", lang) for s in targets["status"]], dtype=pl.String
        )
    )
    target_sources = query(
        "sources",
        ids=split_ids(
            *drawn_targets["latest_source_id"].to_list(),
            *drawn_targets["target_source_ids"].to_list(),
        ),
    )
    partner_cols = {
        f"partner_name_{lang}": tr(TEXT, "col_partner", lang),
        "status": tr(TEXT, "col_coop_status", lang),
        "n_domains": tr(TEXT, "col_n_domains", lang),
        f"domains_{lang}": tr(TEXT, "col_domains", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    # the partners with the most domains; the CSV holds them all
    n_partners = partners["partner_id"].n_unique()
    top_partners = partners.filter(pl.col("partner_rank") <= TOP_PARTNERS)
    ordered = top_partners.sort("partner_rank", "status_rank")
    partner_table = ordered.with_columns(
        pl.Series(
            f"domains_{lang}",
            [domain_list(d, 12, lang) for d in ordered[f"domains_{lang}"]],
            dtype=pl.String,
        ),
        pl.Series(
            "source_ids", [id_list(i, 6, lang) for i in ordered["source_ids"]], dtype=pl.String
        ),
    )
    partner_sources = query("sources", ids=split_ids(*top_partners["source_ids"].to_list()))
    content = [
        html.H1(tr(TEXT, "heading", lang)),
        html.P(tr(TEXT, "lead", lang), className="lead"),
        stats,
        chart_card(
            "overview-targets",
            tr(TEXT, "targets_chart", lang),
            target_standing(drawn_targets, lang),
            lang=lang,
            note=tr(TEXT, "targets_note", lang),
            controls=[
                c
                for c in [
                    showing(
                        "targets_showing",
                        drawn_targets.height,
                        targets.height,
                        lang,
                        "overview-targets",
                    )
                ]
                if c is not None
            ],
            table=data_table(target_table, target_cols, lang, tr(TEXT, "targets_chart", lang)),
            sources=sources_list(target_sources, lang, "overview-targets"),
            csv_href=downloads.href("overview-targets", lang=lang),
        ),
        _milestones(milestones, lang),
        chart_card(
            "overview-partners",
            tr(TEXT, "partners_chart", lang),
            partner_status_bars(top_partners, lang),
            lang=lang,
            note=tr(TEXT, "partners_note", lang),
            controls=[
                c
                for c in [
                    showing(
                        "partners_showing",
                        top_partners["partner_id"].n_unique(),
                        n_partners,
                        lang,
                        "overview-partners",
                    )
                ]
                if c is not None
            ],
            table=data_table(partner_table, partner_cols, lang, tr(TEXT, "partners_chart", lang)),
            sources=capped_sources(partner_sources, lang, "overview-partners"),
            csv_href=downloads.href("overview-partners", lang=lang),
        ),
        html.P(
            html.A(
                "→ " + ("Xem chi tiết mục tiêu" if lang == "vi" else "See the targets in detail"),
                href=url("/targets", lang),
            )
        ),
    ]
    return page(lang, "/", content, query_args)

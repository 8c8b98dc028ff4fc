"""Sources and method: every source and the facts it supports, how many sources back each fact,
the target status method, and the taxonomy of cooperation domains."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

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
    stat,
)
from dashboard.data import NoWarehouse, query
from dashboard.figures.common import split_ids
from dashboard.figures.sources import (
    COVERAGE_KINDS,
    FACT_TYPES,
    corroboration_bars,
    coverage_bars,
    fact_label,
    fact_type_label,
    kind_label,
    language_label,
    taxonomy_bars,
)
from dashboard.figures.sources import lbl as fig_label
from dashboard.i18n import lang_of, t, tr
from dashboard.theme import STATUS_COLOURS

dash.register_page(
    __name__,
    path="/sources",
    name="sources",
    title="Nguồn và phương pháp · Sources and method",
    order=5,
)

PAGE = "sources"
CONTROLS = {
    "q": "sources-facts-search",
    "type": "sources-facts-type",
    "corroboration": "sources-facts-corroboration",
}
CHIP_CONTROLS = ("sources-facts-type", "sources-facts-corroboration")
CORROBORATION = ("single_source", "multiple_sources")
# bounds at scale (the seed data stays under every one): facts in the table, sources in the
# coverage chart and catalogue, sources in a list under a chart, facts and sources on a hover
FACTS_CAP = 150
COVERAGE_CAP = 50
SOURCES_CAP = 45
HOVER_FACTS = 8
HOVER_SOURCES = 12
# domains in the taxonomy tables at scale: at most about this many, at least a few per group
TAXONOMY_CAP = 50
TAXONOMY_MIN_PER_GROUP = 2
url_state.register(PAGE, CONTROLS)

TEXT = {
    "heading": {"vi": "Nguồn và phương pháp", "en": "Sources and method"},
    "lead": {
        "vi": "Mọi con số trên bảng chỉ số đều dẫn về nguồn. Trang này liệt kê từng nguồn, cho biết "
        "mỗi dữ kiện có bao nhiêu nguồn xác nhận, trình bày cách xác định trạng thái mục tiêu và "
        "bộ phân loại lĩnh vực hợp tác.",
        "en": "Every number on the dashboard leads back to its sources. This page lists each "
        "source, shows how many sources back each fact, sets out how target status is decided, "
        "and gives the taxonomy of cooperation domains.",
    },
    "stat_sources": {"vi": "Nguồn", "en": "Sources"},
    "stat_sources_detail": {
        "vi": "{n} nguồn chính thức · {k} ngôn ngữ",
        "en": "{n} official · {k} languages",
    },
    "stat_facts": {"vi": "Dữ kiện có dẫn nguồn", "en": "Facts with sources"},
    "stat_multi": {"vi": "Dữ kiện có từ hai nguồn", "en": "Facts backed by two or more sources"},
    "stat_multi_detail": {"vi": "{p} % tổng số dữ kiện", "en": "{p} % of all facts"},
    "stat_nolink": {"vi": "Nguồn không có đường dẫn", "en": "Sources without a link"},
    "stat_nolink_detail": {"vi": "có ghi lý do", "en": "each with the reason"},
    "coverage_chart": {
        "vi": "Mỗi nguồn hỗ trợ những dữ kiện nào",
        "en": "What each source supports",
    },
    "coverage_note": {
        "vi": "Số dữ kiện mỗi nguồn hỗ trợ, theo loại dữ kiện. Bảng bên dưới liệt kê đủ mọi nguồn: "
        "nhà xuất bản, ngôn ngữ, ngày công bố đúng độ chính xác, đường dẫn hoặc lý do không có.",
        "en": "Facts each source supports, by kind. The table below lists every source: "
        "publisher, language, publication date at its real precision, link or the reason there "
        "is none.",
    },
    "catalogue": {"vi": "Danh mục nguồn", "en": "Source catalogue"},
    "col_source": {"vi": "Nguồn", "en": "Source"},
    "col_language": {"vi": "Ngôn ngữ", "en": "Language"},
    "col_published": {"vi": "Ngày công bố", "en": "Published"},
    "col_link": {"vi": "Đường dẫn", "en": "Link"},
    "col_kind": {"vi": "Loại", "en": "Kind"},
    "col_facts": {"vi": "Dữ kiện", "en": "Facts"},
    "translated_from": {"vi": "dịch từ {l}", "en": "translated from {l}"},
    "via": {"vi": "qua {v}", "en": "via {v}"},
    "inferred_note": {"vi": "Ghi chú (tiếng Anh): {n}", "en": "{n}"},
    "no_link": {"vi": "Không có đường dẫn.", "en": "No link."},
    "related_in": {"vi": "Mục liên quan trong: {p}", "en": "Related item in: {p}"},
    "only_source": {"vi": "{n} chỉ dựa trên nguồn này", "en": "{n} on this source alone"},
    "all_sources_listed": {
        "vi": "Danh sách trích dẫn ({n} nguồn)",
        "en": "Citation list ({n} sources)",
    },
    "facts_chart": {
        "vi": "Mỗi dữ kiện có bao nhiêu nguồn xác nhận",
        "en": "How many sources back each fact",
    },
    "facts_note": {
        "vi": "Dữ kiện theo loại và số nguồn xác nhận; màu đậm hơn là có nhiều nguồn hơn. Bảng bên "
        "dưới liệt kê từng dữ kiện với số nguồn, mã nguồn và ngôn ngữ của nguồn.",
        "en": "Facts by type and by how many sources back them; darker means more sources. The "
        "table below lists each fact with its number of sources, their ids and languages.",
    },
    "facts_sources": {
        "vi": "Nguồn của các dữ kiện đang hiển thị",
        "en": "Sources of the facts shown",
    },
    "search": {"vi": "Tìm dữ kiện", "en": "Search facts"},
    "search_placeholder": {
        "vi": "ví dụ: Seoul, Luật Dữ liệu, mst-2025-10-25-kor",
        "en": "e.g. Seoul, Law on Data, mst-2025-10-25-kor",
    },
    "fact_type": {"vi": "Loại dữ kiện", "en": "Fact type"},
    "corroboration": {"vi": "Số nguồn", "en": "Sources per fact"},
    "single_source": {"vi": "Một nguồn", "en": "One source"},
    "multiple_sources": {"vi": "Từ hai nguồn", "en": "Two or more"},
    "filter_hint": {
        "vi": "Không chọn mục nào là xem tất cả; tìm kiếm không phân biệt dấu và chữ hoa.",
        "en": "Select nothing to see all; search ignores accents and case.",
    },
    "shown": {"vi": "Đang hiển thị {n} / {total} dữ kiện.", "en": "Showing {n} of {total} facts."},
    "facts_capped": {
        "vi": "Bảng liệt kê {n} / {total} dữ kiện có nhiều nguồn nhất; tệp CSV có đủ cả {total}. "
        "Dùng ô tìm kiếm và bộ lọc để thu hẹp.",
        "en": "The table lists {n} of {total} facts, those with most sources first; the CSV has "
        "all {total}. Use the search and filters to narrow them down.",
    },
    "coverage_capped": {
        "vi": "Đang hiển thị {n} / {total} nguồn hỗ trợ nhiều dữ kiện nhất; tệp CSV liệt kê đủ "
        "cả {total} nguồn.",
        "en": "Showing {n} of {total} sources, those supporting most facts first; the CSV lists "
        "all {total}.",
    },
    "sources_capped": {
        "vi": "Đang hiển thị {n} / {total} nguồn; mã nguồn của từng dòng có trong bảng và tệp CSV.",
        "en": "Showing {n} of {total} sources; the table and the CSV give each row's source ids.",
    },
    "col_fact_type": {"vi": "Loại dữ kiện", "en": "Fact type"},
    "col_fact": {"vi": "Dữ kiện", "en": "Fact"},
    "col_n_sources": {"vi": "Số nguồn", "en": "Sources"},
    "col_source_ids": {"vi": "Mã nguồn", "en": "Source ids"},
    "col_languages": {"vi": "Ngôn ngữ nguồn", "en": "Source languages"},
    "method": {
        "vi": "Phương pháp xác định trạng thái mục tiêu",
        "en": "How target status is decided",
    },
    "taxonomy_chart": {
        "vi": "Bộ phân loại lĩnh vực hợp tác",
        "en": "Taxonomy of cooperation domains",
    },
    "taxonomy_note": {
        "vi": "Số lĩnh vực trong mỗi nhóm. Bảng bên dưới cho từng lĩnh vực tên tiếng Việt, tiếng Anh "
        "và các từ đồng nghĩa bằng tiếng Việt, Anh, Pháp, Na Uy dùng để nhận diện lĩnh vực trong "
        "nguồn.",
        "en": "Domains in each group. The tables below give each domain's Vietnamese and English "
        "names and the synonyms in Vietnamese, English, French and Norwegian used to recognise it "
        "in sources.",
    },
    "taxonomy_capped": {
        "vi": "Đang hiển thị {n} / {total} lĩnh vực: {k} lĩnh vực đầu của mỗi nhóm; tệp CSV liệt "
        "kê đủ cả {total} lĩnh vực với các từ đồng nghĩa.",
        "en": "Showing {n} of {total} domains: the first {k} of each group; the CSV lists all "
        "{total} with their synonyms.",
    },
    "col_domain_vi": {"vi": "Tên tiếng Việt", "en": "Name in Vietnamese"},
    "col_domain_en": {"vi": "Tên tiếng Anh", "en": "Name in English"},
    "col_terms_vi": {"vi": "Từ khóa tiếng Việt", "en": "Terms in Vietnamese"},
    "col_terms_en": {"vi": "Từ khóa tiếng Anh", "en": "Terms in English"},
    "col_terms_fr": {"vi": "Từ khóa tiếng Pháp", "en": "Terms in French"},
    "col_terms_no": {"vi": "Từ khóa tiếng Na Uy", "en": "Terms in Norwegian"},
    "group_heading": {"vi": "{g} ({n} lĩnh vực)", "en": "{g} ({n} domains)"},
    "group_caption": {"vi": "{g}: {n} lĩnh vực", "en": "{g}: {n} domains"},
    "no_taxonomy_sources": {
        "vi": "Bộ phân loại do nhóm dự án xây dựng, không trích từ một nguồn riêng.",
        "en": "The taxonomy is the project's own, not taken from a single source.",
    },
}

# The target status method (docs/target-status-method.md), block by block: heading, paragraph,
# formula, list, or the list of status classes.
METHOD: list[tuple[str, Any]] = [
    (
        "p",
        {
            "vi": "Mỗi mục tiêu có một trạng thái cho biết đã đạt hay chưa, và nếu chưa thì với tốc "
            "độ của giai đoạn vừa qua, mục tiêu có đạt được đúng hạn hay không. Phương pháp theo "
            "cách đánh giá xu hướng trong Báo cáo Phát triển bền vững của Mạng lưới Giải pháp Phát "
            "triển bền vững Liên Hợp Quốc (SDSN): lấy tốc độ thực tế chia cho tốc độ cần có, rồi "
            "xếp tỷ số vào các nhóm.",
            "en": "Each target gets one status saying whether it has been met and, if not, whether "
            "the pace of the recent past would meet it by its deadline. The method follows the "
            "trend assessment of the Sustainable Development Report of the UN Sustainable "
            "Development Solutions Network (SDSN): the observed pace is divided by the pace "
            "needed, and the ratio is put into classes.",
        },
    ),
    ("h3", {"vi": "Số liệu nào được dùng", "en": "Which figures count"}),
    (
        "ul",
        {
            "vi": [
                "Mỗi kỳ một số liệu. Khi có nhiều số liệu cho cùng một chỉ tiêu, địa bàn và kỳ (ví "
                "dụ số đo IPv6 của APNIC và của VNNIC cho cùng một tháng), chọn số có độ tin cậy "
                "cao nhất; nếu ngang nhau thì lấy giá trị thấp hơn. Các số còn lại vẫn được hiển "
                "thị bên cạnh.",
                "Thời điểm của một số liệu là ngày giữa kỳ: ngày 1 hoặc 2/7 với số liệu năm, giữa "
                "tháng với số liệu tháng.",
                "Hạn là ngày cuối của kỳ hạn: 31/12/2030 với hạn «2030», 31/12/2025 với hạn "
                "«tháng 12/2025».",
                "Chỉ tính các số liệu có kỳ bắt đầu không muộn hơn hạn; mục tiêu không có hạn thì "
                "tính mọi số liệu.",
                "Số liệu mới nhất là số liệu được tính có thời điểm muộn nhất.",
                "Số liệu gốc là số liệu đầu tiên kể từ kỳ gốc, nếu mục tiêu quy định kỳ gốc; nếu "
                "không, là số liệu đầu tiên trong 5 năm trước số liệu mới nhất.",
            ],
            "en": [
                "One figure per period. When several figures are reported for the same "
                "indicator, territory and period (for example APNIC's and VNNIC's IPv6 measures "
                "for the same month), the one with the highest confidence is used, and of equally "
                "confident ones the lower value. The others stay visible beside it.",
                "The time of a figure is the middle day of its period: 1 or 2 July for a year, "
                "mid-month for a month.",
                "The deadline is the last day of the deadline period: 31 December 2030 for "
                "“2030”, 31 December 2025 for “December 2025”.",
                "Only figures whose period starts on or before the deadline count; with no "
                "deadline, all figures count.",
                "The latest figure is the counting figure with the latest time.",
                "The base figure is the first figure from the target's base period on, when the "
                "target sets one; otherwise the first figure in the five years before the latest.",
            ],
        },
    ),
    ("h3", {"vi": "Tốc độ", "en": "Paces"}),
    (
        "formula",
        {
            "vi": "tốc độ thực tế = (giá trị mới nhất − giá trị gốc) ÷ số năm từ kỳ gốc đến kỳ mới "
            "nhất",
            "en": "observed pace = (latest value − base value) ÷ years from base to latest",
        },
    ),
    (
        "formula",
        {
            "vi": "tốc độ cần có = (giá trị mục tiêu − giá trị gốc) ÷ số năm từ kỳ gốc đến hạn",
            "en": "required pace = (target value − base value) ÷ years from base to deadline",
        },
    ),
    (
        "formula",
        {
            "vi": "tỷ số = tốc độ thực tế ÷ tốc độ cần có",
            "en": "pace ratio = observed pace ÷ required pace",
        },
    ),
    (
        "p",
        {
            "vi": "Số năm bằng số ngày chia cho 365,25. Giá trị mục tiêu là cận dưới nếu mục tiêu "
            "là một khoảng (90 % với mục tiêu 90–100 %). Với mục tiêu càng thấp càng tốt (không "
            "vượt quá, thứ hạng), cả hai tốc độ đều âm khi tình hình cải thiện, nên tỷ số vẫn "
            "dương. Tỷ số chỉ được tính khi tốc độ cần có hướng về phía cải thiện. Bảng chỉ số còn "
            "cho biết tốc độ cần có từ nay: (giá trị mục tiêu − giá trị mới nhất) ÷ số năm từ kỳ "
            "mới nhất đến hạn.",
            "en": "Years are days divided by 365.25. The target value is the low end of a band "
            "(90 % for a target of 90–100 %). For targets where lower is better (at most, ranks) "
            "both paces are negative when things improve, so the ratio is still positive. The "
            "ratio is computed only when the required pace points towards improvement. The "
            "dashboard also shows the pace required from now: (target value − latest value) ÷ "
            "years from the latest figure to the deadline.",
        },
    ),
    (
        "h3",
        {
            "vi": "Các nhóm trạng thái (áp dụng nhóm đầu tiên phù hợp)",
            "en": "Status classes (the first that applies)",
        },
    ),
    (
        "classes",
        [
            (
                "no_measurement",
                {
                    "vi": "Chưa có số liệu nào được tính cho mục tiêu.",
                    "en": "No figure counts for the target yet.",
                },
            ),
            (
                "achieved",
                {
                    "vi": "Số liệu mới nhất đã đạt mục tiêu: bằng hoặc cao hơn giá trị mục tiêu "
                    "(cận dưới nếu là khoảng); với mục tiêu «không vượt quá» và thứ hạng thì bằng "
                    "hoặc thấp hơn.",
                    "en": "The latest figure meets the target: at or above the target value (the "
                    "low end of a band), or at or below it for “at most” targets and ranks.",
                },
            ),
            (
                "not_achieved",
                {
                    "vi": "Đã quá hạn mà số liệu mới nhất chưa đạt mục tiêu.",
                    "en": "The deadline has passed and the latest figure does not meet the target.",
                },
            ),
            (
                "insufficient_data",
                {
                    "vi": "Mục tiêu không có hạn, hoặc có ít hơn hai số liệu từ kỳ gốc đến kỳ mới "
                    "nhất.",
                    "en": "The target has no deadline, or fewer than two figures lie between the "
                    "base and the latest.",
                },
            ),
            (
                "on_track",
                {
                    "vi": "Tỷ số từ 1 trở lên: giữ tốc độ này thì đạt mục tiêu đúng hạn.",
                    "en": "Ratio of 1 or more: at this pace the target is met by the deadline.",
                },
            ),
            (
                "moderately_improving",
                {
                    "vi": "Tỷ số từ 0,5 đến dưới 1: đang cải thiện, nhanh hơn một nửa tốc độ cần có.",
                    "en": "Ratio from 0.5 to below 1: improving at more than half the pace needed.",
                },
            ),
            (
                "stagnating",
                {
                    "vi": "Tỷ số từ 0 đến dưới 0,5: cải thiện chậm hơn một nửa tốc độ cần có, hoặc "
                    "đứng yên.",
                    "en": "Ratio from 0 to below 0.5: improving at less than half the pace needed, "
                    "or not moving.",
                },
            ),
            (
                "decreasing",
                {
                    "vi": "Tỷ số âm: đang đi xa khỏi mục tiêu (kể cả khi số liệu gốc đã đạt mà số "
                    "mới nhất không còn đạt).",
                    "en": "Negative ratio: moving away from the target (also when the base figure "
                    "met the target and the latest no longer does).",
                },
            ),
        ],
    ),
    ("h3", {"vi": "Ví dụ", "en": "Worked example"}),
    (
        "p",
        {
            "vi": "Mục tiêu: ít nhất 90 % vào năm 2030. Số liệu: 60 % năm 2022 (gốc, thời điểm "
            "2/7/2022) và 70 % năm 2024 (mới nhất, 1/7/2024); hạn 31/12/2030. Tốc độ thực tế = "
            "10 ÷ 2,00 = 5,00 điểm/năm; tốc độ cần có = 30 ÷ 8,50 = 3,53 điểm/năm; tỷ số = 1,42 → "
            "đúng tiến độ. Tốc độ cần có từ nay = 20 ÷ 6,50 = 3,08 điểm/năm.",
            "en": "Target: at least 90 % by 2030. Figures: 60 % for 2022 (base, time 2 July 2022) "
            "and 70 % for 2024 (latest, 1 July 2024); deadline 31 December 2030. Observed pace = "
            "10 ÷ 2.00 = 5.00 points a year; required pace = 30 ÷ 8.50 = 3.53 points a year; "
            "ratio = 1.42 → on track. Pace required from now = 20 ÷ 6.50 = 3.08 points a year.",
        },
    ),
    ("h3", {"vi": "Nguồn phương pháp", "en": "Reference"}),
    (
        "ref",
        {
            "vi": "Khác biệt so với SDSN: ngưỡng là giá trị và hạn riêng của từng mục tiêu (không "
            "phải ngưỡng SDG và năm 2030); xu hướng tính từ kỳ gốc của mục tiêu, hoặc trong 5 năm "
            "tính đến số liệu mới nhất; có thêm các nhóm đã đạt, không đạt, chưa đủ dữ liệu và "
            "chưa có số đo.",
            "en": "Differences from SDSN: the threshold is each target's own value and deadline "
            "(not the SDG threshold and 2030); the trend runs from the target's base period, or "
            "over the five years to the latest figure; the classes achieved, not achieved, "
            "insufficient data and no measurement are added.",
        },
    ),
]
REFERENCE = {
    "vi": "Sachs, J.D., Lafortune, G. và Fuller, G. (2024). The SDGs and the UN Summit of the "
    "Future. Sustainable Development Report 2024. Paris: SDSN; Dublin: Dublin University Press. ",
    "en": "Sachs, J.D., Lafortune, G. and Fuller, G. (2024). The SDGs and the UN Summit of the "
    "Future. Sustainable Development Report 2024. Paris: SDSN; Dublin: Dublin University Press. ",
}
REFERENCE_DOI = "https://doi.org/10.25546/108572"


# ---- filters ----


def _list_arg(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return url_state.split(value)


def filters_of(args: Mapping[str, Any]) -> tuple[str, list[str], list[str]]:
    """Search text, fact types and corroboration classes selected by query arguments."""
    search = str(args.get("q") or "").strip()
    types = [x for x in _list_arg(args.get("type")) if x in FACT_TYPES]
    corroboration = [x for x in _list_arg(args.get("corroboration")) if x in CORROBORATION]
    return search, types, corroboration


# ---- data behind each chart (layout, callback and CSV downloads) ----


def coverage_frame() -> pl.DataFrame:
    return query("sources_coverage")


def facts_frame(
    search: str, types: list[str], corroboration: list[str], limit: int | None = None
) -> pl.DataFrame:
    """The selected facts, most sources first: the first ``limit`` (None = all, for the CSV)."""
    return query(
        "sources_facts",
        search=search,
        fact_types=types,
        corroboration=corroboration,
        row_limit=limit,
    )


def facts_summary(search: str, types: list[str], corroboration: list[str]) -> pl.DataFrame:
    """Facts per type and number of sources (all, and selected), counted in SQL."""
    return query(
        "sources_facts_summary",
        search=search,
        fact_types=types,
        corroboration=corroboration,
        sample=HOVER_FACTS,
        sample_sources=HOVER_SOURCES,
    )


def capped_sources_list(ids: list[str], lang: str, cid: str) -> html.Div:
    """The sources list under a chart, at most SOURCES_CAP of them with a "showing n of m" note."""
    block = sources_list(query("sources", ids=ids[:SOURCES_CAP]), lang, cid)
    if len(ids) > SOURCES_CAP:
        note = html.P(
            tr(TEXT, "sources_capped", lang, n=SOURCES_CAP, total=len(ids)),
            className="muted sources-capped",
        )
        block.children = [*block.children, note]
    return block


def taxonomy_frame() -> pl.DataFrame:
    return query("sources_taxonomy")


def coverage_csv_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """One row per source the coverage chart draws, with its date label in ``lang``."""
    labels = [
        date_label(r["published_text"], r["published_precision"], lang, r["published_inferred"])
        for r in frame.iter_rows(named=True)
    ]
    return frame.with_columns(
        pl.Series("published_label", labels, dtype=pl.String),
        pl.col(f"description_{lang}").alias("description"),
    ).select(
        "source_id", "publisher", "language", "original_language", "via", "kind",
        "parent_source_id", "published_text", "published_precision", "published_inferred",
        "published_label", "published_note", "url", "url_note", "description", *COVERAGE_KINDS,
        "n_facts", "n_facts_only_source",
    )  # fmt: skip


def facts_table_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The facts the table lists (and the chart counts), labelled in ``lang``."""
    rows = list(frame.iter_rows(named=True))
    return frame.with_columns(
        pl.Series(
            "fact_type_label", [fact_type_label(r["fact_type"], lang) for r in rows], pl.String
        ),
        pl.Series("label", [fact_label(r, lang) for r in rows], pl.String),
    ).select(
        "fact_type", "fact_type_label", "fact_id", "label", "n_sources", "source_ids",
        "languages", "corroboration",
    )  # fmt: skip


def taxonomy_csv_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    return frame.select(
        "group_id", pl.col(f"group_label_{lang}").alias("group_label"), "domain_id", "label_vi",
        "label_en", "description_en", "terms_vi", "terms_en", "terms_fr", "terms_no", "n_terms",
    )  # fmt: skip


@downloads.register("sources-coverage")
def _coverage_csv(args: Mapping[str, str]) -> pl.DataFrame:
    return coverage_csv_frame(coverage_frame(), lang_of(args.get("lang")))


@downloads.register("sources-facts")
def _facts_csv(args: Mapping[str, str]) -> pl.DataFrame:
    return facts_table_frame(facts_frame(*filters_of(args)), lang_of(args.get("lang")))


@downloads.register("sources-taxonomy")
def _taxonomy_csv(args: Mapping[str, str]) -> pl.DataFrame:
    return taxonomy_csv_frame(taxonomy_frame(), lang_of(args.get("lang")))


# ---- pieces of the page ----


def _language_cell(r: dict, lang: str) -> list[Any]:
    out: list[Any] = [language_label(r["language"], lang)]
    notes = []
    if r["original_language"] and r["original_language"] != r["language"]:
        notes.append(
            tr(TEXT, "translated_from", lang, l=language_label(r["original_language"], lang))
        )
    if r["via"]:
        notes.append(tr(TEXT, "via", lang, v=r["via"]))
    if notes:
        out.append(html.Span(", ".join(notes), className="sources-cell-note"))
    return out


def _date_cell(r: dict, lang: str) -> list[Any]:
    out: list[Any] = [
        date_label(r["published_text"], r["published_precision"], lang, r["published_inferred"])
    ]
    if r["published_inferred"] and r["published_note"]:
        out.append(
            html.Span(
                tr(TEXT, "inferred_note", lang, n=r["published_note"]),
                className="sources-cell-note",
            )
        )
    return out


def _link_cell(r: dict, lang: str) -> list[Any]:
    if r["url"]:
        host = urlparse(r["url"]).netloc.removeprefix("www.") or r["url"]
        return [html.A(host + " ↗", href=r["url"], target="_blank", rel="noopener")]
    out: list[Any] = [tr(TEXT, "no_link", lang)]
    if r["url_note"]:
        out.append(
            html.Span(
                tr(TEXT, "inferred_note", lang, n=r["url_note"]), className="sources-cell-note"
            )
        )
    return out


def _kind_cell(r: dict, lang: str) -> list[Any]:
    out: list[Any] = [kind_label(r["kind"], lang)]
    if r["parent_source_id"]:
        parent = r["parent_publisher"] or r["parent_source_id"]
        if r["parent_published_text"]:
            when = date_label(r["parent_published_text"], r["parent_published_precision"], lang)
            parent = f"{parent} ({when})"
        out.append(
            html.Span(
                tr(TEXT, "related_in", lang, p=f"{parent} [{r['parent_source_id']}]"),
                className="sources-cell-note",
            )
        )
    return out


def _facts_cell(r: dict, lang: str) -> list[Any]:
    parts = [f"{r[k]} {fig_label(k, lang).lower()}" for k in COVERAGE_KINDS if r[k]]
    out: list[Any] = [html.Strong(str(r["n_facts"]))]
    if parts:
        out.append(html.Span(", ".join(parts), className="sources-cell-note"))
    if r["n_facts"]:
        out.append(
            html.Span(
                tr(TEXT, "only_source", lang, n=r["n_facts_only_source"]),
                className="sources-cell-note",
            )
        )
    return out


def catalogue_table(frame: pl.DataFrame, lang: str) -> html.Div:
    """Every source: publisher and description, language, date, link or why none, kind (and the
    article a related item appeared in) and the facts it supports."""
    heads = ("col_source", "col_language", "col_published", "col_link", "col_kind", "col_facts")
    body = []
    for r in frame.iter_rows(named=True):
        body.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Strong(r["publisher"]),
                            html.Span(r[f"description_{lang}"], className="sources-cell-note"),
                            html.Span(r["source_id"], className="sources-cell-note"),
                        ]
                    ),
                    html.Td(_language_cell(r, lang)),
                    html.Td(_date_cell(r, lang)),
                    html.Td(_link_cell(r, lang)),
                    html.Td(_kind_cell(r, lang)),
                    html.Td(_facts_cell(r, lang)),
                ],
                id=f"sources-row-{r['source_id']}",
            )
        )
    return html.Div(
        html.Table(
            [
                html.Caption(tr(TEXT, "catalogue", lang)),
                html.Thead(html.Tr([html.Th(tr(TEXT, h, lang), scope="col") for h in heads])),
                html.Tbody(body),
            ],
            className="data-table sources-catalogue",
        ),
        className="table-wrap sources-catalogue-wrap",
    )


def facts_table(frame: pl.DataFrame, lang: str) -> html.Div:
    cols = {
        "fact_type_label": tr(TEXT, "col_fact_type", lang),
        "label": tr(TEXT, "col_fact", lang),
        "n_sources": tr(TEXT, "col_n_sources", lang),
        "source_ids": tr(TEXT, "col_source_ids", lang),
        "languages": tr(TEXT, "col_languages", lang),
    }
    table = facts_table_frame(frame, lang)
    # the wrapper scrolls (not the table's own wrap) so it can take keyboard focus
    return html.Div(
        data_table(table, cols, lang, tr(TEXT, "facts_chart", lang), limit=FACTS_CAP),
        className="sources-facts-scroll",
        tabIndex=0,
        role="region",
        **{"aria-label": tr(TEXT, "facts_chart", lang)},
    )


def taxonomy_tables(frame: pl.DataFrame, lang: str) -> html.Div:
    """One table per group: the domains with their names and synonyms in four languages."""
    cols = {
        "label_vi": tr(TEXT, "col_domain_vi", lang),
        "label_en": tr(TEXT, "col_domain_en", lang),
        "terms_vi": tr(TEXT, "col_terms_vi", lang),
        "terms_en": tr(TEXT, "col_terms_en", lang),
        "terms_fr": tr(TEXT, "col_terms_fr", lang),
        "terms_no": tr(TEXT, "col_terms_no", lang),
    }
    ids = list(dict.fromkeys(frame["group_id"].to_list()))
    # at scale each group lists its first domains (the CSV has every one); the seed data is whole
    per_group = frame.height
    groups: list[Any] = []
    if frame.height > TAXONOMY_CAP:
        per_group = max(TAXONOMY_MIN_PER_GROUP, TAXONOMY_CAP // max(len(ids), 1))
        shown = int(frame.group_by("group_id").len()["len"].clip(upper_bound=per_group).sum())
        groups.append(
            html.P(
                tr(TEXT, "taxonomy_capped", lang, n=shown, total=frame.height, k=per_group),
                className="muted sources-capped",
                id="sources-taxonomy-shown",
            )
        )
    for gid, part in frame.group_by("group_id", maintain_order=True):
        gid = gid[0]
        name = part[f"group_label_{lang}"][0]
        caption = tr(TEXT, "group_caption", lang, g=name, n=part.height)
        groups.append(
            html.Div(
                [
                    html.H3(tr(TEXT, "group_heading", lang, g=name, n=part.height)),
                    data_table(part, cols, lang, caption, limit=per_group),
                ],
                className="taxonomy-group",
                id=f"sources-taxonomy-{gid}",
            )
        )
    return html.Div(groups)


def _method_block(kind: str, content: Any, lang: str) -> Any:
    if kind == "h3":
        return html.H3(content[lang])
    if kind == "p":
        return html.P(content[lang])
    if kind == "formula":
        return html.P(content[lang], className="method-formula")
    if kind == "ul":
        return html.Ul([html.Li(x) for x in content[lang]])
    if kind == "classes":
        return html.Ul(
            [
                html.Li([badge(t(f"status_{s}", lang), STATUS_COLOURS[s]), html.Span(text[lang])])
                for s, text in content
            ],
            className="method-classes",
        )
    return html.P(
        [
            REFERENCE[lang],
            html.A("doi:10.25546/108572", href=REFERENCE_DOI, target="_blank", rel="noopener"),
            ". " + content[lang],
        ],
        className="method-ref",
    )


def method_section(lang: str) -> html.Section:
    """The target status method, in ``lang`` (the same content as docs/target-status-method.md):
    which figures count and the paces on the left, the classes, an example and the reference on
    the right."""
    split = next(i for i, (kind, _) in enumerate(METHOD) if kind == "classes") - 1
    columns = [
        html.Div([_method_block(k, c, lang) for k, c in METHOD[:split]], className="method-col"),
        html.Div([_method_block(k, c, lang) for k, c in METHOD[split:]], className="method-col"),
    ]
    return html.Section(
        [
            html.H2(tr(TEXT, "method", lang), id="sources-method-title"),
            html.Div(columns, className="method"),
        ],
        className="card",
        id="sources-method",
        **{"aria-labelledby": "sources-method-title"},
    )


def _chips(cid: str, label: str, options: list[dict[str, str]], value: list[str]) -> html.Fieldset:
    """A filter's chips (dashboard/toggles.py)."""
    return toggles.chip_group(
        cid, label, options, value, prefix="sources", fieldset_class="control sources-fieldset"
    )


toggles.register(CHIP_CONTROLS)


def facts_parts(
    search: str,
    types: list[str],
    corroboration: list[str],
    lang: str,
    summary: pl.DataFrame | None = None,
) -> dict:
    """The facts chart, table, sources, CSV link and count line for one selection."""
    if summary is None:
        summary = facts_summary(search, types, corroboration)
    n_selected = int(summary["n_facts"].sum())
    total = int(summary["n_all"].sum())
    frame = facts_frame(search, types, corroboration, FACTS_CAP)
    args = {
        "lang": lang,
        "q": search,
        "type": ",".join(types),
        "corroboration": ",".join(corroboration),
    }
    table: Any = facts_table(frame, lang)
    if n_selected > frame.height:
        note = tr(TEXT, "facts_capped", lang, n=frame.height, total=n_selected)
        table = html.Div([html.P(note, className="muted sources-capped"), table])
    return {
        "figure": corroboration_bars(summary, lang),
        "table": table,
        "sources": capped_sources_list(
            split_ids(*frame["source_ids"].to_list()), lang, "sources-facts"
        ),
        "csv": downloads.href("sources-facts", **args),
        "shown": tr(TEXT, "shown", lang, n=n_selected, total=total),
    }


@dash.callback(
    Output("sources-facts-graph", "figure"),
    Output("sources-facts-table", "children"),
    Output("sources-facts-sources", "children"),
    Output("sources-facts-csv", "href"),
    Output("sources-facts-shown", "children"),
    Input("sources-facts-search", "value"),
    Input("sources-facts-type", "value"),
    Input("sources-facts-corroboration", "value"),
    State("sources-lang", "data"),
    prevent_initial_call=True,
)
def update_facts(
    search: str | None,
    types: str | list[str] | None,
    corroboration: str | list[str] | None,
    lang: str,
) -> tuple[Any, ...]:
    """Redraw the facts chart, table, sources and CSV link for the search and filters."""
    lang = lang_of(lang)
    s, ty, co = filters_of({"q": search, "type": types, "corroboration": corroboration})
    p = facts_parts(s, ty, co, lang)
    return p["figure"], p["table"], p["sources"].children, p["csv"], p["shown"]


def _open(section: html.Section) -> html.Section:
    """Show a card's table view unfolded (the table is the point of the card)."""
    for child in section.children:
        if isinstance(child, html.Details) and child.className == "table-details":
            child.open = True
    return section


def _stats(coverage: pl.DataFrame, summary: pl.DataFrame, lang: str) -> html.Div:
    n_facts = int(summary["n_all"].sum())
    multi = int(summary.filter(pl.col("bucket") != "1")["n_all"].sum())
    share = round(100 * multi / n_facts) if n_facts else 0
    official = coverage.filter(pl.col("kind") == "official").height
    languages = coverage["language"].n_unique()
    no_link = coverage.filter(pl.col("url").is_null()).height
    return html.Div(
        [
            stat(
                tr(TEXT, "stat_sources", lang), coverage.height,
                tr(TEXT, "stat_sources_detail", lang, n=official, k=languages), "sources-stat-sources",
            ),
            stat(tr(TEXT, "stat_facts", lang), n_facts, None, "sources-stat-facts"),
            stat(
                tr(TEXT, "stat_multi", lang), multi,
                tr(TEXT, "stat_multi_detail", lang, p=share), "sources-stat-multi",
            ),
            stat(
                tr(TEXT, "stat_nolink", lang), no_link,
                tr(TEXT, "stat_nolink_detail", lang), "sources-stat-nolink",
            ),
        ],
        className="stats",
    )  # fmt: skip


def layout(lang: str = "vi", **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    search, types, corroboration = filters_of(query_args)
    try:
        coverage = coverage_frame()
        summary = facts_summary(search, types, corroboration)
        facts = facts_parts(search, types, corroboration, lang, summary)
        taxonomy = taxonomy_frame()
        shown = coverage.head(COVERAGE_CAP)
        all_sources = query("sources", ids=shown["source_id"].to_list())
    except NoWarehouse:
        return page(lang, "/sources", html.P(t("no_data", lang)), query_args)

    coverage_sources = html.Details(
        [
            html.Summary(tr(TEXT, "all_sources_listed", lang, n=all_sources.height)),
            sources_list(all_sources, lang, "sources-coverage"),
        ],
        className="sources-citations",
    )
    coverage_card = _open(
        chart_card(
            "sources-coverage",
            tr(TEXT, "coverage_chart", lang),
            coverage_bars(shown, lang),
            lang=lang,
            note=tr(TEXT, "coverage_note", lang),
            table=catalogue_table(shown, lang),
            sources=coverage_sources,
            csv_href=downloads.href("sources-coverage", lang=lang),
            controls=[
                html.P(
                    tr(TEXT, "coverage_capped", lang, n=shown.height, total=coverage.height),
                    className="muted sources-capped",
                    id="sources-coverage-shown",
                )
            ]
            if coverage.height > shown.height
            else [],
        )
    )
    type_options = [
        {"label": fact_type_label(ft, lang), "value": ft}
        for ft in FACT_TYPES
        if ft in set(summary.filter(pl.col("n_all") > 0)["fact_type"].to_list())
    ]
    corroboration_options = [{"label": tr(TEXT, c, lang), "value": c} for c in CORROBORATION]
    controls = [
        html.Div(
            [
                html.Div(
                    [
                        html.Label(tr(TEXT, "search", lang), htmlFor="sources-facts-search"),
                        dcc.Input(
                            id="sources-facts-search",
                            type="search",
                            value=search,
                            debounce=0.4,
                            placeholder=tr(TEXT, "search_placeholder", lang),
                            autoComplete="off",
                            className="sources-search",
                        ),
                    ],
                    className="control",
                ),
                _chips(
                    "sources-facts-corroboration",
                    tr(TEXT, "corroboration", lang),
                    corroboration_options,
                    corroboration,
                ),
                _chips("sources-facts-type", tr(TEXT, "fact_type", lang), type_options, types),
            ],
            className="sources-controls",
            role="search",
            **{"aria-label": tr(TEXT, "facts_chart", lang)},
        ),
        html.P(
            [
                tr(TEXT, "filter_hint", lang),
                " ",
                html.Span(facts["shown"], id="sources-facts-shown"),
            ],
            className="muted sources-filter-hint",
            **{"aria-live": "polite"},
        ),
    ]
    facts_card = _open(
        chart_card(
            "sources-facts",
            tr(TEXT, "facts_chart", lang),
            facts["figure"],
            lang=lang,
            note=tr(TEXT, "facts_note", lang),
            table=facts["table"],
            sources=html.Details(
                [html.Summary(tr(TEXT, "facts_sources", lang)), facts["sources"]],
                className="sources-citations",
            ),
            csv_href=facts["csv"],
            controls=controls,
        )
    )
    taxonomy_card = _open(
        chart_card(
            "sources-taxonomy",
            tr(TEXT, "taxonomy_chart", lang),
            taxonomy_bars(taxonomy, lang),
            lang=lang,
            note=tr(TEXT, "taxonomy_note", lang),
            table=taxonomy_tables(taxonomy, lang),
            sources=html.Div(
                html.P(tr(TEXT, "no_taxonomy_sources", lang), className="muted"),
                id="sources-taxonomy-sources",
            ),
            csv_href=downloads.href("sources-taxonomy", lang=lang),
        )
    )
    content = [
        html.H1(tr(TEXT, "heading", lang)),
        html.P(tr(TEXT, "lead", lang), className="lead"),
        dcc.Store(id="sources-lang", data=lang),
        url_state.store(PAGE),
        _stats(coverage, summary, lang),
        coverage_card,
        facts_card,
        method_section(lang),
        taxonomy_card,
    ]
    return page(lang, "/sources", content, query_args)

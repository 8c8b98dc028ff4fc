"""User-interface text in Vietnamese (first) and English; the language travels in the URL.

Shared strings live here; a page keeps its own strings in a ``TEXT`` dict of the same shape
and looks them up with :func:`tr`.
"""

from __future__ import annotations

from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

TEXT: dict[str, dict[str, str]] = {
    "app_title": {
        "vi": "Bảng chỉ số KH, CN, ĐMST và chuyển đổi số Việt Nam",
        "en": "Vietnam STI and digital transformation indicators",
    },
    "app_subtitle": {
        "vi": "Hợp tác quốc tế, mục tiêu quốc gia và tiến trình pháp lý",
        "en": "International cooperation, national targets and the legal pipeline",
    },
    "nav_overview": {"vi": "Tổng quan", "en": "Overview"},
    "nav_targets": {"vi": "Mục tiêu", "en": "Targets"},
    "nav_cooperation": {"vi": "Hợp tác", "en": "Cooperation"},
    "nav_partners": {"vi": "Đối tác", "en": "Partners"},
    "nav_legal": {"vi": "Pháp lý", "en": "Legal pipeline"},
    "nav_sources": {"vi": "Nguồn và phương pháp", "en": "Sources and method"},
    "nav_dictionary": {"vi": "Từ điển dữ liệu", "en": "Data dictionary"},
    "nav_console": {"vi": "Truy vấn SQL", "en": "SQL console"},
    "nav_downloads": {"vi": "Tải dữ liệu", "en": "Downloads"},
    "other_lang": {"vi": "English", "en": "Tiếng Việt"},
    "other_lang_code": {"vi": "en", "en": "vi"},
    "skip": {"vi": "Bỏ qua, đến nội dung chính", "en": "Skip to main content"},
    "data_as_of": {"vi": "Dữ liệu đến", "en": "Data as of"},
    "last_refresh": {"vi": "Lần cập nhật gần nhất", "en": "Last refresh"},
    "snapshot": {"vi": "Bản dữ liệu", "en": "Snapshot"},
    "warn_last_failed": {
        "vi": "Lần cập nhật lúc {when} thất bại; đang hiển thị bản dữ liệu tốt gần nhất.",
        "en": "The refresh at {when} failed; showing the last good snapshot.",
    },
    "run_succeeded": {"vi": "thành công", "en": "succeeded"},
    "run_failed": {"vi": "thất bại", "en": "failed"},
    "run_skipped": {"vi": "không có thay đổi", "en": "no change"},
    "run_rollback": {"vi": "quay lại bản cũ", "en": "rolled back"},
    "viewing_asof": {
        "vi": "Bạn đang xem bản dữ liệu lúc {when}, không phải bản hiện hành.",
        "en": "You are viewing the snapshot of {when}, not the current data.",
    },
    "back_to_current": {"vi": "Xem dữ liệu hiện hành", "en": "See the current data"},
    "earlier_versions": {"vi": "Các bản dữ liệu trước", "en": "Earlier data versions"},
    "warn_stale": {
        "vi": "Dữ liệu đã cũ hơn {days} ngày.",
        "en": "The data is more than {days} days old.",
    },
    "no_data": {
        "vi": "Chưa có dữ liệu. Hãy chạy ETL (make etl).",
        "en": "No data yet. Run the ETL (make etl).",
    },
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "download_csv": {"vi": "Tải dữ liệu (CSV)", "en": "Download data (CSV)"},
    "table_view": {"vi": "Xem dạng bảng", "en": "Table view"},
    "rows_shown": {"vi": "Hiển thị {n} / {total} dòng", "en": "Showing {n} of {total} rows"},
    "none": {"vi": "Không có", "en": "None"},
    "footer": {
        "vi": "Mọi con số đều dẫn nguồn. Dữ liệu: kho DuckDB và Parquet, chỉ đọc.",
        "en": "Every number cites its sources. Data: DuckDB and Parquet warehouse, read-only.",
    },
    # status classes of targets
    "status_achieved": {"vi": "Đã đạt", "en": "Achieved"},
    "status_on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "status_moderately_improving": {"vi": "Cải thiện vừa phải", "en": "Moderately improving"},
    "status_stagnating": {"vi": "Trì trệ", "en": "Stagnating"},
    "status_decreasing": {"vi": "Đi xuống", "en": "Decreasing"},
    "status_not_achieved": {"vi": "Không đạt", "en": "Not achieved"},
    "status_insufficient_data": {"vi": "Chưa đủ dữ liệu", "en": "Insufficient data"},
    "status_no_measurement": {"vi": "Chưa có số đo", "en": "No measurement yet"},
    # cooperation statuses
    "coop_proposed": {"vi": "Đề xuất", "en": "Proposed"},
    "coop_agreed": {"vi": "Đã thống nhất", "en": "Agreed"},
    "coop_ongoing": {"vi": "Đang triển khai", "en": "Ongoing"},
    "coop_completed": {"vi": "Đã hoàn thành", "en": "Completed"},
    # legal stages
    "stage_mentioned": {"vi": "Được nhắc đến", "en": "Mentioned"},
    "stage_proposed": {"vi": "Đề xuất", "en": "Proposed"},
    "stage_drafting": {"vi": "Đang soạn thảo", "en": "Drafting"},
    "stage_submitted": {"vi": "Đã trình", "en": "Submitted"},
    "stage_adopted": {"vi": "Đã thông qua", "en": "Adopted"},
    "stage_in_force": {"vi": "Có hiệu lực", "en": "In force"},
    # partner kinds
    "kind_country": {"vi": "Quốc gia", "en": "Country"},
    "kind_city": {"vi": "Thành phố", "en": "City"},
    "kind_organisation": {"vi": "Tổ chức", "en": "Organisation"},
    "kind_government_body": {"vi": "Cơ quan nhà nước", "en": "Government body"},
    # units
    "unit_percent": {"vi": "%", "en": "%"},
    "unit_rank": {"vi": "hạng", "en": "rank"},
    "unit_laws": {"vi": "luật", "en": "laws"},
    "unit_count": {"vi": "", "en": ""},
    "jurisdiction_VN": {"vi": "Việt Nam", "en": "Viet Nam"},
    "jurisdiction_KR": {"vi": "Hàn Quốc", "en": "Korea"},
    "jurisdiction_LA": {"vi": "Lào", "en": "Laos"},
}


def lang_of(value: Any) -> str:
    """A supported language code from a query value, defaulting to Vietnamese."""
    return value if value in LANGS else DEFAULT_LANG


def tr(table: dict[str, dict[str, str]], key: str, lang: str, **fmt: Any) -> str:
    entry = table.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fmt) if fmt else text


def t(key: str, lang: str, **fmt: Any) -> str:
    """Shared UI text ``key`` in ``lang``."""
    return tr(TEXT, key, lang, **fmt)


def col(lang: str, base: str) -> str:
    """Name of the column holding ``base`` in ``lang``: col('vi', 'title') -> 'title_vi'."""
    return f"{base}_{lang_of(lang)}"

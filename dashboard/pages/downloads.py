"""Downloads: every table and view of the served snapshot as Parquet (the snapshot's own files)
and CSV (made on request), with the data dictionary."""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from dashboard.analyst import Entry, dictionary, file_info
from dashboard.components import page, url
from dashboard.data import NoWarehouse, served_snapshot
from dashboard.i18n import lang_of, t, tr

dash.register_page(
    __name__, path="/downloads", name="downloads", title="Tải dữ liệu · Downloads", order=9
)

PAGE = "downloads"

TEXT = {
    "heading": {"vi": "Tải dữ liệu", "en": "Downloads"},
    "lead": {
        "vi": "Mọi bảng và view của bản dữ liệu đang hiển thị: Parquet là tệp gốc của bản dữ liệu, "
        "CSV (UTF-8) được tạo khi tải. Các view tính theo ngày hôm nay giữ giá trị của ngày bản "
        "dữ liệu được tạo.",
        "en": "Every table and view of the snapshot shown: Parquet is the snapshot's own file, CSV "
        "(UTF-8) is made when you download it. Views that use today's date hold the values of "
        "the day the snapshot was built.",
    },
    "snapshot": {"vi": "Bản dữ liệu {run}", "en": "Snapshot {run}"},
    "dictionary_title": {"vi": "Từ điển dữ liệu", "en": "Data dictionary"},
    "dictionary_note": {
        "vi": "Mỗi cột của mọi bảng và view, với kiểu, mô tả và truy vấn mẫu.",
        "en": "Every column of every table and view, with its type, description and an example "
        "query.",
    },
    "dictionary_csv": {"vi": "Từ điển (CSV)", "en": "Dictionary (CSV)"},
    "dictionary_md": {"vi": "Từ điển (Markdown)", "en": "Dictionary (Markdown)"},
    "dictionary_page": {"vi": "Xem từ điển dữ liệu", "en": "Read the data dictionary"},
    "views": {"vi": "View phân tích", "en": "Analyst views"},
    "tables": {"vi": "Bảng", "en": "Tables"},
    "col_name": {"vi": "Tên", "en": "Name"},
    "col_description": {"vi": "Mô tả", "en": "Description"},
    "col_rows": {"vi": "Số dòng", "en": "Rows"},
    "col_files": {"vi": "Tải xuống", "en": "Download"},
    "caption": {"vi": "{group}: tệp để tải", "en": "{group}: files to download"},
    "parquet": {"vi": "Parquet", "en": "Parquet"},
    "csv": {"vi": "CSV", "en": "CSV"},
    "file_label": {"vi": "{name} dạng {fmt}", "en": "{name} as {fmt}"},
    "missing": {"vi": "không có trong bản này", "en": "not in this snapshot"},
}


def _number(value: float, lang: str, decimals: int = 0) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def _size(n: int, lang: str) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{_number(size, lang, 0 if unit == 'B' else 1)} {unit}"
        size /= 1024
    return f"{_number(size, lang, 1)} GB"


def _href(name: str, fmt: str, asof: str | None) -> str:
    return f"/warehouse/{name}.{fmt}" + (f"?asof={asof}" if asof else "")


def _group(entries: list[Entry], key: str, snapshot: str, lang: str, asof: str | None) -> Any:
    group = tr(TEXT, key, lang)
    rows = []
    for e in entries:
        info = file_info(snapshot, e.name)
        if info is None:
            files: Any = html.Span(tr(TEXT, "missing", lang), className="muted")
            n_rows = "—"
        else:
            n_rows, size = _number(info[0], lang), info[1]
            files = html.Span(
                [
                    html.A(
                        [
                            tr(TEXT, "parquet", lang),
                            html.Span(f" ({_size(size, lang)})", className="muted"),
                        ],
                        href=_href(e.name, "parquet", asof),
                        download=f"{e.name}.parquet",
                        id=f"{PAGE}-{e.name}-parquet",
                        **{"aria-label": tr(TEXT, "file_label", lang, name=e.name, fmt="Parquet")},
                    ),
                    " · ",
                    html.A(
                        tr(TEXT, "csv", lang),
                        href=_href(e.name, "csv", asof),
                        download=f"{e.name}.csv",
                        id=f"{PAGE}-{e.name}-csv",
                        **{"aria-label": tr(TEXT, "file_label", lang, name=e.name, fmt="CSV")},
                    ),
                ],
                className="downloads-files",
            )
        rows.append(
            html.Tr(
                [
                    html.Th(html.Code(e.name), scope="row"),
                    html.Td(e.description, lang="en"),
                    html.Td(n_rows, className="num"),
                    html.Td(files),
                ],
                **{"data-object": e.name},
            )
        )
    table = html.Table(
        [
            html.Caption(tr(TEXT, "caption", lang, group=group)),
            html.Thead(
                html.Tr(
                    [
                        html.Th(tr(TEXT, "col_name", lang), scope="col"),
                        html.Th(tr(TEXT, "col_description", lang), scope="col"),
                        html.Th(tr(TEXT, "col_rows", lang), scope="col", className="num"),
                        html.Th(tr(TEXT, "col_files", lang), scope="col"),
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        className="data-table downloads-table",
    )
    return html.Section(
        [html.H2(group, id=f"{PAGE}-{key}-title"), table],
        className="card",
        id=f"{PAGE}-{key}",
        **{"aria-labelledby": f"{PAGE}-{key}-title"},
    )


def layout(lang: str = "vi", **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    asof = query_args.get("asof")
    head = [html.H1(tr(TEXT, "heading", lang)), html.P(tr(TEXT, "lead", lang), className="lead")]
    try:
        snapshot = served_snapshot()
        entries = dictionary()
    except NoWarehouse:
        return page(lang, "/downloads", [*head, html.P(t("no_data", lang))], query_args)
    pin = snapshot if asof else None
    dictionary_card = html.Section(
        [
            html.H2(tr(TEXT, "dictionary_title", lang), id=f"{PAGE}-dictionary-title"),
            html.P(tr(TEXT, "dictionary_note", lang), className="muted"),
            html.Div(
                [
                    html.A(
                        tr(TEXT, "dictionary_csv", lang),
                        href=_href("dictionary", "csv", pin),
                        className="button-link",
                        download="dictionary.csv",
                        id=f"{PAGE}-dictionary-csv",
                    ),
                    html.A(
                        tr(TEXT, "dictionary_md", lang),
                        href=_href("dictionary", "md", pin),
                        className="button-link",
                        download="dictionary.md",
                        id=f"{PAGE}-dictionary-md",
                    ),
                    html.A(
                        tr(TEXT, "dictionary_page", lang),
                        href=url("/dictionary", lang, asof=asof),
                    ),
                ],
                className="card-actions",
            ),
        ],
        className="card",
        **{"aria-labelledby": f"{PAGE}-dictionary-title"},
    )
    content = [
        *head,
        html.P(tr(TEXT, "snapshot", lang, run=snapshot), className="muted", id=f"{PAGE}-snapshot"),
        dictionary_card,
        _group([e for e in entries if e.kind == "view"], "views", snapshot, lang, pin),
        _group([e for e in entries if e.kind == "table"], "tables", snapshot, lang, pin),
    ]
    return page(lang, "/downloads", content, query_args)

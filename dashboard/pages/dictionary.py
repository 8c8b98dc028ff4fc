"""Data dictionary: every table and view of the served snapshot, each column with its type and
description, and an example query — generated from the warehouse catalogue and the contracts."""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from dashboard.analyst import Entry, dictionary
from dashboard.components import page, url
from dashboard.data import NoWarehouse
from dashboard.i18n import lang_of, t, tr

dash.register_page(
    __name__, path="/dictionary", name="dictionary", title="Từ điển dữ liệu · Data dictionary",
    order=7,
)  # fmt: skip

PAGE = "dictionary"

TEXT = {
    "heading": {"vi": "Từ điển dữ liệu", "en": "Data dictionary"},
    "lead": {
        "vi": "Mọi bảng và view của kho dữ liệu: từng cột với kiểu dữ liệu và mô tả, cùng một "
        "truy vấn mẫu. Nội dung lấy từ danh mục của DuckDB và hợp đồng dữ liệu; phần mô tả viết "
        "bằng tiếng Anh.",
        "en": "Every table and view of the warehouse: each column with its type and description, "
        "and an example query. Generated from DuckDB's catalogue and the data contracts.",
    },
    "download_csv": {"vi": "Tải từ điển (CSV)", "en": "Download the dictionary (CSV)"},
    "download_md": {"vi": "Tải từ điển (Markdown)", "en": "Download the dictionary (Markdown)"},
    "downloads_link": {"vi": "Tải dữ liệu của từng bảng", "en": "Download each table's data"},
    "contents": {"vi": "Mục lục", "en": "Contents"},
    "views": {"vi": "View phân tích", "en": "Analyst views"},
    "views_note": {
        "vi": "Bắt đầu từ đây: mỗi view trả lời một câu hỏi thường gặp.",
        "en": "Start here: each view answers a common question.",
    },
    "tables": {"vi": "Bảng", "en": "Tables"},
    "tables_note": {
        "vi": "Dữ kiện đã kiểm tra, mỗi loại một bảng; các view được xây từ đây.",
        "en": "The validated facts, one table per kind; the views are built from them.",
    },
    "kind_view": {"vi": "view", "en": "view"},
    "kind_table": {"vi": "bảng", "en": "table"},
    "n_columns": {"vi": "{n} cột", "en": "{n} columns"},
    "columns": {"vi": "Các cột ({n})", "en": "Columns ({n})"},
    "col_name": {"vi": "Cột", "en": "Column"},
    "col_type": {"vi": "Kiểu", "en": "Type"},
    "col_description": {"vi": "Mô tả", "en": "Description"},
    "columns_caption": {"vi": "Các cột của {name}", "en": "Columns of {name}"},
    "example": {"vi": "Truy vấn mẫu", "en": "Example query"},
    "run_example": {"vi": "Chạy trong bảng truy vấn SQL", "en": "Run it in the SQL console"},
}


def _anchor(name: str) -> str:
    return f"{PAGE}-{name}"


def _entry(e: Entry, lang: str, asof: str | None) -> html.Section:
    title_id = f"{_anchor(e.name)}-title"
    columns = html.Table(
        [
            html.Caption(tr(TEXT, "columns_caption", lang, name=e.name)),
            html.Thead(
                html.Tr(
                    [
                        html.Th(tr(TEXT, "col_name", lang), scope="col"),
                        html.Th(tr(TEXT, "col_type", lang), scope="col"),
                        html.Th(tr(TEXT, "col_description", lang), scope="col"),
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(html.Code(c.name)),
                            html.Td(c.data_type, className="dictionary-type"),
                            html.Td(c.description, lang="en"),
                        ],
                        className="dictionary-column",
                        **{"data-column": c.name},
                    )
                    for c in e.columns
                ]
            ),
        ],
        className="data-table dictionary-columns",
    )
    return html.Section(
        [
            html.Div(
                [
                    html.H3(html.Code(e.name), id=title_id),
                    html.Span(tr(TEXT, f"kind_{e.kind}", lang), className="dictionary-kind"),
                    html.Span(
                        tr(TEXT, "n_columns", lang, n=len(e.columns)), className="muted small"
                    ),
                ],
                className="dictionary-head",
            ),
            html.P(e.description, lang="en", className="dictionary-description"),
            html.Details(
                [
                    html.Summary(tr(TEXT, "columns", lang, n=len(e.columns))),
                    html.Div(columns, className="dictionary-columns-wrap"),
                ],
                open=e.kind == "view",
                className="table-details",
            ),
            html.Div(
                [
                    html.P(tr(TEXT, "example", lang), className="dictionary-example-label"),
                    html.Pre(html.Code(e.example), className="dictionary-example"),
                    html.A(
                        tr(TEXT, "run_example", lang),
                        href=url("/console", lang, sql=e.example, asof=asof),
                        className="dictionary-run",
                    ),
                ],
                className="dictionary-example-block",
            ),
        ],
        id=_anchor(e.name),
        className="card dictionary-entry",
        **{"aria-labelledby": title_id, "data-object": e.name, "data-kind": e.kind},
    )


def _contents(entries: list[Entry], lang: str) -> html.Nav:
    groups = []
    for kind, key in (("view", "views"), ("table", "tables")):
        names = [e.name for e in entries if e.kind == kind]
        groups.append(
            html.Div(
                [
                    html.P(
                        f"{tr(TEXT, key, lang)} ({len(names)})", className="dictionary-toc-title"
                    ),
                    html.Ul(
                        [html.Li(html.A(html.Code(n), href=f"#{_anchor(n)}")) for n in names],
                        className="dictionary-toc-list",
                    ),
                ]
            )
        )
    return html.Nav(
        groups,
        className="card dictionary-toc",
        id=f"{PAGE}-toc",
        **{"aria-label": tr(TEXT, "contents", lang)},
    )


def layout(lang: str = "vi", **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    asof = query_args.get("asof")
    head = [html.H1(tr(TEXT, "heading", lang)), html.P(tr(TEXT, "lead", lang), className="lead")]
    try:
        entries = dictionary()
    except NoWarehouse:
        return page(lang, "/dictionary", [*head, html.P(t("no_data", lang))], query_args)
    suffix = f"?asof={asof}" if asof else ""
    actions = html.Div(
        [
            html.A(
                tr(TEXT, "download_csv", lang),
                href=f"/warehouse/dictionary.csv{suffix}",
                className="button-link",
                id=f"{PAGE}-csv",
                download="dictionary.csv",
            ),
            html.A(
                tr(TEXT, "download_md", lang),
                href=f"/warehouse/dictionary.md{suffix}",
                className="button-link",
                id=f"{PAGE}-md",
                download="dictionary.md",
            ),
            html.A(tr(TEXT, "downloads_link", lang), href=url("/downloads", lang, asof=asof)),
        ],
        className="card-actions dictionary-actions",
    )
    content: list[Any] = [*head, actions, _contents(entries, lang)]
    for kind, key in (("view", "views"), ("table", "tables")):
        content += [
            html.H2(tr(TEXT, key, lang), id=f"{PAGE}-{key}", className="dictionary-group"),
            html.P(tr(TEXT, f"{key}_note", lang), className="muted"),
            *[_entry(e, lang, asof) for e in entries if e.kind == kind],
        ]
    return page(lang, "/dictionary", content, query_args)

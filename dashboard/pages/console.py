"""SQL console: read-only SELECT queries on the served snapshot, named examples with bound
parameters, results on the page and as CSV or Parquet. The guards are in dashboard/console.py."""

from __future__ import annotations

import json
from typing import Any

import dash
import pyarrow as pa
from dash import ALL, Input, Output, State, callback, dcc, html

from dashboard import analyst, console
from dashboard.components import page, url
from dashboard.data import NoWarehouse, served_snapshot, snapshot_path
from dashboard.i18n import lang_of, t, tr
from etl import settings, warehouse

dash.register_page(
    __name__, path="/console", name="console", title="Truy vấn SQL · SQL console", order=8
)

PAGE = "console"
PARAM = f"{PAGE}-param"
CELL_CHARS = 300

TEXT = {
    "heading": {"vi": "Truy vấn SQL", "en": "SQL console"},
    "lead": {
        "vi": "Chạy câu lệnh SELECT chỉ đọc trên kho dữ liệu đang hiển thị (DuckDB). "
        "Tên bảng, view và cột có trong từ điển dữ liệu.",
        "en": "Run read-only SELECT statements on the warehouse this page shows (DuckDB). "
        "Tables, views and columns are listed in the data dictionary.",
    },
    "dictionary_link": {"vi": "Mở từ điển dữ liệu", "en": "Open the data dictionary"},
    "examples_title": {"vi": "Truy vấn mẫu", "en": "Example queries"},
    "example_label": {"vi": "Chọn truy vấn mẫu", "en": "Choose an example"},
    "example_open": {"vi": "Mở truy vấn mẫu", "en": "Open example"},
    "example_none": {"vi": "— Truy vấn của bạn —", "en": "— Your own query —"},
    "query_title": {"vi": "Câu lệnh", "en": "Statement"},
    "sql_label": {"vi": "Câu lệnh SQL (một câu SELECT)", "en": "SQL statement (one SELECT)"},
    "params_legend": {"vi": "Tham số", "en": "Parameters"},
    "params_note": {
        "vi": "Giá trị được truyền riêng cho DuckDB dưới dạng tham số, không ghép vào câu lệnh.",
        "en": "Values go to DuckDB as bound parameters, never pasted into the statement.",
    },
    "run": {"vi": "Chạy truy vấn", "en": "Run query"},
    "running": {"vi": "Đang chạy…", "en": "Running…"},
    "limits": {
        "vi": "Chỉ đọc · tối đa {timeout} giây mỗi truy vấn · hiển thị {rows} dòng đầu · "
        "tải xuống đến {download} dòng.",
        "en": "Read-only · at most {timeout} seconds per query · the first {rows} rows shown · "
        "downloads up to {download} rows.",
    },
    "result_title": {"vi": "Kết quả", "en": "Result"},
    "result_none": {
        "vi": "Chọn một truy vấn mẫu hoặc viết câu lệnh của bạn, rồi bấm «Chạy truy vấn».",
        "en": "Pick an example or write your own statement, then press “Run query”.",
    },
    "rows_all": {"vi": "{n} dòng · {s} giây", "en": "{n} rows · {s} s"},
    "rows_some": {
        "vi": "Hiển thị {shown} dòng đầu trong {total} dòng · {s} giây",
        "en": "Showing the first {shown} of {total} rows · {s} s",
    },
    "rows_uncounted": {
        "vi": "Hiển thị {shown} dòng đầu; việc đếm dừng sau {timeout} giây ở {total} dòng · "
        "{s} giây",
        "en": "Showing the first {shown} rows; counting stopped after {timeout} seconds at "
        "{total} rows · {s} s",
    },
    "download_uncounted": {
        "vi": "Kết quả quá lớn để đếm và tải xuống trong thời gian cho phép; hãy thu hẹp truy vấn.",
        "en": "The result is too large to count and download in the time allowed; narrow the "
        "query.",
    },
    "rows_over": {
        "vi": "Hiển thị {shown} dòng đầu; kết quả có hơn {cap} dòng · {s} giây",
        "en": "Showing the first {shown} rows; the result has more than {cap} rows · {s} s",
    },
    "no_rows": {"vi": "Truy vấn không trả về dòng nào.", "en": "The query returned no rows."},
    "download_csv": {"vi": "Tải toàn bộ kết quả (CSV)", "en": "Download the full result (CSV)"},
    "download_parquet": {
        "vi": "Tải toàn bộ kết quả (Parquet)",
        "en": "Download the full result (Parquet)",
    },
    "download_over": {
        "vi": "Kết quả vượt quá {cap} dòng nên không tải xuống được; hãy thu hẹp truy vấn.",
        "en": "The result exceeds {cap} rows and cannot be downloaded; narrow the query.",
    },
    "table_caption": {"vi": "Kết quả truy vấn", "en": "Query result"},
    "table_region": {"vi": "Bảng kết quả, cuộn được", "en": "Result table, scrollable"},
    "duckdb_says": {"vi": "Thông báo của DuckDB:", "en": "DuckDB says:"},
    "snapshot_note": {"vi": "Bản dữ liệu {run}", "en": "Snapshot {run}"},
}


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number as each language writes it: 1.000.000,5 in Vietnamese, 1,000,000.5 in English."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def _limits_note(lang: str) -> str:
    return tr(
        TEXT,
        "limits",
        lang,
        timeout=settings.get("STI_CONSOLE_TIMEOUT"),
        rows=number(int(settings.get("STI_CONSOLE_MAX_ROWS")), lang),
        download=number(console.download_max_rows(), lang),
    )


def _example_picker(lang: str, chosen: str | None, asof: str | None) -> html.Form:
    """A native <select> in a GET form: choosing an example reopens the page with it (Dash 4's
    dcc.Dropdown fails axe-core; a native control needs no script and is keyboard friendly)."""
    options = [html.Option(tr(TEXT, "example_none", lang), value="", selected=chosen is None)]
    options += [
        html.Option(ex.title[lang], value=key, selected=key == chosen)
        for key, ex in analyst.examples().items()
    ]
    hidden = [dcc.Input(type="hidden", name="lang", value=lang, id=f"{PAGE}-example-lang")]
    if asof:
        hidden.append(dcc.Input(type="hidden", name="asof", value=asof, id=f"{PAGE}-example-asof"))
    return html.Form(
        [
            html.Div(
                [
                    html.Label(tr(TEXT, "example_label", lang), htmlFor=f"{PAGE}-example"),
                    html.Select(options, id=f"{PAGE}-example", name="example"),
                ],
                className="control console-example-control",
            ),
            *hidden,
            html.Button(
                tr(TEXT, "example_open", lang),
                type="submit",
                id=f"{PAGE}-example-open",
                className="button-secondary",
            ),
        ],
        method="get",
        action="/console",
        className="controls console-example-form",
        id=f"{PAGE}-example-form",
    )


def _param_inputs(example: analyst.Example | None, lang: str, values: dict[str, str]) -> Any:
    if example is None or not example.params:
        return None
    fields = []
    for p in example.params:
        list_id = f"{PAGE}-choices-{p.name}"
        choices = analyst.param_choices(p, lang)
        fields.append(
            html.Div(
                [
                    # the input sits inside its label: pattern-matching ids have no plain DOM id
                    html.Label(
                        [
                            html.Span([p.label[lang], " ", html.Code(f"${p.name}")]),
                            dcc.Input(
                                id={"type": PARAM, "name": p.name},
                                type="text",
                                value=values.get(p.name, p.default),
                                list=list_id if choices else None,
                                autoComplete="off",
                                debounce=False,
                                className="console-param-input",
                            ),
                        ],
                        className="console-param-label",
                    ),
                    html.Datalist(
                        [html.Option(label, value=value) for value, label in choices], id=list_id
                    )
                    if choices
                    else None,
                ],
                className="control",
            )
        )
    return html.Fieldset(
        [
            html.Legend(tr(TEXT, "params_legend", lang)),
            html.Div(fields, className="controls"),
            html.P(tr(TEXT, "params_note", lang), className="muted console-note"),
        ],
        className="console-params",
        id=f"{PAGE}-params",
    )


def layout(
    lang: str = "vi", example: str | None = None, sql: str | None = None, **query_args: Any
) -> html.Div:
    lang = lang_of(lang)
    args = {"example": example, "sql": sql, **query_args}
    head = [
        html.H1(tr(TEXT, "heading", lang)),
        html.P(
            [
                tr(TEXT, "lead", lang) + " ",
                html.A(
                    tr(TEXT, "dictionary_link", lang),
                    href=url("/dictionary", lang, asof=query_args.get("asof")),
                ),
            ],
            className="lead",
        ),
    ]
    if not console.enabled():
        notice = html.Div(
            analyst.error_message(console.ConsoleError("disabled"), lang),
            className="banner banner-warn",
            role="status",
            id=f"{PAGE}-disabled",
        )
        return page(lang, "/console", [*head, notice], args)

    examples = analyst.examples()
    chosen = examples.get(example or "")
    if example is None and not sql:  # a first visit opens the first example ("" = none)
        chosen = next(iter(examples.values()))
    text = sql if sql else chosen.sql if chosen else ""
    values = {k: str(v) for k, v in query_args.items() if k.startswith("p_")}
    values = {k[2:]: v for k, v in values.items()}
    try:
        params = _param_inputs(chosen, lang, values)
    except NoWarehouse:
        return page(lang, "/console", [*head, html.P(t("no_data", lang))], args)

    examples_card = html.Section(
        [
            html.H2(tr(TEXT, "examples_title", lang), id=f"{PAGE}-examples-title"),
            _example_picker(lang, chosen.key if chosen else None, query_args.get("asof")),
            html.P(chosen.description[lang], className="muted", id=f"{PAGE}-example-description")
            if chosen
            else None,
        ],
        className="card",
        **{"aria-labelledby": f"{PAGE}-examples-title"},
    )
    query_card = html.Section(
        [
            html.H2(tr(TEXT, "query_title", lang), id=f"{PAGE}-query-title"),
            html.Label(tr(TEXT, "sql_label", lang), htmlFor=f"{PAGE}-sql", className="field-label"),
            dcc.Textarea(
                id=f"{PAGE}-sql",
                value=text,
                spellCheck="false",
                className="console-sql",
                rows=max(6, min(18, text.count("\n") + 2)),
            ),
            params,
            html.Div(
                [
                    html.Button(
                        tr(TEXT, "run", lang),
                        id=f"{PAGE}-run",
                        n_clicks=0,
                        type="button",
                        className="button-primary",
                    ),
                    html.Span(_limits_note(lang), className="muted console-note"),
                ],
                className="console-actions",
            ),
        ],
        className="card",
        **{"aria-labelledby": f"{PAGE}-query-title"},
    )
    result_card = html.Section(
        [
            html.H2(tr(TEXT, "result_title", lang), id=f"{PAGE}-result-title"),
            html.Div(
                html.P(tr(TEXT, "result_none", lang), className="muted"),
                id=f"{PAGE}-result",
                **{"aria-live": "polite"},
            ),
        ],
        className="card",
        **{"aria-labelledby": f"{PAGE}-result-title"},
    )
    content = [
        *head,
        examples_card,
        query_card,
        result_card,
        dcc.Store(id=f"{PAGE}-lang", data=lang),
    ]
    return page(lang, "/console", content, args)


# ---------------------------------------------------------------- results


def _cell(value: Any) -> Any:
    if value is None:
        return html.Span("NULL", className="console-null")
    if isinstance(value, list | dict | tuple):
        text = json.dumps(value, default=str, ensure_ascii=False)
    elif isinstance(value, bytes):
        text = value.hex()
    else:
        text = str(value)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


def result_table(table: pa.Table, types: list[str], lang: str) -> html.Div:
    head = html.Thead(
        html.Tr(
            [
                html.Th([name, html.Span(kind, className="console-type")], scope="col")
                for name, kind in zip(table.column_names, types, strict=True)
            ]
        )
    )
    # numbers, dates and times stay on one line; text wraps
    classes = [
        None if k.startswith(("VARCHAR", "STRUCT", "MAP")) or "[]" in k else "nowrap" for k in types
    ]
    rows = table.to_pylist()
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(_cell(r[c]), className=k)
                    for c, k in zip(table.column_names, classes, strict=True)
                ]
            )
            for r in rows
        ]
    )
    return html.Div(
        html.Table(
            [html.Caption(tr(TEXT, "table_caption", lang)), head, body],
            className="data-table console-table",
            id=f"{PAGE}-table",
        ),
        className="table-wrap console-table-wrap",
        tabIndex="0",
        role="region",
        **{"aria-label": tr(TEXT, "table_region", lang)},
    )


def _download_form(sql: str, params: dict[str, str], snapshot: str, lang: str) -> html.Form:
    """POST form re-running the same statement for the whole result (SQL can be long)."""
    hidden = {
        "sql": sql,
        "params": json.dumps(params, ensure_ascii=False),
        "snapshot": snapshot,
        "lang": lang,
    }
    return html.Form(
        [
            *[
                dcc.Input(type="hidden", name=k, value=v, id=f"{PAGE}-download-{k}")
                for k, v in hidden.items()
            ],
            html.Button(
                tr(TEXT, "download_csv", lang),
                type="submit",
                name="format",
                value="csv",
                id=f"{PAGE}-download-csv",
                className="button-link",
            ),
            html.Button(
                tr(TEXT, "download_parquet", lang),
                type="submit",
                name="format",
                value="parquet",
                id=f"{PAGE}-download-parquet",
                className="button-link",
            ),
        ],
        method="post",
        action="/console/result",
        className="card-actions",
        id=f"{PAGE}-download",
    )


def error_box(error: console.ConsoleError, lang: str) -> html.Div:
    detail = error.detail if error.kind in ("error", "syntax", "memory") else ""
    return html.Div(
        [
            html.P(analyst.error_message(error, lang), className="console-error-message"),
            html.P(tr(TEXT, "duckdb_says", lang), className="console-error-label")
            if detail
            else None,
            html.Pre(detail, className="console-error-detail", lang="en") if detail else None,
        ],
        className="banner banner-warn console-error",
        role="alert",
        id=f"{PAGE}-error",
        **{"data-kind": error.kind},
    )


def result_view(
    result: console.Result, sql: str, params: dict[str, str], snapshot: str, lang: str
) -> html.Div:
    shown, total = result.table.num_rows, result.total_rows
    s, cap = number(result.elapsed_s, lang, 1), console.download_max_rows()
    if not result.counted:
        line = tr(
            TEXT, "rows_uncounted", lang, shown=number(shown, lang), total=number(total, lang),
            timeout=settings.get("STI_CONSOLE_TIMEOUT"), s=s,
        )  # fmt: skip
    elif result.over_download_cap:
        line = tr(TEXT, "rows_over", lang, shown=number(shown, lang), cap=number(cap, lang), s=s)
    elif result.truncated:
        line = tr(
            TEXT, "rows_some", lang, shown=number(shown, lang), total=number(total, lang), s=s
        )
    else:
        line = tr(TEXT, "rows_all", lang, n=number(total, lang), s=s)
    status = html.P(
        [line, html.Span(" · " + tr(TEXT, "snapshot_note", lang, run=snapshot), className="muted")],
        className="console-status",
        id=f"{PAGE}-status",
        **{"data-rows": str(shown), "data-total": str(total)},
    )
    if shown == 0:
        return html.Div([status, html.P(tr(TEXT, "no_rows", lang), className="muted")])
    if not result.counted:
        downloads: Any = html.P(tr(TEXT, "download_uncounted", lang), className="muted")
    elif result.over_download_cap:
        downloads = html.P(
            tr(TEXT, "download_over", lang, cap=number(cap, lang)), className="muted"
        )
    else:
        downloads = _download_form(sql, params, snapshot, lang)
    return html.Div([status, downloads, result_table(result.table, result.types, lang)])


@callback(
    Output(f"{PAGE}-result", "children"),
    Input(f"{PAGE}-run", "n_clicks"),
    State(f"{PAGE}-sql", "value"),
    State({"type": PARAM, "name": ALL}, "value"),
    State({"type": PARAM, "name": ALL}, "id"),
    State(f"{PAGE}-lang", "data"),
    prevent_initial_call=True,
    running=[
        (Output(f"{PAGE}-run", "disabled"), True, False),
        (Output(f"{PAGE}-run", "aria-busy"), "true", "false"),
    ],
)
def _run(
    _clicks: int, sql: str | None, values: list[Any], ids: list[dict[str, str]], lang: str
) -> html.Div:
    lang = lang_of(lang)
    sql = sql or ""
    params = {i["name"]: "" if v is None else str(v) for i, v in zip(ids, values, strict=True)}
    try:
        snapshot = served_snapshot()
        db = snapshot_path(snapshot) / warehouse.DB_NAME
        result = console.run(sql, params, db, console.Limits.display())
    except NoWarehouse:
        return error_box(console.ConsoleError("no_snapshot"), lang)
    except console.ConsoleError as e:
        return error_box(e, lang)
    return result_view(result, sql, params, snapshot, lang)

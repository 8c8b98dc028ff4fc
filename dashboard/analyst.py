"""Analyst access without Dash: the data dictionary, the console's named examples, and the
Flask routes that serve files — every table and view of a snapshot (``/warehouse/<name>.parquet``
or ``.csv``), the dictionary (``/warehouse/dictionary.csv`` or ``.md``) and a console result
(``POST /console/result``, re-run under the console's guards).

File names come from a whitelist (the contracts of sql/tables and sql/views); a request for any
other name, or with a path in it, gets 404.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import yaml
from flask import Flask, Response, abort, request, send_file

from dashboard import console
from dashboard.data import NoWarehouse, query, served_snapshot, snapshot_path, sql_text
from dashboard.i18n import lang_of, tr
from etl import settings
from etl.contracts import contracts

FORMATS = ("parquet", "csv")
MIME = {
    "parquet": "application/vnd.apache.parquet",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}

# Messages of the console, shared by its page and its download route.
ERRORS: dict[str, dict[str, str]] = {
    "disabled": {
        "vi": "Bảng truy vấn SQL đã bị tắt trên máy chủ này.",
        "en": "The SQL console is switched off on this server.",
    },
    "empty": {"vi": "Hãy nhập một câu lệnh SELECT.", "en": "Enter a SELECT statement."},
    "too_long": {
        "vi": "Câu lệnh quá dài (tối đa {detail} ký tự).",
        "en": "The statement is too long (at most {detail} characters).",
    },
    "syntax": {
        "vi": "Câu lệnh có lỗi cú pháp.",
        "en": "The statement has a syntax error.",
    },
    "multiple": {
        "vi": "Mỗi lần chỉ chạy được một câu lệnh; ở đây có {detail}. Hãy bỏ dấu ';' và phần sau nó.",
        "en": "Only one statement runs at a time; this has {detail}. Remove the ';' and what follows.",
    },
    "not_select": {
        "vi": "Chỉ cho phép câu lệnh đọc dữ liệu (SELECT, WITH, FROM, DESCRIBE…); không được {detail}.",
        "en": "Only statements that read data (SELECT, WITH, FROM, DESCRIBE…) are allowed, not {detail}.",
    },
    "forbidden": {
        "vi": "Bảng truy vấn không cho phép đọc tệp, địa chỉ web hay thay đổi cấu hình: {detail}. "
        "Hãy truy vấn các bảng và view của kho dữ liệu.",
        "en": "The console does not read files or URLs or change settings: {detail}. "
        "Query the warehouse's tables and views instead.",
    },
    "file_access": {
        "vi": "Bảng truy vấn không được truy cập tệp hay địa chỉ web; chỉ các bảng và view của kho.",
        "en": "The console cannot reach files or URLs, only the warehouse's tables and views.",
    },
    "unchecked": {
        "vi": "Không kiểm tra được câu lệnh này; hãy viết lại thành một câu SELECT đơn giản.",
        "en": "This statement could not be checked; rewrite it as a plain SELECT.",
    },
    "missing_param": {
        "vi": "Thiếu giá trị cho tham số {detail}.",
        "en": "Give a value for the parameter {detail}.",
    },
    "timeout": {
        "vi": "Truy vấn đã bị dừng vì chạy quá {timeout} giây. Hãy thu hẹp truy vấn (WHERE, LIMIT).",
        "en": "The query was stopped after {timeout} seconds. Narrow it down (WHERE, LIMIT).",
    },
    "memory": {
        "vi": "Truy vấn đã bị dừng vì cần quá nhiều bộ nhớ (giới hạn {memory}).",
        "en": "The query was stopped: it needed more memory than allowed ({memory}).",
    },
    "too_many_rows": {
        "vi": "Kết quả có hơn {max_rows} dòng, quá giới hạn tải xuống. Hãy thu hẹp truy vấn.",
        "en": "The result has more than {max_rows} rows, over the download limit. Narrow the query.",
    },
    "too_large": {
        "vi": "Kết quả quá lớn để hiển thị hoặc tải xuống. Hãy chọn ít cột hoặc ít dòng hơn.",
        "en": "The result is too large to show or download. Select fewer columns or rows.",
    },
    "busy": {
        "vi": "Máy chủ đang chạy các truy vấn khác; hãy thử lại sau giây lát.",
        "en": "The server is busy with other queries; try again in a moment.",
    },
    "error": {
        "vi": "DuckDB báo lỗi khi chạy truy vấn.",
        "en": "DuckDB reported an error running the query.",
    },
    "crashed": {
        "vi": "Truy vấn đã dừng bất thường. Hãy thử một truy vấn đơn giản hơn.",
        "en": "The query stopped unexpectedly. Try a simpler query.",
    },
    "no_snapshot": {
        "vi": "Không còn bản dữ liệu này; hãy chạy lại truy vấn trên dữ liệu hiện hành.",
        "en": "That data snapshot is no longer kept; run the query again on the current data.",
    },
    "back": {"vi": "Quay lại bảng truy vấn", "en": "Back to the SQL console"},
    "title": {"vi": "Không tải được kết quả", "en": "The result could not be downloaded"},
}


def error_message(error: console.ConsoleError, lang: str) -> str:
    """The analyst-facing sentence for a refused or stopped query (DuckDB's own words, if any,
    are shown beside it by the caller)."""
    return tr(
        ERRORS,
        error.kind,
        lang,
        detail=error.detail,
        timeout=settings.get("STI_CONSOLE_TIMEOUT"),
        memory=settings.get("STI_CONSOLE_MEMORY_LIMIT"),
        max_rows=f"{console.download_max_rows():,}".replace(",", "." if lang == "vi" else ","),
    )


# ---------------------------------------------------------------- data dictionary


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    data_type: str
    description: str


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "view" or "table"
    description: str
    example: str
    columns: tuple[ColumnInfo, ...]


def _examples_by_name() -> dict[str, str]:
    return {c.name: c.example for kind in ("view", "table") for c in contracts(kind) if c.example}


def known_objects() -> frozenset[str]:
    """Names of every table and view the contracts declare: the download whitelist."""
    return frozenset(c.name for kind in ("table", "view") for c in contracts(kind))


def dictionary() -> list[Entry]:
    """Every table and view of the served snapshot, analyst views first, from the catalogue
    (names, comments, column types) and the contracts (example queries)."""
    objects = query("dictionary_objects")
    columns = query("dictionary_columns")
    examples = _examples_by_name()
    by_object: dict[str, list[ColumnInfo]] = {}
    for r in columns.iter_rows(named=True):
        by_object.setdefault(r["object_name"], []).append(
            ColumnInfo(r["column_name"], r["data_type"], r["description"] or "")
        )
    entries = [
        Entry(
            name=r["object_name"],
            kind=r["object_kind"],
            description=r["description"] or "",
            example=examples.get(r["object_name"]) or f"select * from {r['object_name']} limit 10",
            columns=tuple(by_object.get(r["object_name"], ())),
        )
        for r in objects.iter_rows(named=True)
    ]
    return sorted(entries, key=lambda e: (e.kind != "view", e.name))


def dictionary_frame(entries: list[Entry] | None = None) -> pl.DataFrame:
    """One row per column, with its object's kind, description and example query."""
    rows = [
        {
            "object": e.name,
            "kind": e.kind,
            "object_description": e.description,
            "position": i,
            "column": c.name,
            "type": c.data_type,
            "column_description": c.description,
            "example_query": e.example,
        }
        for e in (entries if entries is not None else dictionary())
        for i, c in enumerate(e.columns, start=1)
    ]
    return pl.DataFrame(rows)


def dictionary_markdown(entries: list[Entry] | None = None, snapshot: str = "") -> str:
    entries = entries if entries is not None else dictionary()
    out = ["# Data dictionary", ""]
    if snapshot:
        out += [f"Snapshot `{snapshot}`.", ""]
    for kind, heading in (("view", "Analyst views"), ("table", "Tables")):
        out += [f"## {heading}", ""]
        for e in (e for e in entries if e.kind == kind):
            out += [f"### `{e.name}`", "", e.description, "", "```sql", e.example, "```", ""]
            out += ["| column | type | description |", "| --- | --- | --- |"]
            out += [
                f"| `{c.name}` | {c.data_type} | {_md_cell(c.description)} |" for c in e.columns
            ]
            out.append("")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ---------------------------------------------------------------- console examples


@dataclass(frozen=True)
class Param:
    name: str
    label: dict[str, str]
    default: str
    choices: tuple[str, ...] = ()
    choices_query: str | None = None


@dataclass(frozen=True)
class Example:
    key: str
    title: dict[str, str]
    description: dict[str, str]
    params: tuple[Param, ...]

    @property
    def sql(self) -> str:
        return sql_text(f"console_example_{self.key}").strip() + "\n"


@cache
def examples() -> dict[str, Example]:
    """The console's named examples (sql/queries/console_examples.yml), in their order."""
    path = settings.sql_dir() / "queries" / "console_examples.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        key: Example(
            key=key,
            title=spec["title"],
            description=spec["description"],
            params=tuple(
                Param(
                    name=name,
                    label=p["label"],
                    default=str(p.get("default", "")),
                    choices=tuple(str(c) for c in p.get("choices", ())),
                    choices_query=p.get("choices_query"),
                )
                for name, p in (spec.get("params") or {}).items()
            ),
        )
        for key, spec in doc.items()
    }


def param_choices(param: Param, lang: str) -> list[tuple[str, str]]:
    """Suggested values of a parameter with a readable label each."""
    if param.choices_query:
        frame = query(param.choices_query)
        label_col = next((c for c in frame.columns if c.endswith(f"_{lang}")), None)
        return [
            (str(r[0]), str(r[frame.columns.index(label_col)]) if label_col else str(r[0]))
            for r in frame.iter_rows()
        ]
    return [(c, c) for c in param.choices]


# ---------------------------------------------------------------- routes


def warehouse_file(snapshot: str, name: str) -> Path:
    """The Parquet file of table or view ``name`` in ``snapshot``; 404 for anything else."""
    if name not in known_objects():
        abort(404)
    path = snapshot_path(snapshot) / "parquet" / f"{name}.parquet"
    if not path.is_file():
        abort(404)
    return path


def file_info(snapshot: str, name: str) -> tuple[int, int] | None:
    """Rows and bytes of the Parquet file of ``name``, or None when the snapshot lacks it."""
    path = snapshot_path(snapshot) / "parquet" / f"{name}.parquet"
    if not path.is_file():
        return None
    return pq.read_metadata(path).num_rows, path.stat().st_size


def _attachment(body: bytes | str, name: str, fmt: str, snapshot: str) -> Response:
    return Response(
        body,
        content_type=MIME[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
            "X-Snapshot": snapshot,
        },
    )


def _error_page(error: console.ConsoleError, lang: str, status: int) -> Response:
    message = html.escape(error_message(error, lang))
    detail = f"<pre>{html.escape(error.detail)}</pre>" if error.kind in ("error", "syntax") else ""
    back = html.escape(f"/console?lang={lang}")
    page = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(tr(ERRORS, 'title', lang))}</title>"
        '<link rel="stylesheet" href="/assets/style.css"></head>'
        f'<body><main class="page main" id="main-content"><h1>{html.escape(tr(ERRORS, "title", lang))}</h1>'
        f'<p class="banner banner-warn" role="alert">{message}</p>{detail}'
        f'<p><a href="{back}">{html.escape(tr(ERRORS, "back", lang))}</a></p></main></body></html>'
    )
    return Response(page, status=status, mimetype="text/html")


STATUS = {"disabled": 403, "timeout": 504, "busy": 503, "too_many_rows": 413, "too_large": 413}


def init_app(server: Flask) -> None:
    @server.route("/warehouse/<name>.<fmt>")
    def _warehouse_download(name: str, fmt: str) -> Response:
        try:
            snapshot = served_snapshot()
            if name == "dictionary" and fmt in ("csv", "md"):
                entries = dictionary()
                if fmt == "csv":
                    body = console.to_csv(dictionary_frame(entries).to_arrow())
                else:
                    body = dictionary_markdown(entries, snapshot).encode("utf-8")
                return _attachment(body, "dictionary", fmt, snapshot)
            if fmt not in FORMATS:
                abort(404)
            path = warehouse_file(snapshot, name)
        except NoWarehouse:
            abort(503)
        if fmt == "parquet":
            response = send_file(
                path,
                mimetype=MIME["parquet"],
                as_attachment=True,
                download_name=f"{name}.parquet",
            )
            response.headers["X-Snapshot"] = snapshot
            return response
        return _attachment(console.to_csv(pq.read_table(path)), name, "csv", snapshot)

    @server.route("/warehouse/<path:rest>")
    def _warehouse_other(rest: str) -> Response:
        abort(404)  # anything else under /warehouse (folders, '..', other names) is not served

    @server.route("/console/result", methods=["POST"])
    def _console_download() -> Response:
        form = request.form
        lang = lang_of(form.get("lang"))
        fmt = form.get("format", "csv")
        if fmt not in FORMATS:
            abort(400)
        try:
            params = json.loads(form.get("params") or "{}")
        except ValueError:
            abort(400)
        if not isinstance(params, dict):
            abort(400)
        try:
            if not console.enabled():
                raise console.ConsoleError("disabled")
            snapshot = form.get("snapshot") or served_snapshot()
            db = snapshot_path(snapshot) / "warehouse.duckdb"
            result = console.run(form.get("sql", ""), params, db, console.Limits.download())
            if result.total_rows > result.limits.max_rows:
                raise console.ConsoleError("too_many_rows")
        except NoWarehouse:
            return _error_page(console.ConsoleError("no_snapshot"), lang, 404)
        except console.ConsoleError as e:
            return _error_page(e, lang, STATUS.get(e.kind, 400))
        body = console.to_csv(result.table) if fmt == "csv" else console.to_parquet(result.table)
        return _attachment(body, "query-result", fmt, snapshot)

"""The SQL console's engine: one analyst query, run safely against a read-only snapshot.

Each query runs in a child process of its own (``python -m dashboard.console``), never in the
web worker: in DuckDB 2.0 some queries are not held by ``memory_limit`` or by
``con.interrupt()`` (``select list(range(100000000))`` built a list of several GB in one
function call and answered the interrupt only 37 s later), and a child can be capped and, if
need be, killed without touching the worker or the other users' requests.

The guards, in the order a query meets them:

1. **Size.** The SQL text is at most :data:`MAX_SQL_CHARS` characters.
2. **Connection.** A fresh DuckDB database per query, opened ``read_only`` on the snapshot file
   with ``enable_external_access=false`` (no file, URL or directory outside the database
   itself), ``autoinstall_known_extensions``, ``autoload_known_extensions`` and
   ``allow_community_extensions`` off, ``temp_directory=''`` and
   ``max_temp_directory_size=0B`` (nothing spills to disk), the console's ``memory_limit`` and
   ``threads``, then ``lock_configuration=true`` so no statement can change any of it.
3. **One SELECT.** DuckDB's own parser (``extract_statements``) must find exactly one
   statement, of type SELECT (plain selects, ``with``, ``from``-first, ``values``,
   ``describe``, ``show``, ``summarize``). Everything else — COPY, EXPORT, ATTACH, DETACH,
   INSTALL, LOAD, SET, RESET, USE, PRAGMA, CALL, CHECKPOINT, VACUUM, CREATE (tables, views,
   secrets, macros), INSERT, UPDATE, DELETE, DROP, ALTER, transactions, PREPARE, EXECUTE — is
   refused before anything runs, and so is a second statement hidden after a ``;``.
4. **Functions.** The parsed statement (``json_serialize_sql``) is walked for the functions it
   calls; file and URL readers, Parquet metadata, secrets, extensions, logging, profiling,
   checkpoints and DuckDB's internal scan functions are refused with a clear message (the
   connection would refuse most of them anyway: this is a second wall and a better message).
5. **Parameters.** ``$name`` parameters are bound by DuckDB, never pasted into the text.
6. **Time.** A timer interrupts the connection after the console timeout; the parent kills the
   child a little later if it has not answered (a function that ignores the interrupt).
7. **Memory.** Besides DuckDB's ``memory_limit``, the child's data segment is capped
   (``RLIMIT_DATA``); a query that outgrows it ends with a message, not a crash.
8. **Rows and bytes.** At most ``max_rows`` rows are kept; the rest are only counted, up to a
   limit. Downloads refuse a result larger than their row cap. The kept rows may not exceed a
   byte cap either.
9. **Load.** At most :data:`MAX_CONCURRENT` console queries run at once in each web worker.

The module imports neither Dash nor Flask; the parent side returns Arrow tables.
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from etl import settings

log = logging.getLogger(__name__)

MAX_SQL_CHARS = 20_000
MAX_CONCURRENT = 2
THREADS = 1
BATCH_ROWS = 1024
# the child needs this long to start Python and DuckDB before its own timer starts
START_ALLOWANCE_S = 5.0
# its data segment may grow this much beyond DuckDB's memory_limit (Python, Arrow, the result)
MEMORY_HEADROOM = 512 * 1024**2
DISPLAY_MAX_BYTES = 64 * 1024**2
CHILD_COMMAND = (sys.executable, "-m", "dashboard.console")

# Functions refused by name (exact) or by prefix: files and URLs, metadata of files, secrets
# and extensions, state changes, and DuckDB's internal scans that take pointers.
FORBIDDEN_PREFIXES = (
    "read_", "parquet_", "arrow_", "python_", "pandas_", "iceberg_", "delta_", "postgres_",
    "mysql_", "sqlite_", "ducklake_", "enable_", "disable_",
)  # fmt: skip
FORBIDDEN_FUNCTIONS = frozenset(
    {
        "glob", "sniff_csv", "json_execute_serialized_sql", "duckdb_secrets", "which_secret",
        "duckdb_extensions", "duckdb_extension_repositories", "checkpoint", "force_checkpoint",
        "truncate_duckdb_logs", "create_external_resource", "destroy_external_resource",
        "deregister_external_resource", "register_external_resource",
        "register_external_resource_type", "getenv", "load_extension", "install_extension",
        "seq_scan",
    }
)  # fmt: skip

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_slots = threading.BoundedSemaphore(MAX_CONCURRENT)


class ConsoleError(Exception):
    """A query refused or stopped; ``kind`` names why, ``detail`` is DuckDB's own words (or the
    offending name) when they help the analyst."""

    KINDS = (
        "disabled", "empty", "too_long", "syntax", "multiple", "not_select", "forbidden",
        "unchecked", "missing_param", "file_access", "timeout", "memory", "too_many_rows",
        "too_large", "busy", "error", "crashed", "no_snapshot",
    )  # fmt: skip

    def __init__(self, kind: str, detail: str = "") -> None:
        assert kind in self.KINDS, kind
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Limits:
    timeout_s: float
    memory_limit: str
    max_rows: int
    count_to: int
    max_bytes: int

    @classmethod
    def display(cls) -> Limits:
        """Rows to show on the page; every row is counted up to the download cap."""
        return cls(
            timeout_s=float(settings.get("STI_CONSOLE_TIMEOUT")),
            memory_limit=settings.get("STI_CONSOLE_MEMORY_LIMIT"),
            max_rows=int(settings.get("STI_CONSOLE_MAX_ROWS")),
            count_to=download_max_rows() + 1,
            max_bytes=DISPLAY_MAX_BYTES,
        )

    @classmethod
    def download(cls) -> Limits:
        """Every row, up to the download cap (a larger result is refused)."""
        memory = settings.get("STI_CONSOLE_MEMORY_LIMIT")
        return cls(
            timeout_s=float(settings.get("STI_CONSOLE_TIMEOUT")),
            memory_limit=memory,
            max_rows=download_max_rows(),
            count_to=download_max_rows() + 1,
            max_bytes=parse_size(memory),
        )


@dataclass
class Result:
    table: pa.Table
    total_rows: int  # rows counted, at most ``limits.count_to``
    limits: Limits
    elapsed_s: float = 0.0
    types: list[str] = field(default_factory=list)  # DuckDB's type of each column
    counted: bool = True  # False: time ran out while counting rows past the ones kept

    @property
    def truncated(self) -> bool:
        """More rows than were kept."""
        return self.total_rows > self.table.num_rows

    @property
    def over_download_cap(self) -> bool:
        return self.total_rows > download_max_rows()


def enabled() -> bool:
    return settings.get("STI_CONSOLE_ENABLED").strip().lower() not in (
        "0",
        "false",
        "no",
        "off",
        "",
    )


def download_max_rows() -> int:
    return int(settings.get("STI_CONSOLE_DOWNLOAD_MAX_ROWS"))


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "ki": 2**10, "mi": 2**20}
_UNITS |= {"gi": 2**30, "ti": 2**40}


def parse_size(text: str) -> int:
    """Bytes in a DuckDB-style size ('256MB', '1GiB', '512kb')."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"not a size: {text!r}")
    unit = m.group(2).lower().removesuffix("b")
    return int(float(m.group(1)) * _UNITS[unit])


# ---------------------------------------------------------------- parent side (web worker)


def run(sql: str, params: dict[str, Any] | None, db: Path, limits: Limits) -> Result:
    """Run ``sql`` with ``params`` bound against the DuckDB file ``db`` in a child process.

    Raises :class:`ConsoleError` when the query is refused or stopped."""
    if not enabled():
        raise ConsoleError("disabled")
    if len(sql) > MAX_SQL_CHARS:
        raise ConsoleError("too_long", str(MAX_SQL_CHARS))
    if not sql.strip():
        raise ConsoleError("empty")
    if not _slots.acquire(timeout=limits.timeout_s):
        raise ConsoleError("busy")
    started = time.monotonic()
    try:
        result = _run_child(sql, params or {}, db, limits)
    finally:
        _slots.release()
    result.elapsed_s = time.monotonic() - started
    return result


def _run_child(sql: str, params: dict[str, Any], db: Path, limits: Limits) -> Result:
    request = {
        "db": str(db),
        "sql": sql,
        "params": {str(k): None if v is None else str(v) for k, v in params.items()},
        "timeout_s": limits.timeout_s,
        "memory_limit": limits.memory_limit,
        "data_limit": parse_size(limits.memory_limit) + max(limits.max_bytes, 0) + MEMORY_HEADROOM,
        "max_rows": limits.max_rows,
        "count_to": limits.count_to,
        "max_bytes": limits.max_bytes,
    }
    try:
        done = subprocess.run(
            list(CHILD_COMMAND),
            input=json.dumps(request).encode(),
            capture_output=True,
            timeout=limits.timeout_s + START_ALLOWANCE_S,
            cwd=settings.PROJECT_ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log.warning("console query killed after %.1f s", limits.timeout_s + START_ALLOWANCE_S)
        raise ConsoleError("timeout") from None
    header, _, payload = done.stdout.partition(b"\n")
    try:
        meta = json.loads(header)
    except ValueError:
        meta = None
    if not isinstance(meta, dict):
        stderr = done.stderr.decode("utf-8", "replace")[-2000:]
        log.warning("console child ended with %s: %s", done.returncode, stderr)
        if "MemoryError" in stderr or "bad_alloc" in stderr or done.returncode in (-6, -9):
            raise ConsoleError("memory")
        raise ConsoleError("crashed")
    if not meta.get("ok"):
        raise ConsoleError(meta.get("kind", "error"), meta.get("detail", ""))
    table = pa.ipc.open_stream(payload).read_all()
    types = [str(t) for t in meta.get("types", [])]
    if len(types) != table.num_columns:
        types = [str(t) for t in table.schema.types]
    return Result(
        table=table,
        total_rows=int(meta["total_rows"]),
        limits=limits,
        types=types,
        counted=bool(meta.get("counted", True)),
    )


def to_csv(table: pa.Table) -> bytes:
    """CSV with a UTF-8 byte-order mark (as the chart downloads); nested values as JSON."""
    import pyarrow.csv as pacsv

    buf = io.BytesIO()
    buf.write("\ufeff".encode())
    pacsv.write_csv(_flat(table), buf, pacsv.WriteOptions(quoting_style="needed"))
    return buf.getvalue()


def to_parquet(table: pa.Table) -> bytes:
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    try:
        pq.write_table(table, buf, compression="zstd")
    except (pa.ArrowException, ValueError):  # e.g. a UNION column: Parquet has no such type
        buf = io.BytesIO()
        pq.write_table(_flat(table, keep=_parquet_ok), buf, compression="zstd")
    return buf.getvalue()


def _csv_ok(t: pa.DataType) -> bool:
    return (
        pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
        or pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_boolean(t)
        or pa.types.is_date(t) or pa.types.is_time(t) or pa.types.is_timestamp(t)
        or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type))
    )  # fmt: skip


def _parquet_ok(t: pa.DataType) -> bool:
    return _csv_ok(t) or pa.types.is_list(t) or pa.types.is_struct(t) or pa.types.is_map(t)


def _flat(table: pa.Table, keep: Any = _csv_ok) -> pa.Table:
    """Columns of other types (lists, structs, maps, intervals, binary, DuckDB extension types)
    as text: JSON for nested values, hex for bytes."""
    columns = [
        col if keep(col.type) else pa.array([_text(v) for v in col.to_pylist()], pa.string())
        for col in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# ---------------------------------------------------------------- child side


def sandbox(db: str, memory_limit: str) -> Any:
    """A read-only connection to ``db`` that can reach nothing else and cannot be reconfigured.

    Only for a process of its own: DuckDB refuses a second connection to the same file with
    another configuration in one process."""
    import duckdb

    return duckdb.connect(
        db,
        read_only=True,
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
            "allow_unsigned_extensions": False,
            "max_temp_directory_size": "0B",
            "memory_limit": memory_limit,
            "threads": THREADS,
            "enable_external_access": False,
            "lock_configuration": True,
        },
    )


def check(con: Any, sql: str) -> Any:
    """The one SELECT statement in ``sql`` (a ``duckdb.Statement``), or :class:`ConsoleError`."""
    import duckdb

    if len(sql) > MAX_SQL_CHARS:
        raise ConsoleError("too_long", str(MAX_SQL_CHARS))
    try:
        statements = con.extract_statements(sql)
    except duckdb.ParserException as e:
        raise ConsoleError("syntax", _clean(str(e))) from None
    except Exception as e:  # e.g. a statement type the Python API does not know
        raise ConsoleError("not_select", type(e).__name__) from None
    if not statements:
        raise ConsoleError("empty")
    if len(statements) > 1:
        raise ConsoleError("multiple", str(len(statements)))
    statement = statements[0]
    first_word = (statement.query.split() or ["?"])[0].upper()
    try:
        kind = statement.type
    except ValueError:  # a statement type the Python API does not name (UPDATE EXTENSIONS)
        raise ConsoleError("not_select", first_word) from None
    if kind != duckdb.StatementType.SELECT:
        raise ConsoleError("not_select", first_word)
    functions, tables = references(con, statement.query)
    bad = sorted(f for f in functions if forbidden(f))
    bad += sorted(f"'{t}'" for t in tables if not IDENTIFIER.match(t))  # a file path or URL
    if bad:
        raise ConsoleError("forbidden", ", ".join(bad))
    return statement


def forbidden(function: str) -> bool:
    name = function.lower().rsplit(".", 1)[-1]
    return name in FORBIDDEN_FUNCTIONS or name.startswith(FORBIDDEN_PREFIXES)


def references(con: Any, sql: str) -> tuple[set[str], set[str]]:
    """Names of every function ``sql`` calls and every table it names, from DuckDB's own parse
    tree (``json_serialize_sql``). A quoted file path or URL in FROM is a table name there."""
    row = con.execute("select json_serialize_sql($q)", {"q": sql}).fetchall()
    tree = json.loads(row[0][0])
    if tree.get("error"):
        raise ConsoleError("unchecked", _clean(tree.get("error_message", "")))
    functions: set[str] = set()
    tables: set[str] = set()
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = node.get("function_name")
            if isinstance(name, str):
                functions.add(name)
            if node.get("type") == "BASE_TABLE" and isinstance(node.get("table_name"), str):
                tables.add(node["table_name"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return functions, tables


def _clean(message: str) -> str:
    """DuckDB's message without its stack trace, at most 1,000 characters."""
    text = message.split("\n\nStack Trace", 1)[0].strip()
    return text[:1000]


def execute(request: dict[str, Any]) -> tuple[pa.Table, int, list[str], bool]:
    """Run one checked query within its limits: the kept rows, how many rows were counted,
    DuckDB's type of each column, and whether the count ran to its end (a display whose rows
    are all in but whose counting ran out of time is kept, with the count so far)."""
    import duckdb

    try:
        con = sandbox(request["db"], request["memory_limit"])
    except duckdb.Error as e:
        raise ConsoleError("no_snapshot", _clean(str(e))) from None
    statement = check(con, request["sql"])
    names = set(statement.named_parameters)
    given = request.get("params") or {}
    missing = sorted(n for n in names if given.get(n) in (None, ""))
    if missing:
        raise ConsoleError("missing_param", ", ".join(f"${n}" for n in missing))
    bound = {n: given[n] for n in names}
    max_rows, count_to, max_bytes = request["max_rows"], request["count_to"], request["max_bytes"]
    timer = threading.Timer(float(request["timeout_s"]), con.interrupt)
    timer.daemon = True
    timer.start()
    kept: list[pa.RecordBatch] = []
    n_kept = total = size = 0
    schema: pa.Schema | None = None
    types: list[str] = []
    try:
        relation = con.sql(statement.query, params=bound or None)
        types = [str(t) for t in relation.types]
        # a batch waits until it is full: no bigger than the rows to show, so they come at once
        reader = relation.to_arrow_reader(max(1, min(BATCH_ROWS, max_rows)))
        schema = reader.schema
        for batch in reader:
            total += batch.num_rows
            if n_kept < max_rows:
                part = batch.slice(0, max_rows - n_kept)
                kept.append(part)
                n_kept += part.num_rows
                size += part.nbytes
                if size > max_bytes:
                    raise ConsoleError("too_large", str(max_bytes))
            if total >= count_to:
                break
        reader.close()
    except (duckdb.Error, OSError, pa.ArrowException) as e:
        message = _clean(str(e))
        # the interrupt comes as DuckDB's InterruptException before the first rows, and through
        # Arrow's stream (another exception type, same message) while they are read
        if isinstance(e, duckdb.InterruptException) or "INTERRUPT Error" in message:
            if schema is not None and n_kept >= max_rows and count_to > max_rows + 1:
                return pa.Table.from_batches(kept, schema=schema), total, types, False
            raise ConsoleError("timeout") from None
        if isinstance(e, duckdb.OutOfMemoryException) or "out of memory" in message.lower():
            raise ConsoleError("memory", message) from None
        if isinstance(e, duckdb.PermissionException) or "Permission Error" in message:
            raise ConsoleError("file_access", message) from None
        raise ConsoleError("error", message) from None
    finally:
        timer.cancel()
    return pa.Table.from_batches(kept, schema=schema), min(total, count_to), types, True


def _child_main() -> int:
    """Read one request (JSON) on stdin; answer one header line (JSON) and an Arrow stream."""
    import resource

    request = json.loads(sys.stdin.buffer.read())
    limit = int(request["data_limit"])
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    out = sys.stdout.buffer
    try:
        table, total, types, counted = execute(request)
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        header = {"ok": True, "total_rows": total, "types": types, "counted": counted}
        out.write(json.dumps(header).encode() + b"\n" + sink.getvalue())
    except ConsoleError as e:
        out.write(json.dumps({"ok": False, "kind": e.kind, "detail": e.detail}).encode() + b"\n")
    except MemoryError:
        out.write(json.dumps({"ok": False, "kind": "memory", "detail": ""}).encode() + b"\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())

"""Read-only access to the published warehouse through named queries.

A named query is a file ``sql/queries/<name>.sql`` holding one statement with ``$name``
parameters. :func:`query` binds the parameters and returns a Polars frame.

Which snapshot is read: the first query of an HTTP request picks one and every later query of
that request reads the same one (so a response never mixes two snapshots, even if a refresh
switches ``current`` meanwhile); the response says which in its ``X-Snapshot`` header. The pick
is the ``current`` snapshot, or an earlier kept one when the page URL asks for it with
``asof=<YYYY-MM-DD or run id>`` (read from the request's own query string, or from the page URL
in the Referer of a callback). A new snapshot is therefore served from the next request on,
without a restart. Connections are opened read-only, shared per process (one cursor per query).

A published snapshot never changes, so a query's result is a pure function of (snapshot, query,
parameters, and the day, as a query may compare with ``current_date``): each process keeps recent results in a least-recently-used cache bounded by
``STI_QUERY_CACHE_MB`` (frames are immutable, so sharing them between requests is safe).
"""

from __future__ import annotations

import contextlib
import re
import threading
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import duckdb
import polars as pl
from cachetools import LRUCache
from flask import Flask, Response, g, has_request_context, request

from etl import settings, warehouse

QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RUN_ID = re.compile(r"^\d{8}T\d{6,12}Z$")
_lock = threading.Lock()
_connections: dict[Path, duckdb.DuckDBPyConnection] = {}
_results_lock = threading.Lock()
_results: LRUCache[tuple[Any, ...], pl.DataFrame] | None = None


class NoWarehouse(RuntimeError):
    """No snapshot has been published yet (run the ETL first)."""


@cache
def sql_text(name: str) -> str:
    if not QUERY_NAME.match(name):
        raise ValueError(f"bad query name {name!r}")
    return (settings.sql_dir() / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def kept_snapshots() -> list[str]:
    """Run ids of the kept snapshots, newest first."""
    return [p.name for p in reversed(warehouse.snapshots())]


def resolve_asof(asof: str | None) -> str | None:
    """The run id an ``asof`` value names: itself, or the newest snapshot built on or before a
    date (YYYY-MM-DD). None when it names none (the current snapshot is served instead)."""
    if not asof:
        return None
    kept = kept_snapshots()
    if RUN_ID.match(asof):
        return asof if asof in kept else None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", asof):
        day = asof.replace("-", "")
        older = [r for r in kept if r[:8] <= day]
        return older[0] if older else None
    return None


def snapshot_path(snapshot: str | None = None) -> Path:
    """Folder of the given snapshot (a run id), or of the current one."""
    if snapshot:
        path = warehouse.root() / "snapshots" / snapshot
        if not RUN_ID.match(snapshot) or not (path / warehouse.DB_NAME).is_file():
            raise NoWarehouse(f"no snapshot {snapshot!r}")
        return path.resolve()
    current = warehouse.current_snapshot()
    if current is None:
        raise NoWarehouse("no published warehouse: run `make etl` (or `sti-etl run`) first")
    return current


def requested_asof() -> str | None:
    """The ``asof`` the page asks for: in this request's query, or the page URL (Referer)."""
    if not has_request_context():
        return None
    if request.args.get("asof"):
        return request.args["asof"]
    referer = request.headers.get("Referer")
    if referer:
        values = parse_qs(urlparse(referer).query).get("asof")
        if values:
            return values[0]
    return None


def _pinned_path(snapshot: str | None) -> Path:
    if snapshot or not has_request_context():
        return snapshot_path(snapshot)
    path = getattr(g, "sti_snapshot_path", None)
    if path is None or not path.exists():
        path = snapshot_path(resolve_asof(requested_asof()))
        g.sti_snapshot_path = path
    return path


def _connection(db: Path) -> duckdb.DuckDBPyConnection:
    with _lock:
        con = _connections.get(db)
        if con is None:
            con = duckdb.connect(
                str(db),
                read_only=True,
                config={
                    "memory_limit": settings.get("STI_DUCKDB_MEMORY_LIMIT"),
                    "threads": settings.get("STI_DUCKDB_THREADS"),
                },
            )
            _connections[db] = con
            # let go of snapshots that were pruned; cursors in flight keep their database open
            for gone in [p for p in _connections if not p.exists()]:
                _connections.pop(gone)
        return con


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, list | tuple) else value


def _result_cache() -> LRUCache[tuple[Any, ...], pl.DataFrame] | None:
    global _results
    if _results is None:
        limit = int(float(settings.get("STI_QUERY_CACHE_MB")) * 2**20)
        if limit <= 0:
            return None
        _results = LRUCache(maxsize=limit, getsizeof=lambda f: max(1, f.estimated_size()))
    return _results


def query(name: str, snapshot: str | None = None, **params: Any) -> pl.DataFrame:
    """Run the named query with bound ``params``; see the module doc for which snapshot."""
    db = _pinned_path(snapshot) / warehouse.DB_NAME
    cache = _result_cache()
    # the day too: a query may compare with current_date (what has happened by today)
    today = datetime.now(UTC).date()
    key = (db, today, name, tuple(sorted((k, _frozen(v)) for k, v in params.items())))
    if cache is not None:
        with _results_lock:
            hit = cache.get(key)
        if hit is not None:
            return hit
    cursor = _connection(db).cursor()
    try:
        frame = cursor.sql(sql_text(name), params=params or None).pl()
    finally:
        cursor.close()
    if cache is not None:
        with _results_lock, contextlib.suppress(ValueError):  # larger than the whole cache
            cache[key] = frame
    return frame


def served_snapshot() -> str:
    """Run id of the snapshot this request reads (pins it if nothing was read yet)."""
    return _pinned_path(None).name


def snapshot_info(snapshot: str | None = None) -> dict[str, Any]:
    """Manifest of the snapshot being served, whether it is the current one, and the last run."""
    path = _pinned_path(snapshot)
    info = warehouse.manifest(path)
    current = warehouse.current_snapshot()
    info["is_current"] = current is not None and current == path
    runs = warehouse.read_runs()
    attempts = [r for r in runs if r.get("status") in ("succeeded", "failed")]
    last = attempts[-1] if attempts else None
    info["last_run_status"] = last["status"] if last else None
    info["last_run_at"] = last.get("finished_at") if last else None
    info["last_run_error"] = last.get("error") if last and last["status"] == "failed" else None
    return info


def init_app(server: Flask) -> None:
    """Say in every response which snapshot it was built from."""

    @server.after_request
    def _snapshot_header(response: Response) -> Response:
        path = getattr(g, "sti_snapshot_path", None)
        if path is not None:
            response.headers["X-Snapshot"] = path.name
        return response

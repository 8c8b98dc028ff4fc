"""Read-only access to the published warehouse through named queries.

A named query is a file ``sql/queries/<name>.sql`` holding one statement with ``$name``
parameters. :func:`query` binds the parameters and returns a Polars frame. The warehouse is
opened read-only; each call resolves the ``current`` snapshot again, so a refresh is served
from the next request on, without a restart. Connections to a snapshot are shared per process
(one cursor per query), and a snapshot that is no longer current is let go once unused.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from etl import settings, warehouse

QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_lock = threading.Lock()
_connections: dict[Path, duckdb.DuckDBPyConnection] = {}


class NoWarehouse(RuntimeError):
    """No snapshot has been published yet (run the ETL first)."""


@cache
def sql_text(name: str) -> str:
    if not QUERY_NAME.match(name):
        raise ValueError(f"bad query name {name!r}")
    return (settings.sql_dir() / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def snapshot_path(snapshot: str | None = None) -> Path:
    """Folder of the named snapshot (a run id), or of the current one."""
    if snapshot:
        if not re.match(r"^[0-9TZ]+$", snapshot):
            raise NoWarehouse(f"no snapshot {snapshot!r}")
        path = warehouse.root() / "snapshots" / snapshot
        if not (path / warehouse.DB_NAME).is_file():
            raise NoWarehouse(f"no snapshot {snapshot!r}")
        return path.resolve()
    current = warehouse.current_snapshot()
    if current is None:
        raise NoWarehouse("no published warehouse: run `make etl` (or `sti-etl run`) first")
    return current


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
            # forget snapshots no longer in use; cursors in flight keep their database alive
            for other in [p for p in _connections if p != db and not p.exists()]:
                _connections.pop(other)
        return con


def query(name: str, snapshot: str | None = None, **params: Any) -> pl.DataFrame:
    """Run the named query with bound ``params`` against the current (or given) snapshot."""
    db = snapshot_path(snapshot) / warehouse.DB_NAME
    cursor = _connection(db).cursor()
    try:
        return cursor.sql(sql_text(name), params=params or None).pl()
    finally:
        cursor.close()


def snapshot_info(snapshot: str | None = None) -> dict[str, Any]:
    """Run id, build time and the run history summary of the snapshot being served."""
    path = snapshot_path(snapshot)
    info = warehouse.manifest(path)
    runs = warehouse.read_runs()
    last = runs[-1] if runs else None
    info["last_run_status"] = last["status"] if last else None
    info["last_run_at"] = last.get("finished_at") if last else None
    info["last_run_error"] = last.get("error") if last and last["status"] == "failed" else None
    return info

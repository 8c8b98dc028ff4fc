"""Load: build a DuckDB warehouse file from the transformed frames, the DDL and the views.

The file is written with ``storage_compatibility_version`` set, so DuckDB 1.x clients (the
DuckDB CLI from PyPI among them) can open it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl import settings
from etl.contracts import NAME, Contract, contracts, sql_literal

STORAGE_COMPATIBILITY = "v1.2.0"


def connect_config() -> dict[str, str]:
    return {
        "memory_limit": settings.get("STI_ETL_MEMORY_LIMIT"),
        "threads": settings.get("STI_DUCKDB_THREADS"),
    }


def _comment(con: duckdb.DuckDBPyConnection, c: Contract) -> None:
    kind = "table" if c.kind == "table" else "view"
    con.execute(f"comment on {kind} {c.name} is {sql_literal(c.description)}")
    for col in c.columns:
        con.execute(f"comment on column {c.name}.{col.name} is {sql_literal(col.description)}")


def build(path: Path, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
    """Create every table, insert ``frames``, comment, create views; return rows per table."""
    con = duckdb.connect(
        str(path),
        config={**connect_config(), "storage_compatibility_version": STORAGE_COMPATIBILITY},
    )
    try:
        # one transaction per table and one for the views: a commit per statement (hundreds of
        # comments) cost more than the inserts on small inputs, and one transaction for the
        # whole build must hold every new block in memory at commit (tier XL ran out of it)
        unknown = set(frames) - {c.name for c in contracts("table")}
        if unknown:
            raise ValueError(f"frames without a table in sql/tables: {sorted(unknown)}")
        rows: dict[str, int] = {}
        for c in contracts("table"):
            con.execute("begin transaction")
            con.execute(c.sql)
            frame = frames.get(c.name)
            if frame is not None:
                assert NAME.match(c.name)
                con.register("incoming", frame)
                con.execute(f"insert into {c.name} by name select * from incoming")
                con.unregister("incoming")
                rows[c.name] = frame.height
            _comment(con, c)
            con.execute("commit")
        con.execute("begin transaction")
        for c in contracts("view"):
            con.execute(c.sql)
            _comment(con, c)
        con.execute("commit")
        con.execute("checkpoint")
        return rows
    finally:
        con.close()


def append_rows(path: Path, table: str, frame: pl.DataFrame) -> None:
    """Insert ``frame`` into ``table`` of the (not yet published) warehouse at ``path``."""
    assert NAME.match(table)
    con = duckdb.connect(str(path), config=connect_config())
    try:
        con.register("incoming", frame)
        con.execute(f"insert into {table} by name select * from incoming")
        con.execute("checkpoint")
    finally:
        con.close()


def export_parquet(path: Path, out_dir: Path) -> list[str]:
    """Write one Parquet file per table and per view of the warehouse at ``path``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=True, config=connect_config())
    written = []
    try:
        for c in (*contracts("table"), *contracts("view")):
            con.table(c.name).to_parquet(str(out_dir / f"{c.name}.parquet"), compression="zstd")
            written.append(c.name)
    finally:
        con.close()
    return written

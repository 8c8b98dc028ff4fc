"""Layout of the published warehouse, shared by the ETL (writer) and every reader.

::

    <STI_WAREHOUSE_DIR>/
      current -> snapshots/<run_id>      symlink, switched atomically by each successful run
      snapshots/<run_id>/warehouse.duckdb
      snapshots/<run_id>/parquet/<table or view>.parquet
      snapshots/<run_id>/manifest.json
      runs.jsonl                         one line per run, successful or not
      tmp/                               work area of the run in progress
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from etl import settings

DB_NAME = "warehouse.duckdb"


def root(warehouse_dir: Path | None = None) -> Path:
    return warehouse_dir or settings.warehouse_dir()


def current_snapshot(warehouse_dir: Path | None = None) -> Path | None:
    """The snapshot folder ``current`` points at, or None before the first successful run."""
    link = root(warehouse_dir) / "current"
    try:
        target = link.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return None
    return target if (target / DB_NAME).is_file() else None


def current_db(warehouse_dir: Path | None = None) -> Path | None:
    snap = current_snapshot(warehouse_dir)
    return snap / DB_NAME if snap else None


def snapshots(warehouse_dir: Path | None = None) -> list[Path]:
    """Published snapshot folders, oldest first (run ids sort by time)."""
    folder = root(warehouse_dir) / "snapshots"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / DB_NAME).is_file())


def manifest(snapshot: Path) -> dict[str, Any]:
    return json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))


def read_runs(warehouse_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every run recorded in runs.jsonl (a line cut short by a killed writer is skipped)."""
    path = root(warehouse_dir) / "runs.jsonl"
    if not path.is_file():
        return []
    runs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            runs.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return runs

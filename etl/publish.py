"""One ETL run: extract -> validate -> transform -> load -> export -> publish.

The run builds a complete snapshot in ``tmp/``, closes it, renames it into ``snapshots/`` and
then switches the ``current`` symlink with ``os.replace`` (atomic). A run that fails or is
killed at any point leaves the current snapshot untouched; its leftovers in ``tmp/`` are
removed by the next run. Only one run at a time holds the lock.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import filelock
import polars as pl

from etl import settings, warehouse
from etl.extract import extract
from etl.load import STORAGE_COMPATIBILITY, append_rows, build, export_parquet
from etl.problems import InvalidFacts
from etl.transform import transform
from etl.validate import validate


class EtlBusy(RuntimeError):
    """Another run holds the lock."""


@dataclass
class RunResult:
    run_id: str
    status: str
    snapshot: Path | None = None
    rows: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _pause_point(stage: str) -> None:
    """Test hook: with STI_ETL_PAUSE_AT=<stage>, announce the stage and wait to be killed."""
    if settings.get("STI_ETL_PAUSE_AT") == stage:
        print(f"PAUSED {stage}", file=sys.stderr, flush=True)
        time.sleep(3600)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the facts are read, validated and
    transformed. Large inputs make millions of small objects that each collection rescans: at
    tier XL (bench/) this took longer than the work itself (extract 69 s → 27 s without it).
    Reference counting still frees everything that is not in a cycle; the collector runs again
    afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def inputs_digest(checksums: dict[str, tuple[str, int]]) -> str:
    h = hashlib.sha256()
    for name in sorted(checksums):
        h.update(f"{name}\0{checksums[name][0]}\n".encode())
    return h.hexdigest()


def append_run(wh: Path, record: dict[str, Any]) -> None:
    wh.mkdir(parents=True, exist_ok=True)
    with open(wh / "runs.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(record, sort_keys=True) + "\n")
        f.flush()
        os.fsync(f.fileno())


def _history_frames(
    history: list[dict[str, Any]],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    runs, tables, inputs = [], [], []
    for r in history:
        runs.append(
            {
                "run_id": r["run_id"],
                "started_at": datetime.fromisoformat(r["started_at"]),
                "finished_at": datetime.fromisoformat(r["finished_at"])
                if r.get("finished_at")
                else None,
                "status": r["status"],
                "error": r.get("error"),
                "inputs_sha256": r.get("inputs_sha256"),
                "snapshot": r.get("snapshot"),
            }
        )
        for name, n in sorted((r.get("rows") or {}).items()):
            tables.append({"run_id": r["run_id"], "table_name": name, "row_count": n})
        for name, (sha, size) in sorted((r.get("inputs") or {}).items()):
            inputs.append(
                {"run_id": r["run_id"], "file_name": name, "sha256": sha, "size_bytes": size}
            )
    return (
        pl.DataFrame(
            runs,
            schema={
                "run_id": pl.String,
                "started_at": pl.Datetime("us"),
                "finished_at": pl.Datetime("us"),
                "status": pl.String,
                "error": pl.String,
                "inputs_sha256": pl.String,
                "snapshot": pl.String,
            },
        ),
        pl.DataFrame(
            tables, schema={"run_id": pl.String, "table_name": pl.String, "row_count": pl.Int64}
        ),
        pl.DataFrame(
            inputs,
            schema={
                "run_id": pl.String,
                "file_name": pl.String,
                "sha256": pl.String,
                "size_bytes": pl.Int64,
            },
        ),
    )


def _switch_current(wh: Path, run_id: str) -> None:
    tmp_link = wh / f".current-{run_id}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(Path("snapshots") / run_id, tmp_link)
    os.replace(tmp_link, wh / "current")


def _prune(wh: Path, keep: int) -> list[str]:
    current = warehouse.current_snapshot(wh)
    snaps = warehouse.snapshots(wh)
    removed = []
    for snap in snaps[: max(0, len(snaps) - keep)]:
        if current is not None and snap.resolve() == current:
            continue
        shutil.rmtree(snap, ignore_errors=True)
        removed.append(snap.name)
    return removed


def run(
    facts_dir: Path | None = None,
    warehouse_dir: Path | None = None,
    *,
    if_changed: bool = False,
) -> RunResult:
    """Run the whole ETL once and publish a new current snapshot.

    With ``if_changed``, a run whose input files are byte-identical to those of the last
    successful run (and whose snapshot is still current) publishes nothing and is recorded as
    ``skipped``: the cheap no-op of scheduled refreshes.

    Raises :class:`InvalidFacts` when the curated facts fail validation and :class:`EtlBusy`
    when another run holds the lock. Either way (and on any other error) nothing already
    published changes. A run that fails is recorded in runs.jsonl as ``failed``; a run refused
    for the lock records nothing (the run holding it is recorded).
    """
    facts_dir = facts_dir or settings.facts_dir()
    wh = warehouse.root(warehouse_dir)
    wh.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(wh / ".etl.lock"))
    try:
        lock.acquire(timeout=float(settings.get("STI_ETL_LOCK_TIMEOUT")))
    except filelock.Timeout as exc:
        raise EtlBusy(f"another ETL run holds {wh / '.etl.lock'}") from exc
    try:
        if if_changed:
            skipped = _skip_if_unchanged(facts_dir, wh)
            if skipped is not None:
                return skipped
        return _run_locked(facts_dir, wh)
    finally:
        lock.release()


def _skip_if_unchanged(facts_dir: Path, wh: Path) -> RunResult | None:
    current = warehouse.current_snapshot(wh)
    done = [r for r in warehouse.read_runs(wh) if r.get("status") == "succeeded"]
    if current is None or not done:
        return None
    digest = inputs_digest(extract_checksums(facts_dir))
    if digest != done[-1].get("inputs_sha256"):
        return None
    now = _now()
    run_id = now.strftime("%Y%m%dT%H%M%S%fZ")
    append_run(
        wh,
        {
            "run_id": run_id,
            "started_at": now.isoformat(),
            "finished_at": _now().isoformat(),
            "status": "skipped",
            "inputs_sha256": digest,
            "snapshot": current.name,
            "error": None,
        },
    )
    return RunResult(run_id, "skipped", current)


def extract_checksums(facts_dir: Path) -> dict[str, tuple[str, int]]:
    """Checksums of the fact files (what extract would read), without parsing them."""
    return extract(facts_dir).checksums


def rollback(run_id: str, warehouse_dir: Path | None = None) -> Path:
    """Point ``current`` at the kept snapshot ``run_id`` (recorded in the run log)."""
    wh = warehouse.root(warehouse_dir)
    target = wh / "snapshots" / run_id
    if not (target / warehouse.DB_NAME).is_file():
        kept = ", ".join(p.name for p in warehouse.snapshots(wh)) or "none"
        raise FileNotFoundError(f"no kept snapshot {run_id!r} (kept: {kept})")
    lock = filelock.FileLock(str(wh / ".etl.lock"))
    try:
        lock.acquire(timeout=float(settings.get("STI_ETL_LOCK_TIMEOUT")))
    except filelock.Timeout as exc:
        raise EtlBusy(f"another ETL run holds {wh / '.etl.lock'}") from exc
    try:
        _switch_current(wh, run_id)
        now = _now().isoformat()
        append_run(
            wh,
            {"run_id": _now().strftime("%Y%m%dT%H%M%S%fZ"), "started_at": now,
             "finished_at": now, "status": "rollback", "snapshot": run_id, "error": None},
        )  # fmt: skip
    finally:
        lock.release()
    return target


def _run_locked(facts_dir: Path, wh: Path) -> RunResult:
    started = _now()
    run_id = started.strftime("%Y%m%dT%H%M%S%fZ")
    record: dict[str, Any] = {"run_id": run_id, "started_at": started.isoformat()}
    tmp_root = wh / "tmp"
    shutil.rmtree(tmp_root, ignore_errors=True)  # leftovers of killed runs
    build_dir = tmp_root / run_id
    try:
        with _gc_paused():
            raw = extract(facts_dir)
            record["inputs"] = raw.checksums
            record["inputs_sha256"] = inputs_digest(raw.checksums)
            _pause_point("validate")
            facts = validate(raw)
            frames = transform(facts)
        build_dir.mkdir(parents=True)
        db = build_dir / warehouse.DB_NAME
        _pause_point("load")
        rows = build(db, frames)
        finished = _now()
        this_run = {
            **record,
            "rows": rows,
            "status": "succeeded",
            "finished_at": finished.isoformat(),
            "snapshot": run_id,
        }
        history = [*warehouse.read_runs(wh), this_run]
        for name, frame in zip(
            ("etl_run", "etl_run_table", "etl_run_input"), _history_frames(history), strict=True
        ):
            append_rows(db, name, frame)
        export_parquet(db, build_dir / "parquet")
        manifest = {
            "run_id": run_id,
            "started_at": started.isoformat(),
            "finished_at": finished.isoformat(),
            "inputs": raw.checksums,
            "inputs_sha256": record["inputs_sha256"],
            "rows": rows,
            "storage_compatibility_version": STORAGE_COMPATIBILITY,
            "duckdb": duckdb.__version__,
            "polars": pl.__version__,
        }
        (build_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        _pause_point("publish")
        (wh / "snapshots").mkdir(exist_ok=True)
        final = wh / "snapshots" / run_id
        os.replace(build_dir, final)
        _switch_current(wh, run_id)
        record.update(
            status="succeeded", finished_at=finished.isoformat(), rows=rows, snapshot=run_id
        )
        append_run(wh, record)
        _prune(wh, int(settings.get("STI_KEEP_SNAPSHOTS")))
        return RunResult(run_id, "succeeded", final, rows)
    except BaseException as exc:
        error = str(exc) if isinstance(exc, InvalidFacts) else f"{type(exc).__name__}: {exc}"
        record.update(status="failed", finished_at=_now().isoformat(), error=error[:20000])
        append_run(wh, record)
        shutil.rmtree(build_dir, ignore_errors=True)
        raise

"""Publishing is atomic: a run that fails, is killed (SIGKILL) at any stage, or cannot get the
lock leaves the current snapshot exactly as it was; the next good run switches ``current``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl import publish, warehouse
from etl.problems import InvalidFacts
from tests.foundation.etl_support import FIXTURE_FACTS, PausedRun, replace_in, run_cli, tree_digest


def _publish(facts: Path, wh: Path) -> Path:
    result = publish.run(facts, wh)
    assert result.status == "succeeded" and result.snapshot is not None
    assert warehouse.current_snapshot(wh) == result.snapshot.resolve()
    return result.snapshot.resolve()


def _published(fixture_warehouse: Path, wh: Path) -> Path:
    """A private copy of the session's fixture warehouse (one good run already published)."""
    shutil.copytree(fixture_warehouse, wh, symlinks=True)
    first = warehouse.current_snapshot(wh)
    assert first is not None and first.is_relative_to(wh.resolve())
    assert [r["status"] for r in warehouse.read_runs(wh)] == ["succeeded"]
    return first


def _data_files(snapshot: Path) -> dict[str, str]:
    digest = tree_digest(snapshot)
    assert "warehouse.duckdb" in digest
    assert sum(name.startswith("parquet/") for name in digest) >= 29  # 21 tables + 8 views
    return digest


def _in_tmp(wh: Path) -> list[Path]:
    """Work folders of runs under <warehouse>/tmp (none when tmp/ does not exist)."""
    tmp = wh / "tmp"
    return sorted(tmp.iterdir()) if tmp.is_dir() else []


def _readable(snapshot: Path) -> None:
    """The snapshot opens read-only and its views answer."""
    con = duckdb.connect(str(snapshot / warehouse.DB_NAME), read_only=True)
    try:
        assert con.sql("select count(*) from v_partner_overlap").fetchall() == [(3,)]
        assert con.sql("select count(*) from v_target_progress").fetchall() == [(9,)]
    finally:
        con.close()


def test_failed_run_leaves_current_byte_for_byte(
    copy_facts: Callable[..., Path], tmp_path: Path, fixture_warehouse: Path
) -> None:
    wh = tmp_path / "wh"
    first = _published(fixture_warehouse, wh)
    before = _data_files(first)
    link = os.readlink(wh / "current")

    broken = copy_facts()
    replace_in(broken / "targets.yaml", "value_low: 30, value_high: 40", "value_low: 45")
    with pytest.raises(InvalidFacts):
        publish.run(broken, wh)

    assert os.readlink(wh / "current") == link
    assert warehouse.current_snapshot(wh) == first
    assert warehouse.snapshots(wh) == [first]
    assert tree_digest(first) == before
    _readable(first)
    runs = warehouse.read_runs(wh)
    assert [r["status"] for r in runs] == ["succeeded", "failed"]
    assert "comparison 'range' needs value_high" in runs[-1]["error"]
    assert runs[-1].get("snapshot") is None
    assert _in_tmp(wh) == []  # the failed build left nothing behind


@pytest.mark.parametrize("stage", ["validate", "load", "publish"])
def test_run_killed_at_any_stage_leaves_current_intact(
    stage: str, tmp_path: Path, fixture_warehouse: Path
) -> None:
    wh = tmp_path / "wh"
    first = _published(fixture_warehouse, wh)
    before = _data_files(first)
    link = os.readlink(wh / "current")
    history = warehouse.read_runs(wh)

    with PausedRun(FIXTURE_FACTS, wh, stage) as paused:
        paused.wait_paused()
        partial = _in_tmp(wh)
        paused.kill()
    # From 'load' on, the run had started building its snapshot in tmp/ when it was killed.
    assert bool(partial) == (stage in ("load", "publish"))

    assert os.readlink(wh / "current") == link
    assert warehouse.current_snapshot(wh) == first
    assert warehouse.snapshots(wh) == [first]
    assert tree_digest(first) == before
    _readable(first)
    assert warehouse.read_runs(wh) == history  # a killed run could record nothing

    second = _publish(FIXTURE_FACTS, wh)
    assert second != first
    assert os.readlink(wh / "current") == f"snapshots/{second.name}"
    assert warehouse.snapshots(wh) == [first, second]
    assert _in_tmp(wh) == []  # the killed run's leftovers are gone
    _readable(second)
    assert tree_digest(first) == before  # the older snapshot is kept as it was


def test_second_run_while_locked_exits_3(tmp_path: Path, fixture_warehouse: Path) -> None:
    wh = tmp_path / "wh"
    first = _published(fixture_warehouse, wh)

    with PausedRun(FIXTURE_FACTS, wh, "validate") as holder:
        holder.wait_paused()
        busy = run_cli(FIXTURE_FACTS, wh, "run")
        assert busy.returncode == 3, busy.stderr
        assert busy.stderr.startswith("ETL not started: another ETL run holds")
        with pytest.raises(publish.EtlBusy):
            publish.run(FIXTURE_FACTS, wh)
        assert warehouse.current_snapshot(wh) == first
        holder.kill()

    # The killed holder's lock went with its process: the next run gets it.
    done = run_cli(FIXTURE_FACTS, wh, "run")
    assert done.returncode == 0, done.stderr
    assert warehouse.current_snapshot(wh) != first

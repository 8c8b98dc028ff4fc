"""The ``sti-etl`` command line, run as a separate process: exit codes and what it prints."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from etl import warehouse
from tests.foundation.etl_support import FIXTURE_FACTS, replace_in, run_cli

RUN_LINE = re.compile(r"^\s+\d{8}T\d{12}Z\s+\w+")


def _break(facts: Path) -> None:
    """One unknown partner in links.yaml, record l1, field partner."""
    replace_in(facts / "links.yaml", "partner: AAA", "partner: ZZZ")


def test_validate_good_facts(tmp_path: Path) -> None:
    done = run_cli(FIXTURE_FACTS, tmp_path / "wh", "validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Facts are valid:")
    assert "targets 9" in done.stdout and "observations 18" in done.stdout
    assert not (tmp_path / "wh").exists()  # validate publishes nothing


def test_validate_broken_facts_exits_1_naming_file_record_field(
    copy_facts: Callable[..., Path], tmp_path: Path
) -> None:
    facts = copy_facts()
    _break(facts)
    done = run_cli(facts, tmp_path / "wh", "validate")
    assert done.returncode == 1
    assert "links.yaml: record 'l1' (#1): field 'partner': unknown partner 'ZZZ'" in done.stderr
    assert done.stdout == ""


def test_run_broken_facts_exits_1_and_publishes_nothing(
    copy_facts: Callable[..., Path], tmp_path: Path
) -> None:
    facts = copy_facts()
    _break(facts)
    wh = tmp_path / "wh"
    done = run_cli(facts, wh, "run")
    assert done.returncode == 1
    assert "1 problem(s) in the curated facts" in done.stderr
    assert "links.yaml: record 'l1' (#1): field 'partner': unknown partner 'ZZZ'" in done.stderr
    assert "Nothing was published" in done.stderr
    assert warehouse.current_snapshot(wh) is None
    assert warehouse.snapshots(wh) == []
    [failed] = warehouse.read_runs(wh)
    assert failed["status"] == "failed"
    assert "unknown partner 'ZZZ'" in failed["error"]


def test_run_good_facts_exits_0_then_runs_lists_history(
    copy_facts: Callable[..., Path], tmp_path: Path
) -> None:
    wh = tmp_path / "wh"
    good = run_cli(FIXTURE_FACTS, wh, "run")
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("Published snapshot ")
    first = warehouse.current_snapshot(wh)
    assert first is not None and first.name in good.stdout

    broken = copy_facts()
    _break(broken)
    bad = run_cli(broken, wh, "run")
    assert bad.returncode == 1
    assert warehouse.current_snapshot(wh) == first

    listing = run_cli(FIXTURE_FACTS, wh, "runs")
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.startswith(f"Current snapshot: {first.name}\n")
    # One line per run, oldest first: "  <run_id>  <status>  <finished>  <first line of error>"
    runs = [line.split() for line in listing.stdout.splitlines() if RUN_LINE.match(line)]
    assert [r[:2] for r in runs[:1]] == [[first.name, "succeeded"]]
    assert len(runs) == 2 and runs[1][1] == "failed"
    assert "1 problem(s) in the curated facts" in listing.stdout

    as_json = json.loads(run_cli(FIXTURE_FACTS, wh, "runs", "--json").stdout)
    assert as_json["current"] == first.name
    assert [r["status"] for r in as_json["runs"]] == ["succeeded", "failed"]
    assert "unknown partner 'ZZZ'" in as_json["runs"][1]["error"]


def test_runs_before_any_run(tmp_path: Path) -> None:
    done = run_cli(FIXTURE_FACTS, tmp_path / "wh", "runs")
    assert done.returncode == 0
    assert done.stdout.startswith("Current snapshot: (none yet)\n")
    assert not any(RUN_LINE.match(line) for line in done.stdout.splitlines())


def test_other_failure_exits_2(tmp_path: Path) -> None:
    # The warehouse path is a file, so the run cannot create its folders.
    not_a_folder = tmp_path / "wh"
    not_a_folder.write_text("a file\n")
    done = run_cli(FIXTURE_FACTS, not_a_folder, "run")
    assert done.returncode == 2
    assert done.stderr.startswith("ETL failed: ")
    assert "Nothing was published" in done.stderr

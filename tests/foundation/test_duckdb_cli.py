"""A real DuckDB 1.x client (the duckdb CLI from PyPI) reads what the ETL publishes: the
warehouse file (written with storage_compatibility_version v1.2.0) and the Parquet exports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from etl import warehouse
from etl.contracts import contracts

OBJECTS = [c.name for c in (*contracts("table"), *contracts("view"))]


def _cli() -> str:
    beside = Path(sys.executable).parent / "duckdb"
    found = str(beside) if beside.is_file() else shutil.which("duckdb")
    if found is None:
        pytest.skip("no duckdb CLI: install the test dependencies (duckdb-cli) to run this test")
    return found


def _run(*args: str) -> str:
    done = subprocess.run([_cli(), *args], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout


def _json_results(out: str) -> list[list[dict[str, Any]]]:
    """The CLI's -json output: one JSON array per statement, one after the other."""
    decoder, results, pos = json.JSONDecoder(), [], 0
    while pos < len(out.rstrip()):
        while out[pos].isspace():
            pos += 1
        value, pos = decoder.raw_decode(out, pos)
        results.append(value)
    return results


def test_cli_is_a_duckdb_1_client() -> None:
    version = _run("--version")
    assert version.startswith("v1."), version


def test_cli_reads_every_table_and_view(
    fixture_warehouse: Path, fixture_db: duckdb.DuckDBPyConnection
) -> None:
    db = warehouse.current_db(fixture_warehouse)
    assert db is not None
    script = " ".join(f"select * from {name};" for name in OBJECTS)
    results = _json_results(_run("-readonly", "-json", str(db), "-c", script))
    assert len(results) == len(OBJECTS)
    for name, rows in zip(OBJECTS, results, strict=True):
        expected = fixture_db.sql(f"select * from {name}")
        assert rows, f"the 1.x client read no rows from {name}"
        assert len(rows) == len(expected.fetchall()), name
        assert list(rows[0]) == expected.columns, name
    # Values survive the round trip, not just row counts.
    overlap = results[OBJECTS.index("v_partner_overlap")]
    assert {(r["partner_a"], r["partner_b"], r["jaccard"]) for r in overlap} == {
        ("AAA", "BBB", 0.6667),
        ("AAA", "ORG", 0.0),
        ("BBB", "ORG", 0.0),
    }


def test_cli_reads_the_parquet_exports(
    fixture_warehouse: Path, fixture_db: duckdb.DuckDBPyConnection
) -> None:
    snapshot = warehouse.current_snapshot(fixture_warehouse)
    assert snapshot is not None
    files = {p.stem: p for p in (snapshot / "parquet").glob("*.parquet")}
    assert sorted(files) == sorted(OBJECTS)
    query = " union all ".join(
        f"select '{name}' as name, count(*) as n from read_parquet('{files[name]}')"
        for name in OBJECTS
    )
    out = _run("-csv", "-noheader", "-c", f"{query};")
    counts = dict(line.rsplit(",", 1) for line in out.splitlines())
    for name in OBJECTS:
        [(n,)] = fixture_db.sql(f"select count(*) from {name}").fetchall()
        assert int(counts[name]) == n > 0, name

"""Shared fixtures of the data-foundation tests.

Two warehouses are built once per session with the real ETL (:func:`etl.publish.run`): one from
the hand-made facts in ``tests/fixtures/facts`` (view outputs worked out by hand) and one from
the curated seed facts in ``data/facts``. Both live in temporary folders; ``data/warehouse`` is
never touched. Tests that change facts or warehouses copy them into their own ``tmp_path``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from etl import publish, warehouse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_FACTS = PROJECT_ROOT / "tests" / "fixtures" / "facts"
SEED_FACTS = PROJECT_ROOT / "data" / "facts"

# Settings that would change what a test run sees: STI_ETL_PAUSE_AT would put an in-process run
# to sleep for an hour.
ISOLATED_SETTINGS = (
    "STI_FACTS_DIR",
    "STI_WAREHOUSE_DIR",
    "STI_ETL_PAUSE_AT",
    "STI_ETL_LOCK_TIMEOUT",
    "STI_KEEP_SNAPSHOTS",
)


def _build(facts: Path, wh: Path) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        for name in ISOLATED_SETTINGS:
            mp.delenv(name, raising=False)
        result = publish.run(facts, wh)
    assert result.status == "succeeded"
    assert warehouse.current_db(wh) is not None
    return wh


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Warehouse folder built once from tests/fixtures/facts (read it, do not change it)."""
    return _build(FIXTURE_FACTS, tmp_path_factory.mktemp("fixture-warehouse"))


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Warehouse folder built once from the curated seed facts in data/facts."""
    return _build(SEED_FACTS, tmp_path_factory.mktemp("seed-warehouse"))


def _connect(wh: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    db = warehouse.current_db(wh)
    assert db is not None
    con = duckdb.connect(str(db), read_only=True)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(scope="session")
def fixture_db(fixture_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the fixture warehouse's current snapshot."""
    yield from _connect(fixture_warehouse)


@pytest.fixture(scope="session")
def seed_db(seed_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the seed warehouse's current snapshot."""
    yield from _connect(seed_warehouse)


@pytest.fixture
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Remove the STI_* settings of the developer's shell for one test, and point
    STI_WAREHOUSE_DIR into its tmp_path so a run that forgot its warehouse argument can never
    write into data/warehouse (subprocesses inherit this environment)."""
    for name in ISOLATED_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STI_WAREHOUSE_DIR", str(tmp_path / "default-warehouse"))


@pytest.fixture
def copy_facts(tmp_path: Path) -> Callable[..., Path]:
    """Copy a facts folder (the fixture facts unless told otherwise) into tmp_path for editing."""

    def copy(source: Path = FIXTURE_FACTS, name: str = "facts") -> Path:
        target = tmp_path / name
        shutil.copytree(source, target)
        return target

    return copy

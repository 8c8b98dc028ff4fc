"""Fixtures for dashboard tests without a browser: warehouses built by the real ETL, served to
``dashboard.data.query`` through STI_WAREHOUSE_DIR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.publish import run as run_etl

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed_warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wh = tmp_path_factory.mktemp("dash-seed-warehouse")
    run_etl(ROOT / "data" / "facts", wh)
    return wh


@pytest.fixture(scope="session")
def fixture_warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wh = tmp_path_factory.mktemp("dash-fixture-warehouse")
    run_etl(ROOT / "tests" / "fixtures" / "facts", wh)
    return wh


@pytest.fixture
def seed_data(seed_warehouse_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Queries in this test read the warehouse built from data/facts."""
    monkeypatch.setenv("STI_WAREHOUSE_DIR", str(seed_warehouse_dir))
    yield seed_warehouse_dir


@pytest.fixture
def fixture_data(fixture_warehouse_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Queries in this test read the warehouse built from tests/fixtures/facts."""
    monkeypatch.setenv("STI_WAREHOUSE_DIR", str(fixture_warehouse_dir))
    yield fixture_warehouse_dir

"""The same facts always give the same warehouse: every table but the run history is identical
between two runs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl import publish, warehouse
from etl.contracts import contracts
from tests.foundation.etl_support import FIXTURE_FACTS, RUN_TABLES, SEED_FACTS

DATA_TABLES = [c.name for c in contracts("table") if c.name not in RUN_TABLES]


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.sql(f"select * from {t} order by all").fetchall() for t in DATA_TABLES}
    finally:
        con.close()


@pytest.mark.parametrize(
    ("facts", "built"),
    [(FIXTURE_FACTS, "fixture_warehouse"), (SEED_FACTS, "seed_warehouse")],
    ids=["fixture", "seed"],
)
def test_two_runs_give_identical_tables(
    facts: Path, built: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    first_db = warehouse.current_db(request.getfixturevalue(built))
    assert first_db is not None
    second = publish.run(facts, tmp_path / "again")
    assert second.snapshot is not None

    first, again = _contents(first_db), _contents(second.snapshot / warehouse.DB_NAME)
    assert len(DATA_TABLES) == 18
    for table in DATA_TABLES:
        assert first[table], f"{table} is empty: nothing compared"
        assert first[table] == again[table], f"{table} differs between two runs"
    # Row counts recorded in the manifest agree too.
    one = warehouse.manifest(first_db.parent)
    two = warehouse.manifest(second.snapshot)
    assert one["rows"] == two["rows"]
    assert one["inputs_sha256"] == two["inputs_sha256"]

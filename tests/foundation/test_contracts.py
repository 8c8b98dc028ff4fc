"""Contracts (sql/tables/*.yml, sql/views/*.yml) agree with the built warehouse: same objects,
same columns in the same order, every comment present, and every column test holds on the real
seed warehouse and on the fixture warehouse. The catalogue is also pinned by a golden file."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import duckdb
import pytest
import yaml

from etl.contracts import Contract, contracts, sql_literal
from tests.foundation.etl_support import PROJECT_ROOT

ALL = [*contracts("table"), *contracts("view")]
GOLDEN_DIR = PROJECT_ROOT / "tests" / "golden"
SQL = PROJECT_ROOT / "sql"


def _load_regenerate() -> Any:
    spec = importlib.util.spec_from_file_location("golden_regenerate", GOLDEN_DIR / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regenerate = _load_regenerate()


def test_contract_files_use_only_known_keys() -> None:
    # An unquoted comma in a flow mapping ({name: x, description: a, b}) silently cuts the
    # description at the comma and turns the rest into a key: every key must be a known one.
    column_keys = {"name", "description", "tests"}
    group_keys = {"date_group", "what", "inferred"}
    files = [p for kind in ("tables", "views") for p in sorted((SQL / kind).glob("*.yml"))]
    assert len(files) == len(ALL)
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(doc) <= {"description", "columns", "depends_on", "example"}, path
        for entry in doc["columns"]:
            allowed = group_keys if "date_group" in entry else column_keys
            assert set(entry) <= allowed, f"{path.name}: unexpected keys in {entry}"
            for test in entry.get("tests", []):
                if isinstance(test, dict):
                    [(kind, arg)] = test.items()
                    assert kind in ("accepted_values", "relationships"), (path.name, test)
                    if kind == "accepted_values":
                        assert all(isinstance(v, str) for v in arg), (path.name, test)
                    else:
                        assert set(arg) == {"to", "field"}, (path.name, test)
                else:
                    assert test in ("not_null", "unique"), (path.name, test)


def test_catalogue_holds_exactly_the_contracted_objects(
    fixture_db: duckdb.DuckDBPyConnection,
) -> None:
    tables = {r[0] for r in fixture_db.sql("select table_name from duckdb_tables()").fetchall()}
    views = {
        r[0]
        for r in fixture_db.sql(
            "select view_name from duckdb_views() where not internal"
        ).fetchall()
    }
    assert tables == {c.name for c in contracts("table")}
    assert views == {c.name for c in contracts("view")}
    assert len(views) == 8


@pytest.mark.parametrize("contract", ALL, ids=lambda c: c.name)
def test_columns_and_comments_match_the_contract(
    contract: Contract, fixture_db: duckdb.DuckDBPyConnection
) -> None:
    columns = fixture_db.execute(
        "select column_name, comment from duckdb_columns() "
        "where table_name = ? and schema_name = 'main' order by column_index",
        [contract.name],
    ).fetchall()
    assert [name for name, _ in columns] == [c.name for c in contract.columns]
    for (name, comment), col in zip(columns, contract.columns, strict=True):
        assert comment and comment.strip(), f"{contract.name}.{name} has no comment"
        assert comment == col.description, f"{contract.name}.{name}"
    catalogue = (
        "duckdb_tables() where table_name"
        if contract.kind == "table"
        else ("duckdb_views() where view_name")
    )
    [(comment,)] = fixture_db.execute(
        f"select comment from {catalogue} = ?", [contract.name]
    ).fetchall()
    assert comment and comment.strip(), f"{contract.name} has no comment"
    assert comment == contract.description


def test_catalogue_matches_golden_file(fixture_db: duckdb.DuckDBPyConnection) -> None:
    golden = json.loads((GOLDEN_DIR / "catalogue.json").read_text(encoding="utf-8"))
    actual = regenerate.catalogue(fixture_db)
    if actual != golden:
        key = ("object", "column", "type")
        now = {tuple(r[k] for k in key) for r in actual}
        was = {tuple(r[k] for k in key) for r in golden}
        pytest.fail(
            "the warehouse catalogue differs from tests/golden/catalogue.json\n"
            f"  added:   {sorted(now - was)}\n  removed: {sorted(was - now)}\n"
            "(order may differ too). If the change is intended, run "
            "`.venv/bin/python tests/golden/regenerate.py` and review the diff."
        )
    assert len(golden) == 302


def _column_test_sql(obj: str, col: str, test: Any) -> str:
    """A query returning the rows that break ``test`` (none when it holds)."""
    if test == "not_null":
        return f"select * from {obj} where {col} is null"
    if test == "unique":
        return (
            f"select {col}, count(*) as n from {obj} where {col} is not null "
            f"group by {col} having count(*) > 1"
        )
    [(kind, arg)] = test.items()
    if kind == "accepted_values":
        values = ", ".join(sql_literal(v) for v in arg)
        return (
            f"select {col}, count(*) as n from {obj} "
            f"where {col} is not null and {col} not in ({values}) group by {col}"
        )
    if kind == "relationships":
        return (
            f"select o.* from {obj} as o where o.{col} is not null and not exists "
            f"(select 1 from {arg['to']} as r where r.{arg['field']} = o.{col})"
        )
    raise AssertionError(f"unknown column test {test!r}")


def _test_name(test: Any) -> str:
    return test if isinstance(test, str) else next(iter(test))


COLUMN_TESTS = [
    pytest.param(c.name, col.name, test, id=f"{c.name}.{col.name}:{_test_name(test)}")
    for c in ALL
    for col in c.columns
    for test in col.tests
]


def test_every_kind_of_column_test_is_used() -> None:
    assert {_test_name(t) for _, _, t in (p.values for p in COLUMN_TESTS)} == {
        "not_null",
        "unique",
        "accepted_values",
        "relationships",
    }


@pytest.mark.parametrize("built", ["seed_db", "fixture_db"], ids=["seed", "fixture"])
@pytest.mark.parametrize(("obj", "col", "test"), COLUMN_TESTS)
def test_column_test_holds(
    built: str, obj: str, col: str, test: Any, request: pytest.FixtureRequest
) -> None:
    con: duckdb.DuckDBPyConnection = request.getfixturevalue(built)
    sql = _column_test_sql(obj, col, test)
    rel = con.sql(sql)
    offending = rel.limit(20).fetchall()
    if offending:
        header = [d[0] for d in rel.description]
        shown = "\n".join(f"  {dict(zip(header, row, strict=True))}" for row in offending)
        print(f"{obj}.{col} {test}: offending rows\n{shown}")
        pytest.fail(f"{obj}.{col} fails {test} ({sql}):\n{shown}")

"""Regenerate ``tests/golden/catalogue.json``: the warehouse catalogue (every table and view,
each column and its type, in order) that ``test_contracts.py`` compares against.

Run it from the project root after an intended change to ``sql/tables`` or ``sql/views``::

    .venv/bin/python tests/golden/regenerate.py

It builds a warehouse from tests/fixtures/facts with the real ETL in a temporary folder (never
data/warehouse) and rewrites the JSON; review the diff in git before committing it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb

GOLDEN = Path(__file__).resolve().parent / "catalogue.json"
PROJECT_ROOT = Path(__file__).resolve().parents[2]

CATALOGUE_SQL = """
select
    c.table_name as object,
    case when v.view_name is null then 'table' else 'view' end as kind,
    c.column_name as column,
    c.data_type as type
from duckdb_columns() as c
left join duckdb_views() as v
    on c.table_name = v.view_name and c.schema_name = v.schema_name
where c.database_name = current_database() and c.schema_name = 'main'
order by kind, object, c.column_index
"""


def catalogue(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every column of every table and view of the warehouse behind ``con``."""
    rel = con.sql(CATALOGUE_SQL)
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def to_json(rows: list[dict[str, Any]]) -> str:
    """A JSON list with one column per line, so a change shows as a one-line diff."""
    lines = ",\n".join(" " + json.dumps(row, ensure_ascii=False) for row in rows)
    return f"[\n{lines}\n]\n"


def main() -> int:
    sys.path.insert(0, str(PROJECT_ROOT))
    from etl import publish

    with tempfile.TemporaryDirectory() as tmp:
        result = publish.run(PROJECT_ROOT / "tests" / "fixtures" / "facts", Path(tmp))
        assert result.snapshot is not None
        con = duckdb.connect(str(result.snapshot / "warehouse.duckdb"), read_only=True)
        try:
            rows = catalogue(con)
        finally:
            con.close()
    GOLDEN.write_text(to_json(rows), encoding="utf-8")
    print(f"wrote {len(rows)} columns to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

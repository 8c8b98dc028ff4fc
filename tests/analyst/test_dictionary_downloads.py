"""Data dictionary and downloads, in-process on the seed warehouse: every table, view and column of
DuckDB's catalogue is on the page with its description; the dictionary downloads as CSV and
Markdown; every table and view downloads as Parquet and CSV with the right row count; unknown
names and paths are refused."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from dashboard import analyst
from etl import warehouse
from etl.contracts import contracts


@pytest.fixture(scope="module")
def catalogue(analyst_warehouse: Path) -> dict[str, Any]:
    """Objects and columns with their comments, straight from DuckDB."""
    db = warehouse.current_db(analyst_warehouse)
    with duckdb.connect(":memory:") as con:
        con.execute(f"attach '{db}' as w (read_only)")
        objects = con.sql(
            "select table_name, comment from duckdb_tables() where database_name = 'w' "
            "union all select view_name, comment from duckdb_views() "
            "where database_name = 'w' and not internal"
        ).fetchall()
        columns = con.sql(
            "select table_name, column_name, data_type, comment from duckdb_columns() "
            "where database_name = 'w'"
        ).fetchall()
        counts = {
            name: con.sql(f"select count(*) from w.main.{name}").fetchall()[0][0]
            for name, _ in objects
        }
    return {"objects": dict(objects), "columns": columns, "counts": counts}


@pytest.fixture
def client(seed_app: Any) -> Iterator[Any]:
    yield seed_app


def walk(component: Any) -> Iterator[Any]:
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from walk(child)


def texts(component: Any) -> str:
    return " ".join(c for c in walk(component) if isinstance(c, str))


def prop(component: Any, name: str) -> Any:
    """A component's property, wildcard ones (data-*, aria-*) included."""
    if isinstance(component, str | int | float) or component is None:
        return None
    return component.to_plotly_json()["props"].get(name)


def test_every_object_and_column_has_a_comment(catalogue: dict[str, Any]) -> None:
    assert all(catalogue["objects"].values())
    assert all(comment for *_, comment in catalogue["columns"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dictionary_page_lists_every_object_and_column(
    client: Any, catalogue: dict[str, Any], lang: str
) -> None:
    from dashboard.app import app

    page = sys.modules["pages.dictionary"]
    with app.server.test_request_context(f"/dictionary?lang={lang}"):
        root = page.layout(lang=lang)
    sections = {
        prop(c, "id"): c for c in walk(root) if "dictionary-entry" in str(prop(c, "className"))
    }
    assert len(sections) == len(catalogue["objects"])
    for name, description in catalogue["objects"].items():
        section = sections[f"dictionary-{name}"]
        body = texts(section)
        assert name in body and description in body
    for table, column, data_type, comment in catalogue["columns"]:
        body = texts(sections[f"dictionary-{table}"])
        assert column in body and data_type in body and comment in body, (table, column)
    # analyst views first, then tables
    kinds = [prop(s, "data-kind") for s in sections.values()]
    assert kinds == sorted(kinds, key=lambda k: k != "view") and kinds[0] == "view"


def test_dictionary_examples_come_from_the_contracts(client: Any) -> None:
    from dashboard.app import app

    with app.server.test_request_context("/dictionary"):
        entries = {e.name: e for e in analyst.dictionary()}
    for view in contracts("view"):
        assert entries[view.name].example == view.example
    assert entries["source"].example == "select * from source limit 10"


def test_every_dictionary_example_runs(client: Any, seed_db_path: Path) -> None:
    from dashboard import console
    from dashboard.app import app

    with app.server.test_request_context("/dictionary"):
        entries = analyst.dictionary()
    with duckdb.connect() as con:
        for e in entries:
            console.check(con, e.example)  # one SELECT, nothing forbidden
    # and each returns on the real warehouse through the engine (a few, to keep it quick)
    for e in [x for x in entries if x.kind == "view"][:3]:
        assert console.run(e.example, {}, seed_db_path, console.Limits.display()).total_rows > 0


def test_dictionary_csv_and_markdown(client: Any, catalogue: dict[str, Any]) -> None:
    response = client.get("/warehouse/dictionary.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == len(catalogue["columns"])
    got = {(r["object"], r["column"]): (r["type"], r["column_description"]) for r in rows}
    for table, column, data_type, comment in catalogue["columns"]:
        assert got[(table, column)] == (data_type, comment)
    md = client.get("/warehouse/dictionary.md")
    assert md.status_code == 200 and md.headers["Content-Type"].startswith("text/markdown")
    text = md.data.decode("utf-8")
    for name in catalogue["objects"]:
        assert f"### `{name}`" in text
    assert text.index("## Analyst views") < text.index("## Tables")


def test_each_table_and_view_downloads_with_its_rows(
    client: Any, catalogue: dict[str, Any]
) -> None:
    assert set(catalogue["objects"]) == analyst.known_objects()
    for name, n in catalogue["counts"].items():
        parquet = client.get(f"/warehouse/{name}.parquet")
        assert parquet.status_code == 200, name
        disposition = parquet.headers["Content-Disposition"]
        assert disposition.startswith("attachment") and f"{name}.parquet" in disposition
        assert pq.read_table(io.BytesIO(parquet.data)).num_rows == n, name
        parquet.close()
        got = client.get(f"/warehouse/{name}.csv")
        assert got.status_code == 200, name
        assert got.data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(got.data.decode("utf-8-sig"))))
        assert len(rows) == n + 1, name  # header + rows
        assert "X-Snapshot" in got.headers


@pytest.mark.parametrize(
    "path",
    [
        "/warehouse/nope.csv",
        "/warehouse/source.json",
        "/warehouse/source.duckdb",
        "/warehouse/warehouse.duckdb",
        "/warehouse/manifest.json",
        "/warehouse/../manifest.json",
        "/warehouse/..%2Fmanifest.json",
        "/warehouse/..%2F..%2Fruns.jsonl",
        "/warehouse/%2E%2E/warehouse.duckdb",
        "/warehouse/parquet/source.parquet",
        "/warehouse/source.parquet/../../manifest.json",
        "/warehouse/..%5Cmanifest.json",
        "/warehouse/dictionary.parquet",
        "/warehouse/SOURCE.csv",
        "/warehouse/source%00.csv",
    ],
)
def test_unknown_names_and_paths_are_refused(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404), (path, response.status_code)
    assert b"PAR1" not in response.data[:4] and b"run_id" not in response.data


def test_unknown_names_through_the_helper() -> None:
    from werkzeug.exceptions import NotFound

    for name in ("../manifest", "..", "source/../target", "", "etl_run/x"):
        with pytest.raises(NotFound):
            analyst.warehouse_file("20990101T000000Z", name)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_downloads_page_links_every_object(
    client: Any, catalogue: dict[str, Any], lang: str
) -> None:
    from dashboard.app import app

    page = sys.modules["pages.downloads"]
    with app.server.test_request_context(f"/downloads?lang={lang}"):
        root = page.layout(lang=lang)
    hrefs = {prop(c, "href") for c in walk(root)}
    for name, n in catalogue["counts"].items():
        assert f"/warehouse/{name}.parquet" in hrefs and f"/warehouse/{name}.csv" in hrefs
        row = next(c for c in walk(root) if prop(c, "data-object") == name)
        assert (f"{n:,}".replace(",", "." if lang == "vi" else ",")) in texts(row)
    assert "/warehouse/dictionary.csv" in hrefs and "/warehouse/dictionary.md" in hrefs


def test_pages_answer_over_http(client: Any) -> None:
    for path in ("/dictionary?lang=vi", "/console?lang=en", "/downloads?lang=vi"):
        assert client.get(path).status_code == 200

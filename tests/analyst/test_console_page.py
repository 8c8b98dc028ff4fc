"""The console page and its named examples, in-process on the seed warehouse: each example's
parameters match its SQL and it returns rows with its defaults; the layout prefills what the URL
asks for; the callback shows rows or a message; the page says when the console is off."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest

from dashboard import analyst, console
from etl.settings import sql_dir


@pytest.fixture(scope="module")
def mod() -> ModuleType:
    from dashboard.app import app  # noqa: F401 - imports the pages

    return sys.modules["pages.console"]


@pytest.fixture
def ctx(seed_app: Any) -> Iterator[None]:
    from dashboard.app import app

    with app.server.test_request_context("/console"):
        yield


def walk(component: Any) -> Iterator[Any]:
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from walk(child)


def find(root: Any, cid: Any) -> Any:
    found = [c for c in walk(root) if getattr(c, "id", None) == cid]
    assert found, cid
    return found[0]


def test_every_example_file_is_listed_and_its_parameters_match() -> None:
    files = {
        p.stem.removeprefix("console_example_")
        for p in (sql_dir() / "queries").glob("console_example_*.sql")
    }
    listed = set(analyst.examples())
    choices = {
        p.choices_query for e in analyst.examples().values() for p in e.params if p.choices_query
    }
    assert files == listed | {c.removeprefix("console_example_") for c in choices}
    con = duckdb.connect()
    for example in analyst.examples().values():
        (statement,) = con.extract_statements(example.sql)
        assert set(statement.named_parameters) == {p.name for p in example.params}, example.key
        assert example.title["vi"] and example.title["en"] and example.description["vi"]
        for p in example.params:
            assert p.label["vi"] and p.label["en"] and p.default


@pytest.mark.parametrize("key", list(analyst.examples()))
def test_every_example_runs_with_its_defaults(key: str, seed_db_path: Path) -> None:
    example = analyst.examples()[key]
    params = {p.name: p.default for p in example.params}
    result = console.run(example.sql, params, seed_db_path, console.Limits.display())
    assert result.total_rows > 0


def test_parameter_choices(ctx: None) -> None:
    partner = analyst.examples()["partner_domains"].params[0]
    choices = dict(analyst.param_choices(partner, "vi"))
    assert choices["KOR"] == "Hàn Quốc"
    assert dict(analyst.param_choices(partner, "en"))["KOR"] == "Republic of Korea"
    status = analyst.examples()["targets_by_status"].params[0]
    assert ("achieved", "achieved") in analyst.param_choices(status, "en")


def test_layout_opens_the_first_example(mod: ModuleType, ctx: None) -> None:
    root = mod.layout(lang="vi")
    first = next(iter(analyst.examples().values()))
    assert find(root, "console-sql").value == first.sql
    assert find(root, {"type": "console-param", "name": "partner"}).value == "KOR"
    assert find(root, "console-lang").data == "vi"


def test_layout_takes_sql_or_an_example_from_the_url(mod: ModuleType, ctx: None) -> None:
    root = mod.layout(lang="en", sql="select 42")
    assert find(root, "console-sql").value == "select 42"
    assert not [c for c in walk(root) if isinstance(getattr(c, "id", None), dict)]
    root = mod.layout(lang="en", example="laws_by_stage", p_stage="adopted")
    assert "v_legal_instruments" in find(root, "console-sql").value
    assert find(root, {"type": "console-param", "name": "stage"}).value == "adopted"
    assert find(root, {"type": "console-param", "name": "jurisdiction"}).value == "VN"
    root = mod.layout(lang="en", example="")  # "your own query"
    assert find(root, "console-sql").value == ""


def test_callback_shows_rows_then_a_message(mod: ModuleType, ctx: None) -> None:
    ids = [{"type": "console-param", "name": "partner"}]
    sql = analyst.examples()["partner_domains"].sql
    out = mod._run(1, sql, ["KOR"], ids, "en")
    status = find(out, "console-status")
    assert int(status.to_plotly_json()["props"]["data-rows"]) > 0
    assert find(out, "console-download").action == "/console/result"
    bad = mod._run(1, "select * from read_blob('/etc/shadow')", [], [], "vi")
    assert bad.id == "console-error" and "read_blob" in str(bad.children)
    empty = mod._run(1, "", [], [], "en")
    assert empty.to_plotly_json()["props"]["data-kind"] == "empty"


def test_page_says_when_the_console_is_off(
    mod: ModuleType, ctx: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STI_CONSOLE_ENABLED", "0")
    root = mod.layout(lang="vi")
    notice = find(root, "console-disabled")
    assert "tắt" in notice.children
    assert not [c for c in walk(root) if getattr(c, "id", None) == "console-sql"]
    off = mod._run(1, "select 1", [], [], "en")
    assert off.to_plotly_json()["props"]["data-kind"] == "disabled"


def test_numbers_in_each_language(mod: ModuleType) -> None:
    assert mod.number(1234567, "vi") == "1.234.567"
    assert mod.number(1234567, "en") == "1,234,567"
    assert mod.number(0.42, "vi", 1) == "0,4"


@pytest.mark.parametrize("kind", console.ConsoleError.KINDS)
def test_every_error_has_a_message_in_both_languages(kind: str) -> None:
    error = console.ConsoleError(kind, "detail")
    for lang in ("vi", "en"):
        message = analyst.error_message(error, lang)
        assert message and message != kind and "{" not in message


def test_console_runs_on_the_snapshot_the_page_shows(
    mod: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ?asof= an earlier kept snapshot, the console (through the page URL in the Referer,
    as for every callback) and its download form read that snapshot, not the current one."""
    from dashboard.app import app
    from etl.publish import run as run_etl
    from tests.conftest import FIXTURE_FACTS

    wh = tmp_path / "wh"
    first = run_etl(FIXTURE_FACTS, wh).run_id
    second = run_etl(FIXTURE_FACTS, wh).run_id
    assert first != second
    monkeypatch.setenv("STI_WAREHOUSE_DIR", str(wh))
    sql = "select max(run_id) as run from etl_run"
    for asof, expected in ((first, first), (None, second)):
        referer = "http://127.0.0.1/console?lang=en" + (f"&asof={asof}" if asof else "")
        with app.server.test_request_context(
            "/_dash-update-component", method="POST", headers={"Referer": referer}
        ):
            out = mod._run(1, sql, [], [], "en")
        assert expected in str(find(out, "console-status").children)
        assert find(out, "console-download-snapshot").value == expected
        assert expected in str(find(out, "console-table").children)


def test_result_view_says_when_counting_stopped(mod: ModuleType) -> None:
    import pyarrow as pa

    table = pa.table({"n": list(range(10))})
    result = console.Result(
        table=table,
        total_rows=12345,
        limits=None,
        types=["BIGINT"],
        counted=False,  # type: ignore[arg-type]
    )
    out = mod.result_view(result, "select 1", {}, "20260101T000000Z", "vi")
    text = str(out.to_plotly_json())
    assert "12.345" in text and "đếm dừng" in text
    assert "console-download" not in text  # nothing to download: it would run out of time too

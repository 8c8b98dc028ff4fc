"""The README stays true to the code: the two commands, every setting, every analyst example."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from etl.contracts import contracts
from etl.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_readme_gives_the_two_commands_first() -> None:
    commands = _section("Two commands")
    assert re.search(r"^\s+make run\b", commands, re.M)
    assert re.search(r"^\s+make test\b", commands, re.M)
    assert README.index("## Two commands") < README.index("## Layout")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    assert "apt-get install" in ci and "chromium" in ci


def test_every_setting_is_documented() -> None:
    table = _section("Settings")
    for name, setting in SETTINGS.items():
        row = re.search(rf"^\| `{name}` \| (.*?) \| (.*?) \|$", table, re.M)
        assert row, f"{name} is missing from the README's Settings table"
        assert row.group(2).strip(), f"{name} has no description in the README"
        shown = row.group(1).strip().strip("`")
        if setting.default == "":
            assert shown == "(empty)", f"{name}: the README shows default {shown!r}"
        else:  # path defaults are shown relative to the project
            assert setting.default.endswith(shown), f"{name}: README default {shown!r}"
    documented = set(re.findall(r"^\| `(STI_[A-Z_]+)`", table, re.M))
    assert documented == set(SETTINGS), "the README documents a setting the code does not have"


def test_settings_are_read_in_one_module_only() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("etl", "dashboard")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "settings.py" and re.search(r"os\.environ|getenv\(", p.read_text())
    ]
    assert offenders == []


def test_every_view_is_in_the_analyst_table() -> None:
    analysts = _section("For analysts")
    for view in contracts("view"):
        assert f"`{view.name}`" in analysts, f"{view.name} is not described for analysts"


EXAMPLES = re.findall(r"```sql\n(.*?)```", _section("For analysts"), re.S)


def test_there_are_analyst_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("sql", EXAMPLES, ids=[s.splitlines()[0][:60] for s in EXAMPLES])
def test_readme_analyst_example_returns_rows(seed_db: duckdb.DuckDBPyConnection, sql: str) -> None:
    rows = seed_db.sql(sql).fetchall()
    assert rows, "the README example returns no rows on the seed warehouse"


def test_readme_python_snippets_run(seed_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python examples run as written, from a folder laid out like the project."""
    monkeypatch.chdir(seed_warehouse.parent)
    link = seed_warehouse.parent / "data" / "warehouse"
    link.parent.mkdir(exist_ok=True)
    if not link.exists():
        link.symlink_to(seed_warehouse)
    for block in re.findall(r"```python\n(.*?)```", _section("For analysts"), re.S):
        namespace: dict[str, object] = {}
        exec(compile(block, "README", "exec"), namespace)  # the README's own code

"""Contracts of the warehouse: the ``.yml`` file beside each table's and view's ``.sql``.

A contract gives the object's description, every column's description and the tests that the
suite runs on it (not_null, unique, accepted_values, relationships). A ``date_group`` entry
stands for the columns of one partial date (``<name>_text``, ``_precision``, ``_start``,
``_end`` and, with ``inferred: true``, ``_inferred`` and ``_note``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from etl.settings import sql_dir

NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    tests: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Contract:
    name: str
    kind: str  # "table" or "view"
    description: str
    columns: tuple[Column, ...]
    depends_on: tuple[str, ...] = ()
    example: str | None = None
    sql_path: Path = field(default=Path())

    @property
    def sql(self) -> str:
        return self.sql_path.read_text(encoding="utf-8")


def _date_group(entry: dict[str, Any]) -> list[Column]:
    p, what = entry["date_group"], entry["what"]
    cols = [
        Column(
            f"{p}_text",
            f"The {what} as written in the fact file (YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD)",
        ),
        Column(
            f"{p}_precision",
            f"Precision of the {what}: day, month, year, day_month (year unknown) or unknown",
            ("not_null", {"accepted_values": ["day", "month", "year", "day_month", "unknown"]}),
        ),
        Column(f"{p}_start", f"First day the {what} can be; NULL when the year is unknown"),
        Column(f"{p}_end", f"Last day the {what} can be; NULL when the year is unknown"),
    ]
    if entry.get("inferred"):
        cols += [
            Column(
                f"{p}_inferred",
                f"True when the {what} was worked out rather than stated",
                ("not_null",),
            ),
            Column(f"{p}_note", f"Why and how the {what} was inferred, when it was"),
        ]
    return cols


def _load(path: Path, kind: str) -> Contract:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    columns: list[Column] = []
    for entry in doc["columns"]:
        if "date_group" in entry:
            columns += _date_group(entry)
        else:
            columns.append(
                Column(entry["name"], entry["description"], tuple(entry.get("tests", ())))
            )
    name = path.stem
    if not NAME.match(name):
        raise ValueError(f"{path}: '{name}' is not a valid object name")
    return Contract(
        name=name,
        kind=kind,
        description=doc["description"],
        columns=tuple(columns),
        depends_on=tuple(doc.get("depends_on", ())),
        example=doc.get("example"),
        sql_path=path.with_suffix(".sql"),
    )


@cache
def contracts(kind: str) -> tuple[Contract, ...]:
    """All contracts of ``kind`` ('table' or 'view'); views come in dependency order."""
    folder = sql_dir() / ("tables" if kind == "table" else "views")
    found = {c.name: c for c in (_load(p, kind) for p in sorted(folder.glob("*.yml")))}
    if kind == "table":
        return tuple(found.values())
    ordered: list[Contract] = []
    done: set[str] = set()

    def visit(c: Contract, path: tuple[str, ...]) -> None:
        if c.name in done:
            return
        if c.name in path:
            raise ValueError(f"views depend on each other in a cycle: {' -> '.join(path)}")
        for dep in c.depends_on:
            if dep in found:
                visit(found[dep], (*path, c.name))
        done.add(c.name)
        ordered.append(c)

    for c in found.values():
        visit(c, ())
    return tuple(ordered)


def sql_literal(text: str) -> str:
    """Quote text from a reviewed contract as a SQL string literal (COMMENT ON takes no
    parameters)."""
    return "'" + text.replace("'", "''") + "'"

"""The ETL's fast paths for large inputs (etl/bulk.py, the libyaml loader in etl/extract.py) give
exactly what the row-by-row code gives: the same problems, in the same order, with the same file,
record and field, and the same tables."""

from __future__ import annotations

import copy
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from etl import bulk
from etl.extract import extract, load_yaml_text
from etl.problems import InvalidFacts
from etl.transform import transform
from etl.validate import validate

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "facts"
SEED = ROOT / "data" / "facts"
HEADER = (
    "indicator,geography,period,period_precision,value,value_high,unit,measure,measure_note,"
    "source,confidence"
)


def outcome(raw_or_dir: Any, min_rows: int) -> tuple[str, Any]:
    """('invalid', problems) or ('valid', tables) with the bulk path on (0) or off (huge)."""
    saved = bulk.BULK_MIN_ROWS
    bulk.BULK_MIN_ROWS = min_rows
    try:
        raw = extract(raw_or_dir) if isinstance(raw_or_dir, Path) else raw_or_dir
        try:
            facts = validate(raw)
        except InvalidFacts as exc:
            return "invalid", exc.problems
        return "valid", transform(facts)
    finally:
        bulk.BULK_MIN_ROWS = saved


def assert_same(a: tuple[str, Any], b: tuple[str, Any]) -> None:
    assert a[0] == b[0], (a[0], b[0], a[1] if a[0] == "invalid" else b[1])
    if a[0] == "invalid":
        assert a[1] == b[1]
    else:
        assert a[1].keys() == b[1].keys()
        for name in a[1]:
            assert a[1][name].equals(b[1][name]), name
            assert a[1][name].schema == b[1][name].schema, name


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    generate(0.02, folder)
    return folder


def test_both_paths_build_the_same_tables(tiny: Path) -> None:
    for folder in (FIXTURE, SEED, tiny):
        fast, slow = outcome(folder, 0), outcome(folder, 10**9)
        assert fast[0] == "valid"
        assert_same(fast, slow)


def test_bulk_path_is_taken_only_for_plain_large_files(tmp_path: Path) -> None:
    rows = "".join(f"on_track,VN,{1900 + i},year,1,,percent,official,,s1,high\n" for i in range(3))
    text = HEADER + "\n" + rows
    saved = bulk.BULK_MIN_ROWS
    try:
        bulk.BULK_MIN_ROWS = 0
        assert bulk.read_csv("x.csv", text) is not None
        for odd in ('"', "\r", "\x00"):
            assert bulk.read_csv("x.csv", text.replace("official", f"off{odd}icial")) is None
        assert (
            bulk.read_csv("x.csv", text.replace("\non_track,VN,1901", "\n\non_track,VN,1901"))
            is None
        )
        assert bulk.read_csv("x.csv", text.replace("indicator,", "unit,")) is None  # repeated name
        bulk.BULK_MIN_ROWS = 4
        assert bulk.read_csv("x.csv", text) is None  # 3 rows: row by row
    finally:
        bulk.BULK_MIN_ROWS = saved


# --- every kind of cell, valid or not --------------------------------------------------------

CELLS = {
    "indicator": ["on_track", "ranked", "moderate", "nope", "", "null", "~", "on track", "x" * 81],
    "geography": ["VN", "VN", "XX", "vn", " VN", ""],
    "value": [
        "10",
        "0",
        "100",
        "100.5",
        "-1",
        "1e3",
        " 5",
        "abc",
        "",
        "nan",
        "007",
        "3.14159",
        "0.5",
        "1.",
        ".5",
        "99999999999999999999",
    ],
    "value_high": ["", "", "20", "5", "abc", "101", "12.5"],
    "unit": ["percent", "percent", "rank", "count", "Percent", ""],
    "measure": ["official", "survey", "other", ""],
    "measure_note": [
        "",
        "a note",
        " padded",
        "note\u00a0",
        "x\x1c",
        "ở đây",
        "null",
        "~",
        "—",
        "\u2003",
    ],
    "source": ["s1", "s2", "s1", "unknown-src", "", "s 1"],
    "confidence": ["high", "medium", "HIGH", ""],
}
PERIODS = [
    ("2020", "year"),
    ("2024-06", "month"),
    ("2024-02-29", "day"),
    ("2023-02-29", "day"),
    ("2024-13", "month"),
    ("--05-29", "day"),
    (" 2020", "year"),
    ("2020", "month"),
    ("1899", "year"),
    ("\u0662\u0660\u0662\u0660", "year"),
    ("2020-06-31", "day"),
    ("", "year"),
    ("2020", ""),
    ("1969-12", "month"),
    ("1900-01-01", "day"),
    ("2100", "year"),
]


@st.composite
def row(draw: st.DrawFn) -> str:
    values = {k: draw(st.sampled_from(v)) for k, v in CELLS.items()}
    period, precision = draw(st.sampled_from(PERIODS))
    cells = [
        values["indicator"],
        values["geography"],
        period,
        precision,
        values["value"],
        values["value_high"],
        values["unit"],
        values["measure"],
        values["measure_note"],
        values["source"],
        values["confidence"],
    ]
    shape = draw(st.sampled_from(["full", "full", "full", "short", "long"]))
    if shape == "short":
        cells = cells[: draw(st.integers(1, 10))]
    elif shape == "long":
        cells += ["surplus"]
    return ",".join(cells)


@pytest.fixture(scope="module")
def facts_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("facts") / "facts"
    shutil.copytree(FIXTURE, folder)
    return folder


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(row(), min_size=1, max_size=12),
    extra_column=st.booleans(),
    trailing_newline=st.booleans(),
)
def test_any_csv_gives_the_same_problems_and_tables_on_both_paths(
    facts_copy: Path, rows: list[str], extra_column: bool, trailing_newline: bool
) -> None:
    # an empty row is a blank line, which the column-wise reader leaves to the row path by design
    assume(extra_column or all(rows))
    header = HEADER + (",zzz" if extra_column else "")
    if extra_column:
        rows = [r + (",x" if i % 2 else ",") for i, r in enumerate(rows)]
    text = header + "\n" + "\n".join(rows) + ("\n" if trailing_newline else "")
    (facts_copy / "observations.csv").write_text(text, encoding="utf-8")
    saved = bulk.BULK_MIN_ROWS
    bulk.BULK_MIN_ROWS = 0
    try:
        assert isinstance(extract(facts_copy).records["observations"], bulk.CsvRecords)
    finally:
        bulk.BULK_MIN_ROWS = saved
    assert_same(outcome(facts_copy, 0), outcome(facts_copy, 10**9))


LEAVES = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.integers(-5, 500),
    st.floats(allow_nan=True),
    st.booleans(),
    st.sampled_from(["", "null", "~", "2024-06", "VN", "s9", "rank", "1e309"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, 17),
    field=st.sampled_from([*HEADER.split(","), "zzz"]),
    value=LEAVES,
    delete=st.booleans(),
)
def test_a_replaced_record_is_validated_as_on_the_row_path(
    index: int, field: str, value: Any, delete: bool
) -> None:
    """As tests/foundation/test_validation_properties.py does: change a record in place."""
    results = []
    for min_rows in (0, 10**9):
        saved = bulk.BULK_MIN_ROWS
        bulk.BULK_MIN_ROWS = min_rows
        try:
            raw = copy.deepcopy(extract(FIXTURE))
        finally:
            bulk.BULK_MIN_ROWS = saved
        record = raw.records["observations"][index]
        data = record.data
        if delete:
            data.pop(field, None)
        else:
            data[field] = value
        raw.records["observations"][index] = replace(record, data=data)
        results.append(outcome(raw, min_rows))
    assert_same(*results)


# --- YAML --------------------------------------------------------------------------------------


def test_both_yaml_loaders_read_every_fact_file_alike(tiny: Path) -> None:
    for folder in (FIXTURE, SEED, tiny):
        for path in sorted(folder.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            assert yaml.load(text, Loader=yaml.CBaseLoader) == yaml.load(
                text, Loader=yaml.BaseLoader
            ), path


EDITS = st.sampled_from(
    [
        ": ",
        "- ",
        "#",
        "'",
        '"',
        "\t",
        "\n",
        "  ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a",
        "*a",
        "!x ",
        "|",
        ">",
        "%",
        "@",
        "`",
        "---",
        "...",
        "\\",
        "?",
        "\u00e9",
        "\ufeff",
        "\x85",
        "\u2028",
        "\x07",
        "~",
        "null",
        "\r",
        "\r\n",
        "\u00a0",
        "!!str ",
        "<<: ",
        "=",
        "\x1c",
        "\u2029",
        "\x00",
        ": |",
        "- - ",
        "? ",
        "'a'",
        '"\\x"',
    ]
)


@settings(max_examples=int(os.environ.get("YAML_EXAMPLES", "300")), deadline=None)
@given(
    name=st.sampled_from(sorted(p.name for p in FIXTURE.glob("*.yaml"))),
    edits=st.lists(st.tuples(st.floats(0, 1), EDITS), min_size=1, max_size=3),
)
def test_broken_yaml_reads_as_with_the_pure_python_loader(
    name: str, edits: list[tuple[float, str]]
) -> None:
    """Where libyaml accepts a text, the pure-Python loader accepts it too and reads the same
    document (where libyaml refuses it, extract falls back to the pure-Python loader)."""
    text = (FIXTURE / name).read_text(encoding="utf-8")
    for where, insert in edits:
        i = int(where * len(text))
        text = text[:i] + insert + text[i:]
    try:
        fast = load_yaml_text(text)
    except yaml.YAMLError as exc:
        with pytest.raises(yaml.YAMLError) as pure:
            yaml.load(text, Loader=yaml.BaseLoader)
        assert str(pure.value) == str(exc)
        return
    assert yaml.load(text, Loader=yaml.BaseLoader) == fast


def test_polars_reads_plain_numbers_as_python_does() -> None:
    texts = [
        "0",
        "-0",
        "007",
        "0.1",
        "0.30000000000000004",
        "123456789012345.678901234567891",
        "999999999999999",
        "1.000000000000001",
        "-3.14159",
        "100",
        "0.000000000000001",
    ]
    parsed = pl.Series(texts).cast(pl.Float64).to_list()
    assert parsed == [float(t) for t in texts]

"""Column-wise path for large CSV fact files (observations.csv): read, validate, transform.

Curated YAML files hold hundreds of records; observations.csv may hold millions of rows, where
building a dict, a pydantic model and a row dict per row dominated the ETL (and its memory).
This module does the same work on Polars columns, with the record models of
:mod:`etl.models` and the checks of :mod:`etl.validate` still the rule source:

* :func:`read_csv` splits the file into columns only when doing so is exactly what
  ``csv.DictReader`` would read: no quote, carriage return or NUL anywhere, no blank line
  inside, no field near the csv module's size limit, a header without repeated names. Any other
  file (and any file under :data:`BULK_MIN_ROWS` rows) is read by the original row-by-row code.
* :func:`validate_observations` accepts column-wise only the rows that pass conservative checks
  proven to imply the model's own (plain ``-?digits[.digits]`` numbers, exact date shapes,
  notes that start and end with a letter, digit, punctuation or symbol, …). Every other row,
  and every row a caller replaced, goes through ``Observation.model_validate`` exactly as before,
  so problems (file, ``line N``, field, message) and their order are unchanged.
* :func:`cross_check_observations` and :func:`observation_tables` are the vectorised forms of
  the observation loops of ``validate._cross_checks`` and ``transform.transform``.

tests/bench/test_etl_bulk.py checks both paths give the same problems and the same tables.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, overload

import polars as pl

from etl import models as m
from etl.dates import parse_partial_date
from etl.extract import RawRecord
from etl.problems import Problem

# Files with fewer data rows than this are read and validated row by row (pydantic on every
# row). Tests lower it to 0 to compare both paths on the same input.
BULK_MIN_ROWS = 5000

LINE = "__line"  # CSV line of each row, as csv.DictReader counts it
ROW = "__row"  # position of the row in the file's records

FIELDS = tuple(m.Observation.model_fields)
REQUIRED = tuple(n for n, f in m.Observation.model_fields.items() if f.is_required())
NUMBER = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"
ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
GEO = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
# a character str.strip() never removes (letters, digits, punctuation, symbols)
EDGE = r"[\p{L}\p{N}\p{P}\p{S}]"
SHAPES = {
    "year": r"^[0-9]{4}$",
    "month": r"^[0-9]{4}-[0-9]{2}$",
    "day": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}
UNITS = ("percent", "rank", "laws", "count")
MEASURES = ("apnic", "vnnic", "survey", "official", "unspecified")
CONFIDENCES = ("high", "medium", "low")
CONFIDENCE_RANK = {"high": 1, "medium": 2, "low": 3}


class CsvRecords(Sequence[RawRecord]):
    """The rows of a CSV fact file held as text columns; behaves as the list of
    :class:`RawRecord` the row-by-row reader returns (a record is built when asked for, and
    a record put in its place is kept and validated row by row)."""

    def __init__(self, file: str, header: list[str], frame: pl.DataFrame) -> None:
        self.file = file
        self.header = header
        self.frame = frame  # one String column per header name (null: empty), plus LINE
        self.overrides: dict[int, RawRecord] = {}

    def __len__(self) -> int:
        return self.frame.height

    def _index(self, i: int) -> int:
        j = i + len(self) if i < 0 else i
        if not 0 <= j < len(self):
            raise IndexError(i)
        return j

    @overload
    def __getitem__(self, i: int) -> RawRecord: ...
    @overload
    def __getitem__(self, i: slice) -> list[RawRecord]: ...
    def __getitem__(self, i: int | slice) -> RawRecord | list[RawRecord]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        j = self._index(i)
        if j in self.overrides:
            return self.overrides[j]
        *values, line = self.frame.row(j)
        data = {k: v for k, v in zip(self.header, values, strict=True) if v is not None}
        return RawRecord(self.file, f"line {line}", data)

    def __setitem__(self, i: int, record: RawRecord) -> None:
        self.overrides[self._index(i)] = record

    def __iter__(self) -> Iterator[RawRecord]:
        for i in range(len(self)):
            yield self[i]

    def __deepcopy__(self, memo: dict[int, Any]) -> CsvRecords:
        new = copy.copy(self)  # the frame is never changed in place: share it
        new.overrides = copy.deepcopy(self.overrides, memo)
        return new

    def may_hold_ids(self) -> bool:
        """Whether any row could have an ``id`` field (for the duplicate-id check)."""
        return "id" in self.header or any("id" in r.data for r in self.overrides.values())


def read_csv(rel: str, text: str) -> tuple[CsvRecords, list[Problem]] | None:
    """Columns of a CSV file and its 'more values than header columns' problems, or None when
    the file must be read row by row (see the module doc)."""
    if not text or '"' in text or "\r" in text or "\x00" in text:
        return None
    lines = pl.Series("line", [text]).str.split("\n").explode()
    if text.endswith("\n"):
        lines = lines.head(-1)  # the newline ends the last line; it starts no new one
    header_line = lines[0]
    header = header_line.split(",")
    if (
        lines.len() - 1 < BULK_MIN_ROWS
        or not header_line
        or len(set(header)) != len(header)
        or LINE in header
        or (lines.slice(1) == "").any()  # DictReader labels the row after a blank line oddly
        or (lines.str.len_bytes().max() or 0) >= csv.field_size_limit()
    ):
        return None
    rows = (
        pl.DataFrame({"text": lines.slice(1)})
        .with_row_index(LINE, offset=2)  # the header is line 1
        .with_columns(pl.col("text").str.split(",").alias("values"))
        .drop("text")
    )
    n = len(header)
    too_long = rows.filter(pl.col("values").list.len() > n)
    problems = [
        Problem(rel, f"line {line}", "-", "more values than header columns")
        for line in too_long[LINE]
    ]
    if too_long.height:
        rows = rows.filter(pl.col("values").list.len() <= n)
    frame = rows.select(
        *(
            pl.col("values").list.get(k, null_on_oob=True).replace("", None).alias(name)
            for k, name in enumerate(header)
        ),
        pl.col(LINE).cast(pl.Int64),
    )
    return CsvRecords(rel, header, frame), problems


# --- validation ---------------------------------------------------------------------------------


def _text(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None, pl.String).alias(name)


def _accepted(frame: pl.DataFrame, header: list[str]) -> pl.Expr:
    """True for rows the Observation model certainly accepts, with the values read below."""
    c = {name: _text(frame, name) for name in FIELDS}
    num = {k: c[k].cast(pl.Float64, strict=False) for k in ("value", "value_high")}
    shape = pl.lit(None, pl.String)
    for precision, pattern in SHAPES.items():
        shape = pl.when(c["period"].str.contains(pattern)).then(pl.lit(precision)).otherwise(shape)
    period = c["period"]
    year = period.str.slice(0, 4).cast(pl.Int32, strict=False)
    month = period.str.slice(5, 2).cast(pl.Int32, strict=False)
    day = period.str.slice(8, 2).cast(pl.Int32, strict=False)
    # days in the month, computed on clipped parts so that no row yields an impossible date
    month_days = pl.date(year.clip(1900, 2100), month.clip(1, 12), 1).dt.month_end().dt.day()
    conditions = [
        *(~pl.col(name).is_in(["null", "~"]).fill_null(False) for name in header),
        *(pl.col(name).is_null() for name in header if name not in FIELDS),
        *(c[name].is_not_null() for name in REQUIRED),
        c["indicator"].str.contains(ID) & (c["indicator"].str.len_chars() <= 80),
        c["source"].str.contains(ID) & (c["source"].str.len_chars() <= 80),
        c["geography"].str.contains(GEO),
        shape.is_not_null(),
        shape == c["period_precision"],
        year.is_between(1900, 2100),
        pl.when(shape == "year").then(True).otherwise(month.is_between(1, 12)),
        pl.when(shape == "day").then(day.is_between(1, 31) & (day <= month_days)).otherwise(True),
        c["value"].str.contains(NUMBER),
        c["value_high"].is_null() | c["value_high"].str.contains(NUMBER),
        c["unit"].is_in(UNITS),
        c["measure"].is_in(MEASURES),
        c["confidence"].is_in(CONFIDENCES),
        c["measure_note"].is_null()
        | (c["measure_note"].str.contains("^" + EDGE) & c["measure_note"].str.contains(EDGE + "$")),
        # the model's own rules (Observation._consistent)
        (c["unit"] != "percent") | num["value"].is_between(0, 100),
        (c["unit"] != "percent")
        | num["value_high"].is_null()
        | num["value_high"].is_between(0, 100),
        (c["unit"] != "rank") | (num["value"] >= 1),
        num["value_high"].is_null() | (num["value_high"] >= num["value"]),
    ]
    return pl.all_horizontal([cond.fill_null(False) for cond in conditions])


TYPED = {
    "indicator": pl.String, "geography": pl.String, "period": pl.String,
    "period_precision": pl.String, "value": pl.Float64, "value_high": pl.Float64,
    "unit": pl.String, "measure": pl.String, "measure_note": pl.String, "source": pl.String,
    "confidence": pl.String,
}  # fmt: skip
SLOW = "__slow"  # row validated by pydantic (its values came from the model)


class ObservationRows(Sequence[tuple[RawRecord, m.Observation]]):
    """Validated observations as one typed frame (rows in file order); behaves as the list of
    (record, model) pairs the row-by-row validation returns."""

    def __init__(self, records: CsvRecords, frame: pl.DataFrame) -> None:
        self.records = records
        self.frame = frame  # TYPED columns + ROW + SLOW, in file order

    def __len__(self) -> int:
        return self.frame.height

    @overload
    def __getitem__(self, i: int) -> tuple[RawRecord, m.Observation]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[RawRecord, m.Observation]]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = self.frame.row(i, named=True)
        values = {k: row[k] for k in TYPED if row[k] is not None}
        return self.records[row[ROW]], m.Observation.model_construct(**values)

    def __iter__(self) -> Iterator[tuple[RawRecord, m.Observation]]:
        for i in range(len(self)):
            yield self[i]


def validate_observations(
    records: CsvRecords,
    problems: list[Problem],
    validate_one: Callable[[RawRecord], m.Observation | None],
) -> ObservationRows:
    """Validate every row; rows not certainly valid go through ``validate_one`` (pydantic),
    which appends their problems in file order."""
    frame = records.frame.with_row_index(ROW).with_columns(
        _accepted(records.frame, records.header).alias("__ok")
    )
    if records.overrides:
        frame = frame.with_columns(pl.col("__ok") & ~pl.col(ROW).is_in(list(records.overrides)))
    fast = frame.filter(pl.col("__ok")).select(
        *(_text(records.frame, k).cast(t, strict=False).alias(k) for k, t in TYPED.items()),
        pl.col(ROW),
        pl.lit(False).alias(SLOW),
    )
    slow_rows = []
    for i in frame.filter(~pl.col("__ok"))[ROW]:
        model = validate_one(records[i])
        if model is not None:
            slow_rows.append({**{k: getattr(model, k) for k in TYPED}, ROW: i, SLOW: True})
    if slow_rows:
        schema = {**TYPED, ROW: fast.schema[ROW], SLOW: pl.Boolean}
        fast = pl.concat([fast, pl.DataFrame(slow_rows, schema=schema, orient="row")]).sort(ROW)
    return ObservationRows(records, fast)


def cross_check_observations(
    rows: ObservationRows,
    problems: list[Problem],
    *,
    indicators: set[str],
    geos: set[str],
    sources: set[str],
    units: dict[str, str],
    unchecked: set[str],
) -> None:
    """The observation checks of ``validate._cross_checks``, on columns; problems in file
    order, per row in the same order as there."""
    f = rows.frame

    def unknown(col: str, known: set[str]) -> pl.Expr:
        if known is unchecked:
            return pl.lit(False)
        return ~pl.col(col).is_in(pl.Series(sorted(known), dtype=pl.String).implode())

    expected_unit = pl.col("indicator").replace_strict(units, default=None, return_dtype=pl.String)
    flags = f.select(
        pl.col(ROW),
        unknown("indicator", indicators).alias("indicator"),
        unknown("geography", geos).alias("geography"),
        unknown("source", sources).alias("source"),
        (expected_unit.is_not_null() & (expected_unit != pl.col("unit"))).alias("unit"),
        (pl.int_range(pl.len()).over("indicator", "geography", "period", "source") == 1).alias(
            "duplicate"
        ),
        pl.col("indicator").alias("v_indicator"),
        pl.col("geography").alias("v_geography"),
        pl.col("source").alias("v_source"),
        pl.col("unit").alias("v_unit"),
        expected_unit.alias("v_expected"),
    ).filter(pl.any_horizontal("indicator", "geography", "source", "unit", "duplicate"))
    for r in flags.iter_rows(named=True):
        raw = rows.records[r[ROW]]
        if r["indicator"]:
            problems.append(
                Problem(raw.file, raw.label, "indicator", f"unknown indicator '{r['v_indicator']}'")
            )
        if r["geography"]:
            what = "geography (no partner has this geo)"
            problems.append(
                Problem(raw.file, raw.label, "geography", f"unknown {what} '{r['v_geography']}'")
            )
        if r["source"]:
            problems.append(
                Problem(raw.file, raw.label, "source", f"unknown source '{r['v_source']}'")
            )
        if r["unit"]:
            problems.append(
                Problem(
                    raw.file,
                    raw.label,
                    "unit",
                    f"'{r['v_unit']}' differs from the indicator's unit '{r['v_expected']}'",
                )
            )
        if r["duplicate"]:
            problems.append(
                Problem(
                    raw.file,
                    raw.label,
                    "source",
                    "same indicator, geography, period and source as an earlier row",
                )
            )


# --- transform ----------------------------------------------------------------------------------


def _dates_in_python(period: str) -> tuple[Any, ...]:
    d = parse_partial_date(period)
    assert d.start and d.end
    mid = date.fromordinal((d.start.toordinal() + d.end.toordinal()) // 2)
    return d.text, d.precision, d.start, d.end, mid


def observation_tables(rows: ObservationRows) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The observation table and its fact_source rows, as ``transform`` builds them."""
    f = rows.frame
    oid = pl.concat_str(["indicator", "geography", "period", "source"], separator=":")
    precision = pl.col("period_precision")
    year = pl.col("period").str.slice(0, 4).cast(pl.Int32, strict=False)
    month = (
        pl.when(precision == "year")
        .then(1)
        .otherwise(pl.col("period").str.slice(5, 2).cast(pl.Int32, strict=False))
    )
    day = (
        pl.when(precision == "day")
        .then(pl.col("period").str.slice(8, 2).cast(pl.Int32, strict=False))
        .otherwise(1)
    )
    start = pl.date(year, month, day)
    end = (
        pl.when(precision == "year")
        .then(pl.date(year, 12, 31))
        .when(precision == "month")
        .then(start.dt.month_end())
        .otherwise(start)
    )
    fast = f.filter(~pl.col(SLOW)).with_columns(
        pl.col("period").alias("period_text"),
        precision.alias("period_precision"),
        start.alias("period_start"),
        end.alias("period_end"),
    )
    fast = fast.with_columns(
        ((pl.col("period_start").cast(pl.Int64) + pl.col("period_end").cast(pl.Int64)) // 2)
        .cast(pl.Date)
        .alias("period_mid")
    )
    slow = f.filter(pl.col(SLOW))
    if slow.height:
        cols = ("period_text", "period_precision", "period_start", "period_end", "period_mid")
        derived = [_dates_in_python(p) for p in slow["period"]]
        slow = slow.with_columns(
            pl.Series(cols[0], [d[0] for d in derived], pl.String),
            pl.Series(cols[1], [d[1] for d in derived], pl.String),
            pl.Series(cols[2], [d[2] for d in derived], pl.Date),
            pl.Series(cols[3], [d[3] for d in derived], pl.Date),
            pl.Series(cols[4], [d[4] for d in derived], pl.Date),
        )
        fast = pl.concat([fast, slow.select(fast.columns)])
    table = fast.select(
        oid.alias("observation_id"),
        pl.col("indicator").alias("indicator_id"),
        pl.col("geography").alias("geo"),
        "period_text",
        "period_precision",
        "period_start",
        "period_end",
        "period_mid",
        "value",
        "value_high",
        "unit",
        "measure",
        "measure_note",
        pl.col("source").alias("source_id"),
        "confidence",
        pl.col("confidence")
        .replace_strict(CONFIDENCE_RANK, return_dtype=pl.Int64)
        .alias("confidence_rank"),
    ).sort("observation_id")
    cites = table.select(
        pl.lit("observation").alias("fact_type"),
        pl.col("observation_id").alias("fact_id"),
        "source_id",
    )
    return table, cites

"""Partial dates (etl/dates.py): shapes, bounds, rejects and human labels in en and vi."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.dates import PRECISIONS, format_partial_date, parse_partial_date


@pytest.mark.parametrize(
    ("text", "precision", "year", "month", "day", "start", "end"),
    [
        ("2025-08-12", "day", 2025, 8, 12, date(2025, 8, 12), date(2025, 8, 12)),
        ("2025-08", "month", 2025, 8, None, date(2025, 8, 1), date(2025, 8, 31)),
        ("2025", "year", 2025, None, None, date(2025, 1, 1), date(2025, 12, 31)),
        ("--05-29", "day_month", None, 5, 29, None, None),
        # February of a leap year ends on the 29th, of other years on the 28th.
        ("2024-02", "month", 2024, 2, None, date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-02", "month", 2025, 2, None, date(2025, 2, 1), date(2025, 2, 28)),
        # 29 February is a real day when the year is unknown.
        ("--02-29", "day_month", None, 2, 29, None, None),
        ("1900", "year", 1900, None, None, date(1900, 1, 1), date(1900, 12, 31)),
        ("2100-12-31", "day", 2100, 12, 31, date(2100, 12, 31), date(2100, 12, 31)),
    ],
)
def test_parse_each_shape(
    text: str,
    precision: str,
    year: int | None,
    month: int | None,
    day: int | None,
    start: date | None,
    end: date | None,
) -> None:
    d = parse_partial_date(text)
    assert (d.text, d.precision, d.year, d.month, d.day) == (text, precision, year, month, day)
    assert (d.start, d.end) == (start, end)


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_partial_date(" 2025-08 ").text == "2025-08"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "month"),  # no 13th month
        ("2025-00", "month"),  # month 00 once slipped through as January-December
        ("2025-01-00", "day"),
        ("2025-02-30", "day"),  # 30 February
        ("2023-02-29", "day"),  # not a leap year
        ("--02-30", "day"),
        ("--13-01", "month"),
        ("25-08", "not a date"),  # two-digit year
        ("2025-8", "not a date"),  # month needs two digits
        ("1800", "outside 1900-2100"),
        ("2101-01", "outside 1900-2100"),
        ("2025/08/12", "not a date"),
        ("12 August 2025", "not a date"),
        ("", "not a date"),
    ],
)
def test_bad_shapes_are_rejected(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("text", "precision", "inferred", "en", "vi"),
    [
        ("2025-08-12", "day", False, "12 Aug 2025", "12/8/2025"),
        ("2025-08", "month", False, "Aug 2025", "tháng 8/2025"),
        ("2025", "year", False, "2025", "năm 2025"),
        ("--05-29", "day_month", False, "29 May, year not stated", "29/5, không rõ năm"),
        ("2019-11", "month", True, "Nov 2019 (inferred)", "tháng 11/2019 (suy luận)"),
        (None, "unknown", False, "date not stated", "ngày không rõ"),
        (None, None, False, "date not stated", "ngày không rõ"),
    ],
)
def test_labels_in_english_and_vietnamese(
    text: str | None, precision: str | None, inferred: bool, en: str, vi: str
) -> None:
    assert format_partial_date(text, precision, "en", inferred) == en
    assert format_partial_date(text, precision, "vi", inferred) == vi


def _format(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "year":
        return f"{d.year:04d}"
    return f"--{d.month:02d}-{d.day:02d}"


@given(
    d=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    precision=st.sampled_from(["day", "month", "year", "day_month"]),
)
def test_any_valid_date_at_any_precision_round_trips(d: date, precision: str) -> None:
    text = _format(d, precision)
    parsed = parse_partial_date(text)
    assert parsed.precision == precision
    assert parsed.text == text
    if precision == "day_month":
        assert parsed.start is None and parsed.end is None
        assert (parsed.month, parsed.day) == (d.month, d.day)
    else:
        assert parsed.start is not None and parsed.end is not None
        assert parsed.start <= d <= parsed.end  # the bounds hold the date it was written from
    for lang in ("en", "vi"):
        assert format_partial_date(text, precision, lang)  # every valid date has a label
    assert precision in PRECISIONS

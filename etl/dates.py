"""Partial dates: a day, a month, a year, or a day and month with the year unknown.

Curated files write a date as text whose shape gives its precision, so no precision is ever
invented:

=============  ============  ==========================================
text           precision     meaning
=============  ============  ==========================================
``2025-08-12``  ``day``        a known day
``2025-08``     ``month``      some day in August 2025
``2025``        ``year``       some day in 2025
``--05-29``     ``day_month``  29 May, year not stated (ISO 8601 ``--MM-DD``)
=============  ============  ==========================================
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year", "day_month", "unknown")

_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^--(\d{2})-(\d{2})$"), "day_month"),
)

MONTHS_EN = tuple(calendar.month_abbr)
MONTHS_VI = ("", *tuple(f"tháng {m}" for m in range(1, 13)))


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to ``precision``; ``start``/``end`` bound it when the year is known."""

    text: str
    precision: str
    year: int | None
    month: int | None
    day: int | None

    @property
    def start(self) -> date | None:
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date | None:
        if self.year is None:
            return None
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``text`` into a :class:`PartialDate`; raise ``ValueError`` naming the problem."""
    text = str(text).strip()
    for pattern, precision in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        parts = [int(g) for g in m.groups()]
        if precision == "day_month":
            month, day = parts
            # 2000 is a leap year, so 29 February is accepted without a year.
            date(2000, month, day)
            return PartialDate(text, precision, None, month, day)
        year, month, day = ([*parts, None, None])[:3]
        if not 1900 <= year <= 2100:
            raise ValueError(f"year {year} is outside 1900-2100")
        date(year, 1 if month is None else month, 1 if day is None else day)  # rejects 00 too
        return PartialDate(text, precision, year, month, day)
    raise ValueError(
        f"'{text}' is not a date: write YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD (year unknown)"
    )


def format_partial_date(
    text: str | None, precision: str | None, lang: str = "en", inferred: bool = False
) -> str:
    """Human label at the date's real precision, e.g. '29 May, year not stated'."""
    if not text or precision in (None, "unknown"):
        return "ngày không rõ" if lang == "vi" else "date not stated"
    d = parse_partial_date(text)
    if lang == "vi":
        label = {
            "day": lambda: f"{d.day}/{d.month}/{d.year}",
            "month": lambda: f"{MONTHS_VI[d.month]}/{d.year}",
            "year": lambda: f"năm {d.year}",
            "day_month": lambda: f"{d.day}/{d.month}, không rõ năm",
        }[d.precision]()
        return label + (" (suy luận)" if inferred else "")
    label = {
        "day": lambda: f"{d.day} {MONTHS_EN[d.month]} {d.year}",
        "month": lambda: f"{MONTHS_EN[d.month]} {d.year}",
        "year": lambda: f"{d.year}",
        "day_month": lambda: f"{d.day} {MONTHS_EN[d.month]}, year not stated",
    }[d.precision]()
    return label + (" (inferred)" if inferred else "")

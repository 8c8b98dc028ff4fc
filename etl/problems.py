"""A problem found in the input: which file, which record, which field, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: record {self.record}: field '{self.field}': {self.message}"


class InvalidFacts(Exception):
    """Raised when the curated facts fail validation; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(dict.fromkeys(problems))  # keep the order found, drop repeats
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the curated facts:\n{lines}")

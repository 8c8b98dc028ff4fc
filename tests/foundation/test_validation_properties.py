"""Property: whatever a fact record holds, validation either accepts the facts or raises
InvalidFacts whose problems each name a file, a record, a field and a message; it never fails
with another exception. Facts it accepts also transform without error."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from etl.extract import RawFacts, extract
from etl.problems import InvalidFacts
from etl.transform import transform
from etl.validate import validate
from tests.foundation.etl_support import FIXTURE_FACTS

BASE = extract(FIXTURE_FACTS)
assert not BASE.problems

Path_ = tuple[str | int, ...]

# Values a curator (or a broken file) could put anywhere: text of every sort, numbers, nothing,
# and strings that look like ids, dates and numbers the rules care about.
LEAVES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(
        [
            *("", "null", "~", "true", "no", "abc", "-1", "0", "101", "1e309", "nan"),
            *("2025-13", "--02-29", "--02-30", "2024-06", "2099", "1899"),
            *("s1", "s9", "AAA", "VN", "VN-SG", "d1", "e1", "i1", "on_track"),
            *("percent", "rank", "range", "adopted", "planned"),
        ]
    ),
)
VALUES = st.one_of(
    LEAVES,
    st.lists(LEAVES, max_size=3),
    st.dictionaries(st.sampled_from(["stage", "date", "sources", "vi", "en"]), LEAVES, max_size=2),
)


def _paths(value: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every place inside a record: its fields, and the items of its lists and mappings."""
    found: list[Path_] = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, int, Path_, str, Any]:
    kind = draw(st.sampled_from(sorted(BASE.records)))
    index = draw(st.integers(min_value=0, max_value=len(BASE.records[kind]) - 1))
    data = BASE.records[kind][index].data
    new_field = draw(st.sampled_from(["id", "date", "sources", "value_high", "zzz"]))
    path = draw(st.sampled_from([*_paths(data), (new_field,)]))
    action = draw(st.sampled_from(["set", "delete"]))
    return kind, index, path, action, draw(VALUES)


def _apply(raw: RawFacts, kind: str, index: int, path: Path_, action: str, value: Any) -> None:
    record = raw.records[kind][index]
    data = record.data
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    last = path[-1]
    if action == "delete":
        if isinstance(target, dict):
            target.pop(last, None)
        elif isinstance(target, list):
            del target[last]
    else:
        target[last] = value
    raw.records[kind][index] = replace(record, data=data)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutations=st.lists(mutation(), min_size=1, max_size=3))
def test_any_mutation_is_valid_or_invalid_facts(
    mutations: list[tuple[str, int, Path_, str, Any]],
) -> None:
    raw = copy.deepcopy(BASE)
    for kind, index, path, action, value in mutations:
        try:
            _apply(raw, kind, index, path, action, value)
        except (IndexError, KeyError, TypeError):
            continue  # an earlier mutation removed or replaced this place
    try:
        facts = validate(raw)
    except InvalidFacts as exc:
        event("rejected")
        assert exc.problems
        for p in exc.problems:
            assert p.file and p.record and p.field and p.message, p
            assert p.file.endswith((".yaml", ".csv")), p
        return
    event("accepted")
    transform(facts)  # accepted facts must load

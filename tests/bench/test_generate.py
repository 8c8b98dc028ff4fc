"""The benchmark's synthetic facts: deterministic, sized as their tier says, and valid."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bench.generate import Spec, generate
from etl import bulk
from etl.extract import extract
from etl.transform import transform
from etl.validate import validate

TINY = 0.02  # of tier M: 4 indicators, 8 partners, ... in well under a second


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(TINY, tmp_path / "a", seed=7)
    generate(TINY, tmp_path / "b", seed=7)
    generate(TINY, tmp_path / "c", seed=8)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    assert len(digest(tmp_path / "a")) == 10  # every fact file


def test_tier_sizes() -> None:
    m, big = Spec.at(1.0), Spec.at(10.0)
    assert (m.partners, m.domains, m.indicators, m.months, len(m.geos)) == (100, 80, 200, 240, 2)
    assert m.observations_base == 96_000  # + about 10 % second-source rows
    assert big.partners == 10 * m.partners and big.domains == 10 * m.domains
    assert big.observations_base == 960_000  # tier L: over a million rows with duplicates


def test_tiny_tier_has_the_counts_of_its_spec(tmp_path: Path) -> None:
    spec = Spec.at(TINY)
    counts = generate(TINY, tmp_path)
    assert counts["partners"] == spec.partners
    assert counts["domains"] == spec.domains
    assert counts["domain_groups"] == spec.groups
    assert counts["links"] == spec.links
    assert counts["events"] == spec.events
    assert counts["legal_instruments"] == spec.instruments
    assert counts["sources"] == spec.sources
    assert counts["indicators"] == spec.indicators
    assert spec.observations_base <= counts["observations"] <= 1.2 * spec.observations_base
    # what the ETL reads agrees with what the generator says it wrote
    raw = extract(tmp_path)
    assert {k: len(v) for k, v in raw.records.items()} == counts


@pytest.mark.parametrize("bulk_min_rows", [0, 10**9], ids=["by-column", "row-by-row"])
def test_generated_facts_pass_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_min_rows: int
) -> None:
    monkeypatch.setattr(bulk, "BULK_MIN_ROWS", bulk_min_rows)
    generate(TINY, tmp_path)
    facts = validate(extract(tmp_path))  # raises InvalidFacts listing every problem
    tables = transform(facts)
    assert tables["observation"].height == len(facts.records["observations"])
    assert tables["cooperation_link"].height > 0

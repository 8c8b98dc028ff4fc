"""Validation: each kind of bad input, introduced alone into a copy of the fixture facts, is
reported as a Problem naming the file, the record, the field and what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl.extract import extract
from etl.problems import InvalidFacts, Problem
from etl.validate import validate
from tests.foundation.etl_support import (
    FIXTURE_FACTS,
    SEED_FACTS,
    append_to,
    problems_of,
    replace_in,
)


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "expected exactly one problem:\n" + "\n".join(map(str, problems))
    return problems[0]


def find(problems: list[Problem], file: str, record: str, field: str) -> Problem:
    """The one problem about ``field`` of ``record`` in the file named ``file``."""
    hits = [
        p for p in problems if p.file.endswith(file) and p.record == record and p.field == field
    ]
    listing = "\n".join(map(str, problems))
    assert len(hits) == 1, f"no single problem for {file} {record} {field} in:\n{listing}"
    return hits[0]


def test_fixture_and_seed_facts_are_valid() -> None:
    # The starting point of every fault below: the untouched facts pass.
    for folder in (FIXTURE_FACTS, SEED_FACTS):
        facts = validate(extract(folder))
        assert all(facts.of(kind) for kind in ("sources", "partners", "domains", "targets"))


@dataclass(frozen=True)
class Fault:
    file: str
    old: str
    new: str
    record: str
    field: str
    message: str  # a phrase the message must contain


FAULTS: dict[str, Fault] = {
    # --- wrong type -----------------------------------------------------------------------------
    "float_is_text": Fault(
        "targets.yaml",
        "title_en: Moderate target, comparison: at_least, value_low: 100",
        "title_en: Moderate target, comparison: at_least, value_low: abc",
        "'t-moderate' (#2)",
        "value_low",
        "valid number",
    ),
    "csv_float_is_text": Fault(
        "observations.csv",
        "moderate,VN,2024,year,14,",
        "moderate,VN,2024,year,abc,",
        "line 7",
        "value",
        "valid number",
    ),
    "int_is_text": Fault(
        "legal_counts.yaml", "count: 7", "count: seven", "'c1' (#1)", "count", "valid integer"
    ),
    "bool_is_text": Fault(
        "legal_instruments.yaml",
        "date: 2099-10, planned: true",
        "date: 2099-10, planned: maybe",
        "'i2' (#2)",
        "stages[1].planned",
        "valid boolean",
    ),
    # --- missing required field -----------------------------------------------------------------
    "missing_title": Fault(
        "events.yaml", "title_en: Launch, ", "", "'e6' (#6)", "title_en", "Field required"
    ),
    "missing_sources": Fault(
        "links.yaml",
        "note_vi: Tổ chức d4., sources: [s3]",
        "note_vi: Tổ chức d4.",
        "'l4' (#4)",
        "sources",
        "Field required",
    ),
    "blank_is_missing": Fault(
        "indicators.yaml",
        "label_en: Single, unit: percent",
        "label_en: '', unit: percent",
        "'single' (#7)",
        "label_en",
        "Field required",
    ),
    # A record that fails its own checks is reported once, not again as unknown by each
    # reference to it (AAA is cited by links and events, MIN as vn_actor, i1 by c1 and a target).
    "referenced_partner_invalid": Fault(
        "partners.yaml", ", name_en: Country A", "", "'AAA' (#1)", "name_en", "Field required"
    ),
    "referenced_vn_actor_invalid": Fault(
        "partners.yaml",
        "parent: VNM, name_vi: Bộ, name_en: Ministry",
        "parent: VNM, name_vi: Bộ",
        "'MIN' (#6)",
        "name_en",
        "Field required",
    ),
    "referenced_instrument_invalid": Fault(
        "legal_instruments.yaml",
        "votes_for: 400",
        "votes_for: 460",
        "'i1' (#1)",
        "stages[0].votes_for",
        "votes_for (460) exceeds votes_present (450)",
    ),
    # --- bad enum value -------------------------------------------------------------------------
    "bad_status": Fault(
        "links.yaml",
        "status: agreed",
        "status: rumoured",
        "'l1' (#1)",
        "status",
        "'proposed', 'agreed', 'ongoing' or 'completed'",
    ),
    "bad_confidence": Fault(
        "observations.csv",
        "single,VN,2024-06,month,30,,percent,official,,s1,high",
        "single,VN,2024-06,month,30,,percent,official,,s1,certain",
        "line 16",
        "confidence",
        "'high', 'medium' or 'low'",
    ),
    "bad_language": Fault(
        "sources.yaml", "language: en", "language: xx", "'s1' (#1)", "language", "'vi'"
    ),
    # --- unknown references ---------------------------------------------------------------------
    "unknown_partner": Fault(
        "links.yaml", "partner: AAA", "partner: ZZZ", "'l1' (#1)", "partner", "unknown partner"
    ),
    "unknown_domain": Fault(
        "links.yaml",
        "domains: [d1, d2, d3]",
        "domains: [d1, d9, d3]",
        "'l1' (#1)",
        "domains[1]",
        "unknown domain 'd9'",
    ),
    "unknown_source": Fault(
        "events.yaml",
        "sources: [s1, s2]",
        "sources: [s1, s9]",
        "'e1' (#1)",
        "sources[1]",
        "unknown source 's9'",
    ),
    "unknown_stage_source": Fault(
        "legal_instruments.yaml",
        "votes_present: 450, sources: [s1]",
        "votes_present: 450, sources: [s7]",
        "'i1' (#1)",
        "stages[0].sources[0]",
        "unknown source 's7'",
    ),
    "unknown_csv_source": Fault(
        "observations.csv",
        "falling,VN,2020,year,50,,percent,official,,s1,high",
        "falling,VN,2020,year,50,,percent,official,,s8,high",
        "line 10",
        "source",
        "unknown source 's8'",
    ),
    "unknown_event": Fault(
        "links.yaml", "event: e1", "event: e99", "'l1' (#1)", "event", "unknown event 'e99'"
    ),
    "unknown_indicator": Fault(
        "targets.yaml",
        "indicator: moderate",
        "indicator: nope",
        "'t-moderate' (#2)",
        "indicator",
        "unknown indicator 'nope'",
    ),
    "unknown_legal_basis": Fault(
        "targets.yaml",
        "legal_basis: i1",
        "legal_basis: i99",
        "'t-on-track' (#1)",
        "legal_basis",
        "unknown legal instrument 'i99'",
    ),
    "unknown_domain_group": Fault(
        "domains.yaml",
        "group: g2\n    label_vi: Khoa",
        "group: g9\n    label_vi: Khoa",
        "'d4' (#4)",
        "group",
        "unknown domain group 'g9'",
    ),
    "vn_actor_not_vietnamese": Fault(
        "links.yaml",
        "vn_actor: MIN, note_en: Org",
        "vn_actor: BBB, note_en: Org",
        "'l4' (#4)",
        "vn_actor",
        "not on the Vietnamese side",
    ),
    # --- dates ----------------------------------------------------------------------------------
    "month_13": Fault("events.yaml", "date: 2021,", "date: 2021-13,", "'e4' (#4)", "date", "month"),
    "two_digit_year": Fault(
        "events.yaml", "date: 2021,", "date: 21-08,", "'e4' (#4)", "date", "'21-08' is not a date"
    ),
    "day_month_30_feb": Fault(
        "events.yaml", "date: --05-29,", "date: --02-30,", "'e3' (#3)", "date", "day"
    ),
    "bad_deadline": Fault(
        "targets.yaml",
        "value_low: 50, deadline: 2010",
        "value_low: 50, deadline: 2010-02-30",
        "'t-missed' (#9)",
        "deadline",
        "day",
    ),
    "bad_period": Fault(
        "observations.csv",
        "missed,VN,2009,year",
        "missed,VN,1800,year",
        "line 18",
        "period",
        "outside 1900-2100",
    ),
    "period_precision_mismatch": Fault(
        "observations.csv",
        "missed,VN,2009,year",
        "missed,VN,2009,month",
        "line 18",
        "period_precision",
        "has precision year, not month",
    ),
    "inferred_without_note": Fault(
        "events.yaml",
        " date_note: Worked out from the report date.,",
        "",
        "'e7' (#7)",
        "date_note",
        "date_inferred is true: date_note must give the reason",
    ),
    # --- ranges ---------------------------------------------------------------------------------
    "target_percentage_over_100": Fault(
        "targets.yaml",
        "title_en: Moderate target, comparison: at_least, value_low: 100",
        "title_en: Moderate target, comparison: at_least, value_low: 180",
        "'t-moderate' (#2)",
        "value_low",
        "180.0 is a percentage outside 0-100",
    ),
    "observation_percentage_over_100": Fault(
        "observations.csv",
        "on_track,VN,2020,year,40,",
        "on_track,VN,2020,year,140,",
        "line 2",
        "value",
        "value 140.0 is a percentage outside 0-100",
    ),
    "observation_percentage_negative": Fault(
        "observations.csv",
        "stagnant,VN,2024,year,12,,",
        "stagnant,VN,2024,year,-3,,",
        "line 9",
        "value",
        "percentage outside 0-100",
    ),
    "target_low_above_high": Fault(
        "targets.yaml",
        "value_low: 30, value_high: 40",
        "value_low: 45, value_high: 40",
        "'t-band' (#5)",
        "value_low",
        "value_low (45.0) is greater than value_high (40.0)",
    ),
    "votes_for_above_present": Fault(
        "legal_instruments.yaml",
        "{stage: adopted, date: 2019, sources: [s1]}",
        "{stage: adopted, date: 2019, votes_for: 460, votes_present: 450, sources: [s1]}",
        "'i3' (#3)",
        "stages[0].votes_for",
        "votes_for (460) exceeds votes_present (450)",
    ),
    "rank_below_one": Fault(
        "observations.csv",
        "ranked,VN,2020,year,20,",
        "ranked,VN,2020,year,0,",
        "line 14",
        "value",
        "not a rank",
    ),
    # --- unknown field --------------------------------------------------------------------------
    "unknown_field": Fault(
        "events.yaml",
        "title_en: Launch,",
        "title_en: Launch, colour: red,",
        "'e6' (#6)",
        "colour",
        "unknown field",
    ),
    "misspelt_field": Fault(
        "partners.yaml",
        "name_en: Organisation}",
        "name_en: Organisation, nmae_vi: x}",
        "'ORG' (#3)",
        "nmae_vi",
        "unknown field",
    ),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_one_fault_one_problem(name: str, copy_facts: Callable[..., Path]) -> None:
    fault = FAULTS[name]
    facts = copy_facts()
    replace_in(facts / fault.file, fault.old, fault.new)
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith(fault.file)
    assert Path(problem.file).name == fault.file
    assert (problem.record, problem.field) == (fault.record, fault.field)
    assert fault.message in problem.message
    # The text a person reads names all four.
    assert str(problem).startswith(problem.file)
    assert fault.record in str(problem) and f"'{fault.field}'" in str(problem)


def test_duplicate_id_names_both_records(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    append_to(
        facts / "partners.yaml",
        "- {id: ORG, kind: organisation, side: foreign, name_vi: Trùng, name_en: Duplicate}\n",
    )
    problems = problems_of(facts)
    assert len(problems) == 2
    for record in ("'ORG' (#3)", "'ORG' (#7)"):
        assert find(problems, "partners.yaml", record, "id").message == "duplicate id 'ORG'"


def test_synonym_naming_two_domains(copy_facts: Callable[..., Path]) -> None:
    # 'Artificial  Intelligence' matches d1's 'artificial intelligence' once case and spaces
    # are normalised, so it cannot also name d2.
    facts = copy_facts()
    replace_in(
        facts / "domains.yaml",
        "en: [semiconductors]",
        "en: [semiconductors, Artificial  Intelligence]",
    )
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith("domains.yaml")
    assert (problem.record, problem.field) == ("'d2' (#2)", "synonyms.en[1]")
    assert "already names domain 'd1' in en" in problem.message


def test_same_synonym_in_two_languages_is_allowed(copy_facts: Callable[..., Path]) -> None:
    # 'AI' is English for d1 and may also be written in Norwegian text: languages are separate.
    facts = copy_facts()
    replace_in(facts / "domains.yaml", '"no": [kunstig intelligens, KI]', '"no": [KI, AI]')
    validate(extract(facts))


def test_synonyms_needed_in_every_language(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    replace_in(facts / "domains.yaml", ', "no": [havforskning]', "")
    problem = only_problem(problems_of(facts))
    assert (problem.record, problem.field) == ("'d4' (#4)", "synonyms")
    assert "synonyms needed in no" in problem.message


def test_unparseable_yaml(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    replace_in(facts / "events.yaml", "- {id: e3,", "- {id: e3: [,")
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith("events.yaml")
    assert (problem.record, problem.field) == ("line 3", "-")
    assert problem.message.startswith("unparseable YAML")


def test_yaml_that_is_not_a_list(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    (facts / "indicators.yaml").write_text("id: on_track\n", encoding="utf-8")
    problems = problems_of(facts)
    problem = find(problems, "indicators.yaml", "-", "-")
    assert "must hold a list of records" in problem.message
    # The file did not load, so references to its indicators are not reported one by one.
    assert all(p.file.endswith("indicators.yaml") for p in problems)


def test_unparseable_csv(copy_facts: Callable[..., Path]) -> None:
    # A bare carriage return inside an unquoted field is not CSV.
    facts = copy_facts()
    replace_in(facts / "observations.csv", "moderate,VN,2020,year,10", "moderate,VN,2020,ye\rar,10")
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith("observations.csv")
    assert (problem.record, problem.field) == ("line 6", "-")  # the row's own line
    assert problem.message.startswith("unparseable CSV")


def test_ragged_csv_row(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    row = "moderate,VN,2020,year,10,,percent,official,,s1,high"
    replace_in(facts / "observations.csv", row, row + ",surplus")
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith("observations.csv")
    assert (problem.record, problem.field) == ("line 6", "-")
    assert problem.message == "more values than header columns"


def test_short_csv_row_names_each_missing_field(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    replace_in(
        facts / "observations.csv",
        "moderate,VN,2020,year,10,,percent,official,,s1,high",
        "moderate,VN,2020,year,10",
    )
    problems = problems_of(facts)
    assert {p.field for p in problems} == {"unit", "measure", "source", "confidence"}
    assert {(p.record, p.message) for p in problems} == {("line 6", "Field required")}


def test_missing_file(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    (facts / "indicators.yaml").unlink()
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith("indicators.yaml")
    assert (problem.record, problem.field, problem.message) == ("-", "-", "file is missing")


def test_file_that_is_not_utf8(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    (facts / "sources.yaml").write_bytes("- id: s1\n  publisher: Nguồn\n".encode("utf-16"))
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith("sources.yaml")
    assert problem.message.startswith("not UTF-8 text")


def test_every_fault_in_every_file_is_listed_in_one_error(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    for name in (
        "float_is_text",
        "bad_status",
        "missing_title",
        "observation_percentage_over_100",
        "votes_for_above_present",
        "inferred_without_note",  # a second fault in events.yaml
        "misspelt_field",
    ):
        fault = FAULTS[name]
        replace_in(facts / fault.file, fault.old, fault.new)
    (facts / "legal_counts.yaml").unlink()
    with pytest.raises(InvalidFacts) as info:
        validate(extract(facts))
    problems = info.value.problems
    expected = {
        ("targets.yaml", "'t-moderate' (#2)", "value_low"),
        ("links.yaml", "'l1' (#1)", "status"),
        ("events.yaml", "'e6' (#6)", "title_en"),
        ("events.yaml", "'e7' (#7)", "date_note"),
        ("observations.csv", "line 2", "value"),
        ("legal_instruments.yaml", "'i3' (#3)", "stages[0].votes_for"),
        ("partners.yaml", "'ORG' (#3)", "nmae_vi"),
        ("legal_counts.yaml", "-", "-"),
    }
    found = {(Path(p.file).name, p.record, p.field) for p in problems}
    assert found == expected
    # The exception text lists every one of them.
    text = str(info.value)
    assert text.startswith(f"{len(expected)} problem(s) in the curated facts")
    for problem in problems:
        assert str(problem) in text


def test_stray_quote_in_csv_is_reported_on_its_line(copy_facts: Callable[..., Path]) -> None:
    facts = copy_facts()
    append_to(
        facts / "observations.csv", 'single,VN,2024-07,month,"31,,percent,official,,s1,high\n'
    )
    problem = only_problem(problems_of(facts))
    assert problem.file.endswith("observations.csv")
    assert problem.record.startswith("line ")
    assert "unparseable CSV" in problem.message


def test_duplicate_id_of_a_record_that_fails_its_own_checks(
    copy_facts: Callable[..., Path],
) -> None:
    facts = copy_facts()
    append_to(
        facts / "partners.yaml",
        "- {id: AAA, kind: planet, side: foreign, name_vi: X, name_en: X}\n",
    )
    problems = problems_of(facts)
    assert find(problems, "partners.yaml", "'AAA' (#7)", "kind")
    dup = [p for p in problems if p.field == "id" and "duplicate id 'AAA'" in p.message]
    assert {p.record for p in dup} == {"'AAA' (#1)", "'AAA' (#7)"}

"""Validate: apply the record models, then the rules that span records and files.

Every problem is collected; :func:`validate` raises :class:`InvalidFacts` listing all of them,
each naming the file, the record and the field.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from etl import bulk
from etl import models as m
from etl.dates import parse_partial_date
from etl.extract import RawFacts, RawRecord
from etl.problems import InvalidFacts, Problem

MODELS: dict[str, type[BaseModel]] = {
    "sources": m.Source,
    "partners": m.Partner,
    "domain_groups": m.DomainGroup,
    "domains": m.Domain,
    "links": m.Link,
    "events": m.Event,
    "legal_instruments": m.LegalInstrument,
    "legal_counts": m.LegalCount,
    "indicators": m.Indicator,
    "targets": m.Target,
    "observations": m.Observation,
}


@dataclass
class Facts:
    """Validated records of every kind, each paired with where it came from."""

    records: dict[str, list[tuple[RawRecord, Any]]] = field(default_factory=dict)
    checksums: dict[str, tuple[str, int]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Any]:
        return [rec for _, rec in self.records.get(kind, [])]


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def _validate_one(model: type[BaseModel], rec: RawRecord, problems: list[Problem]) -> Any:
    """The record as ``model``, or None after adding its problems to ``problems``."""
    try:
        return model.model_validate(rec.data)
    except ValidationError as exc:
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown field (check its spelling in data/facts/README.md)"
            loc = err["loc"]
            cause = err.get("ctx", {}).get("error")
            if isinstance(cause, m.FieldError):  # a record-level rule names its field
                loc = (*loc, cause.field)
            problems.append(Problem(rec.file, rec.label, _loc(loc), msg))
        return None


def _apply_models(raw: RawFacts, problems: list[Problem]) -> Facts:
    facts = Facts(checksums=dict(raw.checksums))
    for kind, model in MODELS.items():
        records = raw.records.get(kind, [])
        if isinstance(records, bulk.CsvRecords) and model is m.Observation:
            facts.records[kind] = bulk.validate_observations(  # type: ignore[assignment]
                records, problems, lambda rec, model=model: _validate_one(model, rec, problems)
            )
            continue
        good: list[tuple[RawRecord, Any]] = []
        for rec in records:
            valid = _validate_one(model, rec, problems)
            if valid is not None:
                good.append((rec, valid))
        facts.records[kind] = good
    return facts


def term_key(term: str) -> str:
    """Normalised synonym for matching: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", term).casefold().split())


UNCHECKED: set[str] = set()


def _cross_checks(
    facts: Facts, problems: list[Problem], broken: set[str], raw_facts: RawFacts
) -> None:
    def present(kind: str, fld: str = "id") -> set[str]:
        """``fld`` of every record in the file, also of records that failed their own checks:
        those are reported once, not again as unknown by each reference to them."""
        records = raw_facts.records.get(kind, [])
        return {r.data[fld] for r in records if isinstance(r.data.get(fld), str)}

    def ids(kind: str) -> set[str]:
        if kind in broken:
            return UNCHECKED  # its file did not load: do not report every reference to it
        return {r.id for r in facts.of(kind)} | present(kind)

    # duplicate ids within each kind, also among records that failed their own checks
    for records in raw_facts.records.values():
        if isinstance(records, bulk.CsvRecords) and not records.may_hold_ids():
            continue  # no row has an id: nothing to count (and no need to build each row)
        counts = Counter(r.data.get("id") for r in records if isinstance(r.data.get("id"), str))
        for raw in records:
            rid = raw.data.get("id")
            if isinstance(rid, str) and counts[rid] > 1:
                problems.append(Problem(raw.file, raw.label, "id", f"duplicate id '{rid}'"))

    sources, partners, domains = ids("sources"), ids("partners"), ids("domains")
    groups, events, indicators = ids("domain_groups"), ids("events"), ids("indicators")
    instruments = ids("legal_instruments")
    vn_side = (
        UNCHECKED
        if "partners" in broken
        else {p.id for p in facts.of("partners") if p.side == "vietnam"}
        | (present("partners") - {p.id for p in facts.of("partners")})  # side not known
    )
    geos = (
        UNCHECKED
        if "partners" in broken
        else {p.geo for p in facts.of("partners") if p.geo} | present("partners", "geo")
    )
    units = {i.id: i.unit for i in facts.of("indicators")}

    def ref(raw: RawRecord, fld: str, value: str | None, known: set[str], what: str) -> None:
        if known is UNCHECKED:
            return
        if value is not None and value not in known:
            problems.append(Problem(raw.file, raw.label, fld, f"unknown {what} '{value}'"))

    def refs(raw: RawRecord, fld: str, values: list[str], known: set[str], what: str) -> None:
        for i, v in enumerate(values):
            ref(raw, f"{fld}[{i}]", v, known, what)

    for raw, s in facts.records.get("sources", []):
        ref(raw, "parent", s.parent, sources, "source")
    for raw, p in facts.records.get("partners", []):
        ref(raw, "parent", p.parent, partners, "partner")
        if p.parent == p.id:
            problems.append(
                Problem(raw.file, raw.label, "parent", "a partner cannot be its own parent")
            )
    seen_terms: dict[tuple[str, str], str] = {}
    for raw, d in facts.records.get("domains", []):
        ref(raw, "group", d.group, groups, "domain group")
        for lang, terms in d.synonyms.items():
            for i, term in enumerate(terms):
                key = (lang, term_key(term))
                other = seen_terms.setdefault(key, d.id)
                if other != d.id:
                    problems.append(
                        Problem(
                            raw.file,
                            raw.label,
                            f"synonyms.{lang}[{i}]",
                            f"'{term}' already names domain '{other}' in {lang}",
                        )
                    )
    link_rows: Counter[str] = Counter()
    for raw, link in facts.records.get("links", []):
        ref(raw, "partner", link.partner, partners, "partner")
        refs(raw, "domains", link.domains, domains, "domain")
        ref(raw, "vn_actor", link.vn_actor, partners, "partner")
        if vn_side is not UNCHECKED and link.vn_actor in partners and link.vn_actor not in vn_side:
            problems.append(
                Problem(
                    raw.file,
                    raw.label,
                    "vn_actor",
                    f"'{link.vn_actor}' is not on the Vietnamese side",
                )
            )
        ref(raw, "event", link.event, events, "event")
        refs(raw, "sources", link.sources, sources, "source")
        for i, d in enumerate(link.domains):
            link_rows[f"{link.id}:{d}"] += 1
            if link_rows[f"{link.id}:{d}"] == 2:
                problems.append(
                    Problem(raw.file, raw.label, f"domains[{i}]", f"domain '{d}' listed twice")
                )
    for raw, ev in facts.records.get("events", []):
        refs(raw, "partners", ev.partners, partners, "partner")
        refs(raw, "vn_actors", ev.vn_actors, partners, "partner")
        for i, a in enumerate(ev.vn_actors):
            if vn_side is not UNCHECKED and a in partners and a not in vn_side:
                problems.append(
                    Problem(
                        raw.file,
                        raw.label,
                        f"vn_actors[{i}]",
                        f"'{a}' is not on the Vietnamese side",
                    )
                )
        refs(raw, "domains", ev.domains, domains, "domain")
        refs(raw, "sources", ev.sources, sources, "source")
        if ev.end_date and ev.date:
            start, end = parse_partial_date(ev.date), parse_partial_date(ev.end_date)
            if start.start and end.end and end.end < start.start:
                problems.append(Problem(raw.file, raw.label, "end_date", "end_date is before date"))
    for raw, li in facts.records.get("legal_instruments", []):
        ref(raw, "jurisdiction", li.jurisdiction, geos, "jurisdiction (no partner has this geo)")
        ref(raw, "issuer", li.issuer, partners, "partner")
        refs(raw, "domains", li.domains, domains, "domain")
        refs(raw, "sources", li.sources, sources, "source")
        stages = Counter(s.stage for s in li.stages)
        for i, st in enumerate(li.stages):
            refs(raw, f"stages[{i}].sources", st.sources, sources, "source")
            if stages[st.stage] > 1:
                problems.append(
                    Problem(
                        raw.file,
                        raw.label,
                        f"stages[{i}].stage",
                        f"stage '{st.stage}' listed twice",
                    )
                )
    for raw, lc in facts.records.get("legal_counts", []):
        ref(raw, "jurisdiction", lc.jurisdiction, geos, "jurisdiction (no partner has this geo)")
        ref(raw, "issuer", lc.issuer, partners, "partner")
        refs(raw, "instruments", lc.instruments, instruments, "legal instrument")
        refs(raw, "sources", lc.sources, sources, "source")
    for raw, t in facts.records.get("targets", []):
        ref(raw, "indicator", t.indicator, indicators, "indicator")
        ref(raw, "scope", t.scope, geos, "scope (no partner has this geo)")
        ref(raw, "legal_basis", t.legal_basis, instruments, "legal instrument")
        refs(raw, "sources", t.sources, sources, "source")
        if units.get(t.indicator) == "percent":
            for fld in ("value_low", "value_high"):
                v = getattr(t, fld)
                if v is not None and not 0 <= v <= 100:
                    problems.append(
                        Problem(raw.file, raw.label, fld, f"{v} is a percentage outside 0-100")
                    )
    observations = facts.records.get("observations", [])
    if isinstance(observations, bulk.ObservationRows):
        bulk.cross_check_observations(
            observations, problems, indicators=indicators, geos=geos, sources=sources,
            units=units, unchecked=UNCHECKED,
        )  # fmt: skip
        return
    seen_obs: Counter[tuple[str, str, str, str]] = Counter()
    for raw, o in observations:
        ref(raw, "indicator", o.indicator, indicators, "indicator")
        ref(raw, "geography", o.geography, geos, "geography (no partner has this geo)")
        ref(raw, "source", o.source, sources, "source")
        if o.indicator in units and units[o.indicator] != o.unit:
            problems.append(
                Problem(
                    raw.file,
                    raw.label,
                    "unit",
                    f"'{o.unit}' differs from the indicator's unit '{units[o.indicator]}'",
                )
            )
        key = (o.indicator, o.geography, o.period, o.source)
        seen_obs[key] += 1
        if seen_obs[key] == 2:
            problems.append(
                Problem(
                    raw.file,
                    raw.label,
                    "source",
                    "same indicator, geography, period and source as an earlier row",
                )
            )


def validate(raw: RawFacts) -> Facts:
    """Return validated facts or raise :class:`InvalidFacts` with every problem found."""
    problems = list(raw.problems)
    facts = _apply_models(raw, problems)
    broken = {kind for kind in MODELS if kind not in raw.records}
    _cross_checks(facts, problems, broken, raw)
    if problems:
        raise InvalidFacts(problems)
    return facts

"""Transform: validated records -> one Polars frame per warehouse table.

Rows are sorted by their keys so the same input always gives the same table contents.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from etl import bulk
from etl.dates import parse_partial_date
from etl.models import STAGES
from etl.validate import Facts, term_key

STATUS_RANK = {"proposed": 1, "agreed": 2, "ongoing": 3, "completed": 4}
STAGE_RANK = {stage: i for i, stage in enumerate(STAGES)}
CONFIDENCE_RANK = {"high": 1, "medium": 2, "low": 3}


def _date_cols(prefix: str, text: str | None) -> dict[str, Any]:
    if text is None:
        return {
            f"{prefix}_text": None,
            f"{prefix}_precision": "unknown",
            f"{prefix}_start": None,
            f"{prefix}_end": None,
        }
    d = parse_partial_date(text)
    return {
        f"{prefix}_text": d.text,
        f"{prefix}_precision": d.precision,
        f"{prefix}_start": d.start,
        f"{prefix}_end": d.end,
    }


def _dated(prefix: str, text: str | None, inferred: bool, note: str | None) -> dict[str, Any]:
    return {**_date_cols(prefix, text), f"{prefix}_inferred": inferred, f"{prefix}_note": note}


S, N, F, B = pl.String, pl.Int64, pl.Float64, pl.Boolean
DATE_TYPES = {"_text": pl.String, "_precision": pl.String, "_start": pl.Date, "_end": pl.Date}


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any], keys: list[str]) -> pl.DataFrame:
    full: dict[str, Any] = {}
    for name, dtype in schema.items():
        if dtype == "date":  # expand a partial-date column group
            full.update({name + suffix: t for suffix, t in DATE_TYPES.items()})
        elif dtype == "dated":
            full.update({name + suffix: t for suffix, t in DATE_TYPES.items()})
            full[name + "_inferred"] = pl.Boolean
            full[name + "_note"] = pl.String
        else:
            full[name] = dtype
    return pl.DataFrame(rows, schema=full, orient="row" if not rows else None).sort(keys)


def transform(facts: Facts) -> dict[str, pl.DataFrame]:
    t: dict[str, pl.DataFrame] = {}
    fact_source: list[dict[str, Any]] = []

    def cite(fact_type: str, fact_id: str, source_ids: list[str]) -> None:
        for sid in dict.fromkeys(source_ids):
            fact_source.append({"fact_type": fact_type, "fact_id": fact_id, "source_id": sid})

    t["source"] = _frame(
        [
            {
                "source_id": s.id,
                "url": s.url,
                "url_note": s.url_note,
                "publisher": s.publisher,
                **_dated("published", s.published, s.published_inferred, s.published_note),
                "language": s.language,
                "original_language": s.original_language,
                "kind": s.kind,
                "parent_source_id": s.parent,
                "via": s.via,
                "description_en": s.description_en,
                "description_vi": s.description_vi,
            }
            for s in facts.of("sources")
        ],
        {
            "source_id": S, "url": S, "url_note": S, "publisher": S, "published": "dated",
            "language": S, "original_language": S, "kind": S, "parent_source_id": S, "via": S,
            "description_en": S, "description_vi": S,
        },
        ["source_id"],
    )  # fmt: skip
    t["partner"] = _frame(
        [
            {
                "partner_id": p.id,
                "kind": p.kind,
                "side": p.side,
                "geo": p.geo,
                "parent_partner_id": p.parent,
                "name_vi": p.name_vi,
                "name_en": p.name_en,
                "note_en": p.note_en,
                "note_vi": p.note_vi,
            }
            for p in facts.of("partners")
        ],
        {
            "partner_id": S, "kind": S, "side": S, "geo": S, "parent_partner_id": S,
            "name_vi": S, "name_en": S, "note_en": S, "note_vi": S,
        },
        ["partner_id"],
    )  # fmt: skip
    t["domain_group"] = _frame(
        [
            {"group_id": g.id, "label_vi": g.label_vi, "label_en": g.label_en}
            for g in facts.of("domain_groups")
        ],
        {"group_id": S, "label_vi": S, "label_en": S},
        ["group_id"],
    )  # fmt: skip
    t["domain"] = _frame(
        [
            {
                "domain_id": d.id,
                "group_id": d.group,
                "label_vi": d.label_vi,
                "label_en": d.label_en,
                "description_en": d.description_en,
            }
            for d in facts.of("domains")
        ],
        {"domain_id": S, "group_id": S, "label_vi": S, "label_en": S, "description_en": S},
        ["domain_id"],
    )
    t["domain_synonym"] = _frame(
        [
            {"domain_id": d.id, "language": lang, "term": term, "term_key": term_key(term)}
            for d in facts.of("domains")
            for lang, terms in d.synonyms.items()
            for term in terms
        ],
        {"domain_id": S, "language": S, "term": S, "term_key": S},
        ["language", "term_key", "domain_id"],
    )
    link_rows = []
    for link in facts.of("links"):
        cite("link", link.id, link.sources)
        for d in link.domains:
            link_rows.append(
                {
                    "link_id": f"{link.id}:{d}",
                    "record_id": link.id,
                    "partner_id": link.partner,
                    "domain_id": d,
                    "status": link.status,
                    "status_rank": STATUS_RANK[link.status],
                    "vn_actor_id": link.vn_actor,
                    "event_id": link.event,
                    **_dated("date", link.date, link.date_inferred, link.date_note),
                    "note_en": link.note_en,
                    "note_vi": link.note_vi,
                }
            )
    t["cooperation_link"] = _frame(
        link_rows,
        {
            "link_id": S, "record_id": S, "partner_id": S, "domain_id": S, "status": S,
            "status_rank": N, "vn_actor_id": S, "event_id": S, "date": "dated",
            "note_en": S, "note_vi": S,
        },
        ["link_id"],
    )  # fmt: skip
    events, event_partner, event_domain = [], [], []
    for ev in facts.of("events"):
        cite("event", ev.id, ev.sources)
        events.append(
            {
                "event_id": ev.id,
                "event_type": ev.type,
                "status": ev.status,
                **_dated("date", ev.date, ev.date_inferred, ev.date_note),
                **_date_cols("end_date", ev.end_date),
                "title_vi": ev.title_vi,
                "title_en": ev.title_en,
                "summary_vi": ev.summary_vi,
                "summary_en": ev.summary_en,
                "location_vi": ev.location_vi,
                "location_en": ev.location_en,
            }
        )
        for p in dict.fromkeys(ev.partners):
            event_partner.append({"event_id": ev.id, "partner_id": p, "role": "partner"})
        for p in dict.fromkeys(ev.vn_actors):
            event_partner.append({"event_id": ev.id, "partner_id": p, "role": "vn_actor"})
        for d in dict.fromkeys(ev.domains):
            event_domain.append({"event_id": ev.id, "domain_id": d})
    t["event"] = _frame(
        events,
        {
            "event_id": S, "event_type": S, "status": S, "date": "dated", "end_date": "date",
            "title_vi": S, "title_en": S, "summary_vi": S, "summary_en": S,
            "location_vi": S, "location_en": S,
        },
        ["event_id"],
    )  # fmt: skip
    t["event_partner"] = _frame(
        event_partner,
        {"event_id": S, "partner_id": S, "role": S},
        ["event_id", "role", "partner_id"],
    )
    t["event_domain"] = _frame(
        event_domain, {"event_id": S, "domain_id": S}, ["event_id", "domain_id"]
    )
    instruments, stages, inst_domains = [], [], []
    for li in facts.of("legal_instruments"):
        cite("legal_instrument", li.id, li.sources)
        instruments.append(
            {
                "instrument_id": li.id,
                "jurisdiction": li.jurisdiction,
                "kind": li.kind,
                "number": li.number,
                "title_vi": li.title_vi,
                "title_en": li.title_en,
                "issuer_id": li.issuer,
                **_date_cols("effective", li.effective),
                "note_en": li.note_en,
                "note_vi": li.note_vi,
            }
        )
        for st in li.stages:
            cite("legal_stage", f"{li.id}:{st.stage}", st.sources)
            stages.append(
                {
                    "instrument_id": li.id,
                    "stage": st.stage,
                    "stage_rank": STAGE_RANK[st.stage],
                    "planned": st.planned,
                    **_dated("date", st.date, st.date_inferred, st.date_note),
                    "votes_for": st.votes_for,
                    "votes_present": st.votes_present,
                }
            )
        for d in dict.fromkeys(li.domains):
            inst_domains.append({"instrument_id": li.id, "domain_id": d})
    t["legal_instrument"] = _frame(
        instruments,
        {
            "instrument_id": S, "jurisdiction": S, "kind": S, "number": S, "title_vi": S,
            "title_en": S, "issuer_id": S, "effective": "date", "note_en": S, "note_vi": S,
        },
        ["instrument_id"],
    )  # fmt: skip
    t["legal_stage"] = _frame(
        stages,
        {
            "instrument_id": S, "stage": S, "stage_rank": N, "planned": B, "date": "dated",
            "votes_for": N, "votes_present": N,
        },
        ["instrument_id", "stage_rank"],
    )  # fmt: skip
    t["legal_instrument_domain"] = _frame(
        inst_domains, {"instrument_id": S, "domain_id": S}, ["instrument_id", "domain_id"]
    )
    counts, count_inst = [], []
    for lc in facts.of("legal_counts"):
        cite("legal_count", lc.id, lc.sources)
        counts.append(
            {
                "count_id": lc.id,
                "jurisdiction": lc.jurisdiction,
                "kind": lc.kind,
                "stage": lc.stage,
                "stage_rank": STAGE_RANK[lc.stage],
                "instrument_count": lc.count,
                **_date_cols("as_of", lc.as_of),
                **_date_cols("due", lc.due),
                "planned": lc.planned,
                "issuer_id": lc.issuer,
                "description_en": lc.description_en,
                "description_vi": lc.description_vi,
            }
        )
        for i in dict.fromkeys(lc.instruments):
            count_inst.append({"count_id": lc.id, "instrument_id": i})
    t["legal_count"] = _frame(
        counts,
        {
            "count_id": S, "jurisdiction": S, "kind": S, "stage": S, "stage_rank": N,
            "instrument_count": N, "as_of": "date", "due": "date", "planned": B, "issuer_id": S,
            "description_en": S, "description_vi": S,
        },
        ["count_id"],
    )  # fmt: skip
    t["legal_count_instrument"] = _frame(
        count_inst, {"count_id": S, "instrument_id": S}, ["count_id", "instrument_id"]
    )
    t["indicator"] = _frame(
        [
            {
                "indicator_id": i.id,
                "label_vi": i.label_vi,
                "label_en": i.label_en,
                "unit": i.unit,
                "decimals": i.decimals,
                "direction": i.direction,
                "description_en": i.description_en,
                "description_vi": i.description_vi,
            }
            for i in facts.of("indicators")
        ],
        {
            "indicator_id": S, "label_vi": S, "label_en": S, "unit": S, "decimals": N,
            "direction": S, "description_en": S, "description_vi": S,
        },
        ["indicator_id"],
    )  # fmt: skip
    targets = []
    for tg in facts.of("targets"):
        cite("target", tg.id, tg.sources)
        targets.append(
            {
                "target_id": tg.id,
                "indicator_id": tg.indicator,
                "scope_geo": tg.scope,
                "title_vi": tg.title_vi,
                "title_en": tg.title_en,
                "comparison": tg.comparison,
                "value_low": tg.value_low,
                "value_high": tg.value_high,
                **_date_cols("deadline", tg.deadline),
                **_date_cols("base_period", tg.base_period),
                "legal_basis_id": tg.legal_basis,
                "legal_basis_text": tg.legal_basis_text,
                "note_en": tg.note_en,
                "note_vi": tg.note_vi,
            }
        )
    t["target"] = _frame(
        targets,
        {
            "target_id": S, "indicator_id": S, "scope_geo": S, "title_vi": S, "title_en": S,
            "comparison": S, "value_low": F, "value_high": F, "deadline": "date",
            "base_period": "date", "legal_basis_id": S, "legal_basis_text": S,
            "note_en": S, "note_vi": S,
        },
        ["target_id"],
    )  # fmt: skip
    observations = facts.records.get("observations")
    obs = []
    for o in [] if isinstance(observations, bulk.ObservationRows) else facts.of("observations"):
        oid = f"{o.indicator}:{o.geography}:{o.period}:{o.source}"
        cite("observation", oid, [o.source])
        period = parse_partial_date(o.period)
        assert period.start and period.end
        mid = date.fromordinal((period.start.toordinal() + period.end.toordinal()) // 2)
        obs.append(
            {
                "observation_id": oid,
                "indicator_id": o.indicator,
                "geo": o.geography,
                **_date_cols("period", o.period),
                "period_mid": mid,
                "value": o.value,
                "value_high": o.value_high,
                "unit": o.unit,
                "measure": o.measure,
                "measure_note": o.measure_note,
                "source_id": o.source,
                "confidence": o.confidence,
                "confidence_rank": CONFIDENCE_RANK[o.confidence],
            }
        )
    t["observation"] = _frame(
        obs,
        {
            "observation_id": S, "indicator_id": S, "geo": S, "period": "date",
            "period_mid": pl.Date, "value": F, "value_high": F, "unit": S, "measure": S,
            "measure_note": S, "source_id": S, "confidence": S, "confidence_rank": N,
        },
        ["observation_id"],
    )  # fmt: skip
    t["fact_source"] = _frame(
        fact_source,
        {"fact_type": S, "fact_id": S, "source_id": S},
        ["fact_type", "fact_id", "source_id"],
    )
    if isinstance(observations, bulk.ObservationRows):  # large files: the same rows, by column
        t["observation"], cites = bulk.observation_tables(observations)
        t["fact_source"] = pl.concat([t["fact_source"], cites]).sort(
            ["fact_type", "fact_id", "source_id"]
        )
    return t

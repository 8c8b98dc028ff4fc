"""Analyst views on the fixture warehouse, against values worked out by hand from
tests/fixtures/facts. The fixture keeps every date far from today (2001, 2010, 2099), so the
expected values do not move with the calendar."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    return con.sql(sql).pl().to_dicts()


def by_key(con: duckdb.DuckDBPyConnection, sql: str, key: str) -> dict[Any, dict[str, Any]]:
    found = rows(con, sql)
    keyed = {r[key]: r for r in found}
    assert len(keyed) == len(found), f"{key} is not unique in: {sql}"
    return keyed


# --- v_partner_overlap -----------------------------------------------------------------------


def test_partner_overlap(fixture_db: duckdb.DuckDBPyConnection) -> None:
    # Foreign partners' domains: AAA {d1, d2, d3} (link l1), BBB {d2, d3} (l2, l3), ORG {d4} (l4).
    # AAA-BBB: shared {d2, d3} = 2, union {d1, d2, d3} = 3 + 2 - 2 = 3, Jaccard 2/3 = 0.6667.
    # AAA-ORG: shared 0, union 3 + 1 = 4, Jaccard 0.  BBB-ORG: shared 0, union 3, Jaccard 0.
    # VN-SG (a city acting for Vietnam) is not a foreign partner, so it is in no pair.
    got = rows(
        fixture_db,
        "select partner_a, partner_b, n_domains_a, n_domains_b, n_shared, jaccard, "
        "shared_domain_ids from v_partner_overlap order by partner_a, partner_b",
    )
    assert got == [
        dict(partner_a="AAA", partner_b="BBB", n_domains_a=3, n_domains_b=2, n_shared=2,
             jaccard=0.6667, shared_domain_ids="d2, d3"),
        dict(partner_a="AAA", partner_b="ORG", n_domains_a=3, n_domains_b=1, n_shared=0,
             jaccard=0.0, shared_domain_ids=None),
        dict(partner_a="BBB", partner_b="ORG", n_domains_a=2, n_domains_b=1, n_shared=0,
             jaccard=0.0, shared_domain_ids=None),
    ]  # fmt: skip


# --- v_partner_domains -----------------------------------------------------------------------


def test_partner_domains(fixture_db: duckdb.DuckDBPyConnection) -> None:
    got = {
        (r["partner_id"], r["role"], r["domain_id"]): r
        for r in rows(fixture_db, "select * from v_partner_domains")
    }
    # l1 gives AAA three rows, l2 + l3 give BBB d2 and d3, l4 gives ORG d4; VN-SG is the
    # vn_actor of l2 (d2, d3) and, being a city, appears for those domains too: 3 + 2 + 1 + 2.
    assert sorted(got) == [
        ("AAA", "partner", "d1"),
        ("AAA", "partner", "d2"),
        ("AAA", "partner", "d3"),
        ("BBB", "partner", "d2"),
        ("BBB", "partner", "d3"),
        ("ORG", "partner", "d4"),
        ("VN-SG", "vn_actor", "d2"),
        ("VN-SG", "vn_actor", "d3"),
    ]
    # BBB on d3: l2 proposed (rank 1) and l3 completed (rank 4): the most advanced, completed.
    # Sources: l2 [s2] and l3 [s1, s2], so 2 distinct. First date: l2's --04-14 has no year,
    # l3's 2020 starts on 2020-01-01. Counterparts: l3's MIN and l2's VN-SG.
    bbb_d3 = got[("BBB", "partner", "d3")]
    assert (bbb_d3["status"], bbb_d3["status_rank"], bbb_d3["n_records"]) == ("completed", 4, 2)
    assert (bbb_d3["n_sources"], bbb_d3["source_ids"]) == (2, "s1, s2")
    assert str(bbb_d3["first_date"]) == "2020-01-01"
    assert bbb_d3["counterpart_ids"] == "MIN, VN-SG"
    # BBB on d2 comes from l2 alone: proposed, one source, no known first date.
    bbb_d2 = got[("BBB", "partner", "d2")]
    assert (bbb_d2["status"], bbb_d2["n_sources"], bbb_d2["first_date"]) == ("proposed", 1, None)
    # The city's rows: l2's status, its foreign counterpart BBB, the city's own names.
    for d in ("d2", "d3"):
        city = got[("VN-SG", "vn_actor", d)]
        assert (city["status"], city["counterpart_ids"], city["source_ids"]) == (
            "proposed",
            "BBB",
            "s2",
        )
        assert (city["partner_kind"], city["partner_name_en"]) == ("city", "Ho Chi Minh City")
    aaa_d1 = got[("AAA", "partner", "d1")]
    assert (aaa_d1["status"], aaa_d1["group_id"], aaa_d1["domain_label_en"]) == (
        "agreed",
        "g1",
        "Artificial intelligence",
    )
    assert str(aaa_d1["first_date"]) == "2020-05-17"
    assert got[("ORG", "partner", "d4")]["status"] == "ongoing"


# --- v_target_progress -----------------------------------------------------------------------
#
# Periods are years, so each observation sits at its year's middle day: 2020 and 2024 are leap
# years (366 days), the middle is start + 365 // 2 = 182 days = 1 July. From 2020-07-01 to
# 2024-07-01 is 1461 days = 4.0 years of 365.25 days. Deadline 2099 ends on 2099-12-31:
#   2020-07-01 -> 2099-12-31 = 79 * 365 + 19 leap days + 183 = 29037 days = 79.4990 years
#   2024-07-01 -> 2099-12-31 = 75 * 365 + 18 leap days + 183 = 27576 days = 75.4990 years


def test_target_progress_status_of_each_target(fixture_db: duckdb.DuckDBPyConnection) -> None:
    status = dict(fixture_db.sql("select target_id, status from v_target_progress").fetchall())
    assert status == {
        "t-on-track": "on_track",  # pace ratio 9.94 >= 1
        "t-moderate": "moderately_improving",  # 0.88 in [0.5, 1)
        "t-stagnant": "stagnating",  # 0.44 in [0, 0.5)
        "t-falling": "decreasing",  # ratio < 0: the value falls while it must rise
        "t-band": "achieved",  # 35 is within the 30-40 band
        "t-rank": "on_track",  # rank 20 -> 12 while 5 is needed: ratio 10.6
        "t-single": "insufficient_data",  # one observation, no trend
        "t-unmeasured": "no_measurement",  # no observation of its indicator at all
        "t-missed": "not_achieved",  # deadline 2010 passed at 10 < 50
    }


def test_target_progress_on_track_arithmetic(fixture_db: duckdb.DuckDBPyConnection) -> None:
    r = by_key(fixture_db, "select * from v_target_progress", "target_id")["t-on-track"]
    # 2024 has two figures: 60 (official, high confidence, s1) and 58 (survey, medium, s2).
    # The highest confidence wins: latest 60 from s1; both are listed.
    assert (r["latest_period_text"], r["latest_value"], r["latest_source_id"]) == ("2024", 60, "s1")
    assert r["n_values_latest_period"] == 2
    assert r["latest_period_values"] == "58.0 (survey, s2); 60.0 (official, s1)"
    # Base: the first point of the 5 years before the latest (2024-07-01 - 5 y = 2019-07-01):
    # 2020 (40); the 2010 figure (5) is older and is not the base, though it still counts.
    assert (r["base_period_text"], r["base_value"], r["base_source_id"]) == ("2020", 40, "s1")
    assert (r["n_observations"], r["n_trend_points"]) == (3, 2)  # 2010, 2020, 2024 / 2020, 2024
    assert r["gap"] == 20  # 80 - 60
    assert r["observed_pace_per_year"] == 5.0  # (60 - 40) / 4.0 years
    assert r["required_pace_per_year"] == 0.5032  # (80 - 40) / 79.4990 = 0.50315
    assert r["pace_required_now_per_year"] == 0.2649  # (80 - 60) / 75.4990 = 0.26490
    assert r["pace_ratio"] == 9.9374  # 5.0 / 0.50315 = 9.93737
    assert r["status_method"] == "SDSN trend: observed / required linear pace"


@pytest.mark.parametrize(
    ("target", "observed", "required", "ratio"),
    [
        ("t-moderate", 1.0, 1.1321, 0.8833),  # (14-10)/4; (100-10)/79.499; 1.0/1.13209
        ("t-stagnant", 0.5, 1.1321, 0.4417),  # (12-10)/4; (100-10)/79.499; 0.5/1.13209
        ("t-falling", -1.25, 0.6289, -1.9875),  # (45-50)/4; (100-50)/79.499; -1.25/0.62894
        ("t-rank", -2.0, -0.1887, 10.5999),  # (12-20)/4; (5-20)/79.499; -2.0/-0.18868
        ("t-band", 3.75, 0.1258, 29.8121),  # (35-20)/4; (30-20)/79.499; 3.75/0.12579
    ],
)
def test_target_progress_paces(
    target: str,
    observed: float,
    required: float,
    ratio: float,
    fixture_db: duckdb.DuckDBPyConnection,
) -> None:
    r = by_key(fixture_db, "select * from v_target_progress", "target_id")[target]
    assert (r["observed_pace_per_year"], r["required_pace_per_year"], r["pace_ratio"]) == (
        observed,
        required,
        ratio,
    )
    assert (r["base_period_text"], r["latest_period_text"], r["n_trend_points"]) == (
        "2020",
        "2024",
        2,
    )


def test_target_progress_edge_cases(fixture_db: duckdb.DuckDBPyConnection) -> None:
    t = by_key(fixture_db, "select * from v_target_progress", "target_id")
    # Rank target: lower is better, so the gap 5 - 12 = -7 means the rank must still fall.
    assert (t["t-rank"]["latest_value"], t["t-rank"]["gap"]) == (12, -7)
    # Band: achieved, so no pace is required any more.
    assert (t["t-band"]["gap"], t["t-band"]["pace_required_now_per_year"]) == (-5, None)
    # Missed: only observations up to the 2010 deadline count (2008, 2009); the 2015 value 60,
    # which would meet the target, came too late. Past the deadline, no pace is asked for.
    missed = t["t-missed"]
    assert (missed["latest_period_text"], missed["latest_value"]) == ("2009", 10)
    assert (missed["base_period_text"], missed["n_observations"]) == ("2008", 2)
    assert missed["pace_required_now_per_year"] is None
    # Single: one monthly figure.
    single = t["t-single"]
    assert (single["n_observations"], single["n_trend_points"]) == (1, 1)
    assert (single["latest_period_text"], single["latest_period_precision"]) == ("2024-06", "month")
    assert single["observed_pace_per_year"] is None and single["pace_ratio"] is None
    # Unmeasured: a VN-SG target with no observation and no deadline.
    none = t["t-unmeasured"]
    assert (none["n_observations"], none["latest_value"], none["deadline_text"]) == (0, None, None)


# --- v_legal_instruments and v_legal_pipeline ------------------------------------------------


def test_legal_instruments(fixture_db: duckdb.DuckDBPyConnection) -> None:
    li = by_key(fixture_db, "select * from v_legal_instruments", "instrument_id")
    assert sorted(li) == ["i1", "i2", "i3", "i4"]
    # i1: adopted 2020-01-10 and in force since 2021-01-01 (passed), so in_force (rank 5).
    # Vote: 400 of 450 present = 88.888...% -> 88.9.
    i1 = li["i1"]
    assert (i1["stage"], i1["stage_rank"]) == ("in_force", 5)
    assert (i1["adopted_text"], i1["adopted_precision"]) == ("2020-01-10", "day")
    assert (i1["votes_for"], i1["votes_present"], i1["votes_for_pct"]) == (400, 450, 88.9)
    assert (i1["effective_text"], i1["n_sources"], i1["source_ids"]) == ("2021-01-01", 1, "s1")
    # i2: drafting in 2020; its submission is only planned (2099), so it is still drafting.
    assert (li["i2"]["stage"], li["i2"]["stage_rank"]) == ("drafting", 2)
    assert li["i2"]["votes_for_pct"] is None and li["i2"]["adopted_text"] is None
    # i3: adopted in 2019 with no date in force: adopted; two sources.
    assert (li["i3"]["stage"], li["i3"]["adopted_precision"]) == ("adopted", "year")
    assert (li["i3"]["n_sources"], li["i3"]["source_ids"]) == (2, "s1, s2")
    assert li["i3"]["jurisdiction"] == "BB"
    # i4: only mentioned, with no date at all.
    assert (li["i4"]["stage"], li["i4"]["stage_rank"], li["i4"]["number"]) == (
        "mentioned",
        0,
        "1/QĐ",
    )
    assert li["i4"]["effective_precision"] == "unknown"


def test_legal_pipeline(fixture_db: duckdb.DuckDBPyConnection) -> None:
    got = fixture_db.sql(
        "select jurisdiction, stage, basis, n_instruments, item_ids, as_of_text, planned "
        "from v_legal_pipeline order by jurisdiction, stage_rank, basis"
    ).fetchall()
    assert got == [
        ("BB", "adopted", "named", 1, "i3", None, False),
        ("VN", "mentioned", "named", 1, "i4", None, False),
        ("VN", "drafting", "named", 1, "i2", None, False),
        # c1: seven decrees being drafted, a count given without naming them.
        ("VN", "drafting", "reported_count", 7, "c1", "2020-03", False),
        ("VN", "in_force", "named", 1, "i1", None, False),
    ]
    [(description,)] = fixture_db.sql(
        "select description_en from v_legal_pipeline where basis = 'reported_count'"
    ).fetchall()
    assert description == "Decrees being drafted."


# --- v_upcoming_milestones -------------------------------------------------------------------


DEADLINE_2099 = (
    "t-on-track",
    "t-moderate",
    "t-stagnant",
    "t-falling",
    "t-band",
    "t-rank",
    "t-single",
)


def test_upcoming_milestones(fixture_db: duckdb.DuckDBPyConnection) -> None:
    got = {
        (r["milestone_type"], r["item_id"]): r
        for r in rows(fixture_db, "select * from v_upcoming_milestones")
    }
    # Events: e2 planned for 2099-10 (upcoming); e5 planned for 2001-06 with no outcome
    # recorded (past_unconfirmed). e3 (--05-29) and e6 (no date) have no year and are left
    # out; e1, e4 and e7 were held or signed in the past.
    # Targets: the seven with deadline 2099; t-missed (2010) has passed, t-unmeasured has none.
    # Legal: i2's planned submission in 2099-10; i1 came into force in 2021 (past).
    assert sorted(got) == sorted(
        [
            ("event", "e2"),
            ("event", "e5"),
            ("planned_stage", "i2"),
            *[("target_deadline", t) for t in DEADLINE_2099],
        ]
    )
    e2, e5, i2 = got[("event", "e2")], got[("event", "e5")], got[("planned_stage", "i2")]
    assert (e2["timing"], e2["date_text"], e2["date_precision"]) == ("upcoming", "2099-10", "month")
    assert (str(e2["date_start"]), str(e2["date_end"])) == ("2099-10-01", "2099-10-31")
    assert (e2["partner_ids"], e2["status"]) == ("BBB", "planned")
    assert e2["days_until_start"] > 0
    assert (e5["timing"], e5["partner_ids"], e5["status"]) == ("past_unconfirmed", "AAA", "planned")
    assert e5["days_until_start"] < 0
    assert (i2["timing"], i2["status"], i2["date_text"]) == ("upcoming", "submitted", "2099-10")
    assert i2["partner_ids"] is None
    deadline = got[("target_deadline", "t-band")]
    assert (deadline["timing"], deadline["status"], deadline["date_text"]) == (
        "upcoming",
        "deadline",
        "2099",
    )


# --- v_source_coverage and v_fact_sources ----------------------------------------------------


def test_source_coverage(fixture_db: duckdb.DuckDBPyConnection) -> None:
    got = fixture_db.sql(
        "select source_id, n_facts, n_links, n_events, n_legal, n_targets, n_observations, "
        "n_facts_only_source, published_precision from v_source_coverage order by source_id"
    ).fetchall()
    # s1: links l1, l3 (2); events e1, e4, e5, e6, e7 (5); legal i1, i3, i1:adopted, i3:adopted
    #     (4); targets all but t-unmeasured (8); observations all but on_track 2024 s2 (17).
    #     36 facts, of which l3, e1 and i3 have a second source: 33 rest on s1 alone.
    # s2: links l2, l3 (2); events e1, e2 (2); legal i2, i3, i2:drafting, i2:submitted, c1 (5);
    #     target t-unmeasured (1); observation on_track 2024 s2 (1). 11 facts, 8 alone.
    # s3: link l4, event e3, instrument i4 (i4's stage cites no source): 3 facts, all alone.
    assert got == [
        ("s1", 36, 2, 5, 4, 8, 17, 33, "day"),
        ("s2", 11, 2, 2, 5, 1, 1, 8, "month"),
        ("s3", 3, 1, 1, 1, 0, 0, 3, "unknown"),
    ]


def test_fact_sources(fixture_db: duckdb.DuckDBPyConnection) -> None:
    facts = {
        (r["fact_type"], r["fact_id"]): r for r in rows(fixture_db, "select * from v_fact_sources")
    }
    # 4 links + 7 events + 4 instruments + 4 sourced stages + 1 count + 9 targets + 18 obs.
    assert len(facts) == 47
    multiple = {k for k, r in facts.items() if r["corroboration"] == "multiple_sources"}
    assert multiple == {("event", "e1"), ("link", "l3"), ("legal_instrument", "i3")}
    e1 = facts[("event", "e1")]
    assert (e1["n_sources"], e1["source_ids"], e1["label_en"]) == (2, "s1, s2", "Meeting A")
    assert facts[("link", "l1")]["label_en"] == "Country A: A on three domains."
    assert facts[("link", "l1")]["corroboration"] == "single_source"
    assert facts[("legal_stage", "i2:submitted")]["label_en"] == "Law Two (submitted)"
    assert facts[("observation", "on_track:VN:2024:s2")]["label_en"] == "On track, 2024: 58.0"
    assert ("legal_stage", "i4:mentioned") not in facts  # that stage cites no source
    assert all(r["label_en"] and r["label_vi"] for r in facts.values())

"""The warehouse built from the curated seed facts (data/facts) holds every kind of seed fact."""

from __future__ import annotations

import duckdb

from etl.contracts import contracts
from tests.foundation.etl_support import RUN_TABLES


def one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> tuple[object, ...]:
    found = con.execute(sql, list(params)).fetchall()
    assert len(found) == 1, f"expected one row, got {found} from: {sql}"
    return found[0]


def column(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> set[object]:
    return {r[0] for r in con.execute(sql, list(params)).fetchall()}


def test_every_table_and_view_has_rows(seed_db: duckdb.DuckDBPyConnection) -> None:
    for c in (*contracts("table"), *contracts("view")):
        [(n,)] = seed_db.sql(f"select count(*) from {c.name}").fetchall()
        assert n > 0, f"{c.name} is empty"
    [(runs,)] = seed_db.sql(f"select count(*) from {RUN_TABLES[0]}").fetchall()
    assert runs == 1  # a fresh warehouse knows its own run


def test_partners(seed_db: duckdb.DuckDBPyConnection) -> None:
    kinds = dict(seed_db.sql("select partner_id, kind from partner").fetchall())
    for country in ("KOR", "RUS", "LAO", "USA", "JPN"):
        assert kinds.get(country) == "country", country
    assert kinds.get("ASEAN") == "organisation"
    assert kinds.get("VN-SG") == "city"
    assert one(seed_db, "select side, geo from partner where partner_id = 'VN-SG'") == (
        "vietnam",
        "VN-SG",
    )


def test_domain_taxonomy_has_synonyms_in_four_languages(seed_db: duckdb.DuckDBPyConnection) -> None:
    n_domains = one(seed_db, "select count(*) from domain")[0]
    assert isinstance(n_domains, int) and n_domains >= 10
    for lang in ("vi", "en", "fr", "no"):
        missing = column(
            seed_db,
            "select domain_id from domain except "
            "select domain_id from domain_synonym where language = ?",
            lang,
        )
        assert not missing, f"domains without a synonym in {lang}: {sorted(missing)}"
    # The same domain named in French and in Norwegian maps to one id.
    fr = one(seed_db, "select domain_id from domain_synonym where term_key = 'semi-conducteurs'")
    no = one(seed_db, "select domain_id from domain_synonym where term_key = 'halvledere'")
    vi = one(seed_db, "select domain_id from domain_synonym where term_key = 'bán dẫn'")
    assert fr == no == vi == ("semiconductors",)
    # 'no' is the Norwegian language code, kept as text (not read as a YAML boolean).
    assert "no" in column(seed_db, "select language from domain_synonym")


def test_links_in_every_status(seed_db: duckdb.DuckDBPyConnection) -> None:
    assert column(seed_db, "select status from cooperation_link") == {
        "proposed",
        "agreed",
        "ongoing",
        "completed",
    }
    # Links of the partners named in the seed, including the city acting for Vietnam.
    partners = column(seed_db, "select partner_id from v_partner_domains where role = 'partner'")
    assert {"KOR", "RUS", "LAO"} <= partners
    assert "VN-SG" in column(
        seed_db, "select partner_id from v_partner_domains where role = 'vn_actor'"
    )


def test_events_at_every_date_precision(seed_db: duckdb.DuckDBPyConnection) -> None:
    assert column(seed_db, "select date_precision from event") == {
        "day",
        "month",
        "year",
        "day_month",
        "unknown",
    }
    # Year unknown means no bounds; unknown means no text either.
    assert column(
        seed_db, "select date_start is null from event where date_precision = 'day_month'"
    ) == {True}
    assert column(
        seed_db, "select date_text is null from event where date_precision = 'unknown'"
    ) == {True}
    inferred = seed_db.sql(
        "select event_id, date_note from event where date_inferred and date_note is not null"
    ).fetchall()
    assert inferred, "no event with an inferred date and its note"
    assert column(
        seed_db, "select count(*) from event where date_inferred and date_note is null"
    ) == {0}


def test_korea_meeting_of_12_august_2025_has_two_sources(
    seed_db: duckdb.DuckDBPyConnection,
) -> None:
    [(event_id,)] = seed_db.sql(
        "select e.event_id from event as e "
        "inner join event_partner as p on e.event_id = p.event_id "
        "where e.date_text = '2025-08-12' and e.date_precision = 'day' "
        "and p.partner_id = 'KOR' and e.event_type = 'meeting'"
    ).fetchall()
    assert column(
        seed_db,
        "select source_id from fact_source where fact_type = 'event' and fact_id = ?",
        event_id,
    ) == {"mst-2025-08-12-kor", "mst-2025-10-25-kor"}
    assert one(
        seed_db,
        "select n_sources, corroboration from v_fact_sources "
        "where fact_type = 'event' and fact_id = ?",
        event_id,
    ) == (2, "multiple_sources")


def test_laws_with_votes(seed_db: duckdb.DuckDBPyConnection) -> None:
    assert one(
        seed_db,
        "select votes_for, votes_present, votes_for_pct from v_legal_instruments "
        "where title_en = 'Law on Data'",
    ) == (451, 458, 98.5)  # 451 / 458 = 98.47 %
    n_voted = one(seed_db, "select count(*) from legal_stage where votes_for is not null")[0]
    assert isinstance(n_voted, int) and n_voted >= 5


def test_aggregate_legal_counts(seed_db: duckdb.DuckDBPyConnection) -> None:
    counts = set(
        seed_db.sql(
            "select kind, stage, instrument_count, planned from legal_count where jurisdiction = 'VN'"
        ).fetchall()
    )
    assert ("decree", "drafting", 16, False) in counts  # 16 decrees being drafted
    assert ("law", "submitted", 4, True) in counts  # 4 laws to submit
    assert one(
        seed_db,
        "select n_instruments from v_legal_pipeline "
        "where basis = 'reported_count' and stage = 'drafting' and jurisdiction = 'VN'",
    ) == (16,)


def test_targets(seed_db: duckdb.DuckDBPyConnection) -> None:
    # IPv6 usage of 90-100 % by 2030.
    assert one(
        seed_db,
        "select comparison, value_low, value_high, deadline_text, scope_geo from target "
        "where indicator_id = 'ipv6_usage_rate' and deadline_text = '2030'",
    ) == ("range", 90.0, 100.0, "2030", "VN")
    # AI in at least 50 % of HCMC's SMEs: no measurement published, no deadline.
    assert one(
        seed_db,
        "select comparison, value_low, deadline_text, status, n_observations "
        "from v_target_progress where scope_geo = 'VN-SG' and indicator_id = ?",
        "hcmc_sme_ai_adoption_rate",
    ) == ("at_least", 50.0, None, "no_measurement", 0)


def test_ipv6_series_keeps_both_september_2025_figures(seed_db: duckdb.DuckDBPyConnection) -> None:
    september = seed_db.sql(
        "select value, measure, confidence from observation "
        "where indicator_id = 'ipv6_usage_rate' and geo = 'VN' and period_text = '2025-09' "
        "order by value"
    ).fetchall()
    assert september == [(61.2, "apnic", "medium"), (65.0, "vnnic", "high")]
    n_points = one(
        seed_db, "select count(*) from observation where indicator_id = 'ipv6_usage_rate'"
    )[0]
    assert isinstance(n_points, int) and n_points >= 10
    # The 2030 target reads the higher-confidence VNNIC figure and lists both.
    progress = one(
        seed_db,
        "select latest_period_text, latest_value, n_values_latest_period, latest_period_values "
        "from v_target_progress where indicator_id = 'ipv6_usage_rate' and deadline_text = '2030'",
    )
    assert progress[:3] == ("2025-09", 65.0, 2)
    assert isinstance(progress[3], str)
    assert "61.2 (apnic" in progress[3] and "65.0 (vnnic" in progress[3]

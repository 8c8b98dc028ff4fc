"""Partner profile without a browser: the named queries, the figure builders (domains by status,
timeline), the layout (profile, switcher, not-found) and the CSV downloads, against warehouses
built by the real ETL.

Fixture facts: AAA {d1, d2, d3} agreed with the ministry MIN (l1, s1), events e1 (meeting, 17 May
2020), e5 (forum planned for June 2001), e7 (meeting, Nov 2019, inferred); BBB d2 proposed with
Ho Chi Minh City acting for Vietnam (l2, s2) and d3 completed with MIN (l3, 2020, s1 s2), events
e2 (forum planned for Oct 2099) and e3 (conference, 29 May, year not stated); BBB's jurisdiction
BB has decree i3; Vietnamese instruments i1 (s1), i2 (s2), i4 (s3)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import theme
from dashboard.app import app
from dashboard.data import query
from dashboard.figures import partner as figs
from tests.dashboard.tree import by_id, text_of, walk


@pytest.fixture(scope="module")
def mod() -> ModuleType:
    """The page module as Dash's pages loader imported it."""
    return sys.modules["pages.partner"]


@pytest.fixture
def fixture(fixture_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/partner/AAA"):
        yield


@pytest.fixture
def seed(seed_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/partner/KOR"):
        yield


def has_id(root: Any, cid: str) -> bool:
    return any(getattr(c, "id", None) == cid for c in walk(root))


def h1(root: Any) -> str:
    return text_of(next(c for c in walk(root) if type(c).__name__ == "H1"))


def csv_rows(client: Any, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


# --- named queries ------------------------------------------------------------------------------


def test_partner_list(fixture: None) -> None:
    frame = query("partner_list")
    assert frame.select("partner_id", "role", "n_domains", "n_link_records", "n_events").rows() == [
        ("AAA", "partner", 3, 1, 3),
        ("BBB", "partner", 2, 2, 2),
        ("ORG", "partner", 1, 1, 1),
        ("VN-SG", "vn_actor", 2, 1, 0),
    ]


def test_partner_domains_name_the_other_side(fixture: None) -> None:
    bbb = query("partner_domains", partner="BBB")
    # g2 first: as many domains as g1, but further along
    assert bbb.select("domain_id", "group_id", "status").rows() == [
        ("d3", "g2", "completed"),
        ("d2", "g1", "proposed"),
    ]
    d3 = bbb.row(0, named=True)
    assert [(c["id"], c["status"]) for c in d3["counterparts"]] == [
        ("MIN", "completed"),
        ("VN-SG", "proposed"),
    ]
    assert d3["counterparts_en"] == "Ministry; Ho Chi Minh City"
    assert (d3["n_records"], d3["source_ids"]) == (2, "s1, s2")
    city = query("partner_domains", partner="VN-SG")
    assert city.select("domain_id", "status", "counterpart_ids").rows() == [
        ("d2", "proposed", "BBB"),
        ("d3", "proposed", "BBB"),
    ]
    assert query("partner_domains", partner="XXX").is_empty()


def test_partner_events_keep_the_date_precision(fixture: None) -> None:
    aaa = query("partner_events", partner="AAA")
    assert aaa.select("event_id", "date_precision", "on_axis", "planned").rows() == [
        ("e5", "month", True, True),
        ("e7", "month", True, False),
        ("e1", "day", True, False),
    ]
    e7 = aaa.row(1, named=True)
    assert (e7["span_start"], e7["span_end"], e7["date_inferred"]) == (
        dt.date(2019, 11, 1),
        dt.date(2019, 11, 30),
        True,
    )
    bbb = query("partner_events", partner="BBB")
    assert bbb.select("event_id", "date_text", "on_axis", "planned").rows() == [
        ("e2", "2099-10", True, True),
        ("e3", "--05-29", False, False),
    ]
    assert bbb.row(0, named=True)["participants_en"] == "Ministry"


def test_partner_instruments_own_jurisdiction_then_cited(fixture: None) -> None:
    bbb = query("partner_instruments", partner="BBB")
    assert bbb.select("instrument_id", "relation", "stage").rows() == [
        ("i3", "jurisdiction", "adopted"),
        ("i1", "cited_with_partner", "in_force"),
        ("i2", "cited_with_partner", "drafting"),
        ("i4", "cited_with_partner", "mentioned"),
    ]
    i3 = bbb.row(0, named=True)
    assert (i3["stage_date_text"], i3["stage_date_precision"]) == ("2019", "year")
    i1 = bbb.row(1, named=True)
    assert (i1["stage_date_text"], i1["adopted_text"], i1["votes_for"]) == (
        "2021-01-01",
        "2020-01-10",
        400,
    )
    aaa = query("partner_instruments", partner="AAA")
    assert aaa.select("instrument_id", "shared_source_ids").rows() == [("i1", "s1"), ("i2", "s2")]


def test_partner_sources_count_the_facts_each_supports(fixture: None) -> None:
    bbb = query("partner_sources", partner="BBB")
    assert bbb.select("source_id", "n_links", "n_events", "n_instruments", "n_facts").rows() == [
        ("s2", 2, 1, 2, 5),
        ("s1", 1, 0, 2, 3),
        ("s3", 0, 1, 1, 2),
    ]


# --- figures ----------------------------------------------------------------------------------------


def test_domain_status_figure(fixture: None) -> None:
    fig = figs.domain_status_figure(query("partner_domains", partner="BBB"), "en")
    bar = next(tr for tr in fig.data if tr.type == "bar")
    assert list(bar.x) == [4, 1]  # length = status rank
    assert list(bar.marker.color) == [
        theme.COOP_COLOURS["completed"],
        theme.COOP_COLOURS["proposed"],
    ]
    assert list(bar.text) == ["Completed", "Proposed"]  # the status in words, not only colour
    assert list(fig.layout.yaxis.ticktext) == ["<b>Group 2</b>", "Clean energy", "<b>Group 1</b>", "Semiconductors"]  # fmt: skip
    assert list(bar.y) == [1, 3]  # the group rows have no bar
    actors = next(tr for tr in fig.data if tr.type == "scatter")
    assert list(actors.text) == ["Ministry; Ho Chi Minh City", "Ho Chi Minh City"]
    assert "Vietnamese actor: Ministry: Completed; Ho Chi Minh City: Proposed" in bar.customdata[0]
    assert "Sources: s1, s2" in bar.customdata[0] and "first recorded: 2020" in bar.customdata[0]
    assert any(a.text == "<b>Vietnamese actor</b>" for a in fig.layout.annotations)
    city = figs.domain_status_figure(query("partner_domains", partner="VN-SG"), "vi", foreign=False)
    assert any(a.text == "<b>Đối tác nước ngoài</b>" for a in city.layout.annotations)
    empty = figs.domain_status_figure(query("partner_domains", partner="XXX"), "en")
    assert empty.layout.annotations[0].text == "No cooperation domain recorded"


def points(fig: go.Figure) -> list[go.Scatter]:
    return [tr for tr in fig.data if tr.mode == "markers+text"]


def test_timeline_figure(fixture: None) -> None:
    fig = figs.timeline_figure(
        query("partner_events", partner="AAA"), "en", today=dt.date(2025, 1, 1)
    )
    done, planned = points(fig)
    assert list(done.text) == ["Nov 2019 (inferred)", "17 May 2020"]
    assert list(done.y) == ["Meeting", "Meeting"]
    assert list(done.marker.symbol) == ["circle", "circle"]
    assert list(planned.text) == ["Jun 2001"]
    assert list(planned.marker.symbol) == ["hexagon-open"]  # planned: hollow
    assert planned.marker.color == theme.OKABE_ITO["vermillion"]
    # the month-precise dates are spans over their month, the marker in the middle
    assert done.x[0] == dt.date(2019, 11, 15) and done.x[1] == dt.date(2020, 5, 17)
    spans = [tr for tr in fig.data if tr.mode == "lines"]
    assert [list(s.x) for s in spans] == [
        [dt.date(2019, 11, 1), dt.date(2019, 12, 1), None],
        [dt.date(2001, 6, 1), dt.date(2001, 7, 1), None],
    ]
    assert spans[1].line.dash == "dot"
    assert list(fig.layout.yaxis.categoryarray) == ["Meeting", "Forum"]
    assert "Sources: s1, s2" in done.customdata[1] and "With: Ministry" in done.customdata[1]
    legend = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name]
    assert legend == [
        "Held, signed or under way",
        "Planned or proposed (hollow marker, dashed span)",
    ]


def test_timeline_leaves_out_events_without_a_year(fixture: None) -> None:
    bbb = query("partner_events", partner="BBB")
    fig = figs.timeline_figure(bbb, "vi", today=dt.date(2025, 1, 1))
    assert [list(tr.text) for tr in points(fig)] == [["tháng 10/2099"]]
    only_undated = bbb.filter(~pl.col("on_axis"))
    empty = figs.timeline_figure(only_undated, "en")
    assert empty.layout.annotations[0].text == "No event has a known year to place on the time axis"


# --- layout ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "name"), [("vi", "Nước B"), ("en", "Country B")])
def test_profile_layout(fixture: None, mod: ModuleType, lang: str, name: str) -> None:
    root = mod.layout(partner_id="BBB", lang=lang)
    assert h1(root) == name
    assert by_id(root, "lang-switch").href == f"/partner/BBB?lang={'en' if lang == 'vi' else 'vi'}"
    for cid in ("partner-domains-graph", "partner-timeline-graph", "partner-instruments-card", "partner-sources-card"):  # fmt: skip
        assert has_id(root, cid)
    undated = text_of(by_id(root, "partner-timeline-undated"))
    assert ("29/5, không rõ năm" if lang == "vi" else "29 May, year not stated") in undated
    assert (
        by_id(root, "partner-domains-csv").href
        == f"/download/partner-domains.csv?lang={lang}&partner=BBB"
    )
    assert (
        by_id(root, "partner-timeline-csv").href
        == f"/download/partner-timeline.csv?lang={lang}&partner=BBB"
    )
    instruments = text_of(by_id(root, "partner-instruments-card"))
    assert ("Nghị định B" if lang == "vi" else "Decree B") in instruments
    assert "s2" in text_of(by_id(root, "partner-sources-table"))


def test_switcher_lists_every_partner_and_marks_the_current(fixture: None, mod: ModuleType) -> None:
    root = mod.layout(partner_id="AAA", lang="en")
    switch = by_id(root, "partner-switch")
    links = [c for c in walk(switch) if type(c).__name__ == "A"]
    assert [a.href for a in links] == [
        "/partner/AAA?lang=en", "/partner/BBB?lang=en", "/partner/ORG?lang=en", "/partner/VN-SG?lang=en",
    ]  # fmt: skip
    assert [getattr(a, "aria-current", None) for a in links] == ["page", None, None, None]
    summary = by_id(root, "partner-switch-button")
    assert getattr(summary, "aria-labelledby") == "partner-switch-label partner-switch-value"
    assert by_id(root, "partner-switch-value").children == "Country A"
    assert "Vietnamese side" in text_of(links[3])


def test_unknown_partner_shows_not_found_with_links(fixture: None, mod: ModuleType) -> None:
    root = mod.layout(partner_id="XXX", lang="en")
    assert h1(root) == "Partner not found"
    assert "“XXX”" in text_of(by_id(root, "partner-not-found"))
    links = [c.href for c in walk(by_id(root, "partner-valid-partners")) if type(c).__name__ == "A"]
    assert links[0] == "/partner/AAA?lang=en" and len(links) == 4
    assert h1(mod.layout(partner_id=None, lang="vi")) == "Không tìm thấy đối tác"
    assert h1(mod.layout(partner_id="bbb", lang="en")) == "Country B"  # ids are matched case-blind


def test_csv_downloads_hold_the_rows_drawn(fixture: None, mod: ModuleType) -> None:
    client = app.server.test_client()
    domains = csv_rows(client, "/download/partner-domains.csv?lang=en&partner=BBB")
    fig = figs.domain_status_figure(query("partner_domains", partner="BBB"), "en")
    assert [r["domain_id"] for r in domains] == ["d3", "d2"]
    assert len(domains) == len(next(tr for tr in fig.data if tr.type == "bar").x)
    assert domains[0]["other_side"] == "Ministry: Completed; Ho Chi Minh City: Proposed"
    timeline = csv_rows(client, "/download/partner-timeline.csv?lang=vi&partner=BBB")
    assert [(r["event_id"], r["date"], r["on_axis"]) for r in timeline] == [
        ("e2", "tháng 10/2099", "true"),
        ("e3", "29/5, không rõ năm", "false"),
    ]
    assert len(csv_rows(client, "/download/partner-instruments.csv?lang=en&partner=BBB")) == 4
    assert [r["n_facts"] for r in csv_rows(client, "/download/partner-sources.csv?lang=en&partner=BBB")] == ["5", "3", "2"]  # fmt: skip
    assert csv_rows(client, "/download/partner-domains.csv?lang=en&partner=XXX") == []


# --- seed data ---------------------------------------------------------------------------------------


def test_seed_partners_and_their_instruments(seed: None, mod: ModuleType) -> None:
    ids = query("partner_list")["partner_id"].to_list()
    assert set(ids) == {"KOR", "LAO", "RUS", "USA", "JPN", "ASEAN", "VN-SG"}
    assert ids[-1] == "VN-SG"
    kor = query("partner_instruments", partner="KOR")
    assert kor.filter(pl.col("relation") == "jurisdiction").height == 4
    assert set(kor.filter(pl.col("relation") == "jurisdiction")["jurisdiction"]) == {"KR"}
    assert "vn-law-digital-technology-industry" in set(kor["instrument_id"])
    lao = query("partner_instruments", partner="LAO")
    assert lao.filter(pl.col("relation") == "jurisdiction")["stage"].to_list() == ["proposed"] * 3
    root = mod.layout(partner_id="KOR", lang="vi")
    assert h1(root) == "Hàn Quốc"
    assert "Republic of Korea" in h1(mod.layout(partner_id="KOR", lang="en"))
    ru = query("partner_events", partner="RUS")
    assert set(ru.filter(pl.col("date_precision") == "day_month")["event_id"]) == {
        "rus-roundtable",
        "rus-marine-colloquium",
    }


# --- bounded at scale ------------------------------------------------------------------------------


@pytest.fixture
def capped(fixture: None, mod: ModuleType, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The page with caps small enough to bite on the fixture data."""
    for name, value in {
        "MAX_SWITCH": 1, "MAX_MATCHES": 1, "MAX_DOMAINS": 1, "MAX_EVENTS": 1, "MAX_UNDATED": 0,
        "MAX_INSTRUMENTS": 1, "MAX_SOURCE_ROWS": 1, "MAX_SOURCES": 1,
    }.items():  # fmt: skip
        monkeypatch.setattr(mod, name, value)
    return mod


def test_capped_switcher_lists_the_most_active_and_searches_the_rest(capped: ModuleType) -> None:
    root = capped.layout(partner_id="ORG", lang="en")
    links = [c.href for c in walk(by_id(root, "partner-switch-list")) if type(c).__name__ == "A"]
    # the most active partner, the current one and the city acting for Vietnam
    assert links == ["/partner/AAA?lang=en", "/partner/ORG?lang=en", "/partner/VN-SG?lang=en"]
    assert "Listing 3 of 4 partners (the most active)" in text_of(by_id(root, "partner-switch"))
    assert has_id(root, "partner-search") and has_id(root, "partner-search-results")
    found = capped.search("country", "en")
    assert [c.children.href for c in found[:1]] == ["/partner/AAA?lang=en"]
    assert found[1].children == "1 of 2 matching partners; type more to narrow the search."
    assert capped.search("bbb", "vi")[0].children.href == "/partner/BBB?lang=vi"  # ids, too
    assert capped.search("zzz", "en")[0].children == "No partner matches."
    assert capped.search("", "en") == []
    missing = capped.layout(partner_id="XXX", lang="en")
    assert has_id(missing, "partner-search")


def test_capped_profile_says_what_it_shows(capped: ModuleType) -> None:
    root = capped.layout(partner_id="BBB", lang="en")
    bar = next(tr for tr in by_id(root, "partner-domains-graph").figure.data if tr.type == "bar")
    assert list(bar.x) == [4]  # of d3 completed and d2 proposed, the most advanced
    assert text_of(by_id(root, "partner-domains-shown")).startswith("Showing 1 of 2 domains")
    assert text_of(by_id(root, "partner-timeline-shown")).startswith(
        "Showing the 1 most recent of 1 events with a known year and 0 of 1"
    )
    assert not has_id(root, "partner-timeline-undated")
    assert "Showing 1 of 4 instruments" in text_of(by_id(root, "partner-instruments-card"))
    assert "Showing 1 of 3 sources" in text_of(by_id(root, "partner-sources-card"))
    assert (
        sum(1 for c in walk(by_id(root, "partner-sources-table")) if type(c).__name__ == "Tr") == 2
    )
    # the CSV files still hold every row
    client = app.server.test_client()
    assert len(csv_rows(client, "/download/partner-domains.csv?lang=en&partner=BBB")) == 2
    assert len(csv_rows(client, "/download/partner-sources.csv?lang=en&partner=BBB")) == 3


def test_seed_profiles_fit_under_every_cap(seed: None, mod: ModuleType) -> None:
    for pid in query("partner_list")["partner_id"]:
        root = mod.layout(partner_id=pid, lang="en")
        assert not any(str(getattr(c, "id", "")).endswith("-shown") for c in walk(root)), pid
        assert not has_id(root, "partner-search")

"""Sources and method page without a browser: the source catalogue and coverage chart, how many
sources back each fact (search and filters), the method text, the taxonomy, the callback, the
layout and the CSV downloads, against warehouses built by the real ETL.

Fixture facts: sources s1 (Publisher One, 18 May 2020, en, news), s2 (Publisher Two, Mar 2021, fr
translated from vi, official) and s3 (Publisher Three, a related item of s2 with no URL, "no");
47 facts of which three (e1, i3, l3) are backed by two sources; four domains in two groups."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import plotly.graph_objects as go
import pytest

from dashboard import theme
from dashboard.app import app
from dashboard.figures import sources as figs
from tests.dashboard.tree import by_id, text_of, walk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def mod() -> ModuleType:
    """The page module as Dash's pages loader imported it."""
    return sys.modules["pages.sources"]


@pytest.fixture
def fixture(fixture_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/sources"):
        yield


@pytest.fixture
def seed(seed_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/sources"):
        yield


def bars(fig: go.Figure) -> list[go.Bar]:
    return [tr for tr in fig.data if tr.type == "bar"]


def table_rows(component: Any) -> list[list[str]]:
    """Cells of each body row of the HTML tables inside ``component``."""
    rows = []
    for c in walk(component):
        if type(c).__name__ == "Tbody":
            for tr in c.children:
                rows.append([text_of(td) for td in tr.children])
    return rows


def csv_rows(client: Any, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


# --- sources and what they support ---------------------------------------------------------------


def test_coverage_lists_every_source_with_parent_link_and_counts(fixture: None, mod: Any) -> None:
    frame = mod.coverage_frame()
    assert frame["source_id"].to_list() == ["s1", "s2", "s3"]  # most facts first
    s3 = frame.row(2, named=True)
    assert s3["url"] is None and s3["url_note"] == "No address given."
    assert (s3["kind"], s3["parent_source_id"], s3["parent_publisher"]) == (
        "related_item", "s2", "Publisher Two",
    )  # fmt: skip
    assert frame.filter(frame["source_id"] == "s1")["n_facts"][0] == 36


def test_coverage_bars_stack_fact_kinds_per_source(fixture: None, mod: Any) -> None:
    frame = mod.coverage_frame()
    fig = figs.coverage_bars(frame, "en")
    traces = bars(fig)
    assert [tr.name for tr in traces] == [
        "Cooperation links", "Events", "Legal", "Targets", "Observations",
    ]  # fmt: skip
    assert [tr.marker.color for tr in traces] == theme.SERIES[:5]
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.yaxis.tickvals) == ["s1", "s2", "s3"]
    assert (
        fig.layout.yaxis.ticktext[2] == "Publisher Three — Third source, an item inside the seco…"
    )
    # the bars of each source add up to its total, which is written at the end of the bar
    for i, r in enumerate(frame.iter_rows(named=True)):
        assert sum(tr.x[i] or 0 for tr in traces) == r["n_facts"]
    totals = next(tr for tr in fig.data if tr.type == "scatter")
    assert [t.strip() for t in totals.text] == ["36", "11", "3"]
    # the source's description is on one hover per bar (the total's), the kinds' counts beside it
    assert fig.layout.hovermode == "y unified"
    hover = totals.hovertext[2]
    assert "related item in s2" in hover and "Norwegian" in hover
    assert "3 resting on this source alone" in hover


def test_catalogue_gives_language_date_link_or_reason_and_parent(fixture: None, mod: Any) -> None:
    table = mod.catalogue_table(mod.coverage_frame(), "en")
    rows = {r[0].split(" ")[0] + " " + r[0].split(" ")[1]: r for r in table_rows(table)}
    one, two, three = rows["Publisher One"], rows["Publisher Two"], rows["Publisher Three"]
    assert one[2] == "18 May 2020" and one[1] == "English"
    assert two[1] == "French translated from Vietnamese" and two[2] == "Mar 2021"
    assert "example.org ↗" in one[3]
    assert three[3] == "No link. No address given."
    assert three[4] == "Related item Related item in: Publisher Two (Mar 2021) [s2]"
    assert three[2] == "date not stated"
    vi = table_rows(mod.catalogue_table(mod.coverage_frame(), "vi"))
    assert vi[2][3] == "Không có đường dẫn. Ghi chú (tiếng Anh): No address given."
    assert vi[1][1] == "tiếng Pháp dịch từ tiếng Việt"
    assert vi[1][2] == "tháng 3/2021"


def test_inferred_publication_dates_are_flagged_with_the_note(seed: None, mod: Any) -> None:
    frame = mod.coverage_frame()
    table = table_rows(mod.catalogue_table(frame, "en"))
    ids = frame["source_id"].to_list()
    oct25 = table[ids.index("mst-2025-10-25-kor")]
    assert oct25[2].startswith(
        "25 Oct 2025 (inferred) Read from the timestamp in the article's URL"
    )
    assert oct25[1] == "Norwegian translated from Vietnamese, via Norwegian translation"
    csv_frame = mod.coverage_csv_frame(frame, "vi")
    row = csv_frame.filter(csv_frame["source_id"] == "mst-2025-10-25-kor").row(0, named=True)
    assert row["published_label"] == "25/10/2025 (suy luận)" and row["published_inferred"]


# --- how many sources back each fact --------------------------------------------------------------


def test_fact_filters_search_type_and_corroboration(fixture: None, mod: Any) -> None:
    assert mod.facts_frame("", [], []).height == 47
    multi = mod.facts_frame("", [], ["multiple_sources"])
    assert sorted(multi["fact_id"].to_list()) == ["e1", "i3", "l3"]
    assert set(multi["n_sources"].to_list()) == {2}
    assert mod.facts_frame("", ["legal_stage"], []).height == 4
    # search ignores case and accents and needs every word
    assert mod.facts_frame("FORUM b", [], [])["fact_id"].to_list() == ["e2"]
    assert sorted(mod.facts_frame("forum", [], [])["fact_id"].to_list()) == ["e2", "e5"]
    assert mod.facts_frame("hop suy", [], [])["fact_id"].to_list() == ["e7"]
    assert sorted(mod.facts_frame("họp", ["event"], [])["fact_id"].to_list()) == ["e1", "e7"]
    assert mod.facts_frame("forum zzz", [], []).is_empty()
    e1 = mod.facts_frame("", ["event"], ["multiple_sources"]).row(0, named=True)
    assert (e1["source_ids"], e1["languages"]) == ("s1, s2", "en, fr")
    assert mod.filters_of({"q": " x ", "type": "event,bogus", "corroboration": "nope"}) == (
        "x", ["event"], [],
    )  # fmt: skip


def test_legal_stage_labels_use_the_stage_word_of_the_language(fixture: None, mod: Any) -> None:
    table = mod.facts_table_frame(mod.facts_frame("", ["legal_stage"], []), "vi")
    labels = dict(zip(table["fact_id"], table["label"], strict=True))
    assert labels["i1:adopted"] == "Luật Một (đã thông qua)"
    assert labels["i2:submitted"] == "Luật Hai (đã trình)"
    assert set(table["fact_type_label"]) == {"Bước của văn bản"}


def test_corroboration_bars_count_facts_by_number_of_sources(fixture: None, mod: Any) -> None:
    fig = figs.corroboration_bars(mod.facts_summary("", [], []), "en")
    one, two, more = bars(fig)
    assert [one.name, two.name, more.name] == ["1 source", "2 sources", "3 or more sources"]
    assert [tr.marker.color for tr in (one, two, more)] == [
        figs.CORROBORATION_COLOURS[b] for b in figs.CORROBORATION_BUCKETS
    ]
    assert list(one.y) == [
        "Cooperation link", "Event", "Legal instrument", "Legal stage", "Reported count",
        "Target", "Observation",
    ]  # fmt: skip
    assert list(two.x) == [1, 1, 1, None, None, None, None]
    assert list(one.x) == [3, 6, 3, 4, 1, 9, 18]
    assert sum(v or 0 for tr in (one, two, more) for v in tr.x) == 47  # every fact, once
    assert "Meeting A" in two.hovertext[1] and "Sources: s1, s2" in two.hovertext[1]
    empty = figs.corroboration_bars(mod.facts_summary("no such fact", [], []), "vi")
    assert empty.layout.annotations[0].text == "Không có dữ kiện nào khớp với bộ lọc"


def test_seed_korea_meeting_is_backed_by_french_and_norwegian_sources(seed: None, mod: Any) -> None:
    frame = mod.facts_frame("Seoul", ["event"], ["multiple_sources"])
    row = frame.filter(frame["fact_id"] == "kor-ministers-2025-08-12").row(0, named=True)
    assert row["n_sources"] == 2
    assert row["source_ids"] == "mst-2025-08-12-kor, mst-2025-10-25-kor"
    assert row["languages"] == "fr, no"


def test_callback_redraws_chart_table_sources_and_csv(fixture: None, mod: Any) -> None:
    figure, table, sources, href, shown = mod.update_facts("hop", "event", "", "vi")
    assert {y for tr in bars(figure) for y in tr.y} == {"Sự kiện"}
    assert sum(v or 0 for tr in bars(figure) for v in tr.x) == 2
    labels = [r[1] for r in table_rows(table)]
    assert sorted(labels) == ["Họp A", "Họp suy luận"]
    assert "Publisher One" in text_of(sources)
    assert href == "/download/sources-facts.csv?lang=vi&q=hop&type=event"
    assert shown == "Đang hiển thị 2 / 47 dữ kiện."
    *_, href, shown = mod.update_facts("", "", "multiple_sources", "en")
    assert shown == "Showing 3 of 47 facts."
    assert href == "/download/sources-facts.csv?lang=en&corroboration=multiple_sources"


# --- method and taxonomy --------------------------------------------------------------------------


def test_method_section_states_the_rules_in_both_languages(fixture: None, mod: Any) -> None:
    vi = text_of(mod.method_section("vi"))
    for words in (
        "tốc độ thực tế = (giá trị mới nhất − giá trị gốc)",
        "tốc độ cần có = (giá trị mục tiêu − giá trị gốc) ÷ số năm từ kỳ gốc đến hạn",
        "Tỷ số từ 0,5 đến dưới 1",
        "5 năm trước số liệu mới nhất",
        "ngày giữa kỳ",
        "độ tin cậy cao nhất",
    ):
        assert words in vi
    for status in ("Đã đạt", "Đúng tiến độ", "Cải thiện vừa phải", "Trì trệ", "Đi xuống",
                   "Không đạt", "Chưa đủ dữ liệu", "Chưa có số đo"):  # fmt: skip
        assert status in vi
    en = mod.method_section("en")
    assert "Ratio of 1 or more" in text_of(en) and "Sustainable Development Report" in text_of(en)
    links = [c.href for c in walk(en) if type(c).__name__ == "A"]
    assert links == ["https://doi.org/10.25546/108572"]
    doc = (ROOT / "docs" / "target-status-method.md").read_text(encoding="utf-8")
    for words in (
        "365.25",
        "0.5 ≤ ratio < 1",
        "base period",
        "10.25546/108572",
        "highest confidence",
    ):
        assert words in doc


def test_taxonomy_tables_and_chart(fixture: None, mod: Any) -> None:
    frame = mod.taxonomy_frame()
    assert frame.height == 4
    d1 = frame.filter(frame["domain_id"] == "d1").row(0, named=True)
    assert (d1["terms_en"], d1["terms_fr"], d1["terms_no"]) == (
        "AI; artificial intelligence", "IA; intelligence artificielle", "KI; kunstig intelligens",
    )  # fmt: skip
    fig = figs.taxonomy_bars(frame, "vi")
    assert list(fig.data[0].y) == ["Nhóm 1", "Nhóm 2"] and list(fig.data[0].x) == [2, 2]
    assert "Trí tuệ nhân tạo" in fig.data[0].hovertext[0]
    tables = mod.taxonomy_tables(frame, "en")
    headings = [c.children for c in walk(tables) if type(c).__name__ == "H3"]
    assert headings == ["Group 1 (2 domains)", "Group 2 (2 domains)"]
    assert ["Trí tuệ nhân tạo", "Artificial intelligence", "trí tuệ nhân tạo",
            "AI; artificial intelligence", "IA; intelligence artificielle",
            "KI; kunstig intelligens"] in table_rows(tables)  # fmt: skip


# --- layout and downloads --------------------------------------------------------------------------


def test_layout_reads_filters_from_the_url(fixture: None, mod: Any) -> None:
    root = mod.layout(lang="en", q="forum b", type="event", corroboration="")
    h1 = next(c for c in walk(root) if type(c).__name__ == "H1")
    assert "Sources" in h1.children
    assert by_id(root, "sources-facts-search").value == "forum b"
    assert by_id(root, "sources-facts-type").value == "event"
    assert by_id(root, "sources-facts-shown").children == "Showing 1 of 47 facts."
    assert by_id(root, "sources-facts-csv").href == (
        "/download/sources-facts.csv?lang=en&q=forum+b&type=event"
    )
    label = next(c for c in walk(root) if type(c).__name__ == "Label")
    assert label.htmlFor == "sources-facts-search"
    stats = {
        c.id: text_of(c) for c in walk(root) if str(getattr(c, "id", "")).startswith("sources-stat")
    }
    assert stats["sources-stat-sources"].startswith("3 Sources")
    assert stats["sources-stat-multi"].startswith("3 Facts backed by two or more sources")
    assert stats["sources-stat-nolink"].startswith("1 Sources without a link")
    vi = mod.layout(lang="vi")
    assert "Nguồn" in next(c for c in walk(vi) if type(c).__name__ == "H1").children
    # the table views of the three cards are unfolded
    opened = [c for c in walk(vi) if type(c).__name__ == "Details" and getattr(c, "open", False)]
    assert len(opened) == 3


def test_csv_downloads_hold_the_rows_shown(fixture: None, mod: Any) -> None:
    client = app.server.test_client()
    facts = csv_rows(
        client, "/download/sources-facts.csv?lang=en&type=event&corroboration=multiple_sources"
    )
    assert [(r["fact_id"], r["label"], r["n_sources"], r["languages"]) for r in facts] == [
        ("e1", "Meeting A", "2", "en, fr")
    ]
    everything = csv_rows(client, "/download/sources-facts.csv?lang=vi")
    assert len(everything) == 47
    coverage = csv_rows(client, "/download/sources-coverage.csv?lang=en")
    assert [r["source_id"] for r in coverage] == ["s1", "s2", "s3"]
    assert (
        coverage[2]["url_note"] == "No address given." and coverage[2]["parent_source_id"] == "s2"
    )
    taxonomy = csv_rows(client, "/download/sources-taxonomy.csv?lang=vi")
    assert [r["domain_id"] for r in taxonomy] == ["d1", "d2", "d3", "d4"]
    assert taxonomy[0]["group_label"] == "Nhóm 1"


def test_facts_table_is_bounded_with_a_note_and_the_full_csv(
    fixture: None, mod: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At scale the table lists the facts with most sources first and says how many it leaves
    out; the chart and the count line still count every selected fact, the CSV holds them all."""
    monkeypatch.setattr(mod, "FACTS_CAP", 5)
    monkeypatch.setattr(mod, "SOURCES_CAP", 1)
    parts = mod.facts_parts("", [], [], "en")
    rows = table_rows(parts["table"])
    assert len(rows) == 5 and [r[2] for r in rows[:3]] == ["2", "2", "2"]
    assert "The table lists 5 of 47 facts" in text_of(parts["table"])
    assert parts["shown"] == "Showing 47 of 47 facts."
    assert sum(v or 0 for tr in bars(parts["figure"]) for v in tr.x) == 47
    assert "Showing 1 of 3 sources" in text_of(parts["sources"])
    assert mod.facts_frame("", [], [], 5).height == 5
    everything = csv_rows(app.server.test_client(), "/download/sources-facts.csv?lang=en")
    assert len(everything) == 47


def test_coverage_is_bounded_with_a_note(
    fixture: None, mod: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mod, "COVERAGE_CAP", 2)
    root = mod.layout(lang="en")
    assert list(by_id(root, "sources-coverage-graph").figure.layout.yaxis.tickvals) == ["s1", "s2"]
    assert by_id(root, "sources-coverage-shown").children.startswith("Showing 2 of 3 sources")
    assert len(table_rows(by_id(root, "sources-coverage-table"))) == 2
    # the headline numbers still count every source
    assert text_of(by_id(root, "sources-stat-sources")).startswith("3 Sources")
    coverage = csv_rows(app.server.test_client(), "/download/sources-coverage.csv?lang=en")
    assert len(coverage) == 3


def test_taxonomy_tables_are_bounded_with_a_note(
    fixture: None, mod: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At scale each group lists its first domains, the note says how many are shown and the
    CSV still lists every domain; the seed data is under the bound (see the seed test)."""
    monkeypatch.setattr(mod, "TAXONOMY_CAP", 2)
    monkeypatch.setattr(mod, "TAXONOMY_MIN_PER_GROUP", 1)
    root = mod.layout(lang="en")
    table = by_id(root, "sources-taxonomy-table")
    assert len(table_rows(table)) == 2
    assert by_id(root, "sources-taxonomy-shown").children.startswith(
        "Showing 2 of 4 domains: the first 1 of each group"
    )
    # each group's heading still counts all its domains
    headings = [c.children for c in walk(table) if type(c).__name__ == "H3"]
    assert headings == ["Group 1 (2 domains)", "Group 2 (2 domains)"]
    taxonomy = csv_rows(app.server.test_client(), "/download/sources-taxonomy.csv?lang=en")
    assert len(taxonomy) == 4


# the search and counts before they were rewritten for scale (over the views), as a reference
OLD_FACTS = """
with labelled as (
    select v.*,
        strip_accents(lower(concat_ws(' ', v.label_vi, v.label_en, v.fact_id, v.source_ids)))
            as haystack
    from v_fact_sources as v
),
words as (
    select distinct strip_accents(lower(u.word)) as word
    from (select unnest(string_split(trim(coalesce($search, '')), ' ')) as word) as u
    where u.word <> ''
),
matched as (
    select lb.fact_type, lb.fact_id
    from labelled as lb
    inner join words as w
        on regexp_matches(lb.haystack, '(^|[^a-z0-9])' || regexp_escape(w.word))
    group by lb.fact_type, lb.fact_id
    having count(*) = (select count(*) from words)
)
select lb.fact_type, lb.fact_id, lb.n_sources
from labelled as lb
where not exists (select 1 from words)
    or exists (select 1 from matched as m
               where m.fact_type = lb.fact_type and m.fact_id = lb.fact_id)
order by lb.n_sources desc, lb.fact_type, lb.fact_id
"""
SEARCHES = (
    "",
    "seoul",
    "law data",
    "vn",
    "2023",
    "ipv6 2024",
    "mst-2025",
    "internet",
    "13.6",
    "vn:2018",
    "ref-nss",
    "việt nam",
    "LUẬT",
    "kor",
    "e1",
    "meeting",
)


def _reference(search: str) -> list[tuple[str, str, int]]:
    from dashboard import data
    from etl import warehouse

    con = data._connection(data.snapshot_path() / warehouse.DB_NAME).cursor()
    return [tuple(r) for r in con.execute(OLD_FACTS, {"search": search}).fetchall()]


@pytest.mark.parametrize("data_fixture", ["fixture", "seed"])
def test_search_finds_what_the_view_based_search_found(
    data_fixture: str, request: pytest.FixtureRequest, mod: Any
) -> None:
    """The search matches small tables first (indicators, sources, territories, periods) and
    counts observations per source: it finds exactly the facts the search over every fact's
    full text found, with the same numbers of sources, and the chart counts them all."""
    request.getfixturevalue(data_fixture)
    for search in SEARCHES:
        expected = _reference(search)
        frame = mod.facts_frame(search, [], [])
        got = list(zip(frame["fact_type"], frame["fact_id"], frame["n_sources"], strict=True))
        assert got == expected, search
        summary = mod.facts_summary(search, [], [])
        assert int(summary["n_facts"].sum()) == len(expected), search


@pytest.mark.parametrize("data_fixture", ["fixture", "seed"])
def test_coverage_counts_match_the_view(
    data_fixture: str, request: pytest.FixtureRequest, mod: Any
) -> None:
    from dashboard import data
    from etl import warehouse

    request.getfixturevalue(data_fixture)
    con = data._connection(data.snapshot_path() / warehouse.DB_NAME).cursor()
    view = con.sql(
        "select source_id, n_facts, n_links, n_events, n_legal, n_targets, n_observations, "
        "n_facts_only_source from v_source_coverage order by source_id"
    ).fetchall()
    frame = mod.coverage_frame().sort("source_id")
    cols = ["source_id", "n_facts", "n_links", "n_events", "n_legal", "n_targets",
            "n_observations", "n_facts_only_source"]  # fmt: skip
    assert [tuple(r) for r in frame.select(cols).iter_rows()] == view


def test_seed_page_is_whole(seed: None, mod: Any) -> None:
    """On the seed data no bound bites: every source, fact and domain is listed."""
    root = mod.layout(lang="en")
    texts = text_of(root)
    assert "Showing" not in text_of(by_id(root, "sources-coverage-card"))
    assert "sources-taxonomy-shown" not in [getattr(c, "id", None) for c in walk(root)]
    n_facts = int(mod.facts_summary("", [], [])["n_all"].sum())
    assert len(table_rows(by_id(root, "sources-facts-table"))) == n_facts
    assert len(table_rows(by_id(root, "sources-taxonomy-table"))) == mod.taxonomy_frame().height
    assert "The table lists" not in texts

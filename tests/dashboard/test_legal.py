"""Legal pipeline page without a browser: named queries and their filters, figure builders,
the reported counts and what became of them, the callback, the layout and the CSV downloads,
against warehouses built by the real ETL from the hand-made fixture facts and the seed facts.

Fixture facts: i1 VN law adopted 10 Jan 2020 (400 of 450), in force 1 Jan 2021; i2 VN law
drafting (2020), submission planned for Oct 2099; i3 BB decree adopted in 2019 (year only); i4
VN decision mentioned; count c1: 7 decrees being drafted as of Mar 2020, naming i1."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from datetime import date
from types import ModuleType
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import theme
from dashboard.app import app
from dashboard.figures import legal as figs
from tests.dashboard.tree import by_id, text_of, walk


@pytest.fixture(scope="module")
def mod() -> ModuleType:
    """The page module as Dash's pages loader imported it."""
    return sys.modules["pages.legal"]


@pytest.fixture
def fixture(fixture_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/legal"):
        yield


@pytest.fixture
def seed(seed_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/legal"):
        yield


def pressed(root: Any, control: str) -> list[str]:
    return [
        c.id["value"]
        for c in walk(root)
        if isinstance(getattr(c, "id", None), dict)
        and c.id.get("type") == f"{control}-chip"
        and getattr(c, "aria-pressed", None) == "true"
    ]


def bars(fig: go.Figure) -> list[go.Bar]:
    return [tr for tr in fig.data if tr.type == "bar"]


def total(trace: Any, axis: str = "x") -> int:
    return sum(v or 0 for v in getattr(trace, axis))


def csv_rows(client: Any, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


# --- queries and filters -----------------------------------------------------------------------


def test_stage_query_counts_named_instruments_at_the_stage_reached(fixture: None, mod: Any) -> None:
    frame = mod.stage_frame([], [])
    cells = {(r["jurisdiction"], r["stage"]): r for r in frame.iter_rows(named=True)}
    assert set(cells) == {
        ("VN", "mentioned"),
        ("VN", "drafting"),
        ("VN", "in_force"),
        ("BB", "adopted"),
    }
    # the planned 2099 submission of i2 does not count: it is still drafting
    assert cells[("VN", "drafting")]["instrument_ids"] == "i2"
    # i1 was adopted and its date in force has come
    assert cells[("VN", "in_force")]["instrument_ids"] == "i1"
    assert cells[("BB", "adopted")]["source_ids"] == "s1, s2"
    assert frame["jurisdiction"][0] == "VN"  # Vietnam first


def test_filters_apply_to_jurisdiction_and_kind(fixture: None, mod: Any) -> None:
    assert mod.stage_frame(["BB"], [])["jurisdiction"].to_list() == ["BB"]
    laws = mod.stage_frame([], ["law"])
    assert sorted(laws["stage"].to_list()) == ["drafting", "in_force"]
    both = mod.stage_frame(["VN"], ["decision"])
    assert both.select("stage", "instrument_ids").rows() == [("mentioned", "i4")]
    assert mod.filters_of({"jurisdiction": "VN,KR", "kind": ""}) == (["VN", "KR"], [])
    assert mod.filters_of({"jurisdiction": ["LA"], "kind": None}) == (["LA"], [])


# --- figures -------------------------------------------------------------------------------------


def test_stage_bars_stack_stages_in_order_with_labels_and_sources(fixture: None, mod: Any) -> None:
    fig = figs.stage_bars(mod.stage_frame([], []), "vi")
    traces = bars(fig)
    assert [tr.name for tr in traces] == [
        "Được nhắc đến", "Đề xuất", "Đang soạn thảo", "Đã trình", "Đã thông qua", "Có hiệu lực",
    ]  # fmt: skip
    assert [tr.marker.color for tr in traces] == [theme.STAGE_COLOURS[s] for s in figs.STAGES]
    assert fig.layout.barmode == "stack"
    in_force = traces[5]
    assert list(in_force.y) == ["Việt Nam", "BB"]
    assert list(in_force.x) == [1, None]
    assert list(in_force.text) == ["1", ""]  # the count is written on the bar
    assert "Luật Một" in in_force.hovertext[0] and "Nguồn: s1" in in_force.hovertext[0]
    assert "1 văn bản" in in_force.hovertext[0]
    assert sum(total(tr) for tr in traces) == 4


def test_stage_bars_follow_the_filter_and_say_when_empty(fixture: None, mod: Any) -> None:
    fig = figs.stage_bars(mod.stage_frame([], ["law"]), "en")
    assert {y for tr in bars(fig) for y in tr.y} == {"Viet Nam"}
    assert sum(total(tr) for tr in bars(fig)) == 2
    empty = figs.stage_bars(mod.stage_frame(["ZZ"], []), "en")
    assert not empty.data
    assert empty.layout.annotations[0].text == "No instrument in this selection"


def test_timeline_places_only_day_or_month_dates_by_quarter(fixture: None, mod: Any) -> None:
    frame = mod.timeline_frame([], [])
    placed = figs.timeline_rows(frame)
    assert placed.select("instrument_id", "event", "quarter_start").rows() == [
        ("i1", "adopted", date(2020, 1, 1)),
        ("i1", "in_force", date(2021, 1, 1)),
    ]
    # Decree B is known only to the year 2019: not placed, but said
    missing = figs.timeline_unplaced(frame)
    assert missing.select("instrument_id", "date_precision").rows() == [("i3", "year")]
    assert mod.unplaced_text(frame, "en") == (
        "Not on the axis: 1 milestone with no date or only a year — Decree B (adopted, 2019)."
    )
    fig = figs.timeline_bars(frame, "en")
    adopted, in_force = bars(fig)
    quarters = ["Q1<br>2020", "Q2<br>2020", "Q3<br>2020", "Q4<br>2020", "Q1<br>2021"]
    assert list(adopted.x) == quarters and list(in_force.x) == quarters
    assert list(adopted.y) == [1, None, None, None, None]
    assert list(in_force.y) == [None, None, None, None, 1]
    assert adopted.marker.color == theme.STAGE_COLOURS["adopted"]
    assert in_force.marker.color == theme.STAGE_COLOURS["in_force"]
    assert "Law One — 10 Jan 2020" in adopted.hovertext[0] and "Sources: s1" in adopted.hovertext[0]
    assert "Law One — 1 Jan 2021" in in_force.hovertext[4]


def test_timeline_hatches_entries_into_force_still_to_come() -> None:
    frame = pl.DataFrame(
        {
            "instrument_id": ["a", "b"],
            "title_en": ["Act A", "Act B"],
            "title_vi": ["Luật A", "Luật B"],
            "event": ["adopted", "in_force"],
            "date_text": ["2030-02", "2031-01-01"],
            "date_precision": ["month", "day"],
            "date_inferred": [True, False],
            "placed": [True, True],
            "quarter_start": [date(2030, 1, 1), date(2031, 1, 1)],
            "scheduled": [False, True],
            "source_ids": ["x1", "x2"],
        }
    )
    fig = figs.timeline_bars(frame, "vi")
    names = [tr.name for tr in bars(fig)]
    assert names == ["Được thông qua", "Sẽ có hiệu lực (theo lịch)"]
    scheduled = bars(fig)[1]
    assert scheduled.marker.pattern.shape == "/"
    assert list(scheduled.x)[-1] == "Quý I<br>2031"
    assert "tháng 2/2030 (suy luận)" in bars(fig)[0].hovertext[0]


def test_votes_chart_shows_share_in_favour_dates_and_stage(fixture: None, mod: Any) -> None:
    frame = mod.votes_frame([], [])
    assert frame["instrument_id"].to_list() == ["i1"]  # the only adopted law (i3 is a decree)
    row = frame.row(0, named=True)
    assert (row["votes_for"], row["votes_present"], row["votes_for_pct"]) == (400, 450, 88.9)
    fig = figs.votes_dots(frame, "vi")
    dots = [tr for tr in fig.data if tr.mode == "markers+text"]
    assert len(dots) == 1
    assert dots[0].name == "Có hiệu lực"
    assert list(dots[0].x) == [88.9]
    assert list(dots[0].text) == ["88,9 % (400/450)"]
    assert dots[0].marker.color == theme.STAGE_COLOURS["in_force"]
    hover = dots[0].hovertext[0]
    assert "400 tán thành / 450 đại biểu tham gia (88,9 %)" in hover
    assert "Nguồn: s1" in hover and "Hiệu lực: 1/1/2021" in hover
    cells = [a.text for a in fig.layout.annotations]
    assert "Luật Một" in cells and "10/1/2020" in cells and "1/1/2021" in cells
    assert any("Có hiệu lực" in c for c in cells)
    assert fig.layout.xaxis.range == (0, 102)  # an honest axis from zero
    empty = figs.votes_dots(mod.votes_frame([], ["decree"]), "en")
    assert empty.layout.annotations[0].text == "No adopted law in this selection"


def test_votes_chart_marks_inferred_dates_and_missing_votes(seed: None, mod: Any) -> None:
    frame = mod.votes_frame(["VN"], ["law"])
    data = frame.filter(pl.col("instrument_id") == "vn-law-data").row(0, named=True)
    assert (data["votes_for"], data["votes_present"]) == (451, 458)
    fig = figs.votes_dots(frame, "en")
    texts = [t for tr in fig.data if tr.mode == "markers+text" for t in tr.text]
    assert "98.5 % (451/458)" in texts
    cells = [a.text for a in fig.layout.annotations]
    assert cells.count("Jun 2025<br>(inferred)") == 3  # three laws of the 9th session
    no_vote = next(tr for tr in fig.data if tr.mode == "text")
    assert set(no_vote.text) == {"Vote not reported"}
    row = frame["instrument_id"].to_list().index("vn-law-atomic-energy-2025")
    hover = no_vote.hovertext[list(no_vote.y).index(row)]
    assert "Adopted: Jun 2025 (inferred)" in hover
    assert "Note: Adopted at the 9th session" in hover and "Vote not reported" in hover
    table = mod.votes_table_frame(frame, "vi")
    labels = dict(zip(table["instrument_id"], table["adopted_label"], strict=True))
    assert labels["vn-law-atomic-energy-2025"] == "tháng 6/2025 (suy luận)"
    assert labels["vn-law-data"] == "30/11/2024"


# --- reported counts -----------------------------------------------------------------------------


def test_count_card_gives_number_date_source_and_what_happened(fixture: None, mod: Any) -> None:
    cards = mod.counts_children([], [], "vi")
    assert len(cards) == 1
    text = text_of(cards[0])
    assert cards[0].id == "legal-count-c1"
    assert "7" in text and "Nghị định đang soạn." in text
    assert "Tính đến tháng 3/2020" in text
    assert "Publisher Two, tháng 3/2021" in text  # the source, at its precision
    assert "Luật được nêu tên đã được thông qua (tháng 1/2020) và đã có hiệu lực." in text
    assert (
        mod.counts_children(["BB"], [], "en")[0].children == "No reported count in this selection."
    )


def test_seed_counts_say_the_four_planned_laws_were_adopted(seed: None, mod: Any) -> None:
    cards = {c.id: c for c in mod.counts_children(["VN"], [], "en")}
    submit = text_of(cards["legal-count-vn-laws-to-submit-2025-10"])
    assert "4" in submit and "As of 4 Aug 2025 · due Oct 2025" in submit and "Planned" in submit
    assert "All 4 named laws adopted (Dec 2025); 1 now in force." in submit
    decrees = text_of(cards["legal-count-vn-decrees-drafting-2025-08"])
    assert "16" in decrees and "Decree · Drafting" in decrees
    assert "All 5 named laws adopted (Jun 2025, some dates inferred); 2 now in force." in decrees
    named = mod.query("legal_count_instruments", count_ids=["vn-laws-to-submit-2025-10"])
    assert mod.since_summary(list(named.iter_rows(named=True)), "vi") == (
        "Cả 4 luật được nêu tên đã được thông qua (tháng 12/2025); 1 đã có hiệu lực."
    )
    assert "legal-count-vn-decrees-drafting-2025-08" not in {
        c.id for c in mod.counts_children([], ["law"], "en")
    }


# --- callback, layout and downloads --------------------------------------------------------------


def test_callback_redraws_every_chart_table_source_list_and_csv(fixture: None, mod: Any) -> None:
    out = mod.update(["BB"], [], "en")
    assert len(out) == 14
    stages, stage_table, stage_sources, stage_csv = out[0:4]
    assert {y for tr in bars(stages) for y in tr.y} == {"BB"}
    assert "Decree B" in text_of(stage_table)
    assert "Publisher One" in text_of(stage_sources) and "Publisher Two" in text_of(stage_sources)
    assert stage_csv == "/download/legal-stages.csv?lang=en&jurisdiction=BB"
    timeline = out[4]
    assert not bars(timeline)  # Decree B's date is only a year
    assert out[12].startswith("Not on the axis: 1 milestone")
    votes = out[8]
    assert votes.layout.annotations[0].text == "No adopted law in this selection"
    assert text_of(out[13]) == "No reported count in this selection."
    # the hidden inputs hold comma-joined strings: the callback takes them as they are
    out = mod.update("VN", "law,decision", "vi")
    assert sum(total(tr) for tr in bars(out[0])) == 3
    assert out[3] == "/download/legal-stages.csv?lang=vi&jurisdiction=VN&kind=law%2Cdecision"


def test_layout_sets_controls_from_the_url_and_draws_from_them(fixture: None, mod: Any) -> None:
    root = mod.layout(lang="en", jurisdiction="BB,ZZ", kind="")
    assert "Legal" in next(c for c in walk(root) if type(c).__name__ == "H1").children
    assert pressed(root, "legal-jurisdiction") == ["BB"]  # unknown values are dropped
    assert by_id(root, "legal-jurisdiction").value == "BB"
    assert by_id(root, "legal-kind").value == ""
    fig = by_id(root, "legal-stages-graph").figure
    assert {y for tr in fig.data for y in tr.y} == {"BB"}
    assert by_id(root, "legal-votes-csv").href.endswith("jurisdiction=BB")
    vi = mod.layout(lang="vi")
    h1 = next(c for c in walk(vi) if type(c).__name__ == "H1")
    assert "Pháp lý" in h1.children
    legends = [c.children for c in walk(vi) if type(c).__name__ == "Legend"]
    assert legends == ["Quốc gia ban hành", "Loại văn bản"]
    chips = [c for c in walk(vi) if isinstance(getattr(c, "id", None), dict)]
    assert {c.children for c in chips} >= {"Việt Nam", "BB", "Luật", "Nghị định", "Quyết định"}


def test_csv_downloads_hold_exactly_the_rows_drawn(fixture: None, mod: Any) -> None:
    client = app.server.test_client()
    rows = csv_rows(client, "/download/legal-stages.csv?lang=en&jurisdiction=VN&kind=law")
    fig = figs.stage_bars(mod.stage_frame(["VN"], ["law"]), "en")
    assert [(r["stage"], int(r["n_instruments"])) for r in rows] == [
        ("drafting", 1),
        ("in_force", 1),
    ]
    assert sum(int(r["n_instruments"]) for r in rows) == sum(total(tr) for tr in bars(fig))
    timeline = csv_rows(client, "/download/legal-timeline.csv?lang=vi")
    assert [(r["quarter"], r["event"], r["date_label"]) for r in timeline] == [
        ("Quý I 2020", "adopted", "10/1/2020"),
        ("Quý I 2021", "in_force", "1/1/2021"),
    ]
    votes = csv_rows(client, "/download/legal-votes.csv?lang=en")
    assert [(r["instrument_id"], r["votes"], r["votes_for_pct"]) for r in votes] == [
        ("i1", "400/450", "88.9")
    ]
    assert csv_rows(client, "/download/legal-votes.csv?lang=en&kind=decree") == []


def test_pages_are_bounded_at_scale_with_notes_and_full_csvs(
    fixture: None, mod: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With small caps the stage chart keeps the jurisdictions with most instruments (Vietnam
    always), the votes chart the latest laws, and each says how much it leaves out; the CSVs
    keep every row."""
    monkeypatch.setattr(mod, "TOP_JURISDICTIONS", 1)
    monkeypatch.setattr(mod, "TIMELINE_ROWS", 1)
    monkeypatch.setattr(mod, "COUNT_CARDS", 0)
    parts = mod.charts([], [], "en")
    stages = parts["legal-stages"]
    assert set(bars(stages["figure"])[0].y) == {"Viet Nam"}
    assert "Showing 1 of 2 jurisdictions" in text_of(stages["table"])
    assert "Showing the 0 latest of" in text_of(parts["legal-counts"])
    timeline = parts["legal-timeline"]
    assert "most recent and upcoming of" in text_of(timeline["table"])
    client = app.server.test_client()
    rows = csv_rows(client, "/download/legal-stages.csv?lang=en")
    assert {r["jurisdiction"] for r in rows} == {"VN", "BB"}
    assert len(csv_rows(client, "/download/legal-timeline.csv?lang=en")) == len(
        mod.timeline_rows(mod.timeline_frame([], []))
    )


def test_recent_votes_keeps_the_latest_adoptions() -> None:
    import datetime as dt

    frame = pl.DataFrame(
        {
            "instrument_id": ["a", "b", "c", "d"],
            "adopted_start": [dt.date(2020, 1, 1), dt.date(2021, 1, 1), dt.date(2022, 1, 1), None],
        }
    )
    mod = sys.modules["pages.legal"]
    assert mod.recent_votes(frame).height == 4
    old = mod.VOTES_ROWS
    try:
        mod.VOTES_ROWS = 2
        assert mod.recent_votes(frame)["instrument_id"].to_list() == ["b", "c"]
    finally:
        mod.VOTES_ROWS = old

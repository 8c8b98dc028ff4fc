"""Cooperation page without a browser: the filtered named queries, the figure builders (matrix,
overlap, UpSet), the filter state, the callbacks called as plain functions, the layout and the
CSV downloads, against warehouses built by the real ETL.

Fixture facts: AAA {d1, d2, d3} agreed (l1, 17 May 2020, s1); BBB d2, d3 proposed with Ho Chi
Minh City acting for Vietnam (l2, 14 April with no year, s2) and d3 completed (l3, 2020, s1 s2);
ORG d4 ongoing (l4, no date, s3). Groups: g1 {d1, d2}, g2 {d3, d4}. AAA and BBB share d2 and d3.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import plotly.graph_objects as go
import polars as pl
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard import theme
from dashboard.app import app
from dashboard.data import query
from dashboard.figures import cooperation as figs
from etl import warehouse
from tests.dashboard.tree import by_id, text_of, walk

ALL = {"groups": [], "kinds": [], "statuses": [], "year_from": None, "year_to": None}


@pytest.fixture(scope="module")
def mod() -> ModuleType:
    """The page module as Dash's pages loader imported it."""
    return sys.modules["pages.cooperation"]


@pytest.fixture
def fixture(fixture_data: Any) -> Iterator[Any]:
    with app.server.test_request_context("/cooperation"):
        yield fixture_data


@pytest.fixture
def seed(seed_data: Any) -> Iterator[Any]:
    with app.server.test_request_context("/cooperation"):
        yield seed_data


def params(**over: Any) -> dict[str, Any]:
    return {**ALL, "undated": True, "max_partners": None, **over}


def cells(**over: Any) -> pl.DataFrame:
    return query("cooperation_cells", **params(**over))


def overlap_of(**over: Any) -> pl.DataFrame:
    """Partner overlap under the filters, computed from the filtered cells."""
    return sys.modules["pages.cooperation"].overlap(cells(**over))


def combos_of(**over: Any) -> pl.DataFrame:
    """UpSet intersections under the filters, computed from the filtered cells."""
    return sys.modules["pages.cooperation"].intersections(cells(**over))


def cell_set(frame: pl.DataFrame) -> set[tuple[str, str, str, str]]:
    return {
        (r["partner_id"], r["role"], r["domain_id"], r["status"])
        for r in frame.iter_rows(named=True)
    }


def pressed_chips(root: Any, key: str) -> list[str]:
    return [
        c.id["value"]
        for c in walk(root)
        if isinstance(getattr(c, "id", None), dict)
        and c.id.get("type") == "cooperation-chip"
        and c.id.get("filter") == key
        and getattr(c, "aria-pressed", None) == "true"
    ]


def table_rows(table: Any) -> int:
    return sum(1 for c in walk(table) if type(c).__name__ == "Tr") - 1  # minus the header row


def csv_rows(client: Any, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def heat(fig: go.Figure) -> go.Heatmap:
    return next(tr for tr in fig.data if tr.type == "heatmap")


# --- named queries and filters ------------------------------------------------------------------


def test_cells_without_filters(fixture: Any) -> None:
    assert cell_set(cells()) == {
        ("AAA", "partner", "d1", "agreed"),
        ("AAA", "partner", "d2", "agreed"),
        ("AAA", "partner", "d3", "agreed"),
        ("BBB", "partner", "d2", "proposed"),
        ("BBB", "partner", "d3", "completed"),
        ("ORG", "partner", "d4", "ongoing"),
        ("VN-SG", "vn_actor", "d2", "proposed"),
        ("VN-SG", "vn_actor", "d3", "proposed"),
    }
    bbb_d3 = (
        cells()
        .filter((pl.col("partner_id") == "BBB") & (pl.col("domain_id") == "d3"))
        .row(0, named=True)
    )
    assert bbb_d3["n_records"] == 2
    assert bbb_d3["source_ids"] == "s1, s2"
    assert bbb_d3["counterpart_ids"] == "MIN, VN-SG"
    assert (bbb_d3["first_date_text"], bbb_d3["first_date_precision"]) == ("2020", "year")
    city = cells().filter(pl.col("role") == "vn_actor").row(0, named=True)
    assert city["counterparts_en"] == "Country B"
    assert city["first_date_text"] is None  # 14 April, year unknown: not a dated record


def test_cells_order_groups_and_domains_by_number_of_partners(fixture: Any) -> None:
    ranks = {
        r["domain_id"]: (r["group_rank"], r["domain_rank"]) for r in cells().iter_rows(named=True)
    }
    assert ranks == {"d2": (1, 1), "d1": (1, 2), "d3": (2, 1), "d4": (2, 2)}


def test_unfiltered_foreign_cells_equal_the_view(fixture: Any, tmp_path: Path) -> None:
    # a copy: the app already holds the snapshot open with its own connection settings
    db = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.current_db(fixture), db)
    with duckdb.connect(str(db), read_only=True) as con:
        view = con.sql(
            "select partner_id, role, domain_id, status, n_records, source_ids "
            "from v_partner_domains order by all"
        ).pl()
        overlap_view = con.sql(
            "select partner_a, partner_b, n_shared, jaccard from v_partner_overlap order by all"
        ).pl()
    mine = cells().select(view.columns).sort(view.columns)
    assert mine.equals(view)
    pairs = overlap_of(kinds=["country", "organisation"])
    assert pairs.select(overlap_view.columns).sort("partner_a", "partner_b").equals(overlap_view)


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"statuses": ["completed"]}, {("BBB", "d3")}),
        ({"statuses": ["proposed", "ongoing"]}, {("BBB", "d2"), ("BBB", "d3"), ("ORG", "d4"), ("VN-SG", "d2"), ("VN-SG", "d3")}),
        ({"groups": ["g2"]}, {("AAA", "d3"), ("BBB", "d3"), ("ORG", "d4"), ("VN-SG", "d3")}),
        ({"kinds": ["country"]}, {("AAA", "d1"), ("AAA", "d2"), ("AAA", "d3"), ("BBB", "d2"), ("BBB", "d3")}),
        ({"kinds": ["city"]}, {("VN-SG", "d2"), ("VN-SG", "d3")}),
        ({"kinds": ["organisation"]}, {("ORG", "d4")}),
        ({"undated": False}, {("AAA", "d1"), ("AAA", "d2"), ("AAA", "d3"), ("BBB", "d3")}),
        ({"year_from": 2021}, {("BBB", "d2"), ("BBB", "d3"), ("ORG", "d4"), ("VN-SG", "d2"), ("VN-SG", "d3")}),
        ({"year_to": 2019, "undated": False}, set()),
        ({"year_from": 2020, "year_to": 2020, "undated": False}, {("AAA", "d1"), ("AAA", "d2"), ("AAA", "d3"), ("BBB", "d3")}),
    ],
)  # fmt: skip
def test_filters_narrow_the_cells(fixture: Any, over: dict[str, Any], expected: set[Any]) -> None:
    assert {
        (r["partner_id"], r["domain_id"]) for r in cells(**over).iter_rows(named=True)
    } == expected


def test_status_filter_recomputes_the_most_advanced_status(fixture: Any) -> None:
    # without the completed link, BBB's d3 is only proposed (l2)
    frame = cells(statuses=["proposed"], kinds=["country"])
    assert cell_set(frame) == {
        ("BBB", "partner", "d2", "proposed"),
        ("BBB", "partner", "d3", "proposed"),
    }
    assert frame.filter(pl.col("domain_id") == "d3")["source_ids"].to_list() == ["s2"]


def test_overlap_is_recomputed_under_the_filters(fixture: Any) -> None:
    pairs = {(r["partner_a"], r["partner_b"]): r for r in overlap_of().iter_rows(named=True)}
    ab = pairs[("AAA", "BBB")]
    assert (ab["n_shared"], ab["n_union"], ab["jaccard"]) == (2, 3, 0.6667)
    assert ab["shared_domain_ids"] == "d2, d3"
    assert ab["shared_domains_en"] == "Clean energy; Semiconductors"
    assert ab["source_ids"] == "s1, s2"
    assert pairs[("BBB", "VN-SG")]["jaccard"] == 1.0
    assert (
        pairs[("AAA", "ORG")]["n_shared"] == 0
        and pairs[("AAA", "ORG")]["shared_domain_ids"] is None
    )
    # only the 2020 links: BBB keeps d3 alone, so it shares one of AAA's three domains
    dated = overlap_of(undated=False)
    assert dated.select("partner_a", "partner_b", "n_shared", "jaccard").rows() == [
        ("AAA", "BBB", 1, 0.3333)
    ]
    assert overlap_of(statuses=["completed"]).is_empty()


def test_intersections_are_exact_combinations(fixture: Any) -> None:
    combos = combos_of()
    assert combos.select("partner_ids", "n_partners", "n_domains", "domain_ids").rows() == [
        ("AAA, BBB, VN-SG", 3, 2, "d2, d3"),
        ("AAA", 1, 1, "d1"),
        ("ORG", 1, 1, "d4"),
    ]
    assert combos["source_ids"].to_list() == ["s1, s2", "s1", "s3"]
    # each domain sits in exactly one combination
    assert combos["n_domains"].sum() == cells()["domain_id"].n_unique()
    foreign = combos_of(kinds=["country"])
    assert foreign.select("partner_ids", "n_domains").rows() == [("AAA, BBB", 2), ("AAA", 1)]


def test_filter_options(fixture: Any) -> None:
    groups = query("cooperation_groups")
    assert groups.select("group_id", "n_domains", "group_rank").rows() == [
        ("g1", 2, 1),
        ("g2", 2, 2),
    ]
    years = query("cooperation_years").row(0, named=True)
    assert (years["first_year"], years["last_year"]) == (2020, 2020)
    assert (years["n_dated"], years["n_undated"]) == (4, 3)  # l1 ×3 and l3 dated; l2 ×2, l4 not


# --- filter state ---------------------------------------------------------------------------------


def test_filters_from_url_args(mod: ModuleType) -> None:
    f = mod.Filters.from_args(
        {"groups": "g2,g1", "type": "city,bogus,country", "status": "completed,done,proposed",
         "from": "2019", "to": "abc", "undated": "no"}
    )  # fmt: skip
    assert f.groups == ("g2", "g1")
    assert f.kinds == ("country", "city")  # known kinds only, in the page's order
    assert f.statuses == ("proposed", "completed")
    assert (f.year_from, f.year_to, f.undated) == (2019, None, False)
    assert mod.Filters.from_args(f.args()) == f
    assert f.params() == {
        "groups": ["g2", "g1"], "kinds": ["country", "city"],
        "statuses": ["proposed", "completed"], "year_from": 2019, "year_to": None,
        "undated": False,
    }  # fmt: skip
    default = mod.Filters.from_args({})
    assert default.undated and default.args()["undated"] is None
    assert mod.Filters.from_args({"from": 2020.0, "to": "3000"}).year_to is None


def test_chip_toggle_and_pressed_states(mod: ModuleType) -> None:
    options = ["all", "proposed", "agreed", "ongoing", "completed"]
    assert mod.toggle("", "completed", options) == "completed"
    assert mod.toggle("completed", "proposed", options) == "proposed,completed"
    assert mod.toggle("proposed,completed", "completed", options) == "proposed"
    assert mod.toggle("proposed,completed", "all", options) == ""
    assert mod.pressed("", options) == ["true", "false", "false", "false", "false"]
    assert mod.pressed("agreed", options) == ["false", "false", "true", "false", "false"]


def test_chip_callback_uses_the_clicked_chip(mod: ModuleType) -> None:
    ids = [
        {"type": "cooperation-chip", "filter": "status", "value": v}
        for v in ("all", *figs.STATUS_ORDER)
    ]
    clicked = json.dumps(ids[4], sort_keys=True, separators=(",", ":"))
    context_value.set(
        AttributeDict(triggered_inputs=[{"prop_id": f"{clicked}.n_clicks", "value": 1}])
    )
    value, states = mod.TOGGLES["status"]([0, 0, 0, 0, 1], ids, "proposed")
    assert value == "proposed,completed"
    assert states == ["false", "true", "false", "false", "true"]


def test_undated_toggle(mod: ModuleType) -> None:
    assert mod.toggle_undated(1, "") == ("no", "false")
    assert mod.toggle_undated(2, "no") == ("", "true")


# --- figures ----------------------------------------------------------------------------------------


def test_matrix_figure(fixture: Any, mod: ModuleType) -> None:
    frame = mod.sort_cells(cells())
    fig = figs.matrix_figure(frame, "en")
    hm = heat(fig)
    assert list(hm.y) == [0, 1, 2, 3]
    assert list(fig.layout.yaxis.ticktext) == ["Country A", "Country B", "Organisation", "Ho Chi Minh City<br>(Vietnamese side)"]  # fmt: skip
    assert list(fig.layout.xaxis.ticktext) == ["Semiconductors", "Artificial intelligence", "Clean energy", "Marine science"]  # fmt: skip
    assert [list(row) for row in hm.z] == [
        [2, 2, 2, None],
        [1, None, 4, None],
        [None, None, None, 3],
        [1, None, 1, None],
    ]
    assert sum(v is not None for row in hm.z for v in row) == frame.height
    assert hm.text[1][2] == "4"  # the status rank is written in the cell, not only coloured
    hover = hm.customdata[1][2]
    assert "Country B · Clean energy" in hover
    assert "<b>Completed</b> (4/4)" in hover
    assert "Sources: s1, s2" in hover and "first recorded: 2020" in hover
    assert hm.customdata[3][0].count("Foreign partners: Country B") == 1
    assert hm.customdata[0][3] == ""  # empty cell, no hover
    # a stepped colour scale: each status one flat COOP colour, with a discrete legend
    colours = [c for _, c in hm.colorscale]
    assert colours == [theme.COOP_COLOURS[s] for s in figs.STATUS_ORDER for _ in (0, 1)]
    assert list(hm.colorbar.ticktext) == [
        "1 · Proposed",
        "2 · Agreed",
        "3 · Ongoing",
        "4 · Completed",
    ]
    assert {a.text for a in fig.layout.annotations} == {"<b>Group 1</b>", "<b>Group 2</b>"}


def test_matrix_figure_in_vietnamese_and_empty(fixture: Any, mod: ModuleType) -> None:
    fig = figs.matrix_figure(mod.sort_cells(cells()), "vi")
    assert "Thành phố Hồ Chí Minh<br>(phía Việt Nam)" in fig.layout.yaxis.ticktext
    assert "<b>Đã hoàn thành</b>" in heat(fig).customdata[1][2]
    empty = figs.matrix_figure(cells(statuses=["completed"], kinds=["organisation"]), "en")
    assert empty.layout.annotations[0].text == "No cooperation link matches the filters"


def test_overlap_figure(fixture: Any) -> None:
    frame = cells()
    pairs = overlap_of()
    fig = figs.overlap_figure(pairs, frame, "en")
    shared, diagonal = fig.data
    # partners: AAA (3 domains), BBB (2), ORG (1), then Ho Chi Minh City
    assert shared.z[0][1] == shared.z[1][0] == 0.6667
    assert shared.text[0][1] == shared.text[1][0] == "2"
    assert shared.z[0][0] is None and diagonal.text[0][0] == "(3)"
    assert "Jaccard index: 0.67 (2 shared / 3 domains of either)" in shared.customdata[0][1]
    assert "Shared domains: Clean energy; Semiconductors" in shared.customdata[0][1]
    assert "Sources: s1, s2" in shared.customdata[0][1]
    assert shared.text[1][3] == "2" and shared.z[1][3] == 1.0
    assert list(fig.layout.xaxis.ticktext) == [
        "Country A",
        "Country B",
        "Organisation",
        "Ho Chi Minh City",
    ]
    vi = figs.overlap_figure(pairs, frame, "vi")
    assert "Chỉ số Jaccard: 0,67" in vi.data[0].customdata[0][1]
    one = cells(kinds=["organisation"])
    assert figs.overlap_figure(overlap_of(kinds=["organisation"]), one, "en").layout.annotations[0].text == "At least two partners are needed to compare"  # fmt: skip


def test_upset_figure(fixture: Any) -> None:
    combos = combos_of()
    fig = figs.upset_figure(combos, cells(), "en")
    bar = next(tr for tr in fig.data if tr.type == "bar")
    assert list(bar.y) == [2, 1, 1]
    assert "Country A + Country B + Ho Chi Minh City" in bar.customdata[0]
    assert "2 domains with exactly these partners" in bar.customdata[0]
    assert "Sources: s1, s2" in bar.customdata[0]
    assert "Country A only" in bar.customdata[1]
    members = next(tr for tr in fig.data if tr.name == "In the combination")
    assert list(members.x) == [0, 0, 0, 1, 2]
    assert list(members.y) == [
        "Country A (3)", "Country B (2)", "Ho Chi Minh City<br>(Vietnamese side) (2)",
        "Country A (3)", "Organisation (1)",
    ]  # fmt: skip
    line = next(tr for tr in fig.data if tr.type == "scatter" and tr.mode == "lines")
    assert list(line.x) == [0, 0, None]  # one connector, for the three-partner combination
    assert fig.layout.yaxis.domain[0] > fig.layout.yaxis2.domain[1]  # bars above the dots


# --- callbacks, layout, downloads ----------------------------------------------------------------


def test_callback_applies_the_filters_to_every_output(fixture: Any, mod: ModuleType) -> None:
    out = mod.update("", "", "", None, None, "", "en")
    assert len(out) == 16
    assert out[13:] == ["", "", ""]  # nothing capped: no "showing N of M" notes
    full = out[0]
    out = mod.update("", "country", "completed", None, None, "", "en")
    matrix, overlap, upset = out[0:3]
    assert sum(v is not None for row in heat(matrix).z for v in row) == 1
    assert sum(v is not None for row in heat(full).z for v in row) == 8
    assert overlap.layout.annotations[0].text == "At least two partners are needed to compare"
    assert list(next(tr for tr in upset.data if tr.type == "bar").y) == [1]
    assert table_rows(out[3]) == 1 and "Country B" in text_of(out[3])
    assert "Publisher One" in text_of(out[6]) and "Publisher Two" in text_of(out[6])
    assert out[9] == "/download/cooperation-matrix.csv?lang=en&type=country&status=completed"
    assert (
        out[11] == "/download/cooperation-intersections.csv?lang=en&type=country&status=completed"
    )
    assert "partners 1 · domains 1 · cells with cooperation 1 · sources 2" in text_of(out[12])
    dated = mod.update("", "", "", 2020, 2020, "no", "vi")
    assert dated[9] == "/download/cooperation-matrix.csv?lang=vi&from=2020&to=2020&undated=no"


def test_layout_reads_the_filters_from_the_url(fixture: Any, mod: ModuleType) -> None:
    root = mod.layout(
        lang="en", status="completed,ongoing", type="country", undated="no", **{"from": "2020"}
    )
    assert "Cooperation" in by_id(root, "main-content").children[1].children
    assert pressed_chips(root, "status") == ["ongoing", "completed"]
    assert pressed_chips(root, "type") == ["country"]
    assert pressed_chips(root, "groups") == ["all"]
    assert by_id(root, "cooperation-status").value == "ongoing,completed"
    assert by_id(root, "cooperation-undated").value == "no"
    assert getattr(by_id(root, "cooperation-undated-toggle"), "aria-pressed") == "false"
    assert by_id(root, "cooperation-year-from").value == 2020
    matrix = by_id(root, "cooperation-matrix-graph").figure
    assert sum(v is not None for row in heat(matrix).z for v in row) == 1  # BBB d3 (2020)
    assert by_id(root, "cooperation-matrix-csv").href == (
        "/download/cooperation-matrix.csv?lang=en&type=country&status=ongoing%2Ccompleted"
        "&from=2020&undated=no"
    )
    labels = [c for c in walk(root) if type(c).__name__ == "Label"]
    assert {lb.htmlFor for lb in labels} == {"cooperation-year-from", "cooperation-year-to"}
    legends = [c.children for c in walk(root) if type(c).__name__ == "Legend"]
    assert legends == ["Domain group", "Partner type", "Cooperation status", "Period"]


@pytest.mark.parametrize(("lang", "word"), [("vi", "Hợp tác"), ("en", "Cooperation")])
def test_layout_heading_in_both_languages(
    fixture: Any, mod: ModuleType, lang: str, word: str
) -> None:
    root = mod.layout(lang=lang)
    h1 = next(c for c in walk(root) if type(c).__name__ == "H1")
    assert word in h1.children
    chip_text = text_of(by_id(root, "cooperation-filters"))
    assert ("Thành phố" if lang == "vi" else "City") in chip_text


def test_csv_downloads_hold_exactly_the_rows_drawn(fixture: Any, mod: ModuleType) -> None:
    client = app.server.test_client()
    url = "/download/cooperation-matrix.csv?lang=en&type=country,city&status=proposed"
    rows = csv_rows(client, url)
    frame = mod.sort_cells(cells(kinds=["country", "city"], statuses=["proposed"]))
    assert [(r["partner_id"], r["domain_id"], r["status"]) for r in rows] == [
        ("BBB", "d2", "proposed"), ("BBB", "d3", "proposed"),
        ("VN-SG", "d2", "proposed"), ("VN-SG", "d3", "proposed"),
    ]  # fmt: skip
    fig = figs.matrix_figure(frame, "en")
    assert len(rows) == sum(v is not None for row in heat(fig).z for v in row)
    assert rows[2]["partner"] == "Ho Chi Minh City (Vietnamese side)"
    overlap = csv_rows(client, "/download/cooperation-overlap.csv?lang=vi")
    assert len(overlap) == 6  # every pair of the four partners, once
    assert {(r["partner_a"], r["partner_b"], r["n_shared"]) for r in overlap} >= {
        ("AAA", "BBB", "2")
    }
    inter = csv_rows(client, "/download/cooperation-intersections.csv?lang=en&groups=g1")
    assert [(r["partner_ids"], r["n_domains"]) for r in inter] == [
        ("AAA, BBB, VN-SG", "1"),
        ("AAA", "1"),
    ]


def test_seed_matrix_includes_ho_chi_minh_city_only_as_a_city(seed: Any, mod: ModuleType) -> None:
    full = cells()
    assert set(full["partner_id"]) == {"KOR", "LAO", "RUS", "USA", "JPN", "ASEAN", "VN-SG"}
    assert full.filter(pl.col("partner_id") == "VN-SG")["role"].unique().to_list() == ["vn_actor"]
    assert "VN-SG" not in set(cells(kinds=["country", "organisation"])["partner_id"])
    completed = cells(statuses=["completed"])
    assert set(completed["partner_id"]) == {"KOR"} and completed.height == 5
    pairs = overlap_of(kinds=["country", "organisation"])
    kor_lao = pairs.filter((pl.col("partner_a") == "KOR") & (pl.col("partner_b") == "LAO")).row(
        0, named=True
    )
    assert (kor_lao["n_shared"], kor_lao["jaccard"]) == (14, 0.5)


# --- bounded at scale ------------------------------------------------------------------------------


def test_max_partners_keeps_the_first_partners_and_counts_them_all(fixture: Any) -> None:
    first = cells(max_partners=2)
    # partner_rank: most domains (AAA 3, BBB 2), Vietnamese actors last
    assert set(first["partner_id"]) == {"AAA", "BBB"}
    assert first.select("partner_id", "partner_rank").unique().sort("partner_rank").rows() == [
        ("AAA", 1),
        ("BBB", 2),
    ]
    assert first.select("total_partners", "total_domains", "total_cells", "total_sources").row(
        0
    ) == (4, 4, 8, 3)
    assert (
        cells()
        .filter(pl.col("partner_id").is_in(["AAA", "BBB"]))
        .select(first.columns)
        .sort("partner_id", "domain_id")
        .equals(first.sort("partner_id", "domain_id"))
    )


@pytest.fixture
def capped(fixture: Any, mod: ModuleType, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The page with caps small enough to bite on the fixture data (4 partners, 4 domains)."""
    for name, value in {
        "MAX_PARTNERS": 2, "MAX_DOMAINS": 2, "MAX_COMPARED": 2, "MAX_COMBOS": 1, "MAX_SOURCES": 1,
    }.items():  # fmt: skip
        monkeypatch.setattr(mod, name, value)
    return mod


def test_capped_charts_say_what_they_show(capped: ModuleType) -> None:
    out = capped.update("", "", "", None, None, "", "en")
    matrix, overlap, upset = out[0:3]
    assert list(matrix.layout.yaxis.ticktext) == ["Country A", "Country B"]
    # of AAA's and BBB's domains, the two both cooperate on (d2 Semiconductors, d3 Clean energy)
    assert list(matrix.layout.xaxis.ticktext) == ["Semiconductors", "Clean energy"]
    assert table_rows(out[3]) == 4  # the table holds the cells drawn
    assert out[13] == (
        "Showing 2 of 4 partners (those with the most domains) and 2 of 4 domains (those most "
        "of them share). The CSV file holds all 8 cells; choose a domain group or partner type "
        "to see the others, or open a partner's profile."
    )
    assert list(overlap.layout.xaxis.ticktext) == ["Country A", "Country B"]
    assert table_rows(out[4]) == 1
    assert out[14].startswith("Comparing 2 of 4 partners")
    assert list(next(tr for tr in upset.data if tr.type == "bar").y) == [2]  # AAA + BBB: d2, d3
    assert out[15].startswith("Showing the 1 largest of 2 combinations of 2 of 4 partners")
    # one source listed of the two the drawn cells cite, with a note
    assert len([c for c in walk(out[6]) if type(c).__name__ == "Li"]) == 1
    assert "Listing 1 of 2 sources" in text_of(out[6])
    assert "partners 4 · domains 4 · cells with cooperation 8 · sources 3" in text_of(out[12])


def test_capped_csv_files(capped: ModuleType) -> None:
    client = app.server.test_client()
    matrix = csv_rows(client, "/download/cooperation-matrix.csv?lang=en")
    assert len(matrix) == 8  # every cell of the filtered matrix, not only those drawn
    overlap = csv_rows(client, "/download/cooperation-overlap.csv?lang=en")
    assert [(r["partner_a"], r["partner_b"], r["n_shared"]) for r in overlap] == [
        ("AAA", "BBB", "2")
    ]  # the pairs drawn
    inter = csv_rows(client, "/download/cooperation-intersections.csv?lang=en")
    assert [(r["partner_ids"], r["n_domains"]) for r in inter] == [("AAA, BBB", "2")]


def test_capped_layout_shows_the_notes(capped: ModuleType) -> None:
    root = capped.layout(lang="vi")
    note = by_id(root, "cooperation-matrix-shown")
    assert note.children.startswith("Đang hiển thị 2 trong 4 đối tác")
    assert note.role == "status"


def test_seed_data_fits_under_every_cap(seed: Any, mod: ModuleType) -> None:
    v = mod.load(mod.Filters())
    assert v.cells.height == v.totals.cells == cells().height
    assert v.compared.height == cells().height
    assert v.combos.height == v.n_combos
    assert mod.shown_notes(v, "en") == dict.fromkeys(mod.CARDS, "")
    root = mod.layout(lang="en")
    assert "Listing" not in text_of(root) and "… (+" not in text_of(root)

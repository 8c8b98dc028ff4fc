"""Targets page without a browser: named queries, figure builders, key numbers in words, the
layout (focused and stacked), the callback and the CSV downloads, against warehouses built by the
real ETL from the seed facts and from the hand-made fixture facts."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from datetime import date
from types import ModuleType
from typing import Any

import polars as pl
import pytest

from dashboard.app import app
from dashboard.data import query
from dashboard.figures import targets as figs
from dashboard.figures.common import split_ids
from tests.dashboard.tree import by_id, text_of, walk

SEP_2025 = "2025-09"


@pytest.fixture(scope="module")
def mod() -> ModuleType:
    """The page module as Dash's pages loader imported it."""
    return sys.modules["pages.targets"]


@pytest.fixture
def seed(seed_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/targets"):
        yield


@pytest.fixture
def fixture(fixture_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/targets"):
        yield


# --- helpers -----------------------------------------------------------------------------------


def graphs(root: Any) -> dict[str, Any]:
    return {c.id: c.figure for c in walk(root) if type(c).__name__ == "Graph"}


def observation_points(fig: Any) -> int:
    return sum(len(tr.x) for tr in fig.data if (tr.meta or {}).get("role") == "observations")


def cards(root: Any) -> list[Any]:
    return [c for c in walk(root) if "target-card" in (getattr(c, "className", "") or "")]


def pressed(root: Any) -> list[str]:
    """Values of the selector's chips shown as pressed."""
    return [
        c.id["value"]
        for c in walk(root)
        if isinstance(getattr(c, "id", None), dict) and getattr(c, "aria-pressed", None) == "true"
    ]


def role(fig: Any, name: str) -> list[Any]:
    return [tr for tr in fig.data if (tr.meta or {}).get("role") == name]


def target_row(mod: ModuleType, tid: str) -> dict[str, Any]:
    return mod.load_targets().filter(pl.col("target_id") == tid).row(0, named=True)


def csv_rows(path: str) -> list[dict[str, str]]:
    resp = app.server.test_client().get(path)
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))


# --- queries ---------------------------------------------------------------------------------


def test_series_keeps_both_september_2025_figures(mod: ModuleType, seed: None) -> None:
    series = mod.load_series(["vn-ipv6-usage-2030"])
    sep = series.filter(pl.col("period_text") == SEP_2025).sort("value")
    assert sep.select("value", "measure").rows() == [(61.2, "apnic"), (65.0, "vnnic")]
    assert series["counts_for_status"].all()


def test_series_marks_points_after_the_deadline(mod: ModuleType, seed: None) -> None:
    series = mod.load_series(["vn-ipv6-usage-2024"])
    late = series.filter(~pl.col("counts_for_status"))
    assert sorted(late["period_text"].to_list()) == [SEP_2025, SEP_2025]


def test_detail_gives_path_ends_and_legal_basis(mod: ModuleType, seed: None) -> None:
    r = target_row(mod, "vn-ipv6-usage-2030")
    assert r["base_period_text"] == "2022-03" and r["base_value"] == 50
    assert r["base_period_mid"] == date(2022, 3, 16)
    assert r["deadline_end"] == date(2030, 12, 31)
    assert r["legal_basis_number"] == "3369/QĐ-BKHCN"
    assert "IPv6-only" in r["legal_basis_title_en"]


def test_related_query_reads_other_indicators(mod: ModuleType, seed: None) -> None:
    related = mod.load_related(["hcmc-sme-ai-50"])
    adoption = related.filter(pl.col("indicator_id") == "business_ai_adoption_rate")
    assert adoption.select("period_text", "value").rows() == [("2024", 13.0), ("2025", 18.0)]
    assert "business_ai_invested_rate" in related["indicator_id"].to_list()
    assert mod.load_related(["vn-ipv6-usage-2030"]).is_empty()


# --- figures ---------------------------------------------------------------------------------


def test_band_target_figure(mod: ModuleType, seed: None) -> None:
    r = target_row(mod, "vn-ipv6-usage-2030")
    series = mod.load_series([r["target_id"]])
    fig = figs.progress_figure(series, r, "en", r["target_source_ids"])
    (band,) = role(fig, "target")
    assert band.fill == "toself" and set(band.y) == {90.0, 100.0}
    (path,) = role(fig, "path")
    assert path.line.dash == "dash"
    assert (path.x[0], path.y[0]) == (date(2022, 3, 16), 50.0)
    assert (path.x[1], path.y[1]) == (date(2030, 12, 31), 90.0)
    obs = {tr.meta["measure"]: tr for tr in role(fig, "observations")}
    assert {"apnic", "vnnic", "unspecified"} <= set(obs)
    assert obs["apnic"].name == "APNIC monthly measurement" and obs["vnnic"].name == "VNNIC"
    assert len({tr.marker.symbol for tr in obs.values()}) == len(obs)
    assert observation_points(fig) == series.height
    sep = [h for h in obs["apnic"].hovertext if "Sep 2025" in h]
    assert sep and "61.2 %" in sep[0] and "ref-baophutho-239894" in sep[0]
    assert "rel-ipv6-only-programme" in band.hovertemplate and "%" in band.name
    assert fig.layout.yaxis.range[0] < fig.layout.yaxis.range[1]


def test_rank_target_figure_reverses_the_axis(mod: ModuleType, seed: None) -> None:
    r = target_row(mod, "vn-ipv6-rank-2030")
    fig = figs.progress_figure(mod.load_series([r["target_id"]]), r, "en")
    low, high = fig.layout.yaxis.range
    assert low > high, "lower rank numbers are better, so the axis runs downwards"
    (line,) = role(fig, "target")
    assert line.fill is None and list(line.y) == [20.0, 20.0]
    assert "lower is better" in fig.layout.yaxis.title.text
    assert all("rank " in h for tr in role(fig, "observations") for h in tr.hovertext)


def test_single_value_target_is_a_line(mod: ModuleType, seed: None) -> None:
    r = target_row(mod, "vn-ipv6-full-2032")
    fig = figs.progress_figure(mod.load_series([r["target_id"]]), r, "vi")
    (line,) = role(fig, "target")
    assert line.fill is None and list(line.y) == [100.0, 100.0]
    assert line.name == "Mục tiêu: ít nhất 100 % vào năm 2032"


def test_points_after_the_deadline_are_faded(mod: ModuleType, seed: None) -> None:
    r = target_row(mod, "vn-ipv6-usage-2024")
    fig = figs.progress_figure(mod.load_series([r["target_id"]]), r, "en")
    faded = [
        h
        for tr in role(fig, "observations")
        for h, o in zip(tr.hovertext, tr.marker.opacity, strict=True)
        if o < 1
    ]
    assert len(faded) == 2 and all("not counted" in h for h in faded)


def test_related_figure_has_no_target_line(mod: ModuleType, seed: None) -> None:
    fig = figs.related_figure(mod.load_related(["hcmc-sme-ai-50"]), "en")
    assert {tr.name for tr in fig.data} == {
        "Vietnamese businesses using AI",
        "Firms that had invested in AI",
    }
    assert not role(fig, "target") and not role(fig, "path")
    assert all("not the target" in h for tr in fig.data for h in tr.hovertext)


# --- words -----------------------------------------------------------------------------------


def test_key_numbers_in_words(mod: ModuleType, seed: None) -> None:
    r = target_row(mod, "vn-ipv6-usage-2030")
    facts = dict(figs.key_numbers(r, mod.load_series([r["target_id"]]), "en"))
    assert facts["Latest value"].startswith(
        "65.0 % in Sep 2025 (VNNIC; source ref-vietnamplus-en-330517)"
    )
    assert (
        "61.2 % (APNIC monthly measurement; source ref-baophutho-239894)" in facts["Latest value"]
    )
    assert facts["Target"] == "90–100 % by 2030"
    assert facts["Gap"] == "25.0 percentage points short of the target (90 %)"
    assert facts["Observed pace"].startswith("+4.3 percentage points a year")
    assert facts["Pace required from the base"].startswith("+4.5 percentage points a year")
    assert "50.0 % in Mar 2022" in facts["Pace required from the base"]
    assert facts["Pace now required"] == "+4.7 percentage points a year (from Sep 2025 to 2030)"
    assert facts["Pace ratio"].startswith("0.94")
    assert facts["Legal basis"].startswith("3369/QĐ-BKHCN — Decision approving")


def test_key_numbers_of_a_rank_and_of_an_achieved_target(mod: ModuleType, seed: None) -> None:
    r = target_row(mod, "vn-ipv6-rank-2030")
    facts = dict(figs.key_numbers(r, mod.load_series([r["target_id"]]), "en"))
    assert facts["Gap"] == "met: 13 places beyond the target (rank 20)"
    assert facts["Observed pace"].startswith("−0.7 places a year")
    assert facts["Pace now required"] == "none: the target is already met"
    r = target_row(mod, "vn-ipv6-usage-2024")
    facts = dict(figs.key_numbers(r, mod.load_series([r["target_id"]]), "vi"))
    assert facts["Số đo mới nhất"] == "65,5 % (tháng 12/2024; VNNIC; nguồn ref-soha-20251206)"
    assert facts["Cơ sở pháp lý"] == "VNNIC annual target"


# --- layout, callback, downloads -------------------------------------------------------------


@pytest.mark.parametrize("lang, heading", [("vi", "Mục tiêu"), ("en", "Targets")])
def test_layout_stacks_all_targets(mod: ModuleType, seed: None, lang: str, heading: str) -> None:
    root = mod.layout(lang=lang)
    h1 = next(c for c in walk(root) if type(c).__name__ == "H1")
    assert heading in h1.children
    cards = [c for c in walk(root) if "target-card" in (getattr(c, "className", "") or "")]
    assert len(cards) == 5
    summary = by_id(root, "targets-summary")
    assert len([c for c in walk(summary) if type(c).__name__ == "Tr"]) == 6
    assert by_id(root, "targets-select").value == ""
    assert pressed(root) == ["all"]
    method = by_id(root, "targets-method-text").children
    assert ("SDSN" in method) and ("÷" in method)
    # four measured targets have their own chart; the unmeasured one a related indicator's
    assert set(graphs(root)) == {
        "targets-chart-vn-ipv6-usage-2024-graph",
        "targets-chart-vn-ipv6-rank-2030-graph",
        "targets-chart-vn-ipv6-usage-2030-graph",
        "targets-chart-vn-ipv6-full-2032-graph",
        "targets-related-hcmc-sme-ai-50-graph",
    }


def test_layout_focuses_the_target_in_the_url(mod: ModuleType, seed: None) -> None:
    root = mod.layout(lang="en", target="vn-ipv6-usage-2030")
    assert by_id(root, "targets-select").value == "vn-ipv6-usage-2030"
    assert pressed(root) == ["vn-ipv6-usage-2030"]
    assert list(graphs(root)) == ["targets-chart-vn-ipv6-usage-2030-graph"]
    assert by_id(root, "lang-switch").href == "/targets?lang=vi&target=vn-ipv6-usage-2030"
    csv_href = by_id(root, "targets-chart-vn-ipv6-usage-2030-csv").href
    assert csv_href == "/download/targets-series.csv?lang=en&target=vn-ipv6-usage-2030"
    status = text_of(by_id(root, "targets-vn-ipv6-usage-2030-status"))
    assert "Moderately improving" in status and "SDSN trend method" in status


def test_unknown_target_shows_all_with_a_notice(mod: ModuleType, seed: None) -> None:
    root = mod.layout(lang="en", target="no-such-target")
    assert "no-such-target" in text_of(root)
    assert by_id(root, "targets-select").value == ""
    assert len(graphs(root)) == 5


def test_target_without_measurement_says_so(mod: ModuleType, seed: None) -> None:
    root = mod.layout(lang="en", target="hcmc-sme-ai-50")
    none = text_of(by_id(root, "targets-hcmc-sme-ai-50-none"))
    assert none.startswith("No measurement yet: no published figure for")
    assert "targets-chart-hcmc-sme-ai-50-graph" not in graphs(root)
    title = by_id(root, "targets-related-hcmc-sme-ai-50-title").children
    assert title.startswith("Related indicator, not the target:")
    assert "Vietnamese businesses using AI" in title
    assert "Ho Chi Minh City cooperation goal" in text_of(root)
    sources = text_of(by_id(root, "targets-hcmc-sme-ai-50-sources"))
    assert "Vietnam News Agency" in sources


def test_chart_sources_cover_observations_and_target(mod: ModuleType, seed: None) -> None:
    root = mod.layout(lang="en", target="vn-ipv6-usage-2030")
    r = target_row(mod, "vn-ipv6-usage-2030")
    ids = split_ids(*mod.load_series([r["target_id"]])["source_id"], r["target_source_ids"])
    items = [c for c in walk(by_id(root, "targets-chart-vn-ipv6-usage-2030-sources"))]
    assert len([c for c in items if type(c).__name__ == "Li"]) == len(ids)


def test_callback_switches_the_focus(mod: ModuleType, seed: None) -> None:
    blocks = cards(mod._focus("vn-ipv6-rank-2030", "", "", {"lang": "en", "asof": None}))
    assert [b.id for b in blocks] == ["targets-vn-ipv6-rank-2030"]
    assert len(cards(mod._focus("", "", "", {"lang": "vi"}))) == 5


def test_chip_states(mod: ModuleType) -> None:
    values = ["all", "a", "b"]
    assert mod.chip_states(values, "b") == ["false", "false", "true"]
    assert mod.chip_states(values, "") == ["true", "false", "false"]
    assert mod.chip_states(values, None) == ["true", "false", "false"]


@pytest.mark.parametrize(
    "tid", ["vn-ipv6-usage-2024", "vn-ipv6-rank-2030", "vn-ipv6-usage-2030", "vn-ipv6-full-2032"]
)
def test_csv_rows_are_the_plotted_points(mod: ModuleType, seed: None, tid: str) -> None:
    rows = csv_rows(f"/download/targets-series.csv?lang=en&target={tid}")
    r = target_row(mod, tid)
    fig = figs.progress_figure(mod.load_series([tid]), r, "en")
    assert len(rows) == observation_points(fig)
    assert {"period", "value", "measure", "source_id", "confidence"} <= set(rows[0])
    assert {row["target_value_low"] for row in rows} == {str(r["value_low"])}
    if tid == "vn-ipv6-usage-2030":
        assert {row["target_value_high"] for row in rows} == {"100.0"}
        sep = sorted((row["measure"], row["value"]) for row in rows if row["period"] == SEP_2025)
        assert sep == [("apnic", "61.2"), ("vnnic", "65.0")]


def test_csv_of_unmeasured_target_and_related(mod: ModuleType, seed: None) -> None:
    assert csv_rows("/download/targets-series.csv?lang=en&target=hcmc-sme-ai-50") == []
    related = csv_rows("/download/targets-related.csv?lang=vi&target=hcmc-sme-ai-50")
    assert len(related) == 3
    assert {row["indicator"] for row in related} >= {"Tỷ lệ doanh nghiệp Việt Nam sử dụng AI"}
    everything = csv_rows("/download/targets-series.csv?lang=en")
    assert len(everything) == mod.load_series(mod.load_targets()["target_id"].to_list()).height


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_status_class_renders(mod: ModuleType, fixture: None, lang: str) -> None:
    """The hand-made facts hold one target per status class, a band, a rank, two figures for one
    period, a target without measurement or deadline and one whose deadline passed."""
    targets = mod.load_targets()
    assert set(targets["status"]) >= {
        "on_track", "moderately_improving", "stagnating", "decreasing", "achieved",
        "not_achieved", "insufficient_data", "no_measurement",
    }  # fmt: skip
    for r in targets.iter_rows(named=True):
        root = mod.layout(lang=lang, target=r["target_id"])
        block = by_id(root, f"targets-{r['target_id']}")
        assert figs.goal_label(r, lang) in text_of(block)
        if r["n_observations"]:
            fig = graphs(block)[f"targets-chart-{r['target_id']}-graph"]
            rows = csv_rows(f"/download/targets-series.csv?lang={lang}&target={r['target_id']}")
            assert observation_points(fig) == len(rows)
    missed = dict(
        figs.key_numbers(target_row(mod, "t-missed"), mod.load_series(["t-missed"]), "en")
    )
    assert missed["Pace now required"] == "not computed: the deadline has passed"


# --- more targets than fit on a page -------------------------------------------------------


def test_seed_targets_are_not_paged(mod: ModuleType, seed: None) -> None:
    """Five targets fit on one page: no status filter, pager or "showing" note."""
    root = mod.layout(lang="en")
    ids = {c.id for c in walk(root) if isinstance(getattr(c, "id", None), str)}
    assert not ids & {"targets-pager", "targets-status-filter", "targets-showing"}
    assert "targets-summary-details" not in ids  # the summary table is not folded away


def test_nine_targets_are_paged_in_deadline_order(mod: ModuleType, fixture: None) -> None:
    targets = mod.load_targets()
    assert targets.height == 9 > mod.PAGE_SIZE
    order = targets["target_id"].to_list()
    root = mod.layout(lang="en")
    assert [c.id for c in cards(root)] == [f"targets-{i}" for i in order[: mod.PAGE_SIZE]]
    showing = text_of(by_id(root, "targets-showing"))
    assert f"Showing targets 1–{mod.PAGE_SIZE} of 9" in showing and "by deadline" in showing
    pager = by_id(root, "targets-pager")
    pages = [c for c in walk(pager) if type(c).__name__ == "Button"]
    assert [getattr(b, "aria-current") for b in pages] == ["page", "false"]
    # the chips offer the targets of this page; the summary table lists all nine, folded
    assert pressed(by_id(root, "targets-selector")) == ["all"]
    chips = [
        c.id["value"]
        for c in walk(by_id(root, "targets-selector"))
        if isinstance(getattr(c, "id", None), dict)
    ]
    assert chips == ["all", *order[: mod.PAGE_SIZE]]
    summary = by_id(root, "targets-summary-details")
    assert len([c for c in walk(summary) if type(c).__name__ == "Tr"]) == 10
    assert "All 9 targets" in text_of(summary)
    # page 2 holds the rest, in the URL as ?page=2
    root = mod.layout(lang="vi", page="2")
    assert [c.id for c in cards(root)] == [f"targets-{i}" for i in order[mod.PAGE_SIZE :]]
    assert by_id(root, "targets-page").value == "2"
    assert "Đang hiển thị mục tiêu 6–9 trong 9" in text_of(by_id(root, "targets-showing"))
    assert by_id(root, "lang-switch").href == "/targets?lang=en&page=2"
    # a page past the last shows the last; nonsense shows the first
    assert [c.id for c in cards(mod.layout(lang="en", page="7"))] == [
        f"targets-{i}" for i in order[mod.PAGE_SIZE :]
    ]
    assert len(cards(mod.layout(lang="en", page="x"))) == mod.PAGE_SIZE


def test_status_filter_and_focus_on_a_later_page(mod: ModuleType, fixture: None) -> None:
    targets = mod.load_targets()
    counts = dict(targets.group_by("status").len().iter_rows())
    root = mod.layout(lang="en", status="on_track")
    chips = text_of(by_id(root, "targets-status-filter"))
    assert "Any status (9)" in chips and f"On track ({counts['on_track']})" in chips
    assert pressed(by_id(root, "targets-status-filter")) == ["on_track"]
    on_track = targets.filter(pl.col("status") == "on_track")["target_id"].to_list()
    assert [c.id for c in cards(root)] == [f"targets-{i}" for i in on_track]
    assert "with status “On track”" in text_of(by_id(root, "targets-showing"))
    assert by_id(root, "targets-status").value == "on_track"
    # an unknown status is ignored
    assert by_id(mod.layout(lang="en", status="bogus"), "targets-status").value == ""
    # focusing a target of page 2 shows its card, with the chips of page 2 around it
    last = targets["target_id"].to_list()[-1]
    blocks = mod._focus(last, "", "", {"lang": "en"})
    assert [c.id for c in cards(blocks)] == [f"targets-{last}"]
    assert pressed(blocks) == ["all", last]  # any status; this target
    pager = next(b for b in blocks if getattr(b, "id", None) == "targets-pager")
    assert [getattr(b, "aria-current") for b in walk(pager) if type(b).__name__ == "Button"] == [
        "false",
        "page",
    ]


# --- long series, drawn as yearly means ----------------------------------------------------


@pytest.fixture(scope="module")
def scaled_warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A warehouse from bench.generate at 5 % of tier M: six targets over monthly series of 20
    years (about 260 observations each), as at scale."""
    from bench.generate import generate
    from etl.publish import run as run_etl

    facts = tmp_path_factory.mktemp("targets-scaled-facts")
    generate(0.05, facts)
    wh = tmp_path_factory.mktemp("targets-scaled-warehouse")
    run_etl(facts, wh)
    return wh


@pytest.fixture
def scaled(scaled_warehouse_dir: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("STI_WAREHOUSE_DIR", str(scaled_warehouse_dir))
    with app.server.test_request_context("/targets"):
        yield


def test_long_series_are_drawn_as_yearly_means(mod: ModuleType, scaled: None) -> None:
    targets = mod.load_targets()
    r = targets.filter(pl.col("n_observations") > mod.MAX_POINTS).row(0, named=True)
    tid = r["target_id"]
    series = mod.load_series([tid])
    means = series.filter(pl.col("row_kind") == "year_mean")
    assert means.height and set(series["row_kind"]) == {"year_mean", "latest"}
    assert means.height < mod.MAX_POINTS
    assert set(means["period_precision"]) == {"year"}
    assert (means["value_min"] <= means["value"]).all()
    assert (means["value"] <= means["value_max"]).all()
    # every observation of the target is in exactly one mean
    raw = query("targets_series", target_ids=[tid], max_points=10**9)
    assert means["n_values"].sum() == raw.height
    # the chart draws the means and says so; its CSV holds the points drawn
    fig = figs.progress_figure(series, r, "en")
    assert observation_points(fig) == means.height
    hovers = [h for tr in role(fig, "observations") for h in tr.hovertext]
    assert all("mean" in h and "values in the year" in h for h in hovers)
    rows = csv_rows(f"/download/targets-series.csv?lang=en&target={tid}")
    assert len(rows) == means.height
    assert {row["point"] for row in rows} == {"year_mean"} and rows[0]["n_values"]
    root = mod.layout(lang="en", target=tid)
    note = text_of(by_id(root, f"targets-chart-{tid}-card"))
    assert "yearly means" in note
    # the key numbers still read the latest observations, not the yearly mean
    latest = dict(figs.key_numbers(r, series, "en"))["Latest value"]
    assert figs.period_label(r["latest_period_text"], r["latest_period_precision"], "en") in latest


def test_scaled_page_shows_one_page_and_reaches_every_target(mod: ModuleType, scaled: None) -> None:
    targets = mod.load_targets()
    assert targets.height > mod.PAGE_SIZE
    root = mod.layout(lang="vi")
    assert len(graphs(root)) == mod.PAGE_SIZE
    assert f"trong {targets.height} mục tiêu" in text_of(by_id(root, "targets-showing"))
    links = [c.href for c in walk(by_id(root, "targets-summary")) if type(c).__name__ == "Link"]
    assert len(links) == targets.height
    everything = csv_rows("/download/targets-series.csv?lang=en")
    assert len(everything) == sum(
        observation_points(g) for g in graphs(mod.layout(lang="en", page="1")).values()
    ) + sum(observation_points(g) for g in graphs(mod.layout(lang="en", page="2")).values())

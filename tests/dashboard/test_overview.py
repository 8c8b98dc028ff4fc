"""Overview page without a browser: at seed scale every target, partner and milestone is drawn;
with more than fit, the chart draws the first few in a stated order, says "showing N of M" and
the CSV keeps them all."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from dashboard.app import app
from dashboard.figures import overview as figs
from tests.dashboard.tree import by_id, text_of, walk


@pytest.fixture(scope="module")
def mod() -> ModuleType:
    """The page module as Dash's pages loader imported it."""
    return sys.modules["pages.overview"]


@pytest.fixture
def seed(seed_data: Any) -> Iterator[None]:
    with app.server.test_request_context("/"):
        yield


def ids(root: Any) -> set[str]:
    return {c.id for c in walk(root) if isinstance(getattr(c, "id", None), str)}


def csv_rows(path: str) -> list[dict[str, str]]:
    resp = app.server.test_client().get(path)
    assert resp.status_code == 200
    return list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))


def items(root: Any, cid: str) -> list[Any]:
    return [c for c in walk(by_id(root, cid)) if type(c).__name__ == "Li"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_seed_shows_everything(mod: ModuleType, seed: None, lang: str) -> None:
    root = mod.layout(lang=lang)
    targets = mod.target_rows(lang)
    fig = by_id(root, "overview-targets-graph").figure
    assert len(fig.data[0].y) == targets.height == 5
    assert fig.layout.shapes[0].x0 == 100  # the 100 % line
    partners = mod.query("partner_status_counts")
    bars = by_id(root, "overview-partners-graph").figure
    assert set(bars.data[0].y) == set(partners[f"partner_name_{lang}"])
    assert [tr.name for tr in bars.data] == [
        mod.t("coop_" + s, lang) for s in ("proposed", "agreed", "ongoing", "completed")
    ]
    assert len(items(root, "overview-milestones")) == mod.query("upcoming_milestones").height
    # nothing is left out, so no "showing N of M"
    assert not {i for i in ids(root) if i.endswith("-showing")}
    assert len(csv_rows(f"/download/overview-targets.csv?lang={lang}")) == targets.height
    assert len(csv_rows(f"/download/overview-partners.csv?lang={lang}")) == partners.height


def test_partner_rank_orders_by_domains(mod: ModuleType, seed: None) -> None:
    partners = mod.query("partner_status_counts")
    ranked = partners.unique("partner_id").sort("partner_rank")
    totals = ranked["partner_domains"].to_list()
    assert totals == sorted(totals, reverse=True)
    assert ranked["partner_rank"].to_list() == list(range(1, ranked.height + 1))
    # the chart puts the partner with the most domains at the top (the last category)
    fig = figs.partner_status_bars(partners, "en")
    assert fig.data[0].y[-1] == ranked["partner_name_en"][0]


def test_caps_say_showing_n_of_m(
    mod: ModuleType, seed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mod, "TOP_TARGETS", 2)
    monkeypatch.setattr(mod, "TOP_PARTNERS", 3)
    monkeypatch.setattr(mod, "TOP_MILESTONES", 4)
    monkeypatch.setattr(mod, "TOP_SOURCES", 2)
    root = mod.layout(lang="en")
    targets = mod.target_rows("en")
    fig = by_id(root, "overview-targets-graph").figure
    # the targets with the nearest deadlines, in target_progress's order
    first = [figs.wrap(t, 34) for t in targets["title_en"].head(2)]
    assert list(fig.data[0].y) == first
    assert "Showing 2 of 5 targets" in text_of(by_id(root, "overview-targets-showing"))
    # the table and the CSV keep every target
    table = by_id(root, "overview-targets-table")
    assert len([c for c in walk(table) if type(c).__name__ == "Tr"]) == targets.height + 1
    assert len(csv_rows("/download/overview-targets.csv?lang=en")) == targets.height
    # partners: the three with most domains, the CSV all of them
    partners = mod.query("partner_status_counts")
    top = partners.filter(partners["partner_rank"] <= 3)
    bars = by_id(root, "overview-partners-graph").figure
    assert set(bars.data[0].y) == set(top["partner_name_en"])
    n = partners["partner_id"].n_unique()
    assert f"Showing 3 of {n} partners" in text_of(by_id(root, "overview-partners-showing"))
    assert len(csv_rows("/download/overview-partners.csv?lang=en")) == partners.height
    assert "Listing 2 of" in text_of(by_id(root, "overview-partners-sources-showing"))
    # milestones: the first four by date, the CSV all of them
    assert len(items(root, "overview-milestones")) == 4
    total = mod.query("upcoming_milestones").height
    showing = text_of(by_id(root, "overview-milestones-showing"))
    assert f"Showing 4 of {total} milestones" in showing


def test_long_lists_are_shortened_in_hovers() -> None:
    domains = ", ".join(f"d{i}" for i in range(20))
    assert figs.domain_list(domains, 8, "en") == "d0, d1, d2, d3, d4, d5, d6, d7, … and 12 more"
    assert figs.domain_list("a, b", 8, "en") == "a, b"
    assert figs.id_list("s1, s2, s3", 2, "vi") == "s1, s2, … và 1 nguồn khác"
    assert figs.id_list(None) == ""

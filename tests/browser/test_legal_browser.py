"""Legal pipeline in Chromium: the jurisdiction and kind filters live in the URL, are restored in
a fresh page, reach the language switch, and every CSV link returns exactly the rows drawn."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import OpenedPage, wait_for_charts

pytestmark = pytest.mark.browser

# y values of the stage chart's bars, and how many instruments they add up to
STAGE_BARS_JS = """() => {
    const plot = document.querySelector('#legal-stages-graph .js-plotly-plot');
    const ys = new Set();
    let total = 0;
    plot.data.forEach(t => (t.x || []).forEach((x, i) => { if (x) { ys.add(t.y[i]); total += x; } }));
    return {ys: Array.from(ys).sort(), total: total};
}"""


def stage_bars(page: object) -> dict:
    return page.evaluate(STAGE_BARS_JS)


def pressed(page: object, control: str) -> list[str]:
    return page.locator(f"#{control}-label + .legal-chips [aria-pressed=true]").all_inner_texts()


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def csv_rows(page: object, base: str, cid: str) -> list[dict[str, str]]:
    href = page.locator(f"#{cid}-csv").get_attribute("href")
    response = page.request.get(base + href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))


def test_filter_is_kept_in_the_url_and_restored(open_page, live_server: str) -> None:
    opened: OpenedPage = open_page("/legal?lang=en&jurisdiction=KR")
    page = opened.page
    assert pressed(page, "legal-jurisdiction") == ["Korea"]
    assert stage_bars(page) == {"ys": ["Korea"], "total": 4}

    # add Laos: the charts redraw and the URL says so
    page.get_by_role("button", name="Laos").click()
    page.wait_for_function(
        "() => document.querySelector('#legal-stages-graph .js-plotly-plot').data"
        ".some(t => (t.y || []).includes('Laos'))"
    )
    assert query_of(page.url)["jurisdiction"] == ["KR,LA"]
    assert stage_bars(page) == {"ys": ["Korea", "Laos"], "total": 7}
    page.wait_for_function(
        "() => document.getElementById('legal-stages-csv').getAttribute('href').includes('LA')"
    )
    # the language switch opens the same view in Vietnamese
    switch = page.locator("#lang-switch").get_attribute("href")
    assert query_of(switch)["jurisdiction"] == ["KR,LA"] and query_of(switch)["lang"] == ["vi"]

    # a fresh page on the copied link shows the same selection and the same charts
    fresh = open_page(page.url.removeprefix(live_server)).page
    wait_for_charts(fresh)
    assert pressed(fresh, "legal-jurisdiction") == ["Korea", "Laos"]
    assert stage_bars(fresh) == {"ys": ["Korea", "Laos"], "total": 7}
    rows = csv_rows(fresh, live_server, "legal-stages")
    assert {r["jurisdiction"] for r in rows} == {"KR", "LA"}
    assert sum(int(r["n_instruments"]) for r in rows) == 7
    assert opened.console_errors == [] and opened.failed_requests == []


def test_kind_filter_reaches_counts_and_csv(open_page, live_server: str) -> None:
    opened = open_page("/legal?lang=vi")
    page = opened.page
    assert page.locator(".legal-count").count() == 3
    page.get_by_role("button", name="Nghị định", exact=True).click()
    page.wait_for_function("() => document.querySelectorAll('.legal-count').length === 1")
    assert query_of(page.url)["kind"] == ["decree"]
    assert "16" in page.locator(".legal-count .stat-value").inner_text()
    # the pressed chip says so to assistive technology, and a second click clears it
    chip = page.get_by_role("button", name="Nghị định", exact=True)
    assert chip.get_attribute("aria-pressed") == "true"
    chip.click()
    page.wait_for_function("() => document.querySelectorAll('.legal-count').length === 3")
    assert "kind" not in query_of(page.url)


def test_votes_csv_holds_the_laws_listed(open_page, live_server: str) -> None:
    opened = open_page("/legal?lang=en&jurisdiction=VN")
    page = opened.page
    rows = csv_rows(page, live_server, "legal-votes")
    listed = page.evaluate(
        "() => document.querySelector('#legal-votes-graph .js-plotly-plot').layout.annotations"
        ".filter(a => a.x === 0 && a.y >= 0).length"
    )
    assert len(rows) == listed
    data = next(r for r in rows if r["instrument_id"] == "vn-law-data")
    assert (data["votes"], data["votes_for_pct"], data["adopted_label"]) == (
        "451/458", "98.5", "30 Nov 2024",
    )  # fmt: skip
    timeline = csv_rows(page, live_server, "legal-timeline")
    drawn = page.evaluate(
        "() => document.querySelector('#legal-timeline-graph .js-plotly-plot').data"
        ".reduce((n, t) => n + (t.y || []).reduce((a, y) => a + (y || 0), 0), 0)"
    )
    assert len(timeline) == drawn

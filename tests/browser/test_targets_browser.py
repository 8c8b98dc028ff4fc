"""Targets page in Chromium: a shared ``?target=`` link reopens that target, the selector moves
the focus and the URL with it, and each chart's CSV link returns exactly the points drawn."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import OpenedPage, wait_for_charts

pytestmark = pytest.mark.browser

USAGE_2030 = ("vn-ipv6-usage-2030", "IPv6 usage of 90–100 % by 2030")
FULL_2032 = ("vn-ipv6-full-2032", "Full move to IPv6 by 2032")

# Points drawn in a chart: the traces of observations (the figure tags them with meta.role).
POINTS_JS = """(id) => {
    const plot = document.getElementById(id).querySelector('.js-plotly-plot');
    return plot.data
        .filter(t => t.meta && t.meta.role === 'observations')
        .reduce((n, t) => n + t.x.length, 0);
}"""


def csv_rows(page: object, base: str, tid: str) -> list[dict[str, str]]:
    href = page.locator(f"#targets-chart-{tid}-csv").get_attribute("href")
    assert f"target={tid}" in href
    response = page.request.get(base + href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))


def pressed(page: object) -> list[str]:
    """Labels of the selector's pressed chips."""
    return page.locator(".targets-chip[aria-pressed=true]").all_inner_texts()


def plotted_points(page: object, tid: str) -> int:
    graph = f"targets-chart-{tid}-graph"
    page.wait_for_selector(f"#{graph} .main-svg")
    return page.evaluate(POINTS_JS, graph)


def test_target_in_url_selector_and_csv(open_page, live_server: str) -> None:
    tid, title = USAGE_2030
    opened: OpenedPage = open_page(f"/targets?lang=en&target={tid}", screenshot="targets-focus-en")
    page = opened.page
    assert "Targets" in page.locator("h1").first.inner_text()
    # the selector shows the target of the shared link, and only its chart is drawn
    assert pressed(page) == [title]
    assert page.locator(".target-card").count() == 1
    assert page.locator(f"#targets-chart-{tid}-graph .main-svg").count() >= 1
    points = plotted_points(page, tid)
    assert points >= 13
    rows = csv_rows(page, live_server, tid)
    assert len(rows) == points
    sep = sorted((r["measure"], r["value"]) for r in rows if r["period"] == "2025-09")
    assert sep == [("apnic", "61.2"), ("vnnic", "65.0")]
    # status badge, method and key numbers in words
    card = page.locator(f"#targets-{tid}").inner_text()
    assert "Moderately improving" in card and "SDSN trend method" in card
    assert "percentage points a year" in card and "3369/QĐ-BKHCN" in card

    # pick another target in the selector: the URL, the language switch and the CSV follow
    new_id, new_title = FULL_2032
    page.get_by_role("button", name=new_title, exact=True).click()
    page.wait_for_function(
        "(id) => new URLSearchParams(location.search).get('target') === id", arg=new_id
    )
    page.wait_for_selector(f"#targets-chart-{new_id}-graph .main-svg")
    wait_for_charts(page)
    assert "lang=en" in page.url
    assert pressed(page) == [new_title]
    assert f"target={new_id}" in page.locator("#lang-switch").get_attribute("href")
    assert page.locator(f"#targets-{tid}").count() == 0
    assert len(csv_rows(page, live_server, new_id)) == plotted_points(page, new_id)

    # the copied URL reopens the same target
    again = open_page(page.url.removeprefix(live_server))
    assert pressed(again.page) == [new_title]
    assert again.page.locator(".target-card").count() == 1

    # clearing the selection drops `target` from the URL and stacks every target
    page.get_by_role("button", name="All targets", exact=True).click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('target')")
    page.wait_for_function("() => document.querySelectorAll('.target-card').length === 5")
    wait_for_charts(page)
    assert opened.console_errors == []
    assert opened.failed_requests == []


def test_unmeasured_target_in_vietnamese(open_page) -> None:
    opened = open_page("/targets?lang=vi&target=hcmc-sme-ai-50")
    page = opened.page
    assert "Mục tiêu" in page.locator("h1").first.inner_text()
    notice = page.locator("#targets-hcmc-sme-ai-50-none").inner_text()
    assert notice.startswith("Chưa có số đo")
    assert page.locator("#targets-chart-hcmc-sme-ai-50-graph").count() == 0
    title = page.locator("#targets-related-hcmc-sme-ai-50-title").inner_text()
    assert title.startswith("Chỉ tiêu liên quan, không phải mục tiêu")
    # a title in the summary table links to that target's view
    page.locator("#targets-summary-vn-ipv6-rank-2030 a").click()
    page.wait_for_selector("#targets-chart-vn-ipv6-rank-2030-graph .main-svg")
    assert "target=vn-ipv6-rank-2030" in page.url and "lang=vi" in page.url
    assert page.locator(".target-card").count() == 1
    assert opened.console_errors == []

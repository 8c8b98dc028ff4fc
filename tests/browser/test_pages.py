"""Every page in both languages: charts drawn, no console error, no failed request, text in the
right language, a screenshot saved, and no serious or critical accessibility violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OpenedPage

pytestmark = pytest.mark.browser

PAGES = {
    "overview": ("/", {"vi": "Tổng quan", "en": "Overview"}),
    "targets": ("/targets", {"vi": "Mục tiêu", "en": "Targets"}),
    "cooperation": ("/cooperation", {"vi": "Hợp tác", "en": "Cooperation"}),
    "partner-kor": ("/partner/KOR", {"vi": "Hàn Quốc", "en": "Republic of Korea"}),
    "legal": ("/legal", {"vi": "Pháp lý", "en": "Legal"}),
    "sources": ("/sources", {"vi": "Nguồn", "en": "Sources"}),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders(open_page, name: str, lang: str) -> None:
    path, heading = PAGES[name]
    opened: OpenedPage = open_page(f"{path}?lang={lang}", screenshot=f"{name}-{lang}")
    page = opened.page
    assert opened.console_errors == []
    assert opened.failed_requests == []
    assert page.locator(".dash-graph").count() >= 1, "every page shows at least one chart"
    h1 = page.locator("h1").first.inner_text()
    assert heading[lang] in h1
    assert page.locator(".page").get_attribute("lang") == lang
    # the share-to-cloud button is gone from every modebar; the PNG export stays
    assert page.locator('[data-title="Share chart"]').count() == 0
    page.locator(".dash-graph").first.hover()
    assert page.locator(".modebar-btn[data-title*='png' i]").count() >= 1


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_accessibility(open_page, name: str, lang: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    path, _ = PAGES[name]
    opened = open_page(f"{path}?lang={lang}")
    results = Axe().run(opened.page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []

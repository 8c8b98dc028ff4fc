"""Partner profile in a real browser: Korea and Laos in both languages, the partner switcher,
and an unknown partner id."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OpenedPage, wait_for_charts

pytestmark = pytest.mark.browser

NAMES = {
    ("KOR", "vi"): "Hàn Quốc",
    ("KOR", "en"): "Republic of Korea",
    ("LAO", "vi"): "Lào",
    ("LAO", "en"): "Lao PDR",
}


@pytest.mark.parametrize(("pid", "lang"), list(NAMES))
def test_profile_renders(open_page, pid: str, lang: str) -> None:
    opened: OpenedPage = open_page(
        f"/partner/{pid}?lang={lang}", screenshot=f"partner-{pid.lower()}-{lang}"
    )
    page = opened.page
    assert opened.console_errors == []
    assert opened.failed_requests == []
    assert NAMES[(pid, lang)] in page.locator("h1").first.inner_text()
    assert page.locator(".page").get_attribute("lang") == lang
    assert page.locator("#partner-domains-graph .main-svg").count() >= 1
    assert page.locator("#partner-timeline-graph .main-svg").count() >= 1
    # events without a known year are listed under the timeline
    undated = page.locator("#partner-timeline-undated").inner_text()
    assert ("Ngày không rõ" if lang == "vi" else "Date not stated") in undated
    # the jurisdiction's own instruments: Korea's four, Laos' three proposals
    own = 4 if pid == "KOR" else 3
    assert page.locator(".partner-instrument").count() >= own
    assert page.locator("#partner-sources-table tbody tr").count() >= 1


def test_switcher_opens_another_partner(open_page) -> None:
    opened: OpenedPage = open_page("/partner/KOR?lang=en")
    page = opened.page
    page.locator("#partner-switch-button").click()
    link = page.locator("#partner-switch-LAO")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/partner/LAO?lang=en")
    wait_for_charts(page)
    assert "Lao PDR" in page.locator("h1").first.inner_text()
    assert page.locator("#partner-switch-LAO").get_attribute("aria-current") == "page"
    # and from the keyboard
    page.locator("#partner-switch-button").focus()
    page.keyboard.press("Enter")
    page.locator("#partner-switch-VN-SG").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/partner/VN-SG?lang=en")
    wait_for_charts(page)
    assert "Ho Chi Minh City" in page.locator("h1").first.inner_text()
    assert opened.console_errors == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_unknown_partner(open_page, lang: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    opened: OpenedPage = open_page(f"/partner/XXX?lang={lang}")
    page = opened.page
    heading = "Không tìm thấy đối tác" if lang == "vi" else "Partner not found"
    assert heading in page.locator("h1").first.inner_text()
    assert page.locator("#partner-valid-partners a").count() == 7
    assert opened.console_errors == []
    assert opened.failed_requests == []
    assert "Traceback" not in page.content()
    serious = [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_laos_profile_is_accessible(open_page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    opened: OpenedPage = open_page("/partner/LAO?lang=vi")
    opened.page.locator("#partner-switch-button").click()  # with the menu open, too
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(opened.page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []

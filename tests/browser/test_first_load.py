"""What a browser fetches on a page's first load: the page arrives with the layout (no router
callback), plotly.js comes as the cartesian bundle (never the full plotly.min.js), and the whole
load stays within 1.5 MB on the wire; in-app navigation still goes through the router."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import wait_for_charts

pytestmark = pytest.mark.browser

FIRST_LOAD_BUDGET = 1.5e6  # bytes on the wire, compressed as the browser gets them
PAGES = ["/", "/targets", "/cooperation", "/partner/KOR", "/legal", "/sources", "/dictionary",
         "/console", "/downloads"]  # fmt: skip
CHART_PAGES = {"/", "/targets", "/cooperation", "/partner/KOR", "/legal", "/sources"}


def _load(browser: Any, url: str) -> tuple[Any, Any, dict[str, Any]]:
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    seen: dict[str, Any] = {"sizes": {}, "urls": [], "posts": []}
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.loadingFinished",
        lambda e: seen["sizes"].__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.on("request", lambda r: seen["urls"].append(r.url))
    page.on(
        "request",
        lambda r: r.method == "POST" and seen["posts"].append(r.post_data or ""),
    )
    page.goto(url, wait_until="networkidle")
    return ctx, page, seen


@pytest.mark.parametrize("path", PAGES)
def test_first_load_is_small_and_needs_no_router_round_trip(
    browser: Any, live_server: str, path: str
) -> None:
    ctx, page, seen = _load(browser, f"{live_server}{path}?lang=en")
    try:
        charts = wait_for_charts(page)
        if path in CHART_PAGES:
            assert charts >= 1
        assert not [u for u in seen["urls"] if u.split("?")[0].endswith("/plotly.min.js")]
        if path in CHART_PAGES:
            assert [u for u in seen["urls"] if "plotly-cartesian-" in u]
        assert not [p for p in seen["posts"] if '"_pages_content' in p], "router called on load"
        total = sum(seen["sizes"].values())
        assert 0 < total <= FIRST_LOAD_BUDGET, f"{path}: {total:,} bytes on first load"
    finally:
        ctx.close()


def test_navigation_inside_the_app_renders_through_the_router(
    browser: Any, live_server: str
) -> None:
    ctx, page, seen = _load(browser, f"{live_server}/?lang=en")
    try:
        wait_for_charts(page)
        page.locator("nav a[href^='/targets']").first.click()
        page.wait_for_function("() => location.pathname === '/targets'")
        page.wait_for_function(
            "() => (document.querySelector('h1') || {}).innerText?.includes('Targets')"
        )
        assert wait_for_charts(page) >= 1
        assert [p for p in seen["posts"] if '"_pages_content' in p], "the router rendered it"
    finally:
        ctx.close()

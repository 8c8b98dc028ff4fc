"""Browser suite: the real dashboard under gunicorn on loopback, driven by headless Chromium.

Fixtures: ``live_server`` (base URL of a gunicorn serving a warehouse built by the real ETL from
data/facts), ``browser`` (Playwright Chromium from /usr/bin/chromium) and ``open_page`` (opens
a path, waits until every chart has drawn, collects console errors). Screenshots go to
tests/artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from etl.publish import run as run_etl
from tests.server import dashboard_server

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wh = tmp_path_factory.mktemp("browser-warehouse")
    run_etl(ROOT / "data" / "facts", wh)
    return wh


@pytest.fixture(scope="session")
def live_server(browser_warehouse: Path) -> Iterator[str]:
    with dashboard_server(browser_warehouse) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or (
        shutil.which(CHROMIUM) is None and not os.access(CHROMIUM, os.X_OK)
    ):
        pytest.skip(f"Chromium not installed at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class OpenedPage:
    page: object
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


def wait_for_charts(page: object, timeout_ms: int = 30000) -> int:
    """Wait until every dcc.Graph on the page has drawn its SVG; return how many there are."""
    page.wait_for_selector("#main-content", timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const graphs = document.querySelectorAll('.dash-graph');
            if (document.querySelector('._dash-loading')) return false;
            return Array.from(graphs).every(g => g.querySelector('.main-svg'));
        }""",
        timeout=timeout_ms,
    )
    return page.locator(".dash-graph").count()


@pytest.fixture
def open_page(browser: object, live_server: str) -> Iterator[Callable[..., OpenedPage]]:
    contexts = []

    def _open(path: str, *, width: int = 1366, screenshot: str | None = None) -> OpenedPage:
        ctx = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        opened = OpenedPage(page)
        page.on("console", lambda m: m.type == "error" and opened.console_errors.append(m.text))
        page.on("pageerror", lambda e: opened.console_errors.append(str(e)))
        page.on(
            "response",
            lambda r: r.status >= 400 and opened.failed_requests.append(f"{r.status} {r.url}"),
        )
        page.goto(live_server + path, wait_until="networkidle")
        wait_for_charts(page)
        if screenshot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{screenshot}.png"), full_page=True)
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()

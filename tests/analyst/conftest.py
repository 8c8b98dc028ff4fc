"""Fixtures of the analyst-access tests: a warehouse built from the seed facts, its DuckDB file
for the console engine, the app in-process on that warehouse, gunicorn servers with settings of
their own (login, console limits), and the browser suite's fixtures (live_server, browser,
open_page)."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from etl import publish, warehouse
from tests.browser.conftest import (  # noqa: F401 - fixtures for the browser tests here
    CHROMIUM,
    CHROMIUM_ARGS,
    browser_warehouse,
    live_server,
    open_page,
)
from tests.conftest import ISOLATED_SETTINGS, SEED_FACTS
from tests.server import ROOT, free_port


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium as tests/browser launches it, but for one module only: Playwright's sync
    API runs one instance per process at a time, and tests/browser (collected after this folder)
    starts its own for the rest of the session."""
    import os
    import shutil

    if not Path(CHROMIUM).exists() or (
        shutil.which(CHROMIUM) is None and not os.access(CHROMIUM, os.X_OK)
    ):
        pytest.skip(f"Chromium not installed at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def analyst_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of its own, built by the real ETL from the seed facts. Not the shared
    ``seed_warehouse``: the app in this process keeps connections to the files it reads, and
    DuckDB refuses another connection to the same file with another configuration (as the
    shared ``seed_db`` fixture opens it)."""
    wh = tmp_path_factory.mktemp("analyst-warehouse")
    with pytest.MonkeyPatch.context() as mp:
        for name in ISOLATED_SETTINGS:
            mp.delenv(name, raising=False)
        assert publish.run(SEED_FACTS, wh).status == "succeeded"
    return wh


@pytest.fixture(scope="session")
def seed_db_path(analyst_warehouse: Path) -> Path:
    """The DuckDB file of the current snapshot (the console engine opens it in child
    processes only)."""
    db = warehouse.current_db(analyst_warehouse)
    assert db is not None
    return db


@pytest.fixture
def seed_app(analyst_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The Dash app in this process, reading the analyst warehouse; yields its Flask client."""
    monkeypatch.setenv("STI_WAREHOUSE_DIR", str(analyst_warehouse))
    from dashboard.app import app

    yield app.server.test_client()


@contextmanager
def gunicorn(warehouse_dir: Path, **env: str) -> Iterator[str]:
    """Like tests.server.dashboard_server, but ready as soon as the server answers at all: with a
    login configured, the first page answers 401 or 403."""
    import os

    port = free_port()
    full_env = {
        **os.environ,
        "STI_WAREHOUSE_DIR": str(warehouse_dir),
        "STI_HOST": "127.0.0.1",
        "STI_PORT": str(port),
        "STI_WEB_WORKERS": "1",
        **env,
    }
    log_path = warehouse_dir.parent / f"gunicorn-analyst-{port}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "dashboard/gunicorn_conf.py",
             "dashboard.app:server"],
            cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/?lang=en", timeout=5).read()
                break
            except urllib.error.HTTPError:
                break  # it answered: a login is asked for
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.3)
        try:
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def request(
    base: str,
    path: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request to the loopback server (4xx/5xx included)."""
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def render_page(
    base: str, path: str, search: str = "", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """A page's content as Dash's page router returns it (the callback the browser calls on
    load): status and the JSON body."""
    import json

    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    status, _, body = request(
        base,
        "/_dash-update-component",
        method="POST",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    return status, body

"""Headless Chromium: time from navigation to every chart drawn, and bytes on the wire.

Each cold load opens a fresh browser context (empty cache, as a first visit); a warm load
navigates again in the same context (scripts from the cache). "Drawn" means: the page's root is
there, no Dash loading marker is left, and every dcc.Graph holds a Plotly SVG with data (or an
annotation, for an empty-state chart) — so an app that draws its figures in a callback after the
page arrives is only ready once those callbacks have filled them. The time is read in the page
(performance.now(): milliseconds since navigation start). Bytes are what Chromium received
(request.sizes(): encoded body + headers) for every request up to that point. The ``X-Cache``
values of the Dash responses (layout, callbacks) are counted: the dashboard answers a repeated
first load from its response cache. Chromium fetches only what the page asks for: the dashboard
ships plotly.js's cartesian partial bundle from its assets, never plotly.min.js.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections import Counter
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

READY_JS = """(root) => {
    if (window.__benchReady) return true;
    if (!document.querySelector(root)) return false;
    if (document.querySelector('._dash-loading')) return false;
    const graphs = Array.from(document.querySelectorAll('.dash-graph'));
    const drawn = graphs.every(g => {
        const p = g.querySelector('.js-plotly-plot');
        if (!p || !g.querySelector('.main-svg')) return false;
        const data = p.data || [];
        const notes = (p.layout && p.layout.annotations) || [];
        return data.length > 0 || notes.length > 0;
    });
    if (!drawn) return false;
    window.__benchReady = performance.now();
    window.__benchGraphs = graphs.length;
    const nav = performance.getEntriesByType('navigation')[0] || {};
    const res = performance.getEntriesByType('resource');
    const end = (pred) => Math.max(0, ...res.filter(pred).map(r => r.responseEnd));
    window.__benchTimes = {
        dom_content_loaded: nav.domContentLoadedEventEnd || null,
        load_event: nav.loadEventEnd || null,
        scripts_done: end(r => r.initiatorType === 'script'),
        layout_done: end(r => r.name.includes('_dash-layout') || r.name.includes('_dash-dependencies')),
        callbacks_done: end(r => r.name.includes('_dash-update-component')),
        callback_server: res.filter(r => r.name.includes('_dash-update-component'))
            .reduce((a, r) => a + (r.responseStart - r.requestStart), 0),
    };
    return true;
}"""


def _load(page: Any, url: str, root: str, timeout_ms: int) -> dict[str, Any]:
    reqs: list[Any] = []

    def collect(request: Any) -> None:
        reqs.append(request)

    page.on("requestfinished", collect)
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    page.wait_for_function(READY_JS, arg=root, timeout=timeout_ms, polling=50)
    wall = time.perf_counter() - t0
    ready_ms = page.evaluate("window.__benchReady")
    graphs = page.evaluate("window.__benchGraphs")
    times = page.evaluate("window.__benchTimes")
    with contextlib.suppress(Exception):  # a page that keeps polling never goes idle
        page.wait_for_load_state("networkidle", timeout=5000)
    page.remove_listener("requestfinished", collect)
    resources = []
    cache: Counter[str] = Counter()
    for r in reqs:
        try:
            sizes = r.sizes()
        except Exception:
            continue
        if "/_dash-layout" in r.url or "/_dash-update-component" in r.url:
            with contextlib.suppress(Exception):
                response = r.response()
                value = (response.headers.get("x-cache") if response else None) or "none"
                cache[value.lower()] += 1
        resources.append(
            {
                "url": r.url.split("?")[0].rsplit("/", 1)[-1][:60] or r.url,
                "type": r.resource_type,
                "wire": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                "body": sizes["responseBodySize"],
            }
        )
    return {
        "ready_ms": ready_ms,
        "wall_s": wall,
        "graphs": graphs,
        "times_ms": times,
        "bytes": sum(x["wire"] for x in resources),
        "requests": len(resources),
        "dash_requests": sum(cache.values()),
        "x_cache": dict(cache),
        "resources": sorted(resources, key=lambda x: -x["wire"])[:8],
    }


def measure_pages(
    base: str, pages: list[str], root: str, cold: int = 3, warm: int = 2, timeout_s: float = 60
) -> dict[str, Any]:
    """For each page: ``cold`` first visits and ``warm`` repeat visits; medians and bytes."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for path in pages:
                url = f"{base}{path}?lang=en"
                colds, warms, errors = [], [], []
                for _ in range(cold):
                    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
                    page = ctx.new_page()
                    try:
                        colds.append(_load(page, url, root, int(timeout_s * 1000)))
                        for _ in range(warm if not warms else 0):
                            warms.append(_load(page, url, root, int(timeout_s * 1000)))
                    except Exception as exc:
                        errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                    finally:
                        ctx.close()
                    if errors:
                        break  # a page that timed out once is not retried (bounded time)
                out[path] = {
                    "cold_ready_ms": [c["ready_ms"] for c in colds],
                    "cold_median_ms": statistics.median([c["ready_ms"] for c in colds])
                    if colds
                    else None,
                    "warm_median_ms": statistics.median([w["ready_ms"] for w in warms])
                    if warms
                    else None,
                    "bytes": colds[0]["bytes"] if colds else None,
                    "requests": colds[0]["requests"] if colds else None,
                    "graphs": colds[0]["graphs"] if colds else None,
                    "dash_requests": colds[0]["dash_requests"] if colds else None,
                    "x_cache": dict(sum((Counter(c["x_cache"]) for c in colds), Counter())),
                    "cold_times_ms": _median_times([c["times_ms"] for c in colds]),
                    "warm_times_ms": _median_times([w["times_ms"] for w in warms]),
                    "resources": colds[0]["resources"] if colds else [],
                    "errors": errors,
                }
        finally:
            browser.close()
    return out


def _median_times(runs: list[dict[str, Any]]) -> dict[str, float | None]:
    """Median of each milestone over the loads (what the time before 'ready' went to)."""
    keys = {k for r in runs for k in (r or {})}
    out: dict[str, float | None] = {}
    for k in sorted(keys):
        values = [r[k] for r in runs if r and r.get(k) is not None]
        out[k] = statistics.median(values) if values else None
    return out

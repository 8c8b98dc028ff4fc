"""HTTP load loops of the benchmark: percentiles, X-Cache counting, bounds, loopback only."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from bench.load import hit_ratio, measure, percentile


def test_percentile_interpolates_between_sorted_values() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == pytest.approx(2.5)
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.95) == pytest.approx(3.85)
    assert percentile([1.0, 2.0, 3.0], 0.0) == 1.0
    assert percentile([1.0, 2.0, 3.0], 1.0) == 3.0


def test_hit_ratio_counts_only_responses_that_said_hit_or_miss() -> None:
    assert hit_ratio({"hit": 3, "miss": 1}) == pytest.approx(0.75)
    assert hit_ratio({"hit": 2, "miss": 0, "none": 5}) == 1.0
    assert hit_ratio({"none": 5}) is None
    assert hit_ratio({}) is None


class Handler(BaseHTTPRequestHandler):
    """First request of each (method, path, body) misses, later ones hit; 20 ms each."""

    seen: ClassVar[set[tuple[str, str, bytes]]] = set()
    log: ClassVar[list[tuple[str, str, str]]] = []
    lock = threading.Lock()

    def _answer(self, body: bytes) -> None:
        key = (self.command, self.path, body)
        with self.lock:
            state = "hit" if key in self.seen else "miss"
            self.seen.add(key)
            self.log.append((self.command, self.path, self.headers.get("Referer", "")))
        time.sleep(0.02)
        payload = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        if self.path != "/plain":
            self.send_header("X-Cache", state)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        self._answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def base() -> Iterator[str]:
    Handler.seen.clear()
    Handler.log.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_layout_get_sends_the_page_as_referer_and_counts_cache_hits(base: str) -> None:
    spec = {"page": "/targets", "method": "GET", "path": "/_dash-layout", "body": None}
    out = measure(base, spec, clients=1, max_requests=5, budget_s=10)
    assert out["n"] == 5 and out["errors"] == 0
    assert out["x_cache"] == {"miss": 1, "hit": 4}
    assert out["hit_ratio"] == pytest.approx(0.8)
    assert {entry[:2] for entry in Handler.log} == {("GET", "/_dash-layout")}
    assert all(ref == f"{base}/targets?lang=en" for _, _, ref in Handler.log)
    assert out["p50_s"] >= 0.02


def test_callback_posts_its_body_and_no_header_means_no_ratio(base: str) -> None:
    spec = {"page": "/", "body": {"output": "x.children", "inputs": []}}
    out = measure(base, spec, clients=2, max_requests=4, budget_s=10)
    assert out["n"] == 4
    assert {entry[:2] for entry in Handler.log} == {("POST", "/_dash-update-component")}
    plain = {"page": "/", "method": "GET", "path": "/plain", "body": None}
    none = measure(base, plain, clients=1, max_requests=3, budget_s=10)
    assert none["x_cache"] == {"none": 3}
    assert none["hit_ratio"] is None
    json.dumps(none)  # results are written as JSON


def test_loops_stop_at_the_time_budget(base: str) -> None:
    spec = {"page": "/", "method": "GET", "path": "/_dash-layout", "body": None}
    t0 = time.perf_counter()
    out = measure(base, spec, clients=3, max_requests=10_000, budget_s=0.3)
    assert time.perf_counter() - t0 < 3
    assert 0 < out["n"] < 100


def test_only_loopback_is_addressed() -> None:
    spec = {"page": "/", "method": "GET", "path": "/_dash-layout", "body": None}
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        measure("http://example.org:80", spec, 1, 1, 1)
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        measure("http://localhost:8050", spec, 1, 1, 1)

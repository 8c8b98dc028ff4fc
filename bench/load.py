"""Latency of Dash requests over HTTP on loopback, with 1 and with N concurrent clients.

A request is what bench/trace.py recorded: a callback (``POST /_dash-update-component`` with its
body) or a first load (``GET /_dash-layout``); both carry the page URL as Referer, as the browser
sends them. The dashboard answers repeats from its per-worker response cache and says so in
``X-Cache: hit|miss``; each measurement counts those values (no header: no cache, e.g. the naive
baseline or a server with the caches off).

Every loop is bounded twice: a number of requests and a time budget (clients stop sending
when the budget is spent; requests in flight finish). Only 127.0.0.1 is ever addressed.
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "gzip, br"}
LOOPBACK = "http://127.0.0.1:"


def percentile(values: list[float], q: float) -> float | None:
    """q-th percentile by linear interpolation (None for no values)."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def hit_ratio(counts: dict[str, int]) -> float | None:
    """Share of ``X-Cache: hit`` among the responses that said hit or miss (None: none did)."""
    hits, misses = counts.get("hit", 0), counts.get("miss", 0)
    return hits / (hits + misses) if hits + misses else None


def _check(base: str) -> None:
    if not base.startswith(LOOPBACK):
        raise ValueError(f"load tests address 127.0.0.1 only, not {base}")


def _one(
    session: requests.Session, base: str, spec: dict[str, Any]
) -> tuple[float, int, int, str | None]:
    """Send the request once: latency, status, bytes on the wire, X-Cache (lower case)."""
    headers = {**HEADERS, "Referer": f"{base}{spec['page']}?lang=en"}
    t0 = time.perf_counter()
    if spec.get("method", "POST") == "GET":
        r = session.get(base + spec.get("path", "/_dash-layout"), headers=headers, timeout=300)
    else:
        r = session.post(
            base + spec.get("path", "/_dash-update-component"),
            json=spec["body"],
            headers=headers,
            timeout=300,
        )
    _ = r.content
    elapsed = time.perf_counter() - t0
    wire = int(r.headers.get("Content-Length") or 0) or len(r.content)
    cache = r.headers.get("X-Cache")
    return elapsed, r.status_code, wire, cache.lower() if cache else None


def warm(base: str, specs: list[dict[str, Any]], rounds: int = 2, clients: int = 4) -> None:
    """A few requests of each kind on every worker (first calls import and cache)."""
    _check(base)

    def work(spec: dict[str, Any]) -> None:
        with requests.Session() as s:
            for _ in range(rounds):
                with contextlib.suppress(requests.RequestException):
                    _one(s, base, spec)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(work, [s for s in specs for _ in range(clients)]))


def measure(
    base: str, spec: dict[str, Any], clients: int, max_requests: int, budget_s: float
) -> dict[str, Any]:
    """``clients`` threads, each with its own keep-alive session, send the request until
    ``max_requests`` were sent in all or ``budget_s`` passed."""
    _check(base)
    latencies: list[float] = []
    errors: list[int] = []
    sizes: list[int] = []
    cache: Counter[str] = Counter()
    lock = threading.Lock()
    sent = [0]
    deadline = time.perf_counter() + budget_s
    start = time.perf_counter()

    def client() -> None:
        with requests.Session() as s:
            while True:
                with lock:
                    if sent[0] >= max_requests or time.perf_counter() > deadline:
                        return
                    sent[0] += 1
                try:
                    elapsed, status, wire, x_cache = _one(s, base, spec)
                except requests.RequestException:
                    with lock:
                        errors.append(-1)
                    continue
                with lock:
                    cache[x_cache or "none"] += 1
                    if status == 200:
                        latencies.append(elapsed)
                        sizes.append(wire)
                    else:
                        errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return {
        "clients": clients,
        "n": len(latencies),
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
        "p50_s": percentile(latencies, 0.5),
        "p95_s": percentile(latencies, 0.95),
        "mean_s": statistics.fmean(latencies) if latencies else None,
        "max_s": max(latencies) if latencies else None,
        "throughput_rps": len(latencies) / wall if wall else None,
        "wire_bytes": statistics.median(sizes) if sizes else None,
        "wall_s": wall,
        "x_cache": dict(cache),
        "hit_ratio": hit_ratio(cache),
    }

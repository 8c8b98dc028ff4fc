"""Measure dashboard proposals from the outside (bench/variants.py) against the dashboard as it
is: ``python -m bench.experiments WAREHOUSE [--bundle plotly-cartesian.min.js]``.

For each variant (as is, partial plotly.js bundle, response cache, both) the same gunicorn
settings serve the same warehouse; the browser figures (cold and warm navigation → charts,
bytes) and the page-render callbacks' latency with 1 and 20 clients are measured as in the
main run. Results: bench/results/experiments-<time>.json, and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import load
from bench.browser import measure_pages
from bench.run import RESULTS, log, phase_trace, servable
from bench.server import serve


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--bundle", type=Path, default=None, help="plotly.js partial bundle")
    ap.add_argument("--pages", default="/,/targets,/cooperation")
    ap.add_argument("--variants", default="asis,cartesian,cache,cartesian+cache")
    ap.add_argument("--cold", type=int, default=3)
    ap.add_argument("--warm", type=int, default=2)
    ap.add_argument("--clients", type=int, default=20)
    args = ap.parse_args()
    work = RESULTS / "experiments-work"
    work.mkdir(parents=True, exist_ok=True)
    pages = args.pages.split(",")
    trace = phase_trace("dashboard.app:app", args.warehouse, work, "exp", 3, 65)
    specs = [
        r for r in trace["requests"] if servable(r) and r["page"] in pages and r["kind"] == "page"
    ]
    out: dict[str, Any] = {"warehouse": str(args.warehouse), "variants": {}}
    for variant in args.variants.split(","):
        env = {"BENCH_VARIANT": variant.replace("+", ",").replace("asis", "")}
        if "cartesian" in variant:
            if not args.bundle:
                continue
            env["BENCH_PLOTLY_BUNDLE"] = str(args.bundle.resolve())
        os.environ.update(env)  # the server inherits it
        log(f"variant {variant}")
        res: dict[str, Any] = {"http": {}}
        with serve("bench.variants:server", args.warehouse, work / "logs", workers=2) as srv:
            load.warm(srv.base, specs, rounds=1, clients=2)
            for spec in specs:
                one = load.measure(srv.base, spec, 1, 15, 4)
                many = load.measure(srv.base, spec, args.clients, 60, 8)
                res["http"][spec["page"]] = {"c1": one, f"c{args.clients}": many}
                log(
                    f"  {spec['page']:14s} 1: p50 {one['p50_s'] * 1e3:.0f} ms p95 "
                    f"{one['p95_s'] * 1e3:.0f} | {args.clients}: p50 {many['p50_s'] * 1e3:.0f} "
                    f"p95 {many['p95_s'] * 1e3:.0f}"
                )
            res["browser"] = measure_pages(srv.base, pages, "#main-content", args.cold, args.warm)
            for p, b in res["browser"].items():
                log(
                    f"  browser {p:14s} cold {b['cold_median_ms']:.0f} ms warm "
                    f"{b['warm_median_ms']:.0f} ms {b['bytes']:,} B {b['errors'][:1]}"
                )
            res["workers"] = srv.worker_memory()
        for k in env:
            os.environ.pop(k, None)
        out["variants"][variant] = res
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"experiments-{stamp}.json"
    path.write_text(json.dumps(out, indent=1, default=str))
    log(f"written {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

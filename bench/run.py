"""The benchmark run: for each tier, generate facts, run the real ETL, time the analyst views,
trace and load-test the dashboard and the naive baseline, and open their pages in Chromium.
The dashboard is served twice: with its default settings (per-worker query and response caches
on; every response's X-Cache counted) and with both caches off ("uncached": 1 client, cold
page loads), so cached and uncached figures stand side by side.

``python -m bench --help`` lists the options; results go to bench/results/ and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import generate
from bench.server import CLEARED_ENV
from bench.trace import NO_CACHE

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
OURS = ("dashboard.app:app", "dashboard.app:server", "#main-content")
NAIVE = ("bench.naive_app:app", "bench.naive_app:server", "#naive-content")


@dataclass(frozen=True)
class Budget:
    """Bounds of every loop at one tier."""

    etl_runs: int
    view_repeats: int
    n1: int  # requests with 1 client
    t1: float  # seconds with 1 client
    n20: int
    t20: float
    cold: int  # cold page loads
    warm: int
    page_timeout: float
    cold_uncached: int  # cold page loads against the server with the caches off


FULL = {
    "S": Budget(3, 5, 10, 2, 40, 5, 3, 1, 60, 3),
    "M": Budget(3, 5, 10, 2, 40, 5, 3, 1, 60, 3),
    "L": Budget(1, 3, 5, 6, 40, 10, 2, 1, 45, 2),
    "XL": Budget(1, 3, 3, 6, 20, 10, 2, 1, 90, 1),
}
QUICK = {
    "S": Budget(1, 3, 5, 2, 40, 4, 2, 1, 60, 2),
    "M": Budget(1, 3, 5, 2, 40, 4, 2, 1, 60, 2),
    "L": Budget(1, 2, 3, 4, 20, 6, 2, 1, 60, 1),
    "XL": Budget(1, 2, 3, 4, 20, 6, 1, 1, 90, 1),
}


def log(msg: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {msg}", flush=True)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_child(args: list[str], timeout: float, **env: str) -> tuple[int, float, float]:
    """Run ``python args`` to completion; return exit code, wall seconds and the child's own
    peak RSS in MB (os.wait4: this child's rusage, not the maximum over all children)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=child_env(**env))
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, time.perf_counter() - t0, usage.ru_maxrss / 1024
        if time.monotonic() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            return -9, time.perf_counter() - t0, usage.ru_maxrss / 1024
        time.sleep(0.05)


# --- phases -------------------------------------------------------------------------------------


def phase_generate(tier: str, work: Path, seed: int) -> dict[str, Any]:
    facts = work / "facts"
    shutil.rmtree(facts, ignore_errors=True)
    t0 = time.perf_counter()
    counts = generate.generate(tier, facts, seed)
    elapsed = time.perf_counter() - t0
    files = {p.name: p.stat().st_size for p in sorted(facts.iterdir())}
    return {
        "facts": str(facts),
        "counts": counts,
        "file_bytes": files,
        "input_bytes": sum(files.values()),
        "generate_s": elapsed,
    }


def phase_etl(work: Path, facts: Path, budget: Budget, fallback_limit: str) -> dict[str, Any]:
    runs = []
    wh = None

    def one(env: dict[str, str], i: int) -> dict[str, Any]:
        nonlocal wh
        wh = work / f"warehouse-{i}"
        shutil.rmtree(wh, ignore_errors=True)
        out = work / f"etl-{i}.json"
        code, wall, rss = run_child(
            ["-m", "bench.etl_child", str(facts), str(wh), str(out)], timeout=3600, **env
        )
        res = json.loads(out.read_text()) if out.exists() else {"status": "killed"}
        res.pop("traceback", None)
        res.update(exit_code=code, process_wall_s=wall, wait4_peak_rss_mb=rss, env=env)
        return res

    for i in range(budget.etl_runs):
        res = one({}, i)
        runs.append(res)
        log(
            f"  ETL run {i}: {res['status']} in {res.get('wall_s', 0):.1f} s, "
            f"peak {res.get('peak_rss_mb', 0):.0f} MB"
        )
        if res["status"] != "succeeded":
            break
    result: dict[str, Any] = {"runs": runs}
    ok = [r for r in runs if r["status"] == "succeeded"]
    if not ok and "OutOfMemory" in (runs[-1].get("error") or ""):
        res = one({"STI_ETL_MEMORY_LIMIT": fallback_limit}, len(runs))
        log(
            f"  ETL with STI_ETL_MEMORY_LIMIT={fallback_limit}: {res['status']} in "
            f"{res.get('wall_s', 0):.1f} s, peak {res.get('peak_rss_mb', 0):.0f} MB"
        )
        result["fallback"] = res
        ok = [res] if res["status"] == "succeeded" else []
    if ok:
        result["wall_s"] = statistics.median(r["wall_s"] for r in ok)
        result["peak_rss_mb"] = max(max(r["peak_rss_mb"], r["wait4_peak_rss_mb"]) for r in ok)
        best = min(ok, key=lambda r: r["wall_s"])
        result["stages_s"] = best["stages_s"]
        result["rows"] = best["rows"]
        result["warehouse"] = str(wh)
    result["status"] = "succeeded" if ok else runs[-1]["status"]
    return result


def phase_views(wh: Path, repeats: int) -> dict[str, Any]:
    import duckdb

    from etl import settings, warehouse
    from etl.contracts import contracts

    db = warehouse.current_db(wh)
    config = {
        "memory_limit": settings.get("STI_DUCKDB_MEMORY_LIMIT"),
        "threads": settings.get("STI_DUCKDB_THREADS"),
    }
    out: dict[str, Any] = {}
    con = duckdb.connect(str(db), read_only=True, config=config)
    try:
        for c in contracts("view"):
            times, rows, error = [], None, None
            for _ in range(repeats):
                cur = con.cursor()
                t0 = time.perf_counter()
                try:
                    rows = cur.sql(f"select * from {c.name}").pl().height
                except duckdb.Error as exc:
                    error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
                    break
                finally:
                    cur.close()
                times.append(time.perf_counter() - t0)
            out[c.name] = {
                "median_s": statistics.median(times) if times else None,
                "rows": rows,
                "error": error,
                "repeats": len(times),
            }
    finally:
        con.close()
    return out


SERVER_TIMEOUT_S = 60  # dashboard/gunicorn_conf.py: a request slower than this kills its worker


def phase_trace(
    app: str, wh: Path, work: Path, name: str, repeats: int, timeout: float
) -> dict[str, Any]:
    """Trace every page in its own child process, each stopped after ``timeout`` seconds (what
    it had done by then is kept: the request it was in is recorded as a timeout). The child
    runs with the dashboard's caches off (``NO_CACHE``): in-process times are uncached costs."""
    listing = work / f"pages-{name}.json"
    code, _, _ = run_child(
        ["-m", "bench.trace", app, str(wh), str(listing), "--list-pages"], 300, **NO_CACHE
    )
    if code != 0:
        return {"error": f"page listing exited {code}", "requests": [], "pages": []}
    pages = json.loads(listing.read_text())["pages"]
    requests_out: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for i, page in enumerate(pages):
        out = work / f"trace-{name}-{i}.json"
        prog = work / f"trace-{name}-{i}.jsonl"
        code, wall, _ = run_child(
            [
                "-m",
                "bench.trace",
                app,
                str(wh),
                str(out),
                "--pages",
                page,
                "--repeats",
                str(repeats),
                "--progress",
                str(prog),
                "--slow",
                str(SERVER_TIMEOUT_S),
            ],
            timeout,
            **NO_CACHE,
        )
        if code == 0 and out.exists():
            got = json.loads(out.read_text())["requests"]
        else:
            from bench.trace import from_progress

            got = from_progress(prog)
            for r in got:
                if r["status"] == "timeout":
                    r["timeout_s"] = timeout
            log(f"  trace {page}: stopped after {wall:.0f} s (exit {code})")
        for r in got:
            log(
                f"  trace {r['name'][:50]:50s} {r['status']} "
                f"{_ms(r.get('in_process_s'))} in process, {len(r['queries'])} queries "
                f"{_ms(r.get('query_s'))}, {(r.get('response_bytes') or 0) / 1e6:.2f} MB"
            )
        requests_out += got
    return {"pages": pages, "requests": requests_out, "wall_s": time.perf_counter() - t0}


def servable(r: dict[str, Any]) -> bool:
    return (
        r.get("status") == 200
        and (r.get("in_process_s") or 1e9) <= SERVER_TIMEOUT_S
        and (r.get("method") == "GET" or r.get("body") is not None)
    )


def samples(budget_n: int, budget_t: float, est: float) -> tuple[int, float]:
    """Requests and seconds for a 1-client loop of a request that takes about ``est`` s: at
    most ``budget_n``, fewer when slow (but 2 or 3, so a p50 exists), within a time bound."""
    est = max(est, 0.001)
    least = 2 if est > 10 else 3  # a 40 s callback: two samples say enough
    n = max(least, min(budget_n, int(budget_t / est)))
    return n, max(budget_t, least * est + 1)


def phase_serve(
    app: tuple[str, str, str],
    trace: dict[str, Any],
    wh: Path,
    work: Path,
    budget: Budget,
    clients: int,
    browser: bool,
    workers: int,
    max_load_s: float,
    uncached: bool = False,
) -> dict[str, Any]:
    """Serve the app with its default settings: each request with 1 and ``clients`` clients
    (cache hit ratio counted), then the pages in Chromium, then worker memory. With
    ``uncached``, a second server with both caches off: each request with 1 client, the pages
    in Chromium (cold loads only), worker memory."""
    from bench import load
    from bench.server import serve

    cores = os.cpu_count() or 1
    specs = [r for r in trace["requests"] if servable(r)]
    result: dict[str, Any] = {
        "http": [],
        "browser": {},
        "workers": [],
        "not_served": [
            {
                "name": r["name"],
                "status": r.get("status"),
                "in_process_s": r.get("in_process_s"),
                "timeout_s": r.get("timeout_s"),
            }
            for r in trace["requests"]
            if not servable(r)
        ],
    }
    render = {r["page"]: r for r in trace["requests"] if r["kind"] == "page"}
    pages = [p for p in trace["pages"] if p in render and servable(render[p])]

    def browse(base: str, cold: int, warm: int) -> dict[str, Any]:
        from bench.browser import measure_pages

        out = measure_pages(base, pages, app[2], cold, warm, budget.page_timeout)
        for page in trace["pages"]:
            if page not in pages:
                out[page] = {
                    "errors": ["not served: its first load fails or exceeds the worker timeout"]
                }
        for page, b in out.items():
            log(
                f"  browser {page:24s} cold {_ms(b.get('cold_median_ms'), 1e-3)} "
                f"warm {_ms(b.get('warm_median_ms'), 1e-3)} {b.get('bytes') or 0:,} B "
                f"X-Cache {b.get('x_cache') or {}} {(b.get('errors') or [])[:1]}"
            )
        return out

    with serve(app[1], wh, work / "logs", workers=workers) as srv:
        result["workers_idle"] = srv.worker_memory()
        load.warm(srv.base, [s for s in specs if s["in_process_s"] < 5], rounds=1, clients=2)
        for spec in specs:
            n1, t1 = samples(budget.n1, budget.t1, spec["in_process_s"])
            one = load.measure(srv.base, spec, 1, n1, t1)
            est = max(one["p50_s"] or spec["in_process_s"], 0.001)
            round_s = clients * est / min(cores, workers * 4)
            key = f"c{clients}"
            if round_s > max_load_s:
                many: dict[str, Any] = {
                    "skipped": f"{clients} requests would take about {round_s:.0f} s",
                    "n": 0,
                    "errors": 0,
                    "p50_s": None,
                    "p95_s": None,
                    "estimate_p95_s": round_s,
                }
            else:
                n20 = max(clients, min(budget.n20, int(budget.t20 / est * cores)))
                many = load.measure(srv.base, spec, clients, n20, max(budget.t20, 1.2 * round_s))
            result["http"].append(
                {
                    "page": spec["page"],
                    "kind": spec["kind"],
                    "name": spec["name"],
                    "method": spec.get("method", "POST"),
                    "c1": one,
                    key: many,
                }
            )
            log(
                f"  {spec['name'][:44]:44s} 1: p50 {_ms(one['p50_s'])} p95 {_ms(one['p95_s'])}"
                f" hit {_pct(one.get('hit_ratio'))} | {clients}: p50 {_ms(many['p50_s'])} p95 "
                f"{_ms(many['p95_s'])} hit {_pct(many.get('hit_ratio'))} ({many['n']} ok, "
                f"{many['errors']} err{', ' + many['skipped'] if many.get('skipped') else ''})"
            )
        result["workers_after_load"] = srv.worker_memory()
        if browser:
            result["browser"] = browse(srv.base, budget.cold, budget.warm)
        result["workers"] = srv.worker_memory()
    if not uncached:
        return result
    log("  uncached server (STI_QUERY_CACHE_MB=0, STI_RESPONSE_CACHE_MB=0)")
    by_name = {h["name"]: h for h in result["http"]}
    with serve(app[1], wh, work / "logs", workers=workers, **NO_CACHE) as srv:
        result["uncached_workers_idle"] = srv.worker_memory()
        load.warm(srv.base, [s for s in specs if s["in_process_s"] < 5], rounds=1, clients=2)
        for spec in specs:
            n1, t1 = samples(budget.n1, budget.t1, spec["in_process_s"])
            one = load.measure(srv.base, spec, 1, n1, t1)
            by_name[spec["name"]]["uncached"] = {"c1": one}
            cached = by_name[spec["name"]]["c1"]
            log(
                f"  {spec['name'][:44]:44s} uncached 1: p50 {_ms(one['p50_s'])} p95 "
                f"{_ms(one['p95_s'])} (cached p50 {_ms(cached['p50_s'])}, in process "
                f"{_ms(spec['in_process_s'])}, X-Cache {one.get('x_cache')})"
            )
        if browser:
            result["uncached_browser"] = browse(srv.base, budget.cold_uncached, 0)
        result["uncached_workers"] = srv.worker_memory()
    return result


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _ms(value: float | None, scale: float = 1.0) -> str:
    return "—" if value is None else f"{value * scale * 1000:.0f} ms"


# --- environment --------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu_model": cpu,
        "kernel": platform.release(),
    }


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from bench.browser import CHROMIUM

    out = {"python": platform.python_version()}
    for name in ("dash", "plotly", "polars", "duckdb", "pyarrow", "gunicorn", "playwright"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    try:
        out["pandas (naive baseline)"] = version("pandas")
    except PackageNotFoundError:
        out["pandas (naive baseline)"] = "not installed"
    try:
        got = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20, check=False
        ).stdout.strip()
        out["chromium"] = got.split(" built")[0].removeprefix("Chromium ").strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        out["chromium"] = "?"
    return out


def dashboard_settings() -> dict[str, str]:
    """The defaults the default server and the ETL run with (the bench clears these from its
    children's environment; the uncached server sets ``NO_CACHE``)."""
    from etl.settings import SETTINGS

    names = ("STI_QUERY_CACHE_MB", "STI_RESPONSE_CACHE_MB", "STI_DUCKDB_MEMORY_LIMIT")
    out = {n: SETTINGS[n].default for n in names}
    out["STI_ETL_MEMORY_LIMIT"] = SETTINGS["STI_ETL_MEMORY_LIMIT"].default
    return out


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


# --- main ---------------------------------------------------------------------------------------

PHASES = ("generate", "etl", "views", "ours", "naive", "browser")


def run_tier(tier: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    budget = (QUICK if args.quick else FULL)[tier]
    skip = set(args.skip.split(",")) if args.skip else set()
    if tier == "XL" and not args.xl_dashboard:
        skip |= {"ours", "naive", "browser"}
    out: dict[str, Any] = {"tier": tier, "budget": budget.__dict__, "load_before": os.getloadavg()}
    t0 = time.perf_counter()
    log(f"tier {tier}: generating facts")
    out["input"] = phase_generate(tier, work, args.seed)
    log(
        f"tier {tier}: {out['input']['counts'].get('observations')} observations, "
        f"{out['input']['input_bytes'] / 1e6:.1f} MB of facts; ETL"
    )
    out["etl"] = phase_etl(work, Path(out["input"]["facts"]), budget, args.etl_memory_fallback)
    if out["etl"]["status"] != "succeeded":
        log(f"tier {tier}: ETL failed; nothing else to measure")
        out["wall_s"] = time.perf_counter() - t0
        return out
    wh = Path(out["etl"]["warehouse"])
    if "views" not in skip:
        log(f"tier {tier}: analyst views")
        out["views"] = phase_views(wh, budget.view_repeats)
    for name, app in (("ours", OURS), ("naive", NAIVE)):
        if name in skip:
            continue
        log(f"tier {tier}: tracing {name}")
        trace = phase_trace(app[0], wh, work, name, budget.view_repeats, args.trace_timeout)
        log(f"tier {tier}: serving {name} ({len(trace['requests'])} callbacks)")
        served = phase_serve(
            app,
            trace,
            wh,
            work,
            budget,
            args.clients,
            "browser" not in skip,
            args.workers,
            args.max_load_s,
            uncached=name == "ours",  # the naive baseline has no cache
        )
        for r in trace["requests"]:
            r.pop("body", None)
        out[name] = {"trace": trace, **served}
    out["load_after"] = os.getloadavg()
    out["wall_s"] = time.perf_counter() - t0
    log(f"tier {tier}: done in {out['wall_s']:.0f} s")
    return out


def merge(results: dict[str, Any], earlier_path: Path) -> None:
    """Add the tiers of an earlier run that ``results`` does not have, marked as such."""
    earlier = json.loads(earlier_path.read_text())
    for name, tier in earlier["tiers"].items():
        if name not in results["tiers"]:
            tier["from_run"] = earlier["meta"]["started"]
            results["tiers"][name] = tier


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmark the ETL and the dashboard at scale tiers."
    )
    ap.add_argument("--tiers", default="S,M,L", help="comma-separated: S, M, L, XL (default S,M,L)")
    ap.add_argument("--quick", action="store_true", help="fewer repeats and shorter loops")
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    ap.add_argument("--skip", default="", help=f"phases to skip: {','.join(PHASES[2:])}")
    ap.add_argument("--xl-dashboard", action="store_true", help="also serve tier XL")
    ap.add_argument(
        "--etl-memory-fallback",
        default="6GB",
        help="STI_ETL_MEMORY_LIMIT for a second ETL run when the default runs out "
        "of memory (default 6GB)",
    )
    ap.add_argument(
        "--trace-timeout",
        type=float,
        default=130,
        help="seconds one page's trace may take (default 130: two renders of the page, first "
        "load and in-app navigation, each just within the worker timeout)",
    )
    ap.add_argument(
        "--max-load-s",
        type=float,
        default=30,
        help="skip a concurrent-clients loop expected to take longer (default 30 s; the "
        "report then gives the estimate: N requests × p50 ÷ cores)",
    )
    ap.add_argument("--workdir", type=Path, default=None, help="where facts and warehouses go")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write BENCHMARKS.md, summary.json and the run's JSON to this folder instead of "
        "the committed BENCHMARKS.md and bench/results/ (for trial runs)",
    )
    ap.add_argument(
        "--include-from",
        type=Path,
        default=None,
        help="also report the tiers of an earlier results JSON that this run does not measure "
        "(e.g. an XL run), marked with that run's date",
    )
    ap.add_argument(
        "--report-only",
        type=Path,
        default=None,
        help="rewrite BENCHMARKS.md from a results JSON, measure nothing",
    )
    args = ap.parse_args(argv)

    from bench import report

    if args.report_only:
        results = json.loads(args.report_only.read_text())
        if args.include_from:
            merge(results, args.include_from)
        report.write(results, args.out)
        return 0
    tiers = [t.strip().upper() for t in args.tiers.split(",") if t.strip()]
    unknown = [t for t in tiers if t not in generate.TIERS]
    if unknown:
        ap.error(f"unknown tiers {unknown}")
    work_root = args.workdir or Path(tempfile.mkdtemp(prefix="sti-bench-"))
    started = datetime.now(UTC)
    results: dict[str, Any] = {
        "meta": {
            "started": started.isoformat(timespec="seconds"),
            "machine": machine(),
            "versions": versions(),
            "settings": dashboard_settings(),
            "commit": git_commit(),
            "argv": sys.argv[1:],
            "quick": args.quick,
            "clients": args.clients,
            "workers": args.workers,
            "seed": args.seed,
        },
        "tiers": {},
    }
    results_dir = args.out or RESULTS
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    path = results_dir / f"run-{stamp}.json"
    try:
        for tier in tiers:
            work = work_root / tier
            work.mkdir(parents=True, exist_ok=True)
            try:
                results["tiers"][tier] = run_tier(tier, args, work)
            except Exception as exc:  # record it and go on with the next tier
                log(f"tier {tier}: {type(exc).__name__}: {exc}")
                results["tiers"][tier] = {"tier": tier, "error": f"{type(exc).__name__}: {exc}"}
            finally:
                if not args.keep:
                    shutil.rmtree(work, ignore_errors=True)
            results["meta"]["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
            path.write_text(json.dumps(results, indent=1, default=str))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work_root, ignore_errors=True)
    if args.include_from:
        merge(results, args.include_from)
        path.write_text(json.dumps(results, indent=1, default=str))
    (results_dir / "latest.json").write_text(path.read_text())
    md, js = report.write(results, args.out)
    log(f"results: {path}; {md} and {js} written")
    return 0

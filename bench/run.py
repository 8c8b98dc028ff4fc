"""The benchmark run: for each tier, generate facts, run the real ETL, time the analyst views,
trace and load-test the dashboard and the naive baseline, and open their pages in Chromium.

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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
OURS = ("dashboard.app:app", "dashboard.app:server", "#main-content")
NAIVE = ("bench.naive_app:app", "bench.naive_app:server", "#naive-content")
# settings a developer's shell might hold that would change what is measured
CLEARED_ENV = (
    "STI_FACTS_DIR",
    "STI_WAREHOUSE_DIR",
    "STI_ETL_PAUSE_AT",
    "STI_AUTH_USERS",
    "STI_AUTH_TRUSTED_HEADER",
    "STI_KEEP_SNAPSHOTS",
)


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


FULL = {
    "S": Budget(3, 5, 10, 2, 40, 5, 3, 1, 60),
    "M": Budget(3, 5, 10, 2, 40, 5, 3, 1, 60),
    "L": Budget(1, 3, 5, 6, 40, 10, 2, 1, 45),
    "XL": Budget(1, 3, 3, 6, 20, 10, 2, 1, 90),
}
QUICK = {
    "S": Budget(1, 3, 5, 2, 40, 4, 2, 1, 60),
    "M": Budget(1, 3, 5, 2, 40, 4, 2, 1, 60),
    "L": Budget(1, 2, 3, 4, 20, 6, 2, 1, 60),
    "XL": Budget(1, 2, 3, 4, 20, 6, 1, 1, 90),
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
        res = one({"STI_DUCKDB_MEMORY_LIMIT": fallback_limit}, len(runs))
        log(
            f"  ETL with STI_DUCKDB_MEMORY_LIMIT={fallback_limit}: {res['status']} in "
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
    it had done by then is kept: the request it was in is recorded as a timeout)."""
    listing = work / f"pages-{name}.json"
    code, _, _ = run_child(["-m", "bench.trace", app, str(wh), str(listing), "--list-pages"], 300)
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
        and r.get("body") is not None
    )


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
) -> dict[str, Any]:
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
    with serve(app[1], wh, work / "logs", workers=workers) as srv:
        result["workers_idle"] = srv.worker_memory()
        load.warm(srv.base, [s for s in specs if s["in_process_s"] < 5], rounds=1, clients=2)
        for spec in specs:
            est = max(spec["in_process_s"], 0.001)
            least = 2 if est > 10 else 3  # a 40 s callback: two samples say enough
            n1 = max(least, min(budget.n1, int(budget.t1 / est)))
            one = load.measure(srv.base, spec, 1, n1, max(budget.t1, least * est + 1))
            est = max(one["p50_s"] or est, 0.001)
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
                    "c1": one,
                    key: many,
                }
            )
            log(
                f"  {spec['name'][:48]:48s} 1: p50 {_ms(one['p50_s'])} p95 {_ms(one['p95_s'])}"
                f" | {clients}: p50 {_ms(many['p50_s'])} p95 {_ms(many['p95_s'])}"
                f" ({many['n']} ok, {many['errors']} err{', ' + many['skipped'] if many.get('skipped') else ''})"
            )
        result["workers_after_load"] = srv.worker_memory()
        if browser:
            from bench.browser import measure_pages

            render = {r["page"]: r for r in trace["requests"] if r["kind"] == "page"}
            pages = [p for p in trace["pages"] if p in render and servable(render[p])]
            result["browser"] = measure_pages(
                srv.base, pages, app[2], budget.cold, budget.warm, budget.page_timeout
            )
            for page in trace["pages"]:
                if page not in pages:
                    result["browser"][page] = {
                        "errors": [
                            "not served: its page callback fails or exceeds the worker timeout"
                        ]
                    }
            for page, b in result["browser"].items():
                log(
                    f"  browser {page:24s} cold {_ms(b.get('cold_median_ms'), 1e-3)} "
                    f"warm {_ms(b.get('warm_median_ms'), 1e-3)} {b.get('bytes') or 0:,} B "
                    f"{b['errors'][:1]}"
                )
        result["workers"] = srv.worker_memory()
    return result


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
    import dash
    import duckdb
    import pandas
    import plotly
    import polars
    import pyarrow

    return {
        "python": platform.python_version(),
        "dash": dash.__version__,
        "plotly": plotly.__version__,
        "polars": polars.__version__,
        "duckdb": duckdb.__version__,
        "pyarrow": pyarrow.__version__,
        "pandas (naive baseline)": pandas.__version__,
    }


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
        default="2GB",
        help="STI_DUCKDB_MEMORY_LIMIT for a second ETL run when the default runs out "
        "of memory (default 2GB)",
    )
    ap.add_argument(
        "--trace-timeout",
        type=float,
        default=65,
        help="seconds one page's trace may take (default 65: just over the worker timeout)",
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
        report.write(results)
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
            "commit": git_commit(),
            "argv": sys.argv[1:],
            "quick": args.quick,
            "clients": args.clients,
            "workers": args.workers,
            "seed": args.seed,
        },
        "tiers": {},
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"run-{stamp}.json"
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
    (RESULTS / "latest.json").write_text(path.read_text())
    report.write(results)
    log(f"results: {path.relative_to(ROOT)}; BENCHMARKS.md and bench/results/summary.json written")
    return 0

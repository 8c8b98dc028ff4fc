"""BENCHMARKS.md and bench/results/summary.json from the results of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "BENCHMARKS.md"
SUMMARY = Path(__file__).resolve().parent / "results" / "summary.json"
ANALYSIS = Path(__file__).resolve().parent / "analysis.md"

NAV_MS = 1000
BYTES_MAX = 1.5e6
P95_MS = 100
RAW_RATIO = 1.5
ETL_L_S = 30
RSS_MB = 250
LINEAR_MAX = 1.2
NAIVE_RATIO = 0.5


# --- formatting -----------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    v = seconds * 1000
    return f"{v:,.0f}" if v >= 10 else f"{v:.1f}"


def num(v: float | None, fmt: str = ",.0f") -> str:
    return "—" if v is None else format(v, fmt)


def mb(b: float | None) -> str:
    return "—" if b is None else f"{b / 1e6:.2f}"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def rx(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}×"


def mark(ok: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "n/a"}[ok]


def table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


# --- derived figures ------------------------------------------------------------------------


def clients_key(tier: dict[str, Any]) -> str:
    for h in tier.get("ours", {}).get("http", []):
        for k in h:
            if k.startswith("c") and k != "c1" and k[1:].isdigit():
                return k
    return "c20"


def trace_index(app: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in app.get("trace", {}).get("requests", [])}


def page_chain(app: dict[str, Any], page: str, key: str, stat: str) -> float | None:
    """Server time until a page's charts exist: its render plus the callbacks that fire when it
    arrives (the naive app draws its figures that way), one after the other."""
    parts = [h for h in app.get("http", []) if h["page"] == page and h["kind"] in ("page", "load")]
    values = [(h.get(key) or {}).get(stat) for h in parts]
    if not parts or any(v is None for v in values):
        return None
    return sum(values)


def filter_like(app: dict[str, Any], page: str) -> dict[str, Any] | None:
    """The callback that redraws a page's charts for new filter values (the heaviest one)."""
    name_hint = {
        "/targets": ("targets-content", "tg-charts"),
        "/cooperation": ("cooperation-matrix-graph", "co-matrix"),
    }.get(page)
    if not name_hint:
        return None
    for h in app.get("http", []):
        if h["page"] == page and any(n in h["name"] for n in name_hint):
            return h
    return None


def worker_rss(app: dict[str, Any]) -> float | None:
    workers = app.get("workers") or []
    values = [w.get("rss_mb") for w in workers if w.get("rss_mb")]
    return max(values) if values else None


def obs_rows(tier: dict[str, Any]) -> int | None:
    return (tier.get("input") or {}).get("counts", {}).get("observations")


# --- targets --------------------------------------------------------------------------------


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    tiers = results["tiers"]
    out: list[dict[str, Any]] = []

    def add(target: str, tier: str, measured: str, ok: bool | None, why: str = "") -> None:
        out.append({"target": target, "tier": tier, "measured": measured, "ok": ok, "why": why})

    for name in ("S", "L"):
        t = tiers.get(name, {})
        pages = (t.get("ours") or {}).get("browser") or {}
        if not pages:
            add(
                "navigation → all charts drawn ≤ 1.0 s (median, every page)",
                name,
                "not measured",
                None,
            )
            continue
        cold = {p: b.get("cold_median_ms") for p, b in pages.items()}
        warm = {p: b.get("warm_median_ms") for p, b in pages.items()}
        worst = max((v for v in cold.values() if v is not None), default=None)
        slow = [p for p, v in cold.items() if v is None or v > NAV_MS]
        warm_slow = [p for p, v in warm.items() if v is None or v > NAV_MS]
        why = ""
        if slow:
            http = {h["page"]: h for h in t["ours"].get("http", []) if h["kind"] == "page"}
            parts = []
            for p in slow:
                b = pages[p]
                h = http.get(p, {}).get("c1", {})
                parts.append(
                    f"{p}: cold {num(b.get('cold_median_ms'))} ms, warm "
                    f"{num(b.get('warm_median_ms'))} ms, page callback {ms(h.get('p50_s'))} ms, "
                    f"{b.get('graphs')} charts"
                    + (f", {b['errors'][0][:60]}" if b.get("errors") else "")
                )
            why = "; ".join(parts)
        add(
            "navigation → all charts drawn ≤ 1.0 s (median, every page)",
            name,
            f"slowest cold median {num(worst)} ms; pages over 1 s cold: {len(slow)}/{len(cold)}, "
            f"warm: {len(warm_slow)}/{len(warm)}",
            not slow,
            why,
        )
    for name, t in tiers.items():
        pages = (t.get("ours") or {}).get("browser") or {}
        if not pages:
            continue
        sizes = {p: b.get("bytes") for p, b in pages.items() if b.get("bytes")}
        big = {p: s for p, s in sizes.items() if s > BYTES_MAX}
        worst = max(sizes.values(), default=None)
        why = ""
        if big:
            p = max(big, key=big.get)
            top = ", ".join(
                f"{r['url']} {r['wire'] / 1e6:.2f} MB" for r in pages[p]["resources"][:3]
            )
            why = f"largest {p}: {top}"
        add(
            "first load ≤ 1.5 MB transferred (every page)",
            name,
            f"largest {mb(worst)} MB; pages over: {len(big)}/{len(sizes)}",
            not big,
            why,
        )
    t = tiers.get("L", {})
    ours = t.get("ours") or {}
    if ours.get("http"):
        key = clients_key(t)
        idx = trace_index(ours)
        p95 = [(h["name"], h[key].get("p95_s")) for h in ours["http"] if h.get(key)]
        estimated = {
            h["name"]: h[key]["estimate_p95_s"]
            for h in ours["http"]
            if h.get(key) and h[key].get("estimate_p95_s")
        }
        p95 = [(n, v if v is not None else estimated.get(n)) for n, v in p95]
        p95 += [(r["name"], None) for r in ours.get("not_served", [])]
        bad = [(n, v) for n, v in p95 if v is None or v * 1000 > P95_MS]
        measured = [v for n, v in p95 if v is not None and n not in estimated]
        worst = max(measured, default=None)

        def cause(n: str, v: float | None) -> str:
            tr = idx.get(n, {})
            heavy = sorted(tr.get("queries") or [], key=lambda q: -(q.get("s") or 0))[:1]
            top = f", slowest query {heavy[0]['name']} {ms(heavy[0]['s'])} ms" if heavy else ""
            if v is None:
                done = tr.get("in_process_s")
                state = (
                    f"{ms(done)} ms in process"
                    if done
                    else f"still running after {num(tr.get('timeout_s'))} s in process"
                )
                return f"{n}: not servable ({state}; worker timeout 60 s{top})"
            if n in estimated:
                return (
                    f"{n}: p95 not measured, ≈ {ms(v)} ms at least ({key[1:]} requests × p50 ÷ "
                    f"cores; in process {ms(tr.get('in_process_s'))} ms{top}, "
                    f"{num((tr.get('response_bytes') or 0) / 1e3)} kB JSON)"
                )
            return (
                f"{n}: p95 {ms(v)} ms (in process {ms(tr.get('in_process_s'))} ms, queries "
                f"{ms(tr.get('raw_query_s'))} ms{top}, {num((tr.get('response_bytes') or 0) / 1e3)} kB JSON)"
            )

        why = "; ".join(cause(n, v) for n, v in sorted(bad, key=lambda x: -(x[1] or 1e9))[:8])
        add(
            f"callback p95 ≤ 100 ms, tier L, {key[1:]} clients",
            "L",
            f"worst measured {ms(worst)} ms; over: {len(bad)}/{len(p95)} "
            f"({len(estimated)} estimated, {len(ours.get('not_served', []))} not servable)",
            not bad,
            why,
        )
        rows = []
        for h in ours["http"]:
            raw = idx.get(h["name"], {}).get("raw_query_s")
            if raw:
                rows.append((h["name"], ratio(h["c1"]["p50_s"], raw), h["c1"]["p50_s"], raw))
        bad_r = [r for r in rows if r[1] is None or r[1] > RAW_RATIO]
        why = "; ".join(
            f"{n}: {rx(r)} ({ms(p)} ms vs {ms(q)} ms of queries)"
            for n, r, p, q in sorted(bad_r, key=lambda x: -(x[1] or 0))[:6]
        )
        add(
            "callback p50 ≤ 1.5× its raw DuckDB query time, tier L, 1 client",
            "L",
            f"over: {len(bad_r)}/{len(rows)}",
            not bad_r,
            why,
        )
    # ETL
    etl = {n: t.get("etl", {}) for n, t in tiers.items()}
    lt = etl.get("L", {})
    if lt:
        default_runs = [r for r in lt.get("runs", []) if r.get("status") == "succeeded"]
        if default_runs:
            wall = min(r["wall_s"] for r in default_runs)
            add(
                "tier L ETL ≤ 30 s",
                "L",
                f"{wall:.1f} s (peak RSS {num(lt.get('peak_rss_mb'))} MB)",
                wall <= ETL_L_S,
                _stages(lt),
            )
        else:
            err = (lt.get("runs") or [{}])[-1].get("error", "")
            fb = lt.get("fallback") or {}
            add(
                "tier L ETL ≤ 30 s",
                "L",
                f"failed with the default settings; with STI_DUCKDB_MEMORY_LIMIT="
                f"{(fb.get('env') or {}).get('STI_DUCKDB_MEMORY_LIMIT')}: {num(fb.get('wall_s'), '.1f')} s",
                False,
                f"default run: {err.splitlines()[0][:160] if err else '?'}",
            )
    pairs = [
        (a, b)
        for a, b in (("M", "L"), ("L", "XL"))
        if etl.get(a, {}).get("wall_s") and etl.get(b, {}).get("wall_s")
    ]
    for a, b in pairs:
        time_r = etl[b]["wall_s"] / etl[a]["wall_s"]
        size_r = tiers[b]["input"]["input_bytes"] / tiers[a]["input"]["input_bytes"]
        lin = time_r / size_r
        add(
            f"ETL cost linear in input ({a} → {b})",
            b,
            f"input ×{size_r:.1f}, time ×{time_r:.1f} (ratio {lin:.2f}; ≤ {LINEAR_MAX} counts as linear)",
            lin <= LINEAR_MAX,
            _stages(etl[b]) if lin > LINEAR_MAX else "",
        )
    t = tiers.get("L", {})
    rss = worker_rss(t.get("ours") or {})
    if rss is not None:
        add(
            "web worker RSS ≤ 250 MB, tier L",
            "L",
            f"{rss:.0f} MB (largest worker)",
            rss <= RSS_MB,
            f"idle after start: {num(max((w.get('rss_mb') or 0) for w in t['ours'].get('workers_idle') or [{}]))} MB; "
            f"peak (VmHWM) {num(max((w.get('hwm_mb') or 0) for w in t['ours'].get('workers') or [{}]))} MB",
        )
    for name, t in tiers.items():
        comp = naive_comparison(t)
        if not comp:
            continue
        bad = [c for c in comp if c["ratio"] is None or c["ratio"] > NAIVE_RATIO]
        add(
            "≥ 2× better than the naive baseline on each figure",
            name,
            f"{len(comp) - len(bad)}/{len(comp)} figures at ≤ 0.5×",
            not bad,
            "; ".join(f"{c['figure']}: {rx(c['ratio'])}" for c in bad[:12]),
        )
    return out


def _stages(etl: dict[str, Any]) -> str:
    st = etl.get("stages_s") or {}
    return "stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in st.items()) if st else ""


def naive_comparison(t: dict[str, Any]) -> list[dict[str, Any]]:
    ours, naive = t.get("ours") or {}, t.get("naive") or {}
    if not ours.get("http") or not naive.get("http"):
        return []
    key = clients_key(t)
    rows: list[dict[str, Any]] = []

    def add(figure: str, a: float | None, b: float | None, unit: str) -> None:
        rows.append({"figure": figure, "ours": a, "naive": b, "ratio": ratio(a, b), "unit": unit})

    pages = [
        p
        for p in naive.get("trace", {}).get("pages", [])
        if p in ours.get("trace", {}).get("pages", [])
    ]
    for p in pages:
        for k, label in (("c1", "1 client"), (key, f"{key[1:]} clients")):
            for stat in ("p50_s", "p95_s"):
                add(
                    f"{p} server time to charts, {stat[:3]}, {label}",
                    page_chain(ours, p, k, stat),
                    page_chain(naive, p, k, stat),
                    "s",
                )
        fo, fn = filter_like(ours, p), filter_like(naive, p)
        if fo and fn:
            for k, label in (("c1", "1 client"), (key, f"{key[1:]} clients")):
                add(
                    f"{p} filter redraw, p50, {label}",
                    (fo.get(k) or {}).get("p50_s"),
                    (fn.get(k) or {}).get("p50_s"),
                    "s",
                )
        bo = (ours.get("browser") or {}).get(p) or {}
        bn = (naive.get("browser") or {}).get(p) or {}
        if bo and bn:
            add(
                f"{p} navigation → charts, cold",
                bo.get("cold_median_ms"),
                bn.get("cold_median_ms"),
                "ms",
            )
            add(
                f"{p} navigation → charts, warm",
                bo.get("warm_median_ms"),
                bn.get("warm_median_ms"),
                "ms",
            )
            add(f"{p} bytes on first load", bo.get("bytes"), bn.get("bytes"), "B")
    add("worker RSS after the runs", worker_rss(ours), worker_rss(naive), "MB")
    return rows


# --- the document ---------------------------------------------------------------------------


def _fmt_value(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "s":
        return f"{ms(v)} ms"
    if unit == "ms":
        return f"{v:,.0f} ms"
    if unit == "B":
        return f"{v / 1e6:.2f} MB"
    return f"{v:,.0f} {unit}"


def tier_section(name: str, t: dict[str, Any]) -> list[str]:
    lines = [f"## Tier {name}", ""]
    if t.get("from_run"):
        lines += [f"(Measured in an earlier run, started {t['from_run']}, same commit series.)", ""]
    if t.get("error"):
        return [*lines, f"The tier did not complete: `{t['error']}`", ""]
    inp = t.get("input", {})
    counts = inp.get("counts", {})
    lines.append(
        f"Input: {mb(inp.get('input_bytes'))} MB of facts — "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        + f" (generated in {num(inp.get('generate_s'), '.1f')} s). "
        f"Load average before/after: {', '.join(f'{x:.1f}' for x in t.get('load_before', []))} / "
        f"{', '.join(f'{x:.1f}' for x in t.get('load_after', []))}."
    )
    lines.append("")
    etl = t.get("etl", {})
    lines.append("### ETL (real `etl.publish.run`, child process)")
    lines.append("")
    rows = []
    for i, r in enumerate(
        [*etl.get("runs", []), *([etl["fallback"]] if etl.get("fallback") else [])]
    ):
        env = ", ".join(f"{k}={v}" for k, v in (r.get("env") or {}).items()) or "defaults"
        st = r.get("stages_s") or {}
        rows.append(
            [
                i + 1,
                env,
                r.get("status"),
                num(r.get("wall_s"), ".2f"),
                num(max(r.get("peak_rss_mb") or 0, r.get("wait4_peak_rss_mb") or 0)),
                " · ".join(f"{k} {v:.2f}" for k, v in st.items()),
                (r.get("error") or "").splitlines()[0][:90] if r.get("error") else "",
            ]
        )
    lines.append(
        table(["run", "settings", "status", "wall s", "peak RSS MB", "stages (s)", "error"], rows)
    )
    if etl.get("wall_s") and obs_rows(t):
        lines.append("")
        lines.append(
            f"Median wall {etl['wall_s']:.2f} s; {obs_rows(t) / etl['wall_s']:,.0f} observation rows/s; "
            f"{inp['input_bytes'] / 1e6 / etl['wall_s']:.1f} MB of facts/s."
        )
    lines.append("")
    views = t.get("views") or {}
    if views:
        lines.append(
            "### Analyst views (`select * from v_…` → Polars, dashboard connection settings)"
        )
        lines.append("")
        lines.append(
            table(
                ["view", "rows", "median ms", "error"],
                [
                    [v, num(x.get("rows")), ms(x.get("median_s")), x.get("error") or ""]
                    for v, x in views.items()
                ],
            )
        )
        lines.append("")
    for app_name, label in (("ours", "Dashboard"), ("naive", "Naive baseline")):
        app = t.get(app_name)
        if not app:
            continue
        key = clients_key(t)
        idx = trace_index(app)
        lines.append(f"### {label}: callbacks over HTTP (gunicorn on loopback)")
        lines.append("")
        rows = []
        for h in app.get("http", []):
            tr = idx.get(h["name"], {})
            raw = tr.get("raw_query_s")
            many = h.get(key) or {}
            conc = (
                f"{ms(many.get('p50_s'))} / {ms(many.get('p95_s'))}"
                if not many.get("skipped")
                else f"not run (≈ {ms(many.get('estimate_p95_s'))} per round)"
            )
            rows.append(
                [
                    h["page"],
                    h["name"][:58],
                    h["kind"],
                    f"{ms(h['c1']['p50_s'])} / {ms(h['c1']['p95_s'])}",
                    conc,
                    f"{many.get('n', 0)}"
                    + (f" ({many['errors']} err)" if many.get("errors") else ""),
                    ms(raw) if raw else "—",
                    rx(ratio(h["c1"]["p50_s"], raw)) if raw else "—",
                    ms(tr.get("in_process_s")),
                    len(tr.get("queries") or []),
                    num((h["c1"].get("wire_bytes") or 0) / 1e3, ",.1f"),
                    num((tr.get("response_bytes") or 0) / 1e3, ",.1f"),
                ]
            )
        lines.append(
            table(
                [
                    "page",
                    "callback",
                    "kind",
                    "1 client p50 / p95 ms",
                    f"{key[1:]} clients p50 / p95 ms",
                    f"n ({key[1:]} cl.)",
                    "raw queries ms",
                    "p50 ÷ raw",
                    "in process ms",
                    "queries",
                    "wire kB",
                    "JSON kB",
                ],
                rows,
            )
        )
        for r in app.get("not_served", []):
            tr = idx.get(r["name"], {})
            qs = ", ".join(
                f"{q['name']} {ms(q['s'])} ms"
                for q in sorted(tr.get("queries") or [], key=lambda q: -q["s"])[:4]
            )
            state = (
                f"{ms(r.get('in_process_s'))} ms in process"
                if r.get("in_process_s")
                else f"still running when stopped after {num(r.get('timeout_s'))} s"
            )
            lines.append("")
            lines.append(
                f"Not served (over the 60 s worker timeout or failing): **{r['name']}** — "
                f"status {r.get('status')}, {state}; queries run: {qs or 'none'}."
            )
        lines.append("")
        browser = app.get("browser") or {}
        if browser:
            lines.append(f"### {label}: headless Chromium, navigation → all charts drawn")
            lines.append("")
            rows = []
            for p, b in browser.items():
                top = ", ".join(
                    f"{r['url'][:32]} {r['wire'] / 1e3:,.0f} kB" for r in b.get("resources", [])[:3]
                )
                rows.append(
                    [
                        p,
                        num(b.get("cold_median_ms")),
                        num(b.get("warm_median_ms")),
                        mb(b.get("bytes")),
                        b.get("requests"),
                        b.get("graphs"),
                        top,
                        (b.get("errors") or [""])[0][:60],
                    ]
                )
            lines.append(
                table(
                    [
                        "page",
                        "cold median ms",
                        "warm median ms",
                        "MB on the wire",
                        "requests",
                        "charts",
                        "largest responses",
                        "error",
                    ],
                    rows,
                )
            )
            lines.append("")
        w = app.get("workers") or []
        if w:
            lines.append(
                "Worker memory after the runs: "
                + ", ".join(
                    f"pid {x['pid']}: RSS {num(x.get('rss_mb'))} MB (peak {num(x.get('hwm_mb'))} MB)"
                    for x in w
                )
                + "; idle after start: "
                + ", ".join(f"{num(x.get('rss_mb'))} MB" for x in app.get("workers_idle") or [])
                + "."
            )
            lines.append("")
    comp = naive_comparison(t)
    if comp:
        lines.append("### Ours ÷ naive baseline (≤ 0.50× is the target)")
        lines.append("")
        lines.append(
            table(
                ["figure", "ours", "naive", "ours ÷ naive"],
                [
                    [
                        c["figure"],
                        _fmt_value(c["ours"], c["unit"]),
                        _fmt_value(c["naive"], c["unit"]),
                        rx(c["ratio"])
                        + ("" if c["ratio"] is not None and c["ratio"] <= NAIVE_RATIO else " ✗"),
                    ]
                    for c in comp
                ],
            )
        )
        lines.append("")
    return lines


def render(results: dict[str, Any]) -> str:
    meta = results["meta"]
    m, v = meta["machine"], meta["versions"]
    targets = evaluate(results)
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m bench`); do not edit by hand — the analysis at the end "
        "comes from `bench/analysis.md`. Raw results: `bench/results/` (the latest run's "
        "`summary.json` is kept in git).",
        "",
        f"- Run: {meta['started']} → {meta.get('finished', '?')} UTC, commit `{meta['commit']}`, "
        f"{'quick' if meta.get('quick') else 'full'} run, `{' '.join(meta.get('argv') or []) or '(defaults)'}`",
        f"- Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu_model']}, Linux {m['kernel']} "
        "(shared with other test runs: absolute times drift; medians of repeats, ratios beside them)",
        "- Versions: " + ", ".join(f"{k} {x}" for k, x in v.items()),
        f"- Dashboard: gunicorn {meta.get('workers')} workers × 4 threads (dashboard/gunicorn_conf.py), "
        f"loopback; {meta.get('clients')} concurrent clients for the load figures; "
        "naive baseline: bench/naive_app.py under the same gunicorn settings",
        "",
        "## Targets",
        "",
        table(
            ["target", "tier", "measured", "status", "why (measured)"],
            [[x["target"], x["tier"], x["measured"], mark(x["ok"]), x["why"]] for x in targets],
        ),
        "",
        "## Tiers at a glance",
        "",
    ]
    rows = []
    for name, t in results["tiers"].items():
        etl = t.get("etl", {})
        ours = t.get("ours") or {}
        key = clients_key(t)
        p95s = [
            h[key]["p95_s"]
            for h in ours.get("http", [])
            if h.get(key) and h[key].get("p95_s") is not None
        ]
        cold = [
            b.get("cold_median_ms")
            for b in (ours.get("browser") or {}).values()
            if b.get("cold_median_ms")
        ]
        sizes = [b.get("bytes") for b in (ours.get("browser") or {}).values() if b.get("bytes")]
        rows.append(
            [
                name,
                num(obs_rows(t)),
                mb((t.get("input") or {}).get("input_bytes")),
                num(etl.get("wall_s"), ".1f")
                + (
                    ""
                    if (etl.get("runs") or [{}])[0].get("status") == "succeeded"
                    else " (fallback)"
                )
                if etl.get("wall_s")
                else etl.get("status", "—"),
                num(etl.get("peak_rss_mb")),
                ms(max(p95s)) if p95s else "—",
                num(max(cold)) if cold else "—",
                mb(max(sizes)) if sizes else "—",
                num(worker_rss(ours)),
            ]
        )
    lines.append(
        table(
            [
                "tier",
                "observations",
                "facts MB",
                "ETL s",
                "ETL peak RSS MB",
                f"worst callback p95 ({key[1:] if results['tiers'] else 20} cl.) ms",
                "slowest page cold ms",
                "largest first load MB",
                "worker RSS MB",
            ],
            rows,
        )
    )
    lines.append("")
    for name, t in results["tiers"].items():
        lines += tier_section(name, t)
    lines += [
        "## Method",
        "",
        "- Facts: `bench/generate.py` (seeded, byte-identical for a seed): S is data/facts; M ≈ 100 "
        "partners × 80 domains, 500 links, 300 events, 150 legal instruments, 400 sources, 200 "
        "indicators × 2 geographies × 240 months + 10 % second-source rows; L = 10× M; XL = 10× L "
        "(domain groups and targets grow with √scale).",
        "- ETL: `python -m bench.etl_child` runs `etl.publish.run` in a child process; stage times "
        "come from wrapping the stage functions; peak RSS is the child's VmHWM and its wait4 rusage. "
        "If the default settings run out of DuckDB memory the run is recorded as failed and repeated "
        "once with a larger `STI_DUCKDB_MEMORY_LIMIT`, so the later measurements have a warehouse.",
        "- Callbacks: `bench/trace.py` imports the app in a child process, renders every page with "
        "Flask's test client (router callback `_pages_content`), finds each page's filter callbacks "
        "in `/_dash-dependencies` with the inputs the rendered page gives them, and records each "
        "DuckDB query (text and parameters) the callback runs; the raw query time is the sum of those "
        "queries replayed alone on a fresh read-only connection (median of repeats). The same request "
        "bodies are then sent over HTTP to gunicorn: 1 client sequentially, then N clients with their "
        "own keep-alive sessions, each loop bounded by a count and a time budget.",
        "- Browser: Playwright + Chromium; cold = new context (empty cache), warm = second visit in "
        "the same context; ready = root present, no Dash loading marker, every dcc.Graph has a Plotly "
        "SVG with data or an annotation (read as `performance.now()` in the page); bytes = encoded "
        "body + headers of every response (`request.sizes()`).",
        "- Naive baseline (`bench/naive_app.py`): Plotly Express, pandas reads Parquet in every callback, "
        "no compression, figures drawn by callbacks after the page arrives. Its 'server time to charts' "
        "is the sum of the page callback and the callbacks that fire when the page arrives.",
        "",
    ]
    if ANALYSIS.exists():
        lines += [ANALYSIS.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def summary(results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"meta": results["meta"], "targets": evaluate(results), "tiers": {}}
    for name, t in results["tiers"].items():
        ours = t.get("ours") or {}
        key = clients_key(t)
        out["tiers"][name] = {
            "observations": obs_rows(t),
            "input_bytes": (t.get("input") or {}).get("input_bytes"),
            "etl": {
                k: (t.get("etl") or {}).get(k)
                for k in ("status", "wall_s", "peak_rss_mb", "stages_s")
            },
            "views_s": {k: v.get("median_s") for k, v in (t.get("views") or {}).items()},
            "callbacks": [
                {
                    "name": h["name"],
                    "p50_1": h["c1"]["p50_s"],
                    "p95_1": h["c1"]["p95_s"],
                    f"p50_{key[1:]}": (h.get(key) or {}).get("p50_s"),
                    f"p95_{key[1:]}": (h.get(key) or {}).get("p95_s"),
                }
                for h in ours.get("http", [])
            ],
            "browser": {
                p: {
                    "cold_ms": b.get("cold_median_ms"),
                    "warm_ms": b.get("warm_median_ms"),
                    "bytes": b.get("bytes"),
                }
                for p, b in (ours.get("browser") or {}).items()
            },
            "worker_rss_mb": worker_rss(ours),
            "vs_naive": naive_comparison(t),
        }
    return out


def write(results: dict[str, Any]) -> None:
    OUT.write_text(render(results), encoding="utf-8")
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(json.dumps(summary(results), indent=1, default=str) + "\n", encoding="utf-8")

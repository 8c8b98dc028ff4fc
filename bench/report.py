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


def page_chain(
    app: dict[str, Any], page: str, key: str, stat: str, uncached: bool = False
) -> float | None:
    """Server time until a page's charts exist: its first load (ours: the layout GET, which holds
    the page; the naive app: the router callback) plus the callbacks that fire when it arrives
    (the naive app draws its figures that way), one after the other. ``uncached``: from the
    1-client measurements against the server with both caches off."""
    parts = [h for h in app.get("http", []) if h["page"] == page and h["kind"] in ("page", "load")]
    values = [
        ((h.get("uncached") or {}).get("c1") if uncached else h.get(key) or {}) or {} for h in parts
    ]
    values = [v.get(stat) for v in values]
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


KIND_LABEL = {
    "page": "first load",
    "nav": "in-app navigation",
    "load": "fires on load",
    "filter": "filter change",
}


def request_label(h: dict[str, Any], tr: dict[str, Any]) -> str:
    """What the request is: ours loads a page with ``GET /_dash-layout`` (the page is rendered
    into the layout); the router callback is in-app navigation; the rest are callbacks."""
    kind = KIND_LABEL.get(h["kind"], h["kind"])
    method = h.get("method") or tr.get("method") or "POST"
    what = "GET layout" if method == "GET" else "POST callback"
    if h["kind"] in ("page", "nav"):
        what += " (router)" if method != "GET" else " (page in it)"
    return f"{kind}: {what}"


def worker_rss(app: dict[str, Any]) -> float | None:
    workers = app.get("workers") or []
    values = [w.get("rss_mb") for w in workers if w.get("rss_mb")]
    return max(values) if values else None


def obs_rows(tier: dict[str, Any]) -> int | None:
    return (tier.get("input") or {}).get("counts", {}).get("observations")


# --- targets --------------------------------------------------------------------------------

NAV_TARGET = "navigation → all charts drawn ≤ 1.0 s (median, every page)"


def uncached_c1(h: dict[str, Any]) -> dict[str, Any]:
    """The 1-client measurement of a request against the server with both caches off."""
    return (h.get("uncached") or {}).get("c1") or {}


def cache_counts(measurements: list[dict[str, Any]]) -> dict[str, int]:
    """X-Cache values summed over measurements (load loops or browser pages)."""
    out: dict[str, int] = {}
    for m in measurements:
        for k, v in (m.get("x_cache") or {}).items():
            out[k] = out.get(k, 0) + v
    return out


def hit_ratio(counts: dict[str, int]) -> float | None:
    hits, misses = counts.get("hit", 0), counts.get("miss", 0)
    return hits / (hits + misses) if hits + misses else None


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.0f} %"


def _cache_note(counts: dict[str, int]) -> str:
    if not counts.get("hit") and not counts.get("miss"):
        return "no X-Cache header"
    return f"X-Cache {counts.get('hit', 0)} hit / {counts.get('miss', 0)} miss"


def _nav_row(
    add: Any, target: str, name: str, pages: dict[str, Any], http: dict[str, dict[str, Any]]
) -> None:
    cold = {p: b.get("cold_median_ms") for p, b in pages.items()}
    warm = {p: b.get("warm_median_ms") for p, b in pages.items() if "warm_median_ms" in b}
    worst = max((v for v in cold.values() if v is not None), default=None)
    worst_page = max((p for p in cold if cold[p] is not None), key=cold.get, default=None)
    slow = [p for p, v in cold.items() if v is None or v > NAV_MS]
    warm_slow = [p for p, v in warm.items() if v is not None and v > NAV_MS]
    measured_warm = [v for v in warm.values() if v is not None]
    counts = cache_counts(list(pages.values()))

    def detail(p: str) -> str:
        b = pages[p]
        h = http.get(p, {})
        first = (h.get("c1") or {}).get("p50_s")
        un = uncached_c1(h).get("p50_s")
        t = b.get("cold_times_ms") or {}
        return (
            f"{p}: cold {num(b.get('cold_median_ms'))} ms"
            + (f", warm {num(b.get('warm_median_ms'))} ms" if b.get("warm_median_ms") else "")
            + f", scripts done at {num(t.get('scripts_done'))} ms, layout at "
            f"{num(t.get('layout_done'))} ms, "
            + (
                f"callbacks done at {num(t['callbacks_done'])} ms; "
                if t.get("callbacks_done")
                else "no callback before the charts; "
            )
            + f"first-load request p50 {ms(first)} ms (uncached {ms(un)} ms), "
            f"{b.get('graphs')} charts" + (f", {b['errors'][0][:60]}" if b.get("errors") else "")
        )

    why = "; ".join(detail(p) for p in slow) if slow else (detail(worst_page) if worst_page else "")
    add(
        target,
        name,
        f"slowest cold median {num(worst)} ms ({worst_page}); pages over 1 s cold: "
        f"{len(slow)}/{len(cold)}"
        + (f", warm: {len(warm_slow)}/{len(measured_warm)}" if measured_warm else "")
        + f"; Dash responses: {_cache_note(counts)}",
        not slow,
        why,
    )


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    tiers = results["tiers"]
    out: list[dict[str, Any]] = []

    def add(target: str, tier: str, measured: str, ok: bool | None, why: str = "") -> None:
        out.append({"target": target, "tier": tier, "measured": measured, "ok": ok, "why": why})

    for name in ("S", "L"):
        t = tiers.get(name, {})
        ours = t.get("ours") or {}
        pages = ours.get("browser") or {}
        http = {h["page"]: h for h in ours.get("http", []) if h["kind"] == "page"}
        if not pages:
            add(NAV_TARGET, name, "not measured", None)
            continue
        _nav_row(add, f"{NAV_TARGET}, default settings (caches on)", name, pages, http)
        if ours.get("uncached_browser"):
            _nav_row(
                add,
                f"{NAV_TARGET}, caches off (a first visitor after a refresh)",
                name,
                ours["uncached_browser"],
                http,
            )
    for name, t in tiers.items():
        pages = (t.get("ours") or {}).get("browser") or {}
        if not pages:
            continue
        sizes = {p: b.get("bytes") for p, b in pages.items() if b.get("bytes")}
        big = {p: s for p, s in sizes.items() if s > BYTES_MAX}
        worst = max(sizes.values(), default=None)
        why = ""
        if sizes:
            p = max(sizes, key=sizes.get)
            top = ", ".join(
                f"{r['url']} {r['wire'] / 1e6:.2f} MB" for r in pages[p].get("resources", [])[:3]
            )
            why = f"largest {p} ({pages[p].get('requests')} requests): {top}"
        add(
            "first load ≤ 1.5 MB transferred, compressed (every page)",
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
        by_name = {h["name"]: h for h in ours["http"]}
        p95 = [(h["name"], h[key].get("p95_s")) for h in ours["http"] if h.get(key)]
        estimated = {
            h["name"]: h[key]["estimate_p95_s"]
            for h in ours["http"]
            if h.get(key) and h[key].get("estimate_p95_s")
        }
        p95 = [(n, v if v is not None else estimated.get(n)) for n, v in p95]
        p95 += [(r["name"], None) for r in ours.get("not_served", [])]
        bad = [(n, v) for n, v in p95 if v is None or v * 1000 > P95_MS]
        measured = [(v, n) for n, v in p95 if v is not None and n not in estimated]
        worst, worst_name = max(measured, default=(None, None))
        counts = cache_counts([h.get(key) or {} for h in ours["http"]])

        def cause(n: str, v: float | None) -> str:
            tr = idx.get(n, {})
            h = by_name.get(n, {})
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
                f"{n}: p95 {ms(v)} ms with hit ratio {pct((h.get(key) or {}).get('hit_ratio'))} "
                f"(uncached: in process {ms(tr.get('in_process_s'))} ms, 1-client p50 "
                f"{ms(uncached_c1(h).get('p50_s'))} ms, queries {ms(tr.get('raw_query_s'))} ms"
                f"{top}; {num((tr.get('response_bytes') or 0) / 1e3)} kB JSON)"
            )

        shown = sorted(bad, key=lambda x: -(x[1] or 1e9))[:8] if bad else []
        if not shown and worst_name:
            shown = [(worst_name, worst)]
        add(
            f"callback p95 ≤ 100 ms, tier L, {key[1:]} clients (default settings: caches on)",
            "L",
            f"worst measured {ms(worst)} ms ({worst_name}); over: {len(bad)}/{len(p95)} "
            f"({len(estimated)} estimated, {len(ours.get('not_served', []))} not servable); "
            f"hit ratio of the {key[1:]}-client loops {pct(hit_ratio(counts))} "
            f"({_cache_note(counts)})",
            not bad,
            "; ".join(cause(n, v) for n, v in shown),
        )
        rows = []
        for h in ours["http"]:
            raw = idx.get(h["name"], {}).get("raw_query_s")
            if raw:
                un = uncached_c1(h).get("p50_s")
                rows.append((h["name"], ratio(un, raw), un, raw, h["c1"]))
        target = (
            "callback p50 ≤ 1.5× its raw DuckDB query time, tier L, 1 client — on the uncached "
            "p50 (server with both caches off)"
        )
        if not rows:
            add(target, "L", "no callback runs a query", None)
        elif all(r[2] is None for r in rows):
            add(target, "L", "uncached server not measured", None)
        else:
            bad_r = [r for r in rows if r[1] is None or r[1] > RAW_RATIO]
            worst_r = max(rows, key=lambda r: r[1] if r[1] is not None else 1e9)

            def line(n: str, r: float | None, p: float | None, q: float, c1: dict[str, Any]) -> str:
                return (
                    f"{n}: {rx(r)} (uncached p50 {ms(p)} ms vs {ms(q)} ms of queries; cached "
                    f"p50 {ms(c1.get('p50_s'))} ms at hit ratio {pct(c1.get('hit_ratio'))})"
                )

            shown_r = sorted(bad_r, key=lambda x: -(x[1] or 1e9))[:6] or [worst_r]
            add(
                target,
                "L",
                f"over: {len(bad_r)}/{len(rows)}; worst {rx(worst_r[1])} ({worst_r[0]})",
                not bad_r,
                "; ".join(line(*r) for r in shown_r),
            )
    # ETL
    etl = {n: t.get("etl", {}) for n, t in tiers.items()}
    lt = etl.get("L", {})
    if lt:
        default_runs = [r for r in lt.get("runs", []) if r.get("status") == "succeeded"]
        if default_runs:
            wall = min(r["wall_s"] for r in default_runs)
            limit = default_runs[0].get("etl_memory_limit")
            add(
                "tier L ETL ≤ 30 s",
                "L",
                f"{wall:.1f} s (fastest of {len(default_runs)}; peak RSS "
                f"{num(lt.get('peak_rss_mb'))} MB; default STI_ETL_MEMORY_LIMIT"
                + (f"={limit}" if limit else "")
                + ")",
                wall <= ETL_L_S,
                _stages(lt),
            )
        else:
            err = (lt.get("runs") or [{}])[-1].get("error", "")
            fb = lt.get("fallback") or {}
            add(
                "tier L ETL ≤ 30 s",
                "L",
                f"failed with the default settings; with STI_ETL_MEMORY_LIMIT="
                f"{(fb.get('env') or {}).get('STI_ETL_MEMORY_LIMIT')}: {num(fb.get('wall_s'), '.1f')} s",
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
            f"{a} {etl[a]['wall_s']:.1f} s, {b} {etl[b]['wall_s']:.1f} s; " + _stages(etl[b]),
        )
    t = tiers.get("L", {})
    rss = worker_rss(t.get("ours") or {})
    if rss is not None:
        ours = t["ours"]
        un = worker_rss({"workers": ours.get("uncached_workers") or []})
        add(
            "web worker RSS ≤ 250 MB, tier L (default settings: caches on)",
            "L",
            f"{rss:.0f} MB (largest worker after the runs)",
            rss <= RSS_MB,
            f"idle after start: {num(max((w.get('rss_mb') or 0) for w in ours.get('workers_idle') or [{}]))} MB; "
            f"peak (VmHWM) {num(max((w.get('hwm_mb') or 0) for w in ours.get('workers') or [{}]))} MB; "
            f"with both caches off: {num(un)} MB",
        )
    for name, t in tiers.items():
        comp = naive_comparison(t)
        if not comp:
            continue
        bad = [c for c in comp if c["ratio"] is None or c["ratio"] > NAIVE_RATIO]
        worst_c = max(comp, key=lambda c: c["ratio"] if c["ratio"] is not None else 1e9)
        add(
            "≥ 2× better than the naive baseline on each figure (cached and uncached)",
            name,
            f"{len(comp) - len(bad)}/{len(comp)} figures at ≤ 0.5×; worst {rx(worst_c['ratio'])}",
            not bad,
            "; ".join(
                f"{c['figure']}: {rx(c['ratio'])} ({_fmt_value(c['ours'], c['unit'])} vs "
                f"{_fmt_value(c['naive'], c['unit'])})"
                for c in (bad[:12] or [worst_c])
            ),
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
        add(
            f"{p} server time to charts, p50, 1 client, ours uncached",
            page_chain(ours, p, "c1", "p50_s", uncached=True),
            page_chain(naive, p, "c1", "p50_s"),
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
            if fo.get("uncached"):
                add(
                    f"{p} filter redraw, p50, 1 client, ours uncached",
                    uncached_c1(fo).get("p50_s"),
                    (fn.get("c1") or {}).get("p50_s"),
                    "s",
                )
        bo = (ours.get("browser") or {}).get(p) or {}
        bu = (ours.get("uncached_browser") or {}).get(p) or {}
        bn = (naive.get("browser") or {}).get(p) or {}
        if bo and bn:
            add(
                f"{p} navigation → charts, cold",
                bo.get("cold_median_ms"),
                bn.get("cold_median_ms"),
                "ms",
            )
            if bu:
                add(
                    f"{p} navigation → charts, cold, ours uncached",
                    bu.get("cold_median_ms"),
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
        env = ", ".join(f"{k}={v}" for k, v in (r.get("env") or {}).items()) or (
            f"defaults (STI_ETL_MEMORY_LIMIT={r['etl_memory_limit']})"
            if r.get("etl_memory_limit")
            else "defaults"
        )
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
        lines.append(f"### {label}: requests over HTTP (gunicorn on loopback)")
        lines.append("")
        has_uncached = any(h.get("uncached") for h in app.get("http", []))
        has_cache = any(
            (h.get("c1") or {}).get("hit_ratio") is not None for h in app.get("http", [])
        )
        if has_cache or has_uncached:
            lines.append(
                "Default settings (both caches on): the hit % is the share of `X-Cache: hit` in "
                "that loop. Uncached: a second server with `STI_QUERY_CACHE_MB=0` and "
                "`STI_RESPONSE_CACHE_MB=0`, 1 client; `uncached p50 ÷ raw` is what the 1.5× "
                "target is judged on. In process: the trace, caches off."
            )
            lines.append("")
        rows = []
        for h in app.get("http", []):
            tr = idx.get(h["name"], {})
            raw = tr.get("raw_query_s")
            many = h.get(key) or {}
            un = uncached_c1(h)
            conc = (
                f"{ms(many.get('p50_s'))} / {ms(many.get('p95_s'))}"
                if not many.get("skipped")
                else f"not run (≈ {ms(many.get('estimate_p95_s'))} per round)"
            )
            row = [
                h["page"],
                h["name"][:58],
                request_label(h, tr),
                f"{ms(h['c1']['p50_s'])} / {ms(h['c1']['p95_s'])}",
            ]
            if has_cache:
                row.append(pct(h["c1"].get("hit_ratio")))
            row += [
                conc,
                f"{many.get('n', 0)}" + (f" ({many['errors']} err)" if many.get("errors") else ""),
            ]
            if has_cache:
                row.append(pct(many.get("hit_ratio")))
            if has_uncached:
                row += [
                    f"{ms(un.get('p50_s'))} / {ms(un.get('p95_s'))}" if un else "—",
                    rx(ratio(un.get("p50_s"), raw)) if raw and un else "—",
                ]
            row += [
                ms(raw) if raw else "—",
                rx(ratio(h["c1"]["p50_s"], raw)) if raw else "—",
                ms(tr.get("in_process_s")),
                len(tr.get("queries") or []),
                num((h["c1"].get("wire_bytes") or 0) / 1e3, ",.1f"),
                num((tr.get("response_bytes") or 0) / 1e3, ",.1f"),
            ]
            rows.append(row)
        head = ["page", "request", "kind", "1 client p50 / p95 ms"]
        if has_cache:
            head.append("hit % (1 cl.)")
        head += [f"{key[1:]} clients p50 / p95 ms", f"n ({key[1:]} cl.)"]
        if has_cache:
            head.append(f"hit % ({key[1:]} cl.)")
        if has_uncached:
            head += ["uncached 1 client p50 / p95 ms", "uncached p50 ÷ raw"]
        head += [
            "raw queries ms",
            "p50 ÷ raw" + (" (cached)" if has_cache else ""),
            "in process ms",
            "queries",
            "wire kB",
            "JSON kB",
        ]
        lines.append(table(head, rows))
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
            un_browser = app.get("uncached_browser") or {}
            rows = []
            for p, b in browser.items():
                top = ", ".join(
                    f"{r['url'][:32]} {r['wire'] / 1e3:,.0f} kB" for r in b.get("resources", [])[:3]
                )
                row = [p, num(b.get("cold_median_ms"))]
                if un_browser:
                    row.append(num((un_browser.get(p) or {}).get("cold_median_ms")))
                row += [
                    num(b.get("warm_median_ms")),
                    mb(b.get("bytes")),
                    b.get("requests"),
                    b.get("graphs"),
                ]
                if un_browser:
                    row.append(_cache_note(b.get("x_cache") or {}))
                row += [
                    top,
                    (b.get("errors") or (un_browser.get(p) or {}).get("errors") or [""])[0][:60],
                ]
                rows.append(row)
            head = ["page", "cold median ms"]
            if un_browser:
                head.append("cold median ms, caches off")
            head += ["warm median ms", "MB on the wire", "requests", "charts"]
            if un_browser:
                head.append("Dash responses (cold loads, caches on)")
            head += ["largest responses", "error"]
            lines.append(table(head, rows))
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
                + (
                    "; with both caches off, after its runs: "
                    + ", ".join(
                        f"{num(x.get('rss_mb'))} MB" for x in app.get("uncached_workers") or []
                    )
                    if app.get("uncached_workers")
                    else ""
                )
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
        *(
            [
                "- Settings: the default server and the ETL run with the defaults ("
                + ", ".join(f"{k}={x}" for k, x in meta["settings"].items())
                + "; the cache sizes are per web worker); the uncached server sets "
                "STI_QUERY_CACHE_MB=0 and STI_RESPONSE_CACHE_MB=0"
            ]
            if meta.get("settings")
            else []
        ),
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
        cold_off = [
            b.get("cold_median_ms")
            for b in (ours.get("uncached_browser") or {}).values()
            if b.get("cold_median_ms")
        ]
        un_p50 = [
            uncached_c1(h)["p50_s"] for h in ours.get("http", []) if uncached_c1(h).get("p50_s")
        ]
        hits = hit_ratio(cache_counts([h.get(key) or {} for h in ours.get("http", [])]))
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
                pct(hits),
                ms(max(un_p50)) if un_p50 else "—",
                num(max(cold)) if cold else "—",
                num(max(cold_off)) if cold_off else "—",
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
                f"worst request p95 ({key[1:] if results['tiers'] else 20} cl., caches on) ms",
                "hit ratio of those loops",
                "worst uncached 1-client p50 ms",
                "slowest page cold ms",
                "slowest page cold ms, caches off",
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
        "- ETL: `python -m bench.etl_child` runs `etl.publish.run` in a child process with the "
        "default settings (the ETL's DuckDB `memory_limit` is `STI_ETL_MEMORY_LIMIT`, default 2GB; "
        "the dashboard's connections use `STI_DUCKDB_MEMORY_LIMIT`); stage times come from wrapping "
        "the stage functions; peak RSS is the child's VmHWM and its wait4 rusage. If the default "
        "settings run out of DuckDB memory the run is recorded as failed and repeated once with a "
        "larger `STI_ETL_MEMORY_LIMIT` (`--etl-memory-fallback`, default 6GB), so the later "
        "measurements have a warehouse.",
        "- Requests: `bench/trace.py` imports the app in a child process with both dashboard caches "
        "off (`STI_QUERY_CACHE_MB=0`, `STI_RESPONSE_CACHE_MB=0`: its query wrapper sees every query, "
        "'in process' is the uncached cost) and drives it with Flask's test client as the browser "
        "does. First load of a page: `GET /_dash-layout` with the page URL as Referer, which returns "
        "the page rendered into the layout (the pages router does not fire); in-app navigation: the "
        "router callback (`_pages_location` pathname/search → `_pages_content`), measured as a "
        "separate request. It finds each page's callbacks in `/_dash-dependencies` with the inputs "
        "the rendered page gives them, and records each DuckDB query (text and parameters) a "
        "request runs; the raw query time is the sum of those queries replayed alone on a fresh "
        "read-only connection (median of repeats).",
        "- HTTP: the same requests go to gunicorn on 127.0.0.1 with the default settings (each "
        "worker caches query results and whole responses, keyed by snapshot + refresh state + "
        "request): 1 client sequentially, then N clients with their own keep-alive sessions, each "
        "loop bounded by a count and a time budget; every response's `X-Cache` (hit/miss) is "
        "counted, so each figure has its hit ratio (after a warm-up round, mostly hits). Then a "
        "second server with both caches off measures each request with 1 client ('uncached'); the "
        "'≤ 1.5× raw query time' target is judged on that uncached p50, with the cached p50 beside "
        "it.",
        "- Browser: Playwright + Chromium; cold = new context (empty cache), warm = second visit in "
        "the same context; ready = root present, no Dash loading marker, every dcc.Graph has a Plotly "
        "SVG with data or an annotation (read as `performance.now()` in the page); bytes = encoded "
        "body + headers of every response (`request.sizes()`), plotly.js being the cartesian partial "
        "bundle the dashboard serves from its assets. Cold loads run against the default server "
        "(after the load tests its response cache holds every page: a popular page) and again "
        "against the server with both caches off (a first visitor after a refresh).",
        "- Naive baseline (`bench/naive_app.py`): Plotly Express, pandas reads Parquet in every callback, "
        "no compression, no cache, figures drawn by callbacks after the page arrives. Its 'server "
        "time to charts' is the sum of the router callback and the callbacks that fire when the page "
        "arrives; ours is the layout GET plus any callbacks firing on load. Comparisons are given "
        "with our caches on and, where marked, off.",
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
                    "hit_ratio_1": h["c1"].get("hit_ratio"),
                    f"hit_ratio_{key[1:]}": (h.get(key) or {}).get("hit_ratio"),
                    "uncached_p50_1": uncached_c1(h).get("p50_s"),
                    "uncached_p95_1": uncached_c1(h).get("p95_s"),
                    "raw_query_s": trace_index(ours).get(h["name"], {}).get("raw_query_s"),
                }
                for h in ours.get("http", [])
            ],
            "browser": {
                p: {
                    "cold_ms": b.get("cold_median_ms"),
                    "warm_ms": b.get("warm_median_ms"),
                    "bytes": b.get("bytes"),
                    "cold_ms_caches_off": ((ours.get("uncached_browser") or {}).get(p) or {}).get(
                        "cold_median_ms"
                    ),
                }
                for p, b in (ours.get("browser") or {}).items()
            },
            "worker_rss_mb": worker_rss(ours),
            "vs_naive": naive_comparison(t),
        }
    return out


def write(results: dict[str, Any], out_dir: Path | None = None) -> tuple[Path, Path]:
    """Write BENCHMARKS.md and summary.json (to ``out_dir`` instead of the committed places when
    given, e.g. for a trial run); return their paths."""
    md, js = (OUT, SUMMARY) if out_dir is None else (out_dir / OUT.name, out_dir / SUMMARY.name)
    md.parent.mkdir(parents=True, exist_ok=True)
    js.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(render(results), encoding="utf-8")
    js.write_text(json.dumps(summary(results), indent=1, default=str) + "\n", encoding="utf-8")
    return md, js

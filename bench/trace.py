"""Discover and trace the callbacks of a Dash app in this (child) process.

``python -m bench.trace MODULE:ATTR WAREHOUSE OUT.json [--pages /,/targets] [--repeats 5]``

The app is imported here (with STI_WAREHOUSE_DIR pointing at the warehouse) and driven with
Flask's test client, exactly as the browser would drive it, to find for each page:

* the first load (``page``): when the app renders the page into the layout (ours:
  ``GET /_dash-layout`` with the page URL as Referer returns the page, and the pages router does
  not fire), that GET; otherwise (the naive app: a static layout) the router callback
  (Location pathname/search → page content), as the browser sends it after the layout;
* in-app navigation (``nav``, ours only): the router callback, which still renders a page when
  a link inside the app is followed;
* the callbacks that fire when the page's content arrives (``load``: not prevent_initial_call;
  the naive app draws its figures this way) and the page's filter callbacks (``filter``:
  prevent_initial_call; ours redraw charts on a filter change), with the inputs the rendered
  page gives them.

For each such request it records the time in process, the response size and, for our app, every
DuckDB query run (``dashboard.data._connection`` is wrapped, nothing is changed), then replays
each query alone on a fresh read-only connection (same settings as the dashboard) for the raw
query time. The requests (method, path, body) are written to OUT.json for the HTTP load tests.

The dashboard's caches are off here (``NO_CACHE``: the query-result cache would hide queries from
the wrapper, the response cache would answer repeats without rendering), so "in process" is the
uncached cost of a request.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

PAGE_ARGS = "?lang=en"
ROUTER_PROPS = ("pathname", "search")
LAYOUT = "/_dash-layout"
UPDATE = "/_dash-update-component"
# both per-worker caches of the dashboard off (dashboard/cache.py, dashboard/data.py)
NO_CACHE = {"STI_QUERY_CACHE_MB": "0", "STI_RESPONSE_CACHE_MB": "0"}
KINDS = {"render": "page", "navigate": "nav", "load": "load", "filter": "filter"}


def _walk(node: Any, found: dict[str, dict[str, Any]]) -> None:
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            cid = props.get("id")
            if isinstance(cid, str):
                found[cid] = props
            for value in props.values():
                _walk(value, found)
        else:
            for value in node.values():
                _walk(value, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)


def outputs_of(spec: str) -> list[tuple[str, str]]:
    parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
    return [tuple(p.rsplit(".", 1)) for p in parts]  # type: ignore[misc]


def body_for(dep: dict[str, Any], values: dict[tuple[str, str], Any]) -> dict[str, Any]:
    outs = [{"id": i, "property": p} for i, p in outputs_of(dep["output"])]
    inputs = [{**x, "value": values.get((x["id"], x["property"]))} for x in dep["inputs"]]
    state = [{**x, "value": values.get((x["id"], x["property"]))} for x in dep.get("state", [])]
    body: dict[str, Any] = {
        "output": dep["output"],
        "outputs": outs if dep["output"].startswith("..") else outs[0],
        "inputs": inputs,
        "changedPropIds": [f"{x['id']}.{x['property']}" for x in dep["inputs"]],
    }
    if state:
        body["state"] = state
    return body


def renders_into_layout(
    router: dict[str, Any], base: dict[str, dict[str, Any]], with_page: dict[str, dict[str, Any]]
) -> bool:
    """Whether the layout fetched with a page URL as Referer already holds that page: the
    router's content container has children there that the plain layout does not have."""
    out_id = outputs_of(router["output"])[0][0]
    got = (with_page.get(out_id) or {}).get("children")
    return got not in (None, [], "") and got != (base.get(out_id) or {}).get("children")


def is_pattern(dep: dict[str, Any]) -> bool:
    ids = [x["id"] for x in (*dep["inputs"], *dep.get("state", []))]
    ids += [i for i, _ in outputs_of(dep["output"])]
    return any(i.startswith("{") for i in ids)


class Recorder:
    """Wraps DuckDB connections of dashboard.data to record each query's text and params."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.on_call: Any = None

    def install(self) -> None:
        from dashboard import data

        original = data._connection
        recorder = self

        class Relation:
            def __init__(self, cursor: Any, text: str, params: Any) -> None:
                self.cursor, self.text, self.params = cursor, text, params

            def pl(self) -> Any:
                t0 = time.perf_counter()
                out = self.cursor.sql(self.text, params=self.params).pl()
                call = {
                    "sql": self.text,
                    "params": self.params,
                    "s": time.perf_counter() - t0,
                    "rows": out.height,
                }
                recorder.calls.append(call)
                if recorder.on_call:
                    recorder.on_call(call)
                return out

            def __getattr__(self, name: str) -> Any:
                return getattr(self.cursor.sql(self.text, params=self.params), name)

        class Cursor:
            def __init__(self, cursor: Any) -> None:
                self._c = cursor

            def sql(self, text: str, params: Any = None) -> Relation:
                return Relation(self._c, text, params)

            def __getattr__(self, name: str) -> Any:
                return getattr(self._c, name)

        class Connection:
            def __init__(self, con: Any) -> None:
                self._con = con

            def cursor(self) -> Cursor:
                return Cursor(self._con.cursor())

            def __getattr__(self, name: str) -> Any:
                return getattr(self._con, name)

        data._connection = lambda db: Connection(original(db))  # type: ignore[assignment]


def query_names() -> dict[str, str]:
    root = Path(__file__).resolve().parent.parent / "sql" / "queries"
    return {p.read_text(encoding="utf-8"): p.stem for p in root.glob("*.sql")}


def replay(calls: list[dict[str, Any]], warehouse: Path, repeats: int) -> dict[str, float]:
    """Median time of each distinct query run alone, keyed by a digest of text and params."""
    import duckdb

    from etl import settings
    from etl import warehouse as wh

    db = wh.current_db(warehouse)
    con = duckdb.connect(
        str(db),
        read_only=True,
        config={
            "memory_limit": settings.get("STI_DUCKDB_MEMORY_LIMIT"),
            "threads": settings.get("STI_DUCKDB_THREADS"),
        },
    )
    out: dict[str, float] = {}
    try:
        for call in calls:
            key = call["key"]
            if key in out:
                continue
            times: list[float] = []
            while len(times) < repeats and sum(times) < 3.0:  # slow queries: fewer repeats
                cur = con.cursor()
                t0 = time.perf_counter()
                cur.sql(call["sql"], params=call["params"]).pl()
                times.append(time.perf_counter() - t0)
                cur.close()
            out[key] = statistics.median(times)
    finally:
        con.close()
    return out


def _key(call: dict[str, Any]) -> str:
    text = call["sql"] + json.dumps(call["params"], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def page_urls(app_module: Any, warehouse: Path) -> list[str]:
    """Paths of the app's pages; a path template gets an id from the warehouse."""
    import dash

    registry = getattr(dash, "page_registry", {})
    if not registry:
        return list(getattr(app_module, "PAGES", ["/"]))
    paths = []
    for page in sorted(registry.values(), key=lambda p: (p.get("order") or 0, p["path"])):
        template = page.get("path_template")
        if template:
            import duckdb

            from etl import warehouse as wh

            con = duckdb.connect(str(wh.current_db(warehouse)), read_only=True)
            try:  # the partner with the most links
                rows = con.sql(
                    "select partner_id from cooperation_link group by all "
                    "order by count(*) desc, partner_id limit 1"
                ).fetchall()
                row = rows[0] if rows else None
            finally:
                con.close()
            if row is None:
                continue
            name = template[template.index("<") + 1 : template.index(">")]
            paths.append(template.replace(f"<{name}>", row[0]))
        else:
            paths.append(page["path"])
    return paths


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("app")  # module:attr of the Dash app
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", default="", help="comma-separated paths (default: every page)")
    ap.add_argument("--list-pages", action="store_true", help="write the page list and stop")
    ap.add_argument("--repeats", type=int, default=5, help="raw query replays (at most)")
    ap.add_argument("--progress", type=Path, default=None, help="JSON lines written as it goes")
    ap.add_argument(
        "--slow",
        type=float,
        default=60.0,
        help="a page render slower than this: its filter callbacks are not traced",
    )
    args = ap.parse_args()
    os.environ["STI_WAREHOUSE_DIR"] = str(args.warehouse)
    os.environ.update(NO_CACHE)  # before the app is imported: it reads them once
    progress = args.progress.open("a", encoding="utf-8") if args.progress else None

    def note(**event: Any) -> None:
        if progress:
            progress.write(json.dumps(event, default=str) + "\n")
            progress.flush()

    t0 = time.perf_counter()
    module_name, attr = args.app.split(":")
    recorder = Recorder()
    module = importlib.import_module(module_name)
    app = getattr(module, attr)
    import_s = time.perf_counter() - t0
    if args.list_pages:
        args.out.write_text(json.dumps({"pages": page_urls(module, args.warehouse)}))
        return 0
    if module_name.startswith("dashboard"):
        recorder.install()
    names = query_names()
    recorder.on_call = lambda c: note(
        event="query", name=names.get(c["sql"], "?"), s=c["s"], rows=c["rows"]
    )
    client = app.server.test_client()
    deps = [
        d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")
    ]
    layout = client.get(LAYOUT).get_json()
    base_props: dict[str, dict[str, Any]] = {}
    _walk(layout, base_props)
    routers = [  # Location pathname/search in, the app shell's content container out
        d
        for d in deps
        if d["inputs"]
        and all(x["property"] in ROUTER_PROPS for x in d["inputs"])
        and all(i in base_props for i, _ in outputs_of(d["output"]))
    ]
    assert routers, "no router callback (Location pathname -> content) found"
    router = routers[0]
    location = router["inputs"][0]["id"]
    pages = [p for p in args.pages.split(",") if p] or page_urls(module, args.warehouse)
    requests_out: list[dict[str, Any]] = []

    def send(
        name: str, page: str, body: dict[str, Any] | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """POST ``body`` to the callback route, or (no body) GET the layout, with the page URL
        as Referer; twice when cheap (the first call of a page imports and warms up)."""
        method, path = ("POST", UPDATE) if body is not None else ("GET", LAYOUT)
        headers = {"Referer": f"http://127.0.0.1{page}{PAGE_ARGS}"}
        for attempt in range(2):
            recorder.calls.clear()
            note(event="start", request=name, page=page, method=method, path=path, body=body)
            t = time.perf_counter()
            if body is None:
                resp = client.get(path, headers=headers)
            else:
                resp = client.post(path, json=body, headers=headers)
            elapsed = time.perf_counter() - t
            if attempt == 0 and elapsed > 2:
                break
        calls = [dict(c, key=_key(c), name=names.get(c["sql"], "?")) for c in recorder.calls]
        info = {
            "method": method,
            "path": path,
            "status": resp.status_code,
            "in_process_s": elapsed,
            "response_bytes": len(resp.data),
            "x_cache": resp.headers.get("X-Cache"),  # None: the cache is off, as it should be
            "queries": calls,
            "query_s": sum(c["s"] for c in calls),
        }
        note(
            event="done",
            request=name,
            page=page,
            status=resp.status_code,
            s=elapsed,
            bytes=len(resp.data),
        )
        data = resp.get_json(silent=True) or {}
        return info, data

    def add(page: str, kind: str, name: str, body: Any, info: dict[str, Any]) -> None:
        requests_out.append({"page": page, "kind": kind, "name": name, "body": body, **info})

    for page in pages:
        values = {(location, "pathname"): page, (location, "search"): PAGE_ARGS}
        for x in router["inputs"]:
            values.setdefault((x["id"], x["property"]), None)
        router_body = body_for(router, values)
        # the layout as the browser fetches it on a first visit to the page
        linfo, ldata = send(f"render {page}", page, None)
        with_page: dict[str, dict[str, Any]] = {}
        _walk(ldata, with_page)
        if linfo["status"] == 200 and renders_into_layout(router, base_props, with_page):
            props = with_page
            add(page, "page", f"render {page}", None, {**linfo, "first_load": "layout"})
            first_s = linfo["in_process_s"]
            navigate = True  # after the page's callbacks: a stopped trace loses the least
        else:  # a static layout: the router renders the page after it (the naive app)
            info, data = send(f"render {page}", page, router_body)
            props = dict(base_props)
            _walk(data, props)
            add(page, "page", f"render {page}", router_body, {**info, "first_load": "router"})
            first_s = info["in_process_s"]
            navigate = False
        if first_s > args.slow:
            continue  # its callbacks and the same render by the router are not servable either
        for dep in deps:
            if dep is router or is_pattern(dep):
                continue
            outs = [i for i, _ in outputs_of(dep["output"])]
            ins = [x["id"] for x in (*dep["inputs"], *dep.get("state", []))]
            if not all(i in props for i in outs) or not all(
                i in props or i == location for i in ins
            ):
                continue
            if any(i in base_props for i in outs):
                continue  # belongs to the app shell, not to this page
            vals = {(location, "pathname"): page, (location, "search"): PAGE_ARGS}
            for x in (*dep["inputs"], *dep.get("state", [])):
                if x["id"] != location:
                    vals[(x["id"], x["property"])] = props[x["id"]].get(x["property"])
            kind = "filter" if dep.get("prevent_initial_call") else "load"
            cbody = body_for(dep, vals)
            label = outs[0] if len(outs) == 1 else f"{outs[0]} (+{len(outs) - 1})"
            cname = f"{kind} {label}"
            cinfo, _ = send(cname, page, cbody)
            add(page, kind, cname, cbody, cinfo)
        if navigate:  # in-app navigation: the router renders the same page
            ninfo, _ = send(f"navigate {page}", page, router_body)
            add(page, "nav", f"navigate {page}", router_body, ninfo)
    all_calls = [c for r in requests_out for c in r["queries"]]
    raw = replay(all_calls, args.warehouse, args.repeats) if all_calls else {}
    for r in requests_out:
        for c in r["queries"]:
            c["raw_s"] = raw.get(c["key"])
            c.pop("sql")
        r["raw_query_s"] = sum(c["raw_s"] or 0 for c in r["queries"]) if r["queries"] else None
    result = {"import_s": import_s, "pages": pages, "requests": requests_out}
    args.out.write_text(json.dumps(result, indent=1, default=str))
    return 0


def from_progress(path: Path) -> list[dict[str, Any]]:
    """Requests of a trace that was stopped: those done, and the one it was in (status
    'timeout'), each with the queries it had run."""
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            e = json.loads(line)
        except json.JSONDecodeError:
            continue
        if e["event"] == "start":
            current = {
                "body": e.get("body"),
                "method": e.get("method", "POST"),
                "path": e.get("path", UPDATE),
                "page": e["page"],
                "name": e["request"],
                "queries": [],
                "status": "timeout",
                "started": time.time(),
            }
        elif e["event"] == "query" and current is not None:
            current["queries"].append({"name": e["name"], "s": e["s"], "rows": e["rows"]})
        elif e["event"] == "done" and current is not None:
            current.update(status=e["status"], in_process_s=e["s"], response_bytes=e["bytes"])
            out = [r for r in out if r["name"] != current["name"]] + [current]
            current = None
    if current is not None:
        out = [r for r in out if r["name"] != current["name"]] + [current]
    for r in out:
        r["kind"] = KINDS.get(r["name"].split(" ", 1)[0], "load")
        r.pop("started", None)
        r["query_s"] = sum(q["s"] for q in r["queries"])
    return out


if __name__ == "__main__":
    sys.exit(main())

"""Callback discovery of the benchmark: request bodies, first load in the layout, stopped traces,
and which traced requests the HTTP load tests send."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import samples, servable
from bench.trace import (
    LAYOUT,
    NO_CACHE,
    UPDATE,
    body_for,
    from_progress,
    outputs_of,
    renders_into_layout,
)

ROUTER = {
    "output": ".._pages_content.children..._pages_store.data..",
    "inputs": [
        {"id": "_pages_location", "property": "pathname"},
        {"id": "_pages_location", "property": "search"},
    ],
}


def test_trace_turns_both_dashboard_caches_off() -> None:
    assert NO_CACHE == {"STI_QUERY_CACHE_MB": "0", "STI_RESPONSE_CACHE_MB": "0"}


def test_router_body_names_every_output_and_the_location_values() -> None:
    assert outputs_of(ROUTER["output"]) == [
        ("_pages_content", "children"),
        ("_pages_store", "data"),
    ]
    body = body_for(
        ROUTER,
        {("_pages_location", "pathname"): "/targets", ("_pages_location", "search"): "?lang=en"},
    )
    assert body["outputs"] == [
        {"id": "_pages_content", "property": "children"},
        {"id": "_pages_store", "property": "data"},
    ]
    assert [x["value"] for x in body["inputs"]] == ["/targets", "?lang=en"]
    assert body["changedPropIds"] == ["_pages_location.pathname", "_pages_location.search"]


def test_a_page_counts_as_rendered_into_the_layout_only_when_its_content_is_there() -> None:
    base = {"_pages_content": {"children": None}, "_pages_location": {}}
    ours = {"_pages_content": {"children": [{"type": "Div", "props": {"id": "x"}}]}}
    assert renders_into_layout(ROUTER, base, ours)
    # a static layout (the naive app's): the same empty container with or without a Referer
    assert not renders_into_layout(ROUTER, base, {"_pages_content": {"children": None}})
    assert not renders_into_layout(ROUTER, base, {"_pages_content": {"children": []}})
    assert not renders_into_layout(ROUTER, base, {})
    # content that the plain layout has too is the shell's, not the page's
    shell = {"_pages_content": {"children": "shell"}}
    assert not renders_into_layout(ROUTER, shell, {"_pages_content": {"children": "shell"}})


def test_a_stopped_trace_keeps_what_was_done_and_the_request_it_was_in(tmp_path: Path) -> None:
    events = [
        {
            "event": "start",
            "request": "render /t",
            "page": "/t",
            "method": "GET",
            "path": LAYOUT,
            "body": None,
        },
        {"event": "query", "name": "target_progress", "s": 0.02, "rows": 5},
        {
            "event": "done",
            "request": "render /t",
            "page": "/t",
            "status": 200,
            "s": 0.1,
            "bytes": 9,
        },
        {
            "event": "start",
            "request": "navigate /t",
            "page": "/t",
            "method": "POST",
            "path": UPDATE,
            "body": {"output": "x"},
        },
        {
            "event": "done",
            "request": "navigate /t",
            "page": "/t",
            "status": 200,
            "s": 0.2,
            "bytes": 9,
        },
        {
            "event": "start",
            "request": "filter targets-content",
            "page": "/t",
            "method": "POST",
            "path": UPDATE,
            "body": {"output": "y"},
        },
        {"event": "query", "name": "targets_series", "s": 30.0, "rows": 1},
    ]
    prog = tmp_path / "p.jsonl"
    prog.write_text("\n".join(json.dumps(e) for e in events) + "\n{broken", encoding="utf-8")
    got = {r["name"]: r for r in from_progress(prog)}
    assert [r["kind"] for r in got.values()] == ["page", "nav", "filter"]
    first = got["render /t"]
    assert (first["method"], first["path"], first["body"]) == ("GET", LAYOUT, None)
    assert first["status"] == 200 and first["query_s"] == 0.02
    stopped = got["filter targets-content"]
    assert stopped["status"] == "timeout" and stopped["query_s"] == 30.0
    assert servable(first) and servable(got["navigate /t"]) and not servable(stopped)
    assert from_progress(tmp_path / "missing.jsonl") == []


def test_servable_needs_a_body_for_a_callback_but_not_for_the_layout() -> None:
    ok = {"status": 200, "in_process_s": 0.1}
    assert servable({**ok, "method": "GET", "body": None})
    assert servable({**ok, "method": "POST", "body": {}})
    assert not servable({**ok, "method": "POST", "body": None})
    assert not servable({**ok, "method": "GET", "status": 500})
    assert not servable({"status": 200, "in_process_s": 61.0, "method": "GET"})


def test_one_client_samples_are_bounded_in_count_and_time() -> None:
    assert samples(10, 2.0, 0.01) == (10, 2.0)  # cheap: the count bounds it
    n, t = samples(10, 2.0, 0.5)
    assert n == 4 and t == 2.5  # 2 s of 0.5 s requests; time for 3 and a second to spare
    n, t = samples(10, 2.0, 5.0)
    assert n == 3 and t == 16.0  # slow: 3 samples, time to take them
    n, t = samples(10, 2.0, 40.0)
    assert n == 2 and t == 81.0

"""The page rendered into the first layout, the query and response caches, the plotly.js bundle."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import brotli
import pytest
from plotly.offline import get_plotlyjs_version

from dashboard import cache, data
from dashboard.app import _page_for, app
from etl.problems import InvalidFacts
from etl.publish import run as run_etl

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8050"
VENDOR = ROOT / "dashboard" / "assets" / "vendor"


def _layout(referer: str | None, **headers: str) -> Any:
    if referer is not None:
        headers["Referer"] = referer
    return app.server.test_client().get("/_dash-layout", headers=headers)


def _find(node: Any, component_id: str) -> dict[str, Any] | None:
    """The component with ``component_id`` in a serialised Dash layout."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == component_id:
            return node
        for value in node.values():
            found = _find(value, component_id)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find(value, component_id)
            if found is not None:
                return found
    return None


def test_first_layout_holds_the_page_of_the_referer(seed_data: Path) -> None:
    resp = _layout(f"{BASE}/targets?lang=en")
    assert resp.status_code == 200
    tree = resp.get_json()
    location = _find(tree, "_pages_location")
    assert location is not None
    props = location["props"]
    # every prop the location compares with window.location is given: no router callback on load
    assert props["pathname"] == "/targets"
    assert props["search"] == "?lang=en"
    assert props["hash"] == ""
    assert props["href"] == f"{BASE}/targets?lang=en"
    content = _find(tree, "_pages_content")
    assert content is not None and content["props"]["children"]
    assert "Targets" in json.dumps(content)  # the English page, not the Vietnamese default
    store = _find(tree, "_pages_store")
    assert store is not None and "Targets" in store["props"]["data"]["title"]


def test_first_layout_follows_path_variables_and_language(seed_data: Path) -> None:
    vi = json.dumps(_layout(f"{BASE}/partner/KOR").get_json())
    en = json.dumps(_layout(f"{BASE}/partner/KOR?lang=en").get_json())
    assert "KOR" in vi and "KOR" in en
    assert vi != en


@pytest.mark.parametrize("referer", [None, f"{BASE}/no-such-page", ""])
def test_first_layout_without_a_known_page_leaves_routing_to_the_router(
    seed_data: Path, referer: str | None
) -> None:
    tree = _layout(referer).get_json()
    location = _find(tree, "_pages_location")
    assert location is not None
    assert "pathname" not in location["props"]  # set by the browser, which fires the router
    content = _find(tree, "_pages_content")
    assert content is not None and not content["props"].get("children")


def test_a_page_that_fails_to_render_leaves_it_to_the_router(
    seed_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, _ = _page_for("/legal") or ({}, {})

    def broken(**_: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(page, "layout", broken)
    tree = _layout(f"{BASE}/legal").get_json()
    content = _find(tree, "_pages_content")
    assert content is not None and not content["props"].get("children")


def test_page_for_matches_paths_and_templates() -> None:
    assert _page_for("/")[0]["path"] == "/"  # type: ignore[index]
    assert _page_for("/targets/")[0]["path"] == "/targets"  # type: ignore[index]
    page, variables = _page_for("/partner/VN-SG")  # type: ignore[misc]
    assert page["path_template"] == "/partner/<partner_id>" and variables == {"partner_id": "VN-SG"}
    assert _page_for("/partner/a/b") is None
    assert _page_for("/nowhere") is None


@pytest.fixture
def own_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "data" / "facts", facts)
    wh = tmp_path / "wh"
    assert run_etl(facts, wh).status == "succeeded"
    monkeypatch.setenv("STI_WAREHOUSE_DIR", str(wh))
    yield facts, wh


def test_repeated_layout_is_answered_from_the_cache_until_a_refresh(
    own_warehouse: tuple[Path, Path],
) -> None:
    facts, wh = own_warehouse
    first = _layout(f"{BASE}/legal")
    again = _layout(f"{BASE}/legal")
    assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    assert again.data == first.data
    assert again.headers["X-Snapshot"] == first.headers["X-Snapshot"]
    # another page, another language: their own entries
    assert _layout(f"{BASE}/legal?lang=en").headers["X-Cache"] == "miss"
    # a refresh publishes a new snapshot: the next response is computed from it
    obs = facts / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run_etl(facts, wh).status == "succeeded"
    after = _layout(f"{BASE}/legal")
    assert after.headers["X-Cache"] == "miss"
    assert after.headers["X-Snapshot"] != first.headers["X-Snapshot"]


def test_a_failed_refresh_changes_the_key_so_its_warning_shows(
    own_warehouse: tuple[Path, Path],
) -> None:
    facts, wh = own_warehouse
    assert _layout(f"{BASE}/").headers["X-Cache"] == "miss"
    assert _layout(f"{BASE}/").headers["X-Cache"] == "hit"
    (facts / "partners.yaml").write_text("partners: [\n", encoding="utf-8")
    with pytest.raises(InvalidFacts):
        run_etl(facts, wh)
    after = _layout(f"{BASE}/")
    assert after.headers["X-Cache"] == "miss"


def test_callbacks_are_cached_and_compressed_once(own_warehouse: tuple[Path, Path]) -> None:
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d for d in deps if "_pages_content.children" in d["output"])
    body = {
        "output": router["output"],
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/sources"},
                   {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }  # fmt: skip
    headers = {"Accept-Encoding": "br"}
    first = client.post("/_dash-update-component", json=body, headers=headers)
    again = client.post("/_dash-update-component", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "br"
    assert brotli.decompress(again.data) == brotli.decompress(first.data)
    assert b"_pages_content" in brotli.decompress(again.data)
    other = dict(body, inputs=[dict(body["inputs"][0], value="/legal"), body["inputs"][1]])
    assert client.post("/_dash-update-component", json=other).headers["X-Cache"] == "miss"


def test_response_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STI_RESPONSE_CACHE_MB", "0")
    assert cache.store_for_compress() is None
    monkeypatch.setenv("STI_RESPONSE_CACHE_MB", "1")
    store = cache.store_for_compress()
    assert store is not None
    store.set("k", b"x" * 10)
    assert store.get("k") == b"x" * 10
    store.set("big", b"x" * (2 * 2**20))  # larger than the whole cache: not kept, no error
    assert store.get("big") is None
    store.set("gzip;", b"y")  # responses that are not cached have keys ending in ';'
    assert store.get("gzip;") is None


def test_query_results_are_reused_per_snapshot_and_parameters(
    own_warehouse: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    facts, wh = own_warehouse
    monkeypatch.setattr(data, "_results", None)
    monkeypatch.setenv("STI_QUERY_CACHE_MB", "8")
    with app.server.test_request_context("/"):
        a = data.query("sources", ids=["mst-2025-08-12-kor", "mst-2025-10-25-kor"])
        assert data.query("sources", ids=["mst-2025-08-12-kor", "mst-2025-10-25-kor"]) is a
        b = data.query("sources", ids=["mst-2025-10-25-kor"])
        assert b is not a and not b.equals(a)
    obs = facts / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run_etl(facts, wh).status == "succeeded"
    with app.server.test_request_context("/"):  # a new snapshot: read again
        fresh = data.query("sources", ids=["mst-2025-08-12-kor", "mst-2025-10-25-kor"])
        assert fresh is not a and fresh.equals(a)
    monkeypatch.setattr(data, "_results", None)
    monkeypatch.setenv("STI_QUERY_CACHE_MB", "0")
    with app.server.test_request_context("/"):
        c = data.query("sources", ids=["mst-2025-08-12-kor", "mst-2025-10-25-kor"])
        d = data.query("sources", ids=["mst-2025-08-12-kor", "mst-2025-10-25-kor"])
        assert c is not d and c.equals(d)
    monkeypatch.setattr(data, "_results", None)


def _trace_types(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "Graph" and isinstance(node.get("props"), dict):
            figure = node["props"].get("figure") or {}
            out |= {t.get("type", "scatter") for t in figure.get("data", [])}
        for value in node.values():
            _trace_types(value, out)
    elif isinstance(node, list):
        for value in node:
            _trace_types(value, out)


def test_vendored_plotly_bundle_matches_plotly_and_draws_every_trace_type(
    seed_data: Path,
) -> None:
    bundles = sorted(VENDOR.glob("plotly-cartesian-*.min.js"))
    assert len(bundles) == 1, "exactly one plotly.js bundle in dashboard/assets/vendor"
    text = bundles[0].read_text(encoding="utf-8")
    version = get_plotlyjs_version()
    # the same plotly.js the Python plotly package writes figures for
    assert bundles[0].name == f"plotly-cartesian-{version}.min.js"
    assert f"v{version}" in text[:400]
    assert (VENDOR / "plotly.js-LICENSE.txt").read_text(encoding="utf-8").startswith("MIT License")
    used: set[str] = set()
    for path in ("/", "/targets", "/cooperation", "/partner/KOR", "/legal", "/sources"):
        _trace_types(_layout(f"{BASE}{path}").get_json(), used)
    assert {"bar", "scatter"} <= used  # the pages drew their charts
    for trace in used:
        assert re.search(rf'name:"{trace}"', text), f"{trace} traces are not in the bundle"

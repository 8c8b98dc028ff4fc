"""Scheduled refreshes never disturb readers and never lose the last good data.

1. Refresh under load: concurrent clients call the dashboard (its page callback and CSV
   downloads) in bounded loops while ten refreshes with changing inputs publish; no request
   fails and every response matches exactly one snapshot.
2. (Killing the ETL at several points is covered in tests/foundation.)
3. Two clock processes started at once never run the ETL concurrently.
4. A broken fact file: the run is recorded as failed, the previous snapshot keeps being served,
   and the page says the last refresh failed.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from etl import warehouse
from etl.problems import InvalidFacts
from etl.publish import run as run_etl
from tests.server import ROOT, dashboard_server

FIXTURE_FACTS = ROOT / "tests" / "fixtures" / "facts"
PAGE_CALLBACK = {
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [
        {"id": "_pages_content", "property": "children"},
        {"id": "_pages_store", "property": "data"},
    ],
    "inputs": [
        {"id": "_pages_location", "property": "pathname", "value": "/"},
        {"id": "_pages_location", "property": "search", "value": "?lang=en"},
    ],
    "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
}


def _set_single_value(facts: Path, value: int) -> None:
    """Change the one observation of indicator 'single' (target t-single) to ``value``."""
    path = facts / "observations.csv"
    lines = path.read_text().splitlines()
    out = [re.sub(r"^(single,VN,2024-06,month,)\d+", rf"\g<1>{value}", ln) for ln in lines]
    path.write_text("\n".join(out) + "\n")


def _get(url: str, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_refresh_under_load_serves_exactly_one_snapshot_per_response(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE_FACTS, facts)
    wh = tmp_path / "warehouse"
    value_of: dict[str, int] = {}
    _set_single_value(facts, 30)
    value_of[run_etl(facts, wh).run_id] = 30

    results: list[tuple[str, int, str, str]] = []  # (kind, status, snapshot, payload)
    errors: list[str] = []
    stop = threading.Event()

    def client(base: str, n: int) -> None:
        body = json.dumps(PAGE_CALLBACK).encode()
        for i in range(400):  # bounded: at most 400 requests per client
            if stop.is_set():
                return
            if (i + n) % 2:
                status, headers, raw = _get(base + "/download/overview-targets.csv?lang=en")
                kind = "csv"
            else:
                status, headers, raw = _get(base + "/_dash-update-component", body)
                kind = "callback"
            if status != 200:
                errors.append(f"{kind} {status}: {raw[:300]!r}")
                continue
            results.append((kind, status, headers.get("X-Snapshot", ""), raw.decode("utf-8")))

    with dashboard_server(wh, workers=2) as base:
        clients = [threading.Thread(target=client, args=(base, n)) for n in range(4)]
        for c in clients:
            c.start()
        try:
            for k in range(1, 11):  # ten refreshes with changing inputs
                _set_single_value(facts, 30 + k)
                result = run_etl(facts, wh)
                assert result.status == "succeeded"
                value_of[result.run_id] = 30 + k
                time.sleep(0.2)
        finally:
            stop.set()
            for c in clients:
                c.join(timeout=120)
    assert errors == []
    assert len(results) > 40, "the clients made too few requests to mean anything"
    served = set()
    for kind, _, snapshot, payload in results:
        assert snapshot in value_of, f"{kind} served unknown snapshot {snapshot!r}"
        served.add(snapshot)
        if kind == "csv":
            rows = list(csv.DictReader(io.StringIO(payload.lstrip("\ufeff"))))
            single = next(r for r in rows if r["target_id"] == "t-single")
            assert float(single["latest_value"]) == value_of[snapshot]
        else:
            # the page names the snapshot it was built from: the same one as the header
            named = re.findall(r'"data-snapshot":\s*"([^"]+)"', payload)
            assert named == [snapshot]
    assert len(served) >= 3, "responses should span several snapshots"


def test_two_clocks_never_run_the_etl_at_once(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE_FACTS, facts)
    wh = tmp_path / "warehouse"
    env = {
        **os.environ,
        "STI_FACTS_DIR": str(facts),
        "STI_WAREHOUSE_DIR": str(wh),
        "STI_REFRESH_CRON": "* * * * * *",  # every second
        "STI_ETL_TIMEOUT": "60",
    }
    clocks = [
        subprocess.Popen(
            [sys.executable, "-m", "etl.cli", "schedule"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 12
        k = 0
        while time.monotonic() < deadline:  # keep the inputs changing so runs really build
            k += 1
            _set_single_value(facts, k % 90)
            time.sleep(0.7)
    finally:
        for c in clocks:
            c.terminate()
        for c in clocks:
            c.wait(timeout=30)
    # let a run still in flight finish or die with its clock; the lock is released on exit
    runs = [r for r in warehouse.read_runs(wh) if r["status"] in ("succeeded", "skipped", "failed")]
    built = [r for r in runs if r["status"] == "succeeded"]
    assert len(built) >= 2, f"expected several refreshes, got {runs}"
    spans = sorted(
        (datetime.fromisoformat(r["started_at"]), datetime.fromisoformat(r["finished_at"]))
        for r in runs
    )
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end, "two runs overlapped"


def test_broken_facts_keep_serving_previous_snapshot_with_a_warning(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE_FACTS, facts)
    wh = tmp_path / "warehouse"
    good = run_etl(facts, wh)
    (facts / "links.yaml").write_text("- id: [unclosed\n")
    with pytest.raises(InvalidFacts):
        run_etl(facts, wh)
    assert warehouse.current_snapshot(wh).name == good.run_id
    last = warehouse.read_runs(wh)[-1]
    assert last["status"] == "failed" and "links.yaml" in last["error"]
    with dashboard_server(wh) as base:
        status, headers, raw = _get(
            base + "/_dash-update-component", json.dumps(PAGE_CALLBACK).encode()
        )
    assert status == 200
    assert headers["X-Snapshot"] == good.run_id
    body = raw.decode()
    assert "refresh-failed-banner" in body
    assert "failed; showing the last good snapshot" in body

"""The console through the running server (gunicorn on loopback): hostile statements sent to the
download route and to the page's Dash callback are refused or stopped with a message, and after
each one the server still serves pages and runs a normal query."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.analyst.conftest import gunicorn, render_page, request

LIMITS = {
    "STI_CONSOLE_TIMEOUT": "2",
    "STI_CONSOLE_MAX_ROWS": "50",
    "STI_CONSOLE_DOWNLOAD_MAX_ROWS": "100000",
}

# (statement, HTTP status of the download route)
HOSTILE = [
    ("select * from read_csv('/etc/passwd')", 400),
    ("select * from read_text('/etc/passwd')", 400),
    ("select * from glob('/*')", 400),
    ("select * from read_parquet('https://example.com/x.parquet')", 400),
    ("copy source to '/tmp/analyst-http.csv'", 400),
    ("attach '/tmp/analyst-http.duckdb' as x", 400),
    ("install httpfs", 400),
    ("set threads = 64", 400),
    ("drop table source", 400),
    ("select 1; drop table source", 400),
    ("select 1 -- x\n; export database '/tmp/analyst-http'", 400),
    ("with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r", 504),
    ("select list(range(100000000))", 400),
    ("select * from range(5000000)", 413),
]


@pytest.fixture(scope="module")
def server(analyst_warehouse: Path) -> Iterator[str]:
    with gunicorn(analyst_warehouse, **LIMITS) as base:
        yield base


def download(base: str, sql: str, fmt: str = "csv", params: dict[str, str] | None = None):
    body = urllib.parse.urlencode(
        {"sql": sql, "params": json.dumps(params or {}), "lang": "en", "format": fmt}
    ).encode()
    return request(
        base,
        "/console/result",
        method="POST",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def run_callback(base: str, sql: str, params: dict[str, str] | None = None) -> str:
    """Press Run on the console page: the Dash callback, as the browser sends it."""
    ids = [{"type": "console-param", "name": k} for k in (params or {})]
    payload = {
        "output": "console-result.children",
        "outputs": {"id": "console-result", "property": "children"},
        "inputs": [{"id": "console-run", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["console-run.n_clicks"],
        "state": [
            {"id": "console-sql", "property": "value", "value": sql},
            [
                {"id": i, "property": "value", "value": v}
                for i, v in zip(ids, (params or {}).values(), strict=True)
            ],
            [{"id": i, "property": "id", "value": i} for i in ids],
            {"id": "console-lang", "property": "data", "value": "en"},
        ],
    }
    status, _, body = request(
        base,
        "/_dash-update-component",
        method="POST",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Referer": base + "/console?lang=en"},
    )
    assert status == 200, body[:500]
    return body.decode("utf-8")


def assert_healthy(base: str) -> None:
    status, page = render_page(base, "/console", "?lang=en")
    assert status == 200 and b"Run query" in page
    status, headers, body = download(base, "select count(*) as n from source")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert int(rows[0]["n"]) > 0


@pytest.mark.parametrize(("sql", "status"), HOSTILE, ids=[s[:40] for s, _ in HOSTILE])
def test_download_route_refuses_and_the_server_stays_healthy(
    server: str, sql: str, status: int
) -> None:
    got, headers, body = download(server, sql)
    assert got == status, body[:300]
    assert headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert 'role="alert"' in page and "Traceback" not in page
    assert_healthy(server)


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("select * from read_text('/etc/passwd')", "forbidden"),
        ("copy source to '/tmp/analyst-cb.csv'", "not_select"),
        ("select 1; drop table source", "multiple"),
        (
            "select * from range(100000) a, range(100000) b where hash(a.range, b.range) = 0",
            "timeout",
        ),
        ("select list(range(100000000))", "memory"),
        ("select * from no_such_table", "error"),
    ],
)
def test_page_callback_shows_a_message(server: str, sql: str, kind: str) -> None:
    body = run_callback(server, sql)
    assert '"console-error"' in body and f'"data-kind": "{kind}"' in body.replace('":"', '": "')
    assert "Traceback" not in body
    ok = run_callback(
        server, "select partner_id from v_partner_domains where partner_id = $p", {"p": "KOR"}
    )
    assert '"console-table"' in ok and "KOR" in ok


def test_example_through_the_callback_with_bound_parameter(server: str) -> None:
    from dashboard.analyst import examples

    example = examples()["partner_domains"]
    body = run_callback(server, example.sql, {"partner": "JPN"})
    assert '"console-table"' in body and "Japan" in body and "Korea" not in body
    injected = run_callback(server, example.sql, {"partner": "JPN' or '1'='1"})
    assert '"data-total": "0"' in injected.replace('":"', '": "')


def test_download_csv_and_parquet_of_an_example(server: str) -> None:
    sql = "select partner_id, domain_id from v_partner_domains where partner_id = $partner"
    status, _, body = download(server, sql, "csv", {"partner": "KOR"})
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows and {r["partner_id"] for r in rows} == {"KOR"}
    status, headers, body = download(server, sql, "parquet", {"partner": "KOR"})
    assert status == 200 and headers["Content-Type"] == "application/vnd.apache.parquet"
    assert pq.read_table(io.BytesIO(body)).num_rows == len(rows)
    # the full result, past the display cap of 50 rows
    status, _, body = download(server, "select * from range(60000)")
    assert status == 200 and body.decode("utf-8-sig").count("\n") == 60001


def test_download_route_rejects_bad_forms(server: str) -> None:
    assert download(server, "select 1", fmt="exe")[0] == 400
    status, _, _ = request(
        server,
        "/console/result",
        method="POST",
        data=b"sql=select+1&params=%5B1%5D",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 400
    body = urllib.parse.urlencode({"sql": "select 1", "snapshot": "../../etc"}).encode()
    status, _, _ = request(
        server,
        "/console/result",
        method="POST",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 404
    # a GET runs nothing: it is only Dash's page shell
    status, headers, _ = request(server, "/console/result?sql=select+1&format=csv")
    assert headers["Content-Type"].startswith("text/html")


def test_console_switched_off(analyst_warehouse: Path) -> None:
    with gunicorn(analyst_warehouse, STI_CONSOLE_ENABLED="0") as base:
        status, page = render_page(base, "/console", "?lang=en")
        assert status == 200 and b"switched off" in page
        assert b"console-sql" not in page
        status, _, body = download(base, "select 1")
        assert status == 403 and b"switched off" in body

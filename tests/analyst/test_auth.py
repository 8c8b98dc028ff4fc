"""Optional login on the running server: with STI_AUTH_USERS (HTTP Basic) or
STI_AUTH_TRUSTED_HEADER (a reverse proxy's header) every route refuses an anonymous request and
serves a logged-in one; with neither, every route is open."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import auth
from tests.analyst.conftest import gunicorn, render_page, request

USERS = "analyst:s3cret:with:colons,reviewer:pässword"
GOOD = {"Authorization": "Basic " + base64.b64encode(b"analyst:s3cret:with:colons").decode()}
GOOD_UTF8 = {"Authorization": "Basic " + base64.b64encode("reviewer:pässword".encode()).decode()}
HEADER = "X-Forwarded-User"

GET_ROUTES = [
    "/",
    "/?lang=en",
    "/targets",
    "/console?lang=en",
    "/dictionary",
    "/downloads",
    "/_dash-layout",
    "/_dash-dependencies",
    "/download/overview-targets.csv",
    "/warehouse/source.csv",
    "/warehouse/v_partner_overlap.parquet",
    "/warehouse/dictionary.md",
    "/assets/style.css",
    "/assets/console.css",
    "/_favicon.ico",
]


def console_post(base: str, headers: dict[str, str]) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"sql": "select 1 as one", "format": "csv"}).encode()
    status, _, data = request(
        base,
        "/console/result",
        method="POST",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
    )
    return status, data


def every_route(base: str, headers: dict[str, str]) -> dict[str, int]:
    """Status of each route (GET and POST) for a request with ``headers``."""
    statuses = {path: request(base, path, headers=headers)[0] for path in GET_ROUTES}
    statuses["POST /_dash-update-component"] = render_page(base, "/console", "?lang=en", headers)[0]
    statuses["POST /console/result"] = console_post(base, headers)[0]
    return statuses


def component_script(base: str, headers: dict[str, str]) -> str:
    """One of Dash's component scripts, as the page shell links it."""
    _, _, page = request(base, "/", headers=headers)
    found = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page.decode())
    assert found
    return found[0]


@pytest.fixture(scope="module")
def users_server(analyst_warehouse: Path) -> Iterator[str]:
    with gunicorn(analyst_warehouse, STI_AUTH_USERS=USERS) as base:
        yield base


@pytest.fixture(scope="module")
def header_server(analyst_warehouse: Path) -> Iterator[str]:
    with gunicorn(analyst_warehouse, STI_AUTH_TRUSTED_HEADER=HEADER) as base:
        yield base


def test_basic_login_refuses_every_anonymous_route(users_server: str) -> None:
    statuses = every_route(users_server, {})
    assert set(statuses.values()) == {401}, statuses
    script = component_script(users_server, GOOD)
    status, headers, _ = request(users_server, script)
    assert status == 401 and headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Basic " + base64.b64encode(b"analyst:wrong").decode()},
        {"Authorization": "Basic " + base64.b64encode(b"nobody:s3cret:with:colons").decode()},
        {"Authorization": "Basic " + base64.b64encode(b"analyst").decode()},
        {"Authorization": "Basic !!!not-base64!!!"},
        {"Authorization": "Bearer s3cret"},
        {"Authorization": ""},
        {HEADER: "analyst"},  # the proxy header means nothing in Basic mode
    ],
    ids=["wrong-password", "unknown-user", "no-colon", "bad-base64", "bearer", "empty", "header"],
)
def test_basic_login_refuses_bad_credentials(users_server: str, headers: dict[str, str]) -> None:
    statuses = every_route(users_server, headers)
    assert set(statuses.values()) == {401}, statuses


@pytest.mark.parametrize("headers", [GOOD, GOOD_UTF8], ids=["ascii", "utf8"])
def test_basic_login_accepts_valid_credentials(users_server: str, headers: dict) -> None:
    statuses = every_route(users_server, headers)
    assert set(statuses.values()) == {200}, statuses
    assert request(users_server, component_script(users_server, headers), headers=headers)[0] == 200
    _, body = console_post(users_server, headers)
    assert list(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == [["one"], ["1"]]


def test_malformed_callback_bodies_are_refused_not_crashed(users_server: str) -> None:
    for data in (b"not json", b"{}", json.dumps({"output": 1}).encode()):
        status, _, _ = request(
            users_server,
            "/_dash-update-component",
            method="POST",
            data=data,
            headers={"Content-Type": "application/json"},
        )
        assert status == 401


def test_trusted_header_refuses_every_anonymous_route(header_server: str) -> None:
    statuses = every_route(header_server, {})
    assert set(statuses.values()) == {403}, statuses
    assert set(every_route(header_server, {HEADER: "  "}).values()) == {403}
    assert set(every_route(header_server, GOOD).values()) == {403}


def test_trusted_header_accepts_a_named_user(header_server: str) -> None:
    headers = {HEADER: "nguyen.van.a"}
    statuses = every_route(header_server, headers)
    assert set(statuses.values()) == {200}, statuses
    script = component_script(header_server, headers)
    assert request(header_server, script, headers=headers)[0] == 200
    assert request(header_server, script)[0] == 403


def test_without_configuration_every_route_is_open(live_server: str) -> None:
    statuses = every_route(live_server, {})
    assert set(statuses.values()) == {200}, statuses
    assert request(live_server, component_script(live_server, {}))[0] == 200


def test_parse_users() -> None:
    assert auth.parse_users("") == {}
    assert auth.parse_users(" a:b , c:d:e,") == {"a": "b", "c": "d:e"}
    for bad in ("nocolon", ":pw", "user:"):
        with pytest.raises(ValueError):
            auth.parse_users(bad)


def test_both_modes_at_once_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STI_AUTH_USERS", "a:b")
    monkeypatch.setenv("STI_AUTH_TRUSTED_HEADER", HEADER)
    with pytest.raises(ValueError, match="not both"):
        auth.init_app(None)  # type: ignore[arg-type]

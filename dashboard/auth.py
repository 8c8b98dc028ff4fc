"""Optional login, configured by environment (see README, Settings):

* ``STI_AUTH_USERS="user:password,user2:password2"`` — HTTP Basic login (dash-auth). A password
  may contain ':' but not ','.
* ``STI_AUTH_TRUSTED_HEADER="X-Forwarded-User"`` — a reverse proxy in front of the app logs
  people in and names the user in this header; a request without it is refused. Only use it when
  the app is reachable through that proxy alone (the default bind is 127.0.0.1) and the proxy
  overwrites the header on every request.

With either set, every route asks for login — pages, Dash's ``/_dash-*`` routes, component
scripts, assets, every download and console route — and an anonymous request gets 401 (Basic)
or 403 (header). With neither, the app is open, as on a developer's machine.
"""

from __future__ import annotations

import hmac
import logging

import dash_auth
import flask
from dash import Dash
from dash_auth.auth import Auth

from etl import settings

log = logging.getLogger(__name__)


def parse_users(text: str) -> dict[str, str]:
    """``user:password,user2:password2`` as a dict; blank entries are skipped."""
    users: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, password = item.strip().partition(":")
        if not sep or not name or not password:
            raise ValueError("STI_AUTH_USERS entries must look like user:password")
        users[name] = password
    return users


class _EveryRoute:
    """Ask for login on every request. dash-auth's own check first reads a callback's body to
    look for public callbacks and routes (there are none here) and answers a malformed body
    with a server error; this asks who you are first."""

    app: Dash

    def _protect(self) -> None:
        @self.app.server.before_request
        def _login_required() -> flask.Response | None:
            return None if self.is_authorized() else self.login_request()


class UsersAuth(_EveryRoute, dash_auth.BasicAuth):
    """HTTP Basic login against a fixed list of users; passwords compared in constant time."""

    def __init__(self, app: Dash, users: dict[str, str]) -> None:
        self._known = {u: p.encode() for u, p in users.items()}
        super().__init__(app, auth_func=self._check)

    def _check(self, username: str, password: str) -> bool:
        expected = self._known.get(username)
        # compare against something even for an unknown user, so timing says nothing
        ok = hmac.compare_digest(password.encode(), expected or b"\0" * 32)
        return ok and expected is not None

    def is_authorized(self) -> bool:
        creds = flask.request.authorization
        if creds is None or creds.type != "basic" or not creds.username:
            return False
        return self._check(creds.username, creds.password or "")

    def login_request(self) -> flask.Response:
        return flask.Response(
            "Login required",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": 'Basic realm="STI dashboard", charset="UTF-8"'},
        )


class TrustedHeaderAuth(_EveryRoute, Auth):
    """Login done by a reverse proxy that names the user in a request header."""

    def __init__(self, app: Dash, header: str) -> None:
        self.header = header
        super().__init__(app)

    def is_authorized(self) -> bool:
        return bool(flask.request.headers.get(self.header, "").strip())

    def login_request(self) -> flask.Response:
        return flask.Response("Forbidden: sign in through the proxy", 403, mimetype="text/plain")


def init_app(app: Dash) -> str | None:
    """Turn on the login the settings ask for; returns its mode ('users', 'header' or None)."""
    users = parse_users(settings.get("STI_AUTH_USERS"))
    header = settings.get("STI_AUTH_TRUSTED_HEADER").strip()
    if users and header:
        raise ValueError("set STI_AUTH_USERS or STI_AUTH_TRUSTED_HEADER, not both")
    if users:
        UsersAuth(app, users)
        log.info("login: HTTP Basic, %d user(s)", len(users))
        return "users"
    if header:
        TrustedHeaderAuth(app, header)
        log.info("login: trusted proxy header %s", header)
        return "header"
    return None

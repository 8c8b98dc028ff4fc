"""Per-process cache of the responses Dash computes: the page layout and the callbacks.

A response of ``/_dash-layout`` or ``/_dash-update-component`` is a pure function of the
snapshot it reads (immutable once published), the refresh state shown in the freshness line
(``runs.jsonl``, the ``current`` snapshot, today's date for the age warning), the request body
and, for the layout, the page URL. So each web worker keeps recent responses under that key in a
least-recently-used cache bounded by ``STI_RESPONSE_CACHE_MB``, and keeps their compressed forms
too, through Flask-Compress's cache hooks: a repeated request costs a look-up, not a render and a
compression. A refresh changes the key, so a new snapshot is never answered from the old one.
The login (dashboard/auth.py) runs before any of this, so a cached response is only ever given
to a request that would have been allowed to compute it.

Responses carry ``X-Cache: hit`` or ``miss`` (tests and `make bench` read it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from cachetools import LRUCache
from flask import Flask, Response, g, request

from dashboard import data
from etl import settings, warehouse

ROUTES = ("/_dash-layout", "/_dash-update-component")


@dataclass(frozen=True)
class Cached:
    body: bytes
    mimetype: str


class _Store:
    """A thread-safe LRU cache bounded in bytes, with the get/set Flask-Compress expects."""

    def __init__(self, megabytes: float) -> None:
        self._lock = threading.Lock()
        self._lru: LRUCache[str, Any] = LRUCache(
            maxsize=max(1, int(megabytes * 2**20)), getsizeof=self._size
        )

    @staticmethod
    def _size(value: Any) -> int:
        return len(value.body) if isinstance(value, Cached) else len(value)

    def get(self, key: str) -> Any:
        if key.endswith(";"):  # a response that is not cached (see compress_key)
            return None
        with self._lock:
            return self._lru.get(key)

    def set(self, key: str, value: Any) -> None:
        if key.endswith(";"):
            return
        with self._lock, contextlib.suppress(ValueError):  # larger than the whole cache
            self._lru[key] = value


def megabytes() -> float:
    return float(settings.get("STI_RESPONSE_CACHE_MB"))


def _state() -> tuple[Any, ...]:
    """What besides the snapshot a response shows: the run log, the current snapshot, the day."""
    runs = warehouse.root() / "runs.jsonl"
    try:
        st = runs.stat()
        log = (st.st_mtime_ns, st.st_size)
    except OSError:
        log = None
    current = warehouse.current_snapshot()
    return (log, current.name if current else None, datetime.now(UTC).date().isoformat())


def response_key() -> str | None:
    """The cache key of this request, or None when it is not to be cached."""
    if request.method != "POST" and request.path.endswith("_dash-update-component"):
        return None
    try:
        snapshot = data.served_snapshot()  # pins the snapshot for the view, as a query would
    except data.NoWarehouse:
        return None
    page = ""
    if request.path.endswith("_dash-layout"):
        ref = urlparse(request.headers.get("Referer", ""))
        page = f"{ref.path}?{ref.query}"
    body = request.get_data(cache=True)
    return repr((request.path, str(warehouse.root()), snapshot, _state(), page, body))


def init_app(server: Flask, store: _Store | None) -> None:
    """Serve the Dash layout and callback routes through ``store`` (None: no cache)."""
    if store is None:
        return
    for rule in list(server.url_map.iter_rules()):
        if rule.rule.endswith(ROUTES):
            server.view_functions[rule.endpoint] = _cached(
                server, server.view_functions[rule.endpoint], store
            )


def _cached(server: Flask, view: Callable[..., Any], store: _Store) -> Callable[..., Any]:
    def cached_view(*args: Any, **kwargs: Any) -> Response:
        key = response_key()
        if key is None:
            return server.make_response(view(*args, **kwargs))
        g.sti_cache_key = key
        hit = store.get(key)
        if isinstance(hit, Cached):
            resp = Response(hit.body, mimetype=hit.mimetype)
            resp.headers["X-Cache"] = "hit"
            return resp
        resp = server.make_response(view(*args, **kwargs))
        if resp.status_code == 200 and not resp.is_streamed:
            store.set(key, Cached(resp.get_data(), resp.mimetype or "application/json"))
        else:
            g.sti_cache_key = None
        resp.headers["X-Cache"] = "miss"
        return resp

    cached_view.__name__ = getattr(view, "__name__", "dash_view")
    return cached_view


def compress_key(_request: Any) -> str:
    """Flask-Compress's cache key: this response's key, or a key the store ignores (";")."""
    key = g.get("sti_cache_key")
    return f"{key}" if key else ""


def store_for_compress() -> _Store | None:
    size = megabytes()
    return _Store(size) if size > 0 else None

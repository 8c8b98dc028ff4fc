"""CSV downloads of the data behind each chart, served at ``/download/<name>.csv``.

A page registers, for each chart, a function from the request's query arguments (the same
filters as the page URL) to the Polars frame the chart draws. The link under the chart points
here with those arguments, so the file always holds the chart's rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urlencode

import polars as pl
from flask import Flask, Response, abort, request

from dashboard.data import NoWarehouse

Loader = Callable[[Mapping[str, str]], pl.DataFrame]
_REGISTRY: dict[str, Loader] = {}
NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def register(name: str) -> Callable[[Loader], Loader]:
    if not NAME.match(name):
        raise ValueError(f"bad download name {name!r}")

    def wrap(fn: Loader) -> Loader:
        _REGISTRY[name] = fn
        return fn

    return wrap


def href(name: str, **params: object) -> str:
    """Link to the CSV of chart ``name`` with the given filters (None values left out)."""
    args = {k: v for k, v in params.items() if v not in (None, "", [])}
    return f"/download/{name}.csv" + (f"?{urlencode(args, doseq=True)}" if args else "")


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV with a UTF-8 byte-order mark so spreadsheet programs keep Vietnamese diacritics."""
    return "\ufeff".encode() + frame.write_csv().encode("utf-8")


def init_app(server: Flask) -> None:
    @server.route("/download/<name>.csv")
    def download(name: str) -> Response:
        loader = _REGISTRY.get(name)
        if loader is None:
            abort(404)
        try:
            frame = loader(request.args)
        except NoWarehouse:
            abort(503)
        return Response(
            to_csv(frame),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )

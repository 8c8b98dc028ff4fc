"""Variants of the real dashboard for measuring proposals without editing dashboard/.

``bench.variants:server`` is ``dashboard.app:server`` with changes chosen by BENCH_VARIANT
(comma-separated), applied from the outside after the app is built:

* ``cartesian``: a plotly.js partial bundle (BENCH_PLOTLY_BUNDLE, e.g. plotly-cartesian.min.js
  from the npm package plotly.js-cartesian-dist-min of the same plotly.js version) is loaded as a
  page script, so dcc.Graph finds ``window.Plotly`` and does not fetch the full plotly.min.js.
* ``cache``: responses of ``/_dash-update-component`` are kept in process, keyed by the snapshot
  being served, the state of runs.jsonl and the request body (a page is a pure function of
  those), so a repeated request costs a dictionary look-up.

Used by ``python -m bench.experiments``; never by the product.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Response, request, send_file

from dashboard import data
from dashboard.app import app
from etl import warehouse

VARIANTS = {v for v in os.environ.get("BENCH_VARIANT", "").split(",") if v}
server = app.server

if "cartesian" in VARIANTS:
    bundle = Path(os.environ["BENCH_PLOTLY_BUNDLE"])

    @server.route("/_bench/plotly-partial.min.js")
    def _plotly_partial() -> Response:
        return send_file(bundle, mimetype="application/javascript", max_age=31536000)

    app.scripts.append_script({"external_url": "/_bench/plotly-partial.min.js"})

if "cache" in VARIANTS:
    endpoint = next(
        r.endpoint for r in server.url_map.iter_rules() if r.rule.endswith("_dash-update-component")
    )
    view = server.view_functions[endpoint]
    cache: dict[tuple[str, float, bytes], bytes] = {}

    def cached() -> Response:
        runs = warehouse.root() / "runs.jsonl"
        key = (
            data.served_snapshot(),
            runs.stat().st_mtime if runs.exists() else 0.0,
            request.get_data(),
        )
        hit = cache.get(key)
        if hit is not None:
            return Response(hit, mimetype="application/json")
        resp = server.make_response(view())
        if resp.status_code == 200:
            cache[key] = resp.get_data()
        return resp

    server.view_functions[endpoint] = cached

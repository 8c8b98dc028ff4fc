"""The Dash app: assembles the pages, compression and the CSV downloads.

``server`` is the Flask app gunicorn serves (see Procfile and gunicorn_conf.py). Nothing here
queries the warehouse at import time: pages query when they render.

First load: the layout Dash fetches (``/_dash-layout``) already holds the page the browser is
on, rendered for the URL in the request's Referer, with the page router's location filled in,
so the browser draws the charts without a further callback round trip. Without a Referer the
page container comes empty and Dash's router renders the page, as it does on in-app navigation.
Charts use plotly.js's cartesian bundle (dashboard/assets/vendor, a third of the full bundle):
with ``window.Plotly`` defined, dcc.Graph never fetches the full plotly.min.js.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import dash
from dash import Dash, dcc, html
from flask import Flask, has_request_context, request

from dashboard import analyst, auth, cache, data, downloads
from dashboard.i18n import TEXT

log = logging.getLogger(__name__)

INDEX = """<!DOCTYPE html>
<html lang="vi">
  <head>
    {%metas%}
    <title>{%title%}</title>
    {%favicon%}
    {%css%}
  </head>
  <body>
    {%app_entry%}
    <div class="dash-scripts">{%config%}{%scripts%}{%renderer%}</div>
  </body>
</html>"""


def _page_for(path: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The registered page serving ``path`` and its path variables, or None."""
    path = "/" + path.strip("/") if path.strip("/") else "/"
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template:
            pattern = "^" + re.sub(r"<([a-z_]+)>", r"(?P<\1>[^/]+)", template) + "$"
            m = re.match(pattern, path)
            if m:
                return page, m.groupdict()
        elif page["path"] == path:
            return page, {}
    return None


def page_container() -> html.Div:
    """Dash's page container; for a ``/_dash-layout`` request, with the Referer's page in it."""
    empty = dash.page_container
    if not has_request_context() or not request.path.endswith("_dash-layout"):
        return empty
    ref = urlparse(request.headers.get("Referer", ""))
    found = _page_for(ref.path) if ref.path else None
    if found is None:
        return empty
    page, variables = found
    args = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(ref.query, True).items()}
    try:
        layout = page["layout"](**variables, **args) if callable(page["layout"]) else page["layout"]
        title = page["title"](**variables) if callable(page["title"]) else page["title"]
    except Exception:  # the router renders it again and shows its error as before
        log.exception("page %s could not be rendered into the layout", ref.path)
        return empty
    search = f"?{ref.query}" if ref.query else ""
    return html.Div(
        [
            # every location prop given: the router callback does not fire on load
            dcc.Location(
                id="_pages_location",
                refresh="callback-nav",
                pathname=ref.path,
                search=search,
                hash="",
                href=ref.geturl(),
            ),
            html.Div(layout, id="_pages_content", disable_n_clicks=True),
            dcc.Store(id="_pages_store", data={"title": title}),
            html.Div(id="_pages_dummy", disable_n_clicks=True),
        ]
    )


def create_app() -> Dash:
    server = Flask(__name__)
    # compressed responses of the cached routes are kept too (dashboard/cache.py)
    store = cache.store_for_compress()
    if store is not None:
        server.config["COMPRESS_CACHE_BACKEND"] = lambda: store
        server.config["COMPRESS_CACHE_KEY"] = cache.compress_key
    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        title=f"{TEXT['app_title']['vi']} · {TEXT['app_title']['en']}",
        update_title=None,
        compress=True,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX
    app.layout = lambda: html.Div(page_container())
    downloads.init_app(app.server)
    data.init_app(app.server)
    # analyst access: warehouse files, dictionary and console downloads; then the login, if
    # configured, in front of every route. Both before the warm-up: Flask takes no new route or
    # hook after a first request. The warm-up's work is done by Dash's own before_request hooks,
    # which run before the login's, so it does its job even when the login refuses it.
    analyst.init_app(app.server)
    auth.init_app(app)
    # Dash registers its script routes while serving the first page; do it now, in each worker,
    # so concurrent first requests to a fresh worker do not race it (they got 500s).
    app.server.test_client().get("/")
    cache.init_app(app.server, store)  # after the warm-up, which registers Dash's routes
    return app


app = create_app()
server = app.server

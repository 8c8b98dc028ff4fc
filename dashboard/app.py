"""The Dash app: assembles the pages, compression and the CSV downloads.

``server`` is the Flask app gunicorn serves (see Procfile and gunicorn_conf.py). Nothing here
queries the warehouse at import time: pages query when they render.
"""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, dcc, html

from dashboard import analyst, auth, data, downloads
from dashboard.i18n import TEXT

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


def create_app() -> Dash:
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        title=f"{TEXT['app_title']['vi']} · {TEXT['app_title']['en']}",
        update_title=None,
        compress=True,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX
    app.layout = html.Div([dcc.Location(id="url"), dash.page_container])
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
    return app


app = create_app()
server = app.server

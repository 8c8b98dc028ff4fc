"""gunicorn settings for the dashboard, read from etl.settings (see README, Settings).

No preload: the app is imported in each worker after the fork, so no Polars or DuckDB work
happens before it.
"""

from etl import settings

bind = f"{settings.get('STI_HOST')}:{settings.get('STI_PORT')}"
workers = int(settings.get("STI_WEB_WORKERS"))
worker_class = "gthread"
threads = 4
preload_app = False
control_socket_disable = True
timeout = 60
accesslog = "-"

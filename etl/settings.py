"""Every environment setting of the project, declared once: name, default and help.

Nothing else in the project reads ``os.environ``; a test checks the README documents each
setting listed here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "STI_FACTS_DIR",
            str(PROJECT_ROOT / "data" / "facts"),
            "Folder of curated fact files the ETL reads.",
        ),
        Setting(
            "STI_WAREHOUSE_DIR",
            str(PROJECT_ROOT / "data" / "warehouse"),
            "Folder the ETL publishes snapshots into and the dashboard reads from.",
        ),
        Setting(
            "STI_DUCKDB_MEMORY_LIMIT",
            "512MB",
            "DuckDB memory_limit of each dashboard worker's connections.",
        ),
        Setting(
            "STI_ETL_MEMORY_LIMIT",
            "2GB",
            "DuckDB memory_limit of the ETL's connection while it builds a snapshot (one run at a "
            "time; a large input needs more than a dashboard worker).",
        ),
        Setting(
            "STI_DUCKDB_THREADS",
            "2",
            "DuckDB threads for each connection.",
        ),
        Setting(
            "STI_KEEP_SNAPSHOTS",
            "5",
            "How many published snapshots the ETL keeps (the current one is always kept).",
        ),
        Setting(
            "STI_ETL_LOCK_TIMEOUT",
            "0",
            "Seconds an ETL run waits for another run's lock before giving up.",
        ),
        Setting(
            "STI_ETL_PAUSE_AT",
            "",
            "Test hook: pause the ETL at a stage (validate, load, publish) so a test can kill it.",
        ),
        Setting(
            "STI_REFRESH_CRON",
            "0 2 * * *",
            "When the clock process refreshes (cron: minute hour day month weekday, UTC; a sixth "
            "leading field gives seconds).",
        ),
        Setting(
            "STI_ETL_TIMEOUT",
            "900",
            "Seconds a scheduled refresh may run before it is stopped and recorded as failed.",
        ),
        Setting(
            "STI_MAX_DATA_AGE_DAYS",
            "400",
            "The dashboard warns when the served snapshot was built more than this many days ago.",
        ),
        Setting(
            "STI_HOST",
            "127.0.0.1",
            "Address the dashboard binds to.",
        ),
        Setting(
            "STI_PORT",
            "8050",
            "Port the dashboard listens on.",
        ),
        Setting(
            "STI_QUERY_CACHE_MB",
            "32",
            "Megabytes of named-query results each web worker keeps (a snapshot never changes, so "
            "a result is reused until the snapshot is replaced); 0 turns the cache off.",
        ),
        Setting(
            "STI_RESPONSE_CACHE_MB",
            "32",
            "Megabytes of page and callback responses (and their compressed forms) each web worker "
            "keeps, per snapshot and refresh state; 0 turns the cache off.",
        ),
        Setting(
            "STI_WEB_WORKERS",
            "2",
            "Number of gunicorn worker processes serving the dashboard.",
        ),
        # --- analyst access: SQL console and login (dashboard/console.py, dashboard/auth.py)
        Setting(
            "STI_CONSOLE_ENABLED",
            "1",
            "SQL console on (1) or off (0); when off its page says so and its routes refuse.",
        ),
        Setting(
            "STI_CONSOLE_TIMEOUT",
            "5",
            "Seconds one console query may run before it is stopped.",
        ),
        Setting(
            "STI_CONSOLE_MEMORY_LIMIT",
            "256MB",
            "DuckDB memory_limit of one console query (its process is capped a little above).",
        ),
        Setting(
            "STI_CONSOLE_MAX_ROWS",
            "1000",
            "Rows of a console result shown on the page (the rest are counted).",
        ),
        Setting(
            "STI_CONSOLE_DOWNLOAD_MAX_ROWS",
            "1000000",
            "Rows a console result may have to be downloaded (CSV or Parquet); larger is refused.",
        ),
        Setting(
            "STI_AUTH_USERS",
            "",
            "Login with HTTP Basic: 'user:password,user2:password2'. Empty: no Basic login.",
        ),
        Setting(
            "STI_AUTH_TRUSTED_HEADER",
            "",
            "Login by a reverse proxy: the request header naming the user (e.g. X-Forwarded-User); "
            "requests without it are refused. Empty: not used.",
        ),
        # --- end analyst access
    )
}


def get(name: str) -> str:
    """Value of setting ``name`` (environment first, then default)."""
    return SETTINGS[name].get()


def facts_dir() -> Path:
    return Path(get("STI_FACTS_DIR"))


def warehouse_dir() -> Path:
    return Path(get("STI_WAREHOUSE_DIR"))


def sql_dir() -> Path:
    return PROJECT_ROOT / "sql"

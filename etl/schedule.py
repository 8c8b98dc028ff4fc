"""The clock process: scheduled refreshes that never disturb readers.

APScheduler runs one job on the ``STI_REFRESH_CRON`` schedule. Each refresh is a child process
(``sti-etl run --if-changed``) so it can be stopped when it exceeds ``STI_ETL_TIMEOUT``; a stopped
run is recorded as failed. Missed runs are coalesced into one, the job never overlaps itself,
and the ETL's file lock keeps runs of several clock processes (or a manual run) from overlapping.
Publishing is atomic (see etl.publish), so readers never see a half-written snapshot.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from etl import settings, warehouse
from etl.cli import EXIT_BUSY
from etl.publish import append_run

log = logging.getLogger("sti.clock")


def trigger(expression: str) -> CronTrigger:
    """A cron trigger in UTC from 5 fields (minute hour day month weekday), or 6 with seconds
    first."""
    fields = expression.split()
    if len(fields) == 5:
        return CronTrigger.from_crontab(expression, timezone=UTC)
    if len(fields) == 6:
        second, minute, hour, day, month, dow = fields
        return CronTrigger(
            second=second, minute=minute, hour=hour, day=day, month=month, day_of_week=dow,
            timezone=UTC,
        )  # fmt: skip
    raise ValueError(f"STI_REFRESH_CRON {expression!r} needs 5 or 6 fields")


def refresh_once() -> str:
    """Run one refresh in a child process; return its outcome."""
    timeout = float(settings.get("STI_ETL_TIMEOUT"))
    started = datetime.now(UTC).replace(tzinfo=None)
    proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "run", "--if-changed"])
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        now = datetime.now(UTC).replace(tzinfo=None)
        append_run(
            warehouse.root(),
            {
                "run_id": started.strftime("%Y%m%dT%H%M%S%fZ"),
                "started_at": started.isoformat(),
                "finished_at": now.isoformat(),
                "status": "failed",
                "error": f"stopped after exceeding STI_ETL_TIMEOUT ({timeout:g} s)",
            },
        )
        log.error("refresh stopped after %s s", timeout)
        return "timeout"
    if code == EXIT_BUSY:
        log.info("refresh skipped: another run holds the lock")
        return "busy"
    log.info("refresh finished with exit code %s", code)
    return "ok" if code == 0 else "failed"


def serve() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s clock %(message)s")
    scheduler = BlockingScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 24 * 3600},
    )
    scheduler.add_job(refresh_once, trigger(settings.get("STI_REFRESH_CRON")), id="refresh")
    log.info("refreshing on %r (UTC)", settings.get("STI_REFRESH_CRON"))
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
    return 0

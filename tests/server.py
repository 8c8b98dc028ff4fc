"""Start the real dashboard (gunicorn, loopback only) on a given warehouse, for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_server(warehouse_dir: Path, workers: int = 1, **env: str) -> Iterator[str]:
    """Serve the dashboard on 127.0.0.1 from ``warehouse_dir``; yield its base URL."""
    port = free_port()
    full_env = {
        **os.environ,
        "STI_WAREHOUSE_DIR": str(warehouse_dir),
        "STI_HOST": "127.0.0.1",
        "STI_PORT": str(port),
        "STI_WEB_WORKERS": str(workers),
        **env,
    }
    log_path = warehouse_dir.parent / f"gunicorn-{port}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "dashboard/gunicorn_conf.py",
             "dashboard.app:server"],
            cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/?lang=en", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.3)
        try:
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()

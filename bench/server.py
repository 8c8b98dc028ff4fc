"""Serve a Dash app with gunicorn on loopback (dashboard/gunicorn_conf.py), and look at its
workers. Like tests/server.py, but the bench also needs the worker processes' memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# settings a developer's shell might hold that would change what is measured (the bench sets
# what it means to change explicitly: the ETL's memory fallback, the caches of the uncached run)
CLEARED_ENV = (
    "STI_FACTS_DIR",
    "STI_WAREHOUSE_DIR",
    "STI_ETL_PAUSE_AT",
    "STI_AUTH_USERS",
    "STI_AUTH_TRUSTED_HEADER",
    "STI_KEEP_SNAPSHOTS",
    "STI_ETL_MEMORY_LIMIT",
    "STI_DUCKDB_MEMORY_LIMIT",
    "STI_DUCKDB_THREADS",
    "STI_QUERY_CACHE_MB",
    "STI_RESPONSE_CACHE_MB",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base: str
    proc: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """Pids of the gunicorn workers (children of the master process)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def worker_memory(self) -> list[dict[str, float]]:
        """VmRSS and VmHWM (peak) of each worker, in MB."""
        out = []
        for pid in self.workers():
            info = {"pid": pid}
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(("VmRSS:", "VmHWM:")):
                        key = line.split(":")[0].lower().removeprefix("vm")
                        info[f"{key}_mb"] = int(line.split()[1]) / 1024
            except OSError:
                continue
            out.append(info)
        return out


@contextmanager
def serve(
    app: str, warehouse: Path, log_dir: Path, workers: int = 2, **env: str
) -> Iterator[Server]:
    """Start gunicorn serving ``app`` (module:attr) from ``warehouse`` on 127.0.0.1, with the
    default settings except ``env``; stop it afterwards."""
    port = free_port()
    full_env = {
        **{k: v for k, v in os.environ.items() if k not in CLEARED_ENV},
        "STI_WAREHOUSE_DIR": str(warehouse),
        "STI_HOST": "127.0.0.1",
        "STI_PORT": str(port),
        "STI_WEB_WORKERS": str(workers),
        **env,
    }
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"gunicorn-{app.replace(':', '-')}-{port}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "dashboard/gunicorn_conf.py", app],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        server = Server(base, proc, log_path)
        try:
            while True:
                try:
                    urllib.request.urlopen(base + "/_dash-layout", timeout=10).read()
                    if len(server.workers()) >= workers:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text()[-3000:])
                time.sleep(0.3)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

"""One ETL run in this (child) process: ``python -m bench.etl_child FACTS WAREHOUSE OUT.json``.

Runs the real :func:`etl.publish.run` and writes its wall time, the time of each stage (the
stage functions are wrapped, not changed), the peak RSS of this process and the row counts to
OUT.json. The parent reads peak RSS also from ``getrusage(RUSAGE_CHILDREN)``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from functools import wraps
from pathlib import Path
from typing import Any

STAGES = {
    "extract": ("etl.publish", "extract"),
    "validate": ("etl.publish", "validate"),
    "transform": ("etl.publish", "transform"),
    "load": ("etl.publish", "build"),
    "history": ("etl.publish", "append_rows"),
    "parquet": ("etl.publish", "export_parquet"),
}


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(facts: str, wh: str, out: str) -> int:
    import importlib

    timings: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        @wraps(fn)
        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    t_import = time.perf_counter()
    from etl import publish

    for stage, (mod, attr) in STAGES.items():
        module = importlib.import_module(mod)
        setattr(module, attr, timed(stage, getattr(module, attr)))
    from etl import settings

    result: dict[str, Any] = {
        "import_s": time.perf_counter() - t_import,
        # what this run's DuckDB memory_limit was (etl/load.py reads the same setting)
        "etl_memory_limit": settings.get("STI_ETL_MEMORY_LIMIT"),
    }
    t0 = time.perf_counter()
    try:
        run = publish.run(Path(facts), Path(wh))
        result.update(status=run.status, rows=run.rows)
    except BaseException as exc:  # record what happened; the parent reports it
        result.update(
            status="failed",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            traceback=traceback.format_exc()[-4000:],
        )
    result["wall_s"] = time.perf_counter() - t0
    result["stages_s"] = timings
    result["peak_rss_mb"] = _peak_rss_mb()
    Path(out).write_text(json.dumps(result, indent=2))
    return 0 if result["status"] == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

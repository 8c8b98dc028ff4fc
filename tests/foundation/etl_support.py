"""Helpers shared by the data-foundation tests (imported by the test modules beside it)."""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType

import pytest

from etl.extract import extract
from etl.problems import InvalidFacts, Problem
from etl.validate import validate

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_FACTS = PROJECT_ROOT / "tests" / "fixtures" / "facts"
SEED_FACTS = PROJECT_ROOT / "data" / "facts"

# Run history tables: they differ between runs by design.
RUN_TABLES = ("etl_run", "etl_run_table", "etl_run_input")


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path`` (fails if it is not there exactly once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append_to(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def problems_of(facts_dir: Path) -> list[Problem]:
    """Validate ``facts_dir`` and return the problems; fail if the facts are valid."""
    with pytest.raises(InvalidFacts) as info:
        validate(extract(facts_dir))
    assert info.value.problems, "InvalidFacts raised without problems"
    return info.value.problems


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative path -> digest)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "STI_ETL_PAUSE_AT"}
    env.update(extra)
    return env


def cli_args(facts: Path, wh: Path, *command: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "etl.cli",
        "--facts",
        str(facts),
        "--warehouse",
        str(wh),
        *command,
    ]


def run_cli(
    facts: Path, wh: Path, *command: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``sti-etl`` as a separate process and capture its output."""
    return subprocess.run(
        cli_args(facts, wh, *command),
        cwd=PROJECT_ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class PausedRun:
    """An ETL run in a child process that stops at ``stage`` (STI_ETL_PAUSE_AT) until killed."""

    def __init__(self, facts: Path, wh: Path, stage: str) -> None:
        self.stage = stage
        self.proc = subprocess.Popen(
            cli_args(facts, wh, "run"),
            cwd=PROJECT_ROOT,
            env=cli_env(STI_ETL_PAUSE_AT=stage),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def __enter__(self) -> PausedRun:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill()  # never leave a sleeping child behind, whatever the test did

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._lines.put(line)
        self._lines.put(None)

    def wait_paused(self, timeout: float = 60) -> None:
        """Block until the child prints ``PAUSED <stage>`` (fail after ``timeout`` seconds)."""
        want = f"PAUSED {self.stage}"
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                self.kill()
                pytest.fail(f"no '{want}' within {timeout} s; stderr so far: {self.stderr}")
            if line is None:
                pytest.fail(
                    f"the run ended (exit {self.proc.wait()}) before '{want}': {self.stderr}"
                )
            self.stderr.append(line)
            if line.strip() == want:
                return

    def kill(self) -> None:
        """SIGKILL the child (no cleanup code of the run can execute) and reap it."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)  # the pipe is at its end once the child is gone
        if self.proc.stderr is not None:
            self.proc.stderr.close()

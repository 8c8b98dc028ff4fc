"""Command line of the ETL: ``sti-etl run | validate | runs``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from etl import settings, warehouse
from etl.extract import extract
from etl.problems import InvalidFacts
from etl.publish import EtlBusy, rollback, run
from etl.validate import validate

EXIT_INVALID = 1
EXIT_FAILED = 2
EXIT_BUSY = 3


def _cmd_run(args: argparse.Namespace) -> int:
    try:
        result = run(args.facts, args.warehouse, if_changed=args.if_changed)
    except InvalidFacts as exc:
        print(f"ETL failed: {exc}", file=sys.stderr)
        print("Nothing was published; the current snapshot is unchanged.", file=sys.stderr)
        return EXIT_INVALID
    except EtlBusy as exc:
        print(f"ETL not started: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except Exception as exc:  # any other failure: say so, keep the published data
        print(f"ETL failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("Nothing was published; the current snapshot is unchanged.", file=sys.stderr)
        return EXIT_FAILED
    if result.status == "skipped":
        print(
            f"Inputs unchanged since the last successful run: {result.snapshot.name} stays current"
        )
        return 0
    total = sum(result.rows.values())
    print(f"Published snapshot {result.run_id}: {len(result.rows)} tables, {total} rows")
    print(f"  {result.snapshot}")
    return 0


def _cmd_rollback(args: argparse.Namespace) -> int:
    try:
        target = rollback(args.run_id, args.warehouse)
    except (FileNotFoundError, EtlBusy) as exc:
        print(f"Rollback failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"current -> {target.name}")
    return 0


def _cmd_schedule(args: argparse.Namespace) -> int:
    from etl.schedule import serve

    return serve()


def _cmd_validate(args: argparse.Namespace) -> int:
    try:
        facts = validate(extract(args.facts or settings.facts_dir()))
    except InvalidFacts as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    counts = ", ".join(f"{k} {len(v)}" for k, v in facts.records.items())
    print(f"Facts are valid: {counts}")
    return 0


def _cmd_runs(args: argparse.Namespace) -> int:
    current = warehouse.current_snapshot(args.warehouse)
    runs = warehouse.read_runs(args.warehouse)[-args.last :]
    if args.json:
        print(json.dumps({"current": current.name if current else None, "runs": runs}, indent=2))
        return 0
    print(f"Current snapshot: {current.name if current else '(none yet)'}")
    kept = ", ".join(p.name for p in warehouse.snapshots(args.warehouse)) or "none"
    print(f"Kept snapshots: {kept}")
    for r in runs:
        err = (r.get("error") or "").splitlines()[0:1]
        print(
            f"  {r['run_id']}  {r['status']:<9}  {r.get('finished_at', '')[:19]}"
            + (f"  {err[0]}" if err else "")
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sti-etl", description=__doc__)
    parser.add_argument("--facts", type=Path, default=None, help="curated facts folder")
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse folder")
    sub = parser.add_subparsers(dest="command")
    run_p = sub.add_parser("run", help="extract, validate, transform, load, export and publish")
    run_p.add_argument(
        "--if-changed",
        action="store_true",
        help="publish nothing when the inputs equal those of the last successful run",
    )
    back = sub.add_parser("rollback", help="point `current` at a kept snapshot")
    back.add_argument("run_id", help="run id of a kept snapshot (see `sti-etl runs`)")
    sub.add_parser("schedule", help="run refreshes on the STI_REFRESH_CRON schedule (clock)")
    sub.add_parser("validate", help="check the curated facts only; publish nothing")
    runs = sub.add_parser("runs", help="print the run history and the current snapshot")
    runs.add_argument("--last", type=int, default=20, help="how many runs to list")
    runs.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    if args.command is None:  # plain `sti-etl` runs the ETL
        args.command, args.if_changed = "run", False
    commands = {
        "run": _cmd_run,
        "validate": _cmd_validate,
        "runs": _cmd_runs,
        "rollback": _cmd_rollback,
        "schedule": _cmd_schedule,
    }
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())

"""The console engine (dashboard/console.py) against the seed warehouse: hostile statements are
refused or stopped with a clear reason and the engine answers a normal query after each; the
guards are really in force in DuckDB 2.0; parameters are bound, rows and downloads capped."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import console

# (statement, kinds it may end with). Each is refused before it runs, or stopped while it runs.
HOSTILE: list[tuple[str, set[str]]] = [
    # file and URL reads
    ("select * from read_csv('/etc/passwd')", {"forbidden"}),
    ("select * from read_csv_auto(['/etc/passwd', '/etc/hosts'])", {"forbidden"}),
    ("select * from read_text('/etc/passwd')", {"forbidden"}),
    ("select content from read_blob('/etc/shadow')", {"forbidden"}),
    ("select * from read_parquet('/etc/x.parquet')", {"forbidden"}),
    ("select * from glob('/*')", {"forbidden"}),
    ("select * from read_json('/etc/passwd')", {"forbidden"}),
    ("select * from read_json_objects('/proc/self/environ')", {"forbidden"}),
    ("select * from sniff_csv('/etc/passwd')", {"forbidden"}),
    ("select * from parquet_metadata('/etc/x.parquet')", {"forbidden"}),
    ("select * from parquet_schema('/etc/x.parquet')", {"forbidden"}),
    ("select * from '/etc/passwd'", {"forbidden"}),
    ("select * from read_csv('https://example.com/x.csv')", {"forbidden"}),
    ("select * from 'https://example.com/data.parquet'", {"forbidden"}),
    ("select * from read_parquet('s3://bucket/key.parquet')", {"forbidden"}),
    ("select * from read_duckdb('/etc/x.duckdb', table_name = 'x')", {"forbidden"}),
    ("select getenv('HOME')", {"forbidden"}),
    ("select * from duckdb_secrets()", {"forbidden"}),
    ("select * from duckdb_extensions()", {"forbidden"}),
    ("select * from json_execute_serialized_sql(json_serialize_sql('select 1'))", {"forbidden"}),
    ("select * from enable_logging(storage = 'file', storage_path = '/tmp/x')", {"forbidden"}),
    ("select * from enable_profiling()", {"forbidden"}),
    ("select * from checkpoint()", {"forbidden"}),
    ("select (select count(*) from read_text('/etc/passwd')) as n", {"forbidden"}),
    ("with t as (select * from glob('/root/*')) select * from t", {"forbidden"}),
    # hidden in a string the checks cannot see: the connection itself refuses (second wall)
    ("select * from query('select * from read_text(''/etc/passwd'')')", {"file_access"}),
    ("select * from query('select * from ''/etc/passwd''')", {"error"}),
    ("select * from query_table('/etc/passwd')", {"error"}),
    # writing files, databases, extensions, settings
    ("copy source to '/tmp/source.csv'", {"not_select"}),
    ("copy (select 1) to '/tmp/one.parquet' (format parquet)", {"not_select"}),
    ("export database '/tmp/export'", {"not_select"}),
    ("attach '/tmp/other.duckdb' as other", {"not_select"}),
    ("attach ':memory:' as m", {"not_select"}),
    ("detach warehouse", {"not_select"}),
    ("install httpfs", {"not_select"}),
    ("load httpfs", {"not_select"}),
    ("force install httpfs from community", {"not_select"}),
    ("update extensions", {"not_select"}),
    ("set memory_limit = '100GB'", {"not_select"}),
    ("set enable_external_access = true", {"not_select"}),
    ("reset memory_limit", {"not_select"}),
    ("pragma version", {"not_select"}),
    ("pragma enable_profiling", {"not_select"}),
    ("call pragma_version()", {"not_select"}),
    ("create secret (type s3, key_id 'k', secret 's')", {"not_select"}),
    ("create persistent secret s (type s3, key_id 'k', secret 's')", {"not_select"}),
    ("use memory", {"not_select"}),
    ("checkpoint", {"not_select"}),
    ("force checkpoint", {"not_select"}),
    ("vacuum", {"not_select"}),
    ("analyze", {"not_select"}),
    ("begin transaction", {"not_select"}),
    ("prepare p as select 1", {"not_select"}),
    ("execute p", {"not_select"}),
    ("explain analyze select 1", {"not_select"}),
    ("pivot source on kind using count(*)", {"not_select"}),
    # writes
    ("create table t as select 1 as x", {"not_select"}),
    ("create temp table t as select 1 as x", {"not_select"}),
    ("create view v as select 1 as x", {"not_select"}),
    ("create macro m(a) as a", {"not_select"}),
    ("insert into source (source_id) values ('x')", {"not_select"}),
    ("update source set url = null", {"not_select"}),
    ("delete from source", {"not_select"}),
    ("truncate source", {"not_select"}),
    ("drop table source", {"not_select"}),
    ("alter table source add column x integer", {"not_select"}),
    ("comment on table source is 'x'", {"not_select"}),
    # a second statement hidden after the first
    ("select 1; drop table source", {"multiple"}),
    ("select 1;\ncopy source to '/tmp/x.csv'", {"multiple"}),
    ("select 1 -- a comment\n; attach '/tmp/x.duckdb' as x", {"multiple"}),
    ("select 1 /* ; harmless? */ ; install httpfs", {"multiple"}),
    ("select 'a;b' as s; set threads = 64", {"multiple"}),
    # nothing, or nonsense
    ("", {"empty"}),
    ("-- only a comment", {"empty"}),
    ("selec 1", {"syntax"}),
    ("select * from", {"syntax"}),
    ("select * from no_such_table", {"error"}),
    # queries that never end or eat memory
    (
        "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
        {"timeout"},
    ),
    (
        "select count(*) from range(100000) a, range(100000) b where hash(a.range, b.range) = 0",
        {"timeout"},
    ),
    ("select count(*) from range(1000000000000)", {"timeout"}),
    ("select list(range(100000000))", {"memory"}),
    ("select range(200000000) as big", {"memory", "too_large"}),
    ("select string_agg(repeat('x', 1000), ',') from range(1000000)", {"memory"}),
    ("select repeat('x', 100000000) as s from range(100)", {"memory", "too_large"}),
    ("select * from range(30000000) order by random()", {"memory", "timeout"}),
]

NORMAL = "select count(*) as n from source"


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> console.Limits:
    """Display limits with a short timeout and a small download cap (to keep the suite quick)."""
    monkeypatch.setenv("STI_CONSOLE_ENABLED", "1")
    monkeypatch.setenv("STI_CONSOLE_TIMEOUT", "2")
    monkeypatch.setenv("STI_CONSOLE_MEMORY_LIMIT", "256MB")
    monkeypatch.setenv("STI_CONSOLE_MAX_ROWS", "100")
    monkeypatch.setenv("STI_CONSOLE_DOWNLOAD_MAX_ROWS", "100000")
    return console.Limits.display()


def test_there_are_at_least_thirty_hostile_inputs() -> None:
    assert len(HOSTILE) >= 30
    assert len({sql for sql, _ in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize(("sql", "kinds"), HOSTILE, ids=[s[:50] for s, _ in HOSTILE])
def test_hostile_input_is_refused_and_the_engine_still_answers(
    sql: str, kinds: set[str], seed_db_path: Path, limits: console.Limits
) -> None:
    with pytest.raises(console.ConsoleError) as refused:
        console.run(sql, {}, seed_db_path, limits)
    assert refused.value.kind in kinds, refused.value
    after = console.run(NORMAL, {}, seed_db_path, limits)
    assert after.table.column("n").to_pylist()[0] > 0


def test_the_database_is_unchanged_after_the_hostile_inputs(
    seed_db_path: Path, limits: console.Limits
) -> None:
    """The snapshot still holds what the ETL wrote (nothing was created, changed or dropped)."""
    with duckdb.connect(":memory:") as con:
        con.execute(f"attach '{seed_db_path}' as w (read_only)")
        expected = con.sql("select count(*) from w.source").fetchall()[0][0]
        tables = con.sql(
            "select count(*) from duckdb_tables() where database_name = 'w'"
        ).fetchall()
    result = console.run(
        "select (select count(*) from source) as n, (select count(*) from duckdb_tables()) as t",
        {},
        seed_db_path,
        limits,
    )
    assert result.table.to_pylist() == [{"n": expected, "t": tables[0][0]}]
    assert not Path("/tmp/source.csv").exists() or Path("/tmp/source.csv").stat().st_size == 0


# ---------------------------------------------------------------- the guards really hold


def test_connection_settings_are_in_force(seed_db_path: Path, limits: console.Limits) -> None:
    sql = """select
        current_setting('enable_external_access') as external,
        current_setting('lock_configuration') as locked,
        current_setting('autoinstall_known_extensions') as autoinstall,
        current_setting('autoload_known_extensions') as autoload,
        current_setting('allow_community_extensions') as community,
        current_setting('threads') as threads,
        current_setting('max_temp_directory_size') as temp_max,
        current_setting('access_mode') as access_mode,
        current_setting('memory_limit') as memory"""
    row = console.run(sql, {}, seed_db_path, limits).table.to_pylist()[0]
    assert row["external"] is False
    assert row["locked"] is True
    assert row["autoinstall"] is False and row["autoload"] is False and row["community"] is False
    assert int(row["threads"]) == console.THREADS
    assert row["temp_max"].startswith("0")
    assert row["access_mode"] == "read_only"
    assert "MiB" in row["memory"] and float(row["memory"].split()[0]) < 300


def test_the_sandbox_itself_refuses_what_the_checks_would_let_through(seed_db_path: Path) -> None:
    """Second wall: even a statement that got past check() cannot read a file, write, attach,
    install, or change a setting on the sandbox connection (run in a child: one process can
    hold only one configuration per database file)."""
    script = f"""
import duckdb, sys
from dashboard.console import sandbox
con = sandbox({str(seed_db_path)!r}, "256MB")
blocked = []
for sql in [
    "select * from read_text('/etc/passwd')",
    "select * from glob('/*')",
    "select * from read_csv('https://example.com/x.csv')",
    "copy (select 1) to '/tmp/analyst-test-copy.csv'",
    "create table t as select 1",
    "attach ':memory:' as m",
    "install httpfs",
    "load httpfs",
    "set memory_limit = '64GB'",
    "set enable_external_access = true",
    "select * from duckdb_secrets()",
]:
    try:
        con.execute(sql).fetchall()
    except duckdb.Error:
        blocked.append(sql)
print(len(blocked))
"""
    import subprocess
    import sys

    from tests.server import ROOT

    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "11"
    assert not Path("/tmp/analyst-test-copy.csv").exists()


def test_check_uses_duckdbs_parser() -> None:
    con = duckdb.connect()
    con.execute("create table source (kind varchar)")
    for sql in (
        "select 1",
        "from source",
        "with a as (select 1) select * from a",
        "values (1), (2)",
        "describe source",
        "show tables",
        "summarize source",
        "select 1;",
        "select * from query('select 42')",
        "select * from query_table('source')",
    ):
        assert console.check(con, sql).type == duckdb.StatementType.SELECT
    for sql, kind in (
        ("select 1; select 2", "multiple"),
        ("copy source to 'x.csv'", "not_select"),
        ("select * from read_text('x')", "forbidden"),
        ("select 'x' || 1 from", "syntax"),
    ):
        with pytest.raises(console.ConsoleError) as e:
            console.check(con, sql)
        assert e.value.kind == kind


def test_forbidden_names() -> None:
    for name in ("read_csv", "READ_TEXT", "main.read_blob", "parquet_scan", "glob", "getenv"):
        assert console.forbidden(name)
    for name in ("upper", "count", "list_value", "range", "query", "query_table", "string_agg"):
        assert not console.forbidden(name)


# ---------------------------------------------------------------- parameters, caps, downloads


def test_parameters_are_bound_not_pasted(seed_db_path: Path, limits: console.Limits) -> None:
    sql = "select count(*) as n from v_partner_domains where partner_id = $partner"
    kor = console.run(sql, {"partner": "KOR"}, seed_db_path, limits).table.to_pylist()[0]["n"]
    assert kor > 0
    for hostile in ("KOR' or '1'='1", "KOR'; drop table source; --", "' union select 1 --"):
        n = console.run(sql, {"partner": hostile}, seed_db_path, limits).table.to_pylist()[0]["n"]
        assert n == 0
    with pytest.raises(console.ConsoleError) as missing:
        console.run(sql, {}, seed_db_path, limits)
    assert missing.value.kind == "missing_param" and "$partner" in missing.value.detail
    # a value for a parameter the statement does not use is left out, not an error
    assert console.run("select 1 as x", {"unused": "1"}, seed_db_path, limits).total_rows == 1


def test_display_rows_are_capped_and_the_rest_counted(
    seed_db_path: Path, limits: console.Limits
) -> None:
    result = console.run("select * from range(50000)", {}, seed_db_path, limits)
    assert result.table.num_rows == limits.max_rows == 100
    assert result.total_rows == 50000 and result.truncated and not result.over_download_cap


def test_millions_of_rows_display_capped_download_stopped(
    seed_db_path: Path, limits: console.Limits
) -> None:
    sql = "select range as n, 'row ' || range as label from range(5000000)"
    shown = console.run(sql, {}, seed_db_path, limits)
    assert shown.table.num_rows == 100
    assert shown.over_download_cap  # counted past the download cap of 100,000, then stopped
    full = console.run(sql, {}, seed_db_path, console.Limits.download())
    assert full.total_rows > full.limits.max_rows  # the download route refuses this one
    ok = console.run("select * from range(100000)", {}, seed_db_path, console.Limits.download())
    assert ok.table.num_rows == 100000 and not ok.truncated


def test_csv_and_parquet_of_a_result(seed_db_path: Path, limits: console.Limits) -> None:
    sql = """select source_id, published_start, [1, 2] as xs, {'a': 1} as st, 'Hà Nội' as city
             from source order by source_id"""
    result = console.run(sql, {}, seed_db_path, console.Limits.download())
    csv = console.to_csv(result.table).decode("utf-8")
    assert csv.startswith("\ufeff") and "Hà Nội" in csv and "[1, 2]" in csv
    assert csv.count("\n") == result.total_rows + 1
    import io

    table = pq.read_table(io.BytesIO(console.to_parquet(result.table)))
    assert table.num_rows == result.total_rows
    assert table.schema.field("xs").type == pa.list_(pa.int32())


def test_the_console_can_be_switched_off(
    seed_db_path: Path, limits: console.Limits, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STI_CONSOLE_ENABLED", "0")
    assert not console.enabled()
    with pytest.raises(console.ConsoleError) as off:
        console.run("select 1", {}, seed_db_path, limits)
    assert off.value.kind == "disabled"


def test_a_missing_snapshot_is_a_message(tmp_path: Path, limits: console.Limits) -> None:
    with pytest.raises(console.ConsoleError) as gone:
        console.run("select 1", {}, tmp_path / "nowhere" / "warehouse.duckdb", limits)
    assert gone.value.kind == "no_snapshot"


def test_too_long_statement(seed_db_path: Path, limits: console.Limits) -> None:
    with pytest.raises(console.ConsoleError) as long:
        console.run("select 1" + " " * console.MAX_SQL_CHARS, {}, seed_db_path, limits)
    assert long.value.kind == "too_long"


def test_parse_size() -> None:
    assert console.parse_size("256MB") == 256_000_000
    assert console.parse_size("1GiB") == 2**30
    assert console.parse_size("512 kb") == 512_000
    with pytest.raises(ValueError):
        console.parse_size("lots")


# ---------------------------------------------------------------- the child process


def test_a_child_that_does_not_answer_in_time_is_killed(
    seed_db_path: Path, limits: console.Limits, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent's own deadline, for a query that ignores DuckDB's interrupt."""
    import sys

    monkeypatch.setattr(console, "START_ALLOWANCE_S", 0.5)
    monkeypatch.setattr(console, "CHILD_COMMAND", (sys.executable, "-c", "while True: pass"))
    with pytest.raises(console.ConsoleError) as stopped:
        console.run("select 1", {}, seed_db_path, limits)
    assert stopped.value.kind == "timeout"


@pytest.mark.parametrize(
    ("script", "kind"),
    [
        ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "memory"),  # OOM killer
        ("raise MemoryError", "memory"),
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", "crashed"),
        ("print('garbage')", "crashed"),
    ],
    ids=["killed", "memory-error", "segfault", "garbage"],
)
def test_a_child_that_dies_is_a_message_not_a_crash(
    script: str, kind: str, seed_db_path: Path, limits: console.Limits, monkeypatch
) -> None:
    import sys

    real = console.CHILD_COMMAND
    monkeypatch.setattr(console, "CHILD_COMMAND", (sys.executable, "-c", script))
    with pytest.raises(console.ConsoleError) as died:
        console.run("select 1", {}, seed_db_path, limits)
    assert died.value.kind == kind
    monkeypatch.setattr(console, "CHILD_COMMAND", real)
    assert console.run(NORMAL, {}, seed_db_path, limits).total_rows == 1


def test_rows_shown_even_when_counting_runs_out_of_time(
    seed_db_path: Path, limits: console.Limits
) -> None:
    """The first rows come at once but counting all of them would take hours: the page gets the
    rows and the count so far; a download of the same query is stopped."""
    sql = "select range as n from range(100000000000) where hash(range) % 10000 = 0"
    shown = console.run(sql, {}, seed_db_path, limits)
    assert not shown.counted
    assert shown.table.num_rows == limits.max_rows and shown.total_rows >= limits.max_rows
    with pytest.raises(console.ConsoleError) as stopped:
        console.run(sql, {}, seed_db_path, console.Limits.download())
    assert stopped.value.kind == "timeout"

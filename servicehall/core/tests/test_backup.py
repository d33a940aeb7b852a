"""`servicehall backup` then `servicehall restore` into an empty database gives back every row
of every table and every published file, checksums intact; on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import pytest

from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

# Through subprocesses on this run's database kind: once on SQLite, once on PostgreSQL.
pytestmark = [pytest.mark.slow, pytest.mark.each_database]

EVENTS = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "B1,C1,受理,2024-01-22T09:30:00,公安厅,,A01,张三\n"
    "B2,C1,办结,2024-01-23T10:00:00,公安厅,,A01,张三\n"
    "B3,,咨询,2024-01-23T11:00:00,水利厅,,A02,李四\n"
)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "servicehall.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return done


def counts(env: dict[str, str]) -> dict[str, int]:
    """Rows of every table of the database, read through Django in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); names = sorted(connection.introspection.table_names()); "
        "out = {}\nfor n in names:\n    c.execute(f'SELECT COUNT(*) FROM {connection.ops.quote_name(n)}'); "
        "out[n] = c.fetchone()[0]\nprint(json.dumps(out))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    import json

    return json.loads(done.stdout)


@pytest.fixture
def databases(tmp_path):
    """Two environments, ``source`` and ``empty``, on the database kind of this test run."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base["DJANGO_SETTINGS_MODULE"] = "servicehall.settings"
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield (
            {**base, "SERVICEHALL_SQLITE_PATH": str(tmp_path / "source.sqlite3")},
            {**base, "SERVICEHALL_SQLITE_PATH": str(tmp_path / "empty.sqlite3")},
        )
        return
    import psycopg

    parts = urlsplit(server)
    admin = parts._replace(path="/postgres").geturl()
    names = [f"backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "empty")]
    with psycopg.connect(admin, autocommit=True) as con:
        for name in names:
            con.execute(f"CREATE DATABASE {name}")
    try:
        yield tuple({**base, "DATABASE_URL": parts._replace(path=f"/{n}").geturl()} for n in names)
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            for name in names:
                con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_backup_restored_into_an_empty_database_gives_back_everything(databases, tmp_path):
    source, empty = databases
    events = tmp_path / "events.csv"
    events.write_text(EVENTS, encoding="utf-8")
    for args in (
        ("migrate", "-v", "0"),
        ("import-report", str(SEED_2024_4), str(SEED_2023_9)),
        ("import-events", str(events), "--quiet"),
        ("adduser", "clerk2", "--role", "staff", "--password", "clerk2-mima-2024"),
    ):
        done = cli(source, *args)
        assert done.returncode == 0, done.stderr
    before = counts(source)
    assert before["reports_issue"] == 2 and before["cases_caseevent"] == 3
    assert before["history_changerecord"] > 0 and before["reports_issuefile"] == 2

    target = tmp_path / "hall.backup"
    done = cli(source, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert cli(source, "backup", str(target)).returncode != 0  # never overwritten

    done = cli(empty, "restore", str(target))
    assert done.returncode == 0, done.stderr
    assert counts(empty) == before
    verified = cli(empty, "verify-issues")
    assert (
        verified.returncode == 0
        and "已沿台账核对 4 条记录、2 期已发布周报的 2 个文件" in verified.stdout
    )
    stats = cli(empty, "stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json")
    assert '"accept": 1' in stats.stdout and '"complete": 1' in stats.stdout

    again = cli(empty, "restore", str(target))
    assert again.returncode != 0 and "已有数据" in again.stderr  # no silent overwrite
    assert cli(empty, "restore", str(target), "--force").returncode == 0
    assert counts(empty) == before

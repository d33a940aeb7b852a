"""The test database is migrated once per run: the first worker saves what the migrations made,
the other loads it; under xdist the controller makes it while the workers collect, and both load
it (servicehall/testing/templatedb.py)."""

from __future__ import annotations

import contextlib
import fcntl
import sqlite3
import threading
from pathlib import Path

import pytest

from servicehall.testing.templatedb import forget_beside, migrate_beside_collection, migrate_once


def _migrations(database: sqlite3.Connection, runs: list[str]) -> None:
    runs.append("migrated")
    database.execute("CREATE TABLE shipped (name TEXT)")
    database.execute("INSERT INTO shipped VALUES ('窗口工作周报')")
    database.commit()


def test_the_first_worker_migrates_and_the_second_loads_what_it_made(tmp_path: Path) -> None:
    path = tmp_path / "migrated.sqlite3"
    first, second = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    runs: list[str] = []
    assert migrate_once(path, lambda: first, lambda: _migrations(first, runs)) is False
    assert migrate_once(path, lambda: second, lambda: _migrations(second, runs)) is True
    assert runs == ["migrated"]  # the second did not migrate
    assert second.execute("SELECT name FROM shipped").fetchall() == [("窗口工作周报",)]


def test_a_failed_migration_leaves_no_copy_and_the_next_worker_migrates_itself(
    tmp_path: Path,
) -> None:
    path = tmp_path / "migrated.sqlite3"

    def broken() -> None:
        raise RuntimeError("migration 0042 failed")

    with pytest.raises(RuntimeError):
        migrate_once(path, lambda: sqlite3.connect(":memory:"), broken)
    assert not path.exists()
    database, runs = sqlite3.connect(":memory:"), list[str]()
    assert migrate_once(path, lambda: database, lambda: _migrations(database, runs)) is False
    assert runs == ["migrated"]


def test_this_worker_loaded_or_made_the_runs_migrated_database(db: None) -> None:
    """Whichever way this worker's database came, it is the migrations' (the shipped series a
    data migration writes is there)."""
    from servicehall.reports.models import ReportSeries

    assert ReportSeries.objects.filter(title="窗口工作周报").exists()


def test_a_workers_end_removes_the_runs_copy_and_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servicehall.testing import templatedb

    monkeypatch.setattr(templatedb, "template_path", lambda: tmp_path / "migrated.sqlite3")
    database = sqlite3.connect(":memory:")
    migrate_once(tmp_path / "migrated.sqlite3", lambda: database, lambda: _migrations(database, []))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["migrated.lock", "migrated.sqlite3"]
    templatedb.forget()
    assert list(tmp_path.iterdir()) == []


def test_the_controller_holds_the_lock_until_its_copy_is_saved_and_the_workers_load_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "migrated.sqlite3"
    made: list[str] = []
    go = threading.Event()

    def make() -> sqlite3.Connection:
        go.wait()
        database = sqlite3.connect(":memory:")
        _migrations(database, made)
        return database

    migrate_beside_collection(path, contextlib.nullcontext, make)
    # Taken before the thread migrates (before xdist starts a worker): a worker waits for it.
    with open(path.with_suffix(".lock"), "a") as worker_lock, pytest.raises(BlockingIOError):
        fcntl.flock(worker_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    go.set()
    first, second = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    runs: list[str] = []
    assert migrate_once(path, lambda: first, lambda: _migrations(first, runs)) is True
    assert migrate_once(path, lambda: second, lambda: _migrations(second, runs)) is True
    assert (made, runs) == (["migrated"], [])  # the controller migrated, no worker did
    assert second.execute("SELECT name FROM shipped").fetchall() == [("窗口工作周报",)]
    forget_beside(path)
    assert list(tmp_path.iterdir()) == []


def test_a_copy_the_controller_fails_to_make_leaves_the_first_worker_to_migrate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "migrated.sqlite3"

    def broken() -> sqlite3.Connection:
        raise RuntimeError("migration 0042 failed")

    migrate_beside_collection(path, contextlib.nullcontext, broken)
    database, runs = sqlite3.connect(":memory:"), list[str]()
    # Waits for the controller's thread, finds no copy, migrates (and shows its own error).
    assert migrate_once(path, lambda: database, lambda: _migrations(database, runs)) is False
    assert runs == ["migrated"]
    forget_beside(path)


def test_in_a_run_of_workers_on_sqlite_no_worker_migrated(
    db: None, request: pytest.FixtureRequest
) -> None:
    """`make check` and `make test` on SQLite: the controller made the copy, each worker
    loaded it (none waited for the other's migrations)."""
    from django.db import connection

    from servicehall.testing import templatedb

    option = request.config.option
    if (
        templatedb.template_path() is None
        or connection.vendor != "sqlite"
        or option.nomigrations
        or option.reuse_db
    ):
        pytest.skip("only a run of xdist workers on SQLite loads the controller's copy")
    assert templatedb.loaded is True

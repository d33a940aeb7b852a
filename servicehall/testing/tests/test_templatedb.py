"""The test database is migrated once per run: the first worker saves what the migrations made,
the other loads it (servicehall/testing/templatedb.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from servicehall.testing.templatedb import migrate_once


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

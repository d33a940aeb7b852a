"""An import publishes in paced transactions (issue 23, part 6): each about PUBLISH_SECONDS
long, and on SQLite a turn after each for the writes waiting for the one writer."""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoDbBlocker

from servicehall.cases import importer
from servicehall.cases.importer import Pacer


@pytest.mark.django_db
def test_a_slow_transaction_makes_the_next_one_smaller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "PUBLISH_SECONDS", 0.05)
    monkeypatch.setattr(importer, "SQLITE_TURN_SECONDS", 0)
    pacer = Pacer()
    assert pacer.rows == importer.PUBLISH_ROWS
    with pacer.transaction():
        time.sleep(0.1)  # twice the pace: the next transaction takes about half the rows
    assert importer.PUBLISH_ROWS * 0.3 < pacer.rows < importer.PUBLISH_ROWS * 0.55
    for _ in range(3):
        with pacer.transaction():
            time.sleep(0.2)
    assert pacer.rows == importer.PUBLISH_MIN_ROWS  # never fewer
    with pacer.transaction():
        pass  # fast again: back up, at most twice the last
    assert pacer.rows == importer.PUBLISH_GROWTH * importer.PUBLISH_MIN_ROWS
    assert pacer.transactions == 5 and pacer.longest >= 0.2


@pytest.mark.django_db
def test_fast_transactions_grow_to_the_seconds_budget_not_past_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rows follow the time, not a fixed count (issue 24, fifth pass): a chunk of 10,000
    rows that took 0.08 s left SQLite's 0.12 s turn 60% of the time spent writing the log."""
    monkeypatch.setattr(importer, "SQLITE_TURN_SECONDS", 0)
    now = [0.0]
    pacer = Pacer(clock=lambda: now[0])
    rows: list[int] = []
    seconds: list[float] = []
    for _ in range(7):
        rows.append(pacer.rows)
        with pacer.transaction():
            now[0] += pacer.rows * 8e-6  # 8 µs a row: 50,000 rows fill the 0.4 s budget
        seconds.append(rows[-1] * 8e-6)
    assert rows == [10_000, 20_000, 40_000, 50_000, 50_000, 50_000, 50_000]
    assert max(seconds) <= importer.PUBLISH_SECONDS
    # A faster machine stops at the cap: each transaction still far below the budget.
    pacer = Pacer(clock=lambda: now[0])
    for _ in range(6):
        with pacer.transaction():
            now[0] += pacer.rows * 1e-6
    assert pacer.rows == importer.PUBLISH_MAX_ROWS


def _longest_wait_of_a_writer(path: str, alias: str, seconds: float) -> float:
    """Another connection writes in a loop while a pacer holds SQLite's lock 0.3 s a time for
    ``seconds``; the longest that writer waited for the lock."""
    waits: list[float] = []
    stop = threading.Event()
    started = threading.Event()

    def write() -> None:
        other = sqlite3.connect(path, timeout=30, isolation_level=None)
        while not stop.is_set():
            started.set()
            start = time.perf_counter()
            other.execute("BEGIN IMMEDIATE")
            waits.append(time.perf_counter() - start)
            other.execute("INSERT INTO paced VALUES (2)")
            other.execute("COMMIT")
            time.sleep(0.05)
        other.close()

    pacer = Pacer(using=alias)
    database = connections[alias]
    writer = threading.Thread(target=write)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with pacer.transaction(), database.cursor() as cursor:
            cursor.execute("INSERT INTO paced VALUES (1)")
            if not writer.is_alive():
                writer.start()
                started.wait()
            time.sleep(0.3)
    stop.set()
    writer.join()
    return max(waits)


@contextmanager
def _sqlite_file(path: str, alias: str, blocker: DjangoDbBlocker) -> Iterator[Any]:
    """A SQLite file of its own as ``alias``, set as the project sets SQLite, whatever the run's
    database: the test database may be in memory, or PostgreSQL, which has no one writer."""
    connections.settings[alias] = {
        **connection.settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": settings.SQLITE_OPTIONS,
        **dict.fromkeys(("USER", "PASSWORD", "HOST", "PORT"), ""),
        "CONN_MAX_AGE": 0,
    }
    with blocker.unblock():
        try:
            yield connections[alias]
        finally:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def test_on_sqlite_a_waiting_write_gets_its_turn_between_two_transactions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_db_blocker: DjangoDbBlocker
) -> None:
    path = str(tmp_path / "paced.sqlite3")
    with _sqlite_file(path, "paced", django_db_blocker) as database:
        with database.cursor() as cursor:
            cursor.execute("CREATE TABLE paced (x integer)")
        # Without the turn the import takes the lock again before the writer's busy sleep
        # ends: the writer waits for the whole run.
        monkeypatch.setattr(importer, "SQLITE_TURN_SECONDS", 0)
        assert _longest_wait_of_a_writer(path, "paced", 2.5) > 1.5
        monkeypatch.setattr(importer, "SQLITE_TURN_SECONDS", 0.12)
        # One transaction at most, and its turn.
        assert _longest_wait_of_a_writer(path, "paced", 2.5) < 0.8


def test_on_sqlite_the_import_checkpoints_in_its_turn_not_in_its_commits(
    tmp_path: Path, django_db_blocker: DjangoDbBlocker
) -> None:
    """The chunks' commits leave their pages in the WAL (``wal_autocheckpoint`` 0 while the
    import publishes: a commit that checkpointed took ~80 ms into the demo's log) and the turn
    after each copies them to the database file, a passive checkpoint a waiting write goes on
    beside; so no window write that commits next is left the import's pages to copy."""
    path = str(tmp_path / "checkpointed.sqlite3")
    sizes: list[int] = []
    with _sqlite_file(path, "checkpointed", django_db_blocker) as database:
        with database.cursor() as cursor:
            cursor.execute("CREATE TABLE chunks (x text)")
            cursor.execute("PRAGMA wal_autocheckpoint = 0")  # as _relaxed_commits sets it
        pacer = Pacer(using="checkpointed", checkpoint=True)
        turns: list[list[str]] = []
        for _ in range(3):
            with (
                CaptureQueriesContext(database) as turn,
                pacer.transaction(),
                database.cursor() as cursor,
            ):
                # ~2,000 pages: more than SQLite's own checkpoint at 1,000 would leave.
                cursor.execute(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    "WHERE i < 4000) INSERT INTO chunks SELECT hex(randomblob(1000)) FROM n"
                )
            turns.append([q["sql"] for q in turn.captured_queries if "PRAGMA" in q["sql"]])
            # The chunk's ~8 MB are in the database file already, not only in the WAL.
            sizes.append(os.path.getsize(path))
    assert all(b - a > 7_000_000 for a, b in itertools.pairwise([0, *sizes])), sizes
    # The pacer is told to checkpoint (``_relaxed_commits`` knows it turned SQLite's own off):
    # it does not read the setting back each turn.
    assert turns == [["PRAGMA wal_checkpoint(PASSIVE)"]] * 3

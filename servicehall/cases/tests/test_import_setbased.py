"""The set-based publishing of an events file (issue 24): rows no register knows checked column
by column, chunks in the rollups' key order with the rollups exact at every commit, a conflict
met in the last chunk taking every earlier chunk back, and the relaxed commits put back."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection

from servicehall.cases import importer, rollups
from servicehall.cases.importer import import_events
from servicehall.cases.models import (
    Case,
    CaseEvent,
    CenterDailyCount,
    CenterMonthlyCount,
    DailyCount,
    ImportBatch,
)
from servicehall.core.tabular import ImportRejected
from servicehall.org.models import Department

if TYPE_CHECKING:
    import pyarrow as pa

pytestmark = pytest.mark.django_db

HEADER = ["event_id", "case_id", "kind", "occurred_at", "department", "item_code", "window",
          "staff"]  # fmt: skip
KINDS = ["consult", "accept", "transfer", "issue", "complete"]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def scattered(n: int, seed: int, departments: list[str]) -> list[list[str]]:
    """Rows in no order: random ids, days, kinds and departments, as the bench's files."""
    rng = random.Random(seed)
    return [
        [f"{rng.getrandbits(48):012x}", f"C{rng.randrange(n // 3 or 1):05d}",
         rng.choice(KINDS), f"2024-0{rng.randrange(1, 4)}-{rng.randrange(1, 29):02d}T"
         f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00", rng.choice(departments),
         "", "", ""]
        for _ in range(n)
    ]  # fmt: skip


def rollup_rows() -> tuple[
    list[tuple[dt.date, str, int | None, int]],
    list[tuple[dt.date, str, int, int]],
    list[tuple[dt.date, str, int, int]],
]:
    return (
        sorted(DailyCount.objects.values_list("day", "kind", "department", "count")),
        sorted(CenterDailyCount.objects.values_list("day", "kind", "center", "count")),
        sorted(CenterMonthlyCount.objects.values_list("month", "kind", "center", "count")),
    )


def test_a_lenient_file_of_unregistered_departments_skips_the_row_checker(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[int] = []
    real = importer.RowChecker.check

    def spy(
        self: importer.RowChecker, rows: Iterable[tuple[int, tuple[str, ...]]]
    ) -> Iterator[tuple[Any, ...]]:
        rows = list(rows)
        checked.append(len(rows))
        return real(self, rows)

    monkeypatch.setattr(importer.RowChecker, "check", spy)
    rows = scattered(60, seed=1, departments=["公安厅", "外省某局", ""])
    result = import_events(write(tmp_path / "lenient.csv", rows), strict=False)
    assert sum(checked) == 0  # every row vouched for column by column
    assert result.created == 60 and result.unknown_departments == ["外省某局"]
    assert set(
        CaseEvent.objects.filter(department_name="外省某局").values_list("department", flat=True)
    ) == {None}
    assert set(
        CaseEvent.objects.filter(department_name="公安厅").values_list("department", flat=True)
    ) == {police.pk}
    # Strict: the same unknown name is an error, named by the row checker.
    with pytest.raises(ImportRejected) as caught:
        import_events(
            write(tmp_path / "strict.csv", [*rows[:5], [*rows[5][:4], "外省某局", "", "", ""]]),
            strict=True,
        )
    assert {e.field for e in caught.value.errors} == {"department"}


def test_chunks_in_key_order_keep_every_rollup_exact_at_each_commit(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "PUBLISH_ROWS", 9)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 9)
    wrong_at_commit: list[int] = []
    real = rollups.add_counts_sql  # the function importer calls by that name

    def spy(sql: str, params: Sequence[Any] = ()) -> None:
        real(sql, params)
        wrong_at_commit.append(rollups.mismatches())

    monkeypatch.setattr(importer, "add_counts_sql", spy)
    # PostgreSQL's chunks are whole pages of the sorted rows (~70 of these rows a page): enough
    # rows for a dozen of them.
    rows = scattered(1200, seed=2, departments=["公安厅", "外省某局"])
    result = import_events(write(tmp_path / "scattered.csv", rows), strict=False)
    assert result.created == 1200
    assert len(wrong_at_commit) > 10 and set(wrong_at_commit) == {0}
    assert sum(DailyCount.objects.values_list("count", flat=True)) == 1200
    # Each chunk adds to a stretch of the keys, not to every day.
    published = list(CaseEvent.objects.order_by("pk").values_list("occurred_on", "kind"))
    assert published == sorted(published, key=lambda k: k[0])


def test_a_conflict_in_the_last_chunk_takes_every_published_chunk_back(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_events(write(tmp_path / "first.csv", scattered(30, seed=3, departments=["公安厅"])))
    before = (
        CaseEvent.objects.count(),
        Case.objects.count(),
        ImportBatch.objects.count(),
        rollup_rows(),
    )
    monkeypatch.setattr(importer, "PUBLISH_ROWS", 7)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 7)
    published: list[int] = []
    real = rollups.add_counts_sql  # the function importer calls by that name

    def spy(sql: str, params: Sequence[Any] = ()) -> None:
        real(sql, params)
        published.append(CaseEvent.objects.count())

    monkeypatch.setattr(importer, "add_counts_sql", spy)
    taken = CaseEvent.objects.order_by("pk").first()
    assert taken is not None
    # Enough rows for a dozen chunks on PostgreSQL too (each at least a page of the sorted rows).
    rows = scattered(1200, seed=4, departments=["公安厅"])
    # The late row: the file's last and the key order's last (the latest day), an id the log
    # holds with other content — found only after every other chunk was committed.
    rows.append([taken.event_id, "C99999", "consult", "2024-03-31T17:00:00", "公安厅", "", "", ""])
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "late.csv", rows), strict=False)
    assert [(e.row, e.field) for e in caught.value.errors] == [(1202, "event_id")]
    assert len(published) > 10
    assert published[-1] >= before[0] + 1200  # the other rows had all been published
    after = (
        CaseEvent.objects.count(),
        Case.objects.count(),
        ImportBatch.objects.count(),
        rollup_rows(),
    )
    assert after == before
    assert rollups.mismatches() == 0


def _durability() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
        else:
            cursor.execute("PRAGMA synchronous")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_chunks_commit_without_waiting_for_the_disk_and_the_import_ends_durable(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    durable = _durability()
    monkeypatch.setattr(importer, "PUBLISH_ROWS", 10)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 10)
    during: list[str] = []
    real = rollups.add_counts_sql  # the function importer calls by that name

    checkpoints: list[int] = []

    def spy(sql: str, params: Sequence[Any] = ()) -> None:
        real(sql, params)
        during.append(_durability())
        if connection.vendor == "sqlite":
            checkpoints.append(_autocheckpoint())

    monkeypatch.setattr(importer, "add_counts_sql", spy)
    automatic = _autocheckpoint() if connection.vendor == "sqlite" else 0
    result = import_events(write(tmp_path / "d.csv", scattered(40, seed=5, departments=["公安厅"])))
    assert result.created == 40
    relaxed = "off" if connection.vendor == "postgresql" else "1"
    assert set(during) == {relaxed}
    assert _durability() == durable != relaxed
    if connection.vendor == "sqlite":
        # The chunks' pages are copied to the file in the import's turns, not by its commits.
        assert set(checkpoints) == {0} and _autocheckpoint() == automatic > 0
    assert ImportBatch.objects.get().publishing_by == ""


def _autocheckpoint() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return int(cursor.fetchone()[0])


def _sqlite_write_at_once() -> None:
    """A window's write on another SQLite connection: the database's write lock taken at once,
    or ``sqlite3.OperationalError`` (database is locked)."""
    import sqlite3

    name = connection.settings_dict["NAME"]
    other = sqlite3.connect(name, uri=str(name).startswith("file:"), timeout=0)
    other.isolation_level = None
    try:
        other.execute("BEGIN IMMEDIATE")  # the database's write lock, at once or never
        other.execute(f"UPDATE {DailyCount._meta.db_table} SET count = count WHERE 1 = 0")
        other.execute("COMMIT")
    finally:
        other.close()


def _postgresql_window_write(department: Department) -> None:
    """A window's step recorded through ``record_event`` on another connection (its own thread),
    its rollup row added in the same transaction; a lock it waited for longer than 1 s fails it
    (``lock_timeout``) rather than waiting on the import."""
    import threading

    from django.db import connections, transaction

    from servicehall.cases.services import record_event

    failed: list[BaseException] = []

    def write() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                record_event(
                    event_id="WINDOW-1",
                    kind="accept",
                    occurred_at=dt.datetime(2024, 2, 14, 10, 0),
                    department=department,
                )
        except BaseException as exc:  # handed to the test's thread
            failed.append(exc)
        finally:
            connections.close_all()  # this thread's connection, not left open on the test DB

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive() and not failed, failed


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_a_file_is_staged_another_connection_writes_at_once(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite stages each block in a short transaction of its own, the write lock free between
    them; PostgreSQL stages by COPY into a temporary table, holding no lock a window's write
    needs: in both, a write from another connection mid-staging goes through at once."""
    from servicehall.cases import columnar

    waits: list[float] = []

    def window_write() -> None:
        began = time.monotonic()
        if connection.vendor == "sqlite":
            _sqlite_write_at_once()
        else:
            _postgresql_window_write(police)
        waits.append(time.monotonic() - began)

    if connection.vendor == "sqlite":
        real_rows = columnar.as_sqlite_rows

        def staged_rows(table: pa.Table) -> Iterator[tuple[Any, ...]]:
            # Half-way through a block's executemany: its transaction holds the staged rows.
            for i, row in enumerate(real_rows(table)):
                if i == 5:
                    window_write()
                yield row

        monkeypatch.setattr(columnar, "as_sqlite_rows", staged_rows)
    else:
        real_csv = columnar.as_csv

        def staged_csv(table: pa.Table) -> bytes:
            # Called inside ``with cursor.copy(…)``: the COPY into staging is under way.
            data = real_csv(table)
            assert connection.connection.info.transaction_status.name == "ACTIVE"
            window_write()
            return data

        monkeypatch.setattr(columnar, "as_csv", staged_csv)
    rows = scattered(45, seed=6, departments=["公安厅"])
    result = import_events(write(tmp_path / "w.csv", rows))
    assert result.created == 45 and len(waits) == 1
    assert waits[0] < 1.0, f"the window's write waited {waits[0]:.2f} s"
    if connection.vendor == "postgresql":
        # The window's step and the file's rows are all there, the rollups exact.
        assert CaseEvent.objects.count() == 46
        assert CaseEvent.objects.filter(event_id="WINDOW-1").exists()
        assert rollups.mismatches() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_waiting_on_sqlite_gets_in_between_two_growing_chunks(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks follow the time, not a fixed row count (issue 24, fifth pass): a write that waits
    for SQLite's one writer while a chunk is written still gets in right after that chunk, not
    after the file, while the chunks grow."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's one writer; PostgreSQL's window writes: the test above")
    import sqlite3
    import threading

    monkeypatch.setattr(importer, "PUBLISH_ROWS", 5)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 40)
    name = connection.settings_dict["NAME"]
    seen: list[int] = []
    chunks: list[int] = []
    writer: list[threading.Thread] = []

    def window_write() -> None:
        other = sqlite3.connect(name, uri=str(name).startswith("file:"), timeout=10)
        other.isolation_level = None
        try:
            # Waits for the import's chunk to commit. The test database is SQLite's shared-cache
            # memory database, where a lock another connection holds answers "database table
            # is locked" at once and the busy timeout never waits (the test failed whenever
            # the thread came in before the commit): poll as a file database's busy handler does.
            deadline = time.monotonic() + 10
            while True:
                try:
                    other.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.005)
            log = CaseEvent._meta.db_table
            seen.append(other.execute(f"SELECT COUNT(*) FROM {log}").fetchone()[0])
            other.execute(f"UPDATE {DailyCount._meta.db_table} SET count = count WHERE 1 = 0")
            other.execute("COMMIT")
        finally:
            other.close()

    real = rollups.add_counts_sql  # the function importer calls by that name

    def spy(sql: str, params: Sequence[Any] = ()) -> None:
        real(sql, params)
        chunks.append(CaseEvent.objects.count())
        if len(chunks) == 3:  # inside the third chunk's transaction: the lock is the import's
            writer.append(threading.Thread(target=window_write))
            writer[0].start()

    monkeypatch.setattr(importer, "add_counts_sql", spy)
    rows = scattered(300, seed=7, departments=["公安厅"])
    result = import_events(write(tmp_path / "grow.csv", rows), strict=False)
    writer[0].join(timeout=30)
    assert result.created == 300
    sizes = [b - a for a, b in zip([0, *chunks], chunks, strict=False)]
    assert max(sizes) > importer.PUBLISH_ROWS  # the chunks grew
    # The write went in right after the third chunk committed, before the fourth.
    assert seen == [chunks[2]] and chunks[2] < 300


def _inserts(queries: list[dict[str, Any]], model: type[CaseEvent] = CaseEvent) -> list[str]:
    return [
        q["sql"] for q in queries if q["sql"].startswith(f'INSERT INTO "{model._meta.db_table}"')
    ]


def test_on_postgresql_new_ids_go_in_by_a_plain_insert_and_a_repeated_one_falls_back(
    tmp_path: Path, police: Department
) -> None:
    """PostgreSQL writes a file whose ids the log does not hold without
    ``ON CONFLICT`` (its speculative insertion cost ~40% more per row); an id repeated in the
    file makes the chunk go in with it, as before, and a file overlapping the log uses it from
    the start."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's ON CONFLICT costs nothing more than its unique index")
    from django.test.utils import CaptureQueriesContext

    rows = scattered(60, seed=8, departments=["公安厅"])
    with CaptureQueriesContext(connection) as clean:
        assert import_events(write(tmp_path / "clean.csv", rows[:30])).created == 30
    inserts = _inserts(clean.captured_queries)
    assert inserts and not any("ON CONFLICT" in sql for sql in inserts)
    # The same content twice in one file: one row goes in, the chunk by ON CONFLICT.
    with CaptureQueriesContext(connection) as repeated:
        result = import_events(write(tmp_path / "twice.csv", [*rows[30:50], rows[31]]))
    assert (result.created, result.skipped) == (20, 1)
    assert "ON CONFLICT" in _inserts(repeated.captured_queries)[-1]
    # Rows the log holds (a file continuing an earlier one): ON CONFLICT from the first chunk.
    with CaptureQueriesContext(connection) as overlapping:
        result = import_events(write(tmp_path / "more.csv", rows[40:]))
    assert (result.created, result.skipped) == (10, 10)
    assert all("ON CONFLICT" in sql for sql in _inserts(overlapping.captured_queries))
    assert CaseEvent.objects.count() == 60 and rollups.mismatches() == 0


def test_on_postgresql_the_chunks_are_ranges_of_the_sorted_rows_pages(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL sorts the staged rows into a table as they come and reads its chunks as
    ranges of its pages (a TID range scan), not by a number given to every row
    (``ROW_NUMBER()`` and a primary key: 8.7–15.8 s of 2M rows). The ranges follow each other
    from the first page, each row goes in once, in the rollups' key order, and the rollups
    equal the log."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's chunks are ranges of its rowid")
    import re

    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(importer, "PUBLISH_ROWS", 9)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 9)
    rows = scattered(1200, seed=5, departments=["公安厅", "外省某局"])
    with CaptureQueriesContext(connection) as seen:
        result = import_events(write(tmp_path / "pages.csv", rows), strict=False)
    assert result.created == 1200
    assert not any("ROW_NUMBER" in q["sql"] for q in seen.captured_queries)
    pages = [
        (int(low), int(high))
        for sql in _inserts(seen.captured_queries)
        for low, high in re.findall(r"ctid >= '\((\d+),0\)'::tid AND s\.ctid < '\((\d+),0\)'", sql)
    ]
    assert len(pages) > 10 and pages[0][0] == 0
    assert all(high == after for (_, high), (after, _) in itertools.pairwise(pages))
    assert CaseEvent.objects.count() == 1200 and rollups.mismatches() == 0
    published = list(
        CaseEvent.objects.order_by("pk").values_list("occurred_on", "kind", "department")
    )
    # PostgreSQL sorts a blank department (NULL) last.
    assert published == sorted(published, key=lambda k: (k[0], k[1], k[2] is None, k[2] or 0))

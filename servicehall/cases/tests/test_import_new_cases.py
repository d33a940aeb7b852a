"""The cases an events import creates (issue 24 part 1, sixth pass): each chunk of them is
counted for the indicator rollups by reading that chunk, not the case table, even where the
table has no planner statistics yet (a freshly migrated database, until autovacuum's analyze).
With the chunk named by an id range open at its top, PostgreSQL estimated a third of such a
table for each measure and read all of it, chunk after chunk: the 2M-row import's 新办件 step
took ~60 s instead of ~15 s."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection

from servicehall.cases import importer, rollups
from servicehall.cases.importer import import_events
from servicehall.cases.models import Case
from servicehall.org.models import Department
from servicehall.testing.eventfiles import write_event_file

if TYPE_CHECKING:
    from servicehall.figures.indicator_rollups import Key

pytestmark = pytest.mark.django_db


def _write(path: Path, prefix: str, cases: int) -> Path:
    """A 受理 and a 办结 of each of ``cases`` new cases."""
    return write_event_file(path, _rows(prefix, cases))


def _rows(prefix: str, cases: int) -> Iterator[list[str]]:
    for i in range(cases):
        day = 1 + i % 28
        yield [f"{prefix}a{i}", f"{prefix}{i:05d}", "受理",
               f"2024-01-{day:02d}T09:00:00", "公安厅", "", "", ""]  # fmt: skip
        yield [f"{prefix}c{i}", f"{prefix}{i:05d}", "办结",
               f"2024-02-{day:02d}T09:00:00", "公安厅", "", "", ""]  # fmt: skip


def _cases_fetched() -> int:
    """Rows of the case table PostgreSQL has read in this transaction, by any scan."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0) "
            "FROM pg_stat_xact_user_tables WHERE relname = %s",
            [Case._meta.db_table],
        )
        return int(cursor.fetchone()[0])


def _forget_statistics() -> None:
    """The case table as a fresh migration leaves it: never analyzed (undone with the test's
    transaction; the catalogs are a superuser's, as the test servers' role is)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("removing a table's statistics needs a superuser")
        cursor.execute(
            "UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = %s::regclass",
            [Case._meta.db_table],
        )
        cursor.execute(
            "DELETE FROM pg_statistic WHERE starelid = %s::regclass", [Case._meta.db_table]
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_each_chunk_of_new_cases_is_counted_from_its_own_rows_on_a_table_without_statistics(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servicehall.figures import indicator_rollups

    monkeypatch.setattr(importer, "PUBLISH_ROWS", 200)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 200)
    Case.objects.bulk_create(
        Case(case_no=f"OLD{i:05d}", department=police,
             accepted_at=f"2024-01-{1 + i % 28:02d}T01:00Z",
             completed_at=f"2024-02-{1 + i % 28:02d}T01:00Z")
        for i in range(6000)
    )  # fmt: skip
    indicator_rollups.rebuild()  # bulk_create sends no signal
    _forget_statistics()
    read: list[int] = []
    real = indicator_rollups.counts

    def counting(*args: Any, **kwargs: Any) -> Counter[Key]:  # indicator_rollups.counts's own
        before = _cases_fetched()
        try:
            return real(*args, **kwargs)
        finally:
            read.append(_cases_fetched() - before)

    monkeypatch.setattr(indicator_rollups, "counts", counting)
    result = import_events(_write(tmp_path / "a.csv", "N", 1000), strict=False)
    assert result.created == 2000
    assert Case.objects.filter(case_no__startswith="N").count() == 1000
    # Five chunks of 200 new cases, each counted once (and the empty range after the last; no
    # case continued: no other count).
    assert len([n for n in read if n]) == 5, read
    # Ten measures and the pairs of days, each reading its chunk's 200 cases (twice at most):
    # before, each measure read the 6,000 old cases and the new ones (≥ 60,000 rows a count).
    assert max(read) <= 2 * 11 * 200, read
    assert indicator_rollups.mismatches() == 0


def test_new_cases_go_in_by_transactions_grown_to_their_budget_and_plainly_on_postgresql(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new cases' transactions grow with their pace as the events' do (capped at
    ``PUBLISH_ROWS`` in the fifth pass, SQLite gave waiting writers a turn after every 10,000
    cases: 63 turns of 0.12 s at 2M rows), and on PostgreSQL they go in without ON CONFLICT
    (its speculative insertion), none of them being registered."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(importer, "PUBLISH_ROWS", 100)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 10_000)
    # A budget no transaction of the test reaches, however loaded the machine: each next
    # transaction takes twice the last one's rows.
    monkeypatch.setattr(importer, "PUBLISH_SECONDS", 3600.0)
    sizes: list[int] = []
    real = rollups.cases_created

    def created(cases: Any) -> None:
        sizes.append(cases.count())
        real(cases)

    monkeypatch.setattr(importer, "cases_created", created)
    with CaptureQueriesContext(connection) as queries:
        result = import_events(_write(tmp_path / "a.csv", "G", 1500), strict=False)
    assert result.created == 3000
    assert sizes[:4] == [100, 200, 400, 800], sizes  # capped at PUBLISH_ROWS: 15 of 100
    assert sum(sizes) == 1500
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT INTO")]
    cases = [sql for sql in inserts if sql.startswith(f'INSERT INTO "{Case._meta.db_table}"')]
    assert cases
    conflict = connection.vendor == "sqlite"  # SQLite's costs nothing more than its index
    assert all(("ON CONFLICT" in sql) == conflict for sql in cases), cases
    from servicehall.figures import indicator_rollups

    assert indicator_rollups.mismatches() == 0

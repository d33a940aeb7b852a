"""The cases an events import continues (registered before the file; issue 24 part 1, ninth
pass): named for the indicator rollups' counts by a table of their ids, found before the last
transaction. Named by ``case_no IN (SELECT … FROM the case-life table)``, each count of that
transaction (before and after the update) joined the case numbers again: 7.6–10.9 s of the last
transaction of 2M rows into the demo's log on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection

from servicehall.cases import importer
from servicehall.cases.importchecks import LIFE
from servicehall.cases.importer import import_events
from servicehall.cases.models import Case
from servicehall.org.models import Department
from servicehall.testing.eventfiles import write_event_file

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from servicehall.figures.indicator_rollups import Key

pytestmark = pytest.mark.django_db


def _rows(kind: str, month: int, numbers: range) -> Iterator[list[str]]:
    for i in numbers:
        yield [f"{kind}{i}", f"F{i:04d}", kind, f"2024-{month:02d}-{1 + i % 28:02d}T09:00:00",
               "公安厅", "", "", ""]  # fmt: skip


def _table_exists(name: str) -> bool:
    """Whether this connection has the table (a temporary one included)."""
    with connection.cursor() as cursor:
        return name in connection.introspection.table_names(cursor) or (
            connection.vendor == "sqlite"
            and bool(
                cursor.execute(
                    "SELECT COUNT(*) FROM sqlite_temp_master WHERE name = %s", [name]
                ).fetchone()[0]
            )
        )


def test_the_cases_a_file_continues_are_counted_by_their_ids_and_take_its_dates(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servicehall.figures import indicator_rollups

    import_events(write_event_file(tmp_path / "a.csv", _rows("受理", 1, range(40))), strict=False)
    assert Case.objects.filter(completed_at__isnull=False).count() == 0
    counted: list[tuple[str, int]] = []
    real = indicator_rollups.counts

    def counting(cases: QuerySet[Case] | None = None, **kwargs: Any) -> Counter[Key]:
        if cases is not None:
            counted.append((str(cases.query), cases.count()))
        return real(cases, **kwargs)

    monkeypatch.setattr(indicator_rollups, "counts", counting)
    # 30 of the 40 cases completed, and 10 new ones accepted.
    rows = [*_rows("办结", 2, range(30)), *_rows("受理", 1, range(100, 110))]
    result = import_events(write_event_file(tmp_path / "b.csv", rows), strict=False)
    assert result.created == 40
    # The continued cases took the file's 办结, the others kept none.
    done = Case.objects.filter(completed_at__isnull=False)
    assert sorted(done.values_list("case_no", flat=True)) == [f"F{i:04d}" for i in range(30)]
    # Counted before and after the update, by their ids in the table of their own.
    followed = [(sql, n) for sql, n in counted if importer.FOLLOWED in sql]
    assert [n for _, n in followed] == [30, 30]
    assert not any(LIFE in sql for sql, _ in counted)
    assert indicator_rollups.mismatches() == 0
    assert not _table_exists(importer.FOLLOWED)


def test_a_file_of_new_cases_counts_no_continued_case(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servicehall.figures import indicator_rollups

    counted: list[str] = []
    real = indicator_rollups.counts

    def counting(cases: QuerySet[Case] | None = None, **kwargs: Any) -> Counter[Key]:
        if cases is not None:
            counted.append(str(cases.query))
        return real(cases, **kwargs)

    monkeypatch.setattr(indicator_rollups, "counts", counting)
    result = import_events(
        write_event_file(tmp_path / "a.csv", _rows("受理", 1, range(20))), strict=False
    )
    assert result.created == 20
    assert counted and not any(importer.FOLLOWED in sql for sql in counted)
    assert not _table_exists(importer.FOLLOWED)

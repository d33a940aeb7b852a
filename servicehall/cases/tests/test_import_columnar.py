"""The columnar read (pyarrow), the index-rebuild choice and publishing in short transactions:
the same rows, errors and counts as the row reader; a failed or killed import leaves nothing."""

from __future__ import annotations

import csv
import datetime as dt
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from servicehall.cases import columnar, importer, rollups
from servicehall.cases.importer import import_events, rebuild_indexes
from servicehall.cases.models import Case, CaseEvent, Channel, DailyCount, EventKind, ImportBatch
from servicehall.core.tabular import ImportRejected
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

HEADER = ["event_id", "case_id", "kind", "occurred_at", "department", "item_code", "window",
          "staff", "channel"]  # fmt: skip


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def events(n: int, start: int = 0) -> list[list[str]]:
    return [
        [f"E{i:06d}", f"C{i // 3:06d}", "accept" if i % 3 == 0 else "transfer",
         f"2024-01-{22 + i % 5:02d}T{9 + i % 8:02d}:15:00", "公安厅", "", "A01", "S001", "窗口"]
        for i in range(start, start + n)
    ]  # fmt: skip


def nothing_written() -> bool:
    return not (
        CaseEvent.objects.exists()
        or Case.objects.exists()
        or ImportBatch.objects.exists()
        or DailyCount.objects.exists()
    )


def rollups_equal_the_log() -> bool:
    total = sum(DailyCount.objects.values_list("count", flat=True))
    return total == CaseEvent.objects.count()


def test_a_well_formed_file_is_read_by_blocks_with_pyarrow(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "ok.csv", events(30))
    kinds = EventKind.accepted_names()
    read = list(
        columnar.blocks(
            path,
            None,
            kinds=kinds,
            channels=Channel.accepted_names(),
            departments={"公安厅": police.pk},
            strict=True,
            rows_per_block=8,
        )
    )
    assert [b.good.num_rows for b in read] == [8, 8, 8, 6]
    first = read[0].good.to_pylist()[0]
    assert first["row"] == 2 and first["event_id"] == "E000000"
    assert first["department_id"] == police.pk and first["channel"] == "window"
    assert str(first["occurred_at"]) == "2024-01-22 01:15:00+00:00"  # 09:15 Beijing time
    result = import_events(path, strict=False)
    assert (result.rows, result.created) == (30, 30)
    event = CaseEvent.objects.get(event_id="E000007")
    assert (event.kind, str(event.occurred_on), event.department_id) == (
        "transfer",
        "2024-01-24",
        police.pk,
    )
    assert rollups_equal_the_log()


def test_the_staged_times_go_to_postgresql_as_text_with_their_offset(
    tmp_path: Path, police: Department
) -> None:
    """PostgreSQL's COPY takes each time as "YYYY-MM-DD HH:MM:SS+00", a cast of the zone-less
    time: the CSV writer's own spelling of a zoned time ("…Z") took it 0.19 s per 200,000
    rows through the time-zone database, most of the staging's CPU (docs/decisions.md, seventh
    pass). The instant is the same on either database."""
    path = write(tmp_path / "ok.csv", events(12))
    block = next(
        columnar.blocks(
            path,
            None,
            kinds=EventKind.accepted_names(),
            channels=Channel.accepted_names(),
            departments={"公安厅": police.pk},
            strict=True,
            rows_per_block=8,
        )
    )
    lines = columnar.as_csv(block.good).decode().splitlines()
    assert len(lines) == 8
    first = next(csv.reader(lines[:1]))
    assert first[:6] == [
        "2",
        "E000000",
        "C000000",
        "accept",
        "2024-01-22 01:15:00+00",
        "2024-01-22",
    ]
    import_events(path, strict=False)
    assert CaseEvent.objects.get(event_id="E000009").occurred_at == dt.datetime(
        2024, 1, 26, 2, 15, tzinfo=dt.UTC
    )  # 10:15 Beijing time


def test_rows_the_fast_checks_cannot_vouch_for_go_through_the_row_checker(
    tmp_path: Path, police: Department
) -> None:
    rows = events(4)
    rows[1][3] = "2024-01-22T09:30:00+08:00"  # an offset: valid, not the fast spelling
    rows[2][2] = "ACCEPT"  # a code in capitals: valid
    rows[2][1] = "C999999"
    rows[3][4] = "公安厅"
    result = import_events(write(tmp_path / "mixed.csv", rows), strict=False)
    assert result.created == 4
    assert str(CaseEvent.objects.get(event_id="E000001").occurred_at) == "2024-01-22 01:30:00+00:00"
    assert CaseEvent.objects.get(event_id="E000002").kind == "accept"


def test_errors_from_many_blocks_are_named_in_row_order_and_all_counted(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "STAGE_BATCH", 7)
    rows = events(200)
    for i in range(0, 200, 2):
        rows[i][2] = "visit"  # 100 unknown kinds
    rows[3][3] = "2024-13-01T09:00:00"
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "bad.csv", rows))
    assert caught.value.total == 101
    named = [(e.row, e.field) for e in caught.value.errors]
    assert len(named) == 50
    assert named[:3] == [(2, "kind"), (4, "kind"), (5, "occurred_at")]
    assert named == sorted(named)
    assert nothing_written()


def test_a_ragged_file_is_read_row_by_row_with_the_same_result(
    tmp_path: Path, police: Department
) -> None:
    rows = [r[:8] for r in events(9)]  # the header names channel, the rows leave it out
    result = import_events(write(tmp_path / "ragged.csv", rows))
    assert (result.rows, result.created) == (9, 9)
    with pytest.raises(columnar.Irregular):
        list(
            columnar.blocks(
                tmp_path / "ragged.csv",
                None,
                kinds={},
                channels={},
                departments={},
                strict=False,
                rows_per_block=10,
            )
        )


def test_the_index_is_rebuilt_when_the_file_is_at_least_as_large_as_the_log() -> None:
    assert not rebuild_indexes(50_000, 0, "postgresql")  # below the minimum: kept
    assert rebuild_indexes(2_000_000, 0, "postgresql")
    assert rebuild_indexes(2_000_000, 2_000_000, "postgresql")
    assert not rebuild_indexes(2_000_000, 10_000_000, "postgresql")
    # SQLite's build holds the write lock: only while the log stays small.
    assert rebuild_indexes(200_000, 0, "sqlite")
    assert not rebuild_indexes(200_000, 100_000, "sqlite")
    assert not rebuild_indexes(2_000_000, 0, "sqlite")


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, CaseEvent._meta.db_table)
    return {name for name, c in constraints.items() if c["index"]}


def test_a_rebuilding_import_drops_and_builds_the_index_again(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "REBUILD_MIN_ROWS", 10)
    executed: list[str] = []
    real = importer._secondary_index

    def spy() -> tuple[str, str]:
        name, sql = real()
        executed.append(name)
        return name, sql

    monkeypatch.setattr(importer, "_secondary_index", spy)
    result = import_events(write(tmp_path / "first.csv", events(30)))
    assert result.steps[importer.REBUILD_STEP] >= 0 and executed == [
        "caseevent_day_kind_dept",
        "caseevent_day_kind_dept",
    ]
    assert "caseevent_day_kind_dept" in index_names()
    executed.clear()
    # 20 rows into a log of 30: the index is kept up to date row by row.
    import_events(write(tmp_path / "second.csv", events(20, start=30)))
    assert executed == []
    assert CaseEvent.objects.count() == 50 and rollups_equal_the_log()


def test_a_failed_rebuilding_import_leaves_the_index_and_nothing_else(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "REBUILD_MIN_ROWS", 10)
    rows = events(30)
    rows.append(["E000001", "C000000", "accept", "2024-01-25T09:00:00", "公安厅", "", "A01",
                 "S001", ""])  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "conflict.csv", rows))
    assert "重复且内容不同" in caught.value.errors[0].message
    assert "caseevent_day_kind_dept" in index_names()
    assert nothing_written()


def test_rows_are_published_by_chunks_each_with_its_rollups(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "PUBLISH_ROWS", 4)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 4)
    seen: list[tuple[int, int, int]] = []
    real = rollups.add_counts_sql  # the function importer calls by that name

    def spy(sql: str, params: Sequence[Any] = ()) -> None:
        real(sql, params)
        seen.append(
            (
                CaseEvent.objects.count(),
                sum(DailyCount.objects.values_list("count", flat=True)),
                Case.objects.count(),
            )
        )

    monkeypatch.setattr(importer, "add_counts_sql", spy)
    if connection.vendor == "sqlite":
        import_events(write(tmp_path / "chunks.csv", events(10)))
        # Every case (4 of them) first, then the events four by four, each chunk with its counts.
        assert seen == [(4, 4, 4), (8, 8, 4), (10, 10, 4)]
    else:
        # PostgreSQL's chunks are whole pages of the sorted rows (ninth pass): enough rows for
        # several pages; every case (100) first, then each chunk with its counts.
        import_events(write(tmp_path / "chunks.csv", events(300)))
        assert len(seen) > 2 and seen[-1] == (300, 300, 100)
        assert all(logged == counted and cases == 100 for logged, counted, cases in seen)
        assert [logged for logged, _, _ in seen] == sorted({logged for logged, _, _ in seen})
    assert ImportBatch.objects.get().publishing_by == ""
    assert set(Case.objects.values_list("import_batch", flat=True)) == {
        ImportBatch.objects.get().pk
    }


def test_a_conflict_found_after_chunks_were_published_takes_all_of_them_back(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "PUBLISH_ROWS", 3)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 3)
    import_events(write(tmp_path / "first.csv", events(6)))
    before = (CaseEvent.objects.count(), Case.objects.count(), ImportBatch.objects.count())
    rows = events(12, start=6)
    rows.append(
        ["E000002", "C000000", "consult", "2024-01-26T09:00:00", "公安厅", "", "A01", "S001", ""]
    )  # fmt: skip  (in the log with other content)
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "second.csv", rows))
    assert "已导入且内容不同" in caught.value.errors[0].message
    assert (CaseEvent.objects.count(), Case.objects.count(), ImportBatch.objects.count()) == before
    assert rollups_equal_the_log()


def dead_process() -> str:
    child = subprocess.Popen(["true"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}"


def test_an_import_killed_while_publishing_is_taken_back_by_the_next(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "PUBLISH_ROWS", 3)
    monkeypatch.setattr(importer, "PUBLISH_MAX_ROWS", 3)
    import_events(write(tmp_path / "killed.csv", events(9)))
    killed = ImportBatch.objects.get()
    # As a SIGKILL after the cases and some chunks: the batch still marked, by a dead process.
    ImportBatch.objects.filter(pk=killed.pk).update(publishing_by=dead_process())
    CaseEvent.objects.filter(event_id__gte="E000006").delete()  # its last chunk never came
    assert importer.recover_dead_imports() == 1
    assert nothing_written()
    result = import_events(write(tmp_path / "killed.csv", events(9)))
    assert result.created == 9 and rollups_equal_the_log()


def test_an_import_of_a_live_process_is_left_alone(tmp_path: Path, police: Department) -> None:
    import_events(write(tmp_path / "live.csv", events(3)))
    ImportBatch.objects.update(publishing_by=importer._this_process())
    assert importer.recover_dead_imports() == 0
    assert CaseEvent.objects.count() == 3


# ---- the case table's secondary indexes (issue 24) ---------------------------------------------


def case_index_names() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Case._meta.db_table)
    return {
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"]
    }


def dropped_case_indexes(queries: list[dict[str, str]]) -> set[str]:
    found = set()
    for query in queries:
        sql = query["sql"]
        if sql.startswith("DROP INDEX IF EXISTS") and "caseevent" not in sql:
            found.add(sql.rsplit(" ", 1)[-1].strip('"'))
    return found


def test_a_large_import_builds_the_case_indexes_again_on_postgresql_only(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(importer, "REBUILD_MIN_ROWS", 5)
    before = case_index_names()
    assert {"case_accepted_at", "case_dept_completed"} <= before
    with CaptureQueriesContext(connection) as seen:
        result = import_events(write(tmp_path / "cases.csv", events(30)))
    assert result.created == 30 and Case.objects.count() == 10
    dropped = dropped_case_indexes(seen.captured_queries)
    # PostgreSQL drops every secondary index of the case table and builds it again; SQLite's
    # build would hold the one write lock: its indexes are kept up to date row by row.
    assert dropped == (before if connection.vendor == "postgresql" else set())
    assert case_index_names() == before
    # The indexes serve again: the cases of a department read through them.
    assert Case.objects.filter(department=police, accepted_at__isnull=False).count() == 10
    # 10 new cases into a table of 10: no rebuild below the minimum rows.
    monkeypatch.setattr(importer, "REBUILD_MIN_ROWS", 11)
    with CaptureQueriesContext(connection) as seen:
        import_events(write(tmp_path / "more.csv", events(30, start=30)))
    assert dropped_case_indexes(seen.captured_queries) == set()
    assert Case.objects.count() == 20 and case_index_names() == before


def test_a_failure_after_the_new_cases_leaves_the_case_indexes_and_nothing_else(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(importer, "REBUILD_MIN_ROWS", 5)
    before = case_index_names()
    rows = events(30)
    # A conflict found only once the cases are in and the events published.
    rows.append(["E000001", "C000000", "accept", "2024-01-25T09:00:00", "公安厅", "", "A01",
                 "S001", ""])  # fmt: skip
    with CaptureQueriesContext(connection) as seen, pytest.raises(ImportRejected):
        import_events(write(tmp_path / "conflict.csv", rows))
    if connection.vendor == "postgresql":
        assert dropped_case_indexes(seen.captured_queries) == before
    assert case_index_names() == before
    assert nothing_written()


def test_a_dead_imports_dropped_case_indexes_are_built_by_the_next(
    tmp_path: Path, police: Department
) -> None:
    import_events(write(tmp_path / "dead.csv", events(9)))
    before = case_index_names()
    # As a SIGKILL between the drop and the build (PostgreSQL drops them; on SQLite the same
    # recovery finds them all present and builds nothing).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute('DROP INDEX "case_accepted_at"')
            cursor.execute('DROP INDEX "case_dept_completed"')
        assert "case_accepted_at" not in case_index_names()
    ImportBatch.objects.update(publishing_by=dead_process())
    assert importer.recover_dead_imports() == 1
    assert case_index_names() == before and nothing_written()

"""The streamed, set-based import: whole files or nothing, errors by row, re-runs change nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from servicehall.cases.eventfile import COLUMNS
from servicehall.cases.importer import import_events
from servicehall.cases.models import Case, CaseEvent, DailyCount, ImportBatch
from servicehall.core.tabular import MAX_REPORTED_ERRORS, ImportRejected
from servicehall.figures import Period, case_counts
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

HEADER = list(COLUMNS)
WEEK = Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def events(n: int, start: int = 0) -> list[list[str]]:
    return [
        [f"E{i:06d}", f"C{i // 3:06d}", "accept" if i % 3 == 0 else "transfer",
         f"2024-01-{22 + i % 5:02d}T{9 + i % 8:02d}:15:00", "公安厅", "", "A01", "S001"]
        for i in range(start, start + n)
    ]  # fmt: skip


def nothing_written() -> bool:
    return not (
        CaseEvent.objects.exists()
        or Case.objects.exists()
        or ImportBatch.objects.exists()
        or DailyCount.objects.exists()
    )


def test_a_bad_row_at_the_end_of_a_large_file_rejects_it_naming_that_row(
    tmp_path: Path, police: Department
) -> None:
    bad = ["E999999", "C1", "accept", "2024-13-01T09:00:00", "公安厅", "", "", ""]
    rows = [*events(20_000), bad]
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "big.csv", rows))
    assert [(e.row, e.field) for e in caught.value.errors] == [(20_002, "occurred_at")]
    assert nothing_written()


def test_every_error_is_counted_and_the_first_fifty_are_named(
    tmp_path: Path, police: Department
) -> None:
    rows = [[f"E{i}", "", "visit", "2024-01-22T09:00:00", "", "", "", ""] for i in range(70)]
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "bad.csv", rows))
    assert caught.value.total == 70
    assert len(caught.value.errors) == MAX_REPORTED_ERRORS
    assert caught.value.errors[0].row == 2 and caught.value.errors[-1].row == 51
    assert "另有 20 处错误" in str(caught.value)
    assert nothing_written()


def test_hostile_cells_are_row_errors_not_tracebacks(tmp_path: Path, police: Department) -> None:
    rows = [
        ["E1", "C1", "accept", "9999-12-31T23:59:59", "公安厅", "", "", ""],
        ["E2", "C2", "accept", "0001-01-01T00:00:00+08:00", "公安厅", "", "", ""],
        ["E3", "C3\x00", "accept", "2024-01-22T09:00:00", "公安厅", "", "", ""],
        ["E4", "C4", "accept", "2024-01-22T09:00:00", "公安厅" * 60, "", "", ""],
    ]
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "hostile.csv", rows))
    assert [(e.row, e.field) for e in caught.value.errors] == [
        (2, "occurred_at"),
        (3, "occurred_at"),
        (4, "文件"),
        (5, "department"),
    ]
    assert nothing_written()


def test_a_gb18030_file_imports(tmp_path: Path, police: Department) -> None:
    rows = [["E1", "C1", "受理", "2024-01-22T09:00:00", "公安厅", "", "", ""]]
    result = import_events(write(tmp_path / "gbk.csv", rows, encoding="gb18030"))
    assert result.created == 1 and CaseEvent.objects.get().department == police


def test_the_same_events_in_another_file_are_skipped_without_a_batch(
    tmp_path: Path, police: Department
) -> None:
    first = import_events(write(tmp_path / "a.csv", events(30)))
    other = write(tmp_path / "b.csv", events(30)[::-1])  # other bytes, the same events
    again = import_events(other)
    assert (first.created, again.created, again.skipped, again.batch_id) == (30, 0, 30, None)
    assert ImportBatch.objects.count() == 1
    assert case_counts(WEEK)["accept"] == 10


def test_a_file_overlapping_the_log_adds_only_its_new_events(
    tmp_path: Path, police: Department
) -> None:
    import_events(write(tmp_path / "a.csv", events(30)))
    result = import_events(write(tmp_path / "b.csv", events(30, start=15)))
    assert (result.rows, result.created, result.skipped) == (30, 15, 15)
    assert CaseEvent.objects.count() == 45
    assert case_counts(WEEK)["transfer"] == 30 and case_counts(WEEK)["accept"] == 15
    assert Case.objects.count() == 15


def test_an_identical_row_twice_in_a_file_counts_once(tmp_path: Path, police: Department) -> None:
    rows = [*events(3), *events(1)]
    result = import_events(write(tmp_path / "twice.csv", rows))
    assert (result.rows, result.created, result.skipped) == (4, 3, 1)
    assert case_counts(WEEK)["accept"] == 1


def test_progress_is_reported_while_reading(
    tmp_path: Path, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servicehall.cases import importer

    monkeypatch.setattr(importer, "STAGE_BATCH", 10)
    seen: list[tuple[int, str]] = []
    import_events(write(tmp_path / "p.csv", events(35)), progress=lambda *at: seen.append(at))
    reading, writing = importer.READING, importer.WRITING
    assert seen == [(10, reading), (20, reading), (30, reading), (35, reading), (35, writing)]

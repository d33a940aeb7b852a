"""The event import: exact counts, all-or-nothing, safe to re-run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from servicehall.cases.eventfile import COLUMNS
from servicehall.cases.importer import import_events
from servicehall.cases.models import Case, CaseEvent, DailyCount, ImportBatch
from servicehall.core.tabular import ImportRejected
from servicehall.figures import Period, case_counts, stats
from servicehall.org.models import Department

HEADER = list(COLUMNS)
KINDS = ["consult", "accept", "transfer", "issue", "complete"]
CN_KINDS = {
    "consult": "咨询",
    "accept": "受理",
    "transfer": "流转",
    "issue": "颁发",
    "complete": "办结",
}

pytestmark = pytest.mark.django_db


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def row(
    event_id: str, kind: str, when: str, case: str = "C1", department: str = "公安厅"
) -> list[str]:
    return [event_id, case, kind, when, department, "ITEM-1", "A01", "S001"]


def random_events(rng: random.Random, n: int, start: dt.datetime, days: int) -> list[list[str]]:
    rows = []
    span = days * 86400
    for i in range(n):
        when = start + dt.timedelta(seconds=rng.randrange(span))
        kind = rng.choice(KINDS)
        label = CN_KINDS[kind] if rng.random() < 0.3 else kind
        rows.append(
            row(
                f"E{i:06d}",
                label,
                when.isoformat(timespec="seconds"),
                case=f"C{rng.randrange(n // 3 + 1)}",
            )
        )
    return rows


def expected_counts(rows: list[list[str]], start: dt.date, end: dt.date) -> dict[str, int]:
    reverse = {v: k for k, v in CN_KINDS.items()}
    counter: Counter[str] = Counter()
    for r in rows:
        day = dt.datetime.fromisoformat(r[3]).date()
        if start <= day <= end:
            counter[reverse.get(r[2], r[2])] += 1
    return {k: counter[k] for k in KINDS}


def test_random_file_gives_exact_counts_for_week_new_year_and_day(
    tmp_path: Path, police: Department
) -> None:
    rng = random.Random(20240122)
    rows = random_events(rng, 12_000, dt.datetime(2023, 12, 1), 70)
    # Events on the stroke of midnight belong to the day they start.
    rows += [
        row("EDGE1", "consult", "2023-12-31T23:59:59"),
        row("EDGE2", "consult", "2024-01-01T00:00:00"),
        row("EDGE3", "accept", "2024-01-22T00:00:00"),
        row("EDGE4", "accept", "2024-01-26T23:59:59"),
        row("EDGE5", "accept", "2024-01-27T00:00:00"),
    ]
    result = import_events(write_csv(tmp_path / "events.csv", rows))
    assert result.created == len(rows)
    for start, end in [
        (dt.date(2024, 1, 22), dt.date(2024, 1, 26)),
        (dt.date(2023, 12, 25), dt.date(2024, 1, 5)),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 1)),
        (dt.date(2023, 12, 31), dt.date(2023, 12, 31)),
    ]:
        got = stats(Period(start, end))
        assert got["period"] == expected_counts(rows, start, end) | {}
        assert got["ytd"] == expected_counts(rows, dt.date(end.year, 1, 1), end)


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path, police: Department) -> None:
    path = write_csv(
        tmp_path / "e.csv",
        [
            row("E1", "accept", "2024-01-22T09:00:00"),
            row("E2", "受理", "2024-01-22T10:00:00", case="C2"),
        ],
    )
    first = import_events(path)
    snapshot = (
        CaseEvent.objects.count(),
        Case.objects.count(),
        ImportBatch.objects.count(),
        list(DailyCount.objects.values_list("day", "kind", "count")),
    )
    second = import_events(path)
    assert (first.created, second.created, second.skipped) == (2, 0, 2)
    assert second.batch_id is None
    assert snapshot == (
        CaseEvent.objects.count(),
        Case.objects.count(),
        ImportBatch.objects.count(),
        list(DailyCount.objects.values_list("day", "kind", "count")),
    )


def test_a_bad_row_in_the_middle_rejects_the_whole_file_naming_row_and_field(
    tmp_path: Path, police: Department
) -> None:
    rows = [row(f"E{i}", "consult", "2024-01-22T09:00:00") for i in range(100)]
    rows[49] = row("E49", "consult", "2024-13-40T09:00:00")
    with pytest.raises(ImportRejected) as caught:
        import_events(write_csv(tmp_path / "bad.csv", rows))
    assert [(e.row, e.field) for e in caught.value.errors] == [(51, "occurred_at")]
    assert "第 51 行，occurred_at" in str(caught.value)
    assert CaseEvent.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_unknown_kind_is_rejected_with_its_row(tmp_path: Path, police: Department) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_events(
            write_csv(
                tmp_path / "k.csv",
                [row("E1", "consult", "2024-01-22T09:00"), row("E2", "审批", "2024-01-22T09:00")],
            )
        )
    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "kind")]


def test_unknown_department_is_rejected_only_when_departments_are_strict(
    tmp_path: Path, police: Department
) -> None:
    path = write_csv(
        tmp_path / "d.csv", [row("E1", "consult", "2024-01-22T09:00", department="不存在厅")]
    )
    with pytest.raises(ImportRejected) as caught:
        import_events(path, strict=True)
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "department")]
    result = import_events(path, strict=False)
    assert result.unknown_departments == ["不存在厅"]
    assert CaseEvent.objects.get().department_id is None


def test_a_known_id_with_different_content_is_a_conflict(
    tmp_path: Path, police: Department
) -> None:
    import_events(write_csv(tmp_path / "a.csv", [row("E1", "consult", "2024-01-22T09:00:00")]))
    with pytest.raises(ImportRejected) as caught:
        import_events(
            write_csv(
                tmp_path / "b.csv",
                [
                    row("E2", "consult", "2024-01-22T09:00:00"),
                    row("E1", "accept", "2024-01-22T09:00:00"),
                ],
            )
        )
    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "event_id")]
    assert CaseEvent.objects.count() == 1


def test_the_same_id_twice_in_one_file_with_different_content_is_rejected(
    tmp_path: Path, police: Department
) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_events(
            write_csv(
                tmp_path / "dup.csv",
                [row("E1", "consult", "2024-01-22T09:00"), row("E1", "accept", "2024-01-22T09:00")],
            )
        )
    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "event_id")]


def test_missing_column_is_named(tmp_path: Path, police: Department) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("event_id,kind,occurred_at\nE1,consult,2024-01-22T09:00\n", encoding="utf-8")
    with pytest.raises(
        ImportRejected, match="缺少列：case_id, department, item_code, window, staff"
    ):
        import_events(path)


def test_xlsx_with_chinese_kinds_and_real_datetimes_imports(
    tmp_path: Path, police: Department
) -> None:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.append(HEADER)
    sheet.append(
        ["X1", "C1", "受理", dt.datetime(2024, 1, 22, 9, 30), "公安厅", "ITEM", "A01", "S1"]
    )
    sheet.append(["X2", "C1", "流转", "2024-01-22T10:00:00+08:00", "公安厅", "ITEM", "A01", "S1"])
    sheet.append(["X3", "C1", "流转", "2024-01-22T03:00:00Z", "公安厅", "ITEM", "A01", "S1"])
    path = tmp_path / "e.xlsx"
    book.save(path)
    import_events(path)
    assert case_counts(Period(dt.date(2024, 1, 22), dt.date(2024, 1, 22))) == {
        "consult": 0,
        "accept": 1,
        "transfer": 2,
        "issue": 0,
        "complete": 0,
    }
    assert CaseEvent.objects.get(event_id="X1").department == police


def test_a_damaged_xlsx_is_a_clear_error(tmp_path: Path, police: Department) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportRejected, match="不是有效的 xlsx 文件"):
        import_events(path)


def test_rollups_equal_a_count_of_the_log(tmp_path: Path, police: Department) -> None:
    rng = random.Random(7)
    import_events(
        write_csv(tmp_path / "r.csv", random_events(rng, 3000, dt.datetime(2024, 1, 1), 40))
    )
    from_log = Counter(CaseEvent.objects.values_list("occurred_on", "kind"))
    from_rollup: Counter[tuple[dt.date, str]] = Counter()
    for day, kind, n in DailyCount.objects.values_list("day", "kind", "count"):
        from_rollup[(day, kind)] += n
    assert from_log == from_rollup


def test_stats_command_prints_the_spec_json(tmp_path: Path, police: Department) -> None:
    import_events(
        write_csv(
            tmp_path / "s.csv",
            [
                row("E1", "consult", "2024-01-02T09:00"),
                row("E2", "consult", "2024-01-22T09:00"),
                row("E3", "transfer", "2024-01-23T09:00"),
            ],
        )
    )
    out = io.StringIO()
    call_command(
        "stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json", "--repeat", "3", stdout=out
    )
    import json

    assert json.loads(out.getvalue()) == {
        "period": {"consult": 1, "accept": 0, "transfer": 1, "issue": 0, "complete": 0},
        "ytd": {"consult": 2, "accept": 0, "transfer": 1, "issue": 0, "complete": 0},
    }


def test_stats_command_rejects_a_wrong_date() -> None:
    with pytest.raises(CommandError, match="--from“2024-02-30”不是有效的日期"):
        call_command("stats", "--from", "2024-02-30", "--to", "2024-03-01", "--json")


def test_import_command_reports_failure_as_command_error(
    tmp_path: Path, police: Department
) -> None:
    path = write_csv(tmp_path / "bad.csv", [row("", "consult", "2024-01-22T09:00")])
    with pytest.raises(CommandError, match="第 2 行，event_id：不能为空"):
        call_command("import_events", str(path))


def test_an_accepted_case_gets_its_promised_date_on_the_working_day_calendar(
    tmp_path: Path, police: Department
) -> None:
    from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem

    service = ServiceItem.objects.create(
        department=police, code="S1", name="户籍", kind=ItemKind.PUBLIC
    )
    HandlingItem.objects.create(
        service_item=service,
        code="ITEM-1",
        name="迁入",
        listed_on=dt.date(2023, 1, 1),
        time_limit_days=3,
    )
    # Accepted on Thursday 2024-02-08: 9 Feb is a working day, 10–17 Feb the Spring Festival.
    import_events(
        write_csv(tmp_path / "p.csv", [row("E1", "accept", "2024-02-08T10:00:00", case="CASE-9")])
    )
    case = Case.objects.get(case_no="CASE-9")
    assert case.handling_item is not None
    assert (case.promised_days, case.promised_by, case.handling_item.code) == (
        3,
        dt.date(2024, 2, 19),
        "ITEM-1",
    )

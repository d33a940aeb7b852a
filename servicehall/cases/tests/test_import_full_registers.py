"""An events import into a hall whose registers and log are full (issue 24 part 1): the work of
its checks and of its last transaction follows the file, not the departments, windows and cases
already there. (Into the demo — 29 centers, 392 departments, 73 department windows — the
cross-department check read every staged row once per department: 27 s of a 200,000-row
import's 39 s on SQLite.)"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection

from servicehall.cases.importer import import_events
from servicehall.cases.models import Case
from servicehall.org.models import Center, Department, Window
from servicehall.testing.eventfiles import write_event_file
from servicehall.testing.factories import HandlingItemFactory

if TYPE_CHECKING:
    from servicehall.figures.indicator_rollups import Key

pytestmark = pytest.mark.django_db


def _write(path: Path, prefix: str, rows: int) -> Path:
    """Acceptances of 公安厅's item, half at 水利厅's own window (other-department 受理)."""
    return write_event_file(path, _rows(prefix, rows))


def _rows(prefix: str, rows: int) -> Iterator[list[str]]:
    for i in range(rows):
        window = "B05" if i % 2 else "A01"
        yield [f"{prefix}{i}", f"{prefix}C{i}", "受理", f"2024-01-22T09:{i % 60:02d}:00",
               "公安厅", "H-GA-1", window, "S1"]  # fmt: skip


def _vm_steps(path: Path) -> int:
    """SQLite's virtual-machine instructions (in thousands) an import of ``path`` runs, the
    planner's statistics fresh (as ``servicehall demo`` and the migrations leave them)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    raw = connection.connection
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    raw.set_progress_handler(count, 1000)
    try:
        result = import_events(path, strict=False)
    finally:
        raw.set_progress_handler(None, 1000)
    assert result.created > 0
    return steps[0]


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's instruction count; PostgreSQL hashes the join"
)
def test_the_cross_department_checks_read_the_file_once_however_many_departments_have_windows(
    tmp_path: Path, center: Center, police: Department, water: Department
) -> None:
    HandlingItemFactory(code="H-GA-1", name="首次申领", service_item__department=police)
    Window.objects.create(
        center=center, code="A01", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
    )
    Window.objects.create(
        center=center, code="B05", kind=Window.Kind.DEPARTMENT, department=water,
        opened_on="2020-01-01",
    )  # fmt: skip
    rows = 3000
    few = _vm_steps(_write(tmp_path / "a.csv", "A", rows))
    # The demo's registers: 28 centers below this one, 14 departments and 3 department
    # windows each.
    for k in range(28):
        child = Center.objects.create(name=f"分中心{k}", parent=center)
        for i in range(14):
            department = Department.objects.create(center=child, name=f"部门{k}-{i}")
            if i < 3:
                Window.objects.create(
                    center=child, code=f"D{i:02d}", kind=Window.Kind.DEPARTMENT,
                    department=department, opened_on="2020-01-01",
                )  # fmt: skip
    many = _vm_steps(_write(tmp_path / "b.csv", "B", rows))
    # Before: with these registers SQLite's planner put the departments outside the staged
    # rows, and read every staged 受理 once per department, twice (the check, the 代收 cases).
    assert many < 1.3 * few, (few, many)
    assert Case.objects.filter(case_no__startswith="BC").count() == rows


def _cases_read_by_scans() -> int:
    """Rows of the case table PostgreSQL has read by sequential scans in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(seq_tup_read), 0) FROM pg_stat_xact_user_tables "
            "WHERE relname = %s",
            [Case._meta.db_table],
        )
        return int(cursor.fetchone()[0])


def test_the_indicator_counts_of_an_imports_new_cases_read_only_those_cases(
    tmp_path: Path, center: Center, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chunk of new cases is counted for the indicators' rollups, measure by measure. As
    ``pk IN (subquery)`` PostgreSQL hashed the whole case table against the chunk's ids for each
    measure: 2M rows into the demo spent 53 s on new cases, most of it reading old ones. The
    same 300 new cases are counted beside no old case, then beside 5,000: PostgreSQL reads the
    case table by no scan (its own statistics); SQLite, which looks the ids up, runs hardly more
    instructions (its virtual machine's, in thousands)."""
    from servicehall.figures import indicator_rollups

    sqlite = connection.vendor == "sqlite"
    steps = [0]

    def work() -> int:
        return steps[0] if sqlite else _cases_read_by_scans()

    spent: list[int] = []
    real = indicator_rollups.counts

    def counting(*args: Any, **kwargs: Any) -> Counter[Key]:  # indicator_rollups.counts's own
        before = work()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(work() - before)

    def tick() -> int:
        steps[0] += 1
        return 0

    monkeypatch.setattr(indicator_rollups, "counts", counting)
    HandlingItemFactory(code="H-GA-1", name="首次申领", service_item__department=police)
    connection.ensure_connection()
    if sqlite:
        connection.connection.set_progress_handler(tick, 1000)
    try:
        result = import_events(_write(tmp_path / "a.csv", "A", 300), strict=False)
        assert result.created == 300 and spent  # the new cases were counted
        alone, spent[:] = max(spent), []
        Case.objects.bulk_create(
            Case(case_no=f"OLD{i:05d}", department=police,
                 accepted_at=f"2024-01-{1 + i % 28:02d}T01:00Z",
                 completed_at=f"2024-02-{1 + i % 28:02d}T01:00Z")
            for i in range(5000)
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if sqlite else f"ANALYZE {Case._meta.db_table}")
        result = import_events(_write(tmp_path / "b.csv", "B", 300), strict=False)
    finally:
        if sqlite:
            connection.connection.set_progress_handler(None, 1000)
    assert result.created == 300 and spent
    if sqlite:
        # 47 → 48 thousand; a scan of the old cases in each measure's count added ≥ 20.
        assert max(spent) < alone + 10, (alone, spent)
    else:
        assert max(spent) < 1000, spent  # before: ≥ 5,000 per measure

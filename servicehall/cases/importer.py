"""Import of case events from .csv and .xlsx files (办件事件导入): validate all, write once.

Parse → validate every row (errors numbered by file row and column) → one atomic write →
rollups refreshed for the days touched. A file that has been imported before changes nothing;
a row whose event_id exists with different content rejects the whole file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from servicehall.cases.eventfile import COLUMNS, EVENT_COLUMNS, REQUIRED, TEXT_LIMITS
from servicehall.cases.models import Case, CaseEvent, EventKind, ImportBatch
from servicehall.cases.rollups import add_counts
from servicehall.core.localtime import SHANGHAI
from servicehall.core.tabular import (
    ImportRejected,
    RowError,
    read_table,
)
from servicehall.org.models import Department

# As the import page and every error about a kind word it: codes or Chinese names.
KIND_NAMES = f"{'/'.join(EventKind.values)} 或 {'/'.join(EventKind.labels)}"
QUERY_CHUNK = 900  # below SQLite's oldest limit of 999 bound parameters


@dataclass
class ParsedEvent:
    row: int
    event_id: str
    case_no: str
    kind: str
    occurred_at: dt.datetime
    department_name: str
    department_id: int | None
    item_code: str
    window_code: str
    staff_ref: str

    def content(self) -> tuple:
        """What must match for a repeated event_id to be the same event (times in UTC)."""
        return (
            self.case_no,
            self.kind,
            self.occurred_at.astimezone(dt.UTC),
            self.department_name,
            self.item_code,
            self.window_code,
            self.staff_ref,
        )


@dataclass
class ImportResult:
    """What an import did (导入结果)."""

    rows: int
    created: int
    skipped: int
    batch_id: int | None
    unknown_departments: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "skipped": self.skipped,
            "batch": self.batch_id,
            "unknown_departments": self.unknown_departments,
        }


def read_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (file row number, {column: text}) for an events file."""
    return read_table(path, data, COLUMNS)


def parse_time(text: str) -> dt.datetime:
    """ISO 8601 local time; a time without offset is Asia/Shanghai local time."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if timezone.is_naive(value):
        value = value.replace(tzinfo=SHANGHAI)
    return value


class DepartmentResolver:
    """Department names (and aliases) of the register → ids."""

    def __init__(self) -> None:
        self.by_name: dict[str, int] = {}
        for dept in Department.objects.all():
            self.by_name[dept.name] = dept.pk
            for alias in dept.alias_list():
                self.by_name.setdefault(alias, dept.pk)

    def resolve(self, name: str) -> int | None:
        return self.by_name.get(name)


def validate(
    rows: Iterator[tuple[int, dict[str, str]]], *, strict_departments: bool
) -> tuple[list[ParsedEvent], list[RowError], int]:
    """Check every row; return the parsed events, the errors and the row count."""
    resolver = DepartmentResolver()
    events: list[ParsedEvent] = []
    errors: list[RowError] = []
    seen: dict[str, ParsedEvent] = {}
    count = 0
    for number, raw in rows:
        count += 1
        row_errors: list[RowError] = []
        for column in REQUIRED:
            if not raw[column]:
                row_errors.append(RowError(number, column, "不能为空"))
        kind = EventKind.from_name(raw["kind"]) if raw["kind"] else None
        if raw["kind"] and kind is None:
            row_errors.append(
                RowError(
                    number,
                    "kind",
                    f"未知环节“{raw['kind']}”，应为 {KIND_NAMES}",
                )
            )
        occurred_at = None
        if raw["occurred_at"]:
            try:
                occurred_at = parse_time(raw["occurred_at"])
            except ValueError:
                row_errors.append(
                    RowError(
                        number,
                        "occurred_at",
                        f"无法识别的时间“{raw['occurred_at']}”，应为 ISO 8601，如 2024-01-22T09:30:00",
                    )
                )
        department_id = resolver.resolve(raw["department"]) if raw["department"] else None
        if raw["department"] and department_id is None and strict_departments:
            row_errors.append(
                RowError(number, "department", f"部门“{raw['department']}”不在进驻部门名录中")
            )
        for column, limit in TEXT_LIMITS:
            if len(raw[column]) > limit:
                row_errors.append(RowError(number, column, f"超过 {limit} 个字符"))
        if row_errors or kind is None or occurred_at is None:
            errors.extend(row_errors)
            continue
        event = ParsedEvent(
            row=number,
            event_id=raw["event_id"],
            case_no=raw["case_id"],
            kind=kind,
            occurred_at=occurred_at,
            department_name=raw["department"],
            department_id=department_id,
            item_code=raw["item_code"],
            window_code=raw["window"],
            staff_ref=raw["staff"],
        )
        earlier = seen.get(event.event_id)
        if earlier is not None:
            if earlier.content() != event.content():
                errors.append(
                    RowError(
                        number,
                        "event_id",
                        f"事件编号 {event.event_id} 与第 {earlier.row} 行重复且内容不同",
                    )
                )
            continue
        seen[event.event_id] = event
        events.append(event)
    return events, errors, count


def _existing(event_ids: list[str]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for start in range(0, len(event_ids), QUERY_CHUNK):
        chunk = event_ids[start : start + QUERY_CHUNK]
        for row in CaseEvent.objects.filter(event_id__in=chunk).values_list(
            *(c.field for c in EVENT_COLUMNS)
        ):
            found[row[0]] = row[1:]
    return found


def import_events(
    path: Path,
    *,
    data: bytes | None = None,
    strict_departments: bool | None = None,
    imported_by: str = "",
) -> ImportResult:
    """Import one events file, all or nothing; importing it again changes nothing."""
    from django.conf import settings

    if strict_departments is None:
        strict_departments = settings.SERVICEHALL_STRICT_DEPARTMENTS
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportRejected([RowError(0, "文件", f"无法读取：{exc.strerror}")]) from exc
    events, errors, total = validate(read_rows(path, data), strict_departments=strict_departments)
    if errors:
        raise ImportRejected(errors)

    with transaction.atomic():
        existing = _existing([e.event_id for e in events])
        new: list[ParsedEvent] = []
        for event in events:
            stored = existing.get(event.event_id)
            if stored is None:
                new.append(event)
            elif _stored_content(stored) != event.content():
                errors.append(
                    RowError(event.row, "event_id", f"事件编号 {event.event_id} 已导入且内容不同")
                )
        if errors:
            raise ImportRejected(errors)
        unknown = sorted(
            {e.department_name for e in events if e.department_name and e.department_id is None}
        )
        if not new:
            return ImportResult(
                rows=total,
                created=0,
                skipped=len(events),
                batch_id=None,
                unknown_departments=unknown,
            )
        batch = ImportBatch.objects.create(
            kind="events",
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            rows=total,
            created_rows=len(new),
            skipped_rows=len(events) - len(new),
            imported_by=imported_by,
        )
        case_ids = _ensure_cases(new)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    event_id=e.event_id,
                    case_id=case_ids.get(e.case_no),
                    case_no=e.case_no,
                    kind=e.kind,
                    occurred_at=e.occurred_at,
                    occurred_on=timezone.localtime(e.occurred_at).date(),
                    department_id=e.department_id,
                    department_name=e.department_name,
                    item_code=e.item_code,
                    window_code=e.window_code,
                    staff_ref=e.staff_ref,
                    batch=batch,
                )
                for e in new
            ],
            batch_size=2000,
        )
        add_counts(
            Counter(
                (timezone.localtime(e.occurred_at).date(), e.kind, e.department_id) for e in new
            ).items()
        )
    return ImportResult(
        rows=total,
        created=len(new),
        skipped=len(events) - len(new),
        batch_id=batch.pk,
        unknown_departments=unknown,
    )


def _stored_content(stored: tuple) -> tuple:
    case_no, kind, occurred_at, department_name, item_code, window_code, staff_ref = stored
    return (
        case_no,
        kind,
        occurred_at.astimezone(dt.UTC),
        department_name,
        item_code,
        window_code,
        staff_ref,
    )


def _ensure_cases(events: list[ParsedEvent]) -> dict[str, int]:
    """Cases named by the events, created where new; returns case_no → id.

    A case first seen at its acceptance gets its 办理项 (by item code) and the promised
    completion date on the working-day calendar.
    """
    from servicehall.catalog.models import HandlingItem
    from servicehall.core.workdays import add_working_days

    first: dict[str, ParsedEvent] = {}
    for event in events:
        if event.case_no and event.case_no not in first:
            first[event.case_no] = event
    numbers = list(first)
    ids: dict[str, int] = {}
    for start in range(0, len(numbers), QUERY_CHUNK):
        chunk = numbers[start : start + QUERY_CHUNK]
        ids.update(Case.objects.filter(case_no__in=chunk).values_list("case_no", "pk"))
    missing = [n for n in numbers if n not in ids]
    codes = sorted({first[n].item_code for n in missing if first[n].item_code})
    items: dict[str, tuple[int, int | None]] = {}
    for start in range(0, len(codes), QUERY_CHUNK):
        chunk = codes[start : start + QUERY_CHUNK]
        for pk, code, days in HandlingItem.objects.filter(code__in=chunk).values_list(
            "pk", "code", "time_limit_days"
        ):
            items[code] = (pk, days)
    cases = []
    for n in missing:
        event = first[n]
        case = Case(case_no=n, department_id=event.department_id)
        item_id, days = items.get(event.item_code, (None, None))
        case.handling_item_id = item_id
        if event.kind == EventKind.ACCEPT:
            case.accepted_at = event.occurred_at
            if days:
                case.promised_days = days
                case.promised_by = add_working_days(
                    timezone.localtime(event.occurred_at).date(), days
                )
        cases.append(case)
    Case.objects.bulk_create(cases, batch_size=2000)
    for start in range(0, len(missing), QUERY_CHUNK):
        chunk = missing[start : start + QUERY_CHUNK]
        ids.update(Case.objects.filter(case_no__in=chunk).values_list("case_no", "pk"))
    return ids

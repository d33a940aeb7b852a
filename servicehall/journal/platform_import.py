"""Import of the integrated platform's daily figures (一体化平台办件统计导入).

Columns: ``day, item_kind, accepted, completed`` (.csv or .xlsx); ``item_kind`` is a kind code
(license, public, penalty …) or its Chinese name (行政许可, 公共服务, 行政处罚 …). Every row is
checked first and any error rejects the whole file. A day and kind already held with the same
numbers is left alone; with other numbers it is updated (the platform revises its statistics),
and the result says how many rows changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from servicehall.cases.models import ImportBatch
from servicehall.catalog.models import ItemKind
from servicehall.core.dates import DateError, parse_date
from servicehall.core.tabular import ImportRejected, RowError, read_table
from servicehall.core.text import record_id
from servicehall.journal.models import PlatformDailyCount

COLUMNS = ("day", "item_kind", "accepted", "completed")
# The file's columns as the pages name them (文件列的中文名).
COLUMN_LABELS = {"day": "日期", "item_kind": "事项类型", "accepted": "受理", "completed": "办结"}
KINDS = {**{k: k for k in ItemKind.values}, **{label: value for value, label in ItemKind.choices}}


@dataclass
class PlatformImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    # What was written, one dict per added or changed day and kind (new and former figures).
    changes: list[dict[str, object]] = field(default_factory=list)


# A day's count of one kind of item in one province: far below this, and the column's limit.
MAX_DAILY_COUNT = 2_147_483_647


def _count(raw: str, number: int, column: str, errors: list[RowError]) -> int | None:
    text = raw.replace(",", "").strip()
    value = record_id(text)
    if value is None and not (text.isascii() and text.isdigit()):
        errors.append(RowError(number, column, f"应为非负整数，而不是“{raw}”"))
        return None
    if value is None or value > MAX_DAILY_COUNT:
        errors.append(RowError(number, column, f"“{raw}”过大（一日最多 {MAX_DAILY_COUNT}）"))
        return None
    return value


def import_platform_counts(
    path: str | Path, *, data: bytes | None = None, imported_by: str = ""
) -> PlatformImportResult:
    """Import one file of platform figures, all or nothing; re-importing it changes nothing."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    errors: list[RowError] = []
    parsed: dict[tuple[dt.date, str], tuple[int, int, int]] = {}
    total = 0
    for number, raw in read_table(path, data, COLUMNS):
        total += 1
        day = None
        try:
            # An .xlsx date cell arrives as "2023-01-03T00:00:00".
            day = parse_date(raw["day"].removesuffix("T00:00:00"))
        except DateError as exc:
            errors.append(RowError(number, "day", str(exc)))
        kind = KINDS.get(raw["item_kind"])
        if kind is None:
            errors.append(RowError(number, "item_kind", f"未知事项类型“{raw['item_kind']}”"))
        accepted = _count(raw["accepted"], number, "accepted", errors)
        completed = _count(raw["completed"], number, "completed", errors)
        if day is None or kind is None or accepted is None or completed is None:
            continue
        earlier = parsed.get((day, kind))
        if earlier is not None and earlier[:2] != (accepted, completed):
            errors.append(
                RowError(
                    number, "day", f"{day} {raw['item_kind']} 与第 {earlier[2]} 行重复且数字不同"
                )
            )
        parsed[(day, kind)] = (accepted, completed, number)
    if errors:
        raise ImportRejected(errors)

    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {
            (row.day, row.item_kind): row
            for row in PlatformDailyCount.objects.filter(day__in={day for day, _ in parsed})
        }
        changes: list[PlatformDailyCount] = []
        shown: list[dict[str, object]] = []
        for (day, kind), (accepted, completed, number) in parsed.items():
            row = existing.get((day, kind))
            change: dict[str, object] = {
                "row": number,
                "day": day.isoformat(),
                "item_kind": ItemKind(kind).label,
                "accepted": accepted,
                "completed": completed,
            }
            if row is None:
                changes.append(
                    PlatformDailyCount(
                        day=day, item_kind=kind, accepted=accepted, completed=completed
                    )
                )
                created += 1
                shown.append({**change, "action": "新增"})
            elif (row.accepted, row.completed) != (accepted, completed):
                shown.append(
                    {
                        **change,
                        "action": "更新",
                        "was_accepted": row.accepted,
                        "was_completed": row.completed,
                    }
                )
                row.accepted, row.completed = accepted, completed
                changes.append(row)
                updated += 1
            else:
                unchanged += 1
        if not changes:
            return PlatformImportResult(total, 0, 0, unchanged)
        batch = ImportBatch.objects.create(
            kind="platform",
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            rows=total,
            created_rows=created + updated,
            skipped_rows=unchanged,
            imported_by=imported_by,
        )
        for row in changes:
            row.batch = batch
            row.save()  # one by one: a revision of an earlier figure belongs in the change history
    return PlatformImportResult(total, created, updated, unchanged, shown)

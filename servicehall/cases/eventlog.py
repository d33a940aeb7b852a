"""Bulk appends to the case event log (办件事件批量写入), with the rollups kept in step.

The window desk and the API write one event at a time through ``services.record_event``; an
events file goes through ``importer.import_events``; a data set written whole (the demo) comes
through here. Each of them adds its events to the daily rollups in the same transaction
(``cases.rollups``), so a count read from the rollups always equals a count of the log.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from servicehall.cases.models import CaseEvent
from servicehall.cases.rollups import add_counts
from servicehall.core.bulk import db_datetime, insert_rows
from servicehall.core.localtime import SHANGHAI

_FIELDS = (
    "event_id",
    "case",
    "case_no",
    "kind",
    "occurred_at",
    "occurred_on",
    "department",
    "department_name",
    "item_code",
    "window_code",
    "staff_ref",
    "batch",
    "recorded_at",
)


@dataclass(frozen=True)
class LogRow:
    """One event to append (待写入事件), with its case and department already resolved."""

    event_id: str
    case_id: int | None
    case_no: str
    kind: str
    occurred_at: dt.datetime  # aware
    department_id: int | None
    department_name: str
    item_code: str = ""
    window_code: str = ""
    staff_ref: str = ""
    batch_id: int | None = None


@transaction.atomic
def append_events(rows: Iterable[LogRow]) -> int:
    """Append ``rows`` to the log and recount the rollups of their days; returns how many."""
    recorded_at = db_datetime(timezone.now())
    added: Counter[tuple[dt.date, str, int | None]] = Counter()

    def values(row: LogRow) -> tuple[object, ...]:
        day = row.occurred_at.astimezone(SHANGHAI).date()
        added[(day, row.kind, row.department_id)] += 1
        return (
            row.event_id,
            row.case_id,
            row.case_no,
            row.kind,
            db_datetime(row.occurred_at),
            day,
            row.department_id,
            row.department_name,
            row.item_code,
            row.window_code,
            row.staff_ref,
            row.batch_id,
            recorded_at,
        )

    insert_rows(CaseEvent, _FIELDS, (values(row) for row in rows))
    add_counts(added.items())
    return sum(added.values())

"""Writing the case event log and keeping its daily rollups in step (办件事件写入)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from servicehall.cases import rollups
from servicehall.cases.models import Case, CaseEvent, EventKind
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Department
from servicehall.workcal.workdays import add_working_days


def local_day(moment: dt.datetime) -> dt.date:
    """The Asia/Shanghai calendar day of an aware datetime."""
    return timezone.localtime(moment).date()


def record_event(
    *,
    event_id: str,
    kind: str,
    occurred_at: dt.datetime,
    case: Case | None = None,
    department: Department | None = None,
    item_code: str = "",
    window_code: str = "",
    staff_ref: str = "",
    channel: str = "",
) -> CaseEvent:
    """Record one step of window work (the window UI and API write through here); the event is
    added to its rollups in the same transaction — on PostgreSQL in the same statement
    (``rollups.insert_counted``), so a step without a case (a 咨询) opens no transaction."""
    if kind not in EventKind.values:
        raise ValueError(f"未知环节：{kind}")
    if timezone.is_naive(occurred_at):
        occurred_at = occurred_at.replace(tzinfo=SHANGHAI)
    if case is not None and department is None:
        department = case.department
    event = CaseEvent(
        event_id=event_id,
        case=case,
        case_no=case.case_no if case else "",
        kind=kind,
        occurred_at=occurred_at,
        occurred_on=local_day(occurred_at),
        department=department,
        department_name=department.name if department else "",
        item_code=item_code or (case.handling_item.code if case and case.handling_item else ""),
        window_code=window_code,
        staff_ref=staff_ref,
        channel=channel,
    )
    if case is None and connection.vendor == "postgresql":
        rollups.insert_counted(event)
        return event
    # No savepoint of its own inside a caller's transaction (the window's ``register``): a
    # failure here fails that step whole, and the savepoint's two statements were a tenth of a
    # POST's.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            rollups.insert_counted(event)
        else:
            event.save(force_insert=True)  # its rollups added by the save (cases.rollups)
        # A step that changes nothing of its case (a 流转, a 颁发) leaves the row alone: saving
        # it unchanged cost a read for the change history and an UPDATE, and recorded nothing.
        if case is not None and apply_event_to_case(
            case, kind, occurred_at, window_code=window_code
        ):
            case.save()
    return event


def apply_event_to_case(
    case: Case, kind: str, occurred_at: dt.datetime, *, window_code: str = ""
) -> bool:
    """Keep a case's acceptance (when, at which window), promised date and completion in step
    with its events; whether the case changed."""
    if kind == EventKind.ACCEPT and case.accepted_at is None:
        case.accepted_at = occurred_at
        case.accepted_window = window_code
        days = case.handling_item.time_limit_days if case.handling_item else None
        if days:
            case.promised_days = days
            case.promised_by = add_working_days(local_day(occurred_at), days, case)
        return True
    if kind == EventKind.COMPLETE:
        case.completed_at = occurred_at
        return True
    return False

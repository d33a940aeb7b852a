"""A center's own days (本地节假日与调休): who keeps them, and adding or removing one.

Kept by the admin of the center they belong to — never by the parent, which reads them, nor by
a sibling, which never sees them; a superuser keeps any. A day must change something: a local
holiday on a day the center works by its inherited calendar (the national table and the days
of the centers above it), a make-up working day on a day it is off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from servicehall.workcal import workdays
from servicehall.workcal.models import CalendarDay, LocalDay

WEEKDAYS = "一二三四五六日"


class LocalDayError(ValueError):
    """A local day that cannot be taken; the message says why, in Chinese."""


def may_keep(user: Any, center_id: int | None) -> bool:
    """Whether ``user`` keeps the local days of the center ``center_id``: its own center's
    admin, or a superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(getattr(user, "is_center_admin", False)) and user.center_id == center_id


def inherited(center: Any) -> workdays.Calendar:
    """The calendar ``center`` has without its own days: its parent's (the national table at
    the root)."""
    parent_path = ".".join(center.path.split(".")[:-2]) + "." if center.path.count(".") > 1 else ""
    return workdays.calendar(parent_path) if parent_path else workdays.calendar(None)


def add(
    center: Any, day: dt.date, kind: str, name: str, *, note: str = "", by: Any = None
) -> LocalDay:
    """Add ``center``'s own day; refused unless ``by`` keeps its days and the day changes
    something."""
    if by is not None and not may_keep(by, center.pk):
        raise PermissionDenied("只有本中心管理员可以维护本中心的节假日与调休")
    name = name.strip()
    if not name:
        raise LocalDayError("请写明名称，如“彝族年”或“补班”")
    works = inherited(center).is_workday(day)
    weekday = f"{day:%Y-%m-%d}（星期{WEEKDAYS[day.weekday()]}）"
    if kind == CalendarDay.Kind.HOLIDAY and not works:
        raise LocalDayError(f"{weekday}本就不上班，不必标“休”")
    if kind == CalendarDay.Kind.WORKDAY and works:
        raise LocalDayError(f"{weekday}本就上班，不必标“班”")
    try:
        with transaction.atomic():
            return LocalDay.objects.create(
                center=center, date=day, kind=kind, name=name[:40], note=note.strip()[:200]
            )
    except IntegrityError:
        raise LocalDayError(f"{center} 已登记 {day:%Y-%m-%d}，请先删除原记录") from None


def remove(local_day: LocalDay, *, by: Any = None) -> None:
    """Remove a center's own day (its change record kept by the history)."""
    if by is not None and not may_keep(by, local_day.center_id):
        raise PermissionDenied("只有本中心管理员可以维护本中心的节假日与调休")
    local_day.delete()

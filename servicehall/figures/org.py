"""Windows and training (窗口设置与培训): what was open on a date, who was trained in a period."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet, Sum

from servicehall.core.periods import Period
from servicehall.figures.scope import CenterScope, resolve
from servicehall.org.models import TrainingSession, Window


def open_windows(day: dt.date, kind: str, *, scope: CenterScope | None = None) -> int:
    """Windows of ``kind`` open on ``day`` (窗口数)."""
    windows = Window.objects.filter(resolve(scope).q("center"))
    return windows.filter(Window.open_on_q(day), kind=kind).count()


def window_changes(
    period: Period, *, scope: CenterScope | None = None
) -> dict[str, dict[str, int]]:
    """Windows of each comprehensive kind before and after ``period`` (窗口调整)."""
    result: dict[str, dict[str, int]] = {}
    scope = resolve(scope)
    for kind in (Window.Kind.COMPREHENSIVE_ACCEPT, Window.Kind.ISSUE):
        before = open_windows(period.day_before, kind, scope=scope)
        after = open_windows(period.end, kind, scope=scope)
        result[kind] = {"before": before, "after": after, "change": after - before}
    return result


def trainings(period: Period, *, scope: CenterScope | None = None) -> QuerySet[TrainingSession]:
    """Training sessions held in ``period`` (培训场次)."""
    sessions = TrainingSession.objects.filter(resolve(scope).q("center"))
    return sessions.filter(held_on__gte=period.start, held_on__lte=period.end)


def training_trainees(period: Period, *, scope: CenterScope | None = None) -> int:
    """People trained in ``period``: distinct named trainees, or the recorded headcounts."""
    scope = resolve(scope)
    held = trainings(period, scope=scope)
    named = held.filter(trainees__isnull=False).values("trainees").distinct().count()
    counted = held.filter(trainees__isnull=True).aggregate(n=Sum("trainee_count"))["n"] or 0
    return named + counted

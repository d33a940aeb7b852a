"""Windows and training (窗口设置与培训): what was open on a date, who was trained in a period."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet, Sum

from servicehall.core.periods import Period
from servicehall.org.models import TrainingSession, Window


def open_windows(day: dt.date, kind: str) -> int:
    """Windows of ``kind`` open on ``day`` (窗口数)."""
    return Window.objects.filter(Window.open_on_q(day), kind=kind).count()


def window_changes(period: Period) -> dict[str, dict[str, int]]:
    """Windows of each comprehensive kind before and after ``period`` (窗口调整)."""
    result: dict[str, dict[str, int]] = {}
    for kind in (Window.Kind.COMPREHENSIVE_ACCEPT, Window.Kind.ISSUE):
        before, after = open_windows(period.day_before, kind), open_windows(period.end, kind)
        result[kind] = {"before": before, "after": after, "change": after - before}
    return result


def trainings(period: Period) -> QuerySet[TrainingSession]:
    """Training sessions held in ``period`` (培训场次)."""
    return TrainingSession.objects.filter(held_on__gte=period.start, held_on__lte=period.end)


def training_trainees(period: Period) -> int:
    """People trained in ``period``: distinct named trainees, or the recorded headcounts."""
    named = trainings(period).filter(trainees__isnull=False).values("trainees").distinct().count()
    counted = (
        trainings(period).filter(trainees__isnull=True).aggregate(n=Sum("trainee_count"))["n"] or 0
    )
    return named + counted

"""Case work at the comprehensive windows (综窗办件): counts from the event log's daily rollups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Max, Q, Sum

from servicehall.cases.models import (
    Case,
    CenterDailyCount,
    CenterMonthlyCount,
    CenterYearlyCount,
    DailyCount,
    EventKind,
)
from servicehall.cases.queries import open_cases
from servicehall.core.periods import Period
from servicehall.figures.scope import CenterScope, resolve
from servicehall.workcal.workdays import NoWorkingDays, working_week

CASE_KINDS: tuple[str, ...] = tuple(EventKind.values)
# Work recorded under a department name that is not in the register.
NO_DEPARTMENT = "（未登记部门）"


def _rollups(period: Period, scope: CenterScope | None) -> Any:
    """The daily rollups of ``period`` in ``scope`` (a department's center is the event's)."""
    rows = DailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
    return rows.filter(resolve(scope).q("department__center"))


def month_spans(period: Period) -> tuple[tuple[dt.date, dt.date] | None, list[Period]]:
    """``period`` as its whole calendar months (the first day of the first, the first day after
    the last; None if it holds none) and the days left over at either end."""
    first = period.start
    if first.day != 1:
        first = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    after = period.end + dt.timedelta(days=1)
    stop = after if after.day == 1 else after.replace(day=1)
    if first >= stop:
        return None, [period]
    days = []
    if period.start < first:
        days.append(Period(period.start, first - dt.timedelta(days=1)))
    if stop <= period.end:
        days.append(Period(stop, period.end))
    return (first, stop), days


Span = tuple[dt.date, dt.date]  # first day included, first day after excluded


def calendar_spans(period: Period) -> tuple[Span | None, list[Span], list[Period]]:
    """``period`` as its whole calendar years, the whole months outside them and the days
    left over at either end: each day of ``period`` in exactly one of the three."""
    months, days = month_spans(period)
    if months is None:
        return None, [], days
    first, stop = months
    year_start = first if first.month == 1 else dt.date(first.year + 1, 1, 1)
    year_stop = dt.date(stop.year, 1, 1)
    if year_start >= year_stop:
        return None, [months], days
    around = [(first, year_start), (year_stop, stop)]
    return (year_start, year_stop), [span for span in around if span[0] < span[1]], days


def center_counts(
    period: Period, *, scope: CenterScope | None = None
) -> Counter[tuple[int | None, str]]:
    """Events per center (of the event's department; None: no department, the default
    center's) and kind in ``period``, in ``scope``: read from the center rollups, whole years
    from the yearly ones, the other whole months from the monthly ones and the days at either
    end from the daily ones, so any period costs a few hundred rows per center at any size."""
    where = resolve(scope).q("center")
    years, months, days = calendar_spans(period)
    sources: list[Any] = []
    if days:
        spans = Q()
        for span in days:
            spans |= Q(day__gte=span.start, day__lte=span.end)
        sources.append(CenterDailyCount.objects.filter(spans))
    if months:
        spans = Q()
        for start, stop in months:
            spans |= Q(month__gte=start, month__lt=stop)
        sources.append(CenterMonthlyCount.objects.filter(spans))
    if years:
        sources.append(CenterYearlyCount.objects.filter(year__gte=years[0], year__lt=years[1]))
    totals: Counter[tuple[int | None, str]] = Counter()
    for rows in sources:
        grouped = rows.filter(where).values_list("center", "kind").annotate(n=Sum("count"))
        for center_id, kind, n in grouped.order_by():
            totals[(center_id, kind)] += int(n)
    return totals


def case_counts(
    period: Period, departments: list[int] | None = None, *, scope: CenterScope | None = None
) -> dict[str, int]:
    """Events per kind in ``period``: 咨询 人次, 受理 件, 流转 件次, 颁发 件, 办结 件."""
    if departments is None:
        by_kind: Counter[str] = Counter()
        for (_, kind), n in center_counts(period, scope=scope).items():
            by_kind[kind] += n
        return {kind: by_kind[kind] for kind in CASE_KINDS}
    rows = _rollups(period, scope).filter(department_id__in=departments)
    totals = dict(rows.values_list("kind").annotate(n=Sum("count")).order_by())
    return {kind: int(totals.get(kind) or 0) for kind in CASE_KINDS}


def case_counts_by_department(
    period: Period, *, scope: CenterScope | None = None
) -> dict[int | None, dict[str, int]]:
    """Events per department and kind in ``period`` (for the dashboard and the API)."""
    result: dict[int | None, dict[str, int]] = {}
    rows = (
        _rollups(period, scope)
        .values_list("department_id", "kind")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for department_id, kind, n in rows:
        result.setdefault(department_id, dict.fromkeys(CASE_KINDS, 0))[kind] = int(n)
    return result


def daily_case_counts(
    period: Period, *, scope: CenterScope | None = None
) -> dict[dt.date, dict[str, int]]:
    """Events per day and kind (the dashboard's trend)."""
    result: dict[dt.date, dict[str, int]] = {}
    rows = (
        CenterDailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
        .filter(resolve(scope).q("center"))
        .values_list("day", "kind")
        .annotate(n=Sum("count"))
        .order_by("day")
    )
    for day, kind, n in rows:
        result.setdefault(day, dict.fromkeys(CASE_KINDS, 0))[kind] = int(n)
    return result


YEAR_OF_WEEKS = 53  # a year of weekly points, the same week of last year included


def weekly_case_counts(
    last_day: dt.date, weeks: int = YEAR_OF_WEEKS, *, scope: CenterScope | None = None
) -> list[dict[str, Any]]:
    """Events per kind in each working week (the report's 本周, ``workcal.working_week``) of the
    ``weeks`` calendar weeks up to the one holding ``last_day``, oldest first; a week without
    a working day has no point. Each point: ``{"start", "end", "counts": {kind: n}}`` — the
    report's ``window.week.*`` figures of that week, read from the daily rollups at once."""
    monday = last_day - dt.timedelta(days=last_day.weekday())
    periods = []
    for back in range(weeks - 1, -1, -1):
        try:
            periods.append(working_week(monday - dt.timedelta(weeks=back)).period)
        except NoWorkingDays:
            continue
    if not periods:
        return []
    daily = daily_case_counts(Period(periods[0].start, periods[-1].end), scope=scope)
    points = []
    for period in periods:
        counts = dict.fromkeys(CASE_KINDS, 0)
        for offset in range((period.end - period.start).days + 1):
            for kind, n in daily.get(period.start + dt.timedelta(days=offset), {}).items():
                counts[kind] += n
        points.append({"start": period.start, "end": period.end, "counts": counts})
    return points


def stats(period: Period, *, scope: CenterScope | None = None) -> dict[str, dict[str, int]]:
    """SPEC.md's stats JSON: counts for the period and for the year to its end date."""
    scope = resolve(scope)
    return {
        "period": case_counts(period, scope=scope),
        "ytd": case_counts(period.year_to_date, scope=scope),
    }


def latest_case_day(on_or_before: dt.date, *, scope: CenterScope | None = None) -> dt.date | None:
    """The last day up to ``on_or_before`` with any case work recorded (最近有办件的日期)."""
    rows = CenterDailyCount.objects.filter(resolve(scope).q("center"))
    found = rows.filter(day__lte=on_or_before, count__gt=0).aggregate(Max("day"))
    day: dt.date | None = found["day__max"]
    return day


def overdue_open_cases(day: dt.date, cases: Any = None, *, scope: CenterScope | None = None) -> int:
    """Open cases past their promised date on ``day`` (逾期在办件); ``cases``: a user's scope."""
    cases = Case.objects.all() if cases is None else cases
    cases = cases.filter(resolve(scope).q("department__center"))
    return int(open_cases(cases).filter(promised_by__lt=day).count())

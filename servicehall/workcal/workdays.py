"""Working days (工作日) from the calendar table: every deadline, week and period counts them.

A day is a working day when the table says 班, not when it says 休, and otherwise when it falls
Monday–Friday. The table is read once into memory and read again after ``REFRESH_S`` seconds
(another process's edit) or at once after an edit in this process. A year the table does not
hold counts Monday–Friday, and ``servicehall check``, the calendar pages and the report checks
say so (``year_status``): never a silent fallback.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

from servicehall.core.periods import Period

log = logging.getLogger(__name__)
REFRESH_S = 30.0


class YearStatus:
    PUBLISHED = "published"
    ESTIMATED = "estimated"
    MISSING = "missing"


@dataclass(frozen=True)
class _Snapshot:
    overrides: dict[dt.date, bool]  # date → is a working day
    years: dict[int, str]  # year → published | estimated
    read_at: float
    dates: tuple[dt.date, ...]  # the overrides' dates, sorted (for counting a range)


_snapshot: _Snapshot | None = None
_lock = threading.Lock()
_warned: set[int] = set()


def _read() -> _Snapshot:
    from servicehall.workcal.models import CalendarDay, CalendarYear
    from servicehall.workcal.services import seed

    years = dict(CalendarYear.objects.values_list("year", "status"))
    if not years:  # emptied (a test's flush, a fresh schema without data): fill it again
        seed(CalendarYear, CalendarDay)
        years = dict(CalendarYear.objects.values_list("year", "status"))
    overrides = {
        day: kind == CalendarDay.Kind.WORKDAY
        for day, kind in CalendarDay.objects.values_list("date", "kind")
    }
    return _Snapshot(overrides, years, time.monotonic(), tuple(sorted(overrides)))


def _calendar() -> _Snapshot:
    global _snapshot
    snapshot = _snapshot
    if snapshot is None or time.monotonic() - snapshot.read_at > REFRESH_S:
        with _lock:
            snapshot = _snapshot = _read()
    return snapshot


def forget() -> None:
    """Read the table again on next use (after an edit, or a test's rollback)."""
    global _snapshot
    _snapshot = None


def year_status(year: int) -> str:
    """published, estimated (the notice not out yet), or missing from the table."""
    return _calendar().years.get(year, YearStatus.MISSING)


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day (holidays off, 调休 Saturdays and Sundays on)."""
    calendar = _calendar()
    known = calendar.overrides.get(day)
    if known is not None:
        return known
    _say_if_missing(calendar, day.year)
    return day.weekday() < 5


def _say_if_missing(calendar: _Snapshot, year: int) -> None:
    """Log, once a process, that a year the table lacks counts Monday–Friday."""
    if year not in calendar.years and year not in _warned:
        _warned.add(year)
        log.warning("工作日历没有 %s 年：按周一至周五计", year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (the start day itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in ``start``..``end``, both included: Monday–Friday counted by arithmetic,
    then the table's days in the range (a list of open cases counts one per row)."""
    if end < start:
        return 0
    calendar = _calendar()
    weeks, extra = divmod((end - start).days + 1, 7)
    count = weeks * 5 + sum(1 for i in range(extra) if (start.weekday() + i) % 7 < 5)
    first, last = (
        bisect.bisect_left(calendar.dates, start),
        bisect.bisect_right(calendar.dates, end),
    )
    for day in calendar.dates[first:last]:
        weekday = day.weekday() < 5
        if calendar.overrides[day] != weekday:
            count += 1 if calendar.overrides[day] else -1
    for year in range(start.year, end.year + 1):
        _say_if_missing(calendar, year)
    return count


def working_days_left(due: dt.date, today: dt.date) -> int:
    """Working days from ``today`` to a promised date: positive, those after today up to it (0:
    due today); negative, the working days it is overdue (剩余/逾期工作日)."""
    if due >= today:
        return working_days_between(today + dt.timedelta(days=1), due)
    return -working_days_between(due + dt.timedelta(days=1), today)


class NoWorkingDays(ValueError):
    """The calendar week holds no working day (a Spring Festival or National Day week)."""


@dataclass(frozen=True)
class WorkingWeek:
    """The working days of one calendar week (工作周): first and last working day."""

    start: dt.date
    end: dt.date
    days: tuple[dt.date, ...]

    @property
    def period(self) -> Period:
        """The week as a period of statistics (the report's 统计期间)."""
        return Period(self.start, self.end)


def working_week(day: dt.date) -> WorkingWeek:
    """The working week holding ``day``: the working days of its Monday–Sunday week."""
    monday = day - dt.timedelta(days=day.weekday())
    days = tuple(d for d in (monday + dt.timedelta(days=i) for i in range(7)) if is_workday(d))
    if not days:
        raise NoWorkingDays(f"{monday:%Y-%m-%d} 所在周没有工作日（节假日）")
    return WorkingWeek(start=days[0], end=days[-1], days=days)

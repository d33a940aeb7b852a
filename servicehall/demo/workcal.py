"""The working days of the demo's span (演示期间工作日), from the same published data the
calendar table is loaded with: generating the demo touches no database (``data.build``)."""

from __future__ import annotations

import bisect
import datetime as dt
import functools

from servicehall.workcal.models import CalendarDay
from servicehall.workcal.services import package_entries

FIRST = dt.date(2022, 1, 1)
LAST = dt.date(2024, 12, 31)
START = dt.date(2023, 1, 1)  # the event log begins here
END = dt.date(2024, 2, 9)  # … and ends here (the last working day before the 2024 Spring Festival)


@functools.cache
def workdays() -> tuple[dt.date, ...]:
    overrides = {
        entry.date: entry.kind == CalendarDay.Kind.WORKDAY
        for year in range(FIRST.year, LAST.year + 1)
        for entry in package_entries(year)
    }
    days, day = [], FIRST
    while day <= LAST:
        if overrides.get(day, day.weekday() < 5):
            days.append(day)
        day += dt.timedelta(days=1)
    return tuple(days)


def between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days in start..end, both included."""
    days = workdays()
    return list(days[bisect.bisect_left(days, start) : bisect.bisect_right(days, end)])


def shift(day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days after ``day`` (before it for negative ``n``); the day
    itself is not counted, as in servicehall.workcal.workdays.add_working_days."""
    days = workdays()
    if n >= 0:
        return days[bisect.bisect_right(days, day) + n - 1] if n else day
    return days[bisect.bisect_left(days, day) + n]


def on_or_after(day: dt.date) -> dt.date:
    days = workdays()
    return days[bisect.bisect_left(days, day)]

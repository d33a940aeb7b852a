"""The Chinese working-day calendar (工作日历): holidays and 调休 workdays, from chinese-calendar.

chinese-calendar knows the State Council's published calendars; for a year it does not know yet
(published each November for the next year) we fall back to Monday–Friday and say so, rather
than refusing to draft a report.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import chinese_calendar

from servicehall.core.periods import Period

log = logging.getLogger(__name__)


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day (holidays off, 调休 Saturdays and Sundays on)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        log.warning("chinese-calendar has no data for %s; counting Monday–Friday", day.year)
        return day.weekday() < 5


def is_known_year(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


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
    """Working days in ``start``..``end``, both included."""
    count, day = 0, start
    while day <= end:
        count += is_workday(day)
        day += dt.timedelta(days=1)
    return count


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

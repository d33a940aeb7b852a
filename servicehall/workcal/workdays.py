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
from dataclasses import dataclass, field
from typing import Any

from servicehall.core.periods import Period

log = logging.getLogger(__name__)
REFRESH_S = 30.0


class YearStatus:
    PUBLISHED = "published"
    ESTIMATED = "estimated"
    MISSING = "missing"


@dataclass(frozen=True)
class Calendar:
    """The working days of one center (一个中心的工作日历): the national table, then the local
    days of each center on its path from the root, the nearest last (a county's day wins over
    its city's). Without a center, the national table alone."""

    overrides: dict[dt.date, bool]  # date → is a working day
    dates: tuple[dt.date, ...]  # the overrides' dates, sorted (for counting a range)
    years: dict[int, str]  # year → published | estimated

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (holidays off, 调休 Saturdays and Sundays on)."""
        known = self.overrides.get(day)
        if known is not None:
            return known
        _say_if_missing(self.years, day.year)
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (the start day itself not counted)."""
        day = start
        remaining = days
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``start``..``end``, both included: Monday–Friday counted by
        arithmetic, then the table's days in the range (a list of open cases counts one per
        row)."""
        if end < start:
            return 0
        weeks, extra = divmod((end - start).days + 1, 7)
        count = weeks * 5 + sum(1 for i in range(extra) if (start.weekday() + i) % 7 < 5)
        first, last = (
            bisect.bisect_left(self.dates, start),
            bisect.bisect_right(self.dates, end),
        )
        for day in self.dates[first:last]:
            weekday = day.weekday() < 5
            if self.overrides[day] != weekday:
                count += 1 if self.overrides[day] else -1
        for year in range(start.year, end.year + 1):
            _say_if_missing(self.years, year)
        return count

    def working_days_left(self, due: dt.date, today: dt.date) -> int:
        """Working days from ``today`` to a promised date: positive, those after today up to it
        (0: due today); negative, the working days it is overdue (剩余/逾期工作日)."""
        if due >= today:
            return self.working_days_between(today + dt.timedelta(days=1), due)
        return -self.working_days_between(due + dt.timedelta(days=1), today)

    def working_week(self, day: dt.date) -> WorkingWeek:
        """The working week holding ``day``: the working days of its Monday–Sunday week."""
        monday = day - dt.timedelta(days=day.weekday())
        days = tuple(
            d for d in (monday + dt.timedelta(days=i) for i in range(7)) if self.is_workday(d)
        )
        if not days:
            raise NoWorkingDays(f"{monday:%Y-%m-%d} 所在周没有工作日（节假日）")
        return WorkingWeek(start=days[0], end=days[-1], days=days)


@dataclass
class _Snapshot:
    national: Calendar
    local: dict[int, dict[dt.date, bool]]  # center id → its own days (date → is a working day)
    read_at: float
    # Read only when some center has local days: every center's path, and the default center.
    paths: dict[int, str] | None = None
    default_id: int | None = None
    merged: dict[tuple[int, ...], Calendar] = field(default_factory=dict)


_snapshot: _Snapshot | None = None
_lock = threading.Lock()
_warned: set[int] = set()


def _read() -> _Snapshot:
    from servicehall.workcal.models import CalendarDay, CalendarYear, LocalDay
    from servicehall.workcal.services import seed

    years = dict(CalendarYear.objects.values_list("year", "status"))
    if not years:  # emptied (a test's flush, a fresh schema without data): fill it again
        seed(CalendarYear, CalendarDay)
        years = dict(CalendarYear.objects.values_list("year", "status"))
    overrides = {
        day: kind == CalendarDay.Kind.WORKDAY
        for day, kind in CalendarDay.objects.values_list("date", "kind")
    }
    local: dict[int, dict[dt.date, bool]] = {}
    for center_id, day, kind in LocalDay.objects.values_list("center_id", "date", "kind"):
        local.setdefault(center_id, {})[day] = kind == CalendarDay.Kind.WORKDAY
    national = Calendar(overrides, tuple(sorted(overrides)), years)
    return _Snapshot(national, local, time.monotonic())


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


def _centers(snapshot: _Snapshot) -> dict[int, str]:
    """Every center's path, and the default center (read once per snapshot, only when some
    center has days of its own). The model is reached through the foreign key: workcal sits
    below org in the layers and does not import it."""
    if snapshot.paths is None:
        from servicehall.workcal.models import LocalDay

        center_model = LocalDay._meta.get_field("center").related_model
        rows = center_model._default_manager.values_list("pk", "path", "is_default")  # type: ignore[union-attr]
        snapshot.paths = {pk: path for pk, path, _ in rows}
        snapshot.default_id = next((pk for pk, _, default in rows if default), None)
    return snapshot.paths


def _path(snapshot: _Snapshot, center: Any) -> str:
    """The materialised path of ``center``: a center, its id or its path, or any record of a
    register (its center by the model's ``scope_center_path``; none: the default center's)."""
    if isinstance(center, str):
        return center
    if isinstance(center, int):
        return _centers(snapshot).get(center, "")
    lookup = getattr(type(center), "scope_center_path", None)
    if isinstance(lookup, tuple):
        lookup = lookup[0]
    if lookup == "path":  # a center itself
        return center.path or _centers(snapshot).get(center.pk, "")
    center_id = None
    if lookup:
        *walk, field_name, _ = lookup.split("__")
        row = center
        for name in walk:
            row = getattr(row, name, None)
            if row is None:
                break
        center_id = getattr(row, f"{field_name}_id", None) if row is not None else None
    paths = _centers(snapshot)
    return paths.get(center_id if center_id is not None else snapshot.default_id or 0, "")


def calendar(center: Any = None) -> Calendar:
    """The calendar of ``center`` (a center, its id or path, or a record of any register: its
    center's): the national table with the local days of the center and every center above it,
    the nearest winning; never a sibling's. ``None``: the national table alone."""
    snapshot = _calendar()
    if center is None or not snapshot.local:
        return snapshot.national
    chain = tuple(
        int(part)
        for part in _path(snapshot, center).split(".")
        if part and int(part) in snapshot.local
    )
    if not chain:
        return snapshot.national
    merged = snapshot.merged.get(chain)
    if merged is None:
        overrides = dict(snapshot.national.overrides)
        for center_id in chain:  # from the root down: the nearest center's day last
            overrides.update(snapshot.local[center_id])
        merged = Calendar(overrides, tuple(sorted(overrides)), snapshot.national.years)
        snapshot.merged[chain] = merged
    return merged


def has_local_days() -> bool:
    """Whether any center has days of its own (else every center counts the national table)."""
    return bool(_calendar().local)


def year_status(year: int) -> str:
    """published, estimated (the notice not out yet), or missing from the table."""
    return _calendar().national.years.get(year, YearStatus.MISSING)


def _say_if_missing(years: dict[int, str], year: int) -> None:
    """Log, once a process, that a year the table lacks counts Monday–Friday."""
    if year not in years and year not in _warned:
        _warned.add(year)
        log.warning("工作日历没有 %s 年：按周一至周五计", year)


# The functions every caller uses: ``center`` is whose calendar (see ``calendar``); without it,
# the national table.


def is_workday(day: dt.date, center: Any = None) -> bool:
    """Whether ``day`` is a working day of ``center``."""
    return calendar(center).is_workday(day)


def add_working_days(start: dt.date, days: int, center: Any = None) -> dt.date:
    """The date ``days`` working days after ``start`` (the start day itself not counted)."""
    return calendar(center).add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date, center: Any = None) -> int:
    """Working days in ``start``..``end``, both included."""
    return calendar(center).working_days_between(start, end)


def working_days_left(due: dt.date, today: dt.date, center: Any = None) -> int:
    """Working days from ``today`` to a promised date; negative: overdue by that many."""
    return calendar(center).working_days_left(due, today)


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


def working_week(day: dt.date, center: Any = None) -> WorkingWeek:
    """The working week holding ``day``: the working days of its Monday–Sunday week."""
    return calendar(center).working_week(day)

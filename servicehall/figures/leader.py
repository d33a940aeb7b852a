"""The leader's indicator page (考核指标): every indicator of a period for a center (本级 / 本级及
下级), a department, a window or an item, beside the same period last year and the province's
targets, and who misses them — all read from ``figures.indicators`` (never counted here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from servicehall.core.periods import Period
from servicehall.figures.indicators import (
    BY_KEY,
    INDICATORS,
    Dimension,
    Group,
    InCenters,
    Indicator,
    Measure,
    Number,
    Scope,
    change,
    groups,
    in_centers,
    last_year,
    read_ahead,
)
from servicehall.figures.models import IndicatorTarget
from servicehall.figures.scope import CenterScope

# Narrowing a scope to one of these (the query string's names) is a dimension of the registry.
NARROWING = {Dimension.DEPARTMENT: "department", Dimension.WINDOW: "window", Dimension.ITEM: "item"}


def default_period(latest: dt.date | None, today: dt.date) -> Period:
    """The last full month with records (上一个完整月): the month of ``latest`` (the last day
    with case work) when it ends that day, else the month before it."""
    day = latest or today
    following = day + dt.timedelta(days=1)
    end = day if following.month != day.month else day.replace(day=1) - dt.timedelta(days=1)
    return Period(end.replace(day=1), end)


def scope_of(
    period: Period,
    center_scope: CenterScope,
    *,
    department: int | None = None,
    window: str | None = None,
    item: int | None = None,
) -> Scope:
    """The indicators' scope: the center's departments (本级 / 本级及下级), narrowed to one
    department, window or 办理项 when given."""
    counted = in_centers(center_scope)
    if department is not None:
        departments = tuple(d for d in counted["departments"] or (department,) if d == department)
        counted = InCenters(departments=departments, centers=None)
    return Scope(period, **counted, window=window or None, item=item)


@dataclass(frozen=True)
class Line:
    """One indicator on the page: now, a year before, the change, the target and whether it is
    missed."""

    indicator: Indicator
    measure: Measure
    before: Measure
    change: Number | None
    target: IndicatorTarget | None

    @property
    def missed(self) -> bool:
        return self.target is not None and self.target.missed_by(self.measure.value)


def overview(scope: Scope, center_scope: CenterScope) -> list[Line]:
    """Every indicator of ``scope``, against the same period last year and the center's targets
    in force on the period's last day."""
    targets = IndicatorTarget.in_force(center_scope.center, scope.period.end)
    before_scope = last_year(scope)
    lines = []
    for indicator in INDICATORS:
        now, before = indicator.measure(scope), indicator.measure(before_scope)
        lines.append(Line(indicator, now, before, change(now, before), targets.get(indicator.key)))
    return lines


@dataclass(frozen=True)
class Miss:
    """A line of a breakdown that misses a target (未达标)."""

    group: Group
    indicator: Indicator
    measure: Measure
    target: IndicatorTarget


def misses(scope: Scope, center_scope: CenterScope, dimension: str) -> list[Miss]:
    """Who misses a target: each child center (against the targets of its own level or of it)
    or each department (against the center's), for every indicator with a target."""
    found = []
    own_targets = IndicatorTarget.in_force(center_scope.center, scope.period.end)
    lines = groups(scope, dimension, center_scope)
    read_ahead(lines)
    for group in lines:
        targets = (
            IndicatorTarget.in_force(group.center, scope.period.end)
            if group.center is not None
            else own_targets
        )
        for key, target in targets.items():
            measure = BY_KEY[key].measure(group.scope)
            if target.missed_by(measure.value):
                found.append(Miss(group, BY_KEY[key], measure, target))
    return found


def breakdown(
    scope: Scope, center_scope: CenterScope, dimension: str, keys: list[str]
) -> list[tuple[Group, list[Measure]]]:
    """The indicators ``keys`` for each line of ``dimension`` (``indicators.groups``)."""
    lines = groups(scope, dimension, center_scope)
    read_ahead(lines)
    return [(group, [BY_KEY[key].measure(group.scope) for key in keys]) for group in lines]


def shown(value: Any, unit: str) -> str:
    """A measure's value in words: the number and unit, or 无数据."""
    if value is None:
        return "—"
    return f"{value}{unit}" if unit in {"%", "件", "分"} else f"{value} {unit}"

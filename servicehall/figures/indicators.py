"""The national indicators a hall is judged on (政务服务考核指标), each defined once.

Every indicator is a numerator over a denominator counted from the records of a scope (a period,
optionally the departments of a center), with its unit, its definition and the document it comes
from (``docs/indicators.md``), and the cases behind it. ``servicehall indicators``,
``/api/indicators/`` and any later page read them from ``INDICATORS``; nothing else computes
them. A value is the numerator over the denominator (×100 for %), two places, halves up; an
indicator without a denominator (a count, a percentile) is its numerator; a zero denominator
gives no value (``None``), never 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, TypedDict, cast

from django.db import models
from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from servicehall.cases.models import Case, Channel
from servicehall.catalog.models import HandlingItem, Visits
from servicehall.catalog.queries import AUTHORIZED, listed_on, with_status
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.figures.catalog import authorized_done
from servicehall.figures.numbers import round2
from servicehall.figures.scope import CenterScope
from servicehall.journal.followup import rectification_decided, rectified_on_time
from servicehall.journal.models import FOLLOWED_UP_STEP, RectificationStep, ServiceEvaluation
from servicehall.org.models import Department, stationed_between
from servicehall.workcal.workdays import working_days_between

Number = int | Decimal


@dataclass(frozen=True)
class Scope:
    """What an indicator counts over (统计范围): a period of local days, and the departments
    (``None``: all); ``as_of``: the day an open 差评整改 past its deadline counts as late."""

    period: Period
    departments: tuple[int, ...] | None = None
    as_of: dt.date = field(default_factory=timezone.localdate)
    # The centers whose departments ``departments`` are, all of them (``in_centers``: 本级 /
    # 本级及下级), or None: the records are then found by their centers (a province's 200
    # instead of its 3,344 department ids) and whole months read the centers' rollups.
    centers: tuple[int, ...] | None = None
    # A window (its code: the cases it accepted) or a 办理项 (its pk): the dimensions below the
    # department (``groups``). Records that belong to neither (a department, an item's own
    # facts for a window) are none of a window's.
    window: str | None = None
    item: int | None = None
    # Count the records even for whole months, never the monthly rollups (``rollup``): the
    # check that both ways agree.
    from_records: bool = False
    # What one computation of the scope has counted already (the same denominator serves
    # several indicators): lives as long as the scope, one request or command.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # What a breakdown read ahead for all its lines at once (``read_ahead``): kept by the
    # narrowed scopes, which sum their part of it.
    shared: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def once(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as moments: local midnight of its first day, of the day after its last."""
        start = dt.datetime.combine(self.period.start, dt.time(), SHANGHAI)
        return start, dt.datetime.combine(
            self.period.end + dt.timedelta(days=1), dt.time(), SHANGHAI
        )

    def of_departments(self, queryset: QuerySet[Any], path: str) -> QuerySet[Any]:
        """``queryset`` (rows reaching a department through ``path``) in the scope's
        departments."""
        if self.departments is None:
            return queryset
        if self.centers is not None:
            to_center = "center" if path == "pk" else f"{path}__center"
            return queryset.filter(**{f"{to_center}__in": self.centers})
        return queryset.filter(**{f"{path}__in": self.departments})

    def of_cases(self, queryset: QuerySet[Any], to_case: str = "") -> QuerySet[Any]:
        """``queryset`` (cases, or rows reaching a case through ``to_case``) in the scope's
        departments, window and item."""
        queryset = self.of_departments(queryset, f"{to_case}department")
        if self.window is not None:
            queryset = queryset.filter(**{f"{to_case}accepted_window": self.window})
        if self.item is not None:
            queryset = queryset.filter(**{f"{to_case}handling_item": self.item})
        return queryset

    def narrowed(self, **change: Any) -> Scope:
        """The same scope with ``change`` (a department, window, item or period), counted
        afresh (other departments: of no whole centers unless ``centers`` is given too)."""
        if "departments" in change:
            change.setdefault("centers", None)
        return replace(self, memo={}, **change)


# Days an indicator may count between: moments at local midnight exist for all of them (the
# ends of Python's calendar do not, in Shanghai time).
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def period_refusal(period: Period) -> str:
    """Why ``period`` cannot be counted (empty when it can)."""
    if period.start < EARLIEST or period.end > LATEST:
        return f"统计期间须在 {EARLIEST:%Y-%m-%d} 至 {LATEST:%Y-%m-%d} 之间"
    return ""


class InCenters(TypedDict):
    """A ``Scope``'s departments and centers (``in_centers``)."""

    departments: tuple[int, ...] | None
    centers: tuple[int, ...] | None


def in_centers(center_scope: CenterScope) -> InCenters:
    """A ``Scope``'s ``departments`` and ``centers`` for ``center_scope`` (``figures.scope``,
    the one rule of 本级 / 本级及下级 every figure follows; both None when no center exists yet:
    all): ``Scope(period, **in_centers(center_scope))``."""
    if center_scope.center is None:
        return {"departments": None, "centers": None}
    centers = tuple(center.pk for center in center_scope.centers())
    departments = tuple(
        Department.objects.filter(center__in=centers).order_by("pk").values_list("pk", flat=True)
    )
    return {"departments": departments, "centers": centers}


# ---- the record sets the indicators count ------------------------------------------------------


class LocalDate(Func):
    """The local (Asia/Shanghai) calendar day of a stored moment, in the database's own SQL:
    Django's ``TruncDate`` calls a Python function per row on SQLite (a month of the province's
    cases took 0.8 s a count). Shanghai is UTC+8 all year (no summer time), as the importer
    takes it (``cases.importer.UTC_OFFSET``)."""

    output_field = DateField()
    template = "(%(expressions)s AT TIME ZONE 'Asia/Shanghai')::date"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s, '+8 hours')", **extra
        )


class LocalMonth(Func):
    """The first day of the local (Asia/Shanghai) month of a stored moment: the month a record
    is filed under in the monthly rollups (``ROLLED``)."""

    output_field = DateField()
    template = "CAST(date_trunc('month', %(expressions)s AT TIME ZONE 'Asia/Shanghai') AS date)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s, '+8 hours', 'start of month')",
            **extra,
        )


def completed(scope: Scope) -> QuerySet[Any]:
    """Cases 办结 in the period (by the local day), with their local 受理 and 办结 days."""
    start, end = scope.bounds
    cases: QuerySet[Any] = scope.of_cases(
        Case.objects.filter(completed_at__gte=start, completed_at__lt=end)
    )
    return cast(
        "QuerySet[Any]",
        cases.annotate(
            done_on=LocalDate("completed_at"),
            accepted_on=LocalDate("accepted_at"),
        ),
    )


def accepted(scope: Scope) -> QuerySet[Case]:
    """Cases 受理 in the period (by the local day)."""
    start, end = scope.bounds
    cases = Case.objects.filter(accepted_at__gte=start, accepted_at__lt=end)
    return scope.of_cases(cases)


def listed_items(scope: Scope) -> QuerySet[HandlingItem]:
    """办理项 listed on the period's last day (the register as of then), of the scope's
    departments: never the default center's alone (``handling_items_listed`` without a
    ``CenterScope`` counts there, and a city's items were none of its own)."""
    items = listed_on(HandlingItem.objects.all(), scope.period.end)
    if scope.window is not None:
        return items.none()  # an item's facts are its department's, not a window's
    if scope.item is not None:
        items = items.filter(pk=scope.item)
    return scope.of_departments(items, "service_item__department")


def evaluations(scope: Scope) -> QuerySet[ServiceEvaluation]:
    """Ratings given in the period (by the local day)."""
    start, end = scope.bounds
    rows = ServiceEvaluation.objects.filter(evaluated_at__gte=start, evaluated_at__lt=end)
    return scope.of_cases(rows, "case__")


def bad_evaluations(scope: Scope) -> QuerySet[ServiceEvaluation]:
    """差评 (不满意, 非常不满意) given in the period."""
    return evaluations(scope).filter(level__lte=ServiceEvaluation.Level.DISSATISFIED)


def _cases_of(rows: QuerySet[Any]) -> QuerySet[Case]:
    return Case.objects.filter(pk__in=rows.values("case"))


def _cases_of_items(scope: Scope, items: QuerySet[HandlingItem]) -> QuerySet[Case]:
    return accepted(scope).filter(handling_item__in=items.values("pk"))


def _listed_cases(scope: Scope) -> QuerySet[Case]:
    return _cases_of_items(scope, listed_items(scope))


def _rated_cases(scope: Scope) -> QuerySet[Case]:
    return _cases_of(evaluations(scope))


# ---- 时效 --------------------------------------------------------------------------------------


def _promised(scope: Scope) -> QuerySet[Any]:
    return completed(scope).filter(promised_by__isnull=False)


def _late(scope: Scope) -> QuerySet[Any]:
    return _promised(scope).filter(done_on__gt=F("promised_by"))


def _on_time(scope: Scope) -> QuerySet[Any]:
    return _promised(scope).filter(done_on__lte=F("promised_by"))


def _timed(scope: Scope) -> QuerySet[Any]:
    return completed(scope).filter(accepted_at__isnull=False)


def _same_day(scope: Scope) -> QuerySet[Any]:
    return _timed(scope).filter(done_on=F("accepted_on"))


def days_taken(accepted_on: dt.date, done_on: dt.date) -> int:
    """Working days a case took after its 受理 day until its 办结 day (0: the same day)."""
    return working_days_between(accepted_on + dt.timedelta(days=1), done_on)


def handling_days(scope: Scope) -> Counter[int]:
    """How many cases 办结 in the period took each number of working days after their 受理 day
    (``days_taken``): counted per pair of days, so a month of cases costs a few hundred
    calendar sums; for whole months, the rollups' ``days=N`` counts (exact: the unit of the
    measure is one working day, docs/decisions.md)."""
    rolled = rollup(scope)
    if rolled is not None:
        return Counter(
            {int(name[len(DAYS) :]): n for name, n in rolled.items() if name.startswith(DAYS)}
        )
    result: Counter[int] = scope.once(handling_days, lambda: _handling_days(scope))
    return result


def _handling_days(scope: Scope) -> Counter[int]:
    rows = (
        _timed(scope)
        .values_list("accepted_on", "done_on")
        .annotate(n=Count("pk"))
        .order_by("accepted_on", "done_on")
    )
    days: Counter[int] = Counter()
    for accepted_on, done_on, n in rows:
        days[days_taken(accepted_on, done_on)] += n
    return days


def _days_total(scope: Scope) -> int:
    return sum(days * n for days, n in handling_days(scope).items())


def _p90(scope: Scope) -> int:
    """The 90th percentile, nearest rank: the smallest value at least 90% of cases reach."""
    days = handling_days(scope)
    rank = math.ceil(0.9 * sum(days.values()))
    reached = 0
    for value in sorted(days):
        reached += days[value]
        if reached >= rank:
            return value
    return 0


def _with_promised_days(scope: Scope) -> QuerySet[Any]:
    return _timed(scope).filter(promised_days__isnull=False)


# The 办理项 with both time limits filled (承诺时限压缩比).
LIMITS = Q(statutory_days__gt=0, time_limit_days__isnull=False)
# The listed 办理项 each item indicator counts (its numerator; its denominator: all listed).
ITEM_SETS: dict[str, Q] = {
    "immediate": Q(immediate=True),
    "at_most_once": Q(visits__lte=Visits.ONE),
    "zero_visit": Q(visits=Visits.ZERO),
    "fully_online": Q(fully_online=True),
}


def _item_counts(scope: Scope) -> dict[str, int]:
    """Every count of the listed 办理项 the indicators take, in one query of the register
    (each set's own condition, ``ITEM_SETS`` and ``LIMITS``)."""

    def count() -> dict[str, int]:
        found = listed_items(scope).aggregate(
            listed=Count("pk"),
            statutory=Sum("statutory_days", filter=LIMITS),
            promised=Sum("time_limit_days", filter=LIMITS),
            **{name: Count("pk", filter=where) for name, where in ITEM_SETS.items()},
        )
        return {name: int(n or 0) for name, n in found.items()}

    result: dict[str, int] = scope.once(_item_counts, count)
    return result


def _limits(scope: Scope) -> QuerySet[HandlingItem]:
    return listed_items(scope).filter(LIMITS)


def _limit_cut(scope: Scope) -> int:
    counts = _item_counts(scope)
    return counts["statutory"] - counts["promised"]


def _statutory_total(scope: Scope) -> int:
    return _item_counts(scope)["statutory"]


# ---- 好差评 ------------------------------------------------------------------------------------


def _evaluated_cases(scope: Scope) -> QuerySet[Any]:
    return completed(scope).filter(Exists(ServiceEvaluation.objects.filter(case=OuterRef("pk"))))


def _good(scope: Scope) -> QuerySet[ServiceEvaluation]:
    return evaluations(scope).filter(level__gte=ServiceEvaluation.Level.BASIC)


def _at_level(level: int) -> Callable[[Scope], QuerySet[ServiceEvaluation]]:
    return lambda scope: evaluations(scope).filter(level=level)


# The ratings of each level (one function each: the rollups know a record set by its function).
AT_LEVEL = {level: _at_level(level) for level in ServiceEvaluation.Level.values}


def _online(scope: Scope) -> QuerySet[Case]:
    return accepted(scope).filter(channel=Channel.ONLINE)


def _rectification_counts(scope: Scope) -> tuple[int, int]:
    """How many 差评 of the period are settled (``rectification_decided``) and how many of
    those were rectified on time: counted per pair of (办结日期, 整改期限), a few hundred
    groups however many 差评."""

    def count() -> tuple[int, int]:
        ahead = _ahead(scope, "rectifications")
        pairs: Any = (
            [row for department in scope.departments or () for row in ahead.get(department, [])]
            if ahead is not None
            else [(closed, due, n) for closed, due, n, _ in _bad_pairs(scope)]
        )
        due = on_time = 0
        for closed, deadline, n in pairs:
            if rectification_decided(closed, deadline, scope.as_of):
                due += n
                on_time += n if rectified_on_time(closed, deadline) else 0
        return due, on_time

    result: tuple[int, int] = scope.once(_rectification_counts, count)
    return result


def _rectifications(scope: Scope) -> list[tuple[int, dt.date | None, dt.date | None]]:
    rows = bad_evaluations(scope).values_list(
        "pk", "rectification__closed_on", "rectification__due"
    )
    result: list[tuple[int, dt.date | None, dt.date | None]] = scope.once(
        _rectifications, lambda: list(rows)
    )
    return result


def _rectification_due(scope: Scope) -> list[int]:
    return [
        pk
        for pk, closed, due in _rectifications(scope)
        if rectification_decided(closed, due, scope.as_of)
    ]


def _rectified_on_time(scope: Scope) -> list[int]:
    return [
        pk
        for pk, closed, due in _rectifications(scope)
        if rectification_decided(closed, due, scope.as_of) and rectified_on_time(closed, due)
    ]


def _real_name_bad(scope: Scope) -> QuerySet[ServiceEvaluation]:
    return bad_evaluations(scope).filter(real_name=True)


def _followed_up() -> Exists:
    """A rating's work order holds a 回访 record (a step with its 回访日期), or was recorded
    already 办结 (a rating imported with its 整改日期: the platform's follow-up, its only
    step)."""
    steps = RectificationStep.objects.filter(rectification__evaluation=OuterRef("pk")).filter(
        FOLLOWED_UP_STEP
    )
    return Exists(steps)


def _revisited(scope: Scope) -> QuerySet[ServiceEvaluation]:
    """Real-name 差评 followed up (``_followed_up``)."""
    return _real_name_bad(scope).filter(_followed_up())


def _bad_pairs(scope: Scope) -> list[tuple[dt.date | None, dt.date | None, int, int]]:
    """The period's 差评 per (办结日期, 整改期限) of their work orders, with how many of them are
    ``_revisited``: one pass over a month's 差评 for both 差评 indicators (two before; ~12,000
    差评 a month in the bench's province)."""

    def read() -> list[tuple[dt.date | None, dt.date | None, int, int]]:
        return list(
            bad_evaluations(scope)
            .values_list("rectification__closed_on", "rectification__due")
            .annotate(
                n=Count("pk"),
                revisited=Count("pk", filter=Q(real_name=True) & Q(_followed_up())),
            )
            .order_by()
        )

    result: list[tuple[dt.date | None, dt.date | None, int, int]] = scope.once(_bad_pairs, read)
    return result


def _revisited_count(scope: Scope) -> int:
    """How many ``_revisited`` (in ``_bad_pairs``' pass)."""
    return sum(revisited for _, _, _, revisited in _bad_pairs(scope))


# ---- 进驻与授权 --------------------------------------------------------------------------------


def _departments(scope: Scope) -> QuerySet[Department]:
    if scope.window is not None or scope.item is not None:
        return Department.objects.none()  # 进驻 is a department's, not a window's or an item's
    return scope.of_departments(Department.objects.all(), "pk")


def _department_dates(scope: Scope) -> list[tuple[int, dt.date | None, dt.date | None]]:
    """The scope's departments with their 进驻 and 撤出 dates (nothing else: a province has
    thousands), read once per scope."""
    result: list[tuple[int, dt.date | None, dt.date | None]] = scope.once(
        _department_dates,
        lambda: list(_departments(scope).values_list("pk", "stationed_on", "left_on")),
    )
    return result


def _stationed_departments(scope: Scope) -> list[int]:
    day = scope.period.end
    return [pk for pk, came, left in _department_dates(scope) if stationed_between(came, left, day)]


def _authorized_items(scope: Scope) -> QuerySet[HandlingItem]:
    return with_status(listed_items(scope), scope.period.end).filter(**{AUTHORIZED: True})


# ---- the monthly rollups: the same record sets, counted per month as they are written -----------


@dataclass(frozen=True)
class Rolled:
    """A record set of the indicators that the monthly rollups count (``IndicatorCount``): the
    function defining it (the one the indicator counts, never a copy), the moment whose local
    month files a record, the path from the record to its case (department, 办理项, window),
    and the field summed ("" : the records are counted)."""

    name: str
    rows: Callable[[Scope], QuerySet[Any]]
    moment: str
    case: str = ""
    total: str = ""


ROLLED: tuple[Rolled, ...] = (
    Rolled("completed", completed, "completed_at"),
    Rolled("promised", _promised, "completed_at"),
    Rolled("on_time", _on_time, "completed_at"),
    Rolled("late", _late, "completed_at"),
    Rolled("timed", _timed, "completed_at"),
    Rolled("same_day", _same_day, "completed_at"),
    Rolled("promised_days", _with_promised_days, "completed_at", total="promised_days"),
    Rolled("evaluated", _evaluated_cases, "completed_at"),
    Rolled("accepted", accepted, "accepted_at"),
    Rolled("online", _online, "accepted_at"),
    Rolled("ratings", evaluations, "evaluated_at", "case__"),
    Rolled("level_sum", evaluations, "evaluated_at", "case__", total="level"),
    Rolled("good", _good, "evaluated_at", "case__"),
    Rolled("real_name_bad", _real_name_bad, "evaluated_at", "case__"),
    *(
        Rolled(f"level={level}", AT_LEVEL[level], "evaluated_at", "case__")
        for level in ServiceEvaluation.Level.values
    ),
)
# The histogram of ``handling_days``: one measure per number of working days, "days=3".
DAYS = "days="
# The keys of a department's totals over its 办理项 and windows (every record is kept under its
# own key and under these): a scope not narrowed to a window or an item reads a few rows per
# department instead of one per item and window.
ALL_ITEMS, ALL_WINDOWS = -1, "*"
_ROLLED_NAMES = {(r.rows, r.total): r.name for r in ROLLED}


def whole_months(period: Period) -> list[dt.date] | None:
    """The first days of the months ``period`` covers when it is whole months, else None."""
    start, end = period.start, period.end
    if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
        return None
    months = []
    while start <= end:
        months.append(start)
        start = (start + dt.timedelta(days=32)).replace(day=1)
    return months


def _narrowed_rows(rows: QuerySet[Any], scope: Scope, *, detail: bool = False) -> QuerySet[Any]:
    """The rollup rows of ``scope``'s window or 办理项, or (not narrowed to either, and not
    asked for the ``detail``) its departments' totals."""
    if scope.window is None and scope.item is None and not detail:
        return rows.filter(item_key=ALL_ITEMS, window_code=ALL_WINDOWS)
    rows = rows.exclude(item_key=ALL_ITEMS)
    if scope.window is not None:
        rows = rows.filter(window_code=scope.window)
    if scope.item is not None:
        rows = rows.filter(item_key=scope.item)
    return rows


def rollup(scope: Scope) -> dict[str, int] | None:
    """The monthly rollups summed over ``scope`` (its months, departments, window, 办理项):
    measure → count; None when the period is not whole months (then the records are counted)."""
    months = whole_months(scope.period)
    if months is None or scope.from_records:
        return None

    def read() -> dict[str, int]:
        from servicehall.figures.models import IndicatorCount

        ahead = _ahead(scope, "rollup")
        if ahead is not None:
            summed: Counter[str] = Counter()
            for department in scope.departments or ():
                summed.update(ahead.get(department, {}))
            return dict(summed)
        if scope.centers is not None and scope.window is None and scope.item is None:
            # Whole centers (本级 / 本级及下级): their rows, a few per center and measure.
            from servicehall.figures.models import IndicatorCenterCount

            by_center = (
                IndicatorCenterCount.objects.filter(month__in=months, center_key__in=scope.centers)
                .values_list("measure")
                .annotate(n=Sum("count"))
                .order_by()
            )
            return {name: int(n) for name, n in by_center}
        # Months by equality: the unique index (month, department, …) then seeks each
        # department's rows instead of scanning the month's.
        rows = IndicatorCount.objects.filter(month__in=months)
        if scope.departments is not None:
            rows = rows.filter(department_key__in=scope.departments)
        rows = _narrowed_rows(rows, scope)
        sums = rows.values_list("measure").annotate(n=Sum("count")).order_by()
        return {name: int(n) for name, n in sums}

    result: dict[str, int] = scope.once(rollup, read)
    return result


# ---- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """An indicator's number for a scope: its value, numerator and denominator."""

    value: Number | None
    numerator: Number
    denominator: Number | None


@dataclass(frozen=True)
class Indicator:
    """One national indicator (考核指标): key, label, unit, definition, source document, how it
    is counted, and the cases behind it."""

    key: str
    label: str
    unit: str
    definition: str
    source: str  # a key of SOURCES
    numerator: Callable[[Scope], Number]
    denominator: Callable[[Scope], Number] | None
    cases: Callable[[Scope], QuerySet[Any]]  # the cases behind the numerator
    denominator_cases: Callable[[Scope], QuerySet[Any]] | None = None
    # What the denominator's cases outside the numerator are called (超期件 of 按时办结率), for
    # an indicator whose both parts count cases; "" where the rest means nothing by itself.
    rest_label: str = ""

    def cases_behind(self, scope: Scope, part: str) -> QuerySet[Case]:
        """The cases behind the ``numerator`` or the ``denominator`` (for an indicator over
        办理项, 部门 or 评价: the cases of those records in the period)."""
        if part == "denominator" and self.denominator_cases is not None:
            return self.denominator_cases(scope)
        if part == "denominator" and self.denominator is None:
            return Case.objects.none()
        if part == "rest" and self.rest_label:
            return self.cases_behind(scope, "denominator").exclude(
                pk__in=self.cases(scope).values("pk")
            )
        return self.cases(scope)

    def measure(self, scope: Scope) -> Measure:
        numerator = self.numerator(scope)
        if self.denominator is None:
            return Measure(numerator, numerator, None)
        denominator = self.denominator(scope)
        if not denominator:
            return Measure(None, numerator, denominator)
        scale = 100 if self.unit == "%" else 1
        return Measure(
            round2(Decimal(numerator) * scale / Decimal(denominator)), numerator, denominator
        )


# The documents the definitions come from (docs/indicators.md cites each in full).
SOURCES: dict[str, str] = {
    "gbf51": "国办发〔2019〕51号",
    "gbt39734": "GB/T 39734—2020",
    "gf5": "国发〔2022〕5号",
    "gbf45": "国办发〔2018〕45号",
    "local": "本系统口径（见 docs/indicators.md）",
}


def _count(queryset: Callable[[Scope], QuerySet[Any]]) -> Callable[[Scope], int]:
    """How many records ``queryset`` gives for a scope, counted once per scope; for whole
    months, read from the rollups when they count it (``ROLLED``)."""

    def count(scope: Scope) -> int:
        rolled = rollup(scope) if (queryset, "") in _ROLLED_NAMES else None
        if rolled is not None:
            return rolled.get(_ROLLED_NAMES[(queryset, "")], 0)
        return int(scope.once(queryset, lambda: queryset(scope).count()))

    return count


def _sum(queryset: Callable[[Scope], QuerySet[Any]], field_name: str) -> Callable[[Scope], int]:
    """The sum of ``field_name`` over the records ``queryset`` gives (0 for none); for whole
    months, read from the rollups when they sum it."""

    def total(scope: Scope) -> int:
        rolled = rollup(scope) if (queryset, field_name) in _ROLLED_NAMES else None
        if rolled is not None:
            return rolled.get(_ROLLED_NAMES[(queryset, field_name)], 0)
        return int(queryset(scope).aggregate(s=Sum(field_name))["s"] or 0)

    return total


def _len(rows: Callable[[Scope], list[Any]]) -> Callable[[Scope], int]:
    return lambda scope: len(rows(scope))


def _items(name: str) -> Callable[[Scope], QuerySet[HandlingItem]]:
    return lambda scope: listed_items(scope).filter(ITEM_SETS[name])


def _item_count(name: str) -> Callable[[Scope], int]:
    """How many listed 办理项 ``name`` of ``_item_counts`` (all listed: "listed") holds."""
    return lambda scope: _item_counts(scope)[name]


def _level(level: int) -> Indicator:
    label = ServiceEvaluation.Level(level).label
    return Indicator(
        f"rating_level_{level}_share",
        f"“{label}”占比",
        "%",
        f"期内评价中“{label}”的条数 ÷ 期内评价总数",
        "gbt39734",
        _count(AT_LEVEL[level]),
        _count(evaluations),
        lambda s: _cases_of(AT_LEVEL[level](s)),
        _rated_cases,
    )


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "on_time_rate",
        "按时办结率",
        "%",
        "期内办结且有承诺办结日期的办件中，办结日不晚于承诺办结日的件数 ÷ 这些办件数",
        "local",
        _count(_on_time),
        _count(_promised),
        _on_time,
        _promised,
        rest_label="超期件",
    ),
    Indicator(
        "overdue_completed",
        "超期件",
        "件",
        "期内办结、办结日晚于承诺办结日的办件数",
        "local",
        _count(_late),
        None,
        _late,
    ),
    Indicator(
        "same_day_rate",
        "当天办结率",
        "%",
        "期内办结的办件中，受理当天办结的件数 ÷ 期内办结且有受理时间的办件数",
        "local",
        _count(_same_day),
        _count(_timed),
        _same_day,
        _timed,
        rest_label="非当天办结",
    ),
    Indicator(
        "immediate_share",
        "即办件占比",
        "%",
        "期末纳入的办理项中即办件的个数 ÷ 期末纳入的办理项数",
        "gf5",
        _item_count("immediate"),
        _item_count("listed"),
        lambda s: _cases_of_items(s, _items("immediate")(s)),
        _listed_cases,
    ),
    Indicator(
        "time_limit_compression",
        "承诺时限压缩比",
        "%",
        "期末纳入且法定、承诺时限均已填写的办理项：(法定时限之和 − 承诺时限之和) ÷ 法定时限之和",
        "gf5",
        _limit_cut,
        _statutory_total,
        lambda s: _cases_of_items(s, _limits(s)),
    ),
    Indicator(
        "handling_days_mean",
        "实际办理时间（平均）",
        "工作日",
        "期内办结的办件，受理日之后至办结日的工作日数之和 ÷ 这些办件数（当天办结计 0）",
        "local",
        _days_total,
        _count(_timed),
        _timed,
    ),
    Indicator(
        "handling_days_p90",
        "实际办理时间（90%分位）",
        "工作日",
        "期内办结的办件，受理日之后至办结日的工作日数的 90% 分位（最近秩法）",
        "local",
        _p90,
        None,
        _timed,
    ),
    Indicator(
        "promised_days_mean",
        "承诺时限（平均）",
        "工作日",
        "期内办结的办件的承诺时限之和 ÷ 期内办结且有受理时间的办件数（与实际办理时间对照）",
        "local",
        _sum(_with_promised_days, "promised_days"),
        _count(_timed),
        _timed,
    ),
    Indicator(
        "at_most_once_share",
        "“最多跑一次”事项占比",
        "%",
        "期末纳入的办理项中到现场次数为 0 或 1 次的个数 ÷ 期末纳入的办理项数（未填写计为否）",
        "gbf45",
        _item_count("at_most_once"),
        _item_count("listed"),
        lambda s: _cases_of_items(s, _items("at_most_once")(s)),
        _listed_cases,
    ),
    Indicator(
        "zero_visit_share",
        "“零跑动”事项占比",
        "%",
        "期末纳入的办理项中到现场次数为 0 次的个数 ÷ 期末纳入的办理项数（未填写计为否）",
        "gbf45",
        _item_count("zero_visit"),
        _item_count("listed"),
        lambda s: _cases_of_items(s, _items("zero_visit")(s)),
        _listed_cases,
    ),
    Indicator(
        "fully_online_rate",
        "全程网办率",
        "%",
        "期末纳入的办理项中可全程网办的个数 ÷ 期末纳入的办理项数",
        "gf5",
        _item_count("fully_online"),
        _item_count("listed"),
        lambda s: _cases_of_items(s, _items("fully_online")(s)),
        _listed_cases,
    ),
    Indicator(
        "online_case_share",
        "网上办件占比",
        "%",
        "期内受理的办件中渠道为“网上申报”的件数 ÷ 期内受理的办件数",
        "local",
        _count(_online),
        _count(accepted),
        _online,
        accepted,
        rest_label="非网上申报",
    ),
    Indicator(
        "active_rating_rate",
        "主动评价率",
        "%",
        "期内办结的办件中有评价的件数 ÷ 期内办结的办件数",
        "gbt39734",
        _count(_evaluated_cases),
        _count(completed),
        _evaluated_cases,
        completed,
        rest_label="未评价",
    ),
    Indicator(
        "good_rating_rate",
        "好评率",
        "%",
        "期内评价中“非常满意”“满意”“基本满意”的条数 ÷ 期内评价总数",
        "gbf51",
        _count(_good),
        _count(evaluations),
        lambda s: _cases_of(_good(s)),
        _rated_cases,
    ),
    *(_level(level) for level in (5, 4, 3, 2, 1)),
    Indicator(
        "rating_mean_score",
        "评价平均分",
        "分",
        "期内评价的等级之和（非常满意 5 分 … 非常不满意 1 分）÷ 期内评价总数",
        "gbt39734",
        _sum(evaluations, "level"),
        _count(evaluations),
        lambda s: _cases_of(evaluations(s)),
    ),
    Indicator(
        "bad_rectified_on_time_rate",
        "差评按时整改率",
        "%",
        "期内差评中整改在期限内办结的条数 ÷ 期内差评中已办结或已过整改期限的条数",
        "gbf51",
        lambda s: _rectification_counts(s)[1],
        lambda s: _rectification_counts(s)[0],
        lambda s: _cases_of(ServiceEvaluation.objects.filter(pk__in=_rectified_on_time(s))),
        lambda s: _cases_of(ServiceEvaluation.objects.filter(pk__in=_rectification_due(s))),
    ),
    Indicator(
        "real_name_bad_revisit_rate",
        "实名差评回访率",
        "%",
        "期内实名差评中整改已进入“回访”（或导入时已办结）的条数 ÷ 期内实名差评条数",
        "gbf51",
        _revisited_count,
        _count(_real_name_bad),
        lambda s: _cases_of(_revisited(s)),
        lambda s: _cases_of(_real_name_bad(s)),
    ),
    Indicator(
        "stationed_rate",
        "部门进驻率",
        "%",
        "期末已进驻（进驻日期不晚于期末且未撤出）的部门数 ÷ 部门名录中的部门数",
        "local",
        _len(_stationed_departments),
        _len(_department_dates),
        lambda s: accepted(s).filter(department__in=_stationed_departments(s)),
        accepted,
    ),
    Indicator(
        "authorized_rate",
        "综窗授权率",
        "%",
        "期末纳入的办理项中已授权无差别综合窗口的个数 ÷ 期末纳入的办理项数",
        "local",
        lambda s: authorized_done(s.period.end, within=listed_items(s)),
        _item_count("listed"),
        lambda s: _cases_of_items(s, _authorized_items(s)),
        _listed_cases,
    ),
)

BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in INDICATORS}


def compute_all(scope: Scope) -> dict[str, Measure]:
    """Every indicator for ``scope``, in the registry's order."""
    return {indicator.key: indicator.measure(scope) for indicator in INDICATORS}


def as_json(scope: Scope) -> dict[str, dict[str, Any]]:
    """SPEC.md's shape: ``{key: {"label", "value", "unit", "numerator", "denominator"}}``."""

    def number(value: Number | None) -> int | float | None:
        return value if value is None or isinstance(value, int) else float(value)

    result = {}
    for key, measure in compute_all(scope).items():
        indicator = BY_KEY[key]
        result[key] = {
            "label": indicator.label,
            "value": number(measure.value),
            "unit": indicator.unit,
            "numerator": number(measure.numerator),
            "denominator": number(measure.denominator),
        }
    return result


# ---- dimensions: the same registry per center, department, window and item ---------------------


class Dimension(models.TextChoices):
    """What the indicators are broken down by (统计维度)."""

    CENTER = "center", "下级中心"
    DEPARTMENT = "department", "部门"
    WINDOW = "window", "窗口"
    ITEM = "item", "办理项"


@dataclass(frozen=True)
class Group:
    """One line of a breakdown: its dimension's value (``key``, as a query string gives it), its
    words, and the scope it counts (the parent scope narrowed to it)."""

    key: str
    label: str
    scope: Scope
    center: Any = None  # the child center of a CENTER line (``org.Center``)


# A case's field and the rollups' key holding it.
_ROLLUP_KEYS = {
    "department": "department_key",
    "accepted_window": "window_code",
    "handling_item": "item_key",
}


def _with_records(scope: Scope, field_name: str) -> set[Any]:
    """The values of a case field among the cases accepted or 办结 in the period (for whole
    months, the rollups' keys with an accepted or 办结 case: the same cases)."""
    months = whole_months(scope.period)
    if months is not None and not scope.from_records:
        from servicehall.figures.models import IndicatorCount

        rows = IndicatorCount.objects.filter(
            month__in=months, measure__in=["accepted", "completed"]
        )
        if scope.departments is not None:
            rows = rows.filter(department_key__in=scope.departments)
        rows = _narrowed_rows(rows, scope, detail=field_name != "department")
        found = set(rows.values_list(_ROLLUP_KEYS[field_name], flat=True).distinct())
        return found - {0, ""}
    values: set[Any] = set(accepted(scope).values_list(field_name, flat=True).distinct())
    values |= set(completed(scope).values_list(field_name, flat=True).distinct())
    return values - {None, ""}


def groups(scope: Scope, dimension: str, center_scope: CenterScope | None = None) -> list[Group]:
    """The lines of ``dimension`` under ``scope``: for CENTER the center itself (本级) and each
    direct child with its whole subtree (``figures.network``'s rows); for the others each
    department, window or 办理项 of the scope that has records in the period (an item also when
    listed on its last day), by register order."""
    if dimension == Dimension.CENTER:
        if center_scope is None or center_scope.center is None:
            return []
        center = center_scope.center
        lines = [
            Group(
                str(center.pk),
                f"{center.short_name or center.name}（本级）",
                scope.narrowed(**in_centers(CenterScope(center))),
                center,
            )
        ]
        for child in center.children.order_by("path"):
            lines.append(
                Group(
                    str(child.pk),
                    child.short_name or child.name,
                    scope.narrowed(**in_centers(CenterScope(child, with_children=True))),
                    child,
                )
            )
        return lines
    if dimension == Dimension.DEPARTMENT:
        found = _with_records(scope, "department") | set(
            listed_items(scope).values_list("service_item__department", flat=True)
        )
        rows = Department.objects.filter(pk__in=found).order_by("sort_order", "pk")
        return [Group(str(d.pk), d.name, scope.narrowed(departments=(d.pk,))) for d in rows]
    if dimension == Dimension.WINDOW:
        return [
            Group(code, f"{code}号窗口", scope.narrowed(window=code))
            for code in sorted(_with_records(scope, "accepted_window"))
        ]
    if dimension == Dimension.ITEM:
        found = _with_records(scope, "handling_item") | set(
            listed_items(scope).values_list("pk", flat=True)
        )
        items = HandlingItem.objects.filter(pk__in=found).order_by("code")
        return [Group(str(i.pk), f"{i.name}（{i.code}）", scope.narrowed(item=i.pk)) for i in items]
    raise ValueError(f"未知统计维度：{dimension}")


def read_ahead(lines: list[Group]) -> None:
    """Read at once, for every line of a breakdown by department or center, what each line
    would read alone: the monthly rollups and the 差评' (办结日期, 整改期限) pairs, per
    department; each line then sums its departments' part (the page's one query instead of
    one per line and indicator). Only for whole months and lines narrowed by departments."""
    scopes = [line.scope for line in lines if line.scope.departments is not None]
    if not scopes or any(s.window is not None or s.item is not None for s in scopes):
        return
    first = scopes[0]
    months = whole_months(first.period)
    if months is None or first.from_records:
        return
    from servicehall.figures.models import IndicatorCount

    covered = frozenset(d for s in scopes for d in s.departments or ())
    rolled: dict[int, Counter[str]] = {}
    rows = (
        IndicatorCount.objects.filter(
            month__in=months,
            department_key__in=covered,
            item_key=ALL_ITEMS,
            window_code=ALL_WINDOWS,
        )
        .values_list("department_key", "measure")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for department, measure, n in rows:
        rolled.setdefault(department, Counter())[measure] = int(n)
    pairs: dict[int, list[tuple[Any, Any, int]]] = {}
    bad = bad_evaluations(first.narrowed(departments=tuple(covered)))
    for department, closed, due, n in (
        bad.values_list("case__department", "rectification__closed_on", "rectification__due")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        pairs.setdefault(department, []).append((closed, due, n))
    first.shared[(first.period, "rollup")] = (covered, rolled)
    first.shared[(first.period, "rectifications")] = (covered, pairs)


def _ahead(scope: Scope, what: str) -> Any:
    """What ``read_ahead`` read for ``scope``'s lines, when it covers all of its departments."""
    found = scope.shared.get((scope.period, what))
    if (
        found is None
        or scope.departments is None
        or scope.window is not None
        or scope.item is not None
        or scope.from_records
        or not found[0].issuperset(scope.departments)
    ):
        return None
    return found[1]


def same_period_last_year(period: Period) -> Period:
    """The same days a year before (同期): 29 February becomes the 28th."""

    def back(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return Period(back(period.start), back(period.end))


def last_year(scope: Scope) -> Scope:
    """``scope`` over the same period last year (同比)."""
    return scope.narrowed(period=same_period_last_year(scope.period))


def change(now: Measure, before: Measure) -> Number | None:
    """The change against last year (同比): the difference of the values, in the indicator's
    unit (percentage points for a %); a count's stays a whole number; None when either has no
    value."""
    if now.value is None or before.value is None:
        return None
    if isinstance(now.value, int) and isinstance(before.value, int):
        return now.value - before.value
    return round2(Decimal(now.value) - Decimal(before.value))

"""Where a case's time went (办理环节用时), written once: its stages from the case event log —
受理 at the window, then each 流转 to a department — the working days each stage and each
department used, against its share of the promised time, and the stage that made a late case
late. The period report (``figures.flow``), the case lists and the tests read it from here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from servicehall.cases.models import Case, CaseEvent, EventKind
from servicehall.workcal.workdays import working_days_between

STAGE_KINDS = (EventKind.ACCEPT, EventKind.TRANSFER, EventKind.COMPLETE)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Stage:
    """One stage of a case (办理环节): who held it, from when to when, the working days it used
    and its share of the promised time."""

    label: str  # 受理 / 流转至公安厅
    department_id: int | None
    department_name: str
    start: dt.date
    end: dt.date | None  # None: the stage the case is in on the day counted
    days: int  # working days after ``start`` up to ``end`` (or the day counted); same day = 0
    share: Decimal | None  # promised days ÷ stages; None without a promised time

    @property
    def over(self) -> Decimal:
        """Working days beyond its share (negative: within it)."""
        return Decimal(self.days) - (self.share or 0)

    def describe(self) -> str:
        """The stage in words, as the lists print it."""
        share = "" if self.share is None else f" / 应分 {_fmt(self.share)}"
        who = f"{self.department_name}，" if self.label == "受理" else ""  # 流转至 names it
        return f"{self.label}（{who}用时 {self.days}{share} 个工作日）"


@dataclass(frozen=True)
class CaseTime:
    """A case's stages, its days against the promised time, and what made it late."""

    case_id: int
    promised: int | None  # working days promised (the case's, else its 办理项's 承诺/法定时限)
    stages: list[Stage]
    days: int  # Σ stage days: working days after 受理 up to 办结 (or the day counted)
    late: bool  # past its promised date: done after it, or open beyond it on the day counted
    by_department: dict[str, int] = field(default_factory=dict)  # department → days used

    @property
    def culprit(self) -> Stage | None:
        """The stage that made a late case late: the one furthest beyond its share (the
        earlier of equals); None for a case on time or with no promised time."""
        if not self.late or self.promised is None or not self.stages:
            return None
        return max(self.stages, key=lambda s: (s.over, -self.stages.index(s)))


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def promised_days(case: Case) -> int | None:
    """The working days the case was promised: its own, else its 办理项's 承诺时限, else its
    法定时限."""
    if case.promised_days:
        return case.promised_days
    item = case.handling_item
    if item is None:
        return None
    return item.time_limit_days or getattr(item, "statutory_days", None) or None


def case_time(
    case: Case, events: Iterable[tuple[str, dt.date, int | None, str]], as_of: dt.date
) -> CaseTime:
    """The stages of ``case`` from its events ``(kind, local day, department id, department
    name)`` in their order, counted on the working-day calendar up to 办结 or ``as_of``."""
    department_name = case.department.name if case.department is not None else "（未登记部门）"
    marks: list[tuple[str, dt.date, int | None, str]] = []
    completed: dt.date | None = (
        timezone.localtime(case.completed_at).date() if case.completed_at else None
    )
    if case.accepted_at is not None:
        accepted = timezone.localtime(case.accepted_at).date()
        marks.append(("受理", accepted, case.department_id, department_name))
    for kind, day, dept_id, dept_name in events:
        if kind == EventKind.ACCEPT and not marks:
            marks.append(("受理", day, dept_id or case.department_id, dept_name or department_name))
        elif kind == EventKind.TRANSFER:
            name = dept_name or department_name
            marks.append((f"流转至{name}", day, dept_id or case.department_id, name))
        elif kind == EventKind.COMPLETE and completed is None:
            completed = day
    promised = promised_days(case)
    stop = completed or as_of
    share = (
        (Decimal(promised) / len(marks)).quantize(TENTH, rounding=ROUND_HALF_UP)
        if promised is not None and marks
        else None
    )
    stages = []
    for i, (label, start, dept_id, name) in enumerate(marks):
        end = marks[i + 1][1] if i + 1 < len(marks) else completed
        days = working_days_between(start + dt.timedelta(days=1), end or stop, case)
        stages.append(Stage(label, dept_id, name, start, end, days, share))
    by_department: dict[str, int] = defaultdict(int)
    for stage in stages:
        by_department[stage.department_name] += stage.days
    due = case.promised_by
    late = due is not None and stop > due
    return CaseTime(
        case.pk, promised, stages, sum(s.days for s in stages), late, dict(by_department)
    )


def case_times(cases: Iterable[Case], as_of: dt.date | None = None) -> dict[int, CaseTime]:
    """``case_time`` of each of ``cases`` (with ``department`` and ``handling_item`` selected),
    their events read in one query."""
    as_of = as_of or timezone.localdate()
    cases = list(cases)
    events: dict[int, list[tuple[str, dt.date, int | None, str]]] = defaultdict(list)
    rows = (
        CaseEvent.objects.filter(case_id__in=[c.pk for c in cases], kind__in=STAGE_KINDS)
        .order_by("case_id", "occurred_at", "pk")
        .values_list("case_id", "kind", "occurred_on", "department_id", "department__name")
    )
    for case_id, kind, day, dept_id, dept_name in rows:
        events[case_id].append((kind, day, dept_id, dept_name or ""))
    return {c.pk: case_time(c, events[c.pk], as_of) for c in cases}


def late_stage_text(time: CaseTime | None) -> str:
    """The lists' 延误环节 column: the stage that made the case late, or empty."""
    culprit = time.culprit if time is not None else None
    return culprit.describe() if culprit is not None else ""


def with_stage_events(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with the events ``stage_time`` reads prefetched (one query per page)."""
    return cases.select_related("department", "handling_item").prefetch_related(
        Prefetch(
            "events",
            queryset=CaseEvent.objects.filter(kind__in=STAGE_KINDS)
            .select_related("department")
            .order_by("occurred_at", "pk"),
            to_attr="stage_events",
        )
    )


def stage_time(case: Case, as_of: dt.date | None = None) -> CaseTime:
    """``case_time`` of a case from ``with_stage_events``."""
    events = [
        (e.kind, e.occurred_on, e.department_id, e.department.name if e.department else "")
        for e in getattr(case, "stage_events", [])
    ]
    return case_time(case, events, as_of or timezone.localdate())


def late_stage_column(case: Case) -> str:
    """The lists' 延误环节 column of a case from ``with_stage_events``, as of today."""
    return late_stage_text(stage_time(case))


def department_days_column(case: Case) -> str:
    """The case list's 各部门用时 column: working days per department, in the order they held
    it (公安厅 1、水利厅 6)."""
    time = stage_time(case)
    return "、".join(f"{name} {days}" for name, days in time.by_department.items())

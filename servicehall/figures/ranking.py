"""月度排名: windows and departments ranked by their month's 好差评 — the average rating, the
count of 差评, and the share of the month's 差评 rectified by their deadline. One function for
the page and the API."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from servicehall.cases.models import CaseEvent, EventKind
from servicehall.figures.cases import NO_DEPARTMENT
from servicehall.figures.numbers import round2
from servicehall.journal.followup import rectification_decided, rectified_on_time
from servicehall.journal.models import ServiceEvaluation
from servicehall.org.models import Department, Window

NO_WINDOW = "（未登记受理窗口）"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RankRow:
    """One window's or department's month (排名行)."""

    rank: int
    name: str
    evaluations: int  # 评价数
    average: Decimal  # 平均评价等级, 1–5, two decimals
    bad: int  # 差评数
    due: int  # 差评中已办结或已过期限的（按期率的分母）
    on_time: int  # 其中按期办结的
    on_time_rate: Decimal | None  # 按期办结率 %, two decimals; None when nothing was due

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "name": self.name,
            "evaluations": self.evaluations,
            "average": float(self.average),
            "bad": self.bad,
            "due": self.due,
            "on_time": self.on_time,
            "on_time_rate": None if self.on_time_rate is None else float(self.on_time_rate),
        }


@dataclass(frozen=True)
class MonthlyRanking:
    month: dt.date  # its first day
    as_of: dt.date  # open rectifications past their deadline on this day count as late
    windows: list[RankRow]
    departments: list[RankRow]


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _ranked(groups: dict[str, list[dict[str, Any]]], as_of: dt.date) -> list[RankRow]:
    rows = []
    for name, evaluations in groups.items():
        levels = [e["level"] for e in evaluations]
        bad = [e for e in evaluations if e["level"] <= ServiceEvaluation.Level.DISSATISFIED]
        due = [
            e
            for e in bad
            if rectification_decided(e["rectification__closed_on"], e["rectification__due"], as_of)
        ]
        on_time = [
            e
            for e in due
            if rectified_on_time(e["rectification__closed_on"], e["rectification__due"])
        ]
        rows.append(
            (
                name,
                len(levels),
                round2(Decimal(sum(levels)) / len(levels)),
                len(bad),
                len(due),
                len(on_time),
                round2(HUNDRED * len(on_time) / len(due)) if due else None,
            )
        )

    def key(row: tuple[Any, ...]) -> tuple[Any, ...]:
        rate = row[6]
        return (-row[2], row[3], rate is None, -(rate or 0))

    rows.sort(key=lambda row: (key(row), row[0]))
    ranked: list[RankRow] = []
    for position, row in enumerate(rows, start=1):
        # Equal on every measure: the same rank (1, 2, 2, 4).
        same = ranked and key(rows[position - 2]) == key(row)
        rank = ranked[-1].rank if same else position
        ranked.append(RankRow(rank, *row))
    return ranked


def monthly_ranking(
    month: dt.date, evaluations: Any = None, as_of: dt.date | None = None
) -> MonthlyRanking:
    """The windows and departments of ``month``'s ratings (by the local day they were given),
    ranked by average rating (high first), then fewer 差评, then the higher on-time rate.
    A rating's window is the one its case was accepted at (受理); ``evaluations``: a user's
    scope; ``as_of``: the day an open rectification past its deadline counts as late (today)."""
    first, last = month_bounds(month)
    as_of = as_of or timezone.localdate()
    evaluations = ServiceEvaluation.objects.all() if evaluations is None else evaluations
    rows = list(
        evaluations.filter(evaluated_at__date__gte=first, evaluated_at__date__lte=last).values(
            "level",
            "case_id",
            "case__department_id",
            "case__accepted_at",
            "rectification__due",
            "rectification__closed_on",
        )
    )
    # The accept event of each case: looked up on the day it was accepted (the log's index).
    days = {
        timezone.localtime(r["case__accepted_at"]).date() for r in rows if r["case__accepted_at"]
    }
    cases = {r["case_id"] for r in rows}
    window_of: dict[int, str] = {}
    if days:
        accepted = CaseEvent.objects.filter(
            occurred_on__in=days, kind=EventKind.ACCEPT, case_id__in=cases
        ).exclude(window_code="")
        for case_id, code in accepted.order_by("occurred_at").values_list("case_id", "window_code"):
            window_of.setdefault(case_id, code)
    names = {
        w.code: str(w)
        for w in Window.objects.filter(code__in=set(window_of.values())).order_by("opened_on")
    }
    departments = dict(Department.objects.values_list("pk", "name"))
    by_window: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_department: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        accepted_at = window_of.get(row["case_id"])
        window = NO_WINDOW if accepted_at is None else names.get(accepted_at, accepted_at)
        by_window[window].append(row)
        department = row["case__department_id"]
        by_department[departments[department] if department else NO_DEPARTMENT].append(row)
    return MonthlyRanking(first, as_of, _ranked(by_window, as_of), _ranked(by_department, as_of))

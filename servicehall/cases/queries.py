"""Reads of the case log for the window pages (办件查询)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet

from servicehall.cases.models import Case, CaseEvent
from servicehall.core.permissions import VIEW
from servicehall.workcal.workdays import working_days_left

if TYPE_CHECKING:
    from servicehall.accounts.models import User


def events_on(user: User, day: dt.date, limit: int = 200) -> QuerySet[CaseEvent]:
    """The events of ``day`` that ``user`` may see, newest first."""
    return (
        CaseEvent.objects.for_user(user, VIEW)
        .filter(occurred_on=day)
        .select_related("department", "case")
        .order_by("-occurred_at", "-id")[:limit]
    )


def open_cases(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Cases accepted (here or elsewhere) and not yet 办结, soonest promised date first."""
    return (
        queryset.filter(completed_at__isnull=True)
        .filter(Q(accepted_at__isnull=False) | Q(accepted_elsewhere=True))
        .select_related("department", "handling_item")
        .order_by(F("promised_by").asc(nulls_last=True), "case_no")
    )


def countdown(case: Case, today: dt.date) -> str:
    """The working days left to a case's promised date, in words (剩余工作日)."""
    left = working_days_left(case.promised_by, today, case) if case.promised_by else None
    return countdown_words(left)


def countdown_words(left: int | None) -> str:
    """Working days left in words: 剩 3 个工作日, 今日到期, 逾期 2 个工作日 (None: no promise)."""
    if left is None:
        return "无承诺时限"
    if left > 0:
        return f"剩 {left} 个工作日"
    return "今日到期" if left == 0 else f"逾期 {-left} 个工作日"

"""Reads of the case log for the window pages (办件查询)."""

from __future__ import annotations

import datetime as dt

from servicehall.cases.models import CaseEvent
from servicehall.core.permissions import VIEW


def events_on(user, day: dt.date, limit: int = 200):
    """The events of ``day`` that ``user`` may see, newest first."""
    return (
        CaseEvent.objects.for_user(user, VIEW)
        .filter(occurred_on=day)
        .select_related("department", "case")
        .order_by("-occurred_at", "-id")[:limit]
    )

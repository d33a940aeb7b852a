"""A data set written whole goes into the log through cases.eventlog, rollups included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from servicehall.cases.eventlog import LogRow, append_events
from servicehall.cases.models import CaseEvent, DailyCount
from servicehall.core.localtime import SHANGHAI
from servicehall.figures import Period, case_counts
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db


def test_appended_events_are_counted_on_their_local_day(police: Department) -> None:
    late = dt.datetime(2024, 1, 22, 23, 59, tzinfo=SHANGHAI)  # 15:59 UTC, still the 22nd here
    rows = [
        LogRow(f"B{i}", None, f"C{i}", kind, late, police.pk, police.name)
        for i, kind in enumerate(["accept", "accept", "consult"])
    ]
    rows.append(LogRow("B9", None, "", "issue", late + dt.timedelta(minutes=2), None, "外单位"))
    assert append_events(rows) == 4
    assert case_counts(Period(dt.date(2024, 1, 22), dt.date(2024, 1, 22))) == {
        "consult": 1,
        "accept": 2,
        "transfer": 0,
        "issue": 0,
        "complete": 0,
    }
    assert case_counts(Period(dt.date(2024, 1, 23), dt.date(2024, 1, 23)))["issue"] == 1
    recount = {
        (r["occurred_on"], r["kind"], r["department"]): r["n"]
        for r in CaseEvent.objects.values("occurred_on", "kind", "department").annotate(
            n=Count("id")
        )
    }
    assert recount == {(d.day, d.kind, d.department_id): d.count for d in DailyCount.objects.all()}

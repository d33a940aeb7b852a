"""The rollups equal a full count of the log after any mix of writes, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicehall.cases import rollups
from servicehall.cases.eventlog import LogRow, append_events
from servicehall.cases.models import CaseEvent, DailyCount, EventKind
from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.figures import Period, case_counts
from servicehall.org.models import Department
from servicehall.testing.examples import examples
from servicehall.testing.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 1, 1, 0, 0, tzinfo=SHANGHAI)
ids = itertools.count()


def log_counts() -> dict[tuple[dt.date, str, int | None], int]:
    rows = CaseEvent.objects.values("occurred_on", "kind", "department").annotate(n=Count("id"))
    return {(r["occurred_on"], r["kind"], r["department"]): r["n"] for r in rows}


def rollup_counts() -> dict[tuple[dt.date, str, int | None], int]:
    return {(d.day, d.kind, d.department_id): d.count for d in DailyCount.objects.all()}


moments = st.integers(min_value=0, max_value=9 * 24 * 60 - 1).map(
    lambda minutes: START + dt.timedelta(minutes=minutes)  # nine days, midnights included
)
kinds = st.sampled_from(EventKind.values)
departments = st.sampled_from([0, 1, None])  # two registered departments and the unregistered
event = st.tuples(kinds, moments, departments)
action = st.one_of(
    st.tuples(st.just("record"), event),
    st.tuples(st.just("bulk"), st.lists(event, min_size=1, max_size=20)),
    st.tuples(st.just("delete"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("move"), st.tuples(st.integers(min_value=0, max_value=50), event)),
)


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(actions=st.lists(action, min_size=1, max_size=12))
def test_rollups_equal_a_full_count_after_random_writes_and_deletes(
    actions: list[tuple[str, Any]],  # (name, its argument): the argument's type is the name's
) -> None:
    CaseEvent.objects.all().delete()
    DailyCount.objects.all().delete()
    depts = [DepartmentFactory(name="公安厅"), DepartmentFactory(name="水利厅")]

    def dept(i: int | None) -> Department | None:
        return None if i is None else depts[i]

    for name, arg in actions:
        if name == "record":
            kind, when, d = arg
            record_event(event_id=f"R{next(ids)}", kind=kind, occurred_at=when, department=dept(d))
        elif name == "bulk":
            append_events(
                LogRow(
                    f"B{next(ids)}",
                    None,
                    "",
                    kind,
                    when,
                    (d and depts[d].pk) or (depts[0].pk if d == 0 else None),
                    "",
                )
                for kind, when, d in arg
            )
        elif name == "delete":
            events = list(CaseEvent.objects.order_by("pk"))
            if events:
                events[arg % len(events)].delete()
        else:
            index, (kind, when, d) = arg
            events = list(CaseEvent.objects.order_by("pk"))
            if events:
                moved = events[index % len(events)]
                moved.kind, moved.occurred_at = kind, when
                moved.occurred_on = when.astimezone(SHANGHAI).date()
                moved.department = dept(d)
                moved.save()
        assert rollup_counts() == log_counts()


def test_rebuild_rollups_recounts_a_damaged_table(police: Department) -> None:
    for i in range(3):
        record_event(event_id=f"E{i}", kind="accept", occurred_at=START, department=police)
    DailyCount.objects.update(count=99)
    DailyCount.objects.create(day=START.date(), kind="consult", department=None, count=5)
    assert rollups.mismatches() == 2  # a wrong count and a count of nothing
    call_command("rebuild_rollups", verbosity=0)
    assert rollups.mismatches() == 0
    assert rollup_counts() == log_counts() == {(START.date(), "accept", police.pk): 3}
    assert case_counts(Period(START.date(), START.date()))["accept"] == 3


def test_a_deleted_queryset_of_events_leaves_the_rollups_exact(
    police: Department, water: Department
) -> None:
    for i in range(6):
        record_event(
            event_id=f"E{i}", kind="transfer", occurred_at=START, department=(police, water)[i % 2]
        )
    CaseEvent.objects.filter(department=police).delete()
    assert rollup_counts() == {(START.date(), "transfer", water.pk): 3}


def test_one_event_adds_to_its_rollup_in_one_statement(police: Department) -> None:
    """Issue 24: a window click or an API POST writes its event and one upsert, not one per
    kind of department (registered or not), and both kinds still count right."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    moment = dt.datetime(2024, 1, 23, 9, tzinfo=SHANGHAI)
    for department in (police, None):
        with CaptureQueriesContext(connection) as queries:
            record_event(
                event_id=f"ONE-{next(ids)}", kind="consult", occurred_at=moment,
                department=department,
            )  # fmt: skip
        upserts = [q for q in queries.captured_queries if "cases_dailycount" in q["sql"]]
        assert len(upserts) == 1, upserts
    assert log_counts() == {
        (r.day, r.kind, r.department_id): r.count for r in DailyCount.objects.all()
    }
    assert len(log_counts()) == 2


def test_new_cases_written_in_sql_are_counted_once_after_their_insert(
    police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cases_created``, which the import calls right after each chunk's insert, calls each
    ``created`` listener once, seeing the new cases, and no listener that counts before a
    write; ``cases_written`` (an update or a delete) calls those, and not the ``created``
    ones. A listener is told which by where it was registered, not by a flag."""
    from servicehall.cases.models import Case
    from servicehall.testing.factories import CaseFactory

    seen: list[tuple[str, int]] = []

    def around(cases: Any) -> Any:
        seen.append(("before", cases.count()))
        return lambda: seen.append(("after", cases.count()))

    monkeypatch.setattr(rollups, "_cases_listeners", [])
    monkeypatch.setattr(rollups, "_created_listeners", [])
    rollups.on_cases_written(around, created=lambda cases: seen.append(("new", cases.count())))
    batch = Case.objects.filter(case_no__startswith="NEW-")
    Case.objects.bulk_create(
        [CaseFactory.build(case_no=f"NEW-{i}", department=police) for i in range(3)]
    )
    rollups.cases_created(batch)
    assert seen == [("new", 3)]
    with rollups.cases_written(batch):
        batch.filter(case_no="NEW-0").delete()
    assert seen == [("new", 3), ("before", 3), ("after", 2)]

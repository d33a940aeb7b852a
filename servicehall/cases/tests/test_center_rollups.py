"""The center rollups (per day, month and year) equal a count of the log by the department's
center after any mix of writes, a department's move included; the figures read them."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicehall.cases import rollups
from servicehall.cases.eventlog import LogRow, append_events
from servicehall.cases.models import (
    CaseEvent,
    CenterDailyCount,
    CenterMonthlyCount,
    CenterYearlyCount,
    DailyCount,
    EventKind,
)
from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.figures import Period, case_counts
from servicehall.figures.cases import calendar_spans, center_counts, month_spans
from servicehall.figures.network import child_table
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center
from servicehall.testing.examples import examples
from servicehall.testing.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 1, 27, 0, 0, tzinfo=SHANGHAI)  # nine days: January into February
# The random writes' nine days cross a year (and so a month) at local midnight.
WRITES = dt.datetime(2023, 12, 28, 0, 0, tzinfo=SHANGHAI)
ids = itertools.count()

moments = st.integers(min_value=0, max_value=9 * 24 * 60 - 1).map(
    lambda minutes: WRITES + dt.timedelta(minutes=minutes)
)
event = st.tuples(st.sampled_from(EventKind.values), moments, st.sampled_from([0, 1, None]))
action = st.one_of(
    st.tuples(st.just("record"), event),
    st.tuples(st.just("bulk"), st.lists(event, min_size=1, max_size=20)),
    st.tuples(st.just("delete"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("move_department"), st.integers(min_value=0, max_value=1)),
)


@pytest.fixture
def tree(db: None) -> tuple[Center, Center, Center]:
    province = Center.objects.create(name="省中心（测试）", short_name="省中心", is_default=True)
    city = Center.objects.create(name="市中心（测试）", short_name="市中心", parent=province)
    county = Center.objects.create(name="县中心（测试）", short_name="县中心", parent=city)
    return province, city, county


@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(actions=st.lists(action, min_size=1, max_size=10))
def test_center_rollups_equal_the_log_after_random_writes_deletes_and_moves(
    tree: tuple[Center, Center, Center],
    actions: list[tuple[str, Any]],  # (name, its argument): the argument's type is the name's
) -> None:
    CaseEvent.objects.all().delete()
    for model in (DailyCount, CenterDailyCount, CenterMonthlyCount, CenterYearlyCount):
        model.objects.all().delete()
    province, city, county = tree
    depts = [
        DepartmentFactory(name="市公安局", center=city),
        DepartmentFactory(name="县公安局", center=county),
    ]
    for name, arg in actions:
        if name == "record":
            kind, when, d = arg
            department = None if d is None else depts[d]
            record_event(
                event_id=f"R{next(ids)}", kind=kind, occurred_at=when, department=department
            )
        elif name == "bulk":
            append_events(
                LogRow(
                    f"B{next(ids)}", None, "", kind, when, None if d is None else depts[d].pk, ""
                )
                for kind, when, d in arg
            )
        elif name == "delete":
            events = list(CaseEvent.objects.order_by("pk"))
            if events:
                events[arg % len(events)].delete()
        else:
            moved = depts[arg]
            moved.center = province if moved.center_id != province.pk else county
            moved.save()
        assert rollups.mismatches() == 0
    for model in (CenterDailyCount, CenterMonthlyCount, CenterYearlyCount):
        assert not model.objects.filter(count__lte=0).exists()


def test_a_period_splits_into_its_whole_months_and_the_days_at_its_ends() -> None:
    def p(a: str, b: str) -> Period:
        return Period(dt.date.fromisoformat(a), dt.date.fromisoformat(b))

    assert month_spans(p("2024-01-01", "2024-01-26")) == (None, [p("2024-01-01", "2024-01-26")])
    assert month_spans(p("2024-01-01", "2024-01-31")) == (
        (dt.date(2024, 1, 1), dt.date(2024, 2, 1)),
        [],
    )
    assert month_spans(p("2024-01-15", "2024-04-10")) == (
        (dt.date(2024, 2, 1), dt.date(2024, 4, 1)),
        [p("2024-01-15", "2024-01-31"), p("2024-04-01", "2024-04-10")],
    )
    assert month_spans(p("2023-12-31", "2024-01-30")) == (
        None,
        [p("2023-12-31", "2024-01-30")],
    )
    assert month_spans(p("2024-02-01", "2024-02-29")) == (
        (dt.date(2024, 2, 1), dt.date(2024, 3, 1)),
        [],
    )


def test_roll_up_and_children_table_count_months_and_days_as_the_departments_do(
    tree: tuple[Center, Center, Center],
) -> None:
    province, city, county = tree
    own = DepartmentFactory(name="省公安厅", center=province)
    city_dept = DepartmentFactory(name="市公安局", center=city)
    county_dept = DepartmentFactory(name="县公安局", center=county)
    rows = []
    # 1, 2 and 3 events a day for 100 days from 2024-01-10: months whole and cut.
    for n in range(100):
        day = dt.datetime(2024, 1, 10, 10, tzinfo=SHANGHAI) + dt.timedelta(days=n)
        for dept, times in ((own, 1), (city_dept, 2), (county_dept, 3)):
            for k in range(times):
                rows.append(LogRow(f"E{n}-{dept.pk}-{k}", None, "", "accept", day, dept.pk, ""))
    rows.append(LogRow("NODEPT", None, "", "accept", START, None, "某未登记部门"))
    append_events(rows)
    period = Period(dt.date(2024, 1, 20), dt.date(2024, 4, 5))  # 77 days
    rolled = CenterScope(province, with_children=True)
    assert case_counts(period, scope=rolled)["accept"] == 77 * 6 + 1
    assert case_counts(period, scope=CenterScope(province))["accept"] == 77 + 1
    assert case_counts(period, scope=CenterScope(city, with_children=True))["accept"] == 77 * 5
    assert case_counts(period, scope=CenterScope(county))["accept"] == 77 * 3
    # The department rollups say the same.
    every = [own.pk, city_dept.pk, county_dept.pk]
    assert case_counts(period, every, scope=rolled)["accept"] == 77 * 6
    assert center_counts(period, scope=rolled)[(None, "accept")] == 1
    table = child_table(period, province)
    assert [(r.label, r.period["accept"]) for r in table] == [
        ("省中心（本级）", 78),
        ("市中心", 77 * 5),
        ("合计", 77 * 6 + 1),
    ]
    # The year to date of 2024-04-05 reads January to March from the monthly rows.
    assert table[-1].ytd["accept"] == 87 * 6 + 1
    county_months = CenterMonthlyCount.objects.filter(center=county, kind="accept")
    assert list(county_months.order_by("month").values_list("month", "count")) == [
        (dt.date(2024, 1, 1), 22 * 3),
        (dt.date(2024, 2, 1), 29 * 3),
        (dt.date(2024, 3, 1), 31 * 3),
        (dt.date(2024, 4, 1), 18 * 3),
    ]


def test_a_period_splits_into_its_whole_years_months_and_the_days_at_its_ends() -> None:
    def p(a: str, b: str) -> Period:
        return Period(dt.date.fromisoformat(a), dt.date.fromisoformat(b))

    d = dt.date
    # Within a year: the months only, as before.
    assert calendar_spans(p("2024-01-15", "2024-04-10")) == (
        None,
        [(d(2024, 2, 1), d(2024, 4, 1))],
        [p("2024-01-15", "2024-01-31"), p("2024-04-01", "2024-04-10")],
    )
    assert calendar_spans(p("2024-01-01", "2024-12-31")) == ((d(2024, 1, 1), d(2025, 1, 1)), [], [])
    assert calendar_spans(p("2022-11-20", "2025-02-03")) == (
        (d(2023, 1, 1), d(2025, 1, 1)),
        [(d(2022, 12, 1), d(2023, 1, 1)), (d(2025, 1, 1), d(2025, 2, 1))],
        [p("2022-11-20", "2022-11-30"), p("2025-02-01", "2025-02-03")],
    )
    # Whole months on both sides of a new year, but no whole year.
    assert calendar_spans(p("2023-02-01", "2024-11-30")) == (
        None,
        [(d(2023, 2, 1), d(2024, 12, 1))],
        [],
    )
    assert calendar_spans(p("2023-12-31", "2024-01-30")) == (
        None,
        [],
        [p("2023-12-31", "2024-01-30")],
    )


FIRST_DAY, LAST_DAY = dt.date(2022, 11, 1), dt.date(2025, 2, 28)  # four calendar years
any_day = st.integers(min_value=-30, max_value=(LAST_DAY - FIRST_DAY).days + 30).map(
    lambda n: FIRST_DAY + dt.timedelta(days=n)
)


def test_any_period_counts_from_years_months_and_days_as_the_log_and_the_daily_rows_do(
    tree: tuple[Center, Center, Center],
) -> None:
    """Whatever the period and the scope, the figures (whole years from the yearly rollups,
    whole months from the monthly ones, the ends from the daily ones) equal a count of the
    events and a sum of the daily rows; the events came by every write path (desk, file,
    rollback)."""
    province, city, county = tree
    depts = [
        DepartmentFactory(name="省公安厅", center=province),
        DepartmentFactory(name="市公安局", center=city),
        DepartmentFactory(name="县公安局", center=county),
    ]
    span = (LAST_DAY - FIRST_DAY).days + 1
    rows = []
    for n in range(1500):  # spread over every month of the four years, by a fixed stride
        day = FIRST_DAY + dt.timedelta(days=(n * 37) % span)
        when = dt.datetime.combine(day, dt.time(23, 59) if n % 5 == 0 else dt.time(9), SHANGHAI)
        dept = None if n % 11 == 0 else depts[n % 3]
        kind = EventKind.values[n % len(EventKind.values)]
        if n % 7 == 0:  # the desk and the API: one row, its own upserts
            record_event(event_id=f"P{n}", kind=kind, occurred_at=when, department=dept)
        else:
            rows.append(LogRow(f"P{n}", None, "", kind, when, dept.pk if dept else None, ""))
    append_events(rows)
    # Some taken away again (an event deleted, as a rollback of a batch does): the rollups too.
    for event in CaseEvent.objects.order_by("pk")[::13]:
        event.delete()
    assert rollups.mismatches() == 0
    assert CenterYearlyCount.objects.filter(year=dt.date(2023, 1, 1)).exists()
    scopes = [
        CenterScope(province, with_children=True),
        CenterScope(province),
        CenterScope(city, with_children=True),
        CenterScope(county),
    ]

    @settings(max_examples=examples(60), deadline=None)
    @given(first=any_day, last=any_day, which=st.integers(min_value=0, max_value=3))
    def same(first: dt.date, last: dt.date, which: int) -> None:
        if first > last:
            first, last = last, first
        period, scope = Period(first, last), scopes[which]
        logged = (
            CaseEvent.objects.filter(occurred_on__gte=first, occurred_on__lte=last)
            .filter(scope.q("department__center"))
            .values_list("kind")
            .annotate(n=Count("id"))
        )
        daily = (
            DailyCount.objects.filter(day__gte=first, day__lte=last)
            .filter(scope.q("department__center"))
            .values_list("kind")
            .annotate(n=Sum("count"))
        )
        expected = dict.fromkeys(EventKind.values, 0) | dict(logged.order_by())
        assert case_counts(period, scope=scope) == expected
        assert expected == dict.fromkeys(EventKind.values, 0) | dict(daily.order_by())

    same()

"""The center rollups (per day and per month) equal a count of the log by the department's
center after any mix of writes, a department's move included; the figures read them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicehall.cases import rollups
from servicehall.cases.eventlog import LogRow, append_events
from servicehall.cases.models import (
    CaseEvent,
    CenterDailyCount,
    CenterMonthlyCount,
    DailyCount,
    EventKind,
)
from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.figures import Period, case_counts
from servicehall.figures.cases import center_counts, month_spans
from servicehall.figures.network import child_table
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center
from servicehall.testing.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 1, 27, 0, 0, tzinfo=SHANGHAI)  # nine days: January into February
ids = itertools.count()

moments = st.integers(min_value=0, max_value=9 * 24 * 60 - 1).map(
    lambda minutes: START + dt.timedelta(minutes=minutes)
)
event = st.tuples(st.sampled_from(EventKind.values), moments, st.sampled_from([0, 1, None]))
action = st.one_of(
    st.tuples(st.just("record"), event),
    st.tuples(st.just("bulk"), st.lists(event, min_size=1, max_size=20)),
    st.tuples(st.just("delete"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("move_department"), st.integers(min_value=0, max_value=1)),
)


@pytest.fixture
def tree(db):
    province = Center.objects.create(name="省中心（测试）", short_name="省中心", is_default=True)
    city = Center.objects.create(name="市中心（测试）", short_name="市中心", parent=province)
    county = Center.objects.create(name="县中心（测试）", short_name="县中心", parent=city)
    return province, city, county


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=st.lists(action, min_size=1, max_size=10))
def test_center_rollups_equal_the_log_after_random_writes_deletes_and_moves(tree, actions):
    CaseEvent.objects.all().delete()
    for model in (DailyCount, CenterDailyCount, CenterMonthlyCount):
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
    assert not CenterDailyCount.objects.filter(count__lte=0).exists()


def test_a_period_splits_into_its_whole_months_and_the_days_at_its_ends():
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


def test_roll_up_and_children_table_count_months_and_days_as_the_departments_do(tree):
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

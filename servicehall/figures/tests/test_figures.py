"""Figures computed from hand-built records, one register at a time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from servicehall.catalog.models import (
    AuthorizationChange,
    HandbookChange,
    HandlingItem,
    ItemKind,
    ServiceItem,
)
from servicehall.figures import (
    Period,
    benefit_summary,
    compute,
    compute_all,
    handbook_completions,
    unauthorized_departments,
    window_changes,
)
from servicehall.journal.models import (
    BenefitFulfilment,
    BenefitPolicy,
    BenefitPolicyBatch,
    PlatformDailyCount,
)
from servicehall.org.models import Center, Department, Staff, TrainingSession, Window

pytestmark = pytest.mark.django_db
WEEK = Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
D = dt.date


@pytest.fixture
def center() -> Center:
    return Center.default()


def dept(center: Center, name: str, order: int) -> Department:
    return Department.objects.create(center=center, name=name, sort_order=order)


LISTED = dt.date(2023, 1, 1)


def items(
    department: Department, n: int, *, listed: dt.date = LISTED, prefix: str | None = None
) -> list[HandlingItem]:
    prefix = prefix or f"D{department.pk}"
    service = ServiceItem.objects.create(
        department=department, code=f"{prefix}-S", name="事项", kind=ItemKind.LICENSE
    )
    return [
        HandlingItem.objects.create(
            service_item=service, code=f"{prefix}-{i}", name=f"办理项{i}", listed_on=listed
        )
        for i in range(n)
    ]


def test_handbook_share_counts_the_latest_status_of_listed_items(center: Center) -> None:
    science = dept(center, "科技厅", 1)
    water = dept(center, "水利厅", 2)
    sci_items = items(science, 4)
    water_items = items(water, 4)
    HandlingItem.objects.filter(pk=water_items[3].pk).update(
        delisted_on=D(2024, 1, 1)
    )  # not counted any more
    for item in sci_items[:3]:
        HandbookChange.objects.create(handling_item=item, effective_on=D(2024, 1, 23))
    HandbookChange.objects.create(handling_item=water_items[0], effective_on=D(2023, 6, 1))
    HandbookChange.objects.create(handling_item=water_items[1], effective_on=D(2023, 6, 1))
    HandbookChange.objects.create(
        handling_item=water_items[1], effective_on=D(2024, 1, 10), compiled=False
    )  # withdrawn
    HandbookChange.objects.create(
        handling_item=water_items[2], effective_on=D(2024, 2, 1)
    )  # after the week
    assert compute("handbook.done", WEEK) == 4
    assert compute("handbook.percent", WEEK) == Decimal("57.14")  # 4 of 7 listed
    assert [(d.name, n) for d, n in handbook_completions(WEEK)] == [("科技厅", 3)]


def test_unauthorized_departments_are_those_with_items_but_none_authorized_in_register_order(
    center: Center,
) -> None:
    a, b, c, _no_items = (
        dept(center, name, order)
        for name, order in [("民政厅", 2), ("科技厅", 1), ("公安厅", 3), ("省贸促会", 4)]
    )
    a_items, b_items, c_items = items(a, 2), items(b, 2), items(c, 2)
    AuthorizationChange.objects.create(
        handling_item=c_items[0], effective_on=D(2022, 5, 1), authorized=True
    )
    AuthorizationChange.objects.create(
        handling_item=a_items[0], effective_on=D(2022, 5, 1), authorized=True
    )
    AuthorizationChange.objects.create(
        handling_item=a_items[0], effective_on=D(2023, 1, 5), authorized=False
    )
    AuthorizationChange.objects.create(
        handling_item=b_items[1], effective_on=D(2023, 4, 1), authorized=True
    )
    # d has no items at all: not a department the sentence is about
    march = D(2023, 3, 10)
    assert [x.name for x in unauthorized_departments(march)] == ["科技厅", "民政厅"]
    assert compute("departments.unauthorized", Period(D(2023, 3, 6), march)) == 2
    assert [x.name for x in unauthorized_departments(D(2023, 4, 1))] == ["民政厅"]


def test_window_counts_and_changes_are_a_diff_of_two_dates(center: Center) -> None:
    def window(code: str, kind: str, opened: dt.date, closed: dt.date | None = None) -> None:
        Window.objects.create(
            center=center, code=code, kind=kind, opened_on=opened, closed_on=closed
        )

    for i in range(5):
        window(f"A{i}", Window.Kind.COMPREHENSIVE_ACCEPT, D(2023, 1, 1))
    window("A9", Window.Kind.COMPREHENSIVE_ACCEPT, D(2022, 1, 1), closed=D(2023, 6, 1))
    window("A5", Window.Kind.COMPREHENSIVE_ACCEPT, D(2024, 1, 24))
    window("A6", Window.Kind.COMPREHENSIVE_ACCEPT, D(2024, 1, 24))
    window("B1", Window.Kind.ISSUE, D(2023, 1, 1))
    window("B2", Window.Kind.ISSUE, D(2024, 1, 26))
    window("B3", Window.Kind.ISSUE, D(2024, 1, 29))
    assert (compute("windows.accept", WEEK), compute("windows.issue", WEEK)) == (7, 2)
    assert window_changes(WEEK) == {
        "accept": {"before": 5, "after": 7, "change": 2},
        "issue": {"before": 1, "after": 2, "change": 1},
    }


def test_training_sessions_count_the_weeks_sessions(center: Center) -> None:
    police = dept(center, "公安厅", 1)
    for day in (D(2024, 1, 19), D(2024, 1, 22), D(2024, 1, 26), D(2024, 1, 27)):
        TrainingSession.objects.create(center=center, held_on=day, topic="业务培训").organizers.add(
            police
        )
    assert compute("training.sessions", WEEK) == 2


def test_benefit_totals_sum_each_policys_latest_amount_in_yi_yuan(center: Center) -> None:
    ndrc, tax = dept(center, "省发展改革委", 1), dept(center, "四川省税务局", 2)
    batch = BenefitPolicyBatch.objects.create(
        name="2023年省级惠企政策事项清单（第一批）", year=2023
    )
    cut = BenefitPolicy.objects.create(
        batch=batch, department=tax, name="减税", mode=BenefitPolicy.Mode.REDUCTION
    )
    pay = BenefitPolicy.objects.create(
        batch=batch, department=ndrc, name="奖补", mode=BenefitPolicy.Mode.PAYOUT
    )
    BenefitPolicy.objects.create(
        batch=batch, department=ndrc, name="未兑享", mode=BenefitPolicy.Mode.PAYOUT
    )
    BenefitFulfilment.objects.create(
        policy=cut, as_of=D(2023, 9, 30), amount_yuan=Decimal("5000000000")
    )
    BenefitFulfilment.objects.create(
        policy=cut, as_of=D(2023, 12, 31), amount_yuan=Decimal("14759000000")
    )
    BenefitFulfilment.objects.create(
        policy=pay, as_of=D(2023, 12, 31), amount_yuan=Decimal("2000000000")
    )
    BenefitFulfilment.objects.create(
        policy=pay, as_of=D(2024, 3, 31), amount_yuan=Decimal("9000000000")
    )  # later
    summary = benefit_summary(WEEK.end)
    assert summary is not None and summary.as_of == D(2023, 12, 31)
    assert [d.name for d in summary.departments] == ["省发展改革委", "四川省税务局"]
    values = compute_all(
        WEEK,
        [
            "benefit.departments",
            "benefit.policies",
            "benefit.total",
            "benefit.reduction",
            "benefit.payout",
        ],
    )
    assert values == {
        "benefit.departments": 2,
        "benefit.policies": 2,
        "benefit.total": Decimal("167.59"),
        "benefit.reduction": Decimal("147.59"),
        "benefit.payout": Decimal("20.00"),
    }


def test_benefit_figures_are_none_before_any_statistics(center: Center) -> None:
    assert compute("benefit.total", WEEK) is None


def test_platform_figures_sum_the_year_to_the_weeks_end_and_group_nine_kinds(
    center: Center,
) -> None:
    for day, kind, a, c in [
        (D(2022, 12, 31), ItemKind.LICENSE, 1000, 1000),  # last year
        (D(2023, 1, 3), ItemKind.LICENSE, 10, 11),
        (D(2023, 3, 10), ItemKind.LICENSE, 5, 6),
        (D(2023, 3, 13), ItemKind.LICENSE, 99, 99),  # after the week
        (D(2023, 2, 1), ItemKind.PUBLIC, 7, 8),
        (D(2023, 2, 1), ItemKind.PENALTY, 1, 2),
        (D(2023, 2, 1), ItemKind.CONFIRMATION, 3, 4),
    ]:
        PlatformDailyCount.objects.create(day=day, item_kind=kind, accepted=a, completed=c)
    values = compute_all(
        Period(D(2023, 3, 6), D(2023, 3, 10)),
        [k for k in compute_all.__globals__["FIGURES"] if k.startswith("platform.")],
    )
    assert values == {
        "platform.license.accept": 15,
        "platform.license.complete": 17,
        "platform.public.accept": 7,
        "platform.public.complete": 8,
        "platform.other.accept": 4,
        "platform.other.complete": 6,
    }


def test_trainees_count_named_people_once_and_headcounts_otherwise(center: Center) -> None:
    police = dept(center, "公安厅", 1)
    people = [
        Staff.objects.create(center=center, name=f"人员{i}", staff_no=f"S{i}") for i in range(3)
    ]
    for day in (D(2024, 1, 22), D(2024, 1, 23)):
        session = TrainingSession.objects.create(center=center, held_on=day, topic="培训")
        session.organizers.add(police)
        session.trainees.set(people)
    TrainingSession.objects.create(
        center=center, held_on=D(2024, 1, 24), topic="培训", trainee_count=10
    )
    from servicehall.figures import training_trainees

    assert training_trainees(WEEK) == 13


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="晚于"):
        Period(D(2024, 1, 26), D(2024, 1, 22))


def test_unknown_figure_key_is_named() -> None:
    with pytest.raises(KeyError, match=r"未知统计指标：window\.month\.consult"):
        compute("window.month.consult", WEEK)

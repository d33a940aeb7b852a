"""The indicators' monthly rollups (figures.indicator_rollups): after any mix of writes — cases
and ratings saved, changed and deleted through the ORM, an events file imported, taken back
or unpublished — every indicator read from the rollups for whole months equals the same
indicator counted case by case, and the rollups equal a recount."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from io import StringIO
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicehall.cases.batches import roll_back
from servicehall.cases.importer import import_events, unpublish
from servicehall.cases.models import Case, Channel, ImportBatch
from servicehall.cases.services import record_event
from servicehall.catalog.models import HandlingItem
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.figures import indicator_rollups
from servicehall.figures.indicators import Measure, Scope, compute_all, in_centers, rollup
from servicehall.figures.models import IndicatorCenterCount, IndicatorCount
from servicehall.figures.scope import CenterScope
from servicehall.journal.models import Rectification, RectificationStep, ServiceEvaluation
from servicehall.org.models import Center, Department
from servicehall.testing.examples import examples
from servicehall.testing.factories import DepartmentFactory, HandlingItemFactory

T = TypeVar("T")

pytestmark = pytest.mark.django_db

# Midnight of 29 January, Shanghai: the moments run over two month ends, and their UTC day is
# the day before for the first eight hours of each local day (the local month is the rule).
START = dt.datetime(2024, 1, 29, 0, 0, tzinfo=SHANGHAI)
MONTHS = [
    Period(dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
    Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31)),
    Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
]
numbers = itertools.count()

moments = st.integers(min_value=0, max_value=40 * 24 * 60 - 1).map(
    lambda minutes: START + dt.timedelta(minutes=minutes)
)
new_case = st.fixed_dictionaries(
    {
        "department": st.sampled_from([0, 1, None]),
        "item": st.sampled_from([0, 1, None]),
        "window": st.sampled_from(["", "A1"]),
        "accepted": st.one_of(st.none(), moments),
        "took": st.one_of(st.none(), st.integers(min_value=0, max_value=20 * 24 * 60)),
        "promised_days": st.one_of(st.none(), st.integers(min_value=1, max_value=10)),
        "promised_in": st.one_of(st.none(), st.integers(min_value=-2, max_value=12)),
        "channel": st.sampled_from(["", Channel.ONLINE, Channel.WINDOW]),
    }
)
action = st.one_of(
    st.tuples(st.just("case"), new_case),
    st.tuples(st.just("complete"), st.integers(0, 50), st.one_of(st.none(), moments)),
    st.tuples(st.just("move"), st.integers(0, 50), st.sampled_from([0, 1, None])),
    st.tuples(st.just("window"), st.integers(0, 50), st.sampled_from(["", "A1", "B2"])),
    st.tuples(st.just("delete_case"), st.integers(0, 50)),
    st.tuples(st.just("rate"), st.integers(0, 50), st.integers(1, 5), moments, st.booleans()),
    st.tuples(st.just("rerate"), st.integers(0, 50), st.integers(1, 5), st.integers(0, 50)),
    st.tuples(st.just("delete_rating"), st.integers(0, 50)),
    st.tuples(st.just("move_department"), st.sampled_from([0, 1])),
)


@pytest.fixture
def keys(db: None) -> tuple[list[Department], list[HandlingItem]]:
    province = Center.objects.create(name="省中心（测试）", short_name="省中心", is_default=True)
    city = Center.objects.create(name="市中心（测试）", short_name="市中心", parent=province)
    departments = [
        DepartmentFactory(name="省公安厅", center=province),
        DepartmentFactory(name="市水务局", center=city),
    ]
    items = [
        HandlingItemFactory(service_item__department=departments[0]),
        HandlingItemFactory(service_item__department=departments[1]),
    ]
    return departments, items


def _pick(rows: list[T], n: int) -> T | None:
    return rows[n % len(rows)] if rows else None


def _forget_work_orders(ratings: QuerySet[ServiceEvaluation]) -> None:
    """The 差评's work orders go first (they protect their rating)."""
    RectificationStep.objects.filter(rectification__evaluation__in=ratings).delete()
    Rectification.objects.filter(evaluation__in=ratings).delete()


def _apply(
    step: tuple[Any, ...],  # (name, its arguments): the arguments' types are the name's
    departments: list[Department],
    items: list[HandlingItem],
) -> None:
    name = step[0]
    cases = list(Case.objects.order_by("pk"))
    ratings = list(ServiceEvaluation.objects.order_by("pk"))
    if name == "case":
        spec = step[1]
        accepted = spec["accepted"]
        base = accepted or START
        Case.objects.create(
            case_no=f"R{next(numbers)}",
            department=None if spec["department"] is None else departments[spec["department"]],
            handling_item=None if spec["item"] is None else items[spec["item"]],
            accepted_window=spec["window"],
            accepted_at=accepted,
            accepted_elsewhere=accepted is None,
            completed_at=None
            if spec["took"] is None
            else base + dt.timedelta(minutes=spec["took"]),
            promised_days=spec["promised_days"],
            promised_by=None
            if spec["promised_in"] is None
            else base.date() + dt.timedelta(days=spec["promised_in"]),
            channel=spec["channel"],
        )
    elif name == "complete" and (case := _pick(cases, step[1])) is not None:
        case.completed_at = step[2]
        case.save()
    elif name == "move" and (case := _pick(cases, step[1])) is not None:
        case.department = None if step[2] is None else departments[step[2]]
        case.save()
    elif name == "window" and (case := _pick(cases, step[1])) is not None:
        case.accepted_window = step[2]
        case.save()
    elif name == "delete_case" and (case := _pick(cases, step[1])) is not None:
        if not case.evaluations.exists():
            case.delete()
    elif name == "rate" and (case := _pick(cases, step[1])) is not None:
        ServiceEvaluation.objects.create(
            case=case, level=step[2], evaluated_at=step[3], real_name=step[4]
        )
    elif name == "rerate" and (rating := _pick(ratings, step[1])) is not None:
        rating.level = step[2]
        case = _pick(cases, step[3])
        assert case is not None  # a rating was picked, so there is a case
        rating.case = case
        rating.save()
    elif name == "delete_rating" and (rating := _pick(ratings, step[1])) is not None:
        _forget_work_orders(ServiceEvaluation.objects.filter(pk=rating.pk))
        rating.delete()
    elif name == "move_department":
        # To the other center and back on the next move: its totals go with it.
        moved = departments[step[1]]
        moved.refresh_from_db()
        province, city = _centers()
        moved.center = city if moved.center_id == province.pk else province
        moved.save()


def _centers() -> tuple[Center, Center]:
    return (Center.objects.get(short_name="省中心"), Center.objects.get(short_name="市中心"))


def _scopes(departments: list[Department], items: list[HandlingItem]) -> list[Scope]:
    found = []
    province, city = _centers()
    for period in MONTHS:
        found += [
            # 本级及下级 and 本级: read from the centers' rows (``IndicatorCenterCount``).
            Scope(period, **in_centers(CenterScope(province, True)), as_of=dt.date(2024, 4, 1)),
            Scope(period, **in_centers(CenterScope(city)), as_of=dt.date(2024, 4, 1)),
            Scope(period, as_of=dt.date(2024, 4, 1)),
            Scope(period, departments=(departments[0].pk,), as_of=dt.date(2024, 4, 1)),
            Scope(period, departments=(departments[1].pk,), as_of=dt.date(2024, 4, 1)),
            Scope(period, departments=(), as_of=dt.date(2024, 4, 1)),
            Scope(period, window="A1", as_of=dt.date(2024, 4, 1)),
            Scope(period, item=items[0].pk, as_of=dt.date(2024, 4, 1)),
        ]
    return found


def assert_both_ways_agree(departments: list[Department], items: list[HandlingItem]) -> None:
    assert indicator_rollups.mismatches() == 0
    assert not IndicatorCount.objects.filter(count=0).exists()
    assert not IndicatorCenterCount.objects.filter(count=0).exists()
    for scope in _scopes(departments, items):
        assert rollup(scope) is not None  # whole months: the rollups are read
        counted = replace(scope, from_records=True, memo={})
        assert compute_all(scope) == compute_all(counted), scope


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(action, min_size=1, max_size=14))
def test_rollups_and_cases_give_every_indicator_alike_after_random_writes(
    keys: tuple[list[Department], list[HandlingItem]],
    steps: list[tuple[Any, ...]],  # (name, its arguments): the arguments' types are the name's
) -> None:
    _forget_work_orders(ServiceEvaluation.objects.all())
    ServiceEvaluation.objects.all().delete()
    Case.objects.all().delete()
    assert not IndicatorCount.objects.exists()  # deleted through the ORM: taken away again
    assert not IndicatorCenterCount.objects.exists()
    departments, items = keys
    for step in steps:
        _apply(step, departments, items)
    assert_both_ways_agree(departments, items)
    # A write of one case or rating counts it by statements compiled once (issue 23): they
    # count every case as the ORM's queries do.
    for case in Case.objects.all():
        compiled = indicator_rollups.counts_of([case.pk])
        assert compiled == indicator_rollups.counts(Case.objects.filter(pk=case.pk))
        if case.completed_at is None:
            assert indicator_rollups.counts_of([case.pk], completed=False) == compiled


def test_a_hand_counted_month_from_the_rollups(
    keys: tuple[list[Department], list[HandlingItem]],
) -> None:
    """Three cases of March 2024 (no holiday in it), counted by hand: the rollups hold exactly
    these rows."""
    departments, items = keys
    police = departments[0]

    def at(day: int, hour: int) -> dt.datetime:
        return dt.datetime(2024, 3, day, hour, tzinfo=SHANGHAI)

    # Accepted Friday 1 March, done Tuesday 5 March: two working days after its 受理 day.
    one = Case.objects.create(
        case_no="H1",
        department=police,
        handling_item=items[0],
        accepted_at=at(1, 9),
        completed_at=at(5, 10),
        promised_by=dt.date(2024, 3, 5),
        promised_days=3,
        channel=Channel.ONLINE,
    )
    # Done the same day; late against a promise of the day before (a data slip, counted).
    Case.objects.create(
        case_no="H2",
        department=police,
        handling_item=items[0],
        accepted_at=at(4, 9),
        completed_at=at(4, 17),
        promised_by=dt.date(2024, 3, 3),
    )
    # 1 April 07:00 in Shanghai is 31 March in UTC: April's, not March's.
    Case.objects.create(
        case_no="H3", department=police, accepted_at=dt.datetime(2024, 4, 1, 7, tzinfo=SHANGHAI)
    )
    ServiceEvaluation.objects.create(case=one, level=2, evaluated_at=at(7, 9), real_name=True)
    kept = dict(
        IndicatorCount.objects.filter(month=dt.date(2024, 3, 1), item_key=-1).values_list(
            "measure", "count"
        )
    )
    assert kept == {
        "completed": 2,
        "promised": 2,
        "on_time": 1,
        "late": 1,
        "timed": 2,
        "same_day": 1,
        "promised_days": 3,
        "evaluated": 1,
        "accepted": 2,
        "online": 1,
        "ratings": 1,
        "level_sum": 2,
        "level=2": 1,
        "real_name_bad": 1,
        "days=0": 1,
        "days=2": 1,
    }
    assert dict(
        IndicatorCount.objects.filter(month=dt.date(2024, 4, 1), item_key=-1).values_list(
            "measure", "count"
        )
    ) == {"accepted": 1}
    values = compute_all(Scope(MONTHS[2], departments=(police.pk,)))
    assert (values["on_time_rate"].value, values["handling_days_p90"].value) == (50, 2)
    assert values["handling_days_mean"].value == 1


EVENTS = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "E1,F1,受理,2024-01-31T23:30:00,省公安厅,,A1,\n"
    "E2,F1,办结,2024-02-02T09:30:00,省公安厅,,,\n"
    "E3,F2,受理,2024-02-05T09:30:00,市水务局,,B2,\n"
    "E4,K1,办结,2024-02-06T09:30:00,省公安厅,,,\n"
    "E5,F3,办结,2024-02-07T09:30:00,市水务局,,,\n"
)


def test_an_import_its_rollback_and_an_unpublish_keep_the_rollups_exact(
    keys: tuple[list[Department], list[HandlingItem]], tmp_path: Path
) -> None:
    departments, items = keys
    # A case of the desk the file continues (its 办结), rated before.
    known = Case.objects.create(
        case_no="K1", department=departments[0], promised_by=dt.date(2024, 2, 5)
    )
    record_event(
        event_id="D1",
        kind="accept",
        occurred_at=dt.datetime(2024, 2, 1, 10, tzinfo=SHANGHAI),
        case=known,
    )
    ServiceEvaluation.objects.create(
        case=known, level=5, evaluated_at=dt.datetime(2024, 2, 1, 11, tzinfo=SHANGHAI)
    )
    path = tmp_path / "events.csv"
    path.write_text(EVENTS, encoding="utf-8")
    result = import_events(path)
    assert result.created == 5
    assert Case.objects.get(case_no="K1").completed_at is not None
    assert_both_ways_agree(departments, items)
    february = rollup(Scope(MONTHS[1])) or {}
    assert february["completed"] == 3  # F1, K1 and F3
    assert february["late"] == 1  # K1, promised the 5th
    assert result.batch_id is not None
    roll_back(ImportBatch.objects.get(pk=result.batch_id), user="admin", reason="测试撤销")
    assert Case.objects.get(case_no="K1").completed_at is None
    assert not Case.objects.filter(case_no__in=["F1", "F2", "F3"]).exists()
    assert_both_ways_agree(departments, items)
    assert "completed" not in (rollup(Scope(MONTHS[1])) or {})
    # Imported again, then unpublished as a failed import is: back to the desk's case alone.
    again = import_events(path)
    assert_both_ways_agree(departments, items)
    assert again.batch_id is not None
    unpublish(again.batch_id, 0)
    assert not Case.objects.filter(case_no__in=["F1", "F2", "F3"]).exists()
    assert indicator_rollups.mismatches() == 0


def test_the_command_checks_and_rebuilds(keys: tuple[list[Department], list[HandlingItem]]) -> None:
    departments, _ = keys
    Case.objects.create(
        case_no="X1",
        department=departments[0],
        accepted_at=dt.datetime(2024, 2, 1, 10, tzinfo=SHANGHAI),
    )
    call_command("rebuild_indicator_rollups", "--check", stdout=StringIO())
    # A write around the rollups (an SQL update no hook sees) is found (its key and its
    # department's total), and a rebuild mends it.
    Case.objects.filter(case_no="X1").update(channel=Channel.ONLINE)
    with pytest.raises(CommandError, match="2 项与逐件统计不一致"):
        call_command("rebuild_indicator_rollups", "--check", stdout=StringIO())
    out = StringIO()
    call_command("rebuild_indicator_rollups", stdout=out)
    assert "已重建考核指标月汇总：4 行" in out.getvalue()  # accepted, online; each twice
    assert indicator_rollups.mismatches() == 0


def test_a_month_over_a_province_is_read_in_a_few_queries_whatever_its_departments(
    keys: tuple[list[Department], list[HandlingItem]],
) -> None:
    """Every indicator for a whole month over 本级及下级 reads its centers' rows: a fixed number
    of queries whose SQL names the centers, never the list of their departments (issue 22's
    ≤ 100 ms at a province of 3,344 departments; Django took longer to build that list than
    the database to read it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    departments, _ = keys
    province, city = _centers()
    ServiceEvaluation.objects.create(
        case=Case.objects.create(
            case_no="Q1",
            department=departments[1],
            accepted_at=dt.datetime(2024, 3, 4, 9, tzinfo=SHANGHAI),
            completed_at=dt.datetime(2024, 3, 4, 10, tzinfo=SHANGHAI),
        ),
        level=1,
        evaluated_at=dt.datetime(2024, 3, 5, 9, tzinfo=SHANGHAI),
        real_name=True,
    )

    def read() -> tuple[int, int, dict[str, Measure]]:
        scope = Scope(MONTHS[2], **in_centers(CenterScope(province, True)))
        with CaptureQueriesContext(connection) as captured:
            values = compute_all(scope)
        sql = [q["sql"] for q in captured.captured_queries]
        return len(sql), sum(len(q) for q in sql), values

    queries, length, values = read()
    assert (values["same_day_rate"].value, values["rating_level_1_share"].value) == (100, 100)
    assert values["real_name_bad_revisit_rate"].denominator == 1
    # The 办理项 of both centers, the city's too (once only the default center's were read).
    assert values["immediate_share"].denominator == 2
    # The centers' rollups, the 办理项 register, the 差评' work orders (due and followed up in
    # one pass), the departments' 进驻 dates, the authorised 办理项: one query each.
    assert queries == 5
    for n in range(40):
        DepartmentFactory(name=f"市部门{n:02d}", center=city)
    assert read()[:2] == (queries, length)

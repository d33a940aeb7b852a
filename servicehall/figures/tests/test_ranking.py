"""月度排名: one function ranks windows and departments by a month's average rating, its 差评
and their rectification on time; the page and the API show what it computes, as the user may
see it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.figures.ranking import NO_WINDOW, RankRow, monthly_ranking
from servicehall.journal import followup
from servicehall.journal.models import ServiceEvaluation
from servicehall.journal.rectification import State
from servicehall.org.models import Department
from servicehall.testing.factories import CaseEventFactory, WindowFactory

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2026, 9, 1)
AS_OF = dt.date(2026, 11, 1)


def at(day: int, month: int = 9, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def september(police: Department, water: Department, clerk: User) -> None:
    """Six ratings of September 2026 (and two just outside it) over two windows."""
    WindowFactory(code="A01", name="综合受理一号")
    WindowFactory(code="A02", name="综合受理二号")

    def rated(
        no: str, department: Department, window: str | None, level: int, when: dt.datetime
    ) -> ServiceEvaluation:
        accepted = at(1)
        case = Case.objects.create(case_no=no, department=department, accepted_at=accepted)
        if window:
            CaseEventFactory(
                case=case,
                case_no=no,
                department=department,
                window_code=window,
                occurred_at=accepted,
            )
        return ServiceEvaluation.objects.create(case=case, evaluated_at=when, level=level)

    rated("P1", police, "A01", 5, at(10))
    p2 = rated("P2", police, "A01", 1, at(28))  # due 10-23, closed 10-20: on time
    p3 = rated("P3", police, "A02", 2, at(28))  # due 10-23, closed 10-26: late
    rated("W1", water, "A02", 4, at(15))
    rated("W2", water, "A02", 1, at(30, hour=23, minute=30))  # due 10-27, still open: late
    rated("W3", water, None, 3, at(20))  # accepted elsewhere: no window
    rated("P9", police, "A01", 1, at(1, month=10, hour=0, minute=10))  # October
    rated("P8", police, "A01", 1, at(31, month=8, hour=23, minute=50))  # August
    followup.advance(p2.rectification, State.RECTIFY, by=clerk, note="属实")
    followup.advance(
        p2.rectification, State.CLOSED, by=clerk, note="已整改", today=dt.date(2026, 10, 20)
    )
    followup.advance(p3.rectification, State.RECTIFY, by=clerk, note="属实")
    followup.advance(p3.rectification, State.REVISIT, by=clerk, note="已整改")
    followup.advance(
        p3.rectification,
        State.CLOSED,
        by=clerk,
        note="满意",
        revisit={"revisited_on": dt.date(2026, 10, 26), "method": "phone", "satisfaction": 4},
        today=dt.date(2026, 10, 26),
    )


def table(
    rows: list[RankRow],
) -> list[tuple[int, str, int, Decimal, int, int, int, Decimal | None]]:
    return [
        (r.rank, r.name, r.evaluations, r.average, r.bad, r.due, r.on_time, r.on_time_rate)
        for r in rows
    ]


def test_the_months_departments_and_windows_in_their_order(september: None) -> None:
    result = monthly_ranking(SEPTEMBER, as_of=AS_OF)
    # Both average 8/3 = 2.67; 水利厅 has fewer 差评, so it ranks first.
    assert table(result.departments) == [
        (1, "水利厅", 3, Decimal("2.67"), 1, 1, 0, Decimal("0.00")),
        (2, "公安厅", 3, Decimal("2.67"), 2, 2, 1, Decimal("50.00")),
    ]
    assert table(result.windows) == [
        (1, NO_WINDOW, 1, Decimal("3.00"), 0, 0, 0, None),
        (2, "A01 综合受理一号", 2, Decimal("3.00"), 1, 1, 1, Decimal("100.00")),
        (3, "A02 综合受理二号", 3, Decimal("2.33"), 2, 2, 0, Decimal("0.00")),
    ]


def test_an_open_one_not_yet_due_is_not_counted_yet(september: None) -> None:
    early = monthly_ranking(SEPTEMBER, as_of=dt.date(2026, 10, 27))  # W2's deadline day
    water = next(r for r in early.departments if r.name == "水利厅")
    assert (water.bad, water.due, water.on_time_rate) == (1, 0, None)


def test_equal_on_every_measure_share_a_rank(police: Department, water: Department) -> None:
    for no, department in (("P1", police), ("W1", water)):
        case = Case.objects.create(case_no=no, department=department)
        ServiceEvaluation.objects.create(case=case, evaluated_at=at(3), level=5)
    ranks = [(r.rank, r.name) for r in monthly_ranking(SEPTEMBER, as_of=AS_OF).departments]
    assert ranks == [(1, "公安厅"), (1, "水利厅")]


def test_a_liaison_ranks_its_own_departments_ratings_only(
    september: None, police_liaison: User
) -> None:
    mine = ServiceEvaluation.objects.for_user(police_liaison)
    result = monthly_ranking(SEPTEMBER, mine, as_of=AS_OF)
    assert table(result.departments) == [
        (1, "公安厅", 3, Decimal("2.67"), 2, 2, 1, Decimal("50.00"))
    ]
    assert [(r.name, r.evaluations, r.average) for r in result.windows] == [
        ("A01 综合受理一号", 2, Decimal("3.00")),
        ("A02 综合受理二号", 1, Decimal("2.00")),
    ]


def test_the_page_and_the_api_show_the_same_ranking(
    client: Client, september: None, leader: User, police_liaison: User
) -> None:
    client.force_login(leader)
    page = client.get(reverse("monthly_ranking"), {"month": "2026-09"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026年9月" in html and "50.00%（1/2）" in html
    assert page.context["ranking"].departments[0].name == "水利厅"
    api = client.get("/api/ranking/", {"month": "2026-09"}).json()
    assert api["month"] == "2026-09"
    assert [
        (d["rank"], d["name"], d["average"], d["bad"], d["on_time_rate"])
        for d in api["departments"]
    ] == [
        (1, "水利厅", 2.67, 1, 0.0),
        (2, "公安厅", 2.67, 2, 50.0),
    ]
    assert client.get("/api/ranking/", {"month": "9月"}).json() == {
        "month": "月份“9月”不是有效的月份，应为 YYYY-MM（如 2024-01）"
    }
    # Without a month: the latest month with ratings (not an empty current month).
    assert client.get(reverse("monthly_ranking")).context["month_value"] == "2026-10"
    client.force_login(police_liaison)
    api = client.get("/api/ranking/", {"month": "2026-09"}).json()
    assert [d["name"] for d in api["departments"]] == ["公安厅"]

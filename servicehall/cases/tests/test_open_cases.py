"""Open cases with their promised dates and the working days left (在办件), for every role as
far as its scope goes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from servicehall.accounts.models import User
from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 2, 5)  # a Monday; 10–17 February are 春节, Sunday 18 is a working day


@pytest.fixture
def cases(police: Department, water: Department, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda: TODAY)
    accepted = dt.datetime(2024, 1, 22, 9, tzinfo=SHANGHAI)
    rows = [
        ("GA-LATE", police, accepted, dt.date(2024, 2, 1), None, False),
        ("GA-TODAY", police, accepted, TODAY, None, False),
        ("GA-AFTER-FESTIVAL", police, accepted, dt.date(2024, 2, 18), None, False),
        ("GA-DONE", police, accepted, dt.date(2024, 2, 1), accepted, False),
        ("GA-ELSEWHERE", police, None, None, None, True),
        ("GA-NOT-ACCEPTED", police, None, None, None, False),
        ("SL-1", water, accepted, dt.date(2024, 2, 7), None, False),
    ]
    for case_no, department, at, due, done, elsewhere in rows:
        Case.objects.create(
            case_no=case_no, department=department, accepted_at=at, promised_by=due,
            completed_at=done, accepted_elsewhere=elsewhere,
        )  # fmt: skip


def listed(client: Client, **query: str) -> dict[str, str]:
    page = client.get(reverse("cases:open_list"), query)
    return {row["object"].case_no: row["cells"][-1] for row in page.context["rows"]}


def test_the_window_sees_every_open_case_soonest_first_with_its_countdown(
    client: Client, clerk: User, cases: None
) -> None:
    client.force_login(clerk)
    assert list(listed(client).items()) == [
        ("GA-LATE", "逾期 3 个工作日"),  # Friday 2, the 调休 Sunday 4 and Monday 5 February
        ("GA-TODAY", "今日到期"),
        ("SL-1", "剩 2 个工作日"),
        ("GA-AFTER-FESTIVAL", "剩 5 个工作日"),  # 6–9 February and Sunday 18
        ("GA-ELSEWHERE", "无承诺时限"),
    ]
    assert list(listed(client, overdue="true")) == ["GA-LATE"]


def test_a_liaison_sees_its_departments_open_cases_only(
    client: Client, water_liaison: User, cases: None
) -> None:
    client.force_login(water_liaison)
    assert listed(client) == {"SL-1": "剩 2 个工作日"}


def test_the_open_cases_export_to_excel(client: Client, leader: User, cases: None) -> None:
    client.force_login(leader)
    answer = client.get(reverse("cases:open_list"), {"export": "xlsx"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )

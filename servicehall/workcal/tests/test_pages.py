"""The calendar's pages: every role reads it, a center admin types a notice in or estimates a
year, and the change history records each day changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from servicehall.accounts.models import User
from servicehall.history.models import ChangeRecord
from servicehall.testing.tree import Tree
from servicehall.workcal import workdays
from servicehall.workcal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

NOTICE_2027 = "\n".join(
    [
        "2027-01-01 休 元旦",
        "2027-01-02 休 元旦",
        "2027-01-03 休 元旦",
        "2027-02-05 休 春节",
        "2027-02-06 休 春节",
        "2027-02-07 休 春节",
        "2027-02-08 休 春节",
        "2027-02-20 班 春节调休上班",
    ]
)


@pytest.mark.parametrize("persona", ["clerk", "police_liaison", "leader", "center_admin"])
def test_every_role_reads_the_calendar(
    client: Client, request: pytest.FixtureRequest, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    listing = client.get("/calendar/").content.decode()
    assert "2027" in listing and "预估（国务院通知未公布）" in listing
    year = client.get("/calendar/2026/").content.decode()
    assert "国庆节调休上班" in year and "全年工作日 248 天" in year
    assert client.get("/calendar/1999/").status_code == 404


def test_anonymous_is_sent_to_login(client: Client) -> None:
    assert client.get("/calendar/").status_code == 302


@pytest.mark.parametrize("persona", ["clerk", "police_liaison", "leader"])
def test_only_a_center_admin_edits(
    client: Client, request: pytest.FixtureRequest, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/calendar/2027/edit/").status_code == 403
    assert client.post("/calendar/2027/edit/", {"status": "published"}).status_code == 403
    assert client.post("/calendar/estimate/", {"year": "2030"}).status_code == 403


def test_the_admin_types_in_the_notice_and_deadlines_follow_at_once(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    form = client.get("/calendar/2027/edit/").content.decode()
    assert "2027-10-01 休 国庆节" in form  # the estimate, ready to be corrected
    before = workdays.add_working_days(dt.date(2027, 2, 18), 2)
    answer = client.post(
        "/calendar/2027/edit/",
        {
            "status": "published",
            "source": "国务院办公厅关于2027年部分节假日安排的通知",
            "source_url": "https://www.gov.cn/",
            "days": NOTICE_2027,
        },
    )
    assert answer.status_code == 302 and answer["Location"] == "/calendar/2027/"
    year = CalendarYear.objects.get(year=2027)
    assert year.status == "published" and year.days.count() == 8
    # Thursday 18 February + 2 working days: Friday 19, then the 调休 Saturday 20.
    assert (before, workdays.add_working_days(dt.date(2027, 2, 18), 2)) == (
        dt.date(2027, 2, 22),
        dt.date(2027, 2, 20),
    )
    recorded = ChangeRecord.objects.filter(app_label="workcal", model_name="calendarday")
    assert recorded.filter(action="create", object_repr="2027-02-20 班 春节调休上班").exists()
    assert recorded.filter(action="delete", object_repr="2027-10-01 休 国庆节").exists()


def test_a_bad_line_is_named_and_nothing_changes(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    before = list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind"))
    page = client.post(
        "/calendar/2027/edit/",
        {"status": "published", "source": "通知", "days": "2027-01-01 休 元旦\n2027-13-01 休 X"},
    ).content.decode()
    assert "第 2 行“2027-13-01 休 X”：应为“2027-01-01 休 元旦”的格式" in page or (
        "第 2 行：2027-13-01 不是有效日期" in page
    )
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind")) == before
    assert CalendarYear.objects.get(year=2027).status == "estimated"


def test_the_admin_estimates_a_year_not_yet_published(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    answer = client.post("/calendar/estimate/", {"year": "2028"})
    assert answer["Location"] == "/calendar/2028/"
    year = CalendarYear.objects.get(year=2028)
    # 中秋 2028 falls on 3 October: one day with both names (the notice will add one).
    assert year.status == "estimated" and year.days.count() == 12
    assert year.days.get(date=dt.date(2028, 10, 3)).name == "中秋节、国庆节"
    again = client.post("/calendar/estimate/", {"year": "2028"}, follow=True).content.decode()
    assert "2028 年已有日历，请直接修改" in again


def test_the_menu_shows_the_calendar_to_admins_and_leaders(
    client: Client, center_admin: User, clerk: User
) -> None:
    client.force_login(center_admin)
    assert 'href="/calendar/"' in client.get("/").content.decode()
    client.force_login(clerk)
    assert 'href="/calendar/"' not in client.get("/").content.decode()


@pytest.mark.parametrize("key", ["city_a", "county_a1", "town_a1"])
def test_a_child_centers_admin_reads_the_shared_calendar_but_does_not_change_it(
    client: Client, tree: Tree, key: str
) -> None:
    from servicehall.core.roles import Role

    client.force_login(tree.login(key, Role.ADMIN))
    assert client.get("/calendar/2027/").status_code == 200
    assert client.get("/calendar/2027/edit/").status_code == 403
    assert client.post("/calendar/2027/edit/", {"status": "published"}).status_code == 403
    assert client.post("/calendar/estimate/", {"year": "2030"}).status_code == 403
    client.force_login(tree.login("province", Role.ADMIN))
    assert client.get("/calendar/2027/edit/").status_code == 200

"""Every read goes through for_user: role × department."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from servicehall.accounts.models import User
from servicehall.accounts.services import UserError, create_login
from servicehall.cases.models import CaseEvent
from servicehall.cases.services import record_event
from servicehall.core.permissions import can
from servicehall.journal.models import NewsCategory, NewsItem, Patrol
from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db


class World(TypedDict):
    """The people and news items every test here reads."""

    police: Department
    water: Department
    news: tuple[NewsItem, NewsItem, NewsItem]
    admin: User
    leader: User
    clerk: User
    liaison_police: User
    liaison_water: User


@pytest.fixture
def world(
    police: Department,
    water: Department,
    center_admin: User,
    leader: User,
    clerk: User,
    police_liaison: User,
    water_liaison: User,
) -> World:
    category = NewsCategory.objects.create(name="政务工作动态")
    news_police = NewsItem.objects.create(
        category=category, department=police, occurred_on=dt.date(2024, 1, 22), text="公安厅……"
    )
    news_water = NewsItem.objects.create(
        category=category, department=water, occurred_on=dt.date(2024, 1, 22), text="水利厅……"
    )
    news_center = NewsItem.objects.create(
        category=category, occurred_on=dt.date(2024, 1, 22), text="中心……"
    )
    return {
        "police": police,
        "water": water,
        "news": (news_police, news_water, news_center),
        "admin": center_admin,
        "leader": leader,
        "clerk": clerk,
        "liaison_police": police_liaison,
        "liaison_water": water_liaison,
    }


def visible(
    user: User | AnonymousUser,
    model: type[NewsItem | CaseEvent | Patrol] = NewsItem,
    action: str = "view",
) -> set[int]:
    return set(model.objects.for_user(user, action).values_list("pk", flat=True))


def test_a_liaison_sees_and_edits_only_its_departments_news(world: World) -> None:
    news_police, news_water, _ = world["news"]
    assert visible(world["liaison_police"]) == {news_police.pk}
    assert visible(world["liaison_police"], action="change") == {news_police.pk}
    assert can(world["liaison_water"], "change", news_water)
    assert not can(world["liaison_water"], "change", news_police)
    assert not can(world["liaison_water"], "view", news_police)


def test_center_admin_and_leader_see_everything_but_only_admin_edits(world: World) -> None:
    everything = {n.pk for n in world["news"]}
    assert visible(world["admin"]) == visible(world["leader"]) == everything
    assert visible(world["admin"], action="change") == everything
    assert visible(world["leader"], action="change") == set()


def test_window_staff_read_registers_and_write_case_events_only(world: World) -> None:
    event = record_event(
        event_id="E1",
        kind="consult",
        occurred_at=dt.datetime(2024, 1, 22, 9),
        department=world["police"],
    )
    assert visible(world["clerk"], CaseEvent, "change") == {event.pk}
    assert visible(world["clerk"], NewsItem, "change") == set()
    assert len(visible(world["clerk"])) == 3


def test_a_liaison_sees_no_center_wide_patrols(world: World) -> None:
    Patrol.objects.create(
        patrolled_at=dt.datetime(2024, 1, 22, 9, tzinfo=dt.UTC), inspector="巡查组"
    )
    assert visible(world["liaison_police"], Patrol) == set()
    assert len(visible(world["admin"], Patrol)) == 1


def test_a_liaison_sees_case_events_of_its_department_only(world: World) -> None:
    mine = record_event(
        event_id="E1",
        kind="accept",
        occurred_at=dt.datetime(2024, 1, 22, 9),
        department=world["police"],
    )
    record_event(
        event_id="E2",
        kind="accept",
        occurred_at=dt.datetime(2024, 1, 22, 9),
        department=world["water"],
    )
    assert visible(world["liaison_police"], CaseEvent) == {mine.pk}
    assert visible(world["liaison_police"], CaseEvent, "change") == set()


def test_anonymous_sees_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_a_liaison_login_needs_a_known_department() -> None:
    with pytest.raises(UserError, match="必须用 --department"):
        create_login("x", role="liaison", password="x-mima-2024-ok")
    with pytest.raises(UserError, match="不在进驻部门名录中"):
        create_login("x", role="liaison", department_name="无此厅", password="x-mima-2024-ok")


def test_adduser_command_creates_a_login_that_authenticates(world: World) -> None:
    call_command(
        "adduser",
        "lw2",
        "--role",
        "liaison",
        "--department",
        "水利厅",
        "--password",
        "lw2-mima-2024",
    )
    from django.contrib.auth import authenticate

    user = authenticate(
        RequestFactory().post("/accounts/login/"), username="lw2", password="lw2-mima-2024"
    )
    assert user is not None and user.department == world["water"] and user.role == "liaison"
    with pytest.raises(CommandError, match="已存在"):
        call_command("adduser", "lw2", "--role", "staff", "--password", "lw2-mima-2024")


def test_a_liaison_login_may_name_its_department_by_an_alias() -> None:
    dept = Department.objects.create(
        center=Center.default(), name="住房和城乡建设厅", aliases="住房城乡建设厅、省住建厅"
    )
    user = create_login(
        "zj", role="liaison", department_name="住房城乡建设厅", password="zj-mima-2024-ok"
    )
    assert user.department == dept == Department.named("省住建厅")
    assert Department.named("住建局") is None

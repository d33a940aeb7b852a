"""The week's submission deadline: the last working day of the working week (by the calendar
table, never Monday–Friday arithmetic) at the configured time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from pytest_django import Settings

from servicehall.accounts.models import User
from servicehall.core.localtime import SHANGHAI
from servicehall.liaison.services import deadline_text, submission_deadline, submission_week

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("day", "due", "why"),
    [
        (dt.date(2024, 1, 24), at(2024, 1, 26, 17, 0), "a normal week: Friday"),
        (dt.date(2023, 9, 25), at(2023, 9, 28, 17, 0), "中秋 Friday 2023-09-29: Thursday"),
        (dt.date(2024, 10, 2), at(2024, 9, 30, 17, 0), "国庆: only Monday 9-30 works"),
        (dt.date(2024, 9, 9), at(2024, 9, 14, 17, 0), "调休 Saturday 2024-09-14 works"),
        (dt.date(2024, 9, 23), at(2024, 9, 29, 17, 0), "调休 Sunday 2024-09-29 works"),
    ],
)
def test_the_deadline_is_the_last_working_day_of_the_week_at_17(
    day: dt.date, due: dt.datetime, why: str
) -> None:
    assert submission_deadline(submission_week(day)) == due, why


def test_the_time_of_day_is_a_setting(settings: Settings) -> None:
    settings.SERVICEHALL_SUBMISSION_DEADLINE = "12:30"
    assert submission_deadline(submission_week(dt.date(2023, 9, 25))) == at(2023, 9, 28, 12, 30)
    settings.SERVICEHALL_SUBMISSION_DEADLINE = "下午五点"
    with pytest.raises(ImproperlyConfigured, match="SERVICEHALL_SUBMISSION_DEADLINE"):
        submission_deadline(submission_week(dt.date(2023, 9, 25)))


def test_a_week_without_working_days_is_followed_by_the_next_working_week() -> None:
    # 2022-01-31..02-06: the Spring Festival holiday, no working day at all.
    week = submission_week(dt.date(2022, 2, 2))
    assert (week.start, week.end) == (dt.date(2022, 2, 7), dt.date(2022, 2, 11))


def test_the_countdown_in_days_hours_and_minutes_and_after_the_deadline() -> None:
    due = at(2024, 1, 26, 17, 0)
    assert (
        deadline_text(due, at(2024, 1, 24, 9, 30))
        == "截止：2024年1月26日（星期五）17:00，还剩 2天7小时30分"
    )
    assert deadline_text(due, at(2024, 1, 26, 16, 15)) == (
        "截止：2024年1月26日（星期五）17:00，还剩 45分"
    )
    assert (
        deadline_text(due, at(2024, 1, 26, 17, 0)) == "截止：2024年1月26日（星期五）17:00，已截止"
    )
    assert deadline_text(due, at(2024, 1, 25, 17, 0)).endswith("还剩 1天")
    assert deadline_text(due, at(2024, 1, 26, 16, 59, 30)).endswith("还剩 不足1分钟")


def test_the_portal_shows_the_deadline_of_the_chosen_week(
    client: Client, police_liaison: User
) -> None:
    client.force_login(police_liaison)
    html = client.get("/liaison/", {"week": "2023-09-26"}).content.decode()
    assert "截止：2023年9月28日（星期四）17:00，已截止" in html
    assert "2023年9月25日至2023年9月28日" in html


def test_the_countdown_refreshes_every_minute_until_the_deadline(
    client: Client, police_liaison: User
) -> None:
    client.force_login(police_liaison)
    past = client.get("/liaison/deadline/", {"week": "2024-01-24"}).content.decode()
    assert ">截止：2024年1月26日（星期五）17:00，已截止</strong>" in past
    assert "hx-trigger" not in past  # passed: nothing left to count
    # A week far ahead (2099 counts Monday–Friday: the table lacks it): still counting down.
    ahead = client.get("/liaison/deadline/", {"week": "2099-06-03"}).content.decode()
    assert "截止：2099年6月5日（星期五）17:00，还剩 " in ahead
    assert 'hx-get="/liaison/deadline/?week=2099-06-01" hx-trigger="every 60s"' in ahead
    assert client.get("/liaison/deadline/", {"week": "6月"}).status_code == 404
    client.logout()
    assert client.get("/liaison/deadline/").status_code == 302

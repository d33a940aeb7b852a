"""The center's view of a week's submissions, its reminders (one unread notice a liaison a week,
e-mail only with an SMTP host), the notices in the header and their page, and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from servicehall.accounts.models import User
from servicehall.liaison import services
from servicehall.liaison.models import Notice
from servicehall.org.models import Center, Department
from servicehall.testing.factories import (
    BenefitFulfilmentFactory,
    LeaderVisitFactory,
    LiaisonFactory,
    NewsItemFactory,
    NoticeFactory,
)
from servicehall.workcal.workdays import WorkingWeek, working_week

pytestmark = pytest.mark.django_db


def week(day: dt.date = dt.date(2024, 1, 22)) -> WorkingWeek:
    """A working week from the calendar table (read inside a test: it needs the database)."""
    return working_week(day)


@pytest.fixture
def hall(police: Department, water: Department, center: Center) -> Department:
    """公安厅 submitted 2 news and a visit, 水利厅 nothing, 税务局 a fulfilment only; 交通厅
    came into the hall after the week and is not counted."""
    tax = Department.objects.create(
        center=center, name="税务局", sort_order=3, stationed_on=dt.date(2020, 1, 1)
    )
    Department.objects.create(
        center=center, name="交通厅", sort_order=4, stationed_on=dt.date(2024, 3, 1)
    )
    NewsItemFactory(department=police, occurred_on=dt.date(2024, 1, 22))
    NewsItemFactory(department=police, occurred_on=dt.date(2024, 1, 26))
    LeaderVisitFactory(department=police, visited_on=dt.date(2024, 1, 24))
    NewsItemFactory(department=water, occurred_on=dt.date(2024, 1, 19))  # the week before
    BenefitFulfilmentFactory(policy__department=tax, as_of=dt.date(2024, 1, 25))
    return tax


def test_the_week_status_lists_the_departments_without_submissions_first(hall: Department) -> None:
    rows = [(r.department.name, r.counts, r.submitted) for r in services.week_status(week())]
    assert rows == [
        ("水利厅", {"news": 0, "visits": 0, "policies": 0}, False),
        ("公安厅", {"news": 2, "visits": 1, "policies": 0}, True),
        ("税务局", {"news": 0, "visits": 0, "policies": 1}, True),
    ]


def test_the_center_page_shows_the_counts_to_admins_and_leaders_only(
    client: Client,
    hall: Department,
    center_admin: User,
    leader: User,
    clerk: User,
    police_liaison: User,
) -> None:
    for user in (center_admin, leader):
        client.force_login(user)
        response = client.get(reverse("liaison:center"), {"week": "2024-01-24"})
        assert response.status_code == 200
        assert response.context["missing"] == 1
        html = response.content.decode()
        assert html.index('data-department="水利厅"') < html.index('data-department="公安厅"')
        assert ("提醒全部未报送部门" in html) == (user == center_admin)
    for user in (clerk, police_liaison):
        client.force_login(user)
        assert client.get(reverse("liaison:center")).status_code == 403


def test_a_reminder_makes_one_notice_per_liaison_and_not_a_second_while_unread(
    hall: Department, water: Department, water_liaison: User
) -> None:
    second = LiaisonFactory(username="slt2", department=water)
    LiaisonFactory(username="slt-gone", department=water, is_active=False)
    done = services.remind(water, week())
    assert sorted(n.recipient.username for n in done.notices) == ["slt", "slt2"]
    notice = Notice.objects.get(recipient=water_liaison)
    assert notice.link == "/liaison/?week=2024-01-22"
    assert notice.text == (
        "请报送水利厅2024年1月22日至2024年1月26日一周的工作动态、厅长进大厅和惠企政策兑享情况"
        "（截止：2024年1月26日（星期五）17:00）"
    )
    again = services.remind(water, week())
    assert (again.notices, again.already) == ([], 2)
    assert Notice.objects.filter(recipient__department=water).count() == 2
    # Once read, the next reminder of the same week is a new notice; another week's is too.
    services.mark_read(second)
    assert [n.recipient for n in services.remind(water, week()).notices] == [second]
    assert len(services.remind(water, week(dt.date(2024, 1, 29))).notices) == 2
    assert Notice.objects.filter(recipient__department=water).count() == 5


def test_no_mail_without_an_smtp_host(
    settings: Settings, water: Department, water_liaison: User
) -> None:
    settings.EMAIL_HOST = ""
    water_liaison.email = "slt@example.gov.cn"
    water_liaison.save()
    assert services.remind(water, week()).mailed == 0
    assert mail.outbox == []


def test_a_mail_to_each_new_notices_recipient_when_an_smtp_host_is_set(
    settings: Settings, water: Department, water_liaison: User
) -> None:
    settings.EMAIL_HOST = "smtp.hall.local"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    water_liaison.email = "slt@example.gov.cn"
    water_liaison.save()
    LiaisonFactory(username="slt2", department=water, email="")  # no address: notice only
    LiaisonFactory(username="slt3", department=water, email="slt3@example.gov.cn")
    done = services.remind(water, week(), site="http://hall.example")
    assert done.mailed == 2
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("周报报送提醒", ["slt@example.gov.cn"]),
        ("周报报送提醒", ["slt3@example.gov.cn"]),
    ]
    assert mail.outbox[0].body.endswith("\n\nhttp://hall.example/liaison/?week=2024-01-22")
    services.remind(water, week())  # still unread: no second notice, no second mail
    assert len(mail.outbox) == 2


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the connection."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("SMTP 服务器拒绝连接")


def test_a_mail_server_that_refuses_leaves_the_notice_standing(
    settings: Settings, water: Department, water_liaison: User
) -> None:
    settings.EMAIL_HOST = "smtp.hall.local"
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    water_liaison.email = "slt@example.gov.cn"
    water_liaison.save()
    done = services.remind(water, week())
    assert (len(done.notices), done.mailed) == (1, 0)
    assert Notice.objects.filter(recipient=water_liaison, read_at__isnull=True).count() == 1


def test_remind_all_reaches_only_the_departments_without_submissions(
    client: Client, hall: Department, center_admin: User, police_liaison: User, water_liaison: User
) -> None:
    client.force_login(center_admin)
    response = client.post(
        reverse("liaison:remind"), {"week": "2024-01-22", "all": "1"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["已提醒水利厅：新提醒 1 条"]
    assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["slt"]
    response = client.post(
        reverse("liaison:remind"), {"week": "2024-01-22", "department": hall.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "税务局没有部门联络员账号，未能提醒。请先在管理后台“用户”中为其添加部门联络员账号"
    ]
    response = client.post(
        reverse("liaison:remind"), {"week": "2024-01-22", "all": "1"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "已提醒水利厅：新提醒 0 条，1 人的本周提醒尚未阅读，不重复提醒"
    ]
    assert Notice.objects.count() == 1


def test_only_center_admins_send_reminders(
    client: Client, water: Department, leader: User, police_liaison: User
) -> None:
    for user in (leader, police_liaison):
        client.force_login(user)
        response = client.post(reverse("liaison:remind"), {"department": water.pk})
        assert response.status_code == 403
    assert Notice.objects.count() == 0


def test_the_header_counts_unread_notices_and_the_page_marks_them_read(
    client: Client, water: Department, water_liaison: User, police_liaison: User
) -> None:
    services.remind(water, week())
    services.remind(water, week(dt.date(2024, 1, 29)))
    NoticeFactory(recipient=police_liaison)
    client.force_login(water_liaison)
    response = client.get(reverse("home"))
    assert response.context["unread_notices"] == 2
    assert '<span class="badge no" title="未读提醒">2</span>' in response.content.decode()
    page = client.get(reverse("liaison:notices"))
    assert [n.link for n in page.context["notices"]] == [
        "/liaison/?week=2024-01-29",
        "/liaison/?week=2024-01-22",
    ]
    first = Notice.objects.get(recipient=water_liaison, link="/liaison/?week=2024-01-22")
    client.post(reverse("liaison:notices_read"), {"notice": first.pk})
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(reverse("home")).context["unread_notices"] == 1
    # Another's notice: 404, and it stays unread.
    other = Notice.objects.get(recipient=police_liaison)
    assert client.post(reverse("liaison:notices_read"), {"notice": other.pk}).status_code == 404
    client.post(reverse("liaison:notices_read"))
    assert services.unread_count(water_liaison) == 0
    assert services.unread_count(police_liaison) == 1
    assert 'title="未读提醒"' not in client.get(reverse("home")).content.decode()


def test_the_api_gives_the_weeks_status_scoped_to_the_liaison(
    client: Client, hall: Department, police_liaison: User, center_admin: User, clerk: User
) -> None:
    assert client.get("/api/submissions/").status_code == 401
    client.force_login(center_admin)
    body = client.get("/api/submissions/", {"week": "2024-01-24"}).json()
    assert (body["week_start"], body["week_end"]) == ("2024-01-22", "2024-01-26")
    assert body["deadline"] == "2024-01-26T17:00:00+08:00"
    assert [(d["name"], d["submitted"], d["news"]) for d in body["departments"]] == [
        ("水利厅", False, 0),
        ("公安厅", True, 2),
        ("税务局", True, 0),
    ]
    client.force_login(police_liaison)
    body = client.get("/api/submissions/", {"week": "2024-01-24"}).json()
    assert [(d["name"], d["news"], d["visits"]) for d in body["departments"]] == [("公安厅", 2, 1)]
    assert client.get("/api/submissions/", {"week": "1月"}).status_code == 400
    client.force_login(clerk)
    assert client.get("/api/submissions/").status_code == 403


def test_the_notices_api_shows_and_marks_only_ones_own(
    client: Client, water: Department, water_liaison: User, police_liaison: User
) -> None:
    services.remind(water, week())
    others = NoticeFactory(recipient=police_liaison)
    client.force_login(water_liaison)
    listed = client.get("/api/notices/").json()["results"]
    assert [n["link"] for n in listed] == ["/liaison/?week=2024-01-22"]
    assert client.get(f"/api/notices/{others.pk}/").status_code == 404
    assert client.post(f"/api/notices/{others.pk}/read/").status_code == 404
    mine = listed[0]["id"]
    answer = client.post(f"/api/notices/{mine}/read/").json()
    assert answer["read_at"] is not None
    others.refresh_from_db()
    assert others.read_at is None


def test_the_reminders_mail_links_to_the_weeks_portal_on_this_site(
    client: Client,
    settings: Settings,
    center_admin: User,
    water: Department,
    water_liaison: User,
) -> None:
    settings.EMAIL_HOST = "smtp.hall.local"
    water_liaison.email = "slt@example.gov.cn"
    water_liaison.save()
    client.force_login(center_admin)
    response = client.post(
        reverse("liaison:remind"), {"week": "2024-01-24", "department": water.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "已提醒水利厅：新提醒 1 条，邮件 1 封"
    ]
    assert mail.outbox[0].body.endswith("http://testserver/liaison/?week=2024-01-22")


def test_remind_all_says_once_which_departments_have_no_liaison_and_reminds_the_others(
    client: Client, hall: Department, center: Center, center_admin: User, water_liaison: User
) -> None:
    """Of 水利厅, 民政厅, 人社厅 (nothing submitted), only 水利厅 has a liaison: one line says it
    was reminded, one line names the other two and why — not a line per department."""
    for order, name in ((5, "民政厅"), (6, "人社厅")):
        Department.objects.create(
            center=center, name=name, sort_order=order, stationed_on=dt.date(2020, 1, 1)
        )
    client.force_login(center_admin)
    response = client.post(
        reverse("liaison:remind"), {"week": "2024-01-22", "all": "1"}, follow=True
    )
    said = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert said == [
        ("success", "已提醒水利厅：新提醒 1 条"),
        (
            "warning",
            "以下 2 个部门没有部门联络员账号，未能提醒：民政厅、人社厅。"
            "请先在管理后台“用户”中为其添加部门联络员账号",
        ),
    ]
    assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["slt"]


def test_remind_all_of_several_departments_is_one_line(
    client: Client, hall: Department, center_admin: User, police_liaison: User, water_liaison: User
) -> None:
    NewsItemFactory(department=hall, occurred_on=dt.date(2024, 1, 30))  # 税务局 submitted
    client.force_login(center_admin)
    response = client.post(
        reverse("liaison:remind"), {"week": "2024-01-29", "all": "1"}, follow=True
    )
    said = [str(m) for m in response.context["messages"]]
    assert said == ["已提醒 2 个部门（公安厅、水利厅）：新提醒 2 条"]

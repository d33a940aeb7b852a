"""In a real browser (Debian's Chromium): an edited number blocks publication until
acknowledged; drafting an edited week again shows the differences and keeps the edit."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import pytest

from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.journal.models import LeaderVisit
from servicehall.org.models import Department
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.testing.browser import publish_in_browser, sign_in, watch
from servicehall.testing.factories import HandlingItemFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User
    from servicehall.org.models import Center

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
WEEK = dt.date(2024, 1, 24)


def consultations(n: int, first: int = 0) -> None:
    for i in range(first, first + n):
        record_event(
            event_id=f"BROWSER-EDITOR-{i}",
            kind="consult",
            occurred_at=dt.datetime(2024, 1, 23, 9, i, tzinfo=SHANGHAI),
        )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edited_number_blocks_publication_until_acknowledged(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    center_admin: User,
    leader: User,
) -> None:
    consultations(3)
    HandlingItemFactory()  # the register behind the handbook figures (else: 无数据来源)
    issue = draft_issue(find_series("窗口工作周报"), WEEK)
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside
    sign_in(page, live_server.url, center_admin.username)
    page.goto(f"{live_server.url}/reports/{issue.pk}/")
    para = "#" + page.evaluate(
        "document.querySelector('mark[data-figure=\"window.week.consult\"]').closest('.para').id"
    )
    token = page.locator(f'{para} mark[data-figure="window.week.consult"]')
    assert token.inner_text() == "3" and "本周咨询" in (token.get_attribute("title") or "")

    # The paragraph's form: the number is fixed; the editor rewrites the whole text instead.
    page.click(f"{para} >> text=修改")
    page.wait_for_selector(f'{para} mark.figure-token[data-figure="window.week.consult"]')
    page.click(f"{para} >> text=整段自由改写")
    area = page.locator(f'{para} textarea[name="text"]')
    area.wait_for()
    area.fill(area.input_value().replace("咨询3人次", "咨询4人次", 1))  # this week only
    with page.expect_navigation():
        page.click(f"{para} button[type=submit]")
    assert "咨询4人次" in page.inner_text(para)
    finding = page.locator('li[data-finding="figure_text:window.week.consult:4"]')
    assert (
        "［须确认］" in finding.inner_text() and "本周咨询写为 4，数据为 3" in finding.inner_text()
    )

    page.click("form[data-step=submit] button")
    sign_in(page, live_server.url, leader.username)
    page.goto(f"{live_server.url}/reports/{issue.pk}/")
    assert "本周咨询写为 4，数据为 3" in page.inner_text(".findings")
    page.click("form[data-step=approve] button")
    page.wait_for_selector("text=已审核")

    sign_in(page, live_server.url, center_admin.username)
    page.goto(f"{live_server.url}/reports/{issue.pk}/")
    page.click("form[data-step=publish] button")
    page.wait_for_selector(".messages")
    assert "文中数字与数据不符，未发布" in page.inner_text(".messages")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.APPROVED

    finding = page.locator('li[data-finding="figure_text:window.week.consult:4"]')
    finding.locator("input[name=reason]").fill("按窗口台账核实为 4 人次")
    finding.locator("button").click()
    page.wait_for_selector("text=已确认，该提示不再阻止发布")
    assert "按窗口台账核实为 4 人次" in page.inner_text(".findings")
    publish_in_browser(page)  # the worker renders the DOCX and PDF; the job's page tells
    published = Issue.objects.get(pk=issue.pk)
    assert published.status == Issue.Status.PUBLISHED and published.number == 1
    assert errors == [] and outside == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_drafting_an_edited_week_again_shows_the_differences_and_keeps_the_edit(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    center: Center,
    center_admin: User,
) -> None:
    bank = Department.objects.create(
        center=center, name="人民银行成都分行", sort_order=37, stationed_on=dt.date(2020, 6, 1)
    )
    LeaderVisit.objects.create(
        visited_on=dt.date(2024, 1, 25), department=bank, title="厅长", name="张宏"
    )
    consultations(3)
    issue = draft_issue(find_series("窗口工作周报"), WEEK)
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside
    sign_in(page, live_server.url, center_admin.username)
    page.goto(f"{live_server.url}/reports/{issue.pk}/")
    visit_para = "#" + (
        page.locator(".para", has_text="人民银行成都分行厅长张宏").get_attribute("id") or ""
    )
    window_para = "#" + page.evaluate(
        "document.querySelector('mark[data-figure=\"window.week.consult\"]').closest('.para').id"
    )

    page.click(f"{visit_para} >> text=修改")
    area = page.locator(f'{visit_para} textarea[name="text"]')
    area.wait_for()
    area.fill(area.input_value().replace("厅长张宏", "行长张宏"))
    with page.expect_navigation():
        page.click(f"{visit_para} button[type=submit]")
    assert "人民银行成都分行行长张宏" in page.inner_text(visit_para)

    consultations(2, first=3)  # the data moves on: 5 consultations
    page.goto(f"{live_server.url}/reports/")
    page.select_option("#series", label="窗口工作周报")
    page.fill("#week", "2024-01-24")
    page.click("text=生成草稿")
    page.wait_for_url(f"{live_server.url}/reports/{issue.pk}/redraft/")
    assert "已有编辑修改，未覆盖" in page.inner_text(".messages")
    visit = page.locator("tr", has_text="厅（局）长进大厅")
    assert "编辑修改" in visit.inner_text() and "数据变化" not in visit.inner_text()
    assert visit.locator("td.mine").inner_text().count("行长张宏") == 1
    assert visit.locator("td.theirs").inner_text().count("厅长张宏") == 1
    assert visit.locator('input[value="mine"]').is_checked()
    window = page.locator("tr", has_text="省本级综窗办件情况")
    assert "数据变化" in window.inner_text() and "咨询5人次" in window.inner_text()
    assert window.locator('input[value="data"]').is_checked()
    # Nothing was overwritten while the editor looks.
    assert "行长张宏" in str(Issue.objects.get(pk=issue.pk).document)

    page.click("#redraft-form button:not([name=discard])")
    page.wait_for_url(f"{live_server.url}/reports/{issue.pk}/")
    assert "人民银行成都分行行长张宏" in page.inner_text(visit_para)
    assert "已修改" in page.inner_text(visit_para)
    assert page.inner_text(f'{window_para} mark[data-figure="window.week.consult"]') == "5"
    assert errors == [] and outside == []

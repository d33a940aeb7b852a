"""In a real browser (Debian's Chromium): a city admin drafts its own 周报 — its own series, its
own figures — submits the published issue upward, and the province's leader sees it on the
报送 tracker beside a child that has not submitted."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import pytest

from servicehall.core.roles import Role
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.reports import workflow
from servicehall.reports.models import Issue
from servicehall.reports.tests.test_center_reports import record_week, series_of
from servicehall.testing.browser import sign_in, watch
from servicehall.testing.personas import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User
    from servicehall.testing.tree import Tree

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_city_admin_drafts_its_own_issue_and_the_province_sees_it_submitted(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    tree: Tree,
) -> None:
    record_week(tree)
    own, sibling = series_of(tree.centers["city_a"]), series_of(tree.centers["city_b"])
    admin = with_password(tree.login("city_a", Role.ADMIN))
    leader = with_password(tree.login("province", Role.LEADER))
    page = browser_page
    seen = watch(page, live_server.url)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/reports/")
    choices = page.locator("#series option").evaluate_all("os => os.map(o => o.value)")
    assert choices == [str(own.pk)]  # its own series only, never 乙市's
    page.fill("#week", "2024-01-24")
    page.click("text=生成草稿")
    page.wait_for_selector('mark[data-figure="window.week.accept"]')
    assert page.locator('mark[data-figure="window.week.accept"]').first.inner_text() == "2"
    issue = Issue.objects.get(series=own)
    assert not Issue.objects.filter(series=sibling).exists()

    workflow.submit(issue)
    workflow.approve(issue)
    workflow.publish(issue, issue_date=dt.date(2024, 1, 26), office_files=False)
    page.goto(f"{live_server.url}/reports/{issue.pk}/")
    assert "2024年第1期（总第1期）" in page.inner_text("h1")
    page.click("#upward button")
    page.wait_for_selector("#upward >> text=已于")

    sign_in(page, live_server.url, leader.username)
    page.goto(f"{live_server.url}/reports/submissions/?week=2024-01-24")
    states = page.locator("#tracker tbody tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.center, r.dataset.state])"
    )
    assert states == [["甲市政务服务中心", "late_submitted"], ["乙市政务服务中心", "late"]]
    assert "一致" in page.inner_text('#tracker tr[data-center="甲市政务服务中心"]')
    assert seen.errors == [] and seen.outside == []

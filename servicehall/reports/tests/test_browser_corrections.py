"""In a real browser (Debian's Chromium): a 勘误 is published for a published issue and the
trends show the corrected value; a leader approves from the home page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.testing.browser import publish_in_browser, sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Screenshots of each screen, for a person to look at (as test_browser_roles keeps them).
SCREENS = (
    Path(os.environ.get("SERVICEHALL_SCREENSHOTS", "/tmp/servicehall-screens")) / "corrections"
)


def _shot(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_erratum_is_published_for_a_published_issue_and_the_trend_shows_the_corrected_value(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    center_admin: User,
    leader: User,
) -> None:
    from servicehall.archive.services import store_report
    from servicehall.reports.models import Issue
    from servicehall.testing.seeds import SEED_2024_4

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside

    # Before: the trend of 今年以来咨询 shows the imported 5501.
    sign_in(page, live_server.url, center_admin.username)
    page.goto(f"{live_server.url}/reports/trends/?key=window.ytd.consult")
    page.click("[data-table-toggle=table-trend]")
    assert page.inner_text("#table-trend tbody tr td:nth-child(4)") == "5501"

    # The admin starts the erratum from the published issue's page and corrects the figure.
    page.goto(f"{live_server.url}/reports/{original.pk}/")
    page.fill("#erratum-reason", "今年以来咨询人次有误")
    page.click("text=发起勘误")
    page.wait_for_selector("#erratum-figure")
    page.select_option("#figure-key", "window.ytd.consult")
    page.fill("#figure-value", "4210")
    page.click("#erratum-figure button[type=submit]")
    page.wait_for_selector("text=已更正今年以来咨询")
    assert "累计咨询4210人次" in page.inner_text(".report-edit")
    _shot(page, "1-erratum-draft")
    erratum_url = page.url
    page.click("form[data-step=submit] button")
    page.wait_for_selector(".badge >> text=待审核")

    # The leader finds it on the home page and approves it on the approval screen.
    sign_in(page, live_server.url, leader.username)
    page.click("#review-waiting a:has-text('勘误')")
    page.wait_for_selector("#review-figures")
    row = page.locator("#review-figures tr[data-key='window.ytd.consult']")
    assert row.locator("td.before").inner_text() == "5501"
    assert row.locator("td.after").inner_text() == "4210"
    _shot(page, "2-erratum-review")
    page.fill("form[data-step=approve] input[name=note]", "同意更正")
    page.click("form[data-step=approve] button")
    page.wait_for_url(f"{live_server.url}/reports/waiting/")

    # The admin publishes it: the series' next numbers, the notice before the corrected text.
    sign_in(page, live_server.url, center_admin.username)
    page.goto(erratum_url)
    page.fill("input[name=issue_date]", "2024-02-20")
    publish_in_browser(page)
    page.wait_for_selector("text=定稿文件", timeout=120_000)
    assert "2024年第5期（总第476期）" in page.inner_text("h1")
    preview = page.inner_text(".report-preview")
    assert "关于《窗口工作周报》2024年第4期（总第475期）的勘误" in preview
    assert "今年以来咨询5501人次更正为4210人次" in preview
    _shot(page, "3-erratum-published")

    # The original stays, marked corrected; the trend shows the corrected value.
    page.goto(f"{live_server.url}/reports/{original.pk}/")
    assert "2024年第5期" in page.inner_text("#superseded")
    _shot(page, "4-original-corrected")
    page.goto(f"{live_server.url}/reports/trends/?key=window.ytd.consult")
    page.click("[data-table-toggle=table-trend]")
    cells = page.locator("#table-trend tbody tr").first.locator("td")
    assert cells.nth(0).inner_text() == "2024-4（已勘误）"
    assert cells.nth(3).inner_text() == "4210"
    assert page.locator("#table-trend tbody tr").count() == 1  # the erratum is no point of its own
    chart = page.eval_on_selector("#trend-data", "e => JSON.parse(e.textContent)")
    assert "4210" in str(chart) and "5501" not in str(chart)
    assert errors == [] and outside == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_leader_approves_from_the_home_page(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    center_admin: User,
    leader: User,
) -> None:
    from servicehall.reports.drafting import draft_issue, find_series
    from servicehall.reports.models import Issue
    from servicehall.reports.workflow import submit

    issue = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    submit(issue, center_admin)
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside

    sign_in(page, live_server.url, leader.username)
    assert page.inner_text("nav[aria-label=主菜单] .menu-count") == "1"
    panel = page.locator("#review-waiting")
    assert "待审核（1）" in panel.inner_text()
    _shot(page, "5-leader-home")
    panel.locator(f"a[href='/reports/{issue.pk}/review/']").click()
    page.wait_for_selector("#review-findings")
    assert "发布前检查" in page.inner_text("#review-findings")
    assert page.locator("#review-figures tr[data-key='window.week.consult']").count() == 1
    _shot(page, "6-review-screen")
    page.fill("form[data-step=approve] input[name=note]", "同意印发")
    page.click("form[data-step=approve] button")
    page.wait_for_url(f"{live_server.url}/reports/waiting/")
    assert "已审核通过" in page.inner_text(".messages")
    assert "待审核（0）" in page.inner_text("main")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.APPROVED
    last = issue.actions.last()
    assert last is not None and last.note == "同意印发" and last.username == "leader"
    page.goto(f"{live_server.url}/")
    assert page.locator("nav[aria-label=主菜单] .menu-count").count() == 0
    assert errors == [] and outside == []

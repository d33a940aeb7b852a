"""In a real browser, at a phone's width: a clerk records a 差评 dated Monday 2026-09-28 and
lands on its rectification, due 2026年10月23日 (15 working days across the National Day
holiday), then moves it to 整改 through the step form (htmx)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from servicehall.cases.models import Case
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.journal.models import Rectification
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_clerk_records_a_bad_rating_and_sees_its_rectification(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    clerk: User,
    police: Department,
) -> None:
    Case.objects.create(case_no="GA-2026-000928", department=police)
    page = browser_page
    page.set_viewport_size(PHONE)
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside
    sign_in(page, live_server.url, clerk.username)

    page.click("nav[aria-label=主菜单] >> text=好差评")
    page.click("text=新增好差评")
    page.fill("#id_case", "GA-2026-000928")
    page.fill("#id_evaluated_at", "2026-09-28T10:00")
    page.select_option("#id_level", "2")
    page.fill("#id_comment", "窗口人员态度生硬")
    page.click("main form button[type=submit]")

    page.wait_for_selector("#rectification-due")
    assert page.inner_text("#rectification-due") == "2026年10月23日"
    assert page.inner_text("#rectification-state strong") == "核实"
    assert "已开启差评整改，整改期限：2026年10月23日" in page.inner_text("main")
    # Nothing wider than the phone: the tables scroll inside their own boxes.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width

    page.select_option("#id_to_state", "rectify")
    page.fill("#id_note", "已核实，情况属实")
    page.click("#step-form button[type=submit]")
    page.wait_for_selector('#rectification-state strong:text-is("整改")')
    assert "已核实，情况属实" in page.inner_text("#rectification-steps")
    assert "已转为“整改”" in page.inner_text("main .messages")
    assert Rectification.objects.get().state == "rectify"
    page.screenshot(path="/tmp/servicehall-rectification.png", full_page=True)
    assert errors == [] and outside == []

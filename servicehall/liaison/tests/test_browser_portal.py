"""In a real browser: a liaison opens its portal from the menu, reads the week's deadline, adds
a news item for its department through the portal's link and sees it counted."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from servicehall.accounts.models import User
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.org.models import Department
from servicehall.testing.browser import sign_in, watch
from servicehall.testing.factories import NewsCategoryFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_liaison_submits_a_news_item_from_the_portal_and_sees_it_counted(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    police_liaison: User,
    police: Department,
) -> None:
    NewsCategoryFactory(name="政务工作动态")
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside
    sign_in(page, live_server.url, police_liaison.username)

    page.click("nav[aria-label=主菜单] >> text=联络员工作台")
    page.wait_for_url(f"{live_server.url}/liaison/")
    # The week of 2024-01-22 (a fixed week: the deadline reads the same on any day).
    page.goto(f"{live_server.url}/liaison/?week=2024-01-22")
    assert page.inner_text("h1") == "联络员工作台 · 公安厅"
    assert page.inner_text(".deadline-text") == "截止：2024年1月26日（星期五）17:00，已截止"
    assert page.inner_text("#submissions [data-kind=news] .count") == "0"

    page.click("#submissions [data-kind=news] a")
    page.wait_for_url("**/journal/news/add/**")
    assert page.eval_on_selector("#id_department", "s => s.selectedOptions[0].text") == "公安厅"
    assert page.input_value("#id_occurred_on") == "2024-01-22"
    page.select_option("#id_category", label="政务工作动态")
    page.fill("#id_occurred_on", "2024-01-24")
    page.fill("#id_text", "本周，公安厅窗口开展户籍业务培训。")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/journal/news/")

    page.goto(f"{live_server.url}/liaison/?week=2024-01-22")
    assert page.inner_text("#submissions [data-kind=news] .count") == "1"
    assert errors == [] and outside == []

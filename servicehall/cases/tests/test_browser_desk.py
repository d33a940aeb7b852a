"""The window desk from the keyboard alone, in a real browser (Debian's Chromium): a 咨询 in two
key presses, and a case accepted (its item found by pinyin initials), transferred, handed out
and completed without the mouse."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from servicehall.accounts.models import User
from servicehall.cases.models import Case, CaseEvent
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.org.models import Center, Department, Window
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SCREENS = Path(os.environ.get("SERVICEHALL_SCREENSHOTS", "/tmp/servicehall-screens"))


class Keys:
    """The key presses the test makes, counted."""

    def __init__(self, page: Page) -> None:
        self.page, self.count = page, 0

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.count += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.count += len(text)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_desk_runs_from_the_keyboard(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    clerk: User,
    police: Department,
    center: Center,
) -> None:
    service = ServiceItem.objects.create(
        department=police, code="S-GA-1", name="居民身份证办理", kind=ItemKind.PUBLIC
    )
    HandlingItem.objects.create(
        service_item=service,
        code="H-GA-1",
        name="居民身份证首次申领",
        time_limit_days=5,
        listed_on="2020-01-01",
        materials="申请表\n户口簿（核验原件）",
    )
    Window.objects.create(
        center=center, code="A01", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
    )
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside
    sign_in(page, live_server.url, clerk.username)
    page.goto(f"{live_server.url}/cases/")
    page.select_option("#id_window_code", "A01")  # the clerk's window, once at sign-in

    # The desk opens with the focus on its steps: 1 chooses 咨询, Enter registers it.
    assert page.evaluate("document.activeElement.name") == "kind"
    keys = Keys(page)
    keys.press("1", "Enter")
    page.wait_for_selector("text=已登记咨询")
    assert keys.count == 2

    # 受理: 2, the item's pinyin initials, Enter picks it, the applicant, Enter.
    keys = Keys(page)
    started = time.perf_counter()
    keys.press("2")
    assert page.evaluate("document.activeElement.id") == "id_item_query"
    keys.type("jmsfz")
    page.wait_for_selector("#item-results .item-option.active")
    keys.press("Enter")
    page.wait_for_selector("#handbook >> text=户口簿（核验原件）")
    assert page.evaluate("document.activeElement.id") == "id_applicant"
    keys.type("张三")
    keys.press("Enter")
    page.wait_for_selector("text=已登记受理")
    seconds = time.perf_counter() - started
    case = Case.objects.get()
    assert case.handling_item is not None
    assert (case.applicant, case.handling_item.code, case.accepted_window) == (
        "张三",
        "H-GA-1",
        "A01",
    )
    assert page.inner_text("#window-cases-table").count(case.case_no) == 1
    print(f"\n受理 by keyboard: {keys.count} key presses, {seconds:.1f} s in the browser")
    page.screenshot(path=str(_screen("desk-accepted.png")), full_page=True)

    # 流转, 颁发, 办结 of the case just accepted: its number is filled in, a key and Enter each.
    for key, label in (("3", "流转"), ("4", "颁发"), ("5", "办结")):
        keys = Keys(page)
        keys.press(key)
        assert page.input_value("#id_case_no") == case.case_no
        keys.press("Enter")
        page.wait_for_selector(f"text=已登记{label}：办件 {case.case_no}")
        assert keys.count == 2
    assert list(CaseEvent.objects.order_by("id").values_list("kind", flat=True)) == [
        "consult",
        "accept",
        "transfer",
        "issue",
        "complete",
    ]
    assert "本窗口没有在办件" in page.inner_text("#window-cases")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(_screen("desk-390.png")), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the desk scrolls sideways at 390 px ({width} px)"
    assert errors == [] and outside == []


def _screen(name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS / name

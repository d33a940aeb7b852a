"""Two tabs of one clerk, two cases interleaved, every handbook fetch slow: each step lands on
the case its tab was working on (issue 20: the desk's case is named by the page, never kept in
the session that both tabs and every overlapping request share).

``SERVICEHALL_DESK_REPEAT=100`` runs it a hundred times in a row (the issue's measure); the
suite runs it once. ``SERVICEHALL_DESK_SLOW_MS`` sets the handbook's delay (default 600 ms).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from servicehall.accounts.models import User
from servicehall.cases import desk
from servicehall.cases.models import Case, CaseEvent
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.core.tests.test_browser import CHROMIUM_ARGS
from servicehall.org.models import Center, Department, Window
from servicehall.testing.browser import close_loop_connections, sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from servicehall.cases.desk import Handbook

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
REPEAT = int(os.environ.get("SERVICEHALL_DESK_REPEAT", "1"))
SLOW = int(os.environ.get("SERVICEHALL_DESK_SLOW_MS", "600")) / 1000
STEPS = (("3", "transfer", "流转"), ("4", "issue", "颁发"), ("5", "complete", "办结"))


@pytest.fixture
def two_tabs() -> Iterator[tuple[Page, Page]]:
    """Two tabs of one browser window: one context, so one cookie jar and one session."""
    from playwright import sync_api

    assert os.path.exists("/usr/bin/chromium"), "Debian's Chromium is not installed"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="zh-CN")
        yield context.new_page(), context.new_page()
        close_loop_connections()  # while the loop runs: the connections it holds
        browser.close()


@pytest.fixture
def slow_handbook(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every handbook fetch takes ``SLOW`` seconds after it has read the session (the live
    server runs in this process: the view calls this module's ``handbook``)."""
    real = desk.handbook

    def slowly(item: HandlingItem, today: dt.date) -> Handbook:
        time.sleep(SLOW)
        return real(item, today)

    monkeypatch.setattr(desk, "handbook", slowly)


def _fetch_slowly(page: Page, url: str) -> None:
    """Start a handbook fetch in ``page`` and go on without waiting for it (kept to be awaited
    before the test ends)."""
    page.evaluate("url => { (window.slow = window.slow || []).push(fetch(url)); }", url)


def _accept(page: Page, case_no: str, applicant: str) -> None:
    """受理 ``case_no``: the item found by its initials and picked (its slow handbook fetch
    starts), the applicant typed and Enter pressed while that fetch is still under way."""
    page.check("#window-form input[name=kind][value=accept]")
    page.fill("#id_case_no", case_no)
    page.fill("#id_item_query", "jmsfz")
    page.wait_for_selector("#item-results .item-option.active")
    page.press("#id_item_query", "Enter")
    page.fill("#id_applicant", applicant)
    page.press("#id_applicant", "Enter")
    page.wait_for_selector(f"text=已登记受理：办件 {case_no}")


def _step(page: Page, key: str, label: str, case_no: str) -> None:
    """One step by its key: the desk fills in the case of this tab's last step; Enter."""
    page.keyboard.press(key)
    assert page.input_value("#id_case_no") == case_no
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text=已登记{label}：办件 {case_no}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("round_no", range(1, REPEAT + 1))
def test_two_tabs_of_one_clerk_each_step_their_own_case_while_handbooks_are_slow(
    live_server: LiveServer,
    two_tabs: tuple[Page, Page],
    slow_handbook: None,
    clerk: User,
    police: Department,
    center: Center,
    round_no: int,
) -> None:
    service = ServiceItem.objects.create(
        department=police, code="S-GA-1", name="居民身份证办理", kind=ItemKind.PUBLIC
    )
    item = HandlingItem.objects.create(
        service_item=service,
        code="H-GA-1",
        name="居民身份证首次申领",
        time_limit_days=5,
        listed_on="2020-01-01",
        materials="申请表",
    )
    Window.objects.create(
        center=center, code="A01", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
    )
    handbook_url = f"{live_server.url}/cases/items/{item.pk}/handbook/"
    first, second = two_tabs
    sign_in(first, live_server.url, clerk.username)  # the second tab is signed in with it
    tabs = {"甲": (first, f"TA-{round_no}", "张甲"), "乙": (second, f"TB-{round_no}", "李乙")}
    seen = {name: watch(page, live_server.url) for name, (page, _, _) in tabs.items()}
    for page, _, _ in tabs.values():
        page.goto(f"{live_server.url}/cases/")
        page.select_option("#id_window_code", "A01")

    # Both accept, each while the other's handbook fetch and its own are under way. Once its
    # own handbook has come (a fetch that read the session before the 受理), the clerk
    # refreshes the tab: the page, not the session, says which case it was on.
    for name, other in (("甲", "乙"), ("乙", "甲")):
        page, case_no, applicant = tabs[name]
        _fetch_slowly(tabs[other][0], handbook_url)
        _accept(page, case_no, applicant)
        page.wait_for_selector("#handbook >> text=申请材料")
        page.reload()
        page.wait_for_selector("#window-form")
        assert page.get_attribute("#window-form", "data-last-case") == case_no, name
    # 流转, 颁发, 办结 in turn in each tab, every one while the other tab fetches slowly.
    for key, _, label in STEPS:
        for name, other in (("甲", "乙"), ("乙", "甲")):
            page, case_no, _ = tabs[name]
            _fetch_slowly(tabs[other][0], handbook_url)
            _step(page, key, label, case_no)
    for page, _, _ in tabs.values():
        page.evaluate("() => Promise.all(window.slow || [])")

    expected = ["accept", *(kind for _, kind, _ in STEPS)]
    for name, (_, case_no, applicant) in tabs.items():
        case = Case.objects.get(case_no=case_no)
        kinds = list(
            CaseEvent.objects.filter(case_no=case_no).order_by("id").values_list("kind", flat=True)
        )
        assert kinds == expected, f"{name}: {case_no} got {kinds}"
        assert (case.applicant, case.accepted_window) == (applicant, "A01")
        assert case.completed_at is not None
    assert Case.objects.count() == 2 and CaseEvent.objects.count() == 2 * len(expected)
    for name, watched in seen.items():
        assert watched.errors == [] and watched.outside == [], name

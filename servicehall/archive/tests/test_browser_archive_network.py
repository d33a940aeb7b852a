"""The archive across the network in a real browser (Debian's Chromium), one path per role
(session 10, review): a county's admin uploads a past issue and it lands in the county's series;
the county's window clerk, its city's staff and the province's leader read it; the sibling
county's admin and liaison, the county's own township and the other city's leader find nothing
of it by the search, the trend or its address, and a 撤回 posted by hand is 404."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from servicehall.core.roles import Role
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.reports.tests.test_browser_center_report import with_password
from servicehall.testing.browser import run_worker_once, sign_in, watch
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User
    from servicehall.testing.tree import Tree

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def persona(tree: Tree, key: str, role: str) -> User:
    return with_password(tree.login(key, role))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_countys_upload_is_read_in_its_subtree_and_nowhere_else(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    tree: Tree,
) -> None:
    from servicehall.reports.models import Issue

    page, url = browser_page, live_server.url
    seen = watch(page, url)

    # The county's admin uploads 2024-4 through the page; the worker imports it.
    sign_in(page, url, persona(tree, "county_a1", Role.ADMIN).username)
    page.goto(f"{url}/archive/upload/")
    page.set_input_files("input[name=files]", str(SEED_2024_4))
    page.click("form.panel button[type=submit]")
    page.wait_for_selector("#job-status")
    run_worker_once()
    page.wait_for_selector("#import-summary", timeout=120_000)
    assert "已导入 1 期" in page.inner_text("#import-summary")
    issue = Issue.objects.select_related("series").get()
    assert issue.series.center == tree.centers["county_a1"]

    def reads(key: str, role: str) -> tuple[bool, bool, int]:
        """What ``key``'s ``role`` sees of the county's issue: the search, the trend, its page."""
        sign_in(page, url, persona(tree, key, role).username)
        page.goto(f"{url}/archive/search/?q=累计咨询")
        found = "窗口工作周报" in page.inner_text("main")
        page.goto(f"{url}/archive/facts/?label=咨询&unit=人次")
        charted = str(issue) in page.inner_text("main")
        answer = page.goto(f"{url}/reports/{issue.pk}/")
        assert answer is not None
        return found, charted, answer.status

    assert reads("county_a1", Role.STAFF) == (True, True, 200)  # the county's window clerk
    assert reads("city_a", Role.STAFF) == (True, True, 200)  # the parent city
    assert reads("province", Role.LEADER) == (True, True, 200)
    assert reads("county_a2", Role.ADMIN) == (False, False, 404)  # the sibling
    assert reads("town_a1", Role.STAFF) == (False, False, 404)  # the county's own township
    assert reads("city_b", Role.LEADER) == (False, False, 404)  # the other city
    assert reads("county_a2", Role.LIAISON) == (False, False, 404)
    # The sibling's admin posts the 撤回 form by hand, with its own session's CSRF token: 404.
    sign_in(page, url, persona(tree, "county_a2", Role.ADMIN).username)
    page.goto(f"{url}/archive/upload/")  # a page with a form: the CSRF cookie is set
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    answer = page.request.post(
        f"{url}/reports/{issue.pk}/withdraw/",
        form={"reason": "撤"},
        headers={"X-CSRFToken": token, "Referer": f"{url}/reports/"},
    )
    assert answer.status == 404
    assert not Issue.objects.filter(withdrawal__isnull=False).exists()
    # The only errors the console saw: the four issue pages answered 404 on purpose.
    assert [e for e in seen.errors if "status of 404" not in e] == [] and len(seen.errors) == 4
    assert seen.outside == []

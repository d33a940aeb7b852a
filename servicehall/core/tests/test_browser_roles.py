"""Each role walks every page of its menu in a real browser (Debian's Chromium): every page
answers without an error or a script error, nothing leaves 127.0.0.1, the menu stays readable
at 390 px, and a screenshot of each page is kept under one folder for a person to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SCREENS = Path(os.environ.get("SERVICEHALL_SCREENSHOTS", "/tmp/servicehall-screens"))
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("persona", ["clerk", "police_liaison", "leader", "center_admin"])
def test_each_role_walks_its_menu(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    request: pytest.FixtureRequest,
    persona: str,
) -> None:
    user = request.getfixturevalue(persona)
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside
    sign_in(page, live_server.url, user.username)
    menu = page.eval_on_selector_all(
        "nav[aria-label=主菜单] a", "links => links.map(a => [a.textContent, a.href])"
    )
    assert menu and menu[0][0] == "首页"
    folder = SCREENS / persona
    folder.mkdir(parents=True, exist_ok=True)
    visited = []
    for number, (label, href) in enumerate(menu, start=1):
        if "/admin/" in href:
            continue  # Django's own admin: not part of the hall's pages
        answer = page.goto(href)
        assert answer is not None and answer.status == 200, (label, href)
        body = page.inner_text("main")
        assert "Traceback" not in body and "Server Error" not in body, label
        page.screenshot(path=str(folder / f"{number:02d}-{label}.png"), full_page=True)
        visited.append(label)
    # At a phone's width the menu wraps by whole entries, never a character a line.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    heights = page.eval_on_selector_all(
        "nav[aria-label=主菜单] a", "links => links.map(a => a.getBoundingClientRect().height)"
    )
    font = page.eval_on_selector(
        "nav[aria-label=主菜单] a", "a => parseFloat(getComputedStyle(a).fontSize)"
    )
    assert max(heights) < 2.5 * font, heights
    page.screenshot(path=str(folder / "phone-home.png"), full_page=True)
    assert errors == [] and outside == []
    assert len(visited) >= 8
    assert all(re.fullmatch(r"\d\d-.+\.png", p.name) for p in folder.glob("0*.png"))

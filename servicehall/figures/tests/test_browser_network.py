"""The province leader walks the network in a real browser (Debian's Chromium): the home page
of the province alone, then rolled up with its children, the children's table, a city, one of
its counties, and back up."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from servicehall.core.roles import Role
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.figures.tests.test_network import events  # noqa: F401  (the fixture)
from servicehall.testing.browser import sign_in, watch
from servicehall.testing.personas import PASSWORD
from servicehall.testing.tree import Tree

if TYPE_CHECKING:
    from playwright.sync_api import Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_province_leader_drills_from_the_province_to_a_county_and_back(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    events: Tree,  # noqa: F811
) -> None:
    leader = events.login("province", Role.LEADER)
    leader.set_password(PASSWORD)
    leader.save()
    page = browser_page
    seen = watch(page, live_server.url)
    sign_in(page, live_server.url, leader.username)
    cards = "#week-counts [data-kind=accept] .count"
    assert page.text_content("#scope") == "测试政务服务中心（本级）"
    assert page.text_content(cards) == "1"
    page.click("text=本级及下级")
    assert page.text_content("#scope") == "测试政务服务中心（本级及下级）"
    assert page.text_content(cards) == "127"
    page.click("text=下级中心统计")
    rows = page.eval_on_selector_all(
        "#network tbody tr td:first-child", "t => t.map(x => x.textContent.trim())"
    )
    assert rows == ["测试（本级）", "甲市", "乙市", "合计"]
    page.click("#network >> text=甲市")
    rows = page.eval_on_selector_all(
        "#network tbody tr td:first-child", "t => t.map(x => x.textContent.trim())"
    )
    assert rows == ["甲市（本级）", "甲一县", "甲二县", "合计"]
    page.click("#network >> text=甲一县")
    network = page.text_content("#network")
    assert network is not None and "甲一县某镇" in network
    page.click("#up")
    network = page.text_content("#network")
    assert network is not None and "甲二县" in network
    page.click("#network tbody tr:nth-child(2) >> text=看板")
    assert page.text_content("#scope") == "甲一县政务服务中心（本级及下级）"
    assert page.text_content(cards) == "72"
    assert seen.errors == [] and seen.outside == []

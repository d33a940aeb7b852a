"""The network's Done-when walk (issue 21), in a real browser on the demo province: the province
leader sees the province rolled up with its 21 cities, drills into 成都 and 双流区 and back; the
county clerk of 双流区 registers a case at the desk and it counts at once in 双流区, 成都 and the
province, never in the sibling 武侯区 nor in 绵阳; the city admin drafts 成都's own 周报 and sees
its own 期号.

Served as ``test_browser_demo`` serves the demo (its ``demo_site``): inside this test's
transaction on SQLite (the server's threads share the test's connection; after the browser's
first step the test reads the database no more — Playwright's calls leave it in another
context, whose own connection would meet the shared one's write lock); on PostgreSQL the server's own connection commits the case and the
draft, which ``forget_on_postgres`` deletes again (through the ORM, so the rollups go back too)
so that the demo stays as the other tests expect it."""

from __future__ import annotations

import os
import re
import threading
from typing import TYPE_CHECKING

import pytest
from django.db import connection, connections
from django.utils import timezone

from servicehall.cases.models import Case, CaseEvent
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.core.tests.test_browser_demo import demo_site  # noqa: F401  (the fixture)
from servicehall.demo.people import DEMO_PASSWORD
from servicehall.org.models import Center
from servicehall.reports.models import Issue
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CITIES = [
    "成都市", "自贡市", "攀枝花市", "泸州市", "德阳市", "绵阳市", "广元市", "遂宁市", "内江市",
    "乐山市", "南充市", "眉山市", "宜宾市", "广安市", "达州市", "雅安市", "巴中市", "资阳市",
    "阿坝州", "甘孜州", "凉山州",
]  # fmt: skip
# The province's own week of 2024-01-22 is the seed report 2024-4's: 咨询 1291, 受理 631,
# 流转 2185, 颁发 1017 (its 办结 is the demo's own, not printed in the report).
SEED_WEEK = [1291, 631, 2185, 1017]

ROWS = """() => Array.from(document.querySelectorAll("#children-table tbody tr")).map(
  tr => [tr.cells[0].textContent.trim(), ...Array.from(tr.cells).slice(1).map(
    td => parseInt(td.textContent, 10))])"""
CARDS = """() => Array.from(document.querySelectorAll("#week-counts .card .count")).map(
  e => parseInt(e.textContent, 10))"""


def table(page: Page) -> dict[str, list[int]]:
    return {row[0]: row[1:] for row in page.evaluate(ROWS)}


def forget_on_postgres(case_nos: list[str], issue_ids: list[int]) -> None:
    """Delete what the server's own connection committed (PostgreSQL only; on SQLite the
    test's transaction holds it and rolls it back), from a connection of its own."""
    if connection.vendor != "postgresql":
        return

    def run() -> None:
        from servicehall.core.context import acting_as

        try:
            with acting_as(None, source="system"):
                for event in CaseEvent.objects.filter(case__case_no__in=case_nos):
                    event.delete()  # one by one: each takes its count off the rollups
                Case.objects.filter(case_no__in=case_nos).delete()
                for issue in Issue.objects.filter(pk__in=issue_ids):
                    issue.delete()
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()


@pytest.mark.browser
@pytest.mark.django_db
def test_the_network_walk_of_a_new_user_on_the_demo(
    demo_site: str,  # noqa: F811
    browser_page: Page,  # noqa: F811
) -> None:
    page = browser_page
    seen = watch(page, demo_site)
    ids = {c.short_name: c.pk for c in Center.objects.all()}
    case_nos: list[str] = []
    issue_ids: list[int] = []
    try:
        _walk(page, demo_site, ids, case_nos, issue_ids)
    finally:
        forget_on_postgres(case_nos, issue_ids)
    assert seen.errors == [] and seen.outside == []


def _walk(
    page: Page, site: str, ids: dict[str, int], case_nos: list[str], issue_ids: list[int]
) -> None:
    # 1. The province's leader: the home page with the table of its 21 cities.
    sign_in(page, site, "province_leader", DEMO_PASSWORD)
    page.wait_for_selector("#children-table")
    page.goto(f"{site}/?week=2024-01-24")
    rows = table(page)
    assert list(rows) == ["省中心（本级）", *(f"{c}中心" for c in CITIES), "合计"]
    assert rows["省中心（本级）"][:4] == SEED_WEEK
    total = rows.pop("合计")
    assert total == [sum(col) for col in zip(*rows.values(), strict=True)]
    assert total[1] > SEED_WEEK[1]  # the cities' 受理 on top of the province's own
    page.click("a.button >> text=本级及下级")
    assert "（本级及下级）" in page.inner_text("#scope")
    assert page.evaluate(CARDS) == total  # the province rolled up: its cards are the 合计

    # … into 成都, and one of its counties, and back.
    chengdu = rows["成都市中心"]
    page.click("#children-table >> text=成都市中心")
    assert page.inner_text("#scope") == "成都市政务服务中心（本级及下级）"
    assert page.evaluate(CARDS) == chengdu
    city = table(page)
    assert list(city) == ["成都市中心（本级）", "双流区中心", "武侯区中心", "合计"]
    assert city["合计"] == chengdu
    page.click("#children-table >> text=双流区中心")
    assert page.inner_text("#scope") == "成都市双流区政务服务中心（本级及下级）"
    assert page.evaluate(CARDS) == city["双流区中心"]
    assert list(table(page)) == ["双流区中心（本级）", "东升街道便民服务中心", "合计"]
    page.click("#scope-up")
    assert page.inner_text("#scope") == "成都市政务服务中心（本级及下级）"
    page.click("#scope-up")
    assert page.inner_text("#scope") == "四川省政府政务服务和公共资源交易服务中心（本级及下级）"
    assert page.evaluate(CARDS) == total
    assert page.locator("#scope-up").count() == 0  # the leader's own center: nothing above

    # 2. 双流区's clerk registers a case at the desk (a 受理 of its 公安局's item).
    sign_in(page, site, "county_clerk", DEMO_PASSWORD)
    page.goto(f"{site}/cases/")
    page.select_option("#id_window_code", label="A01 双流区无差别综合受理窗口A01")
    page.check("#window-form input[name=kind][value=accept]")
    page.click("#id_item_query")
    page.keyboard.type("NET02GA0002-01")
    page.wait_for_selector("#item-results .item-option.active")
    page.keyboard.press("Enter")
    page.wait_for_selector("#handbook >> text=双流区公安局证照申领（窗口受理）")
    page.fill("#id_applicant", "张三")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已登记受理")
    said = re.search(r"已登记受理：办件 (\w+)", page.inner_text("main"))
    assert said is not None
    case_nos.append(said[1])

    today = timezone.localdate().isoformat()
    # At once: this week's 受理 is 1 in 双流区, in 成都 and in the province (each with what is
    # below it), and 0 in the sibling 武侯区 and in 绵阳 — the demo has no work after 2024-02-09.
    page.goto(f"{site}/")
    assert page.evaluate(CARDS)[1] == 1  # the clerk's own 双流区, opened on this week
    sign_in(page, site, "province_leader", DEMO_PASSWORD)  # opens on this week: work below
    rows = table(page)
    assert rows["成都市中心"] == [0, 1, 0, 0, 0]
    assert rows["合计"] == [0, 1, 0, 0, 0]
    assert all(n == [0] * 5 for name, n in rows.items() if name not in {"成都市中心", "合计"})
    expected = {"省中心": 1, "成都市中心": 1, "双流区中心": 1, "武侯区中心": 0, "绵阳市中心": 0}
    for name, accepted in expected.items():
        page.goto(f"{site}/?center={ids[name]}&with_children=1&week={today}")
        assert page.evaluate(CARDS) == [0, accepted, 0, 0, 0], name

    # 3. 成都's admin drafts the city's own 周报: its own series, its own 期号 (第3期 after the
    # demo's 第1、2期), its districts' lines no department names for the checks.
    sign_in(page, site, "city_admin", DEMO_PASSWORD)
    page.goto(f"{site}/reports/")
    assert page.locator("#series option").all_inner_texts() == ["窗口工作周报（成都市中心）"]
    page.fill("#week", "2024-01-31")
    page.click("text=生成草稿")
    page.wait_for_selector("#expected-number")
    drafted = re.search(r"/reports/(\d+)/", page.url)
    assert drafted is not None, page.url  # the draft's own page
    issue_ids.append(int(drafted[1]))
    assert page.inner_text("#expected-number") == "2024年第3期（总第3期）"
    assert "成都市政务服务中心 · 时段 2024-01-29 — 2024-02-04" in page.inner_text("main")
    assert "不在进驻部门名录中" not in page.inner_text("main")
    assert "（草稿）" in page.inner_text("h1")

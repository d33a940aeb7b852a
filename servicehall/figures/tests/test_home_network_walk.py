"""What the network's Done-when walk needed of the product (issue 21), without a browser: a home
page with children shows their week's table (合计 = 本级及下级) and the way back up; it opens on
the latest week with work anywhere below; a desk's window number is its item's center's; a draft
shows the 期号 it takes; a parent's children lines are no department names for the checks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from servicehall import figures
from servicehall.cases import window
from servicehall.core.roles import Role
from servicehall.org.models import Window
from servicehall.reports import checks, workflow
from servicehall.reports.drafting import draft_issue
from servicehall.reports.tests.test_center_reports import (
    PARENT_LAYOUT,
    WEEK,
    publish,
    record_week,
    series_of,
)
from servicehall.testing import factories as f
from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr(?: class="total")? data-center="([^"]*)">\s*<td>(.*?)</td>(.*?)</tr>', re.S)


def children_rows(html: str) -> dict[str, list[int]]:
    """The home page's children table: label → 咨询, 受理, 流转, 颁发, 办结."""
    table = html.split('id="children-table"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for _, label, cells in ROW.findall(table):
        rows[re.sub(r"<[^>]+>", "", label).strip()] = [
            int(n) for n in re.findall(r'<td class="num">(\d+)</td>', cells)
        ]
    return rows


def test_the_home_page_of_a_city_lists_its_counties_and_leads_back_up(
    client: Client, tree: Tree
) -> None:
    record_week(tree)  # 受理 on 2024-01-23: 甲市 2, 甲一县 8, 甲二县 16, 甲一县某镇 64
    client.force_login(tree.login("province", Role.LEADER))
    city = tree.centers["city_a"]
    query: dict[str, str | int] = {"center": city.pk, "with_children": 1, "week": "2024-01-24"}
    page = client.get("/", query)
    html = page.content.decode()
    assert children_rows(html) == {
        "甲市（本级）": [0, 2, 0, 0, 1],
        "甲一县": [0, 72, 0, 0, 36],  # with its township: 8 + 64 受理, 4 + 32 办结
        "甲二县": [0, 16, 0, 0, 8],
        "合计": [0, 90, 0, 0, 45],
    }
    up = re.search(r'id="scope-up" href="([^"]+)">返回([^<]+)<', html)
    assert up is not None and up[2] == "测试"
    assert (
        up[1].replace("&amp;", "&")
        == f"/?center={tree.centers['province'].pk}&with_children=1&week=2024-01-26"
    )
    # A county without children: no table; its own admin at home: no way up.
    client.force_login(tree.login("county_a2", Role.ADMIN))
    html = client.get("/", {"week": "2024-01-24"}).content.decode()
    assert 'id="children-table"' not in html and 'id="scope-up"' not in html


def test_the_home_page_opens_on_the_latest_week_with_work_below_the_center(
    client: Client, tree: Tree
) -> None:
    from servicehall.cases.services import record_event
    from servicehall.core.localtime import SHANGHAI

    # The province's own last work is of January 2024; a county's case is of today.
    record_event(
        event_id="E-own",
        kind="accept",
        occurred_at=dt.datetime(2024, 1, 23, 10, tzinfo=SHANGHAI),
        department=tree.departments["province"],
    )
    record_event(
        event_id="E-today",
        kind="accept",
        occurred_at=timezone.now(),
        department=tree.departments["county_a1"],
    )
    client.force_login(tree.login("province", Role.LEADER))
    html = client.get("/").content.decode()
    assert 'id="opening-notice"' not in html  # this week, not 2024-01-23's
    assert children_rows(html)["甲市"] == [0, 1, 0, 0, 0]
    assert children_rows(html)["测试（本级）"] == [0, 0, 0, 0, 0]
    # 乙市's page reads its own subtree only: 甲市's case is none of its rows.
    client.force_login(tree.login("city_b", Role.ADMIN))
    assert "甲市" not in client.get("/").content.decode()


def test_a_desk_takes_the_window_of_its_items_center_when_two_centers_number_alike(
    tree: Tree,
) -> None:
    province, county = tree.centers["province"], tree.centers["county_a1"]
    Window.objects.create(
        center=province, code="A01", kind=Window.Kind.DEPARTMENT,
        department=tree.departments["province"], opened_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    Window.objects.create(
        center=county, code="A01", kind=Window.Kind.COMPREHENSIVE_ACCEPT,
        opened_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    item = f.HandlingItemFactory(service_item__department=tree.departments["county_a1"])
    clerk = tree.login("county_a1", Role.STAFF)
    event = window.register(
        clerk, kind="accept", handling_item=item, applicant="张三", window_code="A01"
    )
    case = event.case
    assert case is not None and case.accepted_window == "A01"
    assert case.department == tree.departments["county_a1"]


def test_a_draft_shows_the_number_it_takes_and_no_child_is_a_missing_department(
    tree: Tree, client: Client
) -> None:
    record_week(tree)
    record_week(tree, figures.Period(dt.date(2024, 1, 15), dt.date(2024, 1, 19)), tag="p")
    series = series_of(tree.centers["city_a"], PARENT_LAYOUT)
    publish(draft_issue(series, WEEK.start - dt.timedelta(days=7)), dt.date(2024, 1, 19))
    draft = draft_issue(series, WEEK.start)
    assert workflow.expected_number(draft, dt.date(2024, 1, 29)) == "2024年第2期（总第2期）"
    client.force_login(tree.login("city_a", Role.ADMIN))
    html = client.get(f"/reports/{draft.pk}/").content.decode()
    assert '<strong id="expected-number">2024年第2期（总第2期）</strong>' in html
    said = [finding.message for finding in checks.check_department_entries(draft)]
    assert not [m for m in said if "不在进驻部门名录中" in m], said
    assert checks.center_line("甲一县") and checks.center_line("甲市（本级）")
    assert checks.center_line("合计") and not checks.center_line("甲一县公安局")

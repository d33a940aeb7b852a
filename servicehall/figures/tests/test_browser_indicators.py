"""The leader opens the indicator page in a real browser (Debian's Chromium), opens 按时办结率's
late cases with each one's steps, comes back and exports the table."""

from __future__ import annotations

import datetime as dt
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook
from pytest_django.live_server_helper import LiveServer

from servicehall.accounts.models import User
from servicehall.cases.models import Case, CaseEvent
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.figures.models import IndicatorTarget
from servicehall.figures.tests.test_indicators import at, march  # noqa: F401  (the fixture)
from servicehall.org.models import Department
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_leader_opens_the_late_cases_and_exports_the_indicators(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    march: None,  # noqa: F811
    leader: User,
    water: Department,
) -> None:
    IndicatorTarget.objects.create(
        indicator="on_time_rate", value=Decimal("90"), effective_on=dt.date(2024, 1, 1)
    )
    c3 = Case.objects.get(case_no="C3")
    for n, (kind, when) in enumerate(
        [("accept", at(3, 1)), ("transfer", at(3, 4)), ("complete", at(3, 20))], start=1
    ):
        CaseEvent.objects.create(
            event_id=f"E-C3-{n}",
            case=c3,
            case_no="C3",
            kind=kind,
            occurred_at=when,
            occurred_on=when.date(),
            department=water,
            department_name=water.name,
            window_code="B2",
        )
    page = browser_page
    seen = watch(page, live_server.url)
    sign_in(page, live_server.url, leader.username)
    page.click("nav >> text=考核指标")
    page.fill("#from", "2024-03-01")
    page.fill("#to", "2024-03-31")
    page.click("form.filters >> text=统计")
    row = "#indicators tr[data-key=on_time_rate]"
    assert page.inner_text(f"{row} td:nth-child(2)") == "50.00%"
    assert "未达标" in page.inner_text(row)
    # Who misses it: 水利厅 (0.00%, C3 late) and 公安厅 (66.67%) both, against 90.
    misses = page.inner_text("#misses-1")
    assert water.name in misses and "按时办结率" in misses
    page.click(f"{row} a.rest")
    assert "按时办结率：超期件的办件" in page.inner_text("h1")
    numbers = page.eval_on_selector_all("#cases tbody tr", "r => r.map(x => x.dataset.case)")
    assert numbers == ["C4", "C3"]  # 办结 3-1, 3-20
    steps = page.inner_text("#cases tr[data-case=C3] .steps")
    assert (
        steps
        == "受理 3-1 09:00 水利厅 B2号窗口；流转 3-4 09:00 水利厅 B2号窗口；办结 3-20 09:00 水利厅 B2号窗口"
    )
    page.click("text=返回考核指标")
    with page.expect_download() as download:
        page.click("#export")
    assert download.value.suggested_filename == "考核指标_2024-03-01_2024-03-31.xlsx"
    # The download's file has no extension, which openpyxl refuses as a name: read its bytes.
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet is not None
    on_time = [r for r in sheet.iter_rows(values_only=True) if r[2] == "按时办结率"]
    assert [r[3:7] for r in on_time] == [(50, "%", 2, 4)]
    assert on_time[0][9:] == ("不低于90.00", "未达标")
    assert seen.errors == [] and seen.outside == []

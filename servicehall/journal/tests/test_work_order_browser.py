"""In a real browser: a real-name 差评 of 公安厅 given on Monday 2026-09-28 at a center that gives
7 working days is due 2026年10月13日 (across National Day; the same day's 差评 opened when the
center gave 5 or 15 days are due 10月10日 and 10月23日); 公安厅's liaison finds it unfounded
and disputes it with evidence (核实 → 申诉复核), the liaison cannot decide the dispute, a window
clerk refuses it (→ 整改), the liaison rectifies (→ 回访), cannot close it before recording the
call, calls the citizen back and closes it with the 回访 record (→ 办结)."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.journal.models import Rectification, ServiceEvaluation
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django import Settings
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def step(page: Page, to: str, note: str, state: str) -> None:
    page.select_option("#id_to_state", to)
    page.fill("#id_note", note)
    page.click("#step-form button[type=submit]")
    page.wait_for_selector(f'#rectification-state strong:text-is("{state}")')


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_bad_rating_goes_verify_appeal_rectify_revisit_closed(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    clerk: User,
    police_liaison: User,
    police: Department,
    tmp_path: Path,
    settings: Settings,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    center = police.center

    def rated(days: int, case_no: str) -> ServiceEvaluation:
        """A real-name 差评 of Monday 2026-09-28, opened while the center gives ``days``."""
        center.bad_rating_days = days
        center.save()
        return ServiceEvaluation.objects.create(
            case=Case.objects.create(case_no=case_no, department=police),
            evaluated_at=dt.datetime(2026, 9, 28, 10, tzinfo=SHANGHAI),
            level=1,
            real_name=True,
            comment="窗口人员答复不清",
        )

    others = {days: rated(days, f"GA-2026-0009{days:02d}") for days in (5, 15)}
    evaluation = rated(7, "GA-2026-000928")
    url = f"{live_server.url}/journal/rectifications/{evaluation.rectification.pk}/"
    evidence = tmp_path / "窗口录像说明.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page = browser_page
    seen = watch(page, live_server.url)

    sign_in(page, live_server.url, police_liaison.username)
    # 9-29, 9-30, then National Day 10-1 … 10-7 off, 10-8, 10-9, 10-10 (a 调休 Saturday worked):
    # 5 working days; … 10-23: 15 (Monday–Friday arithmetic would say 10-5 and 10-19).
    for days, due in ((5, "2026年10月10日"), (15, "2026年10月23日")):
        page.goto(f"{live_server.url}/journal/rectifications/{others[days].rectification.pk}/")
        assert page.inner_text("#rectification-due") == due
        assert f"时限 {days} 个工作日" in page.inner_text("#rectification-clock")
    page.goto(url)
    # 7 working days: 9-29, 9-30, 10-8, 10-9, 10-10 (调休), 10-12, 10-13.
    assert page.inner_text("#rectification-due") == "2026年10月13日"
    assert "时限 7 个工作日" in page.inner_text("#rectification-clock")
    page.select_option("#id_to_state", "appeal")
    page.fill("#id_note", "调取录像，窗口已按规定一次性告知")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("#step-form button[type=submit]")
    page.wait_for_selector('#rectification-state strong:text-is("申诉复核")')
    assert page.inner_text("#rectification-finding") == "不属实"
    assert "由中心管理员或综窗工作人员决定" in page.inner_text("#rectification-waiting")
    assert page.query_selector("#step-form") is None

    sign_in(page, live_server.url, clerk.username)
    page.goto(url)
    step(page, "rectify", "录像不能说明告知完整，申诉不成立", "整改")
    assert page.inner_text("#rectification-appeal") == "申诉不成立"
    # A real-name 差评 cannot skip the 回访.
    options = page.eval_on_selector_all("#id_to_state option", "els => els.map(e => e.value)")
    assert options == ["revisit"]

    sign_in(page, live_server.url, police_liaison.username)
    page.goto(url)
    step(page, "revisit", "已对窗口人员进行业务培训，补发告知单", "回访")
    # Not closed before the call is recorded.
    page.select_option("#id_to_state", "closed")
    page.fill("#id_note", "评价人对整改结果满意")
    page.click("#step-form button[type=submit]")
    page.wait_for_selector("text=回访须填写：回访日期、回访方式、回访满意度")
    assert page.inner_text("#rectification-state strong") == "回访"
    page.select_option("#id_to_state", "closed")
    page.fill("#id_note", "评价人对整改结果满意")
    page.fill("#id_revisited_on", "2026-10-12")
    page.select_option("#id_revisit_method", "phone")
    page.select_option("#id_revisit_satisfaction", "4")
    page.click("#step-form button[type=submit]")
    page.wait_for_selector('#rectification-state strong:text-is("办结")')
    steps = page.inner_text("#rectification-steps")
    assert "2026年10月12日 · 电话 · 满意" in steps
    for move in ("核实 → 申诉复核", "申诉复核 → 整改", "整改 → 回访", "回访 → 办结"):
        assert move in steps
    clock = page.inner_text("#rectification-clock-steps")
    assert all(label in clock for label in ("核实", "申诉复核", "整改", "回访"))
    # The clock runs from the rating's day; closed today, against the deadline of 10-13.
    rows = page.eval_on_selector_all(
        "#rectification-clock-steps tbody tr",
        "rows => rows.map(r => [...r.cells].map(c => c.innerText))",
    )
    assert [row[0] for row in rows] == ["核实", "申诉复核", "整改", "回访"]
    assert rows[0][1] == "2026年9月28日"
    today = timezone.localdate()
    late = "逾期" if today > dt.date(2026, 10, 13) else "按期"
    assert page.inner_text("#rectification-closed") == (
        f"{today.year}年{today.month}月{today.day}日（{late}）"
    )
    rectification = Rectification.objects.get(evaluation=evaluation)
    assert (rectification.state, rectification.finding, rectification.appeal_upheld) == (
        "closed",
        "unfounded",
        False,
    )
    assert seen.errors == [] and seen.outside == []

"""One 差评 work order in two tabs of a window clerk, both opened on its 申诉复核: the first tab
decides the dispute 不成立 (→ 整改); the second, still showing 申诉复核, decides it 成立 (→ 回访
告知). The second must not land — posted as it was, it would read as 整改完成，转回访 on a
rectification nobody made. It is refused with the reason, and the page shows the work order as
it is now (整改) with its own moves; nothing is recorded twice. The same over the API (409)."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.core.tests.test_browser import CHROMIUM_ARGS
from servicehall.journal import followup
from servicehall.journal.models import Rectification, ServiceEvaluation
from servicehall.journal.rectification import State
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_django import Settings
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def disputed(
    police: Department, police_liaison: User, case_no: str = "GA-2026-0930"
) -> Rectification:
    """A real-name 差评 of 公安厅 its liaison found unfounded and disputed (申诉复核)."""
    evaluation = ServiceEvaluation.objects.create(
        case=Case.objects.create(case_no=case_no, department=police),
        evaluated_at=dt.datetime(2026, 9, 28, 10, tzinfo=SHANGHAI),
        level=1,
        real_name=True,
        comment="窗口人员答复不清",
    )
    rectification = evaluation.rectification
    followup.advance(
        rectification,
        State.APPEAL,
        by=police_liaison,
        note="调取录像，窗口已按规定一次性告知",
        evidence=SimpleUploadedFile("录像说明.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return Rectification.objects.get(pk=rectification.pk)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_second_tab_cannot_decide_a_dispute_the_first_tab_decided(
    live_server: LiveServer,
    clerk: User,
    police: Department,
    police_liaison: User,
    tmp_path: Path,
    settings: Settings,
) -> None:
    from playwright import sync_api

    settings.MEDIA_ROOT = tmp_path / "media"
    rectification = disputed(police, police_liaison)
    url = f"{live_server.url}/journal/rectifications/{rectification.pk}/"
    assert os.path.exists("/usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="zh-CN")
        first = context.new_page()
        seen = watch(first, live_server.url)
        sign_in(first, live_server.url, clerk.username)
        second = context.new_page()  # the same login, a second tab
        second.set_default_timeout(90_000)
        second_seen = watch(second, live_server.url)
        for tab in (first, second):
            tab.goto(url)
            assert tab.inner_text("#rectification-state strong") == "申诉复核"

        first.select_option("#id_to_state", "rectify")
        first.fill("#id_note", "录像不能说明告知完整，申诉不成立")
        first.click("#step-form button[type=submit]")
        first.wait_for_selector('#rectification-state strong:text-is("整改")')

        # The second tab still shows 申诉复核 and its two decisions.
        options = second.eval_on_selector_all("#id_to_state option", "os => os.map(o => o.value)")
        assert options == ["rectify", "revisit"]
        second.select_option("#id_to_state", "revisit")
        second.fill("#id_note", "申诉成立，已告知评价人")
        second.click("#step-form button[type=submit]")
        second.wait_for_selector(".messages .error")
        said = second.inner_text(".messages .error")
        assert "当前状态为“整改”" in said and "本次提交未生效" in said, said
        assert clerk.username in said
        # The page now shows the work order as it is, with the moves of 整改.
        assert second.inner_text("#rectification-state strong") == "整改"
        assert second.inner_text("#rectification-appeal") == "申诉不成立"
        options = second.eval_on_selector_all("#id_to_state option", "os => os.map(o => o.value)")
        assert options == ["revisit"]
        steps = second.inner_text("#rectification-steps")
        assert "申诉复核 → 整改" in steps and "整改 → 回访" not in steps
        assert "申诉成立，已告知评价人" not in steps
        browser.close()
    rectification.refresh_from_db()
    assert (rectification.state, rectification.appeal_upheld) == ("rectify", False)
    assert [s.to_state for s in rectification.steps.order_by("at", "pk")] == [
        "verify",
        "appeal",
        "rectify",
    ]
    assert seen.errors == second_seen.errors == []
    assert seen.outside == second_seen.outside == []


@pytest.mark.django_db
def test_the_api_refuses_a_move_from_a_stale_view_with_409(
    clerk: User, police: Department, police_liaison: User, tmp_path: Path, settings: Settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    rectification = disputed(police, police_liaison)
    api = APIClient()
    api.force_authenticate(clerk)
    path = f"/api/rectifications/{rectification.pk}/advance/"
    body = api.get(f"/api/rectifications/{rectification.pk}/").json()
    seen_steps = len(body["steps"])
    assert seen_steps == 2
    first = api.post(path, {"to_state": "rectify", "note": "申诉不成立", "seen_steps": seen_steps})
    assert first.status_code == 200, first.content
    second = api.post(path, {"to_state": "revisit", "note": "申诉成立", "seen_steps": seen_steps})
    assert second.status_code == 409
    assert "当前状态为“整改”" in second.json()["detail"]
    rectification.refresh_from_db()
    assert rectification.state == "rectify" and rectification.steps.count() == 3
    # Without ``seen_steps`` the move is judged on the state as it is now, as before.
    third = api.post(path, {"to_state": "revisit", "note": "整改完成"})
    assert third.status_code == 200
    rectification.refresh_from_db()
    assert rectification.state == "revisit"


@pytest.mark.django_db
def test_a_move_keeps_an_owner_given_meanwhile(
    police: Department, police_liaison: User, admin_user: User, tmp_path: Path, settings: Settings
) -> None:
    """The move writes only what it moves: a 改派 made after the page was read stays."""
    settings.MEDIA_ROOT = tmp_path / "media"
    rectification = disputed(police, police_liaison)
    stale = Rectification.objects.get(pk=rectification.pk)
    followup.reassign(Rectification.objects.get(pk=rectification.pk), None)
    followup.advance(stale, State.RECTIFY, by=admin_user, note="申诉不成立")
    rectification.refresh_from_db()
    assert rectification.owner is None and rectification.state == "rectify"

"""The 差评 work order of GB/T 39734 end to end: 核实 with a finding, the department's dispute
decided by the center (never by the department: 403 with the reason), 整改, the 回访 record, 办结;
the deadline in the center's working days on the calendar, a clock per step; a real-name 差评
always followed up; the indicator 实名差评回访率 reading the 回访 record."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.core.roles import Role
from servicehall.figures import indicators
from servicehall.journal import followup
from servicehall.journal.models import Rectification, RectificationStep, ServiceEvaluation
from servicehall.journal.rectification import Finding, State

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client
    from pytest_django import Settings

    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI)  # the Monday before National Day
REVISIT = {"revisited_on": dt.date(2026, 10, 12), "method": "phone", "satisfaction": 4}


def pdf(name: str = "监控记录.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def rate(
    department: Department,
    *,
    real_name: bool = False,
    case_no: str = "GA-1",
    at: dt.datetime = MONDAY,
) -> Rectification:
    case = Case.objects.create(case_no=case_no, department=department)
    evaluation = ServiceEvaluation.objects.create(
        case=case, evaluated_at=at, level=1, real_name=real_name
    )
    return evaluation.rectification


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


# ---- the deadline: the center's working days on the calendar -----------------------------------


@pytest.mark.parametrize(
    "days, due",
    [
        # 9-29, 9-30 (2), National Day 10-1 … 10-7 off, 10-8, 10-9, 10-10 (a 调休 Saturday
        # worked) (5), 10-12, 10-13 (7) … 10-23 (15). Monday–Friday arithmetic would say 10-5,
        # 10-7 and 10-19.
        (5, dt.date(2026, 10, 10)),
        (7, dt.date(2026, 10, 13)),
        (15, dt.date(2026, 10, 23)),
    ],
)
def test_the_deadline_is_the_centers_working_days_across_the_holiday(
    police: Department, days: int, due: dt.date
) -> None:
    center = police.center
    center.bad_rating_days = days
    center.save()
    assert rate(police).due == due


def test_a_center_without_its_own_days_takes_the_default_15(police: Department) -> None:
    assert police.center.bad_rating_days is None
    assert rate(police).due == dt.date(2026, 10, 23)


# ---- each move ---------------------------------------------------------------------------------


def test_verify_founded_goes_to_rectify_and_records_the_finding(
    police: Department, police_liaison: User
) -> None:
    rectification = rate(police)
    followup.advance(rectification, State.RECTIFY, by=police_liaison, note="调取录像，属实")
    rectification.refresh_from_db()
    assert (rectification.state, rectification.finding) == (State.RECTIFY, Finding.FOUNDED)
    assert rectification.appeal_upheld is None


def test_the_dispute_is_decided_by_the_center_never_the_department(
    police: Department, police_liaison: User, center_admin: User, media: None
) -> None:
    rectification = rate(police)
    with pytest.raises(ValidationError) as refused:
        followup.advance(rectification, State.APPEAL, by=police_liaison, note="按规定办理")
    assert refused.value.message_dict == {"evidence": ["核实不属实须附佐证材料"]}
    followup.advance(
        rectification, State.APPEAL, by=police_liaison, note="录像显示按规定办理", evidence=pdf()
    )
    rectification.refresh_from_db()
    assert (rectification.state, rectification.finding) == (State.APPEAL, Finding.UNFOUNDED)
    # The department may not decide its own dispute, whichever way.
    for to in (State.RECTIFY, State.REVISIT):
        with pytest.raises(PermissionDenied) as denied:
            followup.advance(rectification, to, by=police_liaison, note="成立")
        assert str(denied.value) == (
            "申诉复核由中心管理员或综窗工作人员决定，被评价部门不能复核本部门的申诉"
        )
    followup.advance(rectification, State.RECTIFY, by=center_admin, note="录像不能说明答复准确")
    rectification.refresh_from_db()
    assert (rectification.state, rectification.appeal_upheld) == (State.RECTIFY, False)


def test_window_staff_of_the_department_may_not_decide_either(
    police: Department, police_liaison: User, media: None
) -> None:
    staff = User.objects.create_user("ga-staff", role=Role.STAFF, department=police)
    rectification = rate(police)
    followup.advance(rectification, State.APPEAL, by=police_liaison, note="不属实", evidence=pdf())
    with pytest.raises(PermissionDenied) as denied:
        followup.advance(rectification, State.REVISIT, by=staff, note="成立")
    assert str(denied.value) == "申诉复核不能由被评价部门的人员决定"
    assert Rectification.objects.get().state == State.APPEAL


def test_an_upheld_dispute_of_an_anonymous_rating_may_close(
    police: Department, police_liaison: User, clerk: User, media: None
) -> None:
    rectification = rate(police)
    followup.advance(rectification, State.APPEAL, by=police_liaison, note="不属实", evidence=pdf())
    followup.advance(rectification, State.CLOSED, by=clerk, note="申诉成立：误评")
    rectification.refresh_from_db()
    assert (rectification.state, rectification.appeal_upheld) == (State.CLOSED, True)


def test_leaving_revisit_writes_the_revisit_record(
    police: Department, police_liaison: User
) -> None:
    rectification = rate(police, real_name=True)
    followup.advance(rectification, State.RECTIFY, by=police_liaison, note="属实")
    followup.advance(rectification, State.REVISIT, by=police_liaison, note="已约谈窗口人员")
    followup.advance(
        rectification,
        State.RECTIFY,
        by=police_liaison,
        note="仍不满意",
        revisit={"revisited_on": dt.date(2026, 10, 9), "method": "sms", "satisfaction": 2},
    )
    followup.advance(rectification, State.REVISIT, by=police_liaison, note="已补办")
    followup.advance(
        rectification,
        State.CLOSED,
        by=police_liaison,
        note="满意",
        revisit=REVISIT,
        today=dt.date(2026, 10, 12),
    )
    records = list(
        RectificationStep.objects.filter(revisited_on__isnull=False).values_list(
            "from_state", "to_state", "revisited_on", "revisit_method", "revisit_satisfaction"
        )
    )
    assert records == [
        ("revisit", "rectify", dt.date(2026, 10, 9), "sms", 2),
        ("revisit", "closed", dt.date(2026, 10, 12), "phone", 4),
    ]
    assert Rectification.objects.get().on_time is True


# ---- real-name: always followed up -------------------------------------------------------------


def test_a_real_name_rating_is_not_closed_without_revisit(
    police: Department, police_liaison: User, clerk: User, media: None
) -> None:
    rectification = rate(police, real_name=True)
    followup.advance(rectification, State.RECTIFY, by=police_liaison, note="属实")
    with pytest.raises(ValidationError) as refused:
        followup.advance(rectification, State.CLOSED, by=police_liaison, note="已整改")
    assert refused.value.message_dict == {"to_state": ["实名差评须回访评价人后方可办结"]}
    appealed = rate(police, real_name=True, case_no="GA-2")
    followup.advance(appealed, State.APPEAL, by=police_liaison, note="不属实", evidence=pdf())
    with pytest.raises(ValidationError):
        followup.advance(appealed, State.CLOSED, by=clerk, note="申诉成立")
    followup.advance(appealed, State.REVISIT, by=clerk, note="申诉成立，告知评价人")
    assert Rectification.objects.get(pk=appealed.pk).state == State.REVISIT


def test_the_revisit_rate_reads_the_revisit_record(
    police: Department, police_liaison: User
) -> None:
    """Reaching 回访 is not a 回访: only the record of the call (its step) counts."""
    waiting = rate(police, real_name=True, case_no="GA-1")
    called = rate(police, real_name=True, case_no="GA-2")
    for rectification in (waiting, called):
        followup.advance(rectification, State.RECTIFY, by=police_liaison, note="属实")
        followup.advance(rectification, State.REVISIT, by=police_liaison, note="已整改")
    followup.advance(called, State.CLOSED, by=police_liaison, note="满意", revisit=REVISIT)
    scope = indicators.Scope(
        Period(dt.date(2026, 9, 1), dt.date(2026, 9, 30)), as_of=dt.date(2026, 10, 31)
    )
    got = indicators.as_json(scope)["real_name_bad_revisit_rate"]
    assert (got["value"], got["numerator"], got["denominator"]) == (50.0, 1, 2)


# ---- the clock -----------------------------------------------------------------------------------


def test_the_clock_gives_each_step_its_working_days(
    police: Department, police_liaison: User, clerk: User, media: None
) -> None:
    rectification = rate(police)  # 2026-09-28, due 10-23 (15 working days)
    followup.advance(rectification, State.APPEAL, by=police_liaison, note="不属实", evidence=pdf())
    followup.advance(rectification, State.RECTIFY, by=clerk, note="申诉不成立")
    followup.advance(rectification, State.CLOSED, by=police_liaison, note="已整改")
    moments = [
        dt.datetime(2026, 9, 30, 9, tzinfo=SHANGHAI),  # 核实 9-28 → 9-30: 9-29, 9-30 = 2
        dt.datetime(2026, 10, 9, 9, tzinfo=SHANGHAI),  # 申诉复核 9-30 → 10-9: 10-8, 10-9 = 2
        dt.datetime(2026, 10, 13, 9, tzinfo=SHANGHAI),  # 整改 10-9 → 10-13: 10-10, 12, 13 = 3
    ]
    steps = list(rectification.steps.order_by("pk"))[1:]
    for step, moment in zip(steps, moments, strict=True):
        RectificationStep.objects.filter(pk=step.pk).update(at=moment)
    Rectification.objects.filter(pk=rectification.pk).update(closed_on=dt.date(2026, 10, 13))
    rectification.refresh_from_db()
    clock = followup.clock(rectification, today=dt.date(2026, 11, 2))
    assert [(s.label, s.start, s.end, s.days) for s in clock.steps] == [
        ("核实", dt.date(2026, 9, 28), dt.date(2026, 9, 30), 2),
        ("申诉复核", dt.date(2026, 9, 30), dt.date(2026, 10, 9), 2),
        ("整改", dt.date(2026, 10, 9), dt.date(2026, 10, 13), 3),
    ]
    assert (clock.allowed, clock.used, clock.left) == (15, 7, 8)


def test_an_open_order_runs_to_today_and_may_be_overdue(police: Department) -> None:
    rectification = rate(police)
    clock = followup.clock(rectification, today=dt.date(2026, 10, 26))
    # 9-29, 9-30, 10-8 … 10-23 (15 with 10-10), 10-26 = 16 used: one past the deadline.
    assert [(s.label, s.end, s.days) for s in clock.steps] == [("核实", None, 16)]
    assert (clock.allowed, clock.used, clock.left) == (15, 16, -1)


# ---- pages and the API: the dispute refused with 403 and its reason -----------------------------


def test_the_page_and_the_api_refuse_the_department_its_own_dispute(
    client: Client, police: Department, police_liaison: User, center_admin: User, media: None
) -> None:
    rectification = rate(police)
    url = reverse("journal:rectification_detail", args=[rectification.pk])
    client.force_login(police_liaison)
    moved = client.post(
        url, {"to_state": "appeal", "note": "录像显示按规定办理", "evidence": pdf()}
    )
    assert moved.status_code == 302
    page = client.get(url).content.decode()
    assert "此差评已提请申诉复核，由中心管理员或综窗工作人员决定" in page
    assert 'id="step-form"' not in page
    refused = client.post(url, {"to_state": "revisit", "note": "成立"})
    assert refused.status_code == 403
    assert "被评价部门不能复核本部门的申诉" in refused.content.decode()
    api = f"/api/rectifications/{rectification.pk}/advance/"
    denied = client.post(api, {"to_state": "rectify", "note": "x"})
    assert denied.status_code == 403
    assert "被评价部门不能复核本部门的申诉" in denied.json()["detail"]
    client.force_login(center_admin)
    page = client.get(url).content.decode()
    assert '<option value="rectify">申诉不成立，转整改</option>' in page
    decided = client.post(api, {"to_state": "rectify", "note": "申诉不成立"})
    assert decided.status_code == 200
    body = decided.json()
    assert (body["finding"], body["appeal_upheld"]) == ("unfounded", False)
    assert body["clock"]["allowed"] == 15
    assert [s["label"] for s in body["clock"]["steps"]] == ["核实", "申诉复核", "整改"]


def test_the_page_shows_the_clock_and_the_revisit_form(
    client: Client, police: Department, police_liaison: User
) -> None:
    rectification = rate(police, real_name=True)
    followup.advance(rectification, State.RECTIFY, by=police_liaison, note="属实")
    followup.advance(rectification, State.REVISIT, by=police_liaison, note="已整改")
    client.force_login(police_liaison)
    url = reverse("journal:rectification_detail", args=[rectification.pk])
    page = client.get(url).content.decode()
    assert "时限 15 个工作日" in page and 'id="id_revisit_method"' in page
    missing = client.post(url, {"to_state": "closed", "note": "满意"}).content.decode()
    assert "回访须填写：回访日期、回访方式、回访满意度" in missing
    done = client.post(
        url,
        {
            "to_state": "closed",
            "note": "满意",
            "revisited_on": "2026-10-12",
            "revisit_method": "visit",
            "revisit_satisfaction": "5",
        },
    )
    assert done.status_code == 302
    step = RectificationStep.objects.get(to_state="closed")
    assert (step.revisited_on, step.get_revisit_method_display(), step.revisit_satisfaction) == (
        dt.date(2026, 10, 12),
        "上门",
        5,
    )
    assert "2026年10月12日 · 上门 · 非常满意" in client.get(url).content.decode()


def test_no_door_closes_a_real_name_rating_without_its_revisit(
    client: Client, police: Department, police_liaison: User
) -> None:
    """The page, the API and the service all refuse 办结 of a real-name 差评 before a 回访 with
    its record (date, method, the citizen's satisfaction); once called back, it closes."""
    rectification = rate(police, real_name=True)
    followup.advance(rectification, State.RECTIFY, by=police_liaison, note="属实")
    client.force_login(police_liaison)
    url = reverse("journal:rectification_detail", args=[rectification.pk])
    page = client.get(url).content.decode()
    assert '<option value="revisit">' in page and '<option value="closed">' not in page
    posted = client.post(url, {"to_state": "closed", "note": "已整改"})
    assert posted.status_code == 200  # the form again, with its error; nothing moved
    assert "实名差评须回访评价人后方可办结" in posted.content.decode()
    api = f"/api/rectifications/{rectification.pk}/advance/"
    refused = client.post(api, {"to_state": "closed", "note": "已整改"})
    assert refused.status_code == 400
    assert refused.json() == {"to_state": ["实名差评须回访评价人后方可办结"]}
    assert Rectification.objects.get(pk=rectification.pk).state == State.RECTIFY
    assert rectification.steps.count() == 2  # opened, 核实 → 整改

    assert client.post(api, {"to_state": "revisit", "note": "已整改"}).status_code == 200
    unrecorded = client.post(api, {"to_state": "closed", "note": "满意"})
    assert unrecorded.status_code == 400
    assert unrecorded.json() == {"revisit": ["回访须填写：回访日期、回访方式、回访满意度"]}
    closed = client.post(
        api,
        {
            "to_state": "closed",
            "note": "满意",
            "revisited_on": "2026-10-12",
            "revisit_method": "phone",
            "revisit_satisfaction": 4,
        },
    )
    assert closed.status_code == 200
    assert closed.json()["state"] == "closed"
    last = closed.json()["steps"][-1]
    assert (last["revisited_on"], last["revisit_method"], last["revisit_satisfaction"]) == (
        "2026-10-12",
        "phone",
        4,
    )
    scope = indicators.Scope(
        Period(dt.date(2026, 9, 1), dt.date(2026, 9, 30)), as_of=dt.date(2026, 10, 31)
    )
    got = indicators.as_json(scope)["real_name_bad_revisit_rate"]
    assert (got["value"], got["numerator"], got["denominator"]) == (100.0, 1, 1)

"""差评整改: every 差评 opens one, with a deadline in working days and an owner; it moves only as
the workflow allows; closing needs a note and records whether it was on time; the migration
opens one for every bad rating recorded before."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Q

from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.journal import followup
from servicehall.journal.models import Rectification, RectificationStep, ServiceEvaluation
from servicehall.journal.rectification import State, allowed, refusal

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_django import Settings

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

NATIONAL_DAY_MONDAY = dt.datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI)


def rate(
    department: Department,
    level: int,
    at: dt.datetime = NATIONAL_DAY_MONDAY,
    case_no: str = "GA-1",
    **extra: object,
) -> ServiceEvaluation:
    case = Case.objects.create(case_no=case_no, department=department)
    return ServiceEvaluation.objects.create(case=case, evaluated_at=at, level=level, **extra)


# ---- the workflow -----------------------------------------------------------------------------

REVISIT = {"revisited_on": dt.date(2026, 10, 20), "method": "phone", "satisfaction": 4}


@pytest.mark.parametrize(
    "state, to",
    [
        (State.VERIFY, State.RECTIFY),  # 核实属实
        (State.APPEAL, State.RECTIFY),  # 申诉不成立
        (State.APPEAL, State.REVISIT),  # 申诉成立, the citizen told
        (State.APPEAL, State.CLOSED),  # 申诉成立, anonymous
        (State.RECTIFY, State.REVISIT),
        (State.RECTIFY, State.CLOSED),  # anonymous: nobody to call back
        (State.REVISIT, State.CLOSED),
        (State.REVISIT, State.RECTIFY),  # the applicant still dissatisfied: back to 整改
    ],
)
def test_the_workflow_allows_these_moves(state: State, to: State) -> None:
    assert refusal(state, to, "已处理", revisit=REVISIT) == {}


def test_a_finding_of_unfounded_goes_to_appeal_with_evidence_only() -> None:
    assert refusal(State.VERIFY, State.APPEAL, "录像显示按规定办理", evidence=True) == {}
    assert refusal(State.VERIFY, State.APPEAL, "录像显示按规定办理", evidence=False) == {
        "evidence": "核实不属实须附佐证材料"
    }


@pytest.mark.parametrize(
    "state, to, field, message",
    [
        (
            State.VERIFY,
            State.REVISIT,
            "to_state",
            "当前状态为“核实”，不能转为“回访”（可转为：整改、申诉复核）",
        ),
        (
            State.VERIFY,
            State.CLOSED,
            "to_state",
            "当前状态为“核实”，不能转为“办结”（可转为：整改、申诉复核）",
        ),
        (
            State.RECTIFY,
            State.RECTIFY,
            "to_state",
            "当前状态为“整改”，不能转为“整改”（可转为：回访、办结）",
        ),
        (State.CLOSED, State.RECTIFY, "to_state", "此差评整改已办结，不能再变更状态"),
        (State.VERIFY, "done", "to_state", "未知的整改状态“done”"),
    ],
)
def test_the_workflow_refuses_other_moves_in_chinese(
    state: State, to: State, field: str, message: str
) -> None:
    assert refusal(state, to, "说明") == {field: message}


def test_notes_are_required_closing_and_leaving_verify_and_appeal() -> None:
    assert refusal(State.REVISIT, State.CLOSED, "  ", revisit=REVISIT) == {
        "note": "转为“办结”须填写整改情况说明"
    }
    assert refusal(State.VERIFY, State.RECTIFY, "") == {
        "note": "核实须填写情况说明（核实属实，转整改的理由）"
    }
    assert refusal(State.APPEAL, State.RECTIFY, "") == {
        "note": "申诉复核须填写情况说明（申诉不成立，转整改的理由）"
    }


def test_leaving_revisit_needs_the_revisit_record() -> None:
    assert refusal(State.REVISIT, State.CLOSED, "满意", revisit={"method": "sms"}) == {
        "revisit": "回访须填写：回访日期、回访满意度"
    }
    assert refusal(State.REVISIT, State.RECTIFY, "仍不满意") == {
        "revisit": "回访须填写：回访日期、回访方式、回访满意度"
    }


@pytest.mark.parametrize("state", [State.RECTIFY, State.APPEAL])
def test_a_real_name_rating_is_never_closed_without_revisit(state: State) -> None:
    assert refusal(state, State.CLOSED, "已整改", real_name=True) == {
        "to_state": "实名差评须回访评价人后方可办结"
    }
    assert State.CLOSED not in allowed(state, real_name=True)
    assert State.CLOSED in allowed(state, real_name=False)


# ---- opening ----------------------------------------------------------------------------------


def test_a_bad_rating_on_2026_09_28_is_due_on_23_october_across_national_day(
    police: Department,
) -> None:
    evaluation = rate(police, ServiceEvaluation.Level.DISSATISFIED)
    rectification = evaluation.rectification
    # 15 working days: 9-29, 9-30, then 10-8 … 10-23 (10-10 is a 调休 Saturday worked).
    # Monday–Friday arithmetic would say 2026-10-19.
    assert rectification.due == dt.date(2026, 10, 23)
    assert (rectification.state, rectification.opened_on) == (State.VERIFY, dt.date(2026, 9, 28))
    evaluation.refresh_from_db()
    assert evaluation.follow_up_due == dt.date(2026, 10, 23)  # the rating's copy
    assert [str(s) for s in rectification.steps.all()] == ["开启 → 核实"]


def test_the_deadline_follows_the_setting(police: Department, settings: Settings) -> None:
    settings.SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS = 5
    rectification = rate(police, ServiceEvaluation.Level.VERY_DISSATISFIED).rectification
    assert rectification.due == dt.date(2026, 10, 10)  # the Saturday worked after the holiday


@pytest.mark.parametrize("level", [3, 4, 5])
def test_a_good_or_fair_rating_opens_none(police: Department, level: int) -> None:
    evaluation = rate(police, level)
    assert not Rectification.objects.filter(evaluation=evaluation).exists()
    evaluation.save()
    assert Rectification.objects.count() == 0


def test_one_rectification_per_rating_however_often_it_is_saved(police: Department) -> None:
    evaluation = rate(police, ServiceEvaluation.Level.DISSATISFIED)
    evaluation.save()
    assert followup.open_rectifications([evaluation]) == 0
    assert Rectification.objects.count() == 1 and RectificationStep.objects.count() == 1


def test_the_owner_is_the_departments_liaison_else_nobody(
    police: Department, water: Department, police_liaison: User
) -> None:
    assert rate(police, 1, case_no="GA-1").rectification.owner == police_liaison
    assert rate(water, 1, case_no="SL-1").rectification.owner is None


def test_the_bulk_path_opens_many_with_the_deadlines_given(police: Department) -> None:
    cases = Case.objects.bulk_create([Case(case_no=f"GA-{n}", department=police) for n in range(3)])
    given = ServiceEvaluation.objects.bulk_create(
        [
            ServiceEvaluation(case=cases[0], evaluated_at=NATIONAL_DAY_MONDAY, level=1),
            ServiceEvaluation(
                case=cases[1],
                evaluated_at=NATIONAL_DAY_MONDAY,
                level=2,
                follow_up_due=dt.date(2026, 10, 9),
                followed_up_on=dt.date(2026, 10, 12),
                follow_up_note="已电话回访",
            ),
            ServiceEvaluation(case=cases[2], evaluated_at=NATIONAL_DAY_MONDAY, level=5),
        ]
    )
    assert followup.open_rectifications(ServiceEvaluation.objects.all()) == 2
    first, second = (Rectification.objects.get(evaluation=e) for e in given[:2])
    assert (first.due, first.state, first.closed_on) == (dt.date(2026, 10, 23), "verify", None)
    assert (second.due, second.state, second.closed_on) == (
        dt.date(2026, 10, 9),
        "closed",
        dt.date(2026, 10, 12),
    )
    assert second.on_time is False
    assert second.steps.get().note == "已电话回访"
    assert ServiceEvaluation.objects.get(pk=given[0].pk).follow_up_due == dt.date(2026, 10, 23)


# ---- advancing --------------------------------------------------------------------------------


def test_closing_needs_a_note_and_records_the_day_and_whether_on_time(
    police: Department, police_liaison: User
) -> None:
    rectification = rate(police, 1).rectification
    followup.advance(rectification, State.RECTIFY, by=police_liaison, note="属实")
    followup.advance(rectification, State.REVISIT, by=police_liaison, note="已调整窗口排班")
    with pytest.raises(ValidationError) as refused:
        followup.advance(rectification, State.CLOSED, by=police_liaison, note="", revisit=REVISIT)
    assert refused.value.message_dict == {"note": ["转为“办结”须填写整改情况说明"]}
    followup.advance(
        rectification,
        State.CLOSED,
        by=police_liaison,
        note="申请人满意",
        revisit=REVISIT,
        today=dt.date(2026, 10, 23),
    )
    rectification.refresh_from_db()
    assert (rectification.state, rectification.closed_on) == (State.CLOSED, dt.date(2026, 10, 23))
    assert rectification.on_time is True
    evaluation = ServiceEvaluation.objects.get(pk=rectification.evaluation_id)
    assert (evaluation.followed_up_on, evaluation.follow_up_note) == (
        dt.date(2026, 10, 23),
        "申请人满意",
    )
    steps = list(rectification.steps.values_list("from_state", "to_state", "by__username"))
    assert steps == [
        ("", "verify", None),
        ("verify", "rectify", "gat"),
        ("rectify", "revisit", "gat"),
        ("revisit", "closed", "gat"),
    ]


def test_a_late_close_is_not_on_time(police: Department, clerk: User) -> None:
    rectification = rate(police, 1).rectification
    followup.advance(rectification, State.RECTIFY, by=clerk, note="属实")
    followup.advance(
        rectification, State.CLOSED, by=clerk, note="已整改", today=dt.date(2026, 10, 26)
    )
    assert rectification.on_time is False
    assert rectification.is_overdue(dt.date(2026, 10, 26))


def test_a_refused_move_writes_nothing(police: Department, clerk: User) -> None:
    rectification = rate(police, 1).rectification
    with pytest.raises(ValidationError) as refused:
        followup.advance(rectification, State.REVISIT, by=clerk, note="x")
    assert "不能转为“回访”" in refused.value.message_dict["to_state"][0]
    rectification.refresh_from_db()
    assert rectification.state == State.VERIFY and rectification.steps.count() == 1


def test_evidence_is_checked_by_type_content_and_size(
    police: Department, clerk: User, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    rectification = rate(police, 1).rectification
    exe = SimpleUploadedFile("整改.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError) as refused:
        followup.advance(rectification, State.RECTIFY, by=clerk, note="属实", evidence=exe)
    assert refused.value.message_dict["evidence"] == [
        "文件“整改.exe”的类型不可作为佐证材料（允许：.pdf、.jpg、.jpeg、.png、.docx、.xlsx）"
    ]
    fake = SimpleUploadedFile("照片.png", b"not a png at all")
    with pytest.raises(ValidationError) as refused:
        followup.advance(rectification, State.RECTIFY, by=clerk, note="属实", evidence=fake)
    assert refused.value.message_dict["evidence"] == ["文件“照片.png”的内容不是 .png 格式"]
    settings.SERVICEHALL_UPLOAD_LIMITS_MB = {**settings.SERVICEHALL_UPLOAD_LIMITS_MB, "evidence": 1}
    big = SimpleUploadedFile("报告.pdf", b"%PDF-1.7\n" + b"0" * (2 << 20))
    with pytest.raises(ValidationError) as refused:
        followup.advance(rectification, State.RECTIFY, by=clerk, note="属实", evidence=big)
    assert refused.value.message_dict["evidence"] == [
        "文件“报告.pdf”有 2.0 MiB，超过此类文件的上限 1 MiB"
    ]
    assert rectification.steps.count() == 1
    good = SimpleUploadedFile("报告.pdf", b"%PDF-1.7\n%%EOF\n")
    step = followup.advance(rectification, State.RECTIFY, by=clerk, note="见附件", evidence=good)
    assert step.evidence.name.endswith("报告.pdf") and step.evidence.read().startswith(b"%PDF")


def test_only_an_active_user_and_the_departments_own_liaison_may_own_it(
    police: Department, water_liaison: User, police_liaison: User
) -> None:
    rectification = rate(police, 1).rectification
    with pytest.raises(ValidationError) as refused:
        followup.reassign(rectification, water_liaison)
    assert refused.value.message_dict == {"owner": ["部门联络员“slt”不属于此办件的部门"]}
    followup.reassign(rectification, None)
    assert Rectification.objects.get().owner is None


# ---- overdue ----------------------------------------------------------------------------------


def test_overdue_means_open_past_the_deadline_or_closed_after_it(
    police: Department, clerk: User
) -> None:
    due = dt.date(2026, 10, 23)
    open_one = rate(police, 1, case_no="GA-1").rectification
    on_time = rate(police, 1, case_no="GA-2").rectification
    late = rate(police, 2, case_no="GA-3").rectification
    for rectification in (on_time, late):
        followup.advance(rectification, State.RECTIFY, by=clerk, note="属实")
    followup.advance(on_time, State.CLOSED, by=clerk, note="已整改", today=due)
    followup.advance(late, State.CLOSED, by=clerk, note="已整改", today=dt.date(2026, 10, 26))

    def overdue(day: dt.date) -> list[str]:
        found = Rectification.objects.filter(followup.overdue_q(day))
        return sorted(r.evaluation.case.case_no for r in found)

    assert overdue(due) == ["GA-3"]  # the deadline day itself is not late
    assert overdue(dt.date(2026, 10, 24)) == ["GA-1", "GA-3"]
    assert [open_one.is_overdue(due), open_one.is_overdue(dt.date(2026, 10, 24))] == [False, True]
    # The ratings' 整改逾期 (filter, dashboard) reads the same rectifications.
    from servicehall import figures

    assert figures.overdue_followups(dt.date(2026, 10, 24)) == 2


# ---- the migration ----------------------------------------------------------------------------


def test_the_migration_opens_one_for_every_bad_rating_recorded_before(
    police: Department, police_liaison: User
) -> None:
    backfill = importlib.import_module("servicehall.journal.migrations.0003_open_rectifications")
    cases = Case.objects.bulk_create([Case(case_no=f"GA-{n}", department=police) for n in range(4)])
    at = dt.datetime(2024, 1, 22, 10, 0, tzinfo=SHANGHAI)
    # Written as before rectifications existed: straight rows, no save().
    old = ServiceEvaluation.objects.bulk_create(
        [
            ServiceEvaluation(
                case=cases[0], evaluated_at=at, level=1, follow_up_due=dt.date(2024, 2, 2)
            ),
            ServiceEvaluation(
                case=cases[1],
                evaluated_at=at,
                level=2,
                follow_up_due=dt.date(2024, 2, 2),
                followed_up_on=dt.date(2024, 1, 30),
                follow_up_note="已致电申请人",
            ),
            ServiceEvaluation(case=cases[2], evaluated_at=at, level=2),  # no deadline written
            ServiceEvaluation(case=cases[3], evaluated_at=at, level=4),
        ]
    )
    from servicehall import figures

    day = dt.date(2024, 3, 1)
    # 整改逾期 as it was read from the ratings' own fields before rectifications existed.
    old_overdue = ServiceEvaluation.objects.filter(
        Q(follow_up_due__isnull=False)
        & (
            Q(followed_up_on__isnull=True, follow_up_due__lt=day)
            | Q(followed_up_on__gt=F("follow_up_due"))
        )
    )
    assert list(old_overdue.values_list("pk", flat=True)) == [old[0].pk]
    backfill.open_rectifications(apps, None)
    rows = {
        r.evaluation_id: (r.state, r.due, r.closed_on, r.owner_id)
        for r in Rectification.objects.all()
    }
    assert rows == {
        old[0].pk: ("verify", dt.date(2024, 2, 2), None, police_liaison.pk),
        old[1].pk: ("closed", dt.date(2024, 2, 2), dt.date(2024, 1, 30), police_liaison.pk),
        old[2].pk: ("verify", dt.date(2024, 2, 9), None, police_liaison.pk),  # 15 working days
    }
    assert ServiceEvaluation.objects.get(pk=old[2].pk).follow_up_due == dt.date(2024, 2, 9)
    assert Rectification.objects.get(evaluation=old[1]).steps.get().note == "已致电申请人"
    # The ratings that had a deadline count as they did; the one without (an API write never
    # gave one) now has its deadline and is late like any open 差评 past it.
    had_deadline = ServiceEvaluation.objects.exclude(pk=old[2].pk)
    assert figures.overdue_followups(day, had_deadline) == 1
    assert figures.overdue_followups(day, ServiceEvaluation.objects.all()) == 2
    backfill.open_rectifications(apps, None)  # run again: nothing more
    assert Rectification.objects.count() == 3

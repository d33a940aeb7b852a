"""The rectification of bad ratings (差评整改): opening one for every 差评, its deadline in
working days, its owner, moving it through the workflow (``journal.rectification``) and what
counts as overdue. The rating's ``follow_up_*`` fields are copies written here only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from servicehall.cases.models import Case
from servicehall.core.roles import Role
from servicehall.core.uploads import UploadRefused, check_size, check_zip
from servicehall.journal.models import Rectification, RectificationStep, ServiceEvaluation
from servicehall.journal.rectification import (
    OPEN_STATES,
    State,
    decider_refusal,
    label,
    move,
    refusal,
)
from servicehall.org.models import Department, default_center
from servicehall.workcal.workdays import add_working_days, calendar

# Evidence (佐证材料) a step may carry: its types by extension, and how each file begins.
EVIDENCE_TYPES: dict[str, bytes] = {
    ".pdf": b"%PDF",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG",
    ".docx": b"PK",
    ".xlsx": b"PK",
}
BULK = 2000


def evaluation_day(evaluation: ServiceEvaluation) -> dt.date:
    return timezone.localtime(evaluation.evaluated_at).date()


def deadline_days(center_days: int | None = None) -> int:
    """The working days a work order has: its center's ``bad_rating_days`` (5, 7, 15 … as the
    center sets it), else ``SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS`` (15 by default)."""
    return center_days or settings.SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS


def deadline(day: dt.date, center_days: int | None = None, center: Any = None) -> dt.date:
    """The deadline of a 差评 given on ``day``: ``deadline_days`` working days after it, on the
    working-day calendar of ``center`` (the rated case's; holidays skipped, 调休 Saturdays
    counted, the center's local days too)."""
    return add_working_days(day, deadline_days(center_days), center)


def center_days_by_department(department_ids: Iterable[int | None]) -> dict[int | None, int | None]:
    """Department → its center's ``bad_rating_days``; None (no department) → the default
    center's."""
    wanted = {d for d in department_ids if d is not None}
    days: dict[int | None, int | None] = dict(
        Department.objects.filter(pk__in=wanted).values_list("pk", "center__bad_rating_days")
    )
    default = default_center()
    days[None] = default.bad_rating_days if default is not None else None
    return days


def centers_by_department(department_ids: Iterable[int | None]) -> dict[int | None, int | None]:
    """Department → its center's id (whose working-day calendar counts); None → the default
    center's."""
    wanted = {d for d in department_ids if d is not None}
    centers: dict[int | None, int | None] = dict(
        Department.objects.filter(pk__in=wanted).values_list("pk", "center_id")
    )
    default = default_center()
    centers[None] = default.pk if default is not None else None
    return centers


def liaisons_by_department(department_ids: Iterable[int | None]) -> dict[int, int]:
    """Department → its first active liaison (by id): the default owner of its rectifications."""
    wanted = {d for d in department_ids if d is not None}
    if not wanted:
        return {}
    owners: dict[int, int] = {}
    rows = (
        get_user_model()
        .objects.filter(role=Role.LIAISON, is_active=True, department_id__in=wanted)
        .order_by("-pk")
        .values_list("department_id", "pk")
    )
    for department_id, pk in rows:
        owners[department_id] = pk  # by id descending: the lowest id wins
    return owners


def open_rectifications(evaluations: Iterable[ServiceEvaluation]) -> int:
    """Open the rectification of every saved 差评 among ``evaluations`` that has none: a
    deadline given with the rating is kept, otherwise it is ``deadline(day)``; a rating already
    followed up opens closed on that date. Owner: the department's liaison, else nobody.
    Writes in bulk (the demo, an import); returns how many were opened."""
    bad = [e for e in evaluations if e.pk is not None and e.is_bad]
    if not bad:
        return 0
    have = set(
        Rectification.objects.filter(evaluation_id__in=[e.pk for e in bad]).values_list(
            "evaluation_id", flat=True
        )
    )
    new = [e for e in bad if e.pk not in have]
    if not new:
        return 0
    departments = dict(
        Case.objects.filter(pk__in={e.case_id for e in new}).values_list("pk", "department_id")
    )
    owners = liaisons_by_department(departments.values())
    center_days = center_days_by_department(departments.values())
    centers = centers_by_department(departments.values())
    rows, copies = [], []
    for evaluation in new:
        day = evaluation_day(evaluation)
        days = center_days.get(departments.get(evaluation.case_id))
        center = centers.get(departments.get(evaluation.case_id))
        due = evaluation.follow_up_due or deadline(day, days, center)
        closed = evaluation.followed_up_on
        rows.append(
            Rectification(
                evaluation=evaluation,
                state=State.CLOSED if closed else State.VERIFY,
                opened_on=day,
                due=due,
                owner_id=owners.get(departments.get(evaluation.case_id)),  # type: ignore[arg-type]
                closed_on=closed,
            )
        )
        if evaluation.follow_up_due != due:
            evaluation.follow_up_due = due
            copies.append(evaluation)
    with transaction.atomic():
        if len(rows) == 1:
            rows[0].save()  # one at a time (a page, the API): the change history keeps it
        else:
            Rectification.objects.bulk_create(rows, batch_size=BULK)
        RectificationStep.objects.bulk_create(
            [
                RectificationStep(
                    rectification=r,
                    from_state="",
                    to_state=r.state,
                    note=r.evaluation.follow_up_note if r.closed_on else "差评登记，开启整改",
                    at=r.evaluation.evaluated_at,
                )
                for r in rows
            ],
            batch_size=BULK,
        )
        ServiceEvaluation.objects.bulk_update(copies, ["follow_up_due"], batch_size=BULK)
    return len(rows)


def check_evidence(upload: Any) -> None:
    """An evidence file of an allowed type (by name and by its first bytes) and size."""
    name = Path(upload.name).name
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        allowed = "、".join(EVIDENCE_TYPES)
        raise UploadRefused(f"文件“{name}”的类型不可作为佐证材料（允许：{allowed}）")
    check_size(name, upload.size, "evidence")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[suffix]):
        raise UploadRefused(f"文件“{name}”的内容不是 {suffix} 格式")
    if suffix in (".docx", ".xlsx"):
        check_zip(upload, name)


def advance(
    rectification: Rectification,
    to_state: str,
    *,
    by: Any,
    note: str = "",
    evidence: Any = None,
    revisit: dict[str, Any] | None = None,
    today: dt.date | None = None,
    seen_steps: int | None = None,
) -> RectificationStep:
    """Move ``rectification`` to ``to_state`` as the table (``journal.rectification.MOVES``)
    allows, logging the step with its 回访 record; a 核实 records its finding, a 申诉复核 its
    decision, 办结 the day (and the rating's copies). Refused with a ValidationError by field;
    a 申诉复核 decided by the disputing department with a PermissionDenied and its reason.

    The move is judged on the work order as it is now, read under a lock: a page opened before
    another step (a second tab, a colleague) says how many steps it saw (``seen_steps``), and
    is refused with ``StaleWorkOrder`` rather than applied to a state its reader never saw —
    申诉成立 posted after another tab's 申诉不成立 would otherwise land as 整改完成."""
    with transaction.atomic():
        return _advance_locked(
            rectification, to_state, by, note, evidence, revisit, today, seen_steps
        )


class StaleWorkOrder(ValidationError):
    """The work order moved on since its page was opened (optimistic concurrency)."""


def stale_refusal(rectification: Rectification, seen_steps: int) -> str | None:
    """Why a move posted from a page that saw ``seen_steps`` steps may not be taken now (None:
    it saw the latest)."""
    steps = rectification.steps.order_by("-at", "-pk")
    if steps.count() == seen_steps:
        return None
    last = steps.select_related("by").first()
    who = f"由{last.by}" if last is not None and last.by else ""
    when = timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M") if last is not None else ""
    return (
        f"此工单已于{when}{who}办理，当前状态为“{rectification.get_state_display()}”，"
        "与您打开页面时不同；为免覆盖他人的办理，本次提交未生效，请按当前状态重新办理"
    )


def _advance_locked(
    rectification: Rectification,
    to_state: str,
    by: Any,
    note: str,
    evidence: Any,
    revisit: dict[str, Any] | None,
    today: dt.date | None,
    seen_steps: int | None,
) -> RectificationStep:
    # The row's state as committed, under its lock (SQLite's IMMEDIATE transactions serialise
    # the same way): two posts of one move never both pass the table.
    current = (
        Rectification.objects.select_for_update()
        .filter(pk=rectification.pk)
        .values_list("state", "finding", "appeal_upheld", "closed_on")
        .get()
    )
    (
        rectification.state,
        rectification.finding,
        rectification.appeal_upheld,
        rectification.closed_on,
    ) = current
    if seen_steps is not None and (why := stale_refusal(rectification, seen_steps)):
        raise StaleWorkOrder({NON_FIELD_ERRORS: why})
    evaluation = rectification.evaluation
    why = decider_refusal(by, evaluation.case.department_id, to_state, rectification.state)
    if why:
        raise PermissionDenied(why)
    errors = refusal(
        rectification.state,
        to_state,
        note,
        real_name=evaluation.real_name,
        evidence=bool(evidence),
        revisit=revisit,
    )
    if evidence:
        try:
            check_evidence(evidence)
        except UploadRefused as exc:
            errors["evidence"] = str(exc)
    if errors:
        raise ValidationError(errors)
    row = move(rectification.state, to_state)
    assert row is not None  # refusal() said it is in the table
    today = today or timezone.localdate()
    step = RectificationStep(
        rectification=rectification,
        from_state=rectification.state,
        to_state=to_state,
        note=note.strip(),
        by=by if getattr(by, "pk", None) else None,
    )
    if row.revisit and revisit:
        step.revisited_on = revisit["revisited_on"]
        step.revisit_method = revisit["method"]
        step.revisit_satisfaction = int(revisit["satisfaction"])
    if evidence:
        step.evidence.save(Path(evidence.name).name, evidence, save=False)
    step.save()
    rectification.state = to_state
    if row.finding:
        rectification.finding = row.finding
    if row.appeal_upheld is not None:
        rectification.appeal_upheld = row.appeal_upheld
    if to_state == State.CLOSED:
        rectification.closed_on = today
    # Only what the move writes: an owner changed meanwhile (改派) is not put back.
    rectification.save(update_fields=["state", "finding", "appeal_upheld", "closed_on"])
    if to_state == State.CLOSED:
        evaluation.followed_up_on, evaluation.follow_up_note = today, step.note
        ServiceEvaluation.objects.filter(pk=evaluation.pk).update(
            followed_up_on=today, follow_up_note=step.note
        )
    return step


def may_reassign(user: Any) -> bool:
    """Only the center admin hands a rectification to another owner."""
    return bool(user and user.is_authenticated and user.effective_role == Role.ADMIN)


def reassign(rectification: Rectification, owner: Any) -> None:
    """Give ``rectification`` to ``owner`` (None: unassigned); a liaison owns only its own
    department's."""
    department_id = rectification.evaluation.case.department_id
    if owner is not None:
        if not owner.is_active:
            raise ValidationError({"owner": f"用户“{owner}”已停用，不能负责整改"})
        if owner.role == Role.LIAISON and owner.department_id != department_id:
            raise ValidationError({"owner": f"部门联络员“{owner}”不属于此办件的部门"})
    rectification.owner = owner
    rectification.save(update_fields=["owner"])


def rectification_decided(closed_on: dt.date | None, due: dt.date | None, as_of: dt.date) -> bool:
    """A 差评整改 whose timeliness is settled on ``as_of``: closed, or open past its deadline
    (late whatever happens next). The denominator of 差评按时整改率 (ranking, indicators)."""
    return closed_on is not None or (due is not None and due < as_of)


def rectified_on_time(closed_on: dt.date | None, due: dt.date | None) -> bool:
    """A 差评整改 closed by its deadline: the numerator of 差评按时整改率."""
    return closed_on is not None and due is not None and closed_on <= due


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """整改逾期 on ``today``: open past its deadline, or closed after it. ``prefix``: the path to
    the rectification ("rectification__" from a rating)."""
    return Q(**{f"{prefix}closed_on__isnull": True, f"{prefix}due__lt": today}) | Q(
        **{f"{prefix}closed_on__gt": F(f"{prefix}due")}
    )


def open_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": OPEN_STATES})


@dataclass(frozen=True)
class StepClock:
    """The working days one state of a work order used (每个环节的用时)."""

    state: str
    label: str
    start: dt.date
    end: dt.date | None  # None: the state it is in now
    days: int  # working days after ``start`` up to ``end`` (or today); same day = 0


@dataclass(frozen=True)
class Clock:
    """A work order against its deadline (工单计时): each state's days, used and left."""

    steps: list[StepClock]
    allowed: int  # working days from the rating to the deadline
    used: int
    left: int  # working days to the deadline; negative: overdue by that many


def clock(rectification: Rectification, today: dt.date | None = None) -> Clock:
    """Each state the work order has been in, with the working days it used (from the day it
    entered the state to the day it left it, or ``today``), on the working-day calendar; they
    add up to the days from the rating to 办结 (or today)."""
    today = today or timezone.localdate()
    working = calendar(rectification)  # the rated case's center's working days
    steps = list(rectification.steps.order_by("at", "pk"))
    end_of_all = rectification.closed_on or today
    rows: list[StepClock] = []
    for i, step in enumerate(steps):
        if step.to_state == State.CLOSED:
            break
        start = rectification.opened_on if i == 0 else timezone.localtime(step.at).date()
        end = timezone.localtime(steps[i + 1].at).date() if i + 1 < len(steps) else None
        stop = end if end is not None else end_of_all
        days = working.working_days_between(start + dt.timedelta(days=1), stop)
        rows.append(StepClock(step.to_state, label(step.to_state), start, end, days))
    allowed = working.working_days_between(
        rectification.opened_on + dt.timedelta(days=1), rectification.due
    )
    used = working.working_days_between(rectification.opened_on + dt.timedelta(days=1), end_of_all)
    return Clock(rows, allowed, used, allowed - used)

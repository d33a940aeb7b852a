"""Registering work at the comprehensive window (综窗登记): one call per step, through
``services.record_event``. An accept creates its case; later steps need an accepted case."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from servicehall.cases import entry
from servicehall.cases.lifecycle import step_refusal
from servicehall.cases.models import Case, CaseEvent, Channel, EventKind
from servicehall.cases.services import apply_event_to_case, record_event
from servicehall.core.permissions import CHANGE
from servicehall.core.text import chinese_date

if TYPE_CHECKING:
    from servicehall.accounts.models import User
    from servicehall.catalog.models import HandlingItem
    from servicehall.org.models import Department


class WindowError(ValueError):
    """The step cannot be registered as entered (shown to the clerk); ``problems`` names the
    field of each reason when the entry rules (``cases.entry``) refused it."""

    def __init__(self, message: str, problems: list[entry.EntryProblem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class DuplicateCase(WindowError):
    """The case number is taken already: another clerk accepted it, perhaps a moment ago."""


class KeyReused(WindowError):
    """The idempotency key was used before for a different step (409)."""


# An idempotency key as a client sends it: printable ASCII, at most 100 characters.
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,100}")


def keyed_event_id(user: User, key: str) -> str:
    """The event id of a step sent with an idempotency key: the same for the same login and
    key, so the log's unique event id keeps a retried request from counting twice."""
    digest = hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()
    return f"K{digest[:40]}"


def replayed(
    event_id: str, *, kind: str, case_no: str = "", department: Department | None = None
) -> CaseEvent | None:
    """The step already recorded under ``event_id`` (a retry), or None; a different step under
    the same key is refused (``KeyReused``)."""
    event = CaseEvent.objects.filter(event_id=event_id).first()
    if event is None:
        return None
    same = (
        event.kind == kind
        and (not case_no or case_no.strip() == event.case_no)
        and (department is None or department.pk == event.department_id)
    )
    if not same:
        raise KeyReused("该幂等键（Idempotency-Key）已用于另一次登记，请换用新的键")
    return event


def new_event_id(now: dt.datetime) -> str:
    """Event ids of the window UI: ``W`` + local time + random suffix (never clash with imports)."""
    return f"W{timezone.localtime(now):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"


# A number typed at the desk: letters, digits, Chinese characters, "-" and "_", first a letter,
# digit or character. No "/" (the slip's address), no spaces, marks or direction overrides.
TYPED_CASE_NO = re.compile(r"[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff_-]{0,63}")
CASE_NO_PREFIX = "SL"  # 受理: SL + the day + a 4-digit serial, e.g. SL202401220007
GENERATED_ATTEMPTS = 5


def next_case_no(day: dt.date) -> str:
    """The next free case number of ``day`` for a 受理 typed without one."""
    prefix = f"{CASE_NO_PREFIX}{day:%Y%m%d}"
    last = (
        Case.objects.filter(case_no__regex=rf"^{prefix}\d{{4}}$")
        .order_by("-case_no")
        .values_list("case_no", flat=True)
        .first()
    )
    return f"{prefix}{int(last[-4:]) + 1 if last else 1:04d}"


def register(
    user: User,
    *,
    kind: str,
    case_no: str = "",
    department: Department | None = None,
    handling_item: HandlingItem | None = None,
    applicant: str = "",
    window_code: str = "",
    proxy_reason: str = "",
    occurred_at: dt.datetime | None = None,
    event_id: str = "",
    attempt: int = 1,
) -> CaseEvent:
    """Register one step of window work by ``user`` (咨询/受理/流转/颁发/办结); ``event_id``
    is the log's id for it (``keyed_event_id`` of a request's idempotency key), else a new one."""
    occurred_at = occurred_at or timezone.now()
    if kind != EventKind.CONSULT:
        with transaction.atomic():
            return _register_step(
                user, kind=kind, case_no=case_no, department=department,
                handling_item=handling_item, applicant=applicant, window_code=window_code,
                proxy_reason=proxy_reason, occurred_at=occurred_at, event_id=event_id,
                attempt=attempt,
            )  # fmt: skip
    # A 咨询 writes its event only: ``record_event`` takes the transaction it needs (none on
    # PostgreSQL, where the event and its rollups are one statement: issue 24).
    if problem := entry.unplaced_problem(user, department):
        raise WindowError(problem.message, [problem])
    return _record(user, kind, occurred_at, None, department, handling_item, window_code, event_id)


def _register_step(
    user: User,
    *,
    kind: str,
    case_no: str,
    department: Department | None,
    handling_item: HandlingItem | None,
    applicant: str,
    window_code: str,
    proxy_reason: str,
    occurred_at: dt.datetime,
    event_id: str,
    attempt: int,
) -> CaseEvent:
    """A step with a case (受理 creates it, a later step reads it), in the caller's transaction."""
    case_no = case_no.strip()
    case = None
    if kind == EventKind.ACCEPT:
        if case_no and not TYPED_CASE_NO.fullmatch(case_no):
            raise WindowError(
                f"办件编号“{case_no[:64]}”含不允许的字符：只能用字母、数字、汉字、“-”和“_”"
            )
        generated = not case_no
        case_no = case_no or next_case_no(timezone.localtime(occurred_at).date())
        taken = f"办件编号 {case_no} 已存在，不能重复受理"
        window = entry.window_on(
            window_code, timezone.localtime(occurred_at).date(), entry.center_of_item(handling_item)
        )
        if problems := entry.acceptance_problems(
            item=handling_item,
            department=department,
            window=window,
            applicant=applicant,
            proxy_reason=proxy_reason,
        ):
            raise WindowError("；".join(p.message for p in problems), problems)
        assert handling_item is not None  # a 受理 without an item is one of the problems
        department = handling_item.service_item.department
        proxy_reason = entry.recorded_proxy_reason(window, handling_item, proxy_reason)
        case = Case(
            case_no=case_no,
            department=department,
            handling_item=handling_item,
            applicant=applicant.strip(),
            proxy_reason=proxy_reason,
            # The desk is the window: its cases came in by 窗口 (办件渠道).
            channel=Channel.WINDOW,
        )
        # The case is created accepted (when, where, its promised date): one INSERT, where an
        # INSERT and then an UPDATE by ``record_event`` each paid the change history and the
        # indicator rollups (issue 23: 22 statements a 受理, 60 ms of Python).
        apply_event_to_case(case, kind, occurred_at, window_code=window_code)
        try:
            # The unique index is the check that the number is free (two clerks accepting one
            # number at once both pass any read first): the loser gets the same clear answer.
            # A typed number needs no savepoint — its refusal ends the step — a generated one
            # does, to try the next number in the same transaction.
            with transaction.atomic(savepoint=generated):
                case.save(force_insert=True)
        except IntegrityError as exc:
            if generated and attempt < GENERATED_ATTEMPTS:
                # Another clerk took this number a moment ago: the next one.
                return _register_step(
                    user, kind=kind, case_no="", department=department,
                    handling_item=handling_item, applicant=applicant, window_code=window_code,
                    proxy_reason=proxy_reason, occurred_at=occurred_at, event_id=event_id,
                    attempt=attempt + 1,
                )  # fmt: skip
            raise DuplicateCase(taken) from exc
    else:
        if not case_no:
            raise WindowError("流转、颁发、办结须填写办件编号")
        # With the department's center: does it run its own hall (``federated_problem``)?
        cases = Case.objects.for_user(user, CHANGE).select_related(
            "department__center", "handling_item"
        )
        case = cases.filter(case_no=case_no).first()
        if case is None:
            raise WindowError(f"办件编号 {case_no} 不存在，请先受理")
        if why := step_refusal(case, kind):
            raise WindowError(why)
        if problem := entry.federated_problem(case.department, "case_no"):
            raise WindowError(problem.message, [problem])
    return _record(user, kind, occurred_at, case, department, handling_item, window_code, event_id)


def _record(
    user: User,
    kind: str,
    occurred_at: dt.datetime,
    case: Case | None,
    department: Department | None,
    handling_item: HandlingItem | None,
    window_code: str,
    event_id: str,
) -> CaseEvent:
    return record_event(
        event_id=event_id or new_event_id(occurred_at),
        kind=kind,
        occurred_at=occurred_at,
        case=case,
        department=department if case is None else None,
        item_code=handling_item.code if handling_item is not None else "",
        window_code=window_code,
        staff_ref=user.get_full_name() or user.username,
        channel=Channel.WINDOW if kind == EventKind.ACCEPT else "",
    )


def confirmation(event: CaseEvent) -> str:
    """What the desk says after a step: the step, the case, and at 受理 its promised date."""
    text = f"已登记{event.get_kind_display()}" + (
        f"：办件 {event.case_no}" if event.case_no else ""
    )
    case = event.case
    if event.kind == EventKind.ACCEPT and case is not None and case.promised_by is not None:
        text += f"，承诺办结日期 {chinese_date(case.promised_by)}"
    if event.kind == EventKind.ACCEPT and case is not None and case.proxy_reason:
        text += f"（代收，原因：{case.proxy_reason}）"
    return text

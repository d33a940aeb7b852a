"""The work order of a 差评 (差评整改, GB/T 39734 9.3 差评处置), written once: its states, the
table of moves (what each needs, who decides it), their labels and what a refused move says.
Models, services, pages, the API, the admin and the tests read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from servicehall.core.roles import Role


class State(models.TextChoices):
    """Where a work order stands (整改状态), in order."""

    VERIFY = "verify", "核实"
    APPEAL = "appeal", "申诉复核"
    RECTIFY = "rectify", "整改"
    REVISIT = "revisit", "回访"
    CLOSED = "closed", "办结"


class Finding(models.TextChoices):
    """What 核实 found (核实结论)."""

    FOUNDED = "founded", "属实"
    UNFOUNDED = "unfounded", "不属实"


class RevisitMethod(models.TextChoices):
    """How the citizen was called back (回访方式)."""

    PHONE = "phone", "电话"
    SMS = "sms", "短信"
    VISIT = "visit", "上门"
    ONLINE = "online", "网上"
    ON_SITE = "on_site", "现场"
    OTHER = "other", "其他"


@dataclass(frozen=True)
class Move:
    """One allowed move of a work order and what it asks for."""

    source: str
    target: str
    label: str  # the choice a person sees (转为 …)
    finding: str = ""  # the 核实 finding this move records
    appeal_upheld: bool | None = None  # the 申诉复核 decision this move records
    evidence: bool = False  # 佐证材料 required
    center_decides: bool = False  # decided by the center, never a user of the department
    revisit: bool = False  # records the 回访 (date, method, the citizen's satisfaction)
    anonymous_only: bool = False  # skips 回访: only for a rating that is not real-name


# The table. A department that finds the 差评 unfounded disputes it (申诉) with evidence; the
# center decides the 申诉复核: upheld, the citizen is told (回访) or, anonymous, it is closed;
# refused, it goes to 整改. A real-name 差评 is always followed up before 办结 (回访); an
# anonymous one cannot be called back and closes after 整改. A 回访 finding the citizen still
# dissatisfied sends it back to 整改.
MOVES: tuple[Move, ...] = (
    Move(State.VERIFY, State.RECTIFY, "核实属实，转整改", finding=Finding.FOUNDED),
    Move(
        State.VERIFY,
        State.APPEAL,
        "核实不属实，提请申诉复核",
        finding=Finding.UNFOUNDED,
        evidence=True,
    ),
    Move(
        State.APPEAL,
        State.RECTIFY,
        "申诉不成立，转整改",
        appeal_upheld=False,
        center_decides=True,
    ),
    Move(
        State.APPEAL,
        State.REVISIT,
        "申诉成立，转回访告知",
        appeal_upheld=True,
        center_decides=True,
    ),
    Move(
        State.APPEAL,
        State.CLOSED,
        "申诉成立，办结（非实名评价）",
        appeal_upheld=True,
        center_decides=True,
        anonymous_only=True,
    ),
    Move(State.RECTIFY, State.REVISIT, "整改完成，转回访"),
    Move(State.RECTIFY, State.CLOSED, "整改完成，办结（非实名评价）", anonymous_only=True),
    Move(State.REVISIT, State.CLOSED, "回访完成，办结", revisit=True),
    Move(State.REVISIT, State.RECTIFY, "回访仍不满意，重新整改", revisit=True),
)
_BY_PAIR: dict[tuple[str, str], Move] = {(m.source, m.target): m for m in MOVES}

# Each state's moves (the real-name rule aside): the table read by state.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    state: tuple(m.target for m in MOVES if m.source == state) for state in State.values
}

# Moves into these states must say what was done (情况说明); every move out of 核实 and 申诉复核
# must too (the finding's and the decision's reasons).
NOTE_REQUIRED: frozenset[str] = frozenset({State.CLOSED})
NOTE_REQUIRED_FROM: frozenset[str] = frozenset({State.VERIFY, State.APPEAL})

# The states in which a work order is still open (counted as 在办, may become overdue).
OPEN_STATES: tuple[str, ...] = (State.VERIFY, State.APPEAL, State.RECTIFY, State.REVISIT)


def label(state: str) -> str:
    return str(State(state).label)


def move(state: str, to: str) -> Move | None:
    """The table's row for ``state`` → ``to``, or None."""
    return _BY_PAIR.get((state, to))


def allowed(state: str, real_name: bool = False) -> tuple[str, ...]:
    """The states ``state`` may move to (a real-name rating never skips 回访)."""
    return tuple(
        m.target for m in MOVES if m.source == State(state) and not (real_name and m.anonymous_only)
    )


def choices(state: str, real_name: bool = False) -> list[tuple[str, str]]:
    """The moves of ``state`` as (target, label), for a form's choice."""
    return [(to, _BY_PAIR[(state, to)].label) for to in allowed(state, real_name)]


def refusal(
    state: str,
    to: str,
    note: str,
    *,
    real_name: bool = False,
    evidence: bool = True,
    revisit: dict[str, Any] | None = None,
) -> dict[str, str]:
    """Why the move ``state`` → ``to`` is refused, by field; empty if allowed. ``evidence``:
    whether a file comes with it; ``revisit``: the 回访 record (``revisited_on``, ``method``,
    ``satisfaction``). Who decides is ``decider_refusal``'s."""
    if to not in State.values:
        return {"to_state": f"未知的整改状态“{to}”"}
    if state == State.CLOSED:
        return {"to_state": "此差评整改已办结，不能再变更状态"}
    row = move(state, to)
    if row is None:
        options = "、".join(label(s) for s in allowed(state, real_name))
        return {
            "to_state": f"当前状态为“{label(state)}”，不能转为“{label(to)}”（可转为：{options}）"
        }
    if real_name and row.anonymous_only:
        return {"to_state": "实名差评须回访评价人后方可办结"}
    errors: dict[str, str] = {}
    if not note.strip() and (to in NOTE_REQUIRED or state in NOTE_REQUIRED_FROM):
        errors["note"] = (
            f"转为“{label(to)}”须填写整改情况说明"
            if to in NOTE_REQUIRED
            else f"{label(state)}须填写情况说明（{row.label}的理由）"
        )
    if row.evidence and not evidence:
        errors["evidence"] = "核实不属实须附佐证材料"
    if row.revisit:
        given = revisit or {}
        missing = [
            name
            for key, name in (
                ("revisited_on", "回访日期"),
                ("method", "回访方式"),
                ("satisfaction", "回访满意度"),
            )
            if not given.get(key)
        ]
        if missing:
            errors["revisit"] = f"回访须填写：{'、'.join(missing)}"
    return errors


def decider_refusal(user: object, department_id: int | None, to: str, state: str) -> str:
    """Why ``user`` may not decide the move (a 申诉复核 is the center's: an admin or window
    staff, never a user of the disputing department); empty if they may."""
    row = move(state, to)
    if row is None or not row.center_decides:
        return ""
    if getattr(user, "is_superuser", False):
        return ""
    role = getattr(user, "effective_role", None)
    if role not in (Role.ADMIN, Role.STAFF):
        return "申诉复核由中心管理员或综窗工作人员决定，被评价部门不能复核本部门的申诉"
    if department_id is not None and getattr(user, "department_id", None) == department_id:
        return "申诉复核不能由被评价部门的人员决定"
    return ""

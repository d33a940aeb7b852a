"""The workflow of a 差评整改 (rectification of a bad rating), written once: its states, their
labels, which moves are allowed and what a refused move says. Models, services, pages, the API
and the tests read it from here."""

from __future__ import annotations

from django.db import models


class State(models.TextChoices):
    """Where a rectification stands (整改状态), in order."""

    VERIFY = "verify", "核实"
    RECTIFY = "rectify", "整改"
    REVISIT = "revisit", "回访"
    CLOSED = "closed", "办结"


# From each state, the states it may move to. 核实 finding the complaint unfounded closes it
# directly; a 回访 that finds the applicant still dissatisfied sends it back to 整改.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.VERIFY: (State.RECTIFY, State.CLOSED),
    State.RECTIFY: (State.REVISIT,),
    State.REVISIT: (State.CLOSED, State.RECTIFY),
    State.CLOSED: (),
}

# Moves into these states must say what was done (整改情况).
NOTE_REQUIRED: frozenset[str] = frozenset({State.CLOSED})

# The states in which a rectification is still open (counted as 在办, may become overdue).
OPEN_STATES: tuple[str, ...] = (State.VERIFY, State.RECTIFY, State.REVISIT)


def label(state: str) -> str:
    return str(State(state).label)


def allowed(state: str) -> tuple[str, ...]:
    """The states ``state`` may move to."""
    return TRANSITIONS[State(state)]


def refusal(state: str, to: str, note: str) -> dict[str, str]:
    """Why the move ``state`` → ``to`` with ``note`` is refused, by field; empty if allowed."""
    if to not in State.values:
        return {"to_state": f"未知的整改状态“{to}”"}
    if state == State.CLOSED:
        return {"to_state": "此差评整改已办结，不能再变更状态"}
    if to not in allowed(state):
        options = "、".join(label(s) for s in allowed(state))
        return {
            "to_state": f"当前状态为“{label(state)}”，不能转为“{label(to)}”（可转为：{options}）"
        }
    if to in NOTE_REQUIRED and not note.strip():
        return {"note": f"转为“{label(to)}”须填写整改情况说明"}
    return {}

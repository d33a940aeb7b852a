"""The life of a case (办件流程): which step may follow which, written once for the window, the
API and the importer.

受理 opens a case, once. 流转 and 办结 need an accepted case that is not yet 办结; 颁发 needs an
accepted case (it may follow 办结). A case whose 受理 is nowhere — not in the log, not in the
file — was accepted elsewhere (another system, before the log began): its later steps are taken
and counted as such, never refused for that alone.
"""

from __future__ import annotations

from servicehall.cases.models import Case, EventKind

NEEDS_ACCEPTANCE = frozenset({EventKind.TRANSFER, EventKind.HANDOUT, EventKind.COMPLETE})
ENDED_BY_COMPLETION = frozenset({EventKind.TRANSFER, EventKind.COMPLETE})


def refusal(kind: str, *, accepted: bool, completed: bool, case_no: str) -> str | None:
    """Why ``kind`` may not be recorded for a case in this state, in words; None when it may."""
    label = EventKind(kind).label
    if kind == EventKind.ACCEPT and accepted:
        return f"办件 {case_no} 已受理，不能重复受理"
    if kind in NEEDS_ACCEPTANCE and not accepted:
        return f"办件 {case_no} 尚未受理，不能{label}"
    if kind in ENDED_BY_COMPLETION and completed:
        return f"办件 {case_no} 已办结，不能再{label}"
    return None


def step_refusal(case: Case, kind: str) -> str | None:
    """``refusal`` for a registered case, in the state its record holds."""
    return refusal(
        kind,
        accepted=case.accepted_at is not None or case.accepted_elsewhere,
        completed=case.completed_at is not None,
        case_no=case.case_no,
    )

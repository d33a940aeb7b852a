"""Imported past issues reconciled with the records (往期导入与记录核对).

A past issue states its figures; where the system holds the records of its period, the figures
module counts them again. A stated figure the records contradict makes the import 争议
(``Issue.Status.DISPUTED``), with each difference kept (figure, stated value, records' value):
the issue holds its number (the paper was printed) but stays out of the trends, the archive's
search and the year-to-date check until a person resolves it, either way:

- accept the stated values (``accept_stated``), with a reason — the paper is right, the records
  are incomplete (a late import, a register kept elsewhere): the issue becomes a published past
  issue, the reason and the differences in its log;
- withdraw the import (``withdraw_import``), with a reason — the file is wrong (a draft, a
  crafted copy): it is removed, never having been published; the change history keeps what it
  was, who withdrew it, when and why.

A figure whose records do not exist for the period (``FigureDef.missing_source``: a past year
before the system, no platform data) is not compared: there is nothing to contradict it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from servicehall.core.context import because
from servicehall.figures import FIGURES, Period, compute
from servicehall.figures.scope import CenterScope, counting_in
from servicehall.reports.models import Issue, IssueAction


class DisputeError(ValueError):
    """The resolution is not possible (not a disputed issue, no reason given)."""


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def reconcile(
    figures: dict[str, Any], period: Period, scope: CenterScope | None = None
) -> list[dict[str, Any]]:
    """The stated ``figures`` the records of ``period`` in ``scope`` (the series' center; None:
    the default center's 本级) contradict, in the registry's order: ``{key, label, unit,
    stated, records}`` each."""
    with counting_in(scope):
        return _differences(figures, period)


def _differences(figures: dict[str, Any], period: Period) -> list[dict[str, Any]]:
    differences = []
    for key, definition in FIGURES.items():
        if key not in figures or definition.missing_source(period):
            continue
        stated, counted = figures[key], compute(key, period)
        if counted is None:
            continue
        if _decimal(stated) != _decimal(counted):
            differences.append(
                {
                    "key": key,
                    "label": definition.label,
                    "unit": definition.unit,
                    "stated": stated,
                    "records": float(counted) if isinstance(counted, Decimal) else counted,
                }
            )
    return differences


def describe(difference: dict[str, Any]) -> str:
    """今年以来咨询：原文 5501人次，记录 4210人次"""
    unit = difference.get("unit", "")
    return (
        f"{difference['label']}：原文 {difference['stated']}{unit}，"
        f"记录 {_plain(difference['records'])}{unit}"
    )


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _disputed(issue: Issue, reason: str) -> None:
    if issue.status != Issue.Status.DISPUTED:
        raise DisputeError(f"{issue} 不是有争议的导入期次")
    if not reason.strip():
        raise DisputeError("请填写处理理由")


@transaction.atomic
def accept_stated(issue: Issue, user: Any = None, reason: str = "") -> Issue:
    """Keep the stated values: the disputed import becomes a published past issue."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _disputed(issue, reason)
    with because(reason.strip()):
        issue.status = Issue.Status.PUBLISHED
        issue.published_at = timezone.now()
        issue.save()
    IssueAction.record(
        issue,
        user,
        IssueAction.Kind.ACCEPT_STATED,
        f"理由：{reason.strip()}；与记录不符：" + "；".join(map(describe, issue.differences)),
    )
    return issue


@transaction.atomic
def withdraw_import(issue: Issue, user: Any = None, reason: str = "") -> str:
    """Remove a disputed import (never published) and its source file; returns its label."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _disputed(issue, reason)
    label = str(issue)
    with because(f"撤回有争议的导入：{reason.strip()}"):
        # Its only file is the source it was imported from: a frozen file of a published
        # issue would never be here (IssueFile refuses deletion one by one).
        issue.files.filter(format="source").delete()
        issue.delete()
    return label

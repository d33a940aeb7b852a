"""Any stated quantity over time across issues (数量趋势): "受理 件" in every imported issue.

A report states a label more than once (2024-4: 受理 631 件 this week, 2475 件 this year):
the n-th statement of the label in an issue is its own line (第1处, 第2处 …), so a week's
figure is never drawn on one line with a year-to-date one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from servicehall.archive.models import StatedFact
from servicehall.reports.corrections import standing_q
from servicehall.reports.models import Issue

MAX_LINES = 3
# The documents themselves: not needed to name an issue, and most of a row's bytes.
HEAVY_FIELDS = (
    "issue__document", "issue__figures", "document__document",
    "document__figures",
)  # fmt: skip


@dataclass
class FactPoint:
    """One issue's statements of the label (某期的数量)."""

    date: dt.date | None
    owner: str
    link: str
    values: list[Decimal] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def stated(user: Any = None) -> QuerySet[StatedFact, Any]:
    """The statements ``user`` may read (its center's subtree's issues and documents); every
    one when no login asks (the command line, the bench)."""
    return StatedFact.objects.all() if user is None else StatedFact.objects.for_user(user)


def common_labels(limit: int = 300, *, user: Any = None) -> list[tuple[str, str, int]]:
    """(label, unit, how many) of the labels stated most often, changes left out."""
    rows = (
        stated(user)
        .filter(direction="")
        .values("label", "unit")
        .annotate(n=Count("id"))
        .order_by("-n", "label")[:limit]
    )
    return [(row["label"], row["unit"], row["n"]) for row in rows]


def scopes_of(label: str, unit: str, *, user: Any = None) -> list[str]:
    """The scopes a label is stated for ("" first: the whole report's)."""
    scopes = (
        stated(user)
        .filter(label=label, unit=unit, direction="")
        .values_list("scope", flat=True)
        .distinct()
    )
    return sorted(set(scopes), key=lambda s: (s != "", s))


def fact_points(label: str, unit: str, scope: str = "", *, user: Any = None) -> list[FactPoint]:
    """Each issue's statements of ``label`` in ``unit`` for ``scope``, oldest issue first."""
    facts = (
        # A number OCR read with low confidence counts once a person confirmed it.
        stated(user)
        .filter(label=label, unit=unit, scope=scope, direction="", review=False)
        # Corrections (reports/corrections.py): a withdrawn issue states nothing any more, and
        # an issue corrected by a standing 勘误 is read from the erratum (dated as its week).
        .filter(Q(issue__isnull=True) | ~Q(issue_id__in=_set_aside()))
        .select_related("issue__series", "document")
        .defer(*HEAVY_FIELDS)
        .order_by("date", "issue_id", "document_id", "position", "id")
    )
    points: dict[tuple[int | None, int | None], FactPoint] = {}
    for fact in facts:
        key = (fact.issue_id, fact.document_id)
        if key not in points:
            if fact.issue is not None:
                owner = str(fact.issue)
                link = reverse("reports:detail", args=[fact.issue_id])
            else:
                owner = str(fact.document)
                link = reverse("archive:document", args=[fact.document_id])
            points[key] = FactPoint(fact.date, owner, f"{link}#p{fact.position}")
        points[key].values.append(fact.value)
        points[key].texts.append(fact.text)
    return list(points.values())


def _set_aside() -> QuerySet[Issue, Any]:
    """The ids of the issues whose statements no longer stand: withdrawn (an erratum of a
    withdrawn issue with it), or corrected."""
    withdrawn = Q(withdrawal__isnull=False) | Q(corrects__withdrawal__isnull=False)
    corrected = Q(
        pk__in=Issue.objects.filter(standing_q(), corrects__isnull=False).values("corrects")
    )
    return Issue.objects.filter(withdrawn | corrected).values("pk")


def chart_data(label: str, unit: str, points: list[FactPoint]) -> dict[str, Any]:
    """What trend.js draws: x the dates, a line per n-th statement."""
    lines = min(max((len(p.values) for p in points), default=0), MAX_LINES)
    return {
        "name": f"{label}（{unit}）" if unit else label,
        "x": [f"{p.date or ''} {p.owner}".strip() for p in points],
        "series": [
            {
                "name": f"第{n + 1}处",
                "y": [float(p.values[n]) if len(p.values) > n else None for p in points],
            }
            for n in range(lines)
        ],
    }

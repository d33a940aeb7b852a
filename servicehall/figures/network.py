"""The network's table (下级中心统计表): one row per child center with its whole subtree's case
counts, beside the center's own (本级), and a sum row equal to the center's roll-up
(本级及下级) — the same counts as ``figures.stats``, read from the daily rollups at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from servicehall.cases.models import DailyCount
from servicehall.core.periods import Period
from servicehall.figures.cases import CASE_KINDS
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center, default_center_id


@dataclass(frozen=True)
class NetworkRow:
    """One line of the table: a center (本级) or a child with its subtree, or the sum."""

    center: Center | None  # None on the sum row
    label: str
    own: bool  # the center itself, 本级
    period: dict[str, int]
    ytd: dict[str, int]
    has_children: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "center": None if self.center is None else self.center.pk,
            "name": self.label,
            "own": self.own,
            "has_children": self.has_children,
            "period": self.period,
            "ytd": self.ytd,
        }


def _counts_by_center(period: Period, scope: CenterScope) -> dict[int | None, dict[str, int]]:
    """Events per center (of the event's department) and kind in ``period``, in ``scope``."""
    rows = (
        DailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
        .filter(scope.q("department__center"))
        .values_list("department__center", "kind")
        .annotate(n=Sum("count"))
        .order_by()
    )
    result: dict[int | None, dict[str, int]] = {}
    for center_id, kind, n in rows:
        result.setdefault(center_id, dict.fromkeys(CASE_KINDS, 0))[kind] = int(n)
    return result


def _add(total: dict[str, int], more: dict[str, int] | None) -> None:
    for kind, n in (more or {}).items():
        total[kind] += n


def child_table(period: Period, center: Center) -> list[NetworkRow]:
    """本级 first, then each direct child (its whole subtree) by name, then the sum (合计)."""
    centers = list(Center.objects.filter(path__startswith=center.path).order_by("path"))
    children = sorted((c for c in centers if c.parent_id == center.pk), key=lambda c: c.path)
    default_id = default_center_id()
    scope = CenterScope(center, with_children=True)
    counts = {
        "period": _counts_by_center(period, scope),
        "ytd": _counts_by_center(period.year_to_date, scope),
    }
    for scope_counts in counts.values():
        # Events of no department are the default center's (figures.scope).
        if None in scope_counts and default_id is not None:
            _add(
                scope_counts.setdefault(default_id, dict.fromkeys(CASE_KINDS, 0)),
                scope_counts.pop(None),
            )

    def subtree_sum(child: Center | None, which: str) -> dict[str, int]:
        total = dict.fromkeys(CASE_KINDS, 0)
        for c in centers:
            if child is None or c.path.startswith(child.path):
                _add(total, counts[which].get(c.pk))
        return total

    rows = [
        NetworkRow(
            center,
            f"{center.short_name or center.name}（本级）",
            True,
            dict(counts["period"].get(center.pk) or dict.fromkeys(CASE_KINDS, 0)),
            dict(counts["ytd"].get(center.pk) or dict.fromkeys(CASE_KINDS, 0)),
        )
    ]
    for child in children:
        rows.append(
            NetworkRow(
                child,
                child.short_name or child.name,
                False,
                subtree_sum(child, "period"),
                subtree_sum(child, "ytd"),
                has_children=any(c.parent_id == child.pk for c in centers),
            )
        )
    rows.append(
        NetworkRow(None, "合计", False, subtree_sum(None, "period"), subtree_sum(None, "ytd"))
    )
    return rows

"""The network's table (下级中心统计表): one row per child center with its whole subtree's case
counts, beside the center's own (本级), and a sum row equal to the center's roll-up
(本级及下级) — the same counts as ``figures.stats``, read from the daily rollups at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from servicehall.core.periods import Period
from servicehall.figures.cases import CASE_KINDS, center_counts
from servicehall.figures.scope import CenterScope
from servicehall.org.models import PATH_STEP, Center, default_center_id


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
    result: dict[int | None, dict[str, int]] = {}
    for (center_id, kind), n in center_counts(period, scope=scope).items():
        result.setdefault(center_id, dict.fromkeys(CASE_KINDS, 0))[kind] = n
    return result


def _add(total: dict[str, int], more: dict[str, int] | None) -> None:
    for kind, n in (more or {}).items():
        total[kind] += n


def child_table(period: Period, center: Center) -> list[NetworkRow]:
    """本级 first, then each direct child (its whole subtree) by name, then the sum (合计)."""
    # The subtree as plain tuples: a province has hundreds of centers, only its children are
    # rows of the table.
    subtree = list(
        Center.objects.filter(path__startswith=center.path).values_list("pk", "path", "parent_id")
    )
    children = list(Center.objects.filter(parent=center).order_by("path"))
    below = {parent for _, _, parent in subtree}
    step = len(center.path) + PATH_STEP + 1  # a child's path: the center's and one more id
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
    # Each center's counts added to the child whose subtree holds it (its path's prefix).
    sums: dict[str, dict[str, dict[str, int]]] = {
        which: {child.path: dict.fromkeys(CASE_KINDS, 0) for child in children} for which in counts
    }
    totals = {which: dict.fromkeys(CASE_KINDS, 0) for which in counts}
    for pk, path, _ in subtree:
        for which, by_center in counts.items():
            found = by_center.get(pk)
            _add(totals[which], found)
            if pk != center.pk and path[:step] in sums[which]:
                _add(sums[which][path[:step]], found)

    def subtree_sum(child: Center | None, which: str) -> dict[str, int]:
        return totals[which] if child is None else sums[which][child.path]

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
                has_children=child.pk in below,
            )
        )
    rows.append(
        NetworkRow(None, "合计", False, subtree_sum(None, "period"), subtree_sum(None, "ytd"))
    )
    return rows

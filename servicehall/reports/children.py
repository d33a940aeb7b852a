"""A parent's section from its children (下级中心情况): each child center's 受理/办结/好差评 for
the issue's period, and the highlights of the issues they submitted (报送).

Every number is a figure function of ``servicehall.figures`` called with one ``CenterScope``
per child (its whole subtree, 本级及下级) — ``case_counts`` for 受理 and 办结, the indicator
好评率's numerator and denominator for the ratings — and the 合计 row is the parent's own
roll-up (``CenterScope(parent, with_children=True)``), not a sum made here: the table's rows add
up to it because every center of the subtree is in exactly one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from servicehall.core.periods import Period
from servicehall.figures.cases import case_counts
from servicehall.figures.indicators import BY_KEY, Scope, in_centers
from servicehall.figures.scope import CenterScope
from servicehall.gbt9704.document import Paragraph, document_from_json, paragraph_from_markup
from servicehall.org.models import Center
from servicehall.reports.models import IssueSubmission

# What a line of the children's section says, unless the layout gives its own wording.
ROW_TEMPLATE = (
    "**{{ c.name }}**：受理{{ c.accept }}件，办结{{ c.complete }}件；"
    "收到评价{{ c.rated }}条，其中差评{{ c.bad }}条"
    "{% if c.good_rate %}，好评率{{ c.good_rate }}%{% endif %}。"
)
GOOD_RATE = BY_KEY["good_rating_rate"]


@dataclass(frozen=True)
class ChildFigures:
    """One line of the children's table: a child (its subtree), the parent itself (本级) or
    the sum (合计, the parent's roll-up)."""

    center: Center | None  # None on the sum row
    name: str
    kind: str  # "own", "child" or "total"
    accept: int
    complete: int
    rated: int  # 评价条数
    good: int  # 好评（非常满意、满意、基本满意）条数
    good_rate: Decimal | None  # 好评率 %, None without a rating

    @property
    def bad(self) -> int:
        """差评 (不满意、非常不满意): the ratings that are not 好评."""
        return self.rated - self.good

    def as_context(self) -> dict[str, Any]:
        """Plain data for a wording template (no model in reach)."""
        rate = "" if self.good_rate is None else format(self.good_rate.normalize(), "f")
        return {
            "name": self.name,
            "kind": self.kind,
            "accept": self.accept,
            "complete": self.complete,
            "rated": self.rated,
            "good": self.good,
            "bad": self.bad,
            "good_rate": rate,
        }


def center_figures(period: Period, scope: CenterScope, name: str, kind: str) -> ChildFigures:
    """The figures of one row, each from its figure function in ``scope``."""
    counts = case_counts(period, scope=scope)
    ratings = GOOD_RATE.measure(Scope(period, **in_centers(scope)))
    return ChildFigures(
        center=scope.center if kind != "total" else None,
        name=name,
        kind=kind,
        accept=counts["accept"],
        complete=counts["complete"],
        rated=int(ratings.denominator or 0),
        good=int(ratings.numerator),
        good_rate=None if ratings.value is None else Decimal(ratings.value),
    )


def _name(center: Center) -> str:
    return center.short_name or center.name


def child_figures(period: Period, parent: Center, *, own: bool = True) -> list[ChildFigures]:
    """本级 (when ``own``), each direct child with its subtree by path, then 合计 — the
    parent's roll-up (本级及下级)."""
    rows = []
    if own:
        rows.append(center_figures(period, CenterScope(parent), f"{_name(parent)}（本级）", "own"))
    for child in Center.objects.filter(parent=parent).order_by("path"):
        rows.append(center_figures(period, CenterScope(child, True), _name(child), "child"))
    rows.append(center_figures(period, CenterScope(parent, True), "合计", "total"))
    return rows


def children_paragraphs(
    block: dict[str, Any],
    period: Period,
    parent: Center | None,
    text: Callable[[str, dict[str, Any]], list[Paragraph]],
) -> list[Paragraph]:
    """The layout block ``{"type": "children"}``: one paragraph per row of ``child_figures``
    through ``item_template`` (``ROW_TEMPLATE`` by default; ``c`` is the row), the parent's
    own row unless ``"own": false``, the 合计 row unless ``"total": false``. A center without
    children prints nothing (the section is then left out)."""
    if parent is None or not Center.objects.filter(parent=parent).exists():
        return []
    template = block.get("item_template") or ROW_TEMPLATE
    rows = child_figures(period, parent, own=block.get("own", True))
    if not block.get("total", True):
        rows = [row for row in rows if row.kind != "total"]
    paragraphs: list[Paragraph] = []
    for row in rows:
        paragraphs.extend(text(template, {"c": row.as_context()}))
    return paragraphs


def highlight_paragraphs(
    block: dict[str, Any], period: Period, parent: Center | None
) -> list[Paragraph]:
    """The layout block ``{"type": "child_highlights"}``: from each issue a child submitted to
    ``parent`` for a week ending in ``period``, the first ``paragraphs`` (1) paragraphs of its
    section whose heading holds ``section`` (its first section when unsaid), after the child's
    name in bold; children in the order of the tree."""
    if parent is None:
        return []
    wanted = str(block.get("section", "")).strip()
    count = int(block.get("paragraphs", 1))
    submissions = (
        IssueSubmission.objects.filter(
            parent=parent, period_end__gte=period.start, period_end__lte=period.end
        )
        .select_related("center", "issue")
        .order_by("center__path", "-submitted_at")
    )
    out: list[Paragraph] = []
    seen: set[int] = set()
    for submission in submissions:
        if submission.center_id in seen:  # the latest submission of a child only
            continue
        seen.add(submission.center_id)
        doc = document_from_json(submission.issue.document)
        sections = [part for top in doc.sections for part in top.walk()]
        chosen = next((s for s in sections if wanted and wanted in s.heading), None)
        if chosen is None and not wanted and sections:
            chosen = next((s for s in sections if s.paragraphs), None)
        if chosen is None:
            continue
        texts = [p.text for p in chosen.paragraphs[:count] if p.text.strip()]
        if texts:
            name = _name(submission.center)
            out.append(paragraph_from_markup(f"**{name}**：" + "".join(texts)))
    return out

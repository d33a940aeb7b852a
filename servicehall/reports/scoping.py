"""Whose figures an issue prints (周报统计范围): its series' center, 本级 or 本级及下级 as the
layout says (``"with_children": true`` at the top of the definition; 本级 by default).

One rule for the drafter, the checks, the layout preview and the 报送 comparison: every figure
of an issue is counted in ``issue_scope(issue)`` (``figures.scope.counting_in``)."""

from __future__ import annotations

from typing import Any

from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center, default_center
from servicehall.reports.models import Issue, ReportLayout, ReportSeries


def layout_with_children(layout: ReportLayout | dict[str, Any] | None) -> bool:
    """Whether a layout counts its center with every center below it (本级及下级)."""
    definition = layout.definition if isinstance(layout, ReportLayout) else layout
    return bool((definition or {}).get("with_children", False))


def series_center(series: ReportSeries) -> Center | None:
    """The center a series reports on (a series saved before the tree: the default center)."""
    return series.center if series.center_id is not None else default_center()


def series_scope(
    series: ReportSeries, layout: ReportLayout | dict[str, Any] | None = None
) -> CenterScope:
    """The scope of ``series`` drafted through ``layout`` (its current layout when None)."""
    chosen = layout if layout is not None else series.current_layout()
    return CenterScope(series_center(series), layout_with_children(chosen))


def issue_scope(issue: Issue) -> CenterScope:
    """The scope an issue's figures were (and are re-)counted in."""
    return series_scope(issue.series, issue.layout or issue.series.current_layout())

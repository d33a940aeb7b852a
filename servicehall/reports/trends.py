"""Figures across issues (历年趋势): drafted and imported issues feed the same series, each point
with the same week of last year beside it (去年同期)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from servicehall.reports.corrections import corrected_figures, in_force
from servicehall.reports.models import Issue

# How far from "a year before" the nearest issue may end and still stand for 去年同期 when no
# issue of the previous year covers the same ISO week (that week had no issue: a holiday).
NEAREST_DAYS = 10


def figure_trend(key: str, issues: QuerySet[Issue]) -> list[dict[str, Any]]:
    """One point per published issue that states ``key``, in period order; each with
    ``last_year``: the point of the previous year's issue covering the same ISO week (else the
    one ending nearest to 52 weeks before, within ``NEAREST_DAYS``), or None.

    Corrections count (reports/corrections.py): an issue corrected by a 勘误 shows the
    erratum's value (``corrected``: True), an erratum is no point of its own, and a withdrawn
    issue is left out."""
    points = []
    standing = in_force(issues)
    corrected = corrected_figures(standing)
    rows = (
        standing.exclude(period_end__isnull=True)
        .order_by("period_end", "serial")
        .values_list(
            "pk", "year", "number", "period_start", "period_end", "figures", "series__title"
        )
    )
    for pk, year, number, period_start, period_end, figures, series in rows:
        figures = corrected.get(pk, figures)
        value = (figures or {}).get(key)
        if value is None or period_end is None:
            continue
        points.append(
            {
                "issue": pk,
                "label": f"{year}-{number}" if number else period_end.isoformat(),
                "period_start": (period_start or period_end).isoformat(),
                "period_end": period_end.isoformat(),
                "series": series,
                "value": value,
                "corrected": pk in corrected,
            }
        )
    for point in points:
        point["last_year"] = same_week_last_year(point, points)
    return points


def same_week_last_year(
    point: dict[str, Any], points: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The point of the previous year standing beside ``point`` (去年同期), or None."""
    end = dt.date.fromisoformat(point["period_end"])
    iso_year, iso_week, _ = end.isocalendar()
    earlier = []
    for other in points:
        other_end = dt.date.fromisoformat(other["period_end"])
        other_year, other_week, _ = other_end.isocalendar()
        if (other_year, other_week) == (iso_year - 1, iso_week):
            return _brief(other)
        earlier.append((abs((other_end - (end - dt.timedelta(weeks=52))).days), other_end, other))
    near = [entry for entry in earlier if entry[0] <= NEAREST_DAYS]
    if not near:
        return None
    return _brief(min(near, key=lambda entry: (entry[0], entry[1]))[2])


def _brief(point: dict[str, Any]) -> dict[str, Any]:
    return {k: point[k] for k in ("issue", "label", "period_end", "value")}

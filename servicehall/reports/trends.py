"""Figures across issues (历年趋势): drafted and imported issues feed the same series."""

from __future__ import annotations

from django.db.models import QuerySet

from servicehall.reports.models import Issue


def figure_trend(key: str, issues: QuerySet[Issue]) -> list[dict]:
    """One point per published issue that states ``key``, in period order."""
    points = []
    rows = (
        issues.filter(status=Issue.Status.PUBLISHED)
        .exclude(period_end__isnull=True)
        .order_by("period_end", "serial")
        .values_list("pk", "year", "number", "period_end", "figures", "series__title")
    )
    for pk, year, number, period_end, figures, series in rows:
        value = (figures or {}).get(key)
        if value is None or period_end is None:
            continue
        points.append(
            {
                "issue": pk,
                "label": f"{year}-{number}" if number else period_end.isoformat(),
                "period_end": period_end.isoformat(),
                "series": series,
                "value": value,
            }
        )
    return points

"""Figures across issues (历年指标趋势): drafted and imported, back over the years."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from servicehall.core.exports import ChartTable, chart_export, export_query
from servicehall.figures.registry import FIGURES
from servicehall.reports import trends
from servicehall.reports.drafting import center_series
from servicehall.reports.models import Issue

DEFAULT_KEY = "window.week.consult"
LAST_YEAR = "去年同期"


@login_required
def trend(request: HttpRequest) -> HttpResponse:
    """Weekly figures across every issue, drafted and imported, back over the years, with the
    same week of last year beside each; the chart's data as a table and as CSV or XLSX."""
    key = request.GET.get("key", DEFAULT_KEY)
    if key not in FIGURES:
        key = DEFAULT_KEY
    figure = FIGURES[key]
    # The reader's own center's series: a parent reads its children's issues too, and their
    # 期号 would stand beside its own on one line.
    own = center_series(getattr(request.user, "center", None))
    points = trends.figure_trend(key, Issue.objects.for_user(request.user).filter(series__in=own))
    table = ChartTable(
        name="trend",
        title=f"历年指标趋势_{figure.label}",
        headers=[
            "期次",
            "周报",
            "统计期间",
            f"{figure.label}（{figure.unit}）",
            f"{LAST_YEAR}期次",
            f"{LAST_YEAR}（{figure.unit}）",
        ],
        rows=[
            [
                p["label"] + ("（已勘误）" if p["corrected"] else ""),
                p["series"],
                f"{p['period_start']}—{p['period_end']}",
                p["value"],
                p["last_year"]["label"] if p["last_year"] else None,
                p["last_year"]["value"] if p["last_year"] else None,
            ]
            for p in points
        ],
        links=[reverse("reports:detail", args=[p["issue"]]) for p in points],
        text_columns=3,
    )
    if exported := chart_export(request, [table]):
        return exported
    return render(
        request,
        "reports/trend.html",
        {
            "title": "历年指标趋势",
            "key": key,
            "figure": figure,
            "keys": [(k, f.label) for k, f in FIGURES.items()],
            "points": points,
            "table": table,
            "export_query": export_query(request),
            "chart": {
                "x": [p["label"] for p in points],
                "name": figure.label,
                "series": [
                    {"name": figure.label, "y": [p["value"] for p in points]},
                    {
                        "name": LAST_YEAR,
                        "y": [p["last_year"]["value"] if p["last_year"] else None for p in points],
                    },
                ],
            },
        },
    )

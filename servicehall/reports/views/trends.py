"""Figures across issues (历年指标趋势): drafted and imported, back over the years."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from servicehall.figures.registry import FIGURES
from servicehall.reports import trends
from servicehall.reports.models import Issue

DEFAULT_KEY = "window.week.consult"


@login_required
def trend(request: HttpRequest) -> HttpResponse:
    """Weekly figures across every issue, drafted and imported, back over the years."""
    key = request.GET.get("key", DEFAULT_KEY)
    if key not in FIGURES:
        key = DEFAULT_KEY
    points = trends.figure_trend(key, Issue.objects.for_user(request.user))
    return render(
        request,
        "reports/trend.html",
        {
            "title": "历年指标趋势",
            "key": key,
            "figure": FIGURES[key],
            "keys": [(k, f.label) for k, f in FIGURES.items()],
            "points": points,
            "chart": {
                "x": [p["label"] for p in points],
                "y": [p["value"] for p in points],
                "name": FIGURES[key].label,
            },
        },
    )

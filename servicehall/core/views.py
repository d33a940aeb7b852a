"""Helpers shared by the pages of every app (页面公共函数)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from servicehall.core.jobs import RESULTS_TEMPLATES
from servicehall.core.models import Job


def parse_day(text: str | None, default: dt.date) -> dt.date:
    """The ISO date of a query parameter, or ``default`` when it is missing or malformed."""
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job (后台任务): progress while it runs (htmx polls the fragment), then its
    results, shown by the template its kind registered."""
    job = get_object_or_404(Job.objects.for_user(request.user), pk=pk)
    fragment = request.headers.get("HX-Request")
    context = {
        "title": f"后台任务 #{job.pk}",
        "job": job,
        "results_template": RESULTS_TEMPLATES.get(job.kind, ""),
    }
    return render(request, "core/_job_status.html" if fragment else "core/job_detail.html", context)

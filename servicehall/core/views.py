"""Helpers shared by the pages of every app (页面公共函数)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from servicehall.core.dates import date_or, month_or
from servicehall.core.jobs import RESULTS_TEMPLATES
from servicehall.core.models import Job


def parse_day(request: HttpRequest, name: str, default: dt.date, label: str = "日期") -> dt.date:
    """The date of the query parameter ``name`` (``core.dates``), or ``default`` when it is
    missing; when it is unreadable, ``default`` too, and the page says why in Chinese."""
    day, problem = date_or(request.GET.get(name), default, label)
    if problem:
        messages.warning(request, f"{problem}；已显示 {default:%Y-%m-%d}")
    return day


def parse_month(request: HttpRequest, name: str, default: dt.date, label: str = "月份") -> dt.date:
    """The first day of the ``YYYY-MM`` query parameter ``name``, as ``parse_day``."""
    month, problem = month_or(request.GET.get(name), default, label)
    if problem:
        messages.warning(request, f"{problem}；已显示 {month:%Y-%m}")
    return month


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

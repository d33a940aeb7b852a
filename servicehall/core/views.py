"""The dashboard (首页) and the pages shared by every app."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from servicehall.core import dashboard


def parse_day(text: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default


@login_required
def home(request):
    day = parse_day(request.GET.get("week"), timezone.localdate())
    context = dashboard.build(request.user, day)
    context.update(title="首页", day=day)
    return render(request, "core/home.html", context)

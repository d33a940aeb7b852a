"""The dashboard page (首页看板): the working week's figures as the user may see them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from servicehall.core.views import parse_day
from servicehall.figures import dashboard


@login_required
def home(request: HttpRequest) -> HttpResponse:
    notice = ""
    if request.GET.get("week"):
        day = parse_day(request.GET.get("week"), timezone.localdate())
    else:
        day, notice = dashboard.opening_day(timezone.localdate())
    context = dashboard.build(request.user, day)
    context.update(title="首页", day=day, opening_notice=notice)
    return render(request, "figures/home.html", context)

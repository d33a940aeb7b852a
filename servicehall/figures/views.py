"""The dashboard page (首页看板): the working week's figures as the user may see them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from servicehall import figures
from servicehall.cases.flow import BUCKETS
from servicehall.cases.models import Case
from servicehall.core import hooks
from servicehall.core.exports import chart_export, export_query, export_response
from servicehall.core.permissions import VIEW
from servicehall.core.views import parse_day, parse_month
from servicehall.figures import dashboard, flow, ranking
from servicehall.journal.models import ServiceEvaluation


@login_required
def home(request: HttpRequest) -> HttpResponse:
    notice = ""
    if request.GET.get("week"):
        day = parse_day(request, "week", timezone.localdate(), "周")
    else:
        day, notice = dashboard.opening_day(timezone.localdate())
    context = dashboard.build(request.user, day)
    if exported := chart_export(request, list(context["tables"].values())):
        return exported
    context.update(
        title="首页",
        day=day,
        opening_notice=notice,
        export_query=export_query(request),
        # Panels of the apps above (core.hooks): the reports' 待审核 for leaders and admins.
        panels=hooks.home_panels(request),
    )
    return render(request, "figures/home.html", context)


@login_required
def case_flow_report(request: HttpRequest) -> HttpResponse:
    """办件进度统计: any dates, per department and item kind; each count opens its cases."""
    today = timezone.localdate()
    latest = figures.latest_case_day(today) or today
    start = parse_day(request, "start", latest.replace(day=1), "起始日期")
    end = parse_day(request, "end", latest, "截止日期")
    if end < start:
        start, end = end, start
    period = figures.Period(start, end)
    rows = flow.case_flow(period, Case.objects.for_user(request.user, VIEW))
    totals = flow.flow_totals(rows)
    if fmt := request.GET.get("export"):
        headers = ["部门", "事项类型", *(b.label for b in BUCKETS)]
        lines = [
            [r["department_name"], r["item_kind_label"], *(r[b.key] for b in BUCKETS)] for r in rows
        ]
        lines.append(["合计", "", *(totals[b.key] for b in BUCKETS)])
        return export_response(fmt, f"办件进度统计_{start}_{end}", headers, lines)
    base = {"start": start.isoformat(), "end": end.isoformat()}

    def links(row: dict[str, Any] | None) -> list[tuple[int, str]]:
        scope: dict[str, Any] = {}
        if row is not None:
            scope["department" if row["department"] else "no_department"] = (
                row["department"] or "true"
            )
            scope["item_kind" if row["item_kind"] else "no_item"] = row["item_kind"] or "true"
        return [
            (
                (totals if row is None else row)[b.key],
                reverse("cases:case_list") + "?" + urlencode({**base, **scope, "bucket": b.key}),
            )
            for b in BUCKETS
        ]

    context = {
        "title": "办件进度统计",
        "start": start,
        "end": end,
        "buckets": BUCKETS,
        "rows": [{**r, "links": links(r)} for r in rows],
        "totals": links(None),
        "query": urlencode(base),
    }
    return render(request, "figures/case_flow.html", context)


@login_required
def monthly_ranking(request: HttpRequest) -> HttpResponse:
    """月度排名 of windows and departments, for a chosen month (by default the latest month
    with ratings the user may see, up to this one)."""
    today = timezone.localdate()
    evaluations = ServiceEvaluation.objects.for_user(request.user, VIEW)
    latest = (
        evaluations.filter(evaluated_at__date__lte=today)
        .order_by("-evaluated_at")
        .values_list("evaluated_at", flat=True)
        .first()
    )
    month = parse_month(request, "month", timezone.localtime(latest).date() if latest else today)
    result = ranking.monthly_ranking(month, evaluations)
    context = {
        "title": "月度排名",
        "ranking": result,
        "month_value": f"{month:%Y-%m}",
        "tables": [("窗口", result.windows), ("部门", result.departments)],
    }
    return render(request, "figures/ranking.html", context)

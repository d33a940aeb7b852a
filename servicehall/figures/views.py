"""The dashboard page (首页看板): the working week's figures as the user may see them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from servicehall import figures
from servicehall.cases.flow import BUCKETS
from servicehall.cases.models import Case, EventKind
from servicehall.core import hooks
from servicehall.core.exports import chart_export, export_query, export_response
from servicehall.core.permissions import VIEW
from servicehall.core.views import parse_day, parse_month
from servicehall.figures import dashboard, flow, network, ranking
from servicehall.figures.scope import CenterScope, UnknownCenter, counting_in, named_scope
from servicehall.journal.models import ServiceEvaluation


def scope_of(request: HttpRequest) -> CenterScope:
    """``?center=`` (a center of the user's subtree; the user's own by default) and
    ``?with_children=1`` (本级及下级); a center the user may not read is not found."""
    try:
        return named_scope(
            request.GET.get("center") or None,
            request.GET.get("with_children") in {"1", "true", "on"},
            user=request.user,
        )
    except UnknownCenter as exc:
        raise Http404(str(exc)) from exc


def scope_links(request: HttpRequest, scope: CenterScope) -> dict[str, Any]:
    """The scope's words and the links to switch 本级 / 本级及下级 and to the children's table."""
    if scope.center is None:
        return {"scope": scope}
    base = {k: v for k, v in request.GET.items() if k not in {"center", "with_children"}}
    own = {**base, "center": scope.center.pk}
    return {
        "scope": scope,
        "scope_has_children": scope.center.children.exists(),
        "scope_own_query": urlencode(own),
        "scope_tree_query": urlencode({**own, "with_children": 1}),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    with counting_in(scope):
        return _home(request, scope)


def _home(request: HttpRequest, scope: CenterScope) -> HttpResponse:
    notice = ""
    if request.GET.get("week"):
        day = parse_day(request, "week", timezone.localdate(), "周")
    else:
        # The latest week with work anywhere below the center: a county's case of today opens
        # its city's and its province's home pages on this week, not on their own last one.
        below = CenterScope(scope.center, with_children=True) if scope.center else scope
        with counting_in(below):
            day, notice = dashboard.opening_day(timezone.localdate())
    context = dashboard.build(request.user, day)
    context.update(scope_links(request, scope))
    if exported := chart_export(request, list(context["tables"].values())):
        return exported
    context.update(
        title="首页",
        day=day,
        opening_notice=notice,
        export_query=export_query(request),
        # Panels of the apps above (core.hooks): the reports' 待审核 for leaders and admins.
        panels=hooks.home_panels(request),
        **children_panel(request, scope, context["period"]),
    )
    return render(request, "figures/home.html", context)


def children_panel(request: HttpRequest, scope: CenterScope, period: Any) -> dict[str, Any]:
    """The home page of a center with children: the week's table of its children (本级, each
    child's subtree, 合计 = 本级及下级), each opening the child's home page, and the way back up
    to the parent's while the reader may read it."""
    center = scope.center
    if center is None:
        return {}
    week = {"week": period.end.isoformat()}
    context: dict[str, Any] = {}
    parent = center.parent
    if (
        parent is not None
        and center.pk != getattr(request.user, "center_id", None)
        and type(parent).objects.for_user(request.user, VIEW).filter(pk=parent.pk).exists()
    ):
        query = urlencode({"center": parent.pk, "with_children": 1, **week})
        context["scope_parent"] = (parent, f"{reverse('home')}?{query}")
    if not center.children.exists():
        return context
    lines = []
    for row in network.child_table(period, center):
        link = ""
        if row.center is not None and not row.own:
            query = urlencode({"center": row.center.pk, "with_children": 1, **week})
            link = f"{reverse('home')}?{query}"
        lines.append(
            {"row": row, "counts": [row.period[k] for k in figures.CASE_KINDS], "link": link}
        )
    context["children_lines"] = lines
    return context


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
    visible = Case.objects.for_user(request.user, VIEW)
    rows = flow.case_flow(period, visible)
    totals = flow.flow_totals(rows)
    if fmt := request.GET.get("export"):
        headers = ["部门", "事项类型", *(b.label for b in BUCKETS)]
        lines = [
            [r["department_name"], r["item_kind_label"], *(r[b.key] for b in BUCKETS)] for r in rows
        ]
        lines.append(["合计", "", *(totals[b.key] for b in BUCKETS)])
        return export_response(fmt, f"办件进度统计_{start}_{end}", headers, lines)
    base = {"start": start.isoformat(), "end": end.isoformat()}
    # Hundreds of rows × 7 links: the list's address and the period's query made once.
    case_list = reverse("cases:case_list") + "?" + urlencode(base)

    def links(row: dict[str, Any] | None) -> list[tuple[int, str]]:
        scope: dict[str, Any] = {}
        if row is not None:
            scope["department" if row["department"] else "no_department"] = (
                row["department"] or "true"
            )
            scope["item_kind" if row["item_kind"] else "no_item"] = row["item_kind"] or "true"
        prefix = case_list + ("&" + urlencode(scope) if scope else "") + "&bucket="
        return [((totals if row is None else row)[b.key], prefix + b.key) for b in BUCKETS]

    context = {
        "title": "办件进度统计",
        "start": start,
        "end": end,
        "buckets": BUCKETS,
        "rows": [{**r, "links": links(r)} for r in rows],
        "totals": links(None),
        "query": urlencode(base),
        "late_stages": flow.late_stages(period, visible),
    }
    return render(request, "figures/case_flow.html", context)


@login_required
def network_table(request: HttpRequest) -> HttpResponse:
    """下级中心统计: the center's own counts, each child's subtree, the sum; each child opens
    its own table (its children) and its dashboard (its records)."""
    scope = scope_of(request)
    if scope.center is None:
        raise Http404("尚未设置中心")
    with counting_in(CenterScope(scope.center, with_children=True)):
        latest = figures.latest_case_day(timezone.localdate()) or timezone.localdate()
    end = parse_day(request, "end", latest, "截止日期")
    start = parse_day(request, "start", end - dt.timedelta(days=end.weekday()), "起始日期")
    if end < start:
        start, end = end, start
    period = figures.Period(start, end)
    rows = network.child_table(period, scope.center)
    kinds = list(figures.CASE_KINDS)
    if fmt := request.GET.get("export"):
        labels = [EventKind(k).label for k in kinds]
        headers = ["中心", *(f"本期{x}" for x in labels), *(f"今年以来{x}" for x in labels)]
        lines = [[r.label, *(r.period[k] for k in kinds), *(r.ytd[k] for k in kinds)] for r in rows]
        return export_response(fmt, f"下级中心统计_{start}_{end}", headers, lines)
    dates = {"start": start.isoformat(), "end": end.isoformat()}
    table = []
    for row in rows:
        links: dict[str, str] = {}
        if row.center is not None:
            links["home"] = (
                reverse("home")
                + "?"
                + urlencode(
                    {
                        "center": row.center.pk,
                        "week": end.isoformat(),
                        "with_children": 0 if row.own else 1,
                    }
                )
            )
            if row.has_children:
                links["table"] = "?" + urlencode({**dates, "center": row.center.pk})
        table.append(
            {
                "row": row,
                "period": [row.period[k] for k in kinds],
                "ytd": [row.ytd[k] for k in kinds],
                "links": links,
            }
        )
    parent = scope.center.parent
    readable_parent = (
        parent is not None
        and type(parent).objects.for_user(request.user, VIEW).filter(pk=parent.pk).exists()
    )
    context = {
        "title": "下级中心统计",
        "center": scope.center,
        "parent": parent if readable_parent else None,
        "start": start,
        "end": end,
        "kind_labels": [EventKind(k).label for k in kinds],
        "table": table,
        "query": urlencode({**dates, "center": scope.center.pk}),
    }
    return render(request, "figures/network.html", context)


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

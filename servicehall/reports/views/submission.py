"""报送 pages: a child submits its published issue upward; the parent's tracker of a week
(下级中心周报报送情况), its deadline and its reminders. Thin: ``reports.submission`` decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicehall.core.permissions import VIEW
from servicehall.core.text import record_id
from servicehall.liaison.services import asked_week
from servicehall.org.models import Center
from servicehall.reports import submission
from servicehall.reports.models import Issue
from servicehall.workcal.workdays import WorkingWeek


def _week(request: HttpRequest, page: bool = False) -> WorkingWeek:
    """The working week of ``?week=`` (this week by default); a wrong date on a page says why
    and shows this week, on a form it is 404."""
    text = request.GET.get("week") or request.POST.get("week") or ""
    try:
        return asked_week(text)
    except ValueError as exc:
        if not page:
            raise Http404(str(exc)) from exc
        messages.warning(request, f"{exc}；已显示本周")
        return asked_week("")


def _parent(request: HttpRequest) -> Center:
    """The center whose children are tracked: ``?center=`` of the reader's subtree, else the
    reader's own center; a center outside the subtree is 404."""
    user: Any = request.user
    if not (user.is_center_admin or user.is_leader):
        raise PermissionDenied("报送情况供中心管理员和中心领导查看")
    chosen = request.GET.get("center") or request.POST.get("center") or ""
    centers = Center.objects.for_user(user, VIEW)
    if chosen:
        pk = record_id(chosen)
        if pk is None:
            raise Http404("无此中心")
        return get_object_or_404(centers, pk=pk)
    own = centers.filter(pk=user.center_id).first() if user.center_id else None
    if own is None:
        own = centers.order_by("path").first()
    if own is None:
        raise Http404("没有可查看的中心")
    return own


@login_required
@require_POST
def issue_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """报送: the issue's own center's admin sends the published issue to its parent."""
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    try:
        done = submission.submit(issue, request.user)
    except submission.SubmissionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已将{issue}报送{done.parent.name}")
    return redirect("reports:detail", pk=issue.pk)


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    parent = _parent(request)
    week = _week(request, page=True)
    board = submission.tracker_for(request.user, parent, week)
    user: Any = request.user
    own = user.is_superuser or user.center_id == parent.pk
    rule_days, rule_at = submission.rule_of(parent)
    return render(
        request,
        "reports/submissions.html",
        {
            "title": "下级中心周报报送情况",
            "board": board,
            "parent": parent,
            "week": week,
            "states": submission.State.LABELS,
            "counts": {
                label: board.count(state) for state, label in submission.State.LABELS.items()
            },
            "previous_week": week.start - dt.timedelta(days=7),
            "next_week": week.start + dt.timedelta(days=7),
            "can_remind": own and user.is_center_admin,
            "rule_days": rule_days,
            "rule_at": rule_at,
            "centers": Center.objects.for_user(user, VIEW)
            .filter(children__isnull=False)
            .distinct()
            .order_by("path"),
        },
    )


def _back(parent: Center, week: WorkingWeek) -> HttpResponse:
    return redirect(
        f"{reverse('reports:submissions')}?center={parent.pk}&week={week.start.isoformat()}"
    )


@login_required
@require_POST
def tracker_remind(request: HttpRequest) -> HttpResponse:
    """提醒 one child (``child``) or every child that has not submitted (``all``)."""
    parent = _parent(request)
    week = _week(request)
    if request.POST.get("all"):
        children = [row.center for row in submission.tracker(parent, week).unsubmitted]
    else:
        pk = record_id(request.POST.get("child"))
        if pk is None:
            raise Http404("无此中心")
        children = [get_object_or_404(Center.objects.for_user(request.user, VIEW), pk=pk)]
    site = request.build_absolute_uri("/").rstrip("/")
    try:
        done = submission.remind(parent, children, week, request.user, site=site)
    except submission.SubmissionForbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    if not children:
        messages.info(request, "各下级中心均已报送，无需提醒")
    for child, reminded in done:
        if reminded.notices or reminded.already:
            text = f"已提醒{child.name}：新提醒 {len(reminded.notices)} 条"
            if reminded.already:
                text += f"，{reminded.already} 人的提醒尚未阅读，不重复提醒"
            messages.success(request, text)
        else:
            messages.warning(
                request, f"{child.name}没有中心管理员账号，未能提醒；请先为其添加管理员账号"
            )
    return _back(parent, week)


@login_required
@require_POST
def tracker_rule(request: HttpRequest) -> HttpResponse:
    """The parent's admin sets its deadline (报送时限)."""
    parent = _parent(request)
    week = _week(request)
    try:
        days = int(request.POST.get("working_days", ""))
        at = dt.time.fromisoformat(request.POST.get("at", ""))
    except ValueError:
        messages.error(request, "报送时限应为工作日数（整数）和时刻（HH:MM，如 17:00）")
        return _back(parent, week)
    try:
        submission.set_rule(parent, days, at, request.user)
    except submission.SubmissionError as exc:
        messages.error(request, str(exc))
    except submission.SubmissionForbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, f"已设置报送时限：周报所报工作周后第 {days} 个工作日 {at:%H:%M}")
    return _back(parent, week)

"""The review steps of an issue (审核与发布): submit, approve, send back, publish; the 待审核
list and the approval screen (the checks and the differences from last week's issue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from servicehall.core.dates import parse_date
from servicehall.reports import checks, comparison
from servicehall.reports import waiting as waiting_lists
from servicehall.reports.disputes import DisputeError, accept_stated, withdraw_import
from servicehall.reports.models import Issue, PublishedIssueError
from servicehall.reports.workflow import (
    APPROVE,
    PUBLISH,
    SEND_BACK,
    SUBMIT,
    TRANSITIONS,
    WorkflowError,
    WorkflowForbidden,
    allowed_actions,
    approve,
    is_editor,
    request_publication,
    send_back,
    submit,
)


@login_required
@require_POST
def issue_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    note = request.POST.get("note", "")
    steps: dict[str, Any] = {
        SUBMIT.name: lambda: submit(issue, request.user),
        APPROVE.name: lambda: approve(issue, request.user, note),
        SEND_BACK.name: lambda: send_back(issue, request.user, note),
    }
    if action in (ACCEPT_STATED, WITHDRAW_IMPORT):
        return _resolve_dispute(request, issue, action)
    try:
        if action == PUBLISH.name:
            raw = request.POST.get("issue_date")
            day = parse_date(raw, "印发日期") if raw else dt.date.today()
            reason = request.POST.get("overlap_reason", "")[:200]
            # The renders run in the worker: the page answers at once, the job shows progress.
            job = request_publication(issue, request.user, issue_date=day, overlap_reason=reason)
            messages.success(request, f"已提交发布：{issue}，正在后台生成并核查文件")
            return redirect("core:job", pk=job.pk)
        elif action in steps:
            steps[action]()
            messages.success(request, f"已{TRANSITIONS[action].label}：{issue}")
        else:
            return HttpResponse("未知操作", status=400)
    except WorkflowForbidden as exc:  # not this user's step: 403 with the reason
        raise PermissionDenied(str(exc)) from exc
    except (WorkflowError, PublishedIssueError, ValueError) as exc:  # DateError too
        messages.error(request, str(exc))
    else:
        after = request.POST.get("next", "")
        if after and url_has_allowed_host_and_scheme(after, {request.get_host()}):
            return redirect(after)
    return redirect("reports:detail", pk=issue.pk)


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """待审核: the issues waiting for the leader's approval; for the center admin, those sent
    back, approved and waiting to be published, and submitted."""
    lists = waiting_lists.queues(request.user)
    if not lists:
        raise PermissionDenied("仅中心领导和中心管理员可查看待审核周报")
    return render(request, "reports/waiting.html", {"title": "待审核", "queues": lists})


@login_required
def issue_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The approval screen (审核): the checks, the figures beside last week's with the change,
    each paragraph's differences, and the approve / send-back buttons the user may press."""
    issue = get_object_or_404(
        Issue.objects.for_user(request.user).select_related("series", "corrects"), pk=pk
    )
    if issue.status == Issue.Status.PUBLISHED:
        return redirect("reports:detail", pk=issue.pk)
    if not (is_editor(request.user) or allowed_actions(issue, request.user)):
        raise PermissionDenied("无权审核此期")
    base = comparison.baseline(issue)
    diffs = comparison.paragraph_diffs(issue, base)
    return render(
        request,
        "reports/review.html",
        {
            "title": f"审核 {issue}",
            "issue": issue,
            "base": base,
            "findings": checks.run_checks(issue),
            "figure_rows": comparison.figure_rows(issue, base),
            "diffs": diffs,
            "changed": sum(1 for d in diffs if d.status != "same"),
            "steps": [t for t in allowed_actions(issue, request.user) if t.name != "edit"],
            "next": request.GET.get("next") or "/reports/waiting/",
            "notes": issue.actions.all(),
        },
    )


# A disputed import (争议期次) is resolved by an editor, with a reason, one way or the other.
ACCEPT_STATED = "accept-stated"
WITHDRAW_IMPORT = "withdraw-import"


def _resolve_dispute(request: HttpRequest, issue: Issue, action: str) -> HttpResponse:
    if not is_editor(request.user):
        return HttpResponse("只有中心管理员可以处理争议期次", status=403)
    reason = request.POST.get("reason", "")[:200]
    try:
        if action == ACCEPT_STATED:
            issue = accept_stated(issue, request.user, reason)
            messages.success(request, f"已采用原文数字：{issue}")
        else:
            label = withdraw_import(issue, request.user, reason)
            messages.success(request, f"已撤回导入：{label}")
            return redirect("reports:list")
    except DisputeError as exc:
        messages.error(request, str(exc))
    return redirect("reports:detail", pk=issue.pk)

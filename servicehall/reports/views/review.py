"""The review steps of an issue (审核与发布): submit, approve, send back, publish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from servicehall.reports.disputes import DisputeError, accept_stated, withdraw_import
from servicehall.reports.models import Issue, PublishedIssueError
from servicehall.reports.workflow import (
    APPROVE,
    PUBLISH,
    SEND_BACK,
    SUBMIT,
    WorkflowError,
    approve,
    is_editor,
    publish,
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
            day = dt.date.fromisoformat(
                request.POST.get("issue_date") or dt.date.today().isoformat()
            )
            reason = request.POST.get("overlap_reason", "")[:200]
            issue = publish(issue, request.user, issue_date=day, overlap_reason=reason)
            messages.success(request, f"已发布：{issue}")
        elif action in steps:
            steps[action]()
        else:
            return HttpResponse("未知操作", status=400)
    except (WorkflowError, PublishedIssueError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("reports:detail", pk=issue.pk)


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

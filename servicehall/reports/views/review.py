"""The review steps of an issue (审核与发布): submit, approve, send back, publish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from servicehall.reports.models import Issue, PublishedIssueError
from servicehall.reports.workflow import (
    APPROVE,
    PUBLISH,
    SEND_BACK,
    SUBMIT,
    WorkflowError,
    approve,
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

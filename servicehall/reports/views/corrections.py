"""Corrections of a published issue (勘误与撤回): start an erratum, correct its figures,
withdraw an issue. The rules are in ``reports.corrections``; these views only call them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from servicehall.reports import corrections
from servicehall.reports.bindings import label as figure_label
from servicehall.reports.models import Issue, PublishedIssueError
from servicehall.reports.views._access import require_editor
from servicehall.reports.workflow import WorkflowError


@login_required
@require_POST
def erratum_start(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request.user)
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    try:
        erratum = corrections.start_erratum(issue, request.user, request.POST.get("reason", ""))
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("reports:detail", pk=issue.pk)
    messages.success(
        request, f"已建立{erratum.corrects}的勘误草稿：修改正文和数据后提交审核，发布时编号"
    )
    return redirect("reports:detail", pk=erratum.pk)


@login_required
@require_POST
def erratum_figure(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request.user)
    erratum = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    key = request.POST.get("key", "")
    try:
        changed = corrections.correct_figure(
            erratum, key, request.POST.get("value", ""), request.user
        )
    except (WorkflowError, PublishedIssueError) as exc:
        messages.error(request, str(exc))
    else:
        label = figure_label(key)
        messages.success(
            request,
            f"已更正{label}"
            + (
                f"，并改正了 {changed} 段正文中的数字"
                if changed
                else "；正文中的数字请逐段核对修改"
            ),
        )
    return redirect("reports:detail", pk=erratum.pk)


@login_required
@require_POST
def issue_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request.user)
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    try:
        corrections.withdraw(issue, request.user, request.POST.get("reason", ""))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已撤回：{issue}（期号保留，不再使用）")
    return redirect("reports:detail", pk=issue.pk)

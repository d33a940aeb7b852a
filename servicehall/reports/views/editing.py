"""Drafting an issue and editing its paragraphs (起草与修改)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicehall.reports.document import Section, document_from_json, paragraph_to_markup
from servicehall.reports.drafting import DraftError, draft_issue
from servicehall.reports.models import Issue, ReportSeries
from servicehall.reports.views._access import require_editor
from servicehall.reports.workflow import WorkflowError, edit_paragraph
from servicehall.workcal.workdays import NoWorkingDays


@login_required
@require_POST
def issue_draft(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    series = get_object_or_404(
        ReportSeries.objects.for_user(request.user), pk=request.POST.get("series")
    )
    try:
        day = dt.date.fromisoformat(request.POST.get("week", ""))
        issue = draft_issue(series, day, user=request.user)
    except ValueError as exc:
        messages.error(request, f"无法生成草稿：{exc}" if str(exc) else "日期格式应为 YYYY-MM-DD")
        return redirect("reports:list")
    except (DraftError, NoWorkingDays) as exc:
        messages.error(request, str(exc))
        return redirect("reports:list")
    messages.success(
        request, f"已生成 {series.title} {issue.period_start}—{issue.period_end} 的草稿"
    )
    return redirect("reports:detail", pk=issue.pk)


@login_required
def paragraph_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the edit form of one paragraph (htmx); POST: save it and return the paragraph."""
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    require_editor(request.user)
    try:
        path = [int(i) for i in request.GET.get("path", request.POST.get("path", "")).split(",")]
    except ValueError:
        return HttpResponse("段落位置有误", status=400)
    if request.method == "POST":
        try:
            edit_paragraph(issue, path, request.POST.get("text", ""), user=request.user)
        except (WorkflowError, IndexError) as exc:
            return HttpResponse(str(exc), status=409)
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    doc = document_from_json(issue.document)
    sections: list[Section] = doc.sections
    section: Section | None = None
    try:
        for i in path[:-1]:
            section = sections[i]
            sections = section.subsections
    except IndexError:
        return HttpResponse("段落位置不存在", status=400)
    markup = ""
    if section is not None and path[-1] < len(section.paragraphs):
        markup = paragraph_to_markup(section.paragraphs[path[-1]])
    return render(
        request,
        "reports/_paragraph_form.html",
        {"issue": issue, "path": ",".join(map(str, path)), "markup": markup},
    )

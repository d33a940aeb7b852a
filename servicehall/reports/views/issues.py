"""Issues of the weekly report (期次): the list, one issue with its checks, its downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from servicehall.core.exports import content_disposition
from servicehall.gbt9704 import FORMATS
from servicehall.gbt9704.html import STYLESHEET, render_html_fragment
from servicehall.reports import checks, corrections, ledger, submission
from servicehall.reports.bindings import label, printed
from servicehall.reports.conformance import audit_issue
from servicehall.reports.display import sections_for_display
from servicehall.reports.drafting import draftable_series
from servicehall.reports.models import Issue, IssueSubmission, LedgerEntry, ReportSeries
from servicehall.reports.scoping import series_center
from servicehall.reports.secretariat import wording_findings
from servicehall.reports.workflow import (
    EDIT,
    PUBLISH,
    allowed_actions,
    covering_issues,
    expected_number,
    is_editor,
    issue_file,
    publication_job,
)


@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    issues = Issue.objects.for_user(request.user).select_related(
        "series__center", "withdrawal", "corrects"
    )
    series_id = request.GET.get("series")
    if series_id and series_id.isdigit():
        issues = issues.filter(series_id=int(series_id))
    status = request.GET.get("status")
    if status:
        issues = issues.filter(status=status)
    user: Any = request.user
    return render(
        request,
        "reports/issue_list.html",
        {
            "title": "周报",
            "issues": issues.order_by("-period_end", "-id")[:200],
            "series_list": ReportSeries.objects.for_user(request.user).select_related("center"),
            # A center drafts its own series (its 期号, its figures); a superuser any.
            "draft_series": draftable_series(user).select_related("center"),
            "statuses": Issue.Status.choices,
            "can_draft": is_editor(request.user),
            "can_track": user.is_center_admin or user.is_leader,
            "today": dt.date.today().isoformat(),
        },
    )


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(
        Issue.objects.for_user(request.user).select_related("series", "layout"), pk=pk
    )
    doc, rows = sections_for_display(issue)
    actions = allowed_actions(issue, request.user)
    findings = (
        checks.run_checks(issue)
        if issue.status != Issue.Status.PUBLISHED or issue.origin == Issue.Origin.DRAFTED
        else []
    )
    editor = is_editor(request.user)
    return render(
        request,
        "reports/issue_detail.html",
        {
            "title": str(issue),
            "issue": issue,
            "doc": doc,
            "rows": rows,
            "findings": findings,
            "blocking": sum(1 for f in findings if f.blocking),
            # The second reader (审稿意见): on a draft, each with its one-click fix.
            "wording": wording_findings(issue) if EDIT in actions else [],
            "can_acknowledge": editor and issue.status != Issue.Status.PUBLISHED,
            # The figures an editor may override (数据更正), as printed.
            "figure_choices": [
                (key, label(key), printed(value))
                for key, value in issue.figures.items()
                if value is not None
            ]
            if EDIT in actions and not issue.is_erratum
            else [],
            "overrides": [
                {"label": label(o.key), "override": o} for o in issue.figure_overrides.all()
            ],
            "pending_redraft": bool(issue.pending_redraft) and editor,
            "preview": render_html_fragment(doc),
            "stylesheet": STYLESHEET,
            "actions": issue.actions.all(),
            "files": issue.files.all() if issue.status == Issue.Status.PUBLISHED else [],
            # The ledger's head, to be copied elsewhere; this issue's own entries beside it.
            "ledger_head": ledger.head() if issue.status == Issue.Status.PUBLISHED else None,
            "ledger_entries": LedgerEntry.objects.filter(issue_ref=issue.pk)
            if issue.status == Issue.Status.PUBLISHED
            else [],
            "formats": list(FORMATS),
            "can_edit": EDIT in actions,
            # The workflow's steps as buttons (editing is done in place, not by a button).
            "steps": [t for t in actions if t is not EDIT],
            "publish": PUBLISH,
            "today": dt.date.today().isoformat(),
            "covered": issue.status == Issue.Status.APPROVED
            and not issue.is_erratum
            and bool(covering_issues(issue)),
            **corrections.correction_status(issue, request.user),
            # A draft erratum a correction overtook: why it cannot be published, and the
            # editor's way out (re-drafted from the standing text by the 勘误 form).
            "stale_erratum": corrections.stale_reason(issue),
            "can_redraft": issue.corrects is not None
            and corrections.can_correct(issue.corrects, request.user),
            "can_correct": corrections.can_correct(issue, request.user),
            # An erratum's figures are corrected by the erratum's own form (its reason is the
            # erratum's); a draft's by the override form, each with its reason.
            "erratum_figure_choices": [
                (key, label(key), value) for key, value in (issue.figures or {}).items()
            ]
            if issue.is_erratum and EDIT in actions
            else [],
            "can_review": issue.status in (Issue.Status.SUBMITTED, Issue.Status.APPROVED)
            and (is_editor(request.user) or bool(actions)),
            "can_resolve": issue.status == Issue.Status.DISPUTED and is_editor(request.user),
            "upward": _upward(issue, request.user),
            # A draft's 期号 if published today: its own series' numbering, shown before it is.
            "expected_number": expected_number(issue, dt.date.today()),
            # Its publication in the worker: running, or why it failed (the issue stays approved).
            "publishing": publication_job(issue)
            if issue.status == Issue.Status.APPROVED and editor
            else None,
        },
    )


def _upward(issue: Issue, user: Any) -> dict[str, Any] | None:
    """The 报送 panel of a published issue of a center that has a parent; None otherwise."""
    center = series_center(issue.series)
    if issue.status != Issue.Status.PUBLISHED or center is None or center.parent_id is None:
        return None
    reason = submission.refusal(issue, user)
    return {
        "submission": IssueSubmission.objects.filter(issue=issue).select_related("parent").first(),
        "parent": center.parent,
        "can": not reason,
        "refusal": reason,
    }


@login_required
def issue_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """The GB/T 9704 audit of the issue's PDF, clause by clause (版式核查)."""
    issue = get_object_or_404(Issue.objects.for_user(request.user).select_related("series"), pk=pk)
    clauses = audit_issue(issue)
    context = {
        "title": f"{issue} 版式核查",
        "issue": issue,
        "clauses": clauses,
        "failed": sum(1 for c in clauses if not c.ok),
    }
    return render(request, "reports/issue_audit.html", context)


@login_required
def issue_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.for_user(request.user).select_related("series"), pk=pk)
    if fmt not in FORMATS:
        return HttpResponse("未知格式", status=404)
    data = issue_file(issue, fmt)
    name = f"{issue.series.title}{issue.label}{FORMATS[fmt].suffix}"
    response = HttpResponse(data, content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = content_disposition(name, inline=fmt in ("html", "pdf"))
    return response

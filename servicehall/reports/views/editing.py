"""Drafting an issue, editing its paragraphs, overriding its figures, acknowledging a number
that differs from its figure, and taking a new draft paragraph by paragraph (起草与修改)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicehall.core.dates import parse_date
from servicehall.gbt9704.document import Section, document_from_json, paragraph_to_markup
from servicehall.reports import redrafting, secretariat
from servicehall.reports.bindings import label, printed
from servicehall.reports.display import edit_segments
from servicehall.reports.drafting import DraftError, draft_issue, draftable_series
from servicehall.reports.models import Issue
from servicehall.reports.views._access import require_editor
from servicehall.reports.workflow import (
    WorkflowError,
    acknowledge_figure_text,
    edit_paragraph,
    override_figure,
)
from servicehall.workcal.workdays import NoWorkingDays


@login_required
@require_POST
def issue_draft(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    series = get_object_or_404(draftable_series(request.user), pk=request.POST.get("series"))
    try:
        day = parse_date(request.POST.get("week"), "周内日期")
        issue = draft_issue(series, day, user=request.user)
    except ValueError as exc:  # DateError, or the drafter's
        messages.error(request, f"无法生成草稿：{exc}")
        return redirect("reports:list")
    except (DraftError, NoWorkingDays) as exc:
        messages.error(request, str(exc))
        return redirect("reports:list")
    differences = getattr(issue, "redraft_differences", None)
    if differences is not None:
        messages.warning(
            request,
            f"{series.title} {issue.period_start}—{issue.period_end} 的草稿已有编辑修改，未覆盖；"
            f"新数据与当前稿有 {differences} 段不同，请逐段选择",
        )
        return redirect("reports:redraft", pk=issue.pk)
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
        segments, keys = request.POST.getlist("segment"), request.POST.getlist("token")
        if segments:  # the token editor: texts between the fixed numbers
            if len(segments) != len(keys) + 1:
                return HttpResponse("段落内容不完整，请刷新后重试", status=400)
            text = segments[0] + "".join(
                f"⟦{k}⟧{t}" for k, t in zip(keys, segments[1:], strict=True)
            )
        else:
            text = request.POST.get("text", "")
        try:
            edit_paragraph(issue, path, text, user=request.user)
        except (WorkflowError, IndexError) as exc:
            # The form again, as typed, with the reason (htmx swaps a 409 in place).
            labels = {k: label(k) for k in keys}
            return render(
                request,
                "reports/_paragraph_form.html",
                {
                    "issue": issue,
                    "path": ",".join(map(str, path)),
                    "markup": text,
                    "free": not segments,
                    "had_tokens": bool(keys),
                    "error": str(exc) or "段落位置不存在",
                    "pieces": [
                        {
                            "text": piece,
                            "token": {
                                "key": keys[i],
                                "label": labels[keys[i]],
                                "text": printed(issue.figures.get(keys[i])),
                            }
                            if i < len(keys)
                            else None,
                        }
                        for i, piece in enumerate(segments)
                    ],
                },
                status=409,
            )
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
    paragraph = None
    if section is not None and path[-1] < len(section.paragraphs):
        paragraph = section.paragraphs[path[-1]]
    texts, tokens = edit_segments(paragraph) if paragraph is not None else ([""], [])
    free = request.GET.get("mode") == "free" or not tokens
    return render(
        request,
        "reports/_paragraph_form.html",
        {
            "issue": issue,
            "path": ",".join(map(str, path)),
            "markup": paragraph_to_markup(paragraph) if paragraph is not None else "",
            "free": free,
            "had_tokens": bool(tokens),
            "pieces": [
                {"text": text, "token": tokens[i] if i < len(tokens) else None}
                for i, text in enumerate(texts)
            ],
        },
    )


@login_required
@require_POST
def figure_override(request: HttpRequest, pk: int) -> HttpResponse:
    """Override a figure of the draft with a reason (数据更正)."""
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    require_editor(request.user)
    key = request.POST.get("key", "")
    old = issue.figures.get(key)
    try:
        override = override_figure(
            issue, key, request.POST.get("value", ""), request.POST.get("reason", ""), request.user
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"已更正{label(key)}：{printed(old)} → {printed(override.new_value)}，"
            "文中数字与数据标签已随之更新",
        )
    return redirect("reports:detail", pk=issue.pk)


@login_required
@require_POST
def figure_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge a number of the text that differs from its figure, with a reason."""
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    require_editor(request.user)
    try:
        acknowledge_figure_text(
            issue, request.POST.get("finding", ""), request.POST.get("reason", ""), request.user
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已确认，该提示不再阻止发布")
    return redirect("reports:detail", pk=issue.pk)


@login_required
def redraft(request: HttpRequest, pk: int) -> HttpResponse:
    """The new draft of the week beside the edited one, paragraph by paragraph (比对新草稿)."""
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    require_editor(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("discard"):
                redrafting.discard(issue, request.user)
                messages.success(request, "已放弃新草稿，当前稿保持不变")
            else:
                choices = {
                    name[len("choice-") :]: str(request.POST.get(name, ""))
                    for name in request.POST
                    if name.startswith("choice-")
                }
                redrafting.resolve(issue, choices, request.user)
                messages.success(request, "已按所选更新草稿")
        except (WorkflowError, redrafting.RedraftError) as exc:
            messages.error(request, str(exc))
            return redirect("reports:redraft", pk=issue.pk)
        return redirect("reports:detail", pk=issue.pk)
    rows = []
    for diff in redrafting.differences(issue):
        left, right = redrafting.inline_diff(diff.mine, diff.theirs)
        rows.append({"diff": diff, "left": left, "right": right})
    return render(
        request,
        "reports/redraft.html",
        {
            "title": f"{issue} 比对新草稿",
            "issue": issue,
            "rows": rows,
            "pending": issue.pending_redraft,
            "pending_at": dt.datetime.fromisoformat(issue.pending_redraft["at"])
            if issue.pending_redraft and issue.pending_redraft.get("at")
            else None,
            "MINE": redrafting.MINE,
            "DATA": redrafting.DATA,
        },
    )


@login_required
@require_POST
def wording_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """采纳 one finding of the second reader: its suggestion goes into the draft."""
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    require_editor(request.user)
    rule, found = request.POST.get("rule", ""), request.POST.get("found", "")
    try:
        secretariat.accept(issue, rule, request.POST.get("path", ""), found, request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已采纳审稿意见：{rule}（{found}）")
    return redirect("reports:detail", pk=issue.pk)

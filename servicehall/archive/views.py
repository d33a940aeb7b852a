"""The archive's search page (往期检索)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicehall.archive import pending, review, trends
from servicehall.archive.models import PastDocument
from servicehall.archive.search import search
from servicehall.core.exports import export_response
from servicehall.core.permissions import CHANGE, can, can_delete
from servicehall.core.text import record_id
from servicehall.gbt9704.document import Fact, document_from_json
from servicehall.reading.facts import extract_paragraph_facts, like_stored
from servicehall.reports.models import Issue
from servicehall.reports.views._access import require_editor

MAX_QUERY = 100


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Paragraphs of every published and imported issue holding the words asked for."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    hits, total = search(query, user=request.user) if query else ([], 0)
    context = {"title": "往期检索", "query": query, "hits": hits, "total": total}
    return render(request, "archive/search.html", context)


FACT_COLUMNS = ("段落", "所在标题", "名称", "范围", "数值", "单位", "比较", "原文", "核对")
TO_REVIEW = "待核对（OCR 识别置信度低）"


def fact_rows(stored: dict[str, Any], **owner: Any) -> list[tuple[Any, ...]]:
    """Every quantity a stored document's paragraphs state, a row each (文中数量), with the
    paragraph's number (its ``#p<n>`` link) and the heading it stands under; a number OCR read
    with low confidence that nobody confirmed yet says 待核对."""
    doc = document_from_json(stored)
    done = review.confirmed(**owner) if owner else set()
    paragraphs = doc.indexed_paragraphs()
    stated = extract_paragraph_facts(
        [p.text for _, _, p in paragraphs], [h for _, h, _ in paragraphs]
    )  # tables row × column
    return [
        (n, heading, *_fact_cells(fact), _review_cell(fact, n, done))
        for (n, heading, _), found in zip(paragraphs, stated, strict=True)
        for fact in like_stored(found, doc.facts)
    ]


def _fact_cells(fact: Fact) -> tuple[Any, ...]:
    comparison = fact.comparison
    compared = "".join(filter(None, [comparison.basis, comparison.direction])) if comparison else ""
    return (fact.label, fact.scope or "", fact.value, fact.unit, compared, fact.text)


def _review_cell(fact: Fact, position: int, done: set[Any]) -> str:
    if not fact.review:
        return ""
    return "已确认" if review.is_confirmed(done, position, fact.text, fact.value) else TO_REVIEW


@login_required
@require_POST
def confirm_number(request: HttpRequest) -> HttpResponse:
    """Confirm a number OCR read with low confidence (确认识别无误): it counts in the trends."""
    require_editor(request.user)
    owner: dict[str, Any] = {}
    if issue_id := record_id(request.POST.get("issue")):
        owner["issue"] = get_object_or_404(Issue.objects.for_user(request.user), pk=issue_id)
        back = reverse("archive:facts", args=[issue_id])
    else:
        document_id = record_id(request.POST.get("document"))
        owner["document"] = get_object_or_404(
            PastDocument.objects.for_user(request.user), pk=document_id or 0
        )
        back = reverse("archive:document", args=[document_id])
    position = record_id(request.POST.get("position"))
    value = request.POST.get("value", "")
    try:
        Decimal(value)
    except InvalidOperation:
        position = None
    if position is None:
        messages.error(request, "确认失败：数字或段落无效")
        return redirect(back)
    review.confirm(request.user, position, request.POST.get("text", ""), value, **owner)
    messages.success(request, f"已确认第{position + 1}段的数字 {value}：计入数量趋势")
    return redirect(back)


@login_required
def facts_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The quantities of one issue as a table, exportable as CSV or XLSX (期次数量表)."""
    issue = get_object_or_404(Issue.objects.for_user(request.user).select_related("series"), pk=pk)
    rows = fact_rows(issue.document, issue=issue)
    if fmt := request.GET.get("export"):
        return export_response(fmt, f"{issue.series.title}{issue.label}数量表", FACT_COLUMNS, rows)
    context = {
        "owner": ("issue", issue.pk),
        "title": f"{issue} 数量表",
        "back": reverse("reports:detail", args=[issue.pk]),
        "columns": FACT_COLUMNS,
        "rows": rows,
    }
    return render(request, "archive/facts.html", context)


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    """Imported reports without an issue number (往期文档): bulletins, releases, news."""
    documents = PastDocument.objects.for_user(request.user).defer("document", "figures")
    return render(
        request, "archive/document_list.html", {"title": "往期文档", "documents": documents}
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One past document: its metadata, paragraphs (each with its #p<n> anchor), quantities
    and ranked lists; the quantities exportable as CSV or XLSX."""
    past = get_object_or_404(PastDocument.objects.for_user(request.user), pk=pk)
    rows = fact_rows(past.document, document=past)
    if fmt := request.GET.get("export"):
        return export_response(fmt, f"{past}数量表", FACT_COLUMNS, rows)
    doc = document_from_json(past.document)
    context = {
        "owner": ("document", past.pk),
        "title": str(past),
        "past": past,
        "can_accept": past.pending and can(request.user, CHANGE, past),
        "can_delete": past.pending and can_delete(request.user, past),
        "paragraphs": doc.indexed_paragraphs(),
        "rankings": doc.rankings,
        "columns": FACT_COLUMNS,
        "rows": rows,
    }
    return render(request, "archive/document_detail.html", context)


RESOLUTIONS = {"accept": pending.accept_document, "delete": pending.delete_document}


@login_required
@require_POST
def resolve_document(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Resolve a waiting import (待核对) from its page: 采用 or 删除, with a reason."""
    past = get_object_or_404(PastDocument.objects.for_user(request.user), pk=pk)
    resolve = RESOLUTIONS.get(action)
    if resolve is None:
        return HttpResponse("未知的处理方式", status=404)
    allowed = (
        can(request.user, CHANGE, past) if action == "accept" else can_delete(request.user, past)
    )
    if not allowed:
        return HttpResponse("只有中心管理员可以处理待核对文件", status=403)
    try:
        done = resolve(past, request.user, request.POST.get("reason", "")[:200])
    except pending.PendingError as exc:
        messages.error(request, str(exc))
        return redirect("archive:document", pk=pk)
    messages.success(request, done.message)
    if done.issue is not None:
        return redirect("reports:detail", pk=done.issue.pk)
    if done.document is not None:
        return redirect("archive:document", pk=done.document.pk)
    return redirect("archive:documents")


@login_required
def fact_chart(request: HttpRequest) -> HttpResponse:
    """Any quantity the issues state, over time (数量趋势): choose a label, a unit, a scope."""
    label = request.GET.get("label", "").strip()[:200]
    unit = request.GET.get("unit", "").strip()[:20]
    scope = request.GET.get("scope", "").strip()[:100]
    labels = trends.common_labels(user=request.user)
    if not label and labels:
        label, unit = labels[0][0], labels[0][1]
    points = trends.fact_points(label, unit, scope, user=request.user) if label else []
    context = {
        "title": "数量趋势",
        "labels": labels,
        "label": label,
        "unit": unit,
        "scope": scope,
        "scopes": trends.scopes_of(label, unit, user=request.user) if label else [],
        "points": points,
        "chart": trends.chart_data(label, unit, points),
    }
    return render(request, "archive/fact_chart.html", context)

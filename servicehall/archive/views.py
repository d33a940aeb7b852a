"""The archive's search page (往期检索)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from servicehall.archive.facts import extract_facts
from servicehall.archive.search import search
from servicehall.core.exports import export_response
from servicehall.reports.document import Fact, document_from_json
from servicehall.reports.models import Issue

MAX_QUERY = 100


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Paragraphs of every published and imported issue holding the words asked for."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    hits, total = search(query) if query else ([], 0)
    context = {"title": "往期检索", "query": query, "hits": hits, "total": total}
    return render(request, "archive/search.html", context)


FACT_COLUMNS = ("所在标题", "名称", "数值", "单位", "原文")


def issue_facts(issue: Issue) -> list[tuple[str, Fact]]:
    """Every quantity an issue's paragraphs state, with the heading it stands under (文中数量)."""
    doc = document_from_json(issue.document)
    return [
        (heading, fact)
        for heading, paragraph in doc.paragraphs_under_headings()
        for fact in extract_facts(paragraph.text)
    ]


@login_required
def facts_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The quantities of one issue as a table, exportable as CSV or XLSX (期次数量表)."""
    issue = get_object_or_404(Issue.objects.for_user(request.user).select_related("series"), pk=pk)
    rows = [(h, f.label, f.value, f.unit, f.text) for h, f in issue_facts(issue)]
    if fmt := request.GET.get("export"):
        return export_response(fmt, f"{issue.series.title}{issue.label}数量表", FACT_COLUMNS, rows)
    context = {"title": f"{issue} 数量表", "issue": issue, "columns": FACT_COLUMNS, "rows": rows}
    return render(request, "archive/facts.html", context)

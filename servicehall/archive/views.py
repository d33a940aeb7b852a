"""The archive's search page (往期检索)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from servicehall.archive.search import search

MAX_QUERY = 100


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Paragraphs of every published and imported issue holding the words asked for."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    hits, total = search(query) if query else ([], 0)
    context = {"title": "往期检索", "query": query, "hits": hits, "total": total}
    return render(request, "archive/search.html", context)

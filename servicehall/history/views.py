"""The change history pages (变更记录)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from servicehall.history import queries
from servicehall.history.filters import ChangeRecordFilterSet
from servicehall.history.models import ChangeRecord


def _rows(records: Iterable[ChangeRecord], *, values: bool = False) -> list[dict[str, Any]]:
    """The table's rows; the values (which look up related rows) only where they are shown."""
    return [
        {
            "record": r,
            "source": queries.SOURCE_LABELS.get(r.source, r.source),
            "model": queries.model_label(r.app_label, r.model_name),
            "labels": queries.changed_labels(r),
            "changes": queries.readable_changes(r) if values else [],
        }
        for r in records
    ]


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    records = queries.all_records(request.user)
    filterset = ChangeRecordFilterSet(request.GET or None, queryset=records, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": "变更记录",
        "filter": filterset,
        "fields": [filterset.form[name] for name in ChangeRecordFilterSet.PAGE_FIELDS],
        "page_obj": page,
        "rows": _rows(page),
        "query_string": query.urlencode(),
    }
    return render(request, "history/list.html", context)


@login_required
def object_history(
    request: HttpRequest, app_label: str, model_name: str, object_id: str
) -> HttpResponse:
    model, found = queries.object_records(request.user, app_label, model_name, object_id)
    records = list(found[:200])
    context = {
        "title": f"{model._meta.verbose_name}变更记录",
        "rows": _rows(records, values=True),
        "object_repr": records[0].object_repr if records else object_id,
        "show_values": True,
    }
    return render(request, "history/object.html", context)

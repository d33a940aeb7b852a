"""The reference the API's POST is measured against (issue 24): a bare Django view on the same
gunicorn, the same settings and middleware, that authenticates the same token (the API's own knox class) and
inserts one row into the event log — what any Django endpoint must do, and nothing more (no
serializer, no permission rules, no case, no rollup). Served only by ``servicehall.bench.wsgi``.
"""

from __future__ import annotations

import json
import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import AuthenticationFailed

from servicehall.accounts.auth import TokenAuthentication
from servicehall.cases.models import CaseEvent, EventKind


@csrf_exempt
def insert_one(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        found = None
    if found is None:
        return HttpResponse(status=401)
    # The body read and parsed, as any JSON endpoint does (left unread, the sync worker's
    # connection close was seen to stall the client: 500 ms a request under wrk).
    try:
        json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponse(status=400)
    now = timezone.now()
    # One INSERT, without the model's signals (the rollup's increment is the API's work).
    (row,) = CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                event_id=f"bare-{uuid.uuid4().hex}",
                kind=EventKind.CONSULT,
                occurred_at=now,
                occurred_on=timezone.localdate(now),
                window_code="A01",
            )
        ]
    )
    return JsonResponse({"id": row.pk}, status=201)

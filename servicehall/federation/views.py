"""联网下级报送: the freshness of each federated child in the reader's subtree."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from servicehall.core.permissions import VIEW
from servicehall.federation.services import freshness
from servicehall.org.models import Center


@login_required
def children(request: HttpRequest) -> HttpResponse:
    """One row per federated child: last pushed day, last push, bundle number, stale marker."""
    rows = freshness(Center.objects.for_user(request.user, VIEW))
    context = {
        "title": "联网下级报送",
        "rows": rows,
        "today": timezone.localdate(),
        "stale_days": settings.SERVICEHALL_FEDERATION_STALE_DAYS,
    }
    return render(request, "federation/children.html", context)

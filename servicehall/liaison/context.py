"""The page header's count of unread notices (未读提醒数), for base.html."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from servicehall.liaison.services import unread_count


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user)}

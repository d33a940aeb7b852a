"""The one refusal the report pages share: a step the user's role may not take."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from servicehall.reports.workflow import is_editor


def require_editor(user: Any) -> None:
    """Refuse with 403 unless ``user`` may draft, edit layouts and import past reports."""
    if not is_editor(user):
        raise PermissionDenied("无权执行此操作")

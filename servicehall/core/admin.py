"""Admin plumbing (管理后台基类): the admin reads through ``for_user`` like every other page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from servicehall.core.permissions import CHANGE, VIEW, scope_filter


class ScopedAdmin(admin.ModelAdmin[Any]):
    """A ModelAdmin whose rows are those the user may see, and may change."""

    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_filter(super().get_queryset(request), request.user, VIEW)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            rows = type(obj)._default_manager.filter(pk=obj.pk)
            return scope_filter(rows, request.user, CHANGE).exists()
        return allowed

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Rows with locked facts are deleted through the API, with a reason, never here.
        if getattr(self.model, "locked_fields", ()):
            return False
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None:
            return self.has_change_permission(request, obj)
        return allowed

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        # Locked facts are corrected on the register's page, where a reason is asked for.
        locked = getattr(self.model, "locked_fields", ()) if obj is not None else ()
        return (*super().get_readonly_fields(request, obj), *locked)

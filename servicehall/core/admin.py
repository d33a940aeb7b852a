"""Admin plumbing (管理后台基类): the admin reads through ``for_user`` like every other page."""

from __future__ import annotations

from django.contrib import admin

from servicehall.core.permissions import CHANGE, VIEW


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows are those the user may see, and may change."""

    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user, VIEW)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            model = type(obj)
            return model.objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists()
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None:
            return self.has_change_permission(request, obj)
        return allowed

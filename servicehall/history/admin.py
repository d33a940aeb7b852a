from django.contrib import admin
from django.http import HttpRequest

from servicehall.history.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin[ChangeRecord]):
    """The change history is written by signals only: read here, never edited."""

    list_display = ["time", "username", "source", "action", "model_name", "object_repr"]
    list_filter = ["source", "action", "app_label", "model_name"]
    search_fields = ["username", "object_repr", "object_id", "request_id"]
    date_hierarchy = "time"
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ChangeRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ChangeRecord | None = None) -> bool:
        return False

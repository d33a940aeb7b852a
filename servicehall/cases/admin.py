from django.contrib import admin

from servicehall.cases.models import Case, CaseEvent, DailyCount, ImportBatch
from servicehall.core.admin import ScopedAdmin


@admin.register(Case)
class CaseAdmin(ScopedAdmin):
    list_display = ["case_no", "department", "handling_item", "accepted_at", "completed_at"]
    list_filter = ["department"]
    search_fields = ["case_no", "applicant"]
    list_select_related = ["department", "handling_item"]
    raw_id_fields = ["handling_item"]
    date_hierarchy = "accepted_at"


@admin.register(CaseEvent)
class CaseEventAdmin(ScopedAdmin):
    """The event log is written by the window and imports only: read here, never edited."""

    list_display = ["event_id", "kind", "occurred_at", "case_no", "department_name", "window_code"]
    list_filter = ["kind", "department"]
    search_fields = ["event_id", "case_no", "item_code"]
    date_hierarchy = "occurred_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    list_display = ["file_name", "kind", "rows", "created_rows", "skipped_rows", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DailyCount)
class DailyCountAdmin(ScopedAdmin):
    """Rollups kept by the services: visible for checking, never edited by hand."""

    list_display = ["day", "kind", "department", "count"]
    list_filter = ["kind", "department"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from servicehall.cases import entry
from servicehall.cases.models import (
    Case,
    CaseEvent,
    CenterDailyCount,
    CenterMonthlyCount,
    CenterYearlyCount,
    DailyCount,
    ImportBatch,
)
from servicehall.core.admin import ScopedAdmin

# The entry rules' fields by their names on the case.
ADMIN_FIELDS = {"window_code": "accepted_window"}


class CaseAdminForm(forms.ModelForm[Case]):
    """A case added or changed in the admin keeps the entry rules of every 受理 (cases.entry)."""

    RULED = ("handling_item", "department", "applicant", "accepted_window", "proxy_reason")

    class Meta:
        model = Case
        fields = [
            "case_no",
            "handling_item",
            "department",
            "applicant",
            "accepted_at",
            "accepted_window",
            "proxy_reason",
            "promised_days",
            "promised_by",
            "completed_at",
            "accepted_elsewhere",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        adding = self.instance.pk is None
        # A case changed in what the rules do not look at (its promised date, say) is not
        # asked again for what an older import left out.
        if not adding and not set(self.RULED) & set(self.changed_data):
            return data
        item = data.get("handling_item")
        accepted = data.get("accepted_at")
        day = timezone.localtime(accepted).date() if accepted else timezone.localdate()
        window = entry.window_on(data.get("accepted_window") or "", day, entry.center_of_item(item))
        problems = entry.acceptance_problems(
            item=item,
            department=data.get("department"),
            window=window,
            applicant=data.get("applicant") or "",
            proxy_reason=data.get("proxy_reason") or "",
            asks_applicant=adding or "applicant" in self.changed_data,
        )
        for problem in problems:
            self.add_error(ADMIN_FIELDS.get(problem.field, problem.field), problem.message)
        if not problems and item is not None:
            data["department"] = item.service_item.department
            data["proxy_reason"] = entry.recorded_proxy_reason(
                window, item, data.get("proxy_reason") or ""
            )
        return data


@admin.register(Case)
class CaseAdmin(ScopedAdmin):
    form = CaseAdminForm
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    list_display = ["file_name", "kind", "rows", "created_rows", "skipped_rows", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DailyCount)
class DailyCountAdmin(ScopedAdmin):
    """Rollups kept by the services: visible for checking, never edited by hand."""

    list_display = ["day", "kind", "department", "count"]
    list_filter = ["kind", "department"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(CenterDailyCount)
class CenterDailyCountAdmin(DailyCountAdmin):
    """Center rollups per day, kept by the services: visible for checking, never edited."""

    list_display = ["day", "kind", "center", "count"]
    list_filter = ["kind", "center"]


@admin.register(CenterMonthlyCount)
class CenterMonthlyCountAdmin(DailyCountAdmin):
    """Center rollups per month, kept by the services: visible for checking, never edited."""

    list_display = ["month", "kind", "center", "count"]
    list_filter = ["kind", "center"]
    date_hierarchy = "month"


@admin.register(CenterYearlyCount)
class CenterYearlyCountAdmin(DailyCountAdmin):
    """Center rollups per year, kept by the services: visible for checking, never edited."""

    list_display = ["year", "kind", "center", "count"]
    list_filter = ["kind", "center"]
    date_hierarchy = "year"

"""Admin of the weekly report (周报管理后台): a published issue and its files are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from servicehall.core.admin import ScopedAdmin
from servicehall.reports.models import (
    DistributionLine,
    Issue,
    IssueAction,
    IssueFile,
    IssueSubmission,
    IssueWithdrawal,
    ReportLayout,
    ReportSeries,
    SubmissionRule,
    WordingRule,
)


class DistributionLineInline(admin.TabularInline[DistributionLine, ReportSeries]):
    model = DistributionLine
    extra = 0


@admin.register(ReportSeries)
class ReportSeriesAdmin(ScopedAdmin):
    list_display = ["title", "center", "issuer", "masthead"]
    inlines = [DistributionLineInline]


@admin.register(ReportLayout)
class ReportLayoutAdmin(ScopedAdmin):
    list_display = ["series", "version", "note", "created_by", "created_at"]
    list_filter = ["series"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A layout version is history: editing makes a new version (reports/layouts.py).
        return False if obj is not None else super().has_change_permission(request, obj)


class IssueFileInline(admin.TabularInline[IssueFile, Issue]):
    model = IssueFile
    fields = readonly_fields = ("format", "size", "sha256", "created_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class IssueActionInline(admin.TabularInline[IssueAction, Issue]):
    model = IssueAction
    fields = readonly_fields = ("at", "action", "username", "note")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class IssueWithdrawalInline(admin.StackedInline[IssueWithdrawal, Issue]):
    """A withdrawal is made on the issue's page (撤回) and never changed afterwards."""

    model = IssueWithdrawal
    fields = readonly_fields = ("reason", "username", "at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Issue)
class IssueAdmin(ScopedAdmin):
    list_display = ["__str__", "status", "origin", "period_start", "period_end", "issue_date"]
    list_filter = ["series", "status", "origin", "year"]
    inlines = [IssueFileInline, IssueActionInline, IssueWithdrawalInline]
    readonly_fields = [
        "corrects",  # an erratum is started from the issue it corrects (reports/corrections.py)
        "status",
        "year",
        "number",
        "serial",
        "published_at",
        "source_sha256",
        "source_name",
    ]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if isinstance(obj, Issue) and obj.status == Issue.Status.PUBLISHED:
            return False  # frozen: content, figures and files never change after publication
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if isinstance(obj, Issue) and obj.status == Issue.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(WordingRule)
class WordingRuleAdmin(ScopedAdmin):
    """审稿措辞规则: the shipped list and a center's own additions."""

    list_display = ["name", "pattern", "replacement", "enabled", "shipped"]
    list_filter = ["enabled", "shipped"]


@admin.register(SubmissionRule)
class SubmissionRuleAdmin(ScopedAdmin):
    """报送时限: a parent center's deadline for its children's weekly issues."""

    list_display = ["center", "working_days", "at"]


@admin.register(IssueSubmission)
class IssueSubmissionAdmin(ScopedAdmin):
    """周报报送记录: made on the issue's page (报送), never changed afterwards."""

    list_display = ["issue", "center", "parent", "period_end", "submitted_at", "username"]
    list_filter = ["parent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

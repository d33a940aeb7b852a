from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from servicehall.core.admin import ScopedAdmin
from servicehall.journal import rectification as workflow
from servicehall.journal.models import (
    BenefitFulfilment,
    BenefitPolicy,
    BenefitPolicyBatch,
    LeaderVisit,
    NewsCategory,
    NewsItem,
    Patrol,
    PatrolFinding,
    PlatformDailyCount,
    Rectification,
    RectificationStep,
    ServiceEvaluation,
)


@admin.register(NewsCategory)
class NewsCategoryAdmin(ScopedAdmin):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


@admin.register(NewsItem)
class NewsItemAdmin(ScopedAdmin):
    list_display = ["occurred_on", "category", "department", "__str__", "author"]
    list_filter = ["category", "department"]
    search_fields = ["text"]
    date_hierarchy = "occurred_on"
    list_select_related = ["category", "department"]


@admin.register(LeaderVisit)
class LeaderVisitAdmin(ScopedAdmin):
    list_display = ["visited_on", "department", "organization", "title", "name"]
    list_filter = ["department"]
    search_fields = ["name", "title", "organization"]
    date_hierarchy = "visited_on"


class PatrolFindingInline(admin.TabularInline[PatrolFinding, Patrol]):
    model = PatrolFinding
    extra = 0


@admin.register(Patrol)
class PatrolAdmin(ScopedAdmin):
    list_display = ["patrolled_at", "inspector"]
    search_fields = ["inspector"]
    date_hierarchy = "patrolled_at"
    inlines = [PatrolFindingInline]


@admin.register(PatrolFinding)
class PatrolFindingAdmin(ScopedAdmin):
    list_display = ["patrol", "check_item", "rating", "remarks"]
    list_filter = ["check_item", "rating"]


@admin.register(BenefitPolicyBatch)
class BenefitPolicyBatchAdmin(ScopedAdmin):
    list_display = ["name", "year", "published_on"]
    list_filter = ["year"]
    search_fields = ["name"]


class BenefitFulfilmentInline(admin.TabularInline[BenefitFulfilment, BenefitPolicy]):
    model = BenefitFulfilment
    extra = 0


@admin.register(BenefitPolicy)
class BenefitPolicyAdmin(ScopedAdmin):
    list_display = ["name", "batch", "department", "mode"]
    list_filter = ["batch", "mode", "department"]
    search_fields = ["name"]
    inlines = [BenefitFulfilmentInline]


@admin.register(BenefitFulfilment)
class BenefitFulfilmentAdmin(ScopedAdmin):
    list_display = ["policy", "as_of", "amount_yuan"]
    list_filter = ["as_of"]
    search_fields = ["policy__name"]


@admin.register(PlatformDailyCount)
class PlatformDailyCountAdmin(ScopedAdmin):
    list_display = ["day", "item_kind", "accepted", "completed"]
    list_filter = ["item_kind"]
    date_hierarchy = "day"


@admin.register(ServiceEvaluation)
class ServiceEvaluationAdmin(ScopedAdmin):
    list_display = ["case", "evaluated_at", "level", "follow_up_due", "followed_up_on"]
    list_filter = ["level", "real_name", "case__department"]
    search_fields = ["case__case_no", "comment"]
    raw_id_fields = ["case"]
    date_hierarchy = "evaluated_at"
    # Copies of the rectification's (差评整改), which alone writes them.
    readonly_fields = ["follow_up_due", "followed_up_on", "follow_up_note"]


class RectificationStepInline(admin.TabularInline[RectificationStep, Rectification]):
    model = RectificationStep
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_state",
        "to_state",
        "note",
        "evidence",
        "by",
        "at",
        "revisited_on",
        "revisit_method",
        "revisit_satisfaction",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # steps are taken on the rectification's page, through the workflow


@admin.register(RectificationStep)
class RectificationStepAdmin(ScopedAdmin):
    """The step log, read only: steps are taken through the workflow on the 差评整改 page."""

    list_display = ["rectification", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]
    readonly_fields = [
        "rectification",
        "from_state",
        "to_state",
        "note",
        "evidence",
        "by",
        "at",
        "revisited_on",
        "revisit_method",
        "revisit_satisfaction",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Rectification)
class RectificationAdmin(ScopedAdmin):
    """Read here; moved on the 差评整改 page (the workflow), reassigned there too."""

    list_display = ["evaluation", "state", "owner", "due", "closed_on"]
    list_filter = ["state", "evaluation__case__department"]
    search_fields = ["evaluation__case__case_no"]
    readonly_fields = [
        "evaluation",
        "state",
        "opened_on",
        "due",
        "owner",
        "closed_on",
        "finding",
        "appeal_upheld",
        "allowed_moves",
    ]
    inlines = [RectificationStepInline]

    @admin.display(description="可办理")
    def allowed_moves(self, obj: Rectification) -> str:
        """The moves the table allows from here (taken on the 差评整改 page)."""
        moves = workflow.choices(obj.state, obj.evaluation.real_name)
        return "、".join(name for _, name in moves) or "—（已办结）"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

"""REST API of the work records (工作记录接口)."""

from __future__ import annotations

from servicehall.core.api import ScopedModelSerializer, ScopedModelViewSet
from servicehall.journal import filters
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
    ServiceEvaluation,
)


def serializer_for(model, field_names: list[str], read_only: tuple[str, ...] = ()):
    """A plain model serializer of ``model`` (one line per model, no hidden behaviour)."""
    meta = type("Meta", (), {"model": model, "fields": field_names, "read_only_fields": read_only})
    return type(f"{model.__name__}Serializer", (ScopedModelSerializer,), {"Meta": meta})


NewsCategorySerializer = serializer_for(NewsCategory, ["id", "name", "sort_order"])
NewsItemSerializer = serializer_for(
    NewsItem,
    ["id", "category", "department", "occurred_on", "text", "group", "sort_order", "author"],
)
LeaderVisitSerializer = serializer_for(
    LeaderVisit,
    [
        "id",
        "visited_on",
        "department",
        "organization",
        "title",
        "name",
        "companions",
        "activity",
        "remarks",
    ],
)
PatrolFindingSerializer = serializer_for(
    PatrolFinding, ["id", "patrol", "check_item", "rating", "remarks"]
)
PatrolSerializer = serializer_for(Patrol, ["id", "patrolled_at", "inspector"])
BenefitPolicyBatchSerializer = serializer_for(
    BenefitPolicyBatch, ["id", "name", "year", "published_on"]
)
BenefitPolicySerializer = serializer_for(
    BenefitPolicy, ["id", "batch", "department", "name", "mode"]
)
BenefitFulfilmentSerializer = serializer_for(
    BenefitFulfilment, ["id", "policy", "as_of", "amount_yuan"]
)
PlatformDailyCountSerializer = serializer_for(
    PlatformDailyCount, ["id", "day", "item_kind", "accepted", "completed", "batch"]
)
ServiceEvaluationSerializer = serializer_for(
    ServiceEvaluation,
    [
        "id",
        "case",
        "evaluated_at",
        "level",
        "channel",
        "comment",
        "follow_up_due",
        "followed_up_on",
        "follow_up_note",
    ],
)


class NewsCategoryViewSet(ScopedModelViewSet):
    queryset = NewsCategory.objects.all()
    serializer_class = NewsCategorySerializer


class NewsItemViewSet(ScopedModelViewSet):
    queryset = NewsItem.objects.all()
    serializer_class = NewsItemSerializer
    filterset_class = filters.NewsItemFilterSet


class LeaderVisitViewSet(ScopedModelViewSet):
    queryset = LeaderVisit.objects.all()
    serializer_class = LeaderVisitSerializer
    filterset_class = filters.LeaderVisitFilterSet


class PatrolViewSet(ScopedModelViewSet):
    queryset = Patrol.objects.all()
    serializer_class = PatrolSerializer
    filterset_class = filters.PatrolFilterSet


class PatrolFindingViewSet(ScopedModelViewSet):
    queryset = PatrolFinding.objects.all()
    serializer_class = PatrolFindingSerializer
    filterset_class = filters.PatrolFindingFilterSet


class BenefitPolicyBatchViewSet(ScopedModelViewSet):
    queryset = BenefitPolicyBatch.objects.all()
    serializer_class = BenefitPolicyBatchSerializer
    filterset_class = filters.BenefitPolicyBatchFilterSet


class BenefitPolicyViewSet(ScopedModelViewSet):
    queryset = BenefitPolicy.objects.all()
    serializer_class = BenefitPolicySerializer
    filterset_class = filters.BenefitPolicyFilterSet


class BenefitFulfilmentViewSet(ScopedModelViewSet):
    queryset = BenefitFulfilment.objects.all()
    serializer_class = BenefitFulfilmentSerializer
    filterset_class = filters.BenefitFulfilmentFilterSet


class PlatformDailyCountViewSet(ScopedModelViewSet):
    queryset = PlatformDailyCount.objects.all()
    serializer_class = PlatformDailyCountSerializer
    filterset_class = filters.PlatformDailyCountFilterSet


class ServiceEvaluationViewSet(ScopedModelViewSet):
    queryset = ServiceEvaluation.objects.all()
    serializer_class = ServiceEvaluationSerializer
    filterset_class = filters.ServiceEvaluationFilterSet

"""REST API of the work records (工作记录接口)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from servicehall.core.api import ScopedModelSerializer, ScopedModelViewSet, ScopedReadOnlyViewSet
from servicehall.core.permissions import CHANGE, can
from servicehall.core.uploads import refused_upload
from servicehall.journal import filters, followup
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
from servicehall.journal.rectification import RevisitMethod, State


def serializer_for(
    model: type[Model], field_names: list[str], read_only: tuple[str, ...] = ()
) -> type[ScopedModelSerializer]:
    """A plain model serializer of ``model`` (one line per model, no hidden behaviour)."""
    meta = type("Meta", (), {"model": model, "fields": field_names, "read_only_fields": read_only})
    made = type(f"{model.__name__}Serializer", (ScopedModelSerializer,), {"Meta": meta})
    assert issubclass(made, ScopedModelSerializer)
    return made


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
        "real_name",
        "comment",
        "bad_classes",
        "follow_up_due",
        "followed_up_on",
        "follow_up_note",
    ],
    # Copies of the rating's rectification (/api/rectifications/), which alone writes them.
    read_only=("follow_up_due", "followed_up_on", "follow_up_note"),
)


class RectificationStepSerializer(serializers.ModelSerializer[RectificationStep]):
    by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = RectificationStep
        fields = [
            "id",
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

    def get_evidence(self, step: RectificationStep) -> str | None:
        return step.evidence.name.rsplit("/", 1)[-1] if step.evidence else None


class RectificationSerializer(serializers.ModelSerializer[Rectification]):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    case_no = serializers.CharField(source="evaluation.case.case_no", read_only=True)
    department = serializers.IntegerField(source="evaluation.case.department_id", read_only=True)
    level = serializers.IntegerField(source="evaluation.level", read_only=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField(help_text="工单计时：各环节用时与剩余工作日")
    steps = RectificationStepSerializer(many=True, read_only=True)

    class Meta:
        model = Rectification
        fields = [
            "id",
            "evaluation",
            "case_no",
            "department",
            "level",
            "state",
            "state_label",
            "opened_on",
            "due",
            "owner",
            "closed_on",
            "finding",
            "appeal_upheld",
            "on_time",
            "overdue",
            "clock",
            "steps",
        ]
        read_only_fields = fields

    def get_overdue(self, rectification: Rectification) -> bool:
        return rectification.is_overdue(timezone.localdate())

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "allowed": {"type": "integer"},
                "used": {"type": "integer"},
                "left": {"type": "integer"},
                "steps": {"type": "array", "items": {"type": "object"}},
            },
        }
    )
    def get_clock(self, rectification: Rectification) -> dict[str, Any]:
        clock = followup.clock(rectification, timezone.localdate())
        return {
            "allowed": clock.allowed,
            "used": clock.used,
            "left": clock.left,
            "steps": [
                {"state": s.state, "label": s.label, "start": s.start, "end": s.end, "days": s.days}
                for s in clock.steps
            ],
        }


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


class RectificationAdvanceSerializer(serializers.Serializer[Any]):
    """The step of a rectification posted to ``advance`` (整改办理)."""

    to_state = serializers.ChoiceField(choices=State.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    evidence = serializers.FileField(required=False)
    revisited_on = serializers.DateField(required=False, help_text="回访日期（离开回访时）")
    revisit_method = serializers.ChoiceField(choices=RevisitMethod.choices, required=False)
    revisit_satisfaction = serializers.ChoiceField(
        choices=ServiceEvaluation.Level.choices, required=False, help_text="回访满意度"
    )
    seen_steps = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="调用方所见的整改记录条数（`steps` 的条数）；工单此后已被办理则拒绝（409）",
    )


class RectificationViewSet(ScopedReadOnlyViewSet):
    """差评整改: listed and read as the user may see them; moved on only by ``advance``."""

    queryset = Rectification.objects.all()
    serializer_class = RectificationSerializer
    filterset_class = filters.RectificationFilterSet
    select_related = ("evaluation__case", "owner")

    def get_queryset(self) -> QuerySet[Rectification]:
        return super().get_queryset().prefetch_related("steps__by")

    @extend_schema(
        request=RectificationAdvanceSerializer,
        responses=RectificationSerializer,
    )
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: Any = None) -> Response:
        """Move the work order as ``journal.rectification.MOVES`` allows (核实 → 申诉复核 → 整改 →
        回访 → 办结) with a note, evidence and, leaving 回访, the 回访 record."""
        rectification = self.get_object()
        if not can(request.user, CHANGE, rectification):
            raise PermissionDenied("只能办理本部门的差评整改")
        if why := refused_upload(request._request):
            raise ValidationError({"evidence": why})
        # The body as typed fields: a list, a string or evidence that is no file is a 400.
        body = RectificationAdvanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            followup.advance(
                rectification,
                body.validated_data["to_state"],
                by=request.user,
                note=body.validated_data.get("note", ""),
                evidence=body.validated_data.get("evidence"),
                revisit={
                    "revisited_on": body.validated_data.get("revisited_on"),
                    "method": body.validated_data.get("revisit_method"),
                    "satisfaction": body.validated_data.get("revisit_satisfaction"),
                },
                seen_steps=body.validated_data.get("seen_steps"),
            )
        except followup.StaleWorkOrder as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        rectification = self.get_queryset().get(pk=rectification.pk)
        return Response(self.get_serializer(rectification).data)

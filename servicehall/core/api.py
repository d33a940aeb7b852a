"""REST API plumbing (接口基类): scoped viewsets and the figures endpoints."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from servicehall import figures
from servicehall.accounts.permissions import CHANGE, VIEW, can, can_add


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Reads through ``for_user(user, "view")``; a write is kept only if the user may change the
    saved row (liaison: own department), otherwise 403 and nothing is written. Rows the user
    may not see are 404."""

    def get_queryset(self):
        queryset = self.queryset.model.objects.for_user(self.request.user, VIEW)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    select_related: tuple[str, ...] = ()

    def _check_saved(self, instance) -> None:
        if not can(self.request.user, CHANGE, instance):
            raise PermissionDenied("只能维护本部门的数据")

    def perform_create(self, serializer):
        if not can_add(self.request.user, self.queryset.model):
            raise PermissionDenied("无权新增此类数据")
        with transaction.atomic():
            self._check_saved(serializer.save())

    def perform_update(self, serializer):
        self._check_saved(serializer.instance)
        with transaction.atomic():
            self._check_saved(serializer.save())

    def perform_destroy(self, instance):
        self._check_saved(instance)
        instance.delete()


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Reads through ``for_user(user, "view")`` only."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        queryset = self.queryset.model.objects.for_user(self.request.user, VIEW)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="起始日期（含）"),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="截止日期（含）"),
]


def period_from(query) -> figures.Period:
    """The period of ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (400 with a Chinese message if wrong)."""
    errors = {}
    days = {}
    for name in ("from", "to"):
        text = query.get(name)
        if not text:
            errors[name] = "必填，格式 YYYY-MM-DD"
            continue
        try:
            days[name] = dt.date.fromisoformat(text)
        except ValueError:
            errors[name] = f"无法识别的日期“{text}”，应为 YYYY-MM-DD"
    if errors:
        raise ValidationError(errors)
    try:
        return figures.Period(days["from"], days["to"])
    except ValueError as exc:
        raise ValidationError({"from": str(exc)}) from exc


_counts = {
    kind: serializers.IntegerField(label=label)
    for kind, label in (
        ("consult", "咨询"),
        ("accept", "受理"),
        ("transfer", "流转"),
        ("issue", "颁发"),
        ("complete", "办结"),
    )
}
CountsSerializer = inline_serializer("CaseCounts", fields=_counts)
StatsSerializer = inline_serializer(
    "Stats",
    fields={
        "period": inline_serializer("PeriodCaseCounts", fields=_counts),
        "ytd": inline_serializer("YearToDateCaseCounts", fields=_counts),
    },
)


class StatsView(APIView):
    """Case counts of a period and of the year to its end date (``servicehall stats``)."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=StatsSerializer, operation_id="stats")
    def get(self, request):
        return Response(figures.stats(period_from(request.query_params)))


def _number(value):
    # Decimals (percentages, 亿元) as JSON numbers, not strings.
    if value is None or isinstance(value, int):
        return value
    return float(value)


class FiguresView(APIView):
    """Every figure key of the report for a period (``figures.compute_all``)."""

    @extend_schema(
        parameters=PERIOD_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
        operation_id="figures",
        description="键为统计指标（如 window.week.consult），值为数字或 null。",
    )
    def get(self, request):
        values = figures.compute_all(period_from(request.query_params))
        return Response({key: _number(value) for key, value in values.items()})


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related-record fields accept (and the browsable API offers) only rows the user may see."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user") and user is not None:
                relation.queryset = queryset.for_user(user, VIEW)
        return fields

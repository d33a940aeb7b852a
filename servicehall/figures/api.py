"""The figures over the API (统计接口): ``/api/stats/`` and ``/api/figures/``, the report's numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from servicehall import figures
from servicehall.cases.models import EventKind
from servicehall.core.api import ScopedModelSerializer, ScopedModelViewSet
from servicehall.core.dates import DateError, parse_date, parse_month
from servicehall.core.permissions import VIEW
from servicehall.figures import indicators, leader, network, ranking
from servicehall.figures.filters import IndicatorTargetFilterSet
from servicehall.figures.models import IndicatorTarget
from servicehall.figures.scope import CenterScope, UnknownCenter, named_scope
from servicehall.journal.models import ServiceEvaluation

PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="起始日期（含）"),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="截止日期（含）"),
]


CENTER_PARAMETERS = [
    OpenApiParameter(
        "center", OpenApiTypes.STR, description="中心名称、简称或编号（默认：本人所属中心）"
    ),
    OpenApiParameter(
        "with_children", OpenApiTypes.BOOL, description="true：本级及下级；默认只计本级"
    ),
]
_TRUE = {"1", "true", "yes", "on"}


def scope_from(request: Request) -> CenterScope:
    """The center scope of ``?center=&with_children=`` for the user: a center of the user's
    subtree only (another is answered as unknown, never revealed); the user's own by default."""
    query = request.query_params
    with_children = str(query.get("with_children", "")).lower() in _TRUE
    try:
        return named_scope(query.get("center") or None, with_children, user=request.user)
    except UnknownCenter as exc:
        raise ValidationError({"center": str(exc)}) from exc


def period_from(query: Mapping[str, str]) -> figures.Period:
    """The period of ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (400 with a Chinese message if wrong)."""
    errors: dict[str, str] = {}
    days: dict[str, dt.date] = {}
    for name in ("from", "to"):
        try:
            days[name] = parse_date(query.get(name), "起始日期" if name == "from" else "截止日期")
        except DateError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    try:
        return figures.Period(days["from"], days["to"])
    except ValueError as exc:
        raise ValidationError({"from": str(exc)}) from exc


_counts: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    kind.value: serializers.IntegerField(label=kind.label) for kind in EventKind
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

    @extend_schema(
        parameters=PERIOD_PARAMETERS + CENTER_PARAMETERS,
        responses=StatsSerializer,
        operation_id="stats",
    )
    def get(self, request: Request) -> Response:
        period = period_from(request.query_params)
        return Response(figures.stats(period, scope=scope_from(request)))


def _number(value: int | Decimal | None) -> int | float | None:
    # Decimals (percentages, 亿元) as JSON numbers, not strings.
    if value is None or isinstance(value, int):
        return value
    return float(value)


class FiguresView(APIView):
    """Every figure key of the report for a period (``figures.compute_all``)."""

    @extend_schema(
        parameters=PERIOD_PARAMETERS + CENTER_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
        operation_id="figures",
        description="键为统计指标（如 window.week.consult），值为数字或 null。",
    )
    def get(self, request: Request) -> Response:
        period = period_from(request.query_params)
        values = figures.compute_all(period, scope=scope_from(request))
        return Response({key: _number(value) for key, value in values.items()})


class IndicatorsView(APIView):
    """The national indicators of a period (``figures.indicators``, docs/indicators.md)."""

    @extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter(
                "center", OpenApiTypes.STR, description="中心名称（省略：本人所在中心，本级）"
            ),
            OpenApiParameter(
                "with_children", OpenApiTypes.BOOL, description="与 center 同用：含下级中心"
            ),
            OpenApiParameter("department", OpenApiTypes.INT, description="只计这个部门（编号）"),
            OpenApiParameter("window", OpenApiTypes.STR, description="只计这个窗口受理的办件"),
            OpenApiParameter("item", OpenApiTypes.INT, description="只计这个办理项（编号）"),
            OpenApiParameter(
                "dimension",
                OpenApiTypes.STR,
                enum=list(indicators.Dimension.values),
                description="分项：center 下级中心、department 部门、window 窗口、item 办理项",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
        operation_id="indicators",
        description=(
            "键为指标（如 on_time_rate），值为 label、value、unit、numerator、denominator；"
            '带 dimension 时为 {"dimension", "lines": [{"key", "label", "indicators"}]}。'
        ),
    )
    def get(self, request: Request) -> Response:
        query = request.query_params
        period = period_from(query)
        if refusal := indicators.period_refusal(period):
            raise ValidationError({"from": refusal})
        try:
            center_scope = named_scope(
                query.get("center"), query.get("with_children") in ("1", "true"), request.user
            )
        except UnknownCenter as exc:
            raise ValidationError({"center": str(exc)}) from exc
        narrowing: dict[str, Any] = {}
        for name in ("department", "item"):
            if text := query.get(name):
                if not text.isdigit():
                    raise ValidationError({name: "应为编号"})
                narrowing[name] = int(text)
        if text := query.get("window"):
            narrowing["window"] = text[:20]
        scope = leader.scope_of(period, center_scope, **narrowing)
        dimension = query.get("dimension")
        if not dimension:
            return Response(indicators.as_json(scope))
        if dimension not in indicators.Dimension.values:
            raise ValidationError({"dimension": "应为 center、department、window 或 item"})
        lines = indicators.groups(scope, dimension, center_scope)
        return Response(
            {
                "dimension": dimension,
                "lines": [
                    {"key": g.key, "label": g.label, "indicators": indicators.as_json(g.scope)}
                    for g in lines
                ],
            }
        )


class MonthlyRankingView(APIView):
    """月度排名: windows and departments of a month's 好差评 (``figures.ranking``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, required=True, description="月份 YYYY-MM")
        ],
        responses={200: OpenApiTypes.OBJECT},
        operation_id="monthly_ranking",
    )
    def get(self, request: Request) -> Response:
        text = request.query_params.get("month", "")
        try:
            month = parse_month(text)
        except DateError as exc:
            raise ValidationError({"month": str(exc)}) from None
        result = ranking.monthly_ranking(
            month, ServiceEvaluation.objects.for_user(request.user, VIEW)
        )
        return Response(
            {
                "month": f"{result.month:%Y-%m}",
                "as_of": result.as_of,
                "windows": [row.as_dict() for row in result.windows],
                "departments": [row.as_dict() for row in result.departments],
            }
        )


class NetworkView(APIView):
    """下级中心统计表: the center's own counts, each child's subtree, and their sum
    (``figures.network.child_table``); the sum equals ``/api/stats/?with_children=true``."""

    @extend_schema(
        parameters=PERIOD_PARAMETERS + CENTER_PARAMETERS[:1],
        responses={200: OpenApiTypes.OBJECT},
        operation_id="network",
    )
    def get(self, request: Request) -> Response:
        period = period_from(request.query_params)
        scope = scope_from(request)
        if scope.center is None:
            return Response({"center": None, "rows": []})
        rows = network.child_table(period, scope.center)
        return Response(
            {
                "center": scope.center.pk,
                "name": scope.center.name,
                "rows": [r.as_dict() for r in rows],
            }
        )


class IndicatorTargetSerializer(ScopedModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = [
            "id", "indicator", "center", "level", "direction", "value", "effective_on", "basis",
        ]  # fmt: skip


class IndicatorTargetViewSet(ScopedModelViewSet):
    """考核目标值: the province's targets (center admins write; a change is a new row)."""

    queryset = IndicatorTarget.objects.all()
    serializer_class = IndicatorTargetSerializer
    filterset_class = IndicatorTargetFilterSet


urlpatterns = [
    path("network/", NetworkView.as_view(), name="api-network"),
    path("stats/", StatsView.as_view(), name="api-stats"),
    path("figures/", FiguresView.as_view(), name="api-figures"),
    path("indicators/", IndicatorsView.as_view(), name="api-indicators"),
    path("ranking/", MonthlyRankingView.as_view(), name="api-monthly-ranking"),
]

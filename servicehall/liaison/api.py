"""The liaisons' API (联络员接口): a week's submission status, and one's own notices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from servicehall.liaison import services
from servicehall.liaison.models import Notice


class NoticeSerializer(serializers.ModelSerializer[Notice]):
    class Meta:
        model = Notice
        fields = ["id", "text", "link", "created", "read_at"]
        read_only_fields = fields


class NoticeViewSet(viewsets.ReadOnlyModelViewSet[Notice]):
    """The requesting user's own notices (本人的提醒); another's are 404 to everybody."""

    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer

    def get_queryset(self) -> QuerySet[Notice]:
        return services.notices_of(self.request.user)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark the notice read (标为已读)."""
        notice = self.get_object()
        services.mark_read(request.user, [notice.pk])
        notice.refresh_from_db()
        return Response(NoticeSerializer(notice).data)


WeekStatusSerializer = inline_serializer(
    "WeekSubmissions",
    fields={
        "week_start": serializers.DateField(),
        "week_end": serializers.DateField(),
        "deadline": serializers.DateTimeField(),
        "departments": inline_serializer(
            "DepartmentSubmissions",
            many=True,
            fields={
                "department": serializers.IntegerField(),
                "name": serializers.CharField(),
                "submitted": serializers.BooleanField(),
                **{k.key: serializers.IntegerField(label=k.label) for k in services.KINDS},
            },
        ),
    },
)


class WeekStatusView(APIView):
    """The week's submissions per stationed department (those with none first); a liaison gets
    its own department's row only; window staff are refused."""

    @extend_schema(
        parameters=[
            OpenApiParameter("week", OpenApiTypes.DATE, description="周内任一日，默认本周")
        ],
        responses=WeekStatusSerializer,
        operation_id="submissions",
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        if not (user.is_liaison or user.is_center_admin or user.is_leader):
            raise PermissionDenied("报送情况供部门联络员、中心管理员和中心领导查看")
        try:
            week = services.asked_week(request.query_params.get("week") or "")
        except ValueError as exc:
            raise ValidationError({"week": str(exc)}) from exc
        rows = services.week_status(week, request.user)
        if user.is_liaison:
            rows = [r for r in rows if r.department.pk == user.department_id]
        return Response(
            {
                "week_start": week.start,
                "week_end": week.end,
                "deadline": services.submission_deadline(week),
                "departments": [
                    {
                        "department": r.department.pk,
                        "name": r.department.name,
                        "submitted": r.submitted,
                        **r.counts,
                    }
                    for r in rows
                ],
            }
        )


urlpatterns = [path("submissions/", WeekStatusView.as_view(), name="api-submissions")]

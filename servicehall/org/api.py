"""REST API of the organisation registers (机构接口)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from servicehall.core.api import ScopedModelSerializer, ScopedModelViewSet
from servicehall.org import filters
from servicehall.org.models import Center, Department, Staff, TrainingSession, Window


class CenterSerializer(ScopedModelSerializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A center's place in the tree is its parent's to keep: an admin moves only the centers
        # strictly below their own (a move of their own would carry their subtree with it).
        user = self.context["request"].user
        center = self.instance
        moved = center is not None and "parent" in attrs and attrs["parent"] != center.parent
        if center is not None and moved and not user.is_superuser:
            own = user.reader_center_path or ""
            path = center.path
            if path == own or not path.startswith(own):
                raise serializers.ValidationError(
                    {"parent": "本中心在中心树中的位置由上级中心调整"}
                )
        return super().validate(attrs)

    class Meta:
        model = Center
        fields = [
            "id",
            "name",
            "short_name",
            "level",
            "parent",
            "is_default",
            "cross_department",
            "bad_rating_days",
        ]


class DepartmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "center", "name", "aliases", "sort_order", "stationed_on", "left_on"]


class WindowSerializer(ScopedModelSerializer):
    class Meta:
        model = Window
        fields = ["id", "center", "code", "name", "kind", "department", "opened_on", "closed_on"]


class StaffSerializer(ScopedModelSerializer):
    class Meta:
        model = Staff
        fields = ["id", "center", "name", "staff_no", "department", "joined_on", "left_on"]


class TrainingSessionSerializer(ScopedModelSerializer):
    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "center",
            "held_on",
            "topic",
            "organizers",
            "trainees",
            "trainee_count",
            "audience",
        ]


class CenterViewSet(ScopedModelViewSet):
    queryset = Center.objects.all()
    serializer_class = CenterSerializer


class DepartmentViewSet(ScopedModelViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet


class WindowViewSet(ScopedModelViewSet):
    queryset = Window.objects.all()
    serializer_class = WindowSerializer
    filterset_class = filters.WindowFilterSet


class StaffViewSet(ScopedModelViewSet):
    queryset = Staff.objects.all()
    serializer_class = StaffSerializer
    filterset_class = filters.StaffFilterSet


class TrainingSessionViewSet(ScopedModelViewSet):
    queryset = TrainingSession.objects.prefetch_related("organizers", "trainees")
    serializer_class = TrainingSessionSerializer
    filterset_class = filters.TrainingSessionFilterSet

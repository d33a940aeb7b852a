"""REST API of the organisation registers (机构接口)."""

from __future__ import annotations

from servicehall.core.api import ScopedModelSerializer, ScopedModelViewSet
from servicehall.org import filters
from servicehall.org.models import Center, Department, Staff, TrainingSession, Window


class CenterSerializer(ScopedModelSerializer):
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

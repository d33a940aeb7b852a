"""REST API of the change history (变更记录接口): read-only, center admins only."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from servicehall.history import queries
from servicehall.history.filters import ChangeRecordFilterSet
from servicehall.history.models import ChangeRecord


class ChangeRecordSerializer(serializers.ModelSerializer[ChangeRecord]):
    changed_fields = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ChangeRecord
        fields = [
            "id",
            "time",
            "user",
            "username",
            "source",
            "request_id",
            "action",
            "app_label",
            "model_name",
            "object_id",
            "object_repr",
            "before",
            "after",
            "changed_fields",
        ]


class ChangeRecordViewSet(viewsets.ReadOnlyModelViewSet[ChangeRecord]):
    queryset = ChangeRecord.objects.all()
    serializer_class = ChangeRecordSerializer
    filterset_class = ChangeRecordFilterSet

    def get_queryset(self) -> QuerySet[ChangeRecord]:
        return queries.all_records(self.request.user)

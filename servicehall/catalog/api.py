"""REST API of the catalog (事项接口)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from rest_framework import serializers

from servicehall.catalog import filters, queries, specs
from servicehall.catalog.models import (
    AuthorizationChange,
    HandbookChange,
    HandlingItem,
    ItemSpecVersion,
    ServiceItem,
)
from servicehall.core.api import ScopedModelSerializer, ScopedModelViewSet
from servicehall.core.uploads import UploadRefused


class ServiceItemSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceItem
        fields = ["id", "department", "code", "name", "kind"]


class HandlingItemSerializer(ScopedModelSerializer):
    authorized = serializers.SerializerMethodField(help_text="当前是否已授权综合窗口")
    handbook_compiled = serializers.SerializerMethodField(help_text="受理工作手册当前是否已编制")

    class Meta:
        model = HandlingItem
        fields = [
            "id",
            "service_item",
            "code",
            "name",
            "time_limit_days",
            "statutory_days",
            "immediate",
            "visits",
            "online_depth",
            "fully_online",
            "listed_on",
            "delisted_on",
            "materials",
            "fees",
            "authorized",
            "handbook_compiled",
        ]

    def get_authorized(self, obj: HandlingItem) -> bool:
        return bool(getattr(obj, queries.AUTHORIZED, False))

    def get_handbook_compiled(self, obj: HandlingItem) -> bool:
        return bool(getattr(obj, queries.HANDBOOK, False))


class AuthorizationChangeSerializer(ScopedModelSerializer):
    class Meta:
        model = AuthorizationChange
        fields = ["id", "handling_item", "effective_on", "authorized", "note"]


class HandbookChangeSerializer(ScopedModelSerializer):
    class Meta:
        model = HandbookChange
        fields = ["id", "handling_item", "effective_on", "compiled", "note"]


class ItemSpecVersionSerializer(ScopedModelSerializer):
    class Meta:
        model = ItemSpecVersion
        fields = ["id", "service_item", "part", "version", "effective_on", "content", "file"]

    def validate_file(self, upload: UploadedFile | None) -> UploadedFile | None:
        """The same checks as the page's upload: suffix, size, and content matching it."""
        if upload:
            try:
                specs.check_file(upload.name or "", upload.size or 0, upload)
            except UploadRefused as exc:
                raise serializers.ValidationError(str(exc)) from exc
        return upload


class ServiceItemViewSet(ScopedModelViewSet):
    queryset = ServiceItem.objects.all()
    serializer_class = ServiceItemSerializer
    filterset_class = filters.ServiceItemFilterSet


class HandlingItemViewSet(ScopedModelViewSet):
    queryset = HandlingItem.objects.all()
    serializer_class = HandlingItemSerializer
    filterset_class = filters.HandlingItemFilterSet

    def get_queryset(self) -> QuerySet[HandlingItem]:
        return queries.with_status(super().get_queryset())


class AuthorizationChangeViewSet(ScopedModelViewSet):
    queryset = AuthorizationChange.objects.all()
    serializer_class = AuthorizationChangeSerializer
    filterset_class = filters.AuthorizationChangeFilterSet


class HandbookChangeViewSet(ScopedModelViewSet):
    queryset = HandbookChange.objects.all()
    serializer_class = HandbookChangeSerializer
    filterset_class = filters.HandbookChangeFilterSet


class ItemSpecVersionViewSet(ScopedModelViewSet):
    queryset = ItemSpecVersion.objects.all()
    serializer_class = ItemSpecVersionSerializer
    filterset_class = filters.ItemSpecVersionFilterSet

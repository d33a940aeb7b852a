"""REST API plumbing (接口基类): viewsets and serializers that read and write through ``for_user``."""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from servicehall.core.permissions import CHANGE, VIEW, can, can_add


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

"""REST API plumbing (接口基类): viewsets and serializers that read and write through ``for_user``."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from servicehall.core.context import because
from servicehall.core.permissions import (
    CHANGE,
    VIEW,
    can,
    can_add,
    can_delete,
    locked_changes,
    may_correct,
    own_center,
    scope_filter,
)


def _scoped(view: Any, action: str) -> QuerySet[Any]:
    """The view's model, as the requesting user may ``action`` it."""
    model: type[Model] = view.queryset.model
    queryset = scope_filter(model._default_manager.all(), view.request.user, action)
    return queryset.select_related(*view.select_related) if view.select_related else queryset


class ScopedModelViewSet(viewsets.ModelViewSet[Any]):
    """Reads through ``for_user(user, "view")``; a write is kept only if the user may change the
    saved row (liaison: own department), otherwise 403 and nothing is written. Rows the user
    may not see are 404."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        return _scoped(self, VIEW)

    def _check_saved(self, instance: Model) -> None:
        if not can(self.request.user, CHANGE, instance):
            raise PermissionDenied("只能维护本部门的数据")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refused before the body is read: a role that adds none of these learns nothing of
        # what a valid one would look like.
        require_add(request.user, self.get_queryset().model)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        require_add(self.request.user, self.get_queryset().model)
        model = self.get_queryset().model
        given = getattr(serializer, "validated_data", {})
        with transaction.atomic():
            self._check_saved(serializer.save(**own_center(model, self.request.user, given)))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        instance = serializer.instance
        assert instance is not None  # an update serializer always holds its row
        self._check_saved(instance)
        changed = locked_changes(instance, dict(serializer.validated_data))
        reason = correction_reason(self.request, instance, changed) if changed else ""
        with transaction.atomic(), because(reason):
            self._check_saved(serializer.save())

    def perform_destroy(self, instance: Model) -> None:
        self._check_saved(instance)
        if not can_delete(self.request.user, instance):
            raise PermissionDenied(f"{instance._meta.verbose_name}一经登记不可删除")
        reason = ""
        if getattr(type(instance), "locked_fields", ()):
            reason = correction_reason(self.request, instance, ["删除"])
        try:
            with transaction.atomic(), because(reason):
                instance.delete()
        except (ProtectedError, RestrictedError) as exc:
            referring = (
                exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            )
            users = sorted({str(o._meta.verbose_name) for o in referring})
            raise StillReferenced(
                f"{instance._meta.verbose_name}“{instance}”仍被{'、'.join(users)}引用，不能删除"
            ) from exc


class StillReferenced(APIException):
    """409: rows still refer to the one asked to be deleted."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referenced"


def require_add(user: Any, model: type[Model]) -> None:
    """403 unless ``user`` may create rows of ``model`` (``core.permissions.can_add``)."""
    if not can_add(user, model):
        raise PermissionDenied("无权新增此类数据")


def correction_reason(request: Request, instance: Model, changed: list[str]) -> str:
    """The reason an admin gives (``reason`` in the body or the query) for correcting locked
    facts; 403 for anybody else, 400 without a reason."""
    name = instance._meta.verbose_name
    if not may_correct(request.user):
        raise PermissionDenied(
            f"{name}一经登记不可修改（{'、'.join(changed)}），如需更正请联系中心管理员"
        )
    data = request.data if hasattr(request.data, "get") else {}
    reason = str(data.get("reason") or request.query_params.get("reason") or "").strip()
    if not reason:
        raise ValidationError({"reason": [f"更正或删除已登记的{name}须说明原因"]})
    return reason


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """Reads through ``for_user(user, "view")`` only."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        return _scoped(self, VIEW)


class ScopedModelSerializer(serializers.ModelSerializer[Any]):
    """Related-record fields accept (and the browsable API offers) only rows the user may see;
    the model's own ``clean()`` rules hold for the API as for the forms."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model: Any = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            field = model._meta.get_field(name)
            if not (field.many_to_many or field.one_to_many):
                setattr(instance, name, value)
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            ) from exc
        return attrs

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation: Any = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user") and user is not None:
                relation.queryset = queryset.for_user(user, VIEW)
        return fields


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with Django's English "No Case matches the given query." (a 404 of
    ``get_object_or_404``) said as DRF's own Chinese "未找到。"; our own 404s are Chinese."""
    from django.http import Http404
    from rest_framework.exceptions import NotFound
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Http404) and not any("\u4e00" <= c <= "\u9fff" for c in str(exc)):
        exc = NotFound()
    return drf_exception_handler(exc, context)

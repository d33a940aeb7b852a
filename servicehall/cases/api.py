"""REST API of the case log (办件接口): events are written through the window service."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from servicehall.accounts.requests import signed_in
from servicehall.cases import filters, window
from servicehall.cases.models import Case, CaseEvent, EventKind, ImportBatch
from servicehall.catalog.models import HandlingItem
from servicehall.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet
from servicehall.core.models import ScopedQuerySet
from servicehall.core.permissions import VIEW, can_add
from servicehall.org.models import Department


class CaseSerializer(ScopedModelSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            "case_no",
            "department",
            "handling_item",
            "applicant",
            "accepted_at",
            "accepted_window",
            "proxy_reason",
            "promised_days",
            "promised_by",
            "completed_at",
            "channel",
        ]


def shallow_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A serializer's own copies of prototype fields, for binding: DRF deep-copies each field
    (re-running its constructor, querysets and validators copied too) for every serializer
    made — a third of a POST's serializer time. A field keeps no state of a request apart from
    what binding sets on its copy (name, parent, source), and nothing here alters the shared
    parts (validators, choices, the queryset a field starts from: ``get_queryset`` clones it)."""
    return {name: copy.copy(field) for name, field in fields.items()}


class CaseEventSerializer(ScopedModelSerializer):
    """An event as the API shows it: every field read-only, so its fields are the same for
    every user and request — derived from the model once per process rather than on each
    answer (issue 24)."""

    _built: ClassVar[dict[str, Any] | None] = None

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        if cls.__dict__.get("_built") is None:
            fields = super().get_fields()
            assert all(f.read_only for f in fields.values()), "a writable field is per user"
            cls._built = fields
        built = cls._built
        assert built is not None  # set just above on the first call
        return shallow_fields(built)

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "event_id",
            "case",
            "case_no",
            "kind",
            "occurred_at",
            "occurred_on",
            "department",
            "department_name",
            "item_code",
            "window_code",
            "staff_ref",
            "channel",
            "batch",
            "recorded_at",
        ]
        read_only_fields = fields


class ScopedChoice(serializers.PrimaryKeyRelatedField[Any]):
    """A related row the requesting user may see, its scope applied only when the field is
    given: a 咨询 names no department or item, and then costs no scope query (issue 24)."""

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        queryset = super().get_queryset()
        assert isinstance(queryset, ScopedQuerySet)  # each field is given a model's queryset
        return queryset if request is None else queryset.for_user(request.user, VIEW)


class WindowEventSerializer(serializers.Serializer[CaseEvent]):
    """One step registered at the window (综窗登记), as the desk page takes it."""

    kind = serializers.ChoiceField(choices=EventKind.choices)
    case_no = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    department = ScopedChoice(
        queryset=Department.objects.all(), required=False, allow_null=True, default=None
    )
    # With the item's service item, department and its center: the acceptance checks read
    # all three (does the center run its own hall?).
    handling_item = ScopedChoice(
        queryset=HandlingItem.objects.select_related("service_item__department__center"),
        required=False,
        allow_null=True,
        default=None,
    )
    applicant = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    window_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    proxy_reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def get_fields(self) -> dict[str, Any]:
        return shallow_fields(self._declared_fields)


class CaseNumberTaken(APIException):
    """409: the case number was accepted already (by another clerk, perhaps at the same time)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "case_no_taken"


class IdempotencyKeyReused(APIException):
    """409: the idempotency key was sent before with a different step."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_reused"


class CaseViewSet(ScopedReadOnlyViewSet):
    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = filters.CaseFilterSet


class CaseEventViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[CaseEvent],
):
    """The event log: read it, or register a step (never edited or deleted)."""

    queryset = CaseEvent.objects.all()
    serializer_class = CaseEventSerializer
    filterset_class = filters.CaseEventFilterSet

    def get_queryset(self) -> QuerySet[CaseEvent]:
        return CaseEvent.objects.for_user(self.request.user, VIEW).select_related("department")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[CaseEvent]]:
        return WindowEventSerializer if self.action == "create" else CaseEventSerializer

    def perform_create(
        self, serializer: serializers.BaseSerializer[CaseEvent], event_id: str = ""
    ) -> None:
        try:
            event = window.register(
                signed_in(self.request), **serializer.validated_data, event_id=event_id
            )
        except window.DuplicateCase as exc:
            raise CaseNumberTaken(str(exc)) from exc
        except window.WindowError as exc:
            # The entry rules name each field; a step out of the case's life is the number's.
            errors: dict[str, list[str]] = {}
            for problem in exc.problems:
                errors.setdefault(problem.field, []).append(problem.message)
            raise ApiValidationError(errors or {"case_no": [str(exc)]}) from exc
        serializer.instance = event

    @extend_schema(
        request=WindowEventSerializer,
        responses={201: CaseEventSerializer, 200: CaseEventSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="幂等键：同一登录以同一键重发，返回首次登记的事件（200），不重复计数；"
                "同一键用于不同的登记则 409（docs/api.md）",
            )
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not can_add(request.user, CaseEvent):  # before the body is read
            raise PermissionDenied("仅综窗工作人员和中心管理员可登记办件")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key")
        if key is None:
            self.perform_create(serializer)
            return self._answer(serializer.instance, status.HTTP_201_CREATED)
        if not window.IDEMPOTENCY_KEY.fullmatch(key):
            raise ApiValidationError(
                {"Idempotency-Key": ["幂等键须为 1 至 100 个可打印 ASCII 字符"]}
            )
        event_id = window.keyed_event_id(signed_in(request), key)
        data = serializer.validated_data
        step = {"kind": data["kind"], "case_no": data["case_no"], "department": data["department"]}
        try:
            if (earlier := window.replayed(event_id, **step)) is not None:
                return self._answer(earlier, status.HTTP_200_OK)
            try:
                with transaction.atomic():
                    self.perform_create(serializer, event_id=event_id)
            except (IntegrityError, CaseNumberTaken):
                # The same request twice at once: the log's unique event id let one through.
                if (earlier := window.replayed(event_id, **step)) is None:
                    raise
                return self._answer(earlier, status.HTTP_200_OK)
        except window.KeyReused as exc:
            raise IdempotencyKeyReused(str(exc)) from exc
        return self._answer(serializer.instance, status.HTTP_201_CREATED)

    def _answer(self, event: CaseEvent | None, code: int) -> Response:
        output = CaseEventSerializer(event, context=self.get_serializer_context())
        return Response(output.data, status=code)


class ImportBatchSerializer(ScopedModelSerializer):
    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "file_name",
            "sha256",
            "rows",
            "created_rows",
            "skipped_rows",
            "imported_at",
            "imported_by",
        ]


class ImportBatchViewSet(ScopedReadOnlyViewSet):
    queryset = ImportBatch.objects.all()
    serializer_class = ImportBatchSerializer
    filterset_class = filters.ImportBatchFilterSet

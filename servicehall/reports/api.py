"""REST API of the weekly report (周报接口): issues in the parsed form, drafting, review steps.

Issues are never written directly: every change goes through the workflow services, which
refuse anything on a published issue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from servicehall.accounts.requests import signed_in
from servicehall.core.api import ScopedReadOnlyViewSet
from servicehall.core.dates import DateError, parse_date
from servicehall.core.permissions import CHANGE
from servicehall.figures.scope import UnknownCenter, named_scope
from servicehall.gbt9704.document import document_from_json
from servicehall.reports.drafting import DraftError, center_series, draft_issue
from servicehall.reports.models import Issue, PublishedIssueError, ReportSeries
from servicehall.reports.workflow import (
    EDIT,
    WorkflowError,
    WorkflowForbidden,
    acknowledge_figure_text,
    allowed_actions,
    approve,
    edit_paragraph,
    is_editor,
    override_figure,
    request_publication,
    send_back,
    submit,
)
from servicehall.workcal.workdays import NoWorkingDays


class IssueSerializer(serializers.ModelSerializer[Issue]):
    series = serializers.CharField(source="series.title", read_only=True)
    parsed = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(
        help_text="当前用户此刻可执行的操作（edit、submit、approve、send-back、publish）"
    )
    withdrawal = serializers.SerializerMethodField(
        help_text="撤回记录（reason、username、at），未撤回为 null"
    )

    class Meta:
        model = Issue
        fields = [
            "id", "series", "status", "origin", "year", "number", "serial", "period_start", "period_end",
            "issue_date", "figures", "published_at", "parsed", "allowed_actions", "corrects",
            "correction_reason", "withdrawal",
        ]  # fmt: skip

    def get_parsed(self, issue: Issue) -> dict[str, Any]:
        return document_from_json(issue.document).to_parsed()

    def get_withdrawal(self, issue: Issue) -> dict[str, Any] | None:
        withdrawal = issue.withdrawn
        if withdrawal is None:
            return None
        return {"reason": withdrawal.reason, "username": withdrawal.username, "at": withdrawal.at}

    def get_allowed_actions(self, issue: Issue) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [t.name for t in allowed_actions(issue, user)]


class IssueViewSet(ScopedReadOnlyViewSet):
    """周报期次：只读；起草、修改段落、提交、审核、发布通过各自的操作完成。"""

    queryset = Issue.objects.all()
    serializer_class = IssueSerializer
    select_related = ("series", "withdrawal")
    filterset_fields = ["series__title", "status", "origin", "year", "number"]

    @extend_schema(
        request=inline_serializer(
            "DraftRequest",
            {
                "series": serializers.CharField(),
                "week": serializers.DateField(),
                "center": serializers.CharField(required=False),
            },
        ),
        responses=IssueSerializer,
    )
    @action(detail=False, methods=["post"])
    def draft(self, request: Request) -> Response:
        if not is_editor(request.user):
            raise PermissionDenied("只有中心管理员可以起草")
        # The series of that title of the named center (``center``: a name or short name of
        # the reader's subtree), else of the reader's own center: every center has its own.
        try:
            scope = named_scope(request.data.get("center") or None, user=request.user)
        except UnknownCenter as exc:
            raise ValidationError({"center": str(exc)}) from exc
        series = get_object_or_404(
            ReportSeries.objects.for_user(request.user, CHANGE).filter(
                pk__in=center_series(scope.center).values("pk")
            ),
            title=request.data.get("series"),
        )
        try:
            day = parse_date(request.data.get("week"), "周内日期")
            issue = draft_issue(series, day, user=request.user)
        except ValueError as exc:  # DateError, or the drafter's
            raise ValidationError({"week": str(exc)}) from exc
        except (DraftError, NoWorkingDays) as exc:
            raise ValidationError({"week": str(exc)}) from exc
        return Response(self._data(issue), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=inline_serializer(
            "ParagraphRequest",
            {
                "path": serializers.ListField(child=serializers.IntegerField()),
                "text": serializers.CharField(),
            },
        ),
        responses=IssueSerializer,
    )
    @action(detail=True, methods=["post"])
    def paragraph(self, request: Request, pk: str | None = None) -> Response:
        issue = self.get_object()
        if signed_in(request).effective_role not in EDIT.roles:
            raise PermissionDenied("只有中心管理员可以修改草稿")
        path = request.data.get("path")
        if not isinstance(path, list) or not path or not all(isinstance(i, int) for i in path):
            raise ValidationError({"path": "应为整数列表，如 [3, 0, 0]"})
        try:
            issue = edit_paragraph(
                issue, path, str(request.data.get("text", "")), user=request.user
            )
        except (WorkflowError, PublishedIssueError, IndexError) as exc:
            return Response(
                {"detail": str(exc) or "段落位置不存在"}, status=status.HTTP_409_CONFLICT
            )
        return Response(self._data(issue))

    def _data(self, issue: Issue) -> dict[str, Any]:
        return dict(IssueSerializer(issue, context=self.get_serializer_context()).data)

    def _step(self, request: Request, fn: Callable[..., Issue], **kwargs: Any) -> Response:
        issue = self.get_object()
        try:
            issue = fn(issue, request.user, **kwargs)
        except WorkflowForbidden as exc:  # not this user's step: 403 with the reason
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except (WorkflowError, PublishedIssueError) as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(self._data(issue))

    @extend_schema(request=None, responses=IssueSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, submit)

    @extend_schema(
        request=inline_serializer("NoteRequest", {"note": serializers.CharField(required=False)}),
        responses=IssueSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, approve, note=str(request.data.get("note", "")))

    @extend_schema(
        request=inline_serializer(
            "SendBackRequest", {"note": serializers.CharField(required=False)}
        ),
        responses=IssueSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, send_back, note=str(request.data.get("note", "")))

    @extend_schema(
        request=inline_serializer(
            "FigureOverrideRequest",
            {
                "key": serializers.CharField(),
                "value": serializers.CharField(),
                "reason": serializers.CharField(),
            },
        ),
        responses=IssueSerializer,
    )
    @action(detail=True, methods=["post"], url_path="figure-override")
    def figure_override(self, request: Request, pk: str | None = None) -> Response:
        """Override a figure of a draft with a reason (数据更正): its tokens and label follow."""
        return self._step(
            request,
            lambda issue, user: (
                override_figure(
                    issue,
                    str(request.data.get("key", "")),
                    str(request.data.get("value", "")),
                    str(request.data.get("reason", "")),
                    user,
                ).issue
            ),
        )

    @extend_schema(
        request=inline_serializer(
            "AcknowledgeRequest",
            {"finding": serializers.CharField(), "reason": serializers.CharField()},
        ),
        responses=IssueSerializer,
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """Acknowledge a number of the text that differs from its figure, with a reason."""
        return self._step(
            request,
            lambda issue, user: (
                acknowledge_figure_text(
                    issue,
                    str(request.data.get("finding", "")),
                    str(request.data.get("reason", "")),
                    user,
                ).issue
            ),
        )

    @extend_schema(
        request=inline_serializer(
            "PublishRequest",
            {
                "issue_date": serializers.DateField(required=False),
                "overlap_reason": serializers.CharField(required=False, max_length=200),
            },
        ),
        responses={
            202: inline_serializer(
                "PublishQueued",
                {
                    "job": serializers.IntegerField(),
                    "job_url": serializers.CharField(),
                    "issue": IssueSerializer(),
                },
            )
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Queue the publication (202): the worker renders, audits and publishes the issue;
        poll the issue (status ``published``) or the job's page."""
        raw = request.data.get("issue_date")
        try:
            day = parse_date(raw, "印发日期") if raw else None
        except DateError as exc:
            raise ValidationError({"issue_date": str(exc)}) from exc
        reason = str(request.data.get("overlap_reason", ""))[:200]
        issue = self.get_object()
        try:
            job = request_publication(issue, request.user, issue_date=day, overlap_reason=reason)
        except WorkflowForbidden as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except (WorkflowError, PublishedIssueError) as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(
            {
                "job": job.pk,
                "job_url": reverse("core:job", args=[job.pk]),
                "issue": self._data(issue),
            },
            status=status.HTTP_202_ACCEPTED,
        )

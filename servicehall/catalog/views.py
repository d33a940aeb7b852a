"""Service items and handling items with their status (事项与办理项登记)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from servicehall.accounts.requests import AuthenticatedHttpRequest
from servicehall.catalog import queries, specs, status
from servicehall.catalog.filters import (
    HandlingItemFilterSet,
    ServiceItemFilterSet,
    SpecStatusFilterSet,
)
from servicehall.catalog.forms import HandlingItemForm, ServiceItemForm, SpecVersionForm
from servicehall.catalog.models import HandlingItem, ItemSpecVersion, ServiceItem
from servicehall.core.exports import content_disposition
from servicehall.core.generic import ScopedCreateView, ScopedListView, ScopedUpdateView
from servicehall.core.permissions import CHANGE, VIEW, can
from servicehall.core.uploads import UploadRefused, refused_upload


def _status_badge(value: bool | None) -> str:
    return "是" if value else "否"


class ServiceItemListView(ScopedListView):
    model = ServiceItem
    filterset_class = ServiceItemFilterSet
    select_related = ["department"]
    columns = [
        ("事项编码", "code"),
        ("事项名称", "name"),
        ("事项类型", "kind"),
        ("实施部门", "department"),
    ]
    add_url = "catalog:serviceitem_add"
    edit_url = "catalog:serviceitem_edit"


class ServiceItemCreateView(ScopedCreateView):
    model = ServiceItem
    form_class = ServiceItemForm
    list_url = "catalog:serviceitem_list"


class ServiceItemUpdateView(ScopedUpdateView):
    model = ServiceItem
    form_class = ServiceItemForm
    list_url = "catalog:serviceitem_list"


class HandlingItemListView(ScopedListView):
    model = HandlingItem
    filterset_class = HandlingItemFilterSet
    select_related = ["service_item__department"]
    columns = [
        ("办理项编码", "code"),
        ("办理项名称", "name"),
        ("政务服务事项", "service_item.name"),
        ("事项类型", "service_item.kind"),
        ("实施部门", "service_item.department"),
        ("已授权综窗", lambda o: _status_badge(getattr(o, queries.AUTHORIZED))),
        ("手册已编制", lambda o: _status_badge(getattr(o, queries.HANDBOOK))),
        ("取消日期", "delisted_on"),
    ]
    add_url = "catalog:handlingitem_add"
    edit_url = "catalog:handlingitem_edit"

    def get_queryset(self) -> QuerySet[HandlingItem]:
        return queries.with_status(super().get_queryset())


class _HandlingItemWrite:
    model = HandlingItem
    form_class: type[Any] | None = HandlingItemForm
    list_url = "catalog:handlingitem_list"

    def after_save(self, form: Any) -> None:
        data = form.cleaned_data
        status.set_status(
            form.instance,  # the row just saved
            day=data["status_on"],
            authorized=data["authorized"],
            compiled=data["handbook"],
            note=data["status_note"],
        )


class HandlingItemCreateView(_HandlingItemWrite, ScopedCreateView):
    pass


class HandlingItemUpdateView(_HandlingItemWrite, ScopedUpdateView):
    pass


def _part_column(part: str) -> tuple[str, Any]:
    return (
        str(ItemSpecVersion.Part(part).label),
        lambda item: str(specs.part_status(item, part)),
    )


class SpecListView(ScopedListView):
    """Each service item with the current version of its 一单一图一表, part by part."""

    model = ServiceItem
    filterset_class = SpecStatusFilterSet
    title = "一单一图一表"
    template_name = "catalog/spec_list.html"
    select_related = ["department"]
    prefetch_related = ["spec_versions"]
    columns = [
        ("事项编码", "code"),
        ("事项名称", "name"),
        ("实施部门", "department"),
        *(_part_column(part) for part in ItemSpecVersion.Part.values),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for row in context["rows"]:
            row["detail_url"] = reverse("catalog:spec_item", args=[row["object"].pk])
        return context


@login_required
def spec_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One item's versions of each part, with their files; who may change the item uploads."""
    item = get_object_or_404(
        ServiceItem.objects.for_user(request.user, VIEW).select_related("department"), pk=pk
    )
    may_upload = can(request.user, CHANGE, item)
    form = SpecVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied("只能维护本部门事项的一单一图一表")
        if refused := refused_upload(request):
            messages.error(request, refused)
            form = SpecVersionForm()
        elif form.is_valid():
            data = form.cleaned_data
            try:
                version = specs.add_version(
                    item,
                    part=data["part"],
                    effective_on=data["effective_on"],
                    upload=data["file"],
                    content=data["content"],
                )
            except (specs.SpecRefused, UploadRefused) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已上传{version}，此前版本仍可下载")
                return redirect("catalog:spec_item", pk=item.pk)
    context = {
        "title": f"一单一图一表：{item.name}",
        "item": item,
        "parts": [
            (label, versions)
            for (part, label), versions in zip(
                ItemSpecVersion.Part.choices, specs.history(item).values(), strict=True
            )
        ],
        "form": form if may_upload else None,
        "history_url": reverse("history:list") if request.user.is_center_admin else "",
    }
    return render(request, "catalog/spec_item.html", context)


@login_required
def spec_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A version's file, to whoever may see its item: always as an attachment, typed by its
    suffix, never rendered inline by the browser."""
    version = get_object_or_404(
        ItemSpecVersion.objects.for_user(request.user, VIEW).select_related("service_item"),
        pk=pk,
    )
    if not version.file:
        raise Http404("此版本没有附件")
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不在存储中，请联系中心管理员") from None
    response = FileResponse(handle, content_type=specs.content_type(version.file.name))
    response["Content-Disposition"] = content_disposition(specs.download_name(version))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

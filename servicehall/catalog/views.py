"""Service items and handling items with their status (事项与办理项登记)."""

from __future__ import annotations

from typing import Any

from servicehall.catalog import queries, status
from servicehall.catalog.filters import HandlingItemFilterSet, ServiceItemFilterSet
from servicehall.catalog.forms import HandlingItemForm, ServiceItemForm
from servicehall.catalog.models import HandlingItem, ServiceItem
from servicehall.core.generic import ScopedCreateView, ScopedListView, ScopedUpdateView


def _status_badge(value) -> str:
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

    def get_queryset(self):
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

"""Forms of the window desk and the event import (综窗登记与事件导入表单)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.urls import reverse

from servicehall.cases.models import EventKind
from servicehall.catalog.models import HandlingItem
from servicehall.core.forms import TabularUploadForm
from servicehall.core.permissions import VIEW
from servicehall.org.models import Department, Window

if TYPE_CHECKING:
    from servicehall.accounts.models import User


class WindowEventForm(forms.Form):
    """One step registered at the window (综窗登记). The 办理项 is found by typing (its code, a
    part of its name, or its pinyin initials) and carried as a hidden id."""

    kind = forms.ChoiceField(
        label="环节", choices=EventKind.choices, widget=forms.RadioSelect(attrs={"class": "keys"})
    )
    case_no = forms.CharField(
        label="办件编号",
        max_length=64,
        required=False,
        help_text="咨询可不填；受理不填则自动编号（SL+日期+序号）",
    )
    item_query = forms.CharField(
        label="办理项",
        required=False,
        help_text="输入编码、名称或拼音首字母（如 jmsfz），↑↓ 选择，Enter 确定",
    )
    handling_item = forms.ModelChoiceField(
        label="办理项", queryset=HandlingItem.objects.none(), required=False,
        widget=forms.HiddenInput,
    )  # fmt: skip
    department = forms.ModelChoiceField(
        label="办理部门",
        queryset=Department.objects.none(),
        required=False,
        help_text="选定办理项后自动带出；选择部门则只查该部门的办理项",
    )
    applicant = forms.CharField(
        label="申请人", max_length=100, required=False, help_text="受理必填"
    )
    window_code = forms.ChoiceField(label="窗口", required=False)
    proxy_reason = forms.CharField(
        label="代收原因",
        max_length=200,
        required=False,
        help_text="部门窗口代收其他部门的办理项时填写（中心设为可代收时）",
    )

    def __init__(self, *args: Any, user: User, day: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A center that runs its own hall records its steps there (``entry.federated_problem``).
        department, item = self.fields["department"], self.fields["handling_item"]
        assert isinstance(department, forms.ModelChoiceField)
        assert isinstance(item, forms.ModelChoiceField)
        department.queryset = Department.objects.for_user(user, VIEW).exclude(
            center__federated=True
        )
        item.queryset = (
            HandlingItem.objects.for_user(user, VIEW)
            .exclude(service_item__department__center__federated=True)
            .select_related("service_item")
        )
        query = self.fields["item_query"].widget
        query.attrs.update(
            {
                "autocomplete": "off",
                "role": "combobox",
                "aria-controls": "item-results",
                "aria-expanded": "false",
                "hx-get": reverse("cases:desk_items"),
                "hx-trigger": "input changed delay:150ms, search",
                "hx-target": "#item-results",
                "hx-include": "#id_department",
                "hx-sync": "this:replace",
            }
        )
        windows = Window.objects.for_user(user, VIEW).filter(Window.open_on_q(day))
        window_code = self.fields["window_code"]
        assert isinstance(window_code, forms.ChoiceField)
        window_code.choices = [("", "——")] + [(w.code, str(w)) for w in windows.order_by("code")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = (data.get("item_query") or "").strip()
        if typed and data.get("handling_item") is None and data.get("kind") == EventKind.ACCEPT:
            # Text typed but no item picked: accepting it without an item would lose the item.
            self.add_error("item_query", f"请从检索结果中选择办理项（“{typed}”未选定）")
        return data


class EventImportForm(TabularUploadForm):
    """An events file from the integrated platform (办件事件文件)."""

    file = forms.FileField(label="事件文件", help_text=".csv 或 .xlsx，列见说明")
    lenient = forms.BooleanField(
        label="宽松模式",
        required=False,
        help_text="名录外的部门、办理项、窗口和不合办件流程的事件只作提示、按原文保存；"
        "不选则逐行报错、整个文件不导入",
    )

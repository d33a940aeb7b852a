"""Forms of the window desk and the event import (综窗登记与事件导入表单)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.urls import reverse

from servicehall.cases.models import EventKind
from servicehall.catalog.models import HandlingItem
from servicehall.core.permissions import VIEW
from servicehall.core.tabular import TABULAR_SUFFIXES
from servicehall.core.uploads import UploadRefused, check_size
from servicehall.org.models import Department, Window


class WindowEventForm(forms.Form):
    """One step registered at the window (综窗登记)."""

    kind = forms.ChoiceField(label="环节", choices=EventKind.choices)
    case_no = forms.CharField(
        label="办件编号",
        max_length=64,
        required=False,
        help_text="咨询可不填；受理不填则自动编号（SL+日期+序号）",
    )
    department = forms.ModelChoiceField(
        label="办理部门", queryset=Department.objects.none(), required=False
    )
    handling_item = forms.ModelChoiceField(
        label="办理项", queryset=HandlingItem.objects.none(), required=False
    )
    applicant = forms.CharField(label="申请人", max_length=100, required=False)
    window_code = forms.ChoiceField(label="窗口", required=False)

    def __init__(self, *args, user, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_user(user, VIEW)
        # Choosing a department narrows the items to its own (htmx swaps the options).
        self.fields["department"].widget.attrs.update(
            {
                "hx-get": reverse("cases:desk_items"),
                "hx-target": "#id_handling_item",
                "hx-trigger": "change",
            }
        )
        self.fields["handling_item"].queryset = HandlingItem.objects.for_user(
            user, VIEW
        ).select_related("service_item")
        windows = Window.objects.for_user(user, VIEW).filter(Window.open_on_q(day))
        self.fields["window_code"].choices = [("", "——")] + [
            (w.code, str(w)) for w in windows.order_by("code")
        ]


class EventImportForm(forms.Form):
    """An events file from the integrated platform (办件事件文件)."""

    file = forms.FileField(label="事件文件", help_text=".csv 或 .xlsx，列见说明")
    lenient = forms.BooleanField(
        label="宽松模式",
        required=False,
        help_text="名录外的部门、办理项、窗口和不合办件流程的事件只作提示、按原文保存；"
        "不选则逐行报错、整个文件不导入",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in TABULAR_SUFFIXES:
            raise forms.ValidationError(
                f"不支持的文件类型 {suffix or '（无扩展名）'}，应为 .csv 或 .xlsx"
            )
        try:
            check_size(upload.name or "", upload.size or 0, "events")
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

"""Forms of the catalog (事项登记表单)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from servicehall.catalog import queries, specs
from servicehall.catalog.models import HandlingItem, ItemSpecVersion, ServiceItem
from servicehall.core.forms import ScopedModelForm
from servicehall.core.uploads import UploadRefused

YES_NO = [("1", "是"), ("0", "否")]


class ServiceItemForm(ScopedModelForm):
    class Meta:
        model = ServiceItem
        fields = ["department", "code", "name", "kind"]


class HandlingItemForm(ScopedModelForm):
    """A handling item with its current status; a changed status is recorded as of a date."""

    authorized = forms.TypedChoiceField(
        label="已授权无差别综合窗口", choices=YES_NO, coerce=lambda v: v == "1"
    )
    handbook = forms.TypedChoiceField(
        label="受理工作手册已编制", choices=YES_NO, coerce=lambda v: v == "1"
    )
    status_on = forms.DateField(
        label="状态生效日期", widget=forms.DateInput(), help_text="授权或手册状态变化的日期"
    )
    status_note = forms.CharField(label="状态变更说明", max_length=200, required=False)

    class Meta:
        model = HandlingItem
        fields = [
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
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["status_on"].initial = today
        self.fields["status_on"].widget.input_type = "date"
        service_item = self.fields["service_item"]
        assert isinstance(service_item, forms.ModelChoiceField)
        assert service_item.queryset is not None  # the model form's own field has one
        service_item.queryset = service_item.queryset.select_related("department")
        if self.instance.pk:
            item = queries.with_status(HandlingItem.objects.filter(pk=self.instance.pk)).get()
            self.fields["authorized"].initial = "1" if getattr(item, queries.AUTHORIZED) else "0"
            self.fields["handbook"].initial = "1" if getattr(item, queries.HANDBOOK) else "0"
        else:
            self.fields["authorized"].initial = "0"
            self.fields["handbook"].initial = "0"


class SpecVersionForm(forms.Form):
    """A new version of one part of an item's 一单一图一表 (上传新版本)."""

    part = forms.ChoiceField(label="类别", choices=ItemSpecVersion.Part.choices)
    effective_on = forms.DateField(
        label="生效日期",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label="附件",
        required=False,
        help_text=f"{specs.ALLOWED}，不超过上限；新版本生效后旧版仍可下载",
    )
    content = forms.CharField(
        label="内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                specs.check_file(upload.name or "", upload.size or 0, upload)
            except UploadRefused as exc:
                raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("file")
            and not (cleaned.get("content") or "").strip()
            and not self.errors
        ):
            raise forms.ValidationError("请上传附件或填写内容摘要")
        return cleaned

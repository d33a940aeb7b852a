"""Forms of the organisation registers (机构登记表单)."""

from __future__ import annotations

import itertools
from typing import Any

from django import forms

from servicehall.core.forms import ScopedModelForm
from servicehall.org.models import Department, Staff, StaffAssignment, TrainingSession, Window


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["center", "name", "aliases", "sort_order", "stationed_on", "left_on"]


class WindowForm(ScopedModelForm):
    class Meta:
        model = Window
        fields = ["center", "code", "name", "kind", "department", "opened_on", "closed_on"]


class TrainingSessionForm(ScopedModelForm):
    class Meta:
        model = TrainingSession
        fields = ["center", "held_on", "topic", "organizers", "audience", "trainee_count"]


class StaffForm(ScopedModelForm):
    class Meta:
        model = Staff
        fields = ["center", "name", "staff_no", "department", "joined_on", "left_on"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left <= joined:
            self.add_error("left_on", "离岗日期应晚于入岗日期")
        return cleaned


class BaseAssignmentFormSet(forms.BaseInlineFormSet[StaffAssignment, Staff, Any]):
    """A person's window assignments: one window at a time, and within the person's time in post."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("window")
            and form.cleaned_data.get("started_on")
        ]
        kept.sort(key=lambda d: d["started_on"])
        for earlier, later in itertools.pairwise(kept):
            if earlier["ended_on"] is None or earlier["ended_on"] > later["started_on"]:
                until = f"至 {earlier['ended_on']}" if earlier["ended_on"] else "至今"
                raise forms.ValidationError(
                    f"同一时间只能在一个窗口：{later['started_on']} 起的窗口 "
                    f"{later['window'].code} 与 {earlier['started_on']} 起{until}的窗口 "
                    f"{earlier['window'].code} 重叠，请先填写前一段的调离日期"
                )
        staff = self.instance
        for data in kept:
            if staff.joined_on and data["started_on"] < staff.joined_on:
                raise forms.ValidationError(
                    f"窗口 {data['window'].code} 的上岗日期 {data['started_on']} "
                    f"早于入岗日期 {staff.joined_on}"
                )
            if staff.left_on and (data["ended_on"] is None or data["ended_on"] > staff.left_on):
                raise forms.ValidationError(
                    f"已于 {staff.left_on} 离岗：窗口 {data['window'].code} 的调离日期应不晚于此日"
                )


_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

StaffAssignmentFormSet: type[forms.BaseInlineFormSet[StaffAssignment, Staff, Any]] = (
    forms.inlineformset_factory(
        Staff,
        StaffAssignment,
        formset=BaseAssignmentFormSet,
        fields=["window", "started_on", "ended_on"],
        extra=1,
        widgets={"started_on": _date, "ended_on": _date},
    )
)

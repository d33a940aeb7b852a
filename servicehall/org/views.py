"""Departments, windows, staff and training sessions (部门、窗口、工作人员、培训登记)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from servicehall.core.generic import ScopedCreateView, ScopedListView, ScopedUpdateView
from servicehall.org.filters import (
    DepartmentFilterSet,
    StaffFilterSet,
    TrainingSessionFilterSet,
    WindowFilterSet,
)
from servicehall.org.forms import (
    DepartmentForm,
    StaffAssignmentFormSet,
    StaffForm,
    TrainingSessionForm,
    WindowForm,
)
from servicehall.org.models import Department, Staff, StaffAssignment, TrainingSession, Window


class DepartmentListView(ScopedListView):
    model = Department
    filterset_class = DepartmentFilterSet
    columns = [
        ("名称", "name"),
        ("别名", "aliases"),
        ("进驻日期", "stationed_on"),
        ("撤出日期", "left_on"),
    ]
    add_url = "org:department_add"
    edit_url = "org:department_edit"


class DepartmentCreateView(ScopedCreateView):
    model = Department
    form_class = DepartmentForm
    list_url = "org:department_list"


class DepartmentUpdateView(ScopedUpdateView):
    model = Department
    form_class = DepartmentForm
    list_url = "org:department_list"


class WindowListView(ScopedListView):
    model = Window
    filterset_class = WindowFilterSet
    select_related = ["department"]
    columns = [
        ("窗口号", "code"),
        ("名称", "name"),
        ("类型", "kind"),
        ("部门", "department"),
        ("启用日期", "opened_on"),
        ("撤销日期", "closed_on"),
    ]
    add_url = "org:window_add"
    edit_url = "org:window_edit"


class WindowCreateView(ScopedCreateView):
    model = Window
    form_class = WindowForm
    list_url = "org:window_list"


class WindowUpdateView(ScopedUpdateView):
    model = Window
    form_class = WindowForm
    list_url = "org:window_list"


class TrainingSessionListView(ScopedListView):
    model = TrainingSession
    filterset_class = TrainingSessionFilterSet
    prefetch_related = ["organizers"]
    columns = [
        ("日期", "held_on"),
        ("培训内容", "topic"),
        ("组织部门", "organizers"),
        ("培训对象", "audience"),
        ("参训人数", "trainee_count"),
    ]
    add_url = "org:training_add"
    edit_url = "org:training_edit"

    def get_queryset(self) -> QuerySet[TrainingSession]:
        return super().get_queryset().order_by("-held_on", "-id")


class TrainingSessionCreateView(ScopedCreateView):
    model = TrainingSession
    form_class = TrainingSessionForm
    list_url = "org:training_list"


class TrainingSessionUpdateView(ScopedUpdateView):
    model = TrainingSession
    form_class = TrainingSessionForm
    list_url = "org:training_list"


def _current_window(staff: Staff) -> str:
    window = staff.window_on(timezone.localdate())
    return str(window) if window is not None else "未分配"


def _in_post(staff: Staff) -> str:
    return "在岗" if staff.in_post_on(timezone.localdate()) else "离岗"


class StaffListView(ScopedListView):
    model = Staff
    filterset_class = StaffFilterSet
    select_related = ["department"]
    columns = [
        ("工号", "staff_no"),
        ("姓名", "name"),
        ("所属部门", lambda s: s.department or "综合窗口"),
        ("现任窗口", _current_window),
        ("入岗日期", "joined_on"),
        ("离岗日期", "left_on"),
        ("状态", _in_post),
    ]
    add_url = "org:staff_add"
    edit_url = "org:staff_edit"

    def get_queryset(self) -> QuerySet[Staff]:
        assignments = StaffAssignment.objects.select_related("window")
        return super().get_queryset().prefetch_related(Prefetch("assignments", assignments))


class _StaffWrite:
    """The person and their window stints in one form; the stints are checked against the
    dates typed in the same form (joined, left), not the ones saved before."""

    model = Staff
    form_class: Any = StaffForm
    formset_class: Any = StaffAssignmentFormSet
    list_url = "org:staff_list"

    def get_form(self, form_class: Any = None) -> Any:
        self._staff_form = super().get_form(form_class)  # type: ignore[misc]
        return self._staff_form

    def get_formset(self) -> Any:
        formset = super().get_formset()  # type: ignore[misc]
        form = getattr(self, "_staff_form", None)
        if formset is not None and form is not None:
            formset.instance = form.instance  # holds the form's values once it is valid
        return formset


class StaffCreateView(_StaffWrite, ScopedCreateView):
    pass


class StaffUpdateView(_StaffWrite, ScopedUpdateView):
    pass

from django.contrib import admin

from servicehall.core.admin import ScopedAdmin
from servicehall.org.forms import BaseAssignmentFormSet
from servicehall.org.models import (
    Center,
    Department,
    Staff,
    StaffAssignment,
    TrainingSession,
    Window,
)


@admin.register(Center)
class CenterAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "level", "parent", "is_default", "cross_department"]
    list_filter = ["level", "is_default"]
    search_fields = ["name", "short_name"]


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ["name", "aliases", "sort_order", "stationed_on", "left_on", "center"]
    list_filter = ["center", "left_on"]
    search_fields = ["name", "aliases"]


@admin.register(Window)
class WindowAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "department", "opened_on", "closed_on"]
    list_filter = ["kind", "department"]
    search_fields = ["code", "name"]
    list_select_related = ["department"]


class StaffAssignmentInline(admin.TabularInline[StaffAssignment, Staff]):
    model = StaffAssignment
    formset = BaseAssignmentFormSet
    extra = 0


@admin.register(Staff)
class StaffAdmin(ScopedAdmin):
    inlines = [StaffAssignmentInline]
    list_display = ["staff_no", "name", "department", "joined_on", "left_on"]
    list_filter = ["department"]
    search_fields = ["name", "staff_no"]
    list_select_related = ["department"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedAdmin):
    list_display = ["held_on", "topic", "audience", "trainee_count"]
    list_filter = ["organizers"]
    search_fields = ["topic"]
    date_hierarchy = "held_on"
    filter_horizontal = ["organizers", "trainees"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(ScopedAdmin):
    list_display = ["staff", "window", "started_on", "ended_on"]
    list_filter = ["window"]
    search_fields = ["staff__name", "staff__staff_no", "window__code"]
    list_select_related = ["staff", "window"]
    date_hierarchy = "started_on"

"""Forms of the organisation registers (机构登记表单)."""

from __future__ import annotations

from servicehall.core.forms import ScopedModelForm
from servicehall.org.models import Department, TrainingSession, Window


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

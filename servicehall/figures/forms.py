"""The form of a target (考核目标值表单)."""

from __future__ import annotations

from servicehall.core.forms import ScopedModelForm
from servicehall.figures.models import IndicatorTarget


class IndicatorTargetForm(ScopedModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "center", "level", "direction", "value", "effective_on", "basis"]

"""The form of a target (考核目标值表单)."""

from __future__ import annotations

from servicehall.core.forms import GuardedEditForm
from servicehall.figures.models import IndicatorTarget


class IndicatorTargetForm(GuardedEditForm):
    """A target (考核目标值): an edit made in a second tab never saves over the first's."""

    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "center", "level", "direction", "value", "effective_on", "basis"]

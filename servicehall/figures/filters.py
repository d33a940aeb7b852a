"""FilterSet of the targets, shared by the page and the API (考核目标值筛选)."""

from __future__ import annotations

import django_filters

from servicehall.figures.models import IndicatorTarget


class IndicatorTargetFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "level", "direction"]

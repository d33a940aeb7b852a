from django.contrib import admin

from servicehall.core.admin import ScopedAdmin
from servicehall.figures.models import IndicatorTarget


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(ScopedAdmin):
    list_display = ["indicator", "center", "level", "direction", "value", "effective_on"]
    list_filter = ["indicator", "level"]

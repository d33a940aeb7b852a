"""FilterSet of the change history (变更记录筛选), shared by the page and the API."""

from __future__ import annotations

import django_filters

from servicehall.history.models import ChangeRecord

SOURCES = [
    ("web", "网页"),
    ("api", "接口"),
    ("admin", "管理后台"),
    ("import", "导入"),
    ("command", "命令"),
    ("system", "系统"),
]


class ChangeRecordFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(label="操作人", lookup_expr="icontains")
    source = django_filters.ChoiceFilter(label="来源", choices=SOURCES)
    action = django_filters.ChoiceFilter(label="操作", choices=ChangeRecord.Action.choices)
    model_name = django_filters.CharFilter(label="模型")
    time_after = django_filters.DateFilter(
        label="起始日期", field_name="time__date", lookup_expr="gte"
    )
    time_before = django_filters.DateFilter(
        label="截止日期", field_name="time__date", lookup_expr="lte"
    )
    object_repr = django_filters.CharFilter(label="对象", lookup_expr="icontains")

    class Meta:
        model = ChangeRecord
        fields = ["username", "source", "action", "app_label", "model_name", "object_id"]

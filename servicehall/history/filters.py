"""FilterSet of the change history (变更记录筛选), shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.apps import apps
from django.db.models import QuerySet

from servicehall.history.models import ChangeRecord

SOURCES = [
    ("web", "网页"),
    ("api", "接口"),
    ("admin", "管理后台"),
    ("import", "导入"),
    ("command", "命令"),
    ("system", "系统"),
]


def data_choices() -> list[tuple[str, str]]:
    """Every recorded kind of data by its Chinese name (应用 · 数据), valued ``app.model``."""
    models = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("servicehall.") and not getattr(m, "history_exempt", "")
    ]
    return [
        (
            f"{m._meta.app_label}.{m._meta.model_name}",
            f"{m._meta.app_config.verbose_name} · {m._meta.verbose_name}",
        )
        for m in sorted(models, key=lambda m: (m._meta.app_label, m._meta.model_name))
    ]


class ChangeRecordFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    username = django_filters.CharFilter(label="操作人", lookup_expr="icontains")
    source = django_filters.ChoiceFilter(label="来源", choices=SOURCES)
    action = django_filters.ChoiceFilter(label="操作", choices=ChangeRecord.Action.choices)
    data = django_filters.ChoiceFilter(label="数据", choices=data_choices, method="of_data")
    model_name = django_filters.CharFilter(label="模型")
    time_after = django_filters.DateFilter(
        label="起始日期", field_name="time__date", lookup_expr="gte"
    )
    time_before = django_filters.DateFilter(
        label="截止日期", field_name="time__date", lookup_expr="lte"
    )
    object_repr = django_filters.CharFilter(label="对象", lookup_expr="icontains")

    # The page shows these; app_label, model_name and object_id are the API's (English keys).
    PAGE_FIELDS = (
        "username",
        "source",
        "action",
        "data",
        "time_after",
        "time_before",
        "object_repr",
    )

    class Meta:
        model = ChangeRecord
        fields = ["username", "source", "action", "app_label", "model_name", "object_id"]

    def of_data(
        self, queryset: QuerySet[ChangeRecord], name: str, value: str
    ) -> QuerySet[ChangeRecord]:
        app_label, _, model_name = value.partition(".")
        return queryset.filter(app_label=app_label, model_name=model_name)

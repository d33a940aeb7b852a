"""FilterSets of the catalog, shared by the pages and the API (事项筛选)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from servicehall.catalog import queries
from servicehall.catalog.models import (
    AuthorizationChange,
    HandbookChange,
    HandlingItem,
    ItemKind,
    ItemSpecVersion,
    ServiceItem,
)
from servicehall.org.models import Department


def visible_departments(request: HttpRequest | None) -> QuerySet[Department]:
    if request is None:
        return Department.objects.none()
    return Department.objects.for_user(request.user)


class ServiceItemFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    department = django_filters.ModelChoiceFilter(label="实施部门", queryset=visible_departments)
    kind = django_filters.ChoiceFilter(label="事项类型", choices=ItemKind.choices)
    q = django_filters.CharFilter(label="名称或编码", method="search")

    class Meta:
        model = ServiceItem
        fields = ["department", "kind", "q"]

    def search(
        self, queryset: QuerySet[ServiceItem], name: str, value: str
    ) -> QuerySet[ServiceItem]:
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class SpecStatusFilterSet(ServiceItemFilterSet):
    """The items by the state of their 一单一图一表: those still lacking one part."""

    lacking = django_filters.ChoiceFilter(
        label="尚未上传", choices=ItemSpecVersion.Part.choices, method="filter_lacking"
    )

    class Meta(ServiceItemFilterSet.Meta):
        fields = ["department", "kind", "q", "lacking"]

    def filter_lacking(
        self, queryset: QuerySet[ServiceItem], name: str, value: str
    ) -> QuerySet[ServiceItem]:
        return queryset.exclude(spec_versions__part=value)


class HandlingItemFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    department = django_filters.ModelChoiceFilter(
        label="实施部门", field_name="service_item__department", queryset=visible_departments
    )
    kind = django_filters.ChoiceFilter(
        label="事项类型", field_name="service_item__kind", choices=ItemKind.choices
    )
    authorized = django_filters.BooleanFilter(label="已授权综窗", method="status")
    handbook = django_filters.BooleanFilter(label="手册已编制", method="status")
    listed = django_filters.BooleanFilter(
        label="在列", field_name="delisted_on", lookup_expr="isnull"
    )
    q = django_filters.CharFilter(label="名称或编码", method="search")

    class Meta:
        model = HandlingItem
        fields = ["department", "kind", "authorized", "handbook", "listed", "q"]

    def status(
        self, queryset: QuerySet[HandlingItem], name: str, value: bool | None
    ) -> QuerySet[HandlingItem]:
        field = queries.AUTHORIZED if name == "authorized" else queries.HANDBOOK
        return queries.filter_status(queryset, field, value)

    def search(
        self, queryset: QuerySet[HandlingItem], name: str, value: str
    ) -> QuerySet[HandlingItem]:
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class AuthorizationChangeFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    handling_item = django_filters.NumberFilter(label="办理项")

    class Meta:
        model = AuthorizationChange
        fields = ["handling_item", "authorized"]


class HandbookChangeFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    handling_item = django_filters.NumberFilter(label="办理项")

    class Meta:
        model = HandbookChange
        fields = ["handling_item", "compiled"]


class ItemSpecVersionFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    service_item = django_filters.NumberFilter(label="政务服务事项")

    class Meta:
        model = ItemSpecVersion
        fields = ["service_item", "part"]

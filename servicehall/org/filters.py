"""FilterSets of the organisation registers, shared by the pages and the API (机构筛选)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from servicehall.org.models import Department, Staff, TrainingSession, Window


def either(yes: str, no: str) -> forms.Select:
    """A yes/no filter's select: 全部 when unset (the default widget says 未知)."""
    return forms.Select(choices=[("", "全部"), ("true", yes), ("false", no)])


def visible_departments(request: HttpRequest | None) -> QuerySet[Department]:
    if request is None:
        return Department.objects.none()
    return Department.objects.for_user(request.user)


class DepartmentFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    name = django_filters.CharFilter(label="名称", lookup_expr="icontains")
    stationed = django_filters.BooleanFilter(
        label="在驻", field_name="left_on", lookup_expr="isnull", widget=either("在驻", "已撤出")
    )

    class Meta:
        model = Department
        fields = ["name", "stationed", "center"]


class WindowFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    kind = django_filters.ChoiceFilter(label="类型", choices=Window.Kind.choices)
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    open = django_filters.BooleanFilter(
        label="开放中",
        field_name="closed_on",
        lookup_expr="isnull",
        widget=either("开放中", "已撤销"),
    )

    class Meta:
        model = Window
        fields = ["kind", "department", "open"]


class StaffFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    name = django_filters.CharFilter(label="姓名", lookup_expr="icontains")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    # The API takes the window's id (the schema cannot read it off a method filter).
    window = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(
            label="现任窗口",
            queryset=lambda request: Window.objects.for_user(getattr(request, "user", None)),
            method="filter_window",
        )
    )
    active = django_filters.BooleanFilter(
        label="在岗", method="filter_active", widget=either("在岗", "离岗")
    )

    class Meta:
        model = Staff
        fields = ["name", "department", "window", "active"]

    def filter_window(
        self, queryset: QuerySet[Staff], name: str, value: Window | None
    ) -> QuerySet[Staff]:
        """People at ``value`` today (their current assignment, not a past one)."""
        if value is None:
            return queryset
        today = timezone.localdate()
        current = Q(assignments__started_on__lte=today) & (
            Q(assignments__ended_on__isnull=True) | Q(assignments__ended_on__gt=today)
        )
        return queryset.filter(current, assignments__window=value).distinct()

    def filter_active(
        self, queryset: QuerySet[Staff], name: str, value: bool | None
    ) -> QuerySet[Staff]:
        if value is None:
            return queryset
        today = timezone.localdate()
        in_post = (Q(joined_on__isnull=True) | Q(joined_on__lte=today)) & (
            Q(left_on__isnull=True) | Q(left_on__gt=today)
        )
        return queryset.filter(in_post) if value else queryset.exclude(in_post)


class TrainingSessionFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    held_on_after = django_filters.DateFilter(
        label="起始日期", field_name="held_on", lookup_expr="gte"
    )
    held_on_before = django_filters.DateFilter(
        label="截止日期", field_name="held_on", lookup_expr="lte"
    )
    organizers = django_filters.ModelChoiceFilter(label="组织部门", queryset=visible_departments)
    topic = django_filters.CharFilter(label="培训内容", lookup_expr="icontains")

    class Meta:
        model = TrainingSession
        fields = ["held_on_after", "held_on_before", "organizers", "topic"]

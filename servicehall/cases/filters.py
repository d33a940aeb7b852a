"""FilterSets of the case log, shared by the pages and the API (办件筛选)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from servicehall.cases.flow import BUCKETS, bucket_q, with_completed_on
from servicehall.cases.models import Case, CaseEvent, EventKind, ImportBatch
from servicehall.catalog.models import ItemKind
from servicehall.core.periods import Period
from servicehall.org.models import Department


def visible_departments(request: HttpRequest | None) -> QuerySet[Department]:
    if request is None:
        return Department.objects.none()
    return Department.objects.for_user(request.user)


class CaseEventFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    kind = django_filters.ChoiceFilter(label="环节", choices=EventKind.choices)
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    occurred_on_after = django_filters.DateFilter(
        label="起始日期", field_name="occurred_on", lookup_expr="gte"
    )
    occurred_on_before = django_filters.DateFilter(
        label="截止日期", field_name="occurred_on", lookup_expr="lte"
    )
    case_no = django_filters.CharFilter(label="办件编号")

    class Meta:
        model = CaseEvent
        fields = ["kind", "department", "case_no", "window_code", "batch"]


class CaseFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    case_no = django_filters.CharFilter(label="办件编号", lookup_expr="icontains")
    open = django_filters.BooleanFilter(
        label="未办结", field_name="completed_at", lookup_expr="isnull"
    )

    class Meta:
        model = Case
        fields = ["department", "case_no", "open"]


class OpenCaseFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    """The open cases' page: a department, a number, only those past their promised date."""

    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    case_no = django_filters.CharFilter(label="办件编号", lookup_expr="icontains")
    overdue = django_filters.BooleanFilter(label="已逾期", method="only_overdue")

    class Meta:
        model = Case
        fields = ["department", "case_no", "overdue"]

    def only_overdue(self, queryset: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        late = {"promised_by__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class CaseFlowFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    """The cases behind a count of the period report: a bucket of a period, a department (or
    none registered), an item kind (or no item)."""

    start = django_filters.DateFilter(label="起始日期", method="keep")
    end = django_filters.DateFilter(label="截止日期", method="keep")
    bucket = django_filters.ChoiceFilter(
        label="进度", choices=[(b.key, b.label) for b in BUCKETS], method="in_bucket"
    )
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    no_department = django_filters.BooleanFilter(
        label="未登记部门", field_name="department", lookup_expr="isnull"
    )
    item_kind = django_filters.ChoiceFilter(
        label="事项类型", field_name="handling_item__service_item__kind", choices=ItemKind.choices
    )
    no_item = django_filters.BooleanFilter(
        label="未登记办理项", field_name="handling_item", lookup_expr="isnull"
    )
    case_no = django_filters.CharFilter(label="办件编号", lookup_expr="icontains")

    class Meta:
        model = Case
        fields = ["bucket", "department", "item_kind", "case_no"]

    def keep(self, queryset: QuerySet[Case], name: str, value: dt.date) -> QuerySet[Case]:
        return queryset  # read by in_bucket

    def in_bucket(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        start, end = self.form.cleaned_data.get("start"), self.form.cleaned_data.get("end")
        if not (start and end):
            return queryset.none()  # a bucket is of a period
        return with_completed_on(queryset).filter(bucket_q(value, Period(start, end)))


class ImportBatchFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = ImportBatch
        fields = ["kind", "file_name"]

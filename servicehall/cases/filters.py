"""FilterSets of the case log, shared by the pages and the API (办件筛选)."""

from __future__ import annotations

import django_filters
from django.utils import timezone

from servicehall.cases.models import Case, CaseEvent, EventKind, ImportBatch
from servicehall.org.models import Department


def visible_departments(request):
    if request is None:
        return Department.objects.none()
    return Department.objects.for_user(request.user)


class CaseEventFilterSet(django_filters.FilterSet):
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


class CaseFilterSet(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    case_no = django_filters.CharFilter(label="办件编号", lookup_expr="icontains")
    open = django_filters.BooleanFilter(
        label="未办结", field_name="completed_at", lookup_expr="isnull"
    )

    class Meta:
        model = Case
        fields = ["department", "case_no", "open"]


class OpenCaseFilterSet(django_filters.FilterSet):
    """The open cases' page: a department, a number, only those past their promised date."""

    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    case_no = django_filters.CharFilter(label="办件编号", lookup_expr="icontains")
    overdue = django_filters.BooleanFilter(label="已逾期", method="only_overdue")

    class Meta:
        model = Case
        fields = ["department", "case_no", "overdue"]

    def only_overdue(self, queryset, name, value):
        late = {"promised_by__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class ImportBatchFilterSet(django_filters.FilterSet):
    class Meta:
        model = ImportBatch
        fields = ["kind", "file_name"]

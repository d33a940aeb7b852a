"""FilterSets of the work records, shared by the pages and the API (工作记录筛选)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from servicehall.catalog.models import OTHER_POWER_KINDS, ItemKind
from servicehall.journal.followup import overdue_q
from servicehall.journal.models import (
    BenefitFulfilment,
    BenefitPolicy,
    BenefitPolicyBatch,
    CheckItem,
    LeaderVisit,
    NewsCategory,
    NewsItem,
    Patrol,
    PatrolFinding,
    PlatformDailyCount,
    Rating,
    Rectification,
    ServiceEvaluation,
)
from servicehall.journal.rectification import State
from servicehall.org.models import Department

if TYPE_CHECKING:
    from servicehall.accounts.models import User


PLATFORM_GROUP_CHOICES = [
    ("license", "行政许可事项"),
    ("public", "公共服务事项"),
    ("other", "其它9类行权事项"),
]
PLATFORM_GROUP_KINDS = {
    "license": [ItemKind.LICENSE],
    "public": [ItemKind.PUBLIC],
    "other": list(OTHER_POWER_KINDS),
}


def visible_departments(request: HttpRequest | None) -> QuerySet[Department]:
    if request is None:
        return Department.objects.none()
    return Department.objects.for_user(request.user)


def _date_range(field: str) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    return (
        django_filters.DateFilter(label="起始日期", field_name=field, lookup_expr="gte"),
        django_filters.DateFilter(label="截止日期", field_name=field, lookup_expr="lte"),
    )


class NewsItemFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    date_from, date_to = _date_range("occurred_on")
    category = django_filters.ModelChoiceFilter(label="类别", queryset=NewsCategory.objects.all())
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    text = django_filters.CharFilter(label="内容", lookup_expr="icontains")

    class Meta:
        model = NewsItem
        fields = ["date_from", "date_to", "category", "department", "text"]


class LeaderVisitFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    date_from, date_to = _date_range("visited_on")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)

    class Meta:
        model = LeaderVisit
        fields = ["date_from", "date_to", "department"]


class PatrolFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    date_from = django_filters.DateFilter(
        label="起始日期", field_name="patrolled_at__date", lookup_expr="gte"
    )
    date_to = django_filters.DateFilter(
        label="截止日期", field_name="patrolled_at__date", lookup_expr="lte"
    )
    rating = django_filters.ChoiceFilter(
        label="含评价", field_name="findings__rating", choices=Rating.choices, distinct=True
    )

    class Meta:
        model = Patrol
        fields = ["date_from", "date_to", "rating"]


class PatrolFindingFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    patrol = django_filters.NumberFilter(label="巡查")
    check_item = django_filters.ChoiceFilter(label="巡查项目", choices=CheckItem.choices)

    class Meta:
        model = PatrolFinding
        fields = ["patrol", "check_item", "rating"]


class BenefitPolicyBatchFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    class Meta:
        model = BenefitPolicyBatch
        fields = ["year"]


class BenefitPolicyFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    batch = django_filters.ModelChoiceFilter(
        label="清单",
        queryset=lambda request: BenefitPolicyBatch.objects.for_user(
            getattr(request, "user", None)
        ),
    )
    department = django_filters.ModelChoiceFilter(label="部门", queryset=visible_departments)
    mode = django_filters.ChoiceFilter(label="兑享方式", choices=BenefitPolicy.Mode.choices)
    name = django_filters.CharFilter(label="政策事项", lookup_expr="icontains")

    class Meta:
        model = BenefitPolicy
        fields = ["batch", "department", "mode", "name"]


class BenefitFulfilmentFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    policy = django_filters.NumberFilter(label="政策事项")
    as_of_before = django_filters.DateFilter(
        label="截止日期", field_name="as_of", lookup_expr="lte"
    )

    class Meta:
        model = BenefitFulfilment
        fields = ["policy", "as_of_before"]


class PlatformDailyCountFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    date_from, date_to = _date_range("day")
    # The report's three groups (一体化平台 受理/办结 per 行政许可, 公共服务, 其它9类行权事项):
    # a figure's 数据来源 link opens the days and kinds it sums.
    group = django_filters.ChoiceFilter(
        label="事项类别", choices=PLATFORM_GROUP_CHOICES, method="in_group"
    )

    class Meta:
        model = PlatformDailyCount
        fields = ["date_from", "date_to", "group", "item_kind"]

    def in_group(
        self, queryset: QuerySet[PlatformDailyCount], name: str, value: str
    ) -> QuerySet[PlatformDailyCount]:
        return queryset.filter(item_kind__in=PLATFORM_GROUP_KINDS[value]) if value else queryset


class ServiceEvaluationFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    level = django_filters.ChoiceFilter(label="评价等级", choices=ServiceEvaluation.Level.choices)
    bad = django_filters.BooleanFilter(label="差评", method="only_bad")
    overdue = django_filters.BooleanFilter(label="整改逾期", method="only_overdue")
    department = django_filters.ModelChoiceFilter(
        label="部门", field_name="case__department", queryset=visible_departments
    )

    class Meta:
        model = ServiceEvaluation
        fields = ["level", "bad", "overdue", "department"]

    def only_bad(
        self, queryset: QuerySet[ServiceEvaluation], name: str, value: bool | None
    ) -> QuerySet[ServiceEvaluation]:
        bad = {"level__lte": ServiceEvaluation.Level.DISSATISFIED}
        return queryset.filter(**bad) if value else queryset.exclude(**bad)

    def only_overdue(
        self, queryset: QuerySet[ServiceEvaluation], name: str, value: bool | None
    ) -> QuerySet[ServiceEvaluation]:
        overdue = queryset.filter(overdue_q(timezone.localdate(), "rectification__"))
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


def visible_owners(request: HttpRequest | None) -> QuerySet[User]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, rectifications__isnull=False)
    if request is not None:
        # Owners of the rectifications the reader may see: its subtree, a liaison its department.
        users = users.filter(rectifications__in=Rectification.objects.for_user(request.user))
    return users.distinct().order_by("username")


class RectificationFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    state = django_filters.ChoiceFilter(label="状态", choices=State.choices)
    department = django_filters.ModelChoiceFilter(
        label="部门", field_name="evaluation__case__department", queryset=visible_departments
    )
    owner = django_filters.ModelChoiceFilter(label="负责人", queryset=visible_owners)
    unassigned = django_filters.BooleanFilter(
        label="未指定负责人", field_name="owner", lookup_expr="isnull"
    )
    overdue = django_filters.BooleanFilter(label="整改逾期", method="only_overdue")
    due_from = django_filters.DateFilter(label="期限起", field_name="due", lookup_expr="gte")
    due_to = django_filters.DateFilter(label="期限止", field_name="due", lookup_expr="lte")

    class Meta:
        model = Rectification
        fields = ["state", "department", "owner", "unassigned", "overdue", "due_from", "due_to"]

    def only_overdue(
        self, queryset: QuerySet[Rectification], name: str, value: bool | None
    ) -> QuerySet[Rectification]:
        overdue = queryset.filter(overdue_q(timezone.localdate()))
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

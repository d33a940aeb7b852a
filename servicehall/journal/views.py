"""News, visits, patrols, benefit policies and service evaluations (工作记录登记)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from servicehall.core.generic import ScopedCreateView, ScopedListView, ScopedUpdateView
from servicehall.journal import filters, followup, forms
from servicehall.journal.models import (
    BenefitPolicy,
    LeaderVisit,
    NewsItem,
    Patrol,
    ServiceEvaluation,
)


def _text(limit: int):
    def short(obj) -> str:
        return obj.text if len(obj.text) <= limit else obj.text[:limit] + "……"

    return short


class NewsItemListView(ScopedListView):
    model = NewsItem
    filterset_class = filters.NewsItemFilterSet
    select_related = ["category", "department"]
    columns = [
        ("日期", "occurred_on"),
        ("类别", "category"),
        ("部门", "department"),
        ("内容", _text(80)),
        ("填报人", "author"),
    ]
    add_url = "journal:news_add"
    edit_url = "journal:news_edit"

    def get_queryset(self):
        return super().get_queryset().order_by("-occurred_on", "sort_order", "-id")


class _NewsWrite:
    model = NewsItem
    form_class: type[Any] | None = forms.NewsItemForm
    list_url = "journal:news_list"

    def save(self, form, formset):
        # The first writer is the author (填报人), set before the one save so one change is logged.
        if not form.instance.author:
            form.instance.author = self.request.user.get_full_name() or self.request.user.username
        return super().save(form, formset)


class NewsItemCreateView(_NewsWrite, ScopedCreateView):
    pass


class NewsItemUpdateView(_NewsWrite, ScopedUpdateView):
    pass


class LeaderVisitListView(ScopedListView):
    model = LeaderVisit
    filterset_class = filters.LeaderVisitFilterSet
    select_related = ["department"]
    columns = [
        ("日期", "visited_on"),
        ("单位", "unit_name"),
        ("职务", "title"),
        ("姓名", "name"),
        ("活动", "activity"),
        ("讲话要点", "remarks"),
    ]
    add_url = "journal:visit_add"
    edit_url = "journal:visit_edit"

    def get_queryset(self):
        return super().get_queryset().order_by("-visited_on", "-id")


class LeaderVisitCreateView(ScopedCreateView):
    model = LeaderVisit
    form_class = forms.LeaderVisitForm
    list_url = "journal:visit_list"


class LeaderVisitUpdateView(ScopedUpdateView):
    model = LeaderVisit
    form_class = forms.LeaderVisitForm
    list_url = "journal:visit_list"


def _findings(patrol: Patrol) -> str:
    return "\n".join(
        f"{f.get_check_item_display()}：{f.get_rating_display()}"
        + (f"（{f.remarks}）" if f.remarks else "")
        for f in patrol.findings.all()
    )


class PatrolListView(ScopedListView):
    model = Patrol
    filterset_class = filters.PatrolFilterSet
    prefetch_related = ["findings"]
    columns = [("巡查时间", "patrolled_at"), ("巡查人", "inspector"), ("巡查情况", _findings)]
    add_url = "journal:patrol_add"
    edit_url = "journal:patrol_edit"

    def get_queryset(self):
        return super().get_queryset().order_by("-patrolled_at")


class PatrolCreateView(ScopedCreateView):
    model = Patrol
    form_class = forms.PatrolForm
    formset_class = forms.PatrolFindingFormSet
    list_url = "journal:patrol_list"


class PatrolUpdateView(ScopedUpdateView):
    model = Patrol
    form_class = forms.PatrolForm
    formset_class = forms.PatrolFindingFormSet
    list_url = "journal:patrol_list"


def _latest_fulfilment(policy: BenefitPolicy):
    rows = list(policy.fulfilments.all())
    return f"{rows[-1].amount_yuan:,.2f} 元（截至 {rows[-1].as_of}）" if rows else None


class BenefitPolicyListView(ScopedListView):
    model = BenefitPolicy
    filterset_class = filters.BenefitPolicyFilterSet
    select_related = ["batch", "department"]
    prefetch_related = ["fulfilments"]
    columns = [
        ("清单", "batch"),
        ("部门", "department"),
        ("政策事项", "name"),
        ("兑享方式", "mode"),
        ("最近累计兑享", _latest_fulfilment),
    ]
    add_url = "journal:policy_add"
    edit_url = "journal:policy_edit"


class BenefitPolicyCreateView(ScopedCreateView):
    model = BenefitPolicy
    form_class = forms.BenefitPolicyForm
    formset_class = forms.BenefitFulfilmentFormSet
    list_url = "journal:policy_list"


class BenefitPolicyUpdateView(ScopedUpdateView):
    model = BenefitPolicy
    form_class = forms.BenefitPolicyForm
    formset_class = forms.BenefitFulfilmentFormSet
    list_url = "journal:policy_list"


class ServiceEvaluationListView(ScopedListView):
    model = ServiceEvaluation
    filterset_class = filters.ServiceEvaluationFilterSet
    select_related = ["case__department"]
    columns = [
        ("评价时间", "evaluated_at"),
        ("办件", "case"),
        ("部门", "case.department"),
        ("评价等级", "level"),
        ("评价内容", "comment"),
        ("整改期限", "follow_up_due"),
        ("整改日期", "followed_up_on"),
        ("整改逾期", lambda e: "是" if followup.is_overdue(e, timezone.localdate()) else ""),
    ]
    add_url = "journal:evaluation_add"
    edit_url = "journal:evaluation_edit"


class ServiceEvaluationCreateView(ScopedCreateView):
    model = ServiceEvaluation
    form_class = forms.ServiceEvaluationForm
    list_url = "journal:evaluation_list"


class ServiceEvaluationUpdateView(ScopedUpdateView):
    model = ServiceEvaluation
    form_class = forms.ServiceEvaluationForm
    list_url = "journal:evaluation_list"

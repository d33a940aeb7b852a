"""News, visits, patrols, benefit policies and service evaluations (工作记录登记)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from servicehall.accounts.requests import signed_in
from servicehall.core.generic import (
    ScopedCreateView,
    ScopedListView,
    ScopedUpdateView,
    _ScopedWriteMixin,
)
from servicehall.core.permissions import CHANGE, VIEW, can
from servicehall.core.text import chinese_date
from servicehall.core.uploads import refused_upload
from servicehall.journal import filters, followup, forms
from servicehall.journal import rectification as workflow
from servicehall.journal.models import (
    BenefitPolicy,
    LeaderVisit,
    NewsItem,
    Patrol,
    Rectification,
    RectificationStep,
    ServiceEvaluation,
)


def _text(limit: int) -> Callable[[NewsItem], str]:
    def short(obj: NewsItem) -> str:
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

    def get_queryset(self) -> QuerySet[NewsItem]:
        return super().get_queryset().order_by("-occurred_on", "sort_order", "-id")


class _NewsWrite(_ScopedWriteMixin):
    model = NewsItem
    form_class: type[Any] | None = forms.NewsItemForm
    list_url = "journal:news_list"

    def save(
        self,
        form: django_forms.ModelForm[Any],
        formset: django_forms.BaseInlineFormSet[Any, Any, Any] | None,
    ) -> HttpResponse:
        # The first writer is the author (填报人), set before the one save so one change is logged.
        if not form.instance.author:
            user = signed_in(self.request)
            form.instance.author = user.get_full_name() or user.username
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

    def get_queryset(self) -> QuerySet[LeaderVisit]:
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

    def get_queryset(self) -> QuerySet[Patrol]:
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


def _latest_fulfilment(policy: BenefitPolicy) -> str | None:
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
    select_related = ["case__department", "rectification"]
    columns = [
        ("评价时间", "evaluated_at"),
        ("办件", "case"),
        ("部门", "case.department"),
        ("评价等级", "level"),
        ("评价内容", "comment"),
        ("整改状态", lambda e: _rectification(e, "get_state_display")),
        ("整改期限", lambda e: _rectification(e, "due")),
        ("整改日期", lambda e: _rectification(e, "closed_on")),
        ("整改逾期", lambda e: "是" if _rectification(e, "is_overdue") else ""),
    ]
    add_url = "journal:evaluation_add"
    edit_url = "journal:evaluation_edit"


def _rectification(evaluation: ServiceEvaluation, what: str) -> Any:
    """A column of the rating's rectification (差评整改); None for a rating without one."""
    rectification = getattr(evaluation, "rectification", None)  # a good rating has none
    if rectification is None:
        return None
    if what == "is_overdue":
        return rectification.is_overdue(timezone.localdate())
    value = getattr(rectification, what)
    return value() if callable(value) else value


class ServiceEvaluationCreateView(ScopedCreateView):
    """A 差评 saved here opens its rectification (the model's save): the page goes on to it."""

    model = ServiceEvaluation
    form_class = forms.ServiceEvaluationForm
    list_url = "journal:evaluation_list"

    def after_save(self, form: django_forms.ModelForm[Any]) -> None:
        rectification = getattr(self.object, "rectification", None)
        if rectification is not None:
            messages.info(
                self.request,
                f"已开启差评整改，整改期限：{chinese_date(rectification.due)}",
            )

    def get_success_url(self) -> str:
        rectification = getattr(self.object, "rectification", None)
        if rectification is None:
            return super().get_success_url()
        return reverse("journal:rectification_detail", args=[rectification.pk])


class ServiceEvaluationUpdateView(ScopedUpdateView):
    """The rating (its facts locked) and a link to its rectification, where it is followed up."""

    model = ServiceEvaluation
    template_name = "journal/evaluation_form.html"
    form_class = forms.ServiceEvaluationForm
    list_url = "journal:evaluation_list"


# ---- 差评整改 ----------------------------------------------------------------------------------


class RectificationListView(ScopedListView):
    """差评整改: every rectification the user may see, by state, department, owner, overdue."""

    model = Rectification
    filterset_class = filters.RectificationFilterSet
    template_name = "journal/rectification_list.html"
    select_related = ["evaluation__case__department", "owner"]
    columns = [
        ("办件", "evaluation.case"),
        ("部门", "evaluation.case.department"),
        ("评价等级", "evaluation.level"),
        ("评价日期", "opened_on"),
        ("状态", "state"),
        ("负责人", "owner"),
        ("整改期限", "due"),
        ("办结日期", "closed_on"),
        ("逾期", lambda r: "是" if r.is_overdue(timezone.localdate()) else ""),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["overdue_page"] = False
        return context


class RectificationOverdueView(RectificationListView):
    """整改逾期: the open rectifications past their deadline (a liaison: its department's)."""

    title = "逾期未办结的差评整改"

    def get_queryset(self) -> QuerySet[Rectification]:
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .filter(followup.open_q(), followup.overdue_q(today))
            .order_by("due", "pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["overdue_page"] = True
        return context


def _visible_rectification(request: HttpRequest, pk: int) -> Rectification:
    queryset = Rectification.objects.for_user(request.user, VIEW).select_related(
        "evaluation__case__department", "owner"
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One rectification: the rating, the deadline, the steps so far and the form of the next."""
    rectification = _visible_rectification(request, pk)
    may_change = can(request.user, CHANGE, rectification)
    form = forms.RectificationStepForm(rectification=rectification, user=request.user)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("只能办理本部门的差评整改")
        department_id = rectification.evaluation.case.department_id
        to_state = request.POST.get("to_state", "")
        if why := workflow.decider_refusal(
            request.user, department_id, to_state, rectification.state
        ):
            raise PermissionDenied(why)
        form = forms.RectificationStepForm(
            request.POST, request.FILES, rectification=rectification, user=request.user
        )
        if why := refused_upload(request):
            form.add_error("evidence", why)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                followup.advance(
                    rectification,
                    data["to_state"],
                    by=request.user,
                    note=data["note"],
                    evidence=data["evidence"],
                    revisit=form.revisit() if "revisited_on" in form.fields else None,
                    seen_steps=data["seen_steps"],
                )
            except followup.StaleWorkOrder as exc:
                # Show the work order as it is now, with its own moves, and say why.
                messages.error(request, " ".join(exc.messages))
                return redirect("journal:rectification_detail", pk=rectification.pk)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    f"差评整改“{rectification.evaluation.case}”已转为“{rectification.get_state_display()}”",
                )
                return redirect("journal:rectification_detail", pk=rectification.pk)
    today = timezone.localdate()
    choices = form.fields["to_state"].choices  # type: ignore[attr-defined]
    waiting = ""
    if may_change and workflow.allowed(rectification.state) and not choices:
        waiting = "此差评已提请申诉复核，由中心管理员或综窗工作人员决定"
    context = {
        "title": f"差评整改 {rectification.evaluation.case}",
        "rectification": rectification,
        "evaluation": rectification.evaluation,
        "steps": rectification.steps.select_related("by"),
        "form": form if may_change and choices else None,
        "waiting": waiting,
        "clock": followup.clock(rectification, today),
        "reassign_form": forms.ReassignForm(initial={"owner": rectification.owner_id})
        if followup.may_reassign(request.user)
        else None,
        "overdue": rectification.is_overdue(today),
    }
    return render(request, "journal/rectification_detail.html", context)


@login_required
@require_POST
def rectification_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """改派负责人: the center admin only."""
    rectification = _visible_rectification(request, pk)
    if not followup.may_reassign(request.user):
        raise PermissionDenied("只有中心管理员可以改派差评整改的负责人")
    form = forms.ReassignForm(request.POST)
    if form.is_valid():
        try:
            followup.reassign(rectification, form.cleaned_data["owner"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            owner = rectification.owner
            messages.success(request, f"负责人已改为：{owner or '（未指定）'}")
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("journal:rectification_detail", pk=rectification.pk)


@login_required
def rectification_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """A step's evidence file, to those who may see its rectification."""
    step = get_object_or_404(RectificationStep.objects.for_user(request.user, VIEW), pk=pk)
    if not step.evidence:
        raise Http404("此记录没有佐证材料")
    return FileResponse(
        step.evidence.open("rb"), as_attachment=True, filename=step.evidence.name.rsplit("/", 1)[-1]
    )

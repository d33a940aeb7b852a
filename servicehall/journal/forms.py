"""Forms of the work records (工作记录表单)."""

from __future__ import annotations

from typing import Any

from django import forms

from servicehall.cases.models import Case
from servicehall.core.forms import ScopedModelForm
from servicehall.journal import followup
from servicehall.journal.models import (
    BenefitFulfilment,
    BenefitPolicy,
    LeaderVisit,
    NewsItem,
    Patrol,
    PatrolFinding,
    ServiceEvaluation,
)


class NewsItemForm(ScopedModelForm):
    class Meta:
        model = NewsItem
        fields = ["category", "department", "occurred_on", "text", "group", "sort_order"]


class LeaderVisitForm(ScopedModelForm):
    class Meta:
        model = LeaderVisit
        fields = [
            "visited_on",
            "department",
            "organization",
            "title",
            "name",
            "companions",
            "activity",
            "remarks",
        ]


class PatrolForm(ScopedModelForm):
    class Meta:
        model = Patrol
        fields = ["patrolled_at", "inspector"]


PatrolFindingFormSet: type[forms.BaseInlineFormSet[PatrolFinding, Patrol, Any]] = (
    forms.inlineformset_factory(
        Patrol,
        PatrolFinding,
        fields=["check_item", "rating", "remarks"],
        extra=6,
        max_num=6,
        widgets={"remarks": forms.TextInput()},
    )
)


class BenefitPolicyForm(ScopedModelForm):
    class Meta:
        model = BenefitPolicy
        fields = ["batch", "department", "name", "mode"]


BenefitFulfilmentFormSet: type[forms.BaseInlineFormSet[BenefitFulfilment, BenefitPolicy, Any]] = (
    forms.inlineformset_factory(
        BenefitPolicy,
        BenefitFulfilment,
        fields=["as_of", "amount_yuan"],
        extra=2,
        widgets={"as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
    )
)


class ServiceEvaluationForm(ScopedModelForm):
    # The case by its number, typed: a select of every case weighed 5.2 MB at 105,441 cases.
    case = forms.ModelChoiceField(
        label="办件编号",
        queryset=Case.objects.all(),
        to_field_name="case_no",
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "如 GA-2024-000123"}),
        error_messages={"invalid_choice": "没有这个办件编号，或不在您可查看的部门"},
    )

    class Meta:
        model = ServiceEvaluation
        fields = [
            "case",
            "evaluated_at",
            "level",
            "channel",
            "comment",
            "follow_up_due",
            "followed_up_on",
            "follow_up_note",
        ]
        help_texts = {"follow_up_due": "差评留空则按工作日时限自动计算"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # By number, as the field takes it (model_to_dict gave the key): a locked,
            # disabled field keeps this value.
            self.initial["case"] = self.instance.case.case_no

    def clean(self):
        data = super().clean()
        evaluation = self.instance
        evaluation.level = data.get("level") or evaluation.level
        evaluation.evaluated_at = data.get("evaluated_at")
        if evaluation.level and not data.get("follow_up_due"):
            data["follow_up_due"] = followup.default_due(evaluation)
        return data

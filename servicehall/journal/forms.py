"""Forms of the work records (工作记录表单)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from servicehall.cases.models import Case
from servicehall.core.forms import ScopedModelForm
from servicehall.journal import rectification as workflow
from servicehall.journal.models import (
    BadRatingClass,
    BenefitFulfilment,
    BenefitPolicy,
    LeaderVisit,
    NewsItem,
    Patrol,
    PatrolFinding,
    Rectification,
    ServiceEvaluation,
)
from servicehall.journal.rectification import RevisitMethod


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
    # A multi-select of the model's JSON list (GB/T 39734's content classes), not JSON typed in.
    bad_classes = forms.MultipleChoiceField(
        label="差评内容分类",
        choices=BadRatingClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="差评涉及的评价内容，可多选",
    )

    class Meta:
        model = ServiceEvaluation
        fields = [
            "case",
            "evaluated_at",
            "level",
            "channel",
            "real_name",
            "comment",
            "bad_classes",
        ]
        help_texts = {"level": "不满意、非常不满意即开启差评整改，期限按工作日计算"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # By number, as the field takes it (model_to_dict gave the key): a locked,
            # disabled field keeps this value.
            self.initial["case"] = self.instance.case.case_no


class RectificationStepForm(forms.Form):
    """One move of a 差评 work order (整改记录): the move, what was done, evidence, and the 回访
    record where the move leaves 回访 (the moves: ``journal.rectification.MOVES``)."""

    to_state = forms.ChoiceField(label="办理")
    note = forms.CharField(
        label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label="佐证材料",
        required=False,
        help_text="PDF、图片（JPG/PNG）或 Word/Excel 文件；核实不属实须附",
    )
    revisited_on = forms.DateField(
        label="回访日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    revisit_method = forms.ChoiceField(
        label="回访方式", required=False, choices=[("", "——"), *RevisitMethod.choices]
    )
    revisit_satisfaction = forms.TypedChoiceField(
        label="回访满意度",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "——"), *ServiceEvaluation.Level.choices],
        help_text="评价人对整改结果的满意程度",
    )
    # The steps the page showed: a move posted after another tab's is refused, not misapplied
    # (followup.advance, ``seen_steps``).
    seen_steps = forms.IntegerField(
        label="页面所见记录数", widget=forms.HiddenInput, required=False, min_value=0
    )

    def __init__(
        self, *args: Any, rectification: Rectification, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["seen_steps"].initial = rectification.steps.count()
        field = self.fields["to_state"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = moves_for(rectification, user)
        # A move the select does not offer, posted anyway, is refused in the table's words
        # (实名差评须回访评价人后方可办结), not as an unknown option.
        posted = str(self.data.get("to_state", "")) if self.is_bound else ""
        why = workflow.refusal(
            rectification.state,
            posted,
            "-",
            real_name=rectification.evaluation.real_name,
            revisit={"revisited_on": "-", "method": "-", "satisfaction": "-"},
        ).get("to_state")
        if posted and why:
            field.error_messages = {**field.error_messages, "invalid_choice": why}
        if not any(
            (row := workflow.move(rectification.state, to)) and row.revisit
            for to, _ in field.choices
        ):
            for name in ("revisited_on", "revisit_method", "revisit_satisfaction"):
                del self.fields[name]

    def revisit(self) -> dict[str, Any]:
        """The 回访 record as ``followup.advance`` takes it."""
        data = self.cleaned_data
        return {
            "revisited_on": data.get("revisited_on"),
            "method": data.get("revisit_method"),
            "satisfaction": data.get("revisit_satisfaction"),
        }


def moves_for(rectification: Rectification, user: Any) -> list[tuple[str, str]]:
    """The moves ``user`` may take now: the table's, less those a real-name rating may not take
    and those only the center decides (申诉复核) when ``user`` is of the department."""
    department_id = rectification.evaluation.case.department_id
    return [
        (to, name)
        for to, name in workflow.choices(rectification.state, rectification.evaluation.real_name)
        if user is None
        or not workflow.decider_refusal(user, department_id, to, rectification.state)
    ]


class ReassignForm(forms.Form):
    """The center admin hands a 差评整改 to another owner (改派负责人)."""

    owner = forms.ModelChoiceField(
        label="负责人",
        required=False,
        empty_label="（未指定）",
        queryset=get_user_model().objects.filter(is_active=True).order_by("role", "username"),
    )

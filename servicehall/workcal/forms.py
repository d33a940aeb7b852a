"""The form a center admin types a year's calendar into (年度日历录入)."""

from __future__ import annotations

from typing import Any

from django import forms

from servicehall.workcal.models import CalendarYear
from servicehall.workcal.services import CalendarError, DayEntry, parse_entries


class CalendarYearForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=CalendarYear.Status.choices)
    source = forms.CharField(
        label="依据",
        max_length=200,
        help_text="国务院办公厅通知的标题和文号",
        widget=forms.TextInput(attrs={"size": 80}),
    )
    source_url = forms.URLField(label="通知链接", required=False, assume_scheme="https")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.CharField(
        label="节假日与调休",
        required=False,
        help_text="一行一天：“2027-01-01 休 元旦”“2027-02-20 班 春节调休上班”；未列出的日子按周一至周五",
        widget=forms.Textarea(attrs={"rows": 24, "cols": 40, "class": "mono"}),
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.entries: list[DayEntry] = []

    def clean_days(self) -> str:
        text: str = self.cleaned_data["days"]
        try:
            self.entries = parse_entries(self.year, text)
        except CalendarError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text


class LocalDayForm(forms.Form):
    """A center's own day (本地节假日与调休)."""

    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label="类别",
        choices=[("holiday", "休（本地放假）"), ("workday", "班（本地补班）")],
    )
    name = forms.CharField(label="名称", max_length=40, help_text="如 彝族年、县庆放假、补班")
    note = forms.CharField(
        label="依据", max_length=200, required=False, help_text="当地通知的标题和文号"
    )

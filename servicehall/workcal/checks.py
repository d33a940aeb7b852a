"""The warning that next year's calendar is missing or only estimated, from 1 November (the
State Council publishes it in November or December): shown to center admins on the home page
and the calendar pages, where they can act on it. It is not a system check any more: a
production server in December would fail `servicehall check --deploy --fail-level WARNING`
for want of a notice nobody has published yet (issue 23)."""

from __future__ import annotations

import datetime as dt

from django.db import DatabaseError
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from servicehall.workcal import workdays

WARN_FROM_MONTH = 11


def calendar_warnings(today: dt.date | None = None) -> list[str]:
    """What the calendar lacks, as the admin pages and ``check`` say it ("" when complete)."""
    today = today or timezone.localdate()
    said = []
    years = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    for year in years:
        status = workdays.year_status(year)
        if status == workdays.YearStatus.MISSING:
            said.append(
                f"工作日历缺少 {year} 年：期限和周报时段按周一至周五计算，请录入国务院办公厅的放假通知"
            )
        elif status == workdays.YearStatus.ESTIMATED:
            said.append(
                f"{year} 年工作日历为预估（仅法定假日，未含调休）：国务院办公厅通知公布后请录入"
            )
    return said


def home_panel(request: HttpRequest) -> str:
    """The home page's calendar warning for center admins; "" for everybody else or when the
    calendar is complete."""
    user = request.user
    if not user.is_authenticated or not getattr(user, "is_center_admin", False):
        return ""
    try:
        said = calendar_warnings()
    except DatabaseError:
        return ""
    if not said:
        return ""
    return render_to_string("workcal/_calendar_panel.html", {"warnings": said}, request=request)

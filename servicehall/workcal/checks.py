"""``servicehall check`` warns when next year's calendar is missing or only estimated, from
1 November (the State Council publishes it in November or December)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError
from django.utils import timezone

from servicehall.workcal import workdays

WARN_FROM_MONTH = 11


def calendar_warnings(today=None) -> list[str]:
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


@checks.register(checks.Tags.database)
def check_calendar(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        said = calendar_warnings()
    except DatabaseError:  # not migrated yet: `migrate` comes first
        return []
    return [checks.Warning(text, id="workcal.W001") for text in said]

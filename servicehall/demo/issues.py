"""The demo's published history (演示周报往期): every week of 2023 and January 2024.

The center publishes its weekly report every week, as the two real issues show:
政务服务工作 2023年第9期（总第429期）reports on 3月6日—3月10日 and 窗口工作周报 2024年第4期
（总第475期）on 1月22日—1月26日. Between them lie 46 calendar weeks and 46 serials, so every
week in between was published — the 2023 National Day week too, whose only working days are
its 调休 Saturday and Sunday (10月7日—8日, the working week ``workcal.working_week`` gives).
2023 then has 51 issues (总第421—471期) and 2024 begins with 第1—3期 (总第472—474期) on
1月2日—5日, 8日—12日 and 15日—19日. The report was renamed at the turn of the year: 政务服务工作
through 2023, 窗口工作周报 from 2024, the 总期号 counting on.

Before March 2023 the 9 numbers of 2023 (第1—9期) meet 10 calendar weeks (1月2日 … 3月6日): one
week had no issue. The demo skips the Spring Festival week (2023-01-23 … 27, all holiday),
whose only working days are its 调休 weekend (1月28日—29日) after seven days off; those two
days' work is in the year-to-date figures of the next issue (1月30日—2月3日), whose
year-to-date check agrees (it adds everything recorded after the previous issue's week).

The two real issues are imported in their places (not re-drafted); every other week is drafted
from the demo's records and goes through the real workflow: drafted, submitted and published by
the demo's ``admin``, approved by its ``leader``, dated ``PUBLICATION_LAG`` working days after
the week (2023年第9期 was dated 3月21日, seven working days after its week). The DOCX and PDF of
these issues wait for their first download (``workflow.publish(office_files=False)``).

After 2024-01-26 the demo stands where the second real issue was dated (2024-02-08): the week of
1月29日—2月4日 is a draft in the making (2024年第5期 to be), and the week of 2月5日—9日, the last
of the records before the 2024 Spring Festival, is still running, so it has no issue yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from servicehall.workcal.workdays import NoWorkingDays, WorkingWeek, add_working_days, working_week

if TYPE_CHECKING:
    from servicehall.accounts.models import User


PAST_ISSUES_DIR = Path(__file__).resolve().parent / "data" / "past_issues"

FIRST_WEEK = dt.date(2023, 1, 2)  # the Monday of the first published week
LAST_WEEK = dt.date(2024, 1, 22)  # the Monday of the last published week (the real 2024-4)
DRAFT_WEEKS = (dt.date(2024, 1, 29),)  # drafted, not published: the demo stands at 2024-02-08
SERIES_BY_YEAR = {2023: "政务服务工作", 2024: "窗口工作周报"}
FIRST_SERIAL = 421  # 2023年第1期: the eight weeks before 2023年第9期（总第429期）
PUBLICATION_LAG = 7  # working days from the week's last working day to the issue's date

# Weeks (by Monday) that had no issue, with the reason.
SKIPPED_WEEKS: dict[dt.date, str] = {
    dt.date(2023, 1, 23): (
        "春节假期（1月21日—27日）：本周仅有调休上班的1月28日、29日（周六、周日），"
        "中心未出刊，两日工作计入下期的今年以来累计"
    ),
}

# Weeks (by Monday) whose issue is a real one, imported from its file instead of drafted.
IMPORTED_WEEKS: dict[dt.date, Path] = {
    dt.date(2023, 3, 6): PAST_ISSUES_DIR / "政务服务工作2023年第9期.txt",
    dt.date(2024, 1, 22): PAST_ISSUES_DIR / "窗口工作周报2024年第4期.txt",
}


@dataclass(frozen=True)
class PlannedIssue:
    """One week of the demo's history (演示往期): its period, series and how it is published."""

    monday: dt.date
    week: WorkingWeek
    series: str
    source: Path | None  # the real issue's file, imported; None: drafted from the data
    issue_date: dt.date

    @property
    def imported(self) -> bool:
        return self.source is not None


def planned_issues() -> list[PlannedIssue]:
    """The published weeks in order, from ``FIRST_WEEK`` to ``LAST_WEEK``, skips left out."""
    planned = []
    monday = FIRST_WEEK
    while monday <= LAST_WEEK:
        if monday not in SKIPPED_WEEKS:
            try:
                week = working_week(monday)
            except NoWorkingDays:  # a whole week of holiday has no issue to publish
                week = None
            if week is not None:
                planned.append(
                    PlannedIssue(
                        monday=monday,
                        week=week,
                        series=SERIES_BY_YEAR[week.end.year],
                        source=IMPORTED_WEEKS.get(monday),
                        issue_date=add_working_days(week.end, PUBLICATION_LAG),
                    )
                )
        monday += dt.timedelta(days=7)
    return planned


def publish_history(editor: User, leader: User) -> dict[str, int]:
    """Publish the planned weeks through the real workflow (``editor`` drafts, submits and
    publishes, ``leader`` approves), import the real issues in their places and draft the
    weeks of ``DRAFT_WEEKS``; returns how many of each."""
    from servicehall.archive.services import store_report
    from servicehall.reports import workflow
    from servicehall.reports.drafting import draft_issue, find_series
    from servicehall.reports.layouts import ensure_shipped_series
    from servicehall.reports.models import Issue

    ensure_shipped_series()  # the series keep their shipped layouts when issues arrive
    counts = {"published_issues": 0, "imported_issues": 0, "draft_issues": 0}
    last_serial: int | None = None
    for planned in planned_issues():
        if planned.source is not None:
            last_serial = store_report(planned.source).document.serial
            counts["imported_issues"] += 1
            continue
        series = find_series(planned.series)
        issue = draft_issue(series, planned.monday, user=editor)
        workflow.submit(issue, editor)
        workflow.approve(issue, leader)
        first = not Issue.objects.filter(series=series, status=Issue.Status.PUBLISHED).exists()
        issue = workflow.publish(
            issue,
            editor,
            issue_date=planned.issue_date,
            # A series' first issue continues the 总期号 of the report it renames.
            first_serial=(FIRST_SERIAL if last_serial is None else last_serial + 1)
            if first
            else None,
            office_files=False,
        )
        last_serial = issue.serial
        counts["published_issues"] += 1
    for monday in DRAFT_WEEKS:
        draft_issue(find_series(SERIES_BY_YEAR[monday.year]), monday, user=editor)
        counts["draft_issues"] += 1
    return counts

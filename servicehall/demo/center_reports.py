"""The demo's city report (演示的市级周报): 成都市中心 runs its own 窗口工作周报 — its own
layout, issuer, 报送发 lists and numbering from 第1期 — counting the city with its districts
(本级及下级) and printing a table of its children; it published the weeks of 1月15日 and 1月22日
(2024年第1、2期) and submitted both to the province on the next working day. 绵阳市中心 runs
no report, so the province's 报送 tracker shows it late. The week of 1月29日 is left for
``city_admin`` to draft: its 第3期.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Center
from servicehall.workcal.workdays import add_working_days, working_week

if TYPE_CHECKING:
    from servicehall.accounts.models import User


CITY = "成都市政务服务中心"
WEEKS = (dt.date(2024, 1, 15), dt.date(2024, 1, 22))
CITY_LAYOUT = {
    "with_children": True,
    "sections": [
        {
            "heading": "综合窗口办件情况",
            "blocks": [
                {
                    "type": "text",
                    "template": (
                        "本周，全市综合窗口接待咨询{{ window.week.consult }}人次，"
                        "受理{{ window.week.accept }}件，办结{{ window.week.complete }}件，"
                        "出件{{ window.week.issue }}件。今年以来，累计受理"
                        "{{ window.ytd.accept }}件，办结{{ window.ytd.complete }}件。"
                    ),
                }
            ],
        },
        {"heading": "各区（市）县办件情况", "blocks": [{"type": "children"}]},
        {
            "heading": "各区（市）县工作亮点",
            "blocks": [{"type": "child_highlights", "paragraphs": 1}],
        },
    ],
}
DISTRIBUTION = [
    {"line": "报", "text": "省政务服务和公共资源交易服务中心", "copies": 2},
    {"line": "送", "text": "市政府办公厅、市政务服务管理和网络理政办公室", "copies": 4},
    {"line": "发", "text": "各区（市）县政务服务中心", "copies": 22},
]


def write_city_reports(editor: User) -> dict[str, int]:
    """The city's series and its two published, submitted issues (``editor``: its admin)."""
    from servicehall.reports import submission, workflow
    from servicehall.reports.drafting import draft_issue
    from servicehall.reports.models import (
        DistributionLine,
        IssueSubmission,
        ReportLayout,
        ReportSeries,
    )

    city = Center.objects.get(name=CITY)
    series = ReportSeries.objects.create(
        title="窗口工作周报", issuer=CITY, masthead=ReportSeries.Masthead.TITLE_FIRST, center=city
    )
    for line in DISTRIBUTION:
        DistributionLine.objects.create(series=series, **line)
    ReportLayout.objects.create(
        series=series, version=1, definition=CITY_LAYOUT, note="成都市中心周报", created_by="demo"
    )
    counts = {"city_issues": 0, "city_submissions": 0}
    for monday in WEEKS:
        week = working_week(monday)
        issue = draft_issue(series, monday, user=editor)
        workflow.submit(issue, editor)
        workflow.approve(issue)  # the city's leader has no demo login: the system approves
        issue = workflow.publish(issue, editor, issue_date=week.end, office_files=False)
        counts["city_issues"] += 1
        done = submission.submit(issue, editor)
        # Submitted on the next working day at ten, as the city does.
        when = dt.datetime.combine(add_working_days(week.end, 1), dt.time(10), SHANGHAI)
        IssueSubmission.objects.filter(pk=done.pk).update(submitted_at=when)
        counts["city_submissions"] += 1
    return counts

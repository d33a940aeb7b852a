"""The pre-publication checks on real cases, and their silence on the seeds' weeks (发布前检查)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from servicehall.gbt9704.document import document_from_json
from servicehall.journal.models import NewsCategory, NewsItem
from servicehall.reports import workflow
from servicehall.reports.checks import (
    check_department_entries,
    check_sources,
    department_name,
    run_checks,
)
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.testing.factories import PlatformDailyCountFactory

if TYPE_CHECKING:
    from servicehall.cases.models import CaseEvent
    from servicehall.demo.loader import LoadResult
    from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db
D = dt.date


# ---- the seeds' weeks, drafted from the demo: every warning they raise, and why -------------


def _messages(layout: str, day: dt.date) -> list[tuple[str, str]]:
    issue = draft_issue(find_series(layout), day)
    return [(f.check, f.message) for f in run_checks(issue)]


def test_the_2024_4_week_raises_only_warnings_a_reader_agrees_with(demo_db: LoadResult) -> None:
    assert _messages("窗口工作周报", D(2024, 1, 24)) == [
        # The week is published: the demo holds the real 2024年第4期, imported from the seed.
        (
            "covered",
            "本期时段已由窗口工作周报 2024年第4期（总第475期）（2024-01-22—2024-01-26）覆盖；"
            "发布时须填写再发一期的理由",
        ),
        # The seed itself says so: 今年以来 流转 21220 less this week's 2185 leaves 19035 for
        # the three weeks before (about 6300 a week, 6833 the week before), 颁发 11631 − 1017
        # leaves 10614 (3814 the week before): the week of 1月22日 fell by two thirds.
        ("jump", "本周流转 2185，较上周 6833 变化 -68%，超过 50%"),
        ("jump", "本周颁发 1017，较上周 3814 变化 -73%，超过 50%"),
    ]


def test_the_2023_9_week_raises_only_warnings_a_reader_agrees_with(demo_db: LoadResult) -> None:
    assert _messages("政务服务工作", D(2023, 3, 8)) == [
        # The demo published 2023年第9期 for this week.
        (
            "covered",
            "本期时段已由政务服务工作 2023年第9期（总第429期）（2023-03-06—2023-03-10）覆盖；"
            "发布时须填写再发一期的理由",
        ),
        # 815 consultations against 522 the week before (the week after the 2023-8 issue): a
        # rise the editor may want to explain, as the records show it.
        ("jump", "本周咨询 815，较上周 522 变化 +56%，超过 50%"),
    ]


# ---- department names after the list number --------------------------------------------------


@pytest.mark.parametrize(
    ("bold", "name"),
    [
        ("1.省市场监管局", "省市场监管局"),
        ("2．交通运输厅", "交通运输厅"),
        ("（3）省林草局", "省林草局"),
        ("4、 公安厅", "公安厅"),
        ("水利厅", "水利厅"),
    ],
)
def test_a_bold_name_is_read_without_its_list_number(bold: str, name: str) -> None:
    assert department_name(bold) == name


def test_a_numbered_department_is_known_and_an_unknown_one_is_flagged(
    center: Center, police: Department
) -> None:
    news = NewsCategory.objects.create(name="政务工作动态")
    NewsItem.objects.create(
        category=news, department=police, occurred_on=D(2024, 1, 23), text="公安厅印发通知。"
    )
    issue = draft_issue(find_series("窗口工作周报"), D(2024, 1, 24))
    # The drafter numbers the list outside the bold: "1." then **公安厅**.
    first = document_from_json(issue.document).sections[0].paragraphs[0].runs
    assert [(r.text, r.bold) for r in first] == [
        ("1.", False),
        ("公安厅", True),
        ("印发通知。", False),
    ]
    assert check_department_entries(issue) == []
    # An editor's bold that takes the number in, and a unit that is not stationed in the hall.
    workflow.edit_paragraph(issue, [0, 0], "**1.公安厅**印发通知。")
    workflow.edit_paragraph(issue, [0, 1], "**2.省外事办**召开会议。")
    assert [f.message for f in check_department_entries(issue)] == ["“省外事办”不在进驻部门名录中"]


# ---- a figure with no record behind it -------------------------------------------------------


def test_platform_figures_without_platform_data_for_the_week_are_an_error(
    center: Center, week_records: CaseEvent
) -> None:
    issue = draft_issue(find_series("政务服务工作"), D(2024, 1, 24))
    (finding,) = check_sources(issue)
    assert finding.severity == "error"
    assert finding.message == (
        "行政许可事项受理、行政许可事项办结、公共服务事项受理、公共服务事项办结、"
        "其它9类行权事项受理、其它9类行权事项办结无数据来源："
        "一体化平台每日办件统计缺2024-01-22至2024-01-26的数据（平台数据未导入）"
    )
    assert finding.details[0] == (
        "行政许可事项受理按“一体化平台每日办件统计（今年以来）”计算，"
        "草稿印为 0件，缺少本期记录，不能作为本期数字。"
    )
    assert finding in run_checks(issue)
    workflow.submit(issue)
    workflow.approve(issue)
    with pytest.raises(workflow.WorkflowError, match=r"行政许可事项受理.*无数据来源.*未发布"):
        workflow.publish(issue, issue_date=D(2024, 2, 8), office_files=False)
    # One day of platform data in the week: the figures have a source, 0 or not.
    workflow.send_back(issue, note="补导平台数据")
    PlatformDailyCountFactory(day=D(2024, 1, 25), accepted=0, completed=0)
    redrafted = draft_issue(find_series("政务服务工作"), D(2024, 1, 24))
    assert check_sources(redrafted) == []


def test_window_figures_of_a_week_without_any_event_are_an_error(
    center: Center, week_records: CaseEvent
) -> None:
    issue = draft_issue(find_series("窗口工作周报"), D(2024, 1, 31))
    assert [f.message for f in check_sources(issue)] == [
        "本周咨询、本周受理、本周颁发、本周流转无数据来源："
        "办件事件日志中2024-01-29至2024-02-04没有任何记录（未导入或未登记）"
    ]
    # The year to date has the event of 1月23日: it is sourced, and so is the handbook.
    assert "window.ytd.consult" in issue.figures and "handbook.done" in issue.figures
    # The editor deletes the paragraph that prints them: nothing unsourced is printed any more.
    workflow.edit_paragraph(issue, [0, 0, 0], "")
    assert check_sources(issue) == []


def test_an_empty_item_register_leaves_the_handbook_figures_without_source(center: Center) -> None:
    issue = draft_issue(find_series("窗口工作周报"), D(2024, 1, 24))
    messages = [f.message for f in check_sources(issue)]
    assert messages[-1] == (
        "受理工作手册完成办理项、受理工作手册完成占比无数据来源："
        "办理项登记为空（截至2024-01-26没有纳入的办理项）"
    )
    assert len(messages) == 3  # the week's events, the year's, the item register


def test_the_seeds_weeks_print_no_figure_without_source(demo_db: LoadResult) -> None:
    for layout, day in (("窗口工作周报", D(2024, 1, 24)), ("政务服务工作", D(2023, 3, 8))):
        issue = draft_issue(find_series(layout), day)
        assert check_sources(issue) == []
        assert len(issue.figures) >= 11

"""The checks follow the corrections (更正后的核对): the year-to-date identity (last issue's YTD
+ this week = this YTD) after every 数据更正 and 勘误, for every running total of the registry,
in the draft's checks and in the next issue's; and numbers typed anywhere in a paragraph."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from servicehall.catalog.models import ItemKind
from servicehall.figures import FIGURES, year_to_date_keys
from servicehall.gbt9704.document import document_from_json
from servicehall.reports import corrections
from servicehall.reports.bindings import walk_paragraphs
from servicehall.reports.checks import check_year_to_date, data_numbers, run_checks, ytd_breaks
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.reports.tests.test_drafting import hall  # noqa: F401  (the hand-built week)
from servicehall.reports.workflow import (
    WorkflowError,
    acknowledge_figure_text,
    approve,
    edit_paragraph,
    open_figure_mismatches,
    override_figure,
    publish,
    submit,
)
from servicehall.testing.factories import HandbookChangeFactory, PlatformDailyCountFactory

if TYPE_CHECKING:
    from servicehall.accounts.models import User
    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db
D = dt.date


def _publish(issue: Issue, admin: User, leader: User, day: dt.date) -> Issue:
    submit(issue, admin)
    approve(issue, leader)
    return publish(issue, admin, issue_date=day, office_files=False)


def _ytd(issue: Issue) -> list[str]:
    return [f.message for f in check_year_to_date(issue)]


@pytest.fixture
def two_weeks(hall: dict[str, Department], center_admin: User, leader: User) -> tuple[Issue, Issue]:  # noqa: F811
    """The week of 2024-01-22 published; the week of 2024-01-29 drafted (咨询 2, 受理 1)."""
    series = find_series("窗口工作周报")
    first = _publish(draft_issue(series, D(2024, 1, 24)), center_admin, leader, D(2024, 1, 29))
    second = draft_issue(series, D(2024, 1, 31))
    assert (second.figures["window.week.consult"], second.figures["window.ytd.consult"]) == (2, 3)
    assert _ytd(second) == []
    return first, second


def test_every_running_total_of_the_registry_is_checked() -> None:
    # Not only the comprehensive window's 今年以来: the platform's totals are running totals too.
    assert year_to_date_keys() == [
        *(f"window.ytd.{k}" for k in ("consult", "accept", "transfer", "issue", "complete")),
        *(
            f"platform.{g}.{m}"
            for g in ("license", "public", "other")
            for m in ("accept", "complete")
        ),
    ]
    assert FIGURES["window.ytd.consult"].week_key == "window.week.consult"
    assert FIGURES["platform.license.accept"].week_key == ""
    assert not FIGURES["handbook.done"].year_to_date


def test_overriding_the_week_breaks_the_year_to_date_and_the_draft_says_so(
    two_weeks: tuple[Issue, Issue], center_admin: User
) -> None:
    _, second = two_weeks
    override_figure(second, "window.week.consult", "5", "窗口手工台账多记3人次", center_admin)
    second.refresh_from_db()
    (finding,) = [f for f in run_checks(second) if f.check == "ytd"]
    assert finding.message == "今年以来咨询与上期累计不衔接（相差 -3）"
    assert finding.details[:3] == [
        "上期（2024年第1期，截至2024-01-26）今年以来咨询 1，其后至2024-02-04新增 5，应为 6，"
        "本期为 3，相差 -3。",
        "其中本期本周咨询印为 5。",
        "本周咨询已由 2 更正为 5（理由：窗口手工台账多记3人次）。",
    ]


def test_overriding_a_year_to_date_figure_is_found_too(
    two_weeks: tuple[Issue, Issue], center_admin: User
) -> None:
    _, second = two_weeks
    override_figure(second, "window.ytd.accept", "7", "按纸质登记簿", center_admin)
    second.refresh_from_db()
    assert _ytd(second) == ["今年以来受理与上期累计不衔接（相差 +6）"]
    # Overriding both consistently is quiet: the identity holds as printed.
    override_figure(second, "window.week.accept", "7", "按纸质登记簿", center_admin)
    second.refresh_from_db()
    assert _ytd(second) == []


def test_an_erratum_of_a_week_figure_is_found_in_its_draft_and_in_the_next_weeks_draft(
    two_weeks: tuple[Issue, Issue], center_admin: User, leader: User
) -> None:
    _, second = two_weeks
    second = _publish(second, center_admin, leader, D(2024, 2, 5))
    erratum = corrections.start_erratum(second, center_admin, "本周咨询人次漏记3人次")
    corrections.correct_figure(erratum, "window.week.consult", "5", center_admin)
    erratum.refresh_from_db()
    # The erratum's own draft: 今年以来 was left at 3 while the week became 5.
    assert _ytd(erratum) == ["今年以来咨询与上期累计不衔接（相差 -3）"]
    erratum = _publish(erratum, center_admin, leader, D(2024, 2, 6))
    # The week after the corrected one: its own link holds (records and the corrected 今年以来
    # agree), but the chain it builds on is broken by the erratum, and the draft says so.
    third = draft_issue(find_series("窗口工作周报"), D(2024, 2, 7))
    (finding,) = check_year_to_date(third)
    assert finding.message == (
        f"上期经勘误（{erratum}）后今年以来咨询与其上期累计不衔接（相差 -3）"
    )
    assert finding.details[0] == (
        "上上期（2024年第1期，截至2024-01-26）今年以来咨询 1，其后至2024-02-04新增 5，应为 6，"
        f"上期经勘误（{erratum}）为 3，相差 -3。"
    )
    assert finding.link == f"/reports/{erratum.pk}/"
    # Corrected consistently (a second erratum also moving 今年以来 to 6), the chain holds again,
    # and the next draft now warns that its own 今年以来 (from the records) is 3 short.
    again = corrections.start_erratum(second, center_admin, "今年以来咨询相应更正")
    corrections.correct_figure(again, "window.ytd.consult", "6", center_admin)
    again.refresh_from_db()
    assert _ytd(again) == []
    _publish(again, center_admin, leader, D(2024, 2, 7))
    assert [f.message for f in check_year_to_date(third)] == [
        "今年以来咨询与上期累计不衔接（相差 -3）"
    ]


def test_an_erratum_that_moves_a_total_warns_of_the_published_issue_after_it(
    two_weeks: tuple[Issue, Issue], center_admin: User, leader: User
) -> None:
    first, second = two_weeks
    _publish(second, center_admin, leader, D(2024, 2, 5))
    erratum = corrections.start_erratum(first, center_admin, "今年以来颁发少计")
    corrections.correct_figure(erratum, "window.ytd.issue", "4", center_admin)
    corrections.correct_figure(erratum, "window.week.issue", "4", center_admin)
    erratum.refresh_from_db()
    findings = check_year_to_date(erratum)
    assert [f.message for f in findings] == ["勘误后下期今年以来颁发不再衔接（相差 -3）"]
    assert "已发布" in findings[0].details[-1]


def test_the_platforms_running_totals_follow_the_same_identity(db: None) -> None:
    # 行政许可: 10 accepted a day; the base issue ends 1月5日 at 50, 3 days later 80.
    for day in range(1, 9):
        PlatformDailyCountFactory(day=D(2024, 1, day), item_kind=ItemKind.LICENSE)
    base = {"platform.license.accept": 50, "platform.license.complete": 45}
    right = {"platform.license.accept": 80, "platform.license.complete": 72}
    assert ytd_breaks(right, D(2024, 1, 8), D(2024, 1, 8), base, D(2024, 1, 5)) == []
    wrong = {**right, "platform.license.complete": 75}
    (found,) = ytd_breaks(wrong, D(2024, 1, 8), D(2024, 1, 8), base, D(2024, 1, 5))
    assert (found.key, found.between, found.week, int(found.difference)) == (
        "platform.license.complete",
        18,
        9,
        3,
    )


# ---- numbers typed anywhere in a paragraph --------------------------------------------------


@pytest.fixture
def handbook_week(hall: dict[str, Department]) -> Issue:  # noqa: F811
    """公安厅 completed 3 handbooks and 水利厅 1 in the week of 2024-01-29: drafted as
    "完成公安厅 3个、水利厅 1个办理项的受理工作手册编制。截至目前，共完成…"."""
    for department, n in ((hall["police"], 3), (hall["water"], 1)):
        for _ in range(n):
            HandbookChangeFactory(
                handling_item__service_item__department=department,
                handling_item__listed_on=D(2023, 1, 1),
                effective_on=D(2024, 1, 30),
            )
    issue = draft_issue(find_series("窗口工作周报"), D(2024, 1, 31))
    assert handbook_paragraph(issue)[1] == (
        "完成公安厅3个、水利厅1个办理项的受理工作手册编制。"
        "截至目前，共完成4个办理项的受理工作手册编制，占比80%。"
    )
    return issue


def handbook_paragraph(issue: Issue) -> tuple[list[int], str]:
    for path, _, paragraph in walk_paragraphs(document_from_json(issue.document)):
        if "手册" in paragraph.text:
            return [int(i) for i in path.split(",")], paragraph.text
    raise AssertionError("no handbook paragraph")


TOKENS = "截至目前，共完成⟦handbook.done⟧个办理项的受理工作手册编制，占比⟦handbook.percent⟧%。"


def _typed(issue: Issue) -> list[tuple[str, str, bool]]:
    return [
        (f.check, f.message, f.blocking)
        for f in run_checks(issue)
        if f.check in ("figure_text", "typed")
    ]


def test_a_correctly_reworded_handbook_sentence_raises_nothing(
    handbook_week: Issue, center_admin: User
) -> None:
    issue = handbook_week
    path, _ = handbook_paragraph(issue)
    assert _typed(issue) == []
    edit_paragraph(
        issue,
        path,
        "本周，完成公安厅3个、水利厅1个办理项的受理工作手册编制，涉及2个部门。" + TOKENS,
        center_admin,
    )
    issue.refresh_from_db()
    assert _typed(issue) == []


def test_a_wrong_count_typed_in_the_words_around_the_figures_blocks_publication(
    handbook_week: Issue, center_admin: User, leader: User
) -> None:
    issue = handbook_week
    path, _ = handbook_paragraph(issue)
    # Not a figure token: the per-department count is the wording's, typed over by the editor.
    edit_paragraph(
        issue, path, "完成公安厅30个、水利厅1个办理项的受理工作手册编制。" + TOKENS, center_admin
    )
    issue.refresh_from_db()
    heading = "综窗改革攻坚行动 › 事项授权及受理手册编制推进情况"
    assert _typed(issue) == [
        (
            "figure_text",
            f"文中数字与数据不符：“{heading}”中完成公安厅写为 30个，按数据起草为 3个",
            True,
        )
    ]
    (mismatch,) = open_figure_mismatches(issue)
    submit(issue, center_admin)
    approve(issue, leader)
    with pytest.raises(WorkflowError, match="30"):
        publish(issue, center_admin, issue_date=D(2024, 2, 5), office_files=False)
    acknowledge_figure_text(
        issue, mismatch.finding_key, "公安厅口头报告为30个，以此为准", center_admin
    )
    assert [blocking for *_, blocking in _typed(issue)] == [False]


def test_a_count_of_departments_no_data_backs_is_a_warning(
    handbook_week: Issue, center_admin: User
) -> None:
    issue = handbook_week
    path, _ = handbook_paragraph(issue)
    edit_paragraph(
        issue,
        path,
        "完成公安厅3个、水利厅1个办理项的受理工作手册编制，涉及7个部门。" + TOKENS,
        center_admin,
    )
    issue.refresh_from_db()
    heading = "综窗改革攻坚行动 › 事项授权及受理手册编制推进情况"
    assert _typed(issue) == [
        (
            "typed",
            f"文中数字无数据依据：“{heading}”中“涉及7个”的 7个不是本期任何数据，也不在起草的文字中",
            False,
        )
    ]
    # The week's data holds the count of departments that completed handbooks (2).
    assert Decimal(2) in data_numbers(issue.period) and Decimal(7) not in data_numbers(issue.period)

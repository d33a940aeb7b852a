"""The demo's published history: every week of 2023 and January 2024, numbered as the center
numbers (demo.issues), the two real issues in their places."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from servicehall.reports.drafting import center_series
from servicehall.reports.models import Issue, IssueSubmission

if TYPE_CHECKING:
    from servicehall.demo.loader import LoadResult

pytestmark = pytest.mark.django_db
D = dt.date


def published() -> list[
    tuple[str, int | None, int | None, int | None, dt.date | None, dt.date | None]
]:
    """The province's own published issues (成都市中心 numbers its own series, below)."""
    return list(
        Issue.objects.filter(status=Issue.Status.PUBLISHED, series__in=center_series())
        .order_by("serial")
        .values_list("series__title", "year", "number", "serial", "period_start", "period_end")
    )


def test_the_serials_run_from_421_to_475_without_a_gap_or_a_repeat(demo_db: LoadResult) -> None:
    serials = [row[3] for row in published()]
    assert serials == list(range(421, 476))
    by_year: dict[int | None, list[int | None]] = {}
    for _title, year, number, *_ in published():
        by_year.setdefault(year, []).append(number)
    assert by_year == {2023: list(range(1, 52)), 2024: [1, 2, 3, 4]}
    periods = []
    for row in published():
        assert row[4] is not None  # a published issue states its period
        periods.append(row[4])
    assert periods == sorted(periods) and len(set(periods)) == len(periods)


def test_the_real_issues_sit_in_their_places_imported(demo_db: LoadResult) -> None:
    rows = {row[3]: row for row in published()}
    assert rows[429] == ("政务服务工作", 2023, 9, 429, D(2023, 3, 6), D(2023, 3, 10))
    assert rows[475] == ("窗口工作周报", 2024, 4, 475, D(2024, 1, 22), D(2024, 1, 26))
    imported = Issue.objects.filter(
        origin="imported", status=Issue.Status.PUBLISHED, series__in=center_series()
    )
    assert list(imported.order_by("serial").values_list("serial", flat=True)) == [429, 475]
    assert rows[428][4:] == (D(2023, 2, 27), D(2023, 3, 3))
    assert rows[430][4:] == (D(2023, 3, 13), D(2023, 3, 17))


def test_2024_starts_at_472_in_the_renamed_series_and_2023_ends_at_471(demo_db: LoadResult) -> None:
    rows = {row[3]: row for row in published()}
    assert rows[471] == ("政务服务工作", 2023, 51, 471, D(2023, 12, 25), D(2023, 12, 29))
    assert rows[472] == ("窗口工作周报", 2024, 1, 472, D(2024, 1, 2), D(2024, 1, 5))
    assert rows[474][4:] == (D(2024, 1, 15), D(2024, 1, 19))
    assert rows[421][:3] == ("政务服务工作", 2023, 1) and rows[421][4] == D(2023, 1, 3)
    # dated in January, numbered in the year of its week
    assert Issue.objects.get(serial=471).issue_date == D(2024, 1, 10)


def test_the_spring_festival_week_has_no_issue_and_the_national_day_week_has_one(
    demo_db: LoadResult,
) -> None:
    assert not Issue.objects.filter(
        period_start__lte=D(2023, 1, 29), period_end__gte=D(2023, 1, 21)
    ).exists()
    national_day = Issue.objects.get(period_start=D(2023, 10, 7))
    assert (national_day.period_end, national_day.status) == (
        D(2023, 10, 8),
        Issue.Status.PUBLISHED,
    )


def test_after_the_last_real_issue_one_week_is_a_draft_and_the_next_has_none(
    demo_db: LoadResult,
) -> None:
    later = Issue.objects.filter(period_start__gt=D(2024, 1, 26), series__in=center_series())
    assert list(later.values_list("status", "period_start", "period_end", "number")) == [
        (Issue.Status.DRAFT, D(2024, 1, 29), D(2024, 2, 4), None)
    ]


def test_drafted_issues_went_through_review_by_the_demo_users_and_wait_for_office_files(
    demo_db: LoadResult,
) -> None:
    issue = Issue.objects.get(serial=450)
    assert list(issue.actions.order_by("pk").values_list("action", "username")) == [
        ("draft", "admin"),
        ("submit", "admin"),
        ("approve", "leader"),
        ("publish", "admin"),
    ]
    assert issue.issue_date is not None and issue.period_end is not None
    assert issue.issue_date > issue.period_end
    assert sorted(issue.files.values_list("format", flat=True)) == ["html", "txt"]
    assert issue.figures["window.week.consult"] > 0


def test_every_issues_year_to_date_follows_from_the_one_before(demo_db: LoadResult) -> None:
    """The skipped Spring Festival week's two 调休 days reach the next issue's 今年以来 only."""
    from servicehall.reports.checks import check_year_to_date

    findings = {
        str(issue): [f.message for f in check_year_to_date(issue)]
        for issue in Issue.objects.filter(series__in=center_series()).order_by("period_start")
    }
    assert len(findings) == 56
    assert {name: found for name, found in findings.items() if found} == {}
    after = Issue.objects.get(serial=424)  # 1月30日—2月3日, after the skipped week
    before = Issue.objects.get(serial=423)  # 1月16日—20日
    assert after.figures["window.ytd.consult"] > (
        before.figures["window.ytd.consult"] + after.figures["window.week.consult"]
    )


def test_chengdu_numbers_its_own_series_and_submitted_both_issues_to_the_province(
    demo_db: LoadResult,
) -> None:
    from servicehall.org.models import Center

    city = Center.objects.get(name="成都市政务服务中心")
    rows = list(
        Issue.objects.filter(series__center=city)
        .order_by("period_start")
        .values_list("series__title", "year", "number", "serial", "period_start", "status")
    )
    assert rows == [
        ("窗口工作周报", 2024, 1, 1, D(2024, 1, 15), Issue.Status.PUBLISHED),
        ("窗口工作周报", 2024, 2, 2, D(2024, 1, 22), Issue.Status.PUBLISHED),
    ]
    submissions = IssueSubmission.objects.filter(center=city).order_by("period_end")
    assert [(s.parent.short_name, s.username) for s in submissions] == [
        ("省中心", "city_admin"),
        ("省中心", "city_admin"),
    ]
    # 本级及下级: the city with 双流区 and 东升街道.
    last_submission = submissions.last()
    assert last_submission is not None
    last = last_submission.issue
    assert last.figures["window.week.accept"] > 0

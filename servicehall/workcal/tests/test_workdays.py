"""The working-day calendar, read from its table, decides deadlines and the report's week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from servicehall.accounts.models import User
from servicehall.org.models import Center
from servicehall.workcal import services, workdays
from servicehall.workcal.checks import calendar_warnings
from servicehall.workcal.models import CalendarDay, CalendarYear
from servicehall.workcal.workdays import (
    NoWorkingDays,
    add_working_days,
    is_workday,
    working_days_between,
    working_week,
)

D = dt.date
pytestmark = pytest.mark.django_db


def test_an_ordinary_week_runs_monday_to_friday() -> None:
    week = working_week(D(2024, 1, 24))
    assert (week.start, week.end, len(week.days)) == (D(2024, 1, 22), D(2024, 1, 26), 5)


def test_a_tiaoxiu_sunday_belongs_to_its_week() -> None:
    # 2024-02-04 (Sunday) was a working day before the Spring Festival.
    assert is_workday(D(2024, 2, 4))
    week = working_week(D(2024, 2, 2))
    assert (week.start, week.end) == (D(2024, 1, 29), D(2024, 2, 4))


def test_a_week_of_holidays_has_no_working_week() -> None:
    with pytest.raises(NoWorkingDays):
        working_week(D(2020, 1, 29))  # Spring Festival 2020, extended: 24 January – 2 February off


def test_the_national_day_week_of_2023_starts_on_the_tiaoxiu_saturday() -> None:
    # 2023-10-07 (Saturday) and 10-08 (Sunday) were working days after the holiday.
    week = working_week(D(2023, 10, 7))
    assert (week.start, week.end) == (D(2023, 10, 7), D(2023, 10, 8))


def test_adding_working_days_skips_the_spring_festival() -> None:
    assert add_working_days(D(2024, 2, 9), 1) == D(2024, 2, 18)
    assert working_days_between(D(2024, 2, 5), D(2024, 2, 18)) == 6


def test_the_migration_loads_every_year_chinese_calendar_knows_and_estimates_the_next() -> None:
    years = dict(CalendarYear.objects.values_list("year", "status"))
    assert years[2004] == years[2026] == "published"
    assert years[2027] == "estimated" and max(years) == 2027
    national_day = CalendarDay.objects.filter(date__range=(D(2026, 10, 1), D(2026, 10, 7)))
    assert {d.name for d in national_day} == {"国庆节"} and national_day.count() == 7
    sunday = CalendarDay.objects.get(date=D(2026, 9, 20))
    assert (sunday.kind, sunday.name) == ("workday", "国庆节调休上班")


def test_a_deadline_of_15_working_days_across_the_2026_national_day() -> None:
    """A 差评 on Monday 2026-09-28: 9-29, 9-30, (10-1…10-7 off), 10-8, 10-9, the 调休
    Saturday 10-10, then 10-12 … 10-23 is the 15th. Monday–Friday would say 10-19."""
    assert add_working_days(D(2026, 9, 28), 15) == D(2026, 10, 23)


def test_the_2027_statutory_estimate() -> None:
    entries = services.statutory_entries(2027)
    assert [(f"{e.date:%m-%d}", e.name) for e in entries] == [
        ("01-01", "元旦"),
        ("02-05", "春节"),  # 除夕
        ("02-06", "春节"),
        ("02-07", "春节"),
        ("02-08", "春节"),
        ("04-05", "清明节"),
        ("05-01", "劳动节"),
        ("05-02", "劳动节"),
        ("06-09", "端午节"),
        ("09-15", "中秋节"),
        ("10-01", "国庆节"),
        ("10-02", "国庆节"),
        ("10-03", "国庆节"),
    ]


def test_a_period_across_new_year_2027_uses_the_table_not_a_fallback() -> None:
    """The week of 2026-12-28: 2027-01-01 (a Friday) is 元旦 in the table, so the week ends on
    Thursday; with the year deleted it counts Monday–Friday and every warning says so."""
    week = working_week(D(2026, 12, 30))
    assert (week.start, week.end) == (D(2026, 12, 28), D(2026, 12, 31))
    # The State Council's notice typed in: 1–3 January off, Saturday 9 January on.
    services.save_year(
        2027,
        status="published",
        source="国务院办公厅关于2027年部分节假日安排的通知",
        entries=services.parse_entries(
            2027,
            "2027-01-01 休 元旦\n2027-01-02 休 元旦\n2027-01-03 休 元旦\n2027-01-09 班 元旦调休上班",
        ),
    )
    assert workdays.year_status(2027) == "published"  # seen at once, no waiting
    assert working_week(D(2027, 1, 6)).days == tuple(D(2027, 1, d) for d in (4, 5, 6, 7, 8, 9))
    CalendarYear.objects.filter(year=2027).delete()
    assert workdays.year_status(2027) == "missing"
    assert working_week(D(2026, 12, 30)).end == D(2027, 1, 1)
    assert calendar_warnings(today=D(2026, 11, 23)) == [
        "工作日历缺少 2027 年：期限和周报时段按周一至周五计算，请录入国务院办公厅的放假通知"
    ]


def test_next_year_is_warned_from_the_first_of_november() -> None:
    assert calendar_warnings(today=D(2026, 10, 31)) == []
    assert calendar_warnings(today=D(2026, 11, 1)) == [
        "2027 年工作日历为预估（仅法定假日，未含调休）：国务院办公厅通知公布后请录入"
    ]


def test_an_emptied_table_is_filled_again_on_first_use() -> None:
    CalendarYear.objects.all().delete()
    workdays.forget()
    assert not is_workday(D(2024, 2, 12))  # 春节 2024, from the refilled table
    assert CalendarYear.objects.count() == 24


@pytest.mark.parametrize(
    "text, error",
    [
        ("2027-01-01 元旦", "第 1 行“2027-01-01 元旦”：应为“2027-01-01 休 元旦”的格式"),
        ("\n2027-02-30 休 春节", "第 2 行：2027-02-30 不是有效日期"),
        ("2026-12-31 休 元旦", "第 1 行：2026-12-31 不在 2027 年"),
        ("2027-01-04 班 元旦调休上班", "第 1 行：2027-01-04 是周一，本就上班，不必标“班”"),
        ("2027-01-01 休 元旦\n2027-01-01 休 元旦", "第 2 行：2027-01-01 重复"),
        ("2027-01-01 休", "第 1 行：请写明名称，如“春节”或“春节调休上班”"),
    ],
)
def test_a_bad_line_is_refused_with_its_number_and_nothing_changes(text: str, error: str) -> None:
    before = list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind"))
    with pytest.raises(services.CalendarError) as raised:
        services.parse_entries(2027, text)
    assert str(raised.value) == error
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind")) == before


def test_a_draft_in_an_estimated_year_says_so_and_one_in_a_published_year_does_not(
    center: Center,
) -> None:
    from servicehall.reports.checks import check_calendar
    from servicehall.reports.drafting import draft_issue, find_series

    series = find_series("窗口工作周报")
    assert check_calendar(draft_issue(series, D(2026, 12, 16))) == []
    [finding] = check_calendar(draft_issue(series, D(2027, 1, 6)))
    assert finding.message == "2027 年工作日历为预估（未含调休）：本期的工作周可能与放假通知不符"
    assert finding.link == "/calendar/2027/"


def test_the_center_admins_home_page_warns_of_an_estimated_next_year_not_check(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    client: Client,
    center_admin: User,
    clerk: User,
) -> None:
    from django.core.management import call_command

    monkeypatch.setattr(timezone, "localdate", lambda: D(2026, 11, 23))  # as checks reads it
    # `check --deploy --fail-level WARNING` must pass on a production server in December.
    call_command("check")
    said = capsys.readouterr()
    assert "2027 年工作日历为预估" not in said.err + said.out
    client.force_login(center_admin)
    home = client.get("/").content.decode()
    assert 'id="calendar-warning"' in home and "2027 年工作日历为预估" in home
    client.force_login(clerk)
    assert "calendar-warning" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "start, end",
    [
        (D(2024, 2, 5), D(2024, 2, 18)),  # 春节 2024 with its 调休 Sunday
        (D(2023, 9, 25), D(2023, 10, 15)),  # 中秋 and 国庆 2023, two 调休 days
        (D(2026, 12, 20), D(2027, 1, 10)),  # into the estimated year
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2099, 1, 1), D(2099, 1, 31)),  # a year the table does not hold
        (D(2024, 3, 5), D(2024, 3, 4)),  # an empty range
    ],
)
def test_counting_a_range_agrees_with_asking_each_day(start: D, end: D) -> None:
    by_day = sum(is_workday(start + dt.timedelta(days=i)) for i in range((end - start).days + 1))
    assert working_days_between(start, end) == by_day


def test_days_left_to_a_promised_date() -> None:
    # Monday 2024-02-05: Tue–Fri 6–9 are working days, 10–17 are 春节, Sunday 18 is on.
    assert workdays.working_days_left(D(2024, 2, 5), D(2024, 2, 5)) == 0
    assert workdays.working_days_left(D(2024, 2, 18), D(2024, 2, 5)) == 5
    assert workdays.working_days_left(D(2024, 2, 5), D(2024, 2, 18)) == -5

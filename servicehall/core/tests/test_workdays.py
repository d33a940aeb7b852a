"""The Chinese working-day calendar decides the report's week."""

import datetime as dt

import pytest

from servicehall.core.workdays import (
    NoWorkingDays,
    add_working_days,
    is_workday,
    working_days_between,
    working_week,
)

D = dt.date


def test_an_ordinary_week_runs_monday_to_friday():
    week = working_week(D(2024, 1, 24))
    assert (week.start, week.end, len(week.days)) == (D(2024, 1, 22), D(2024, 1, 26), 5)


def test_a_tiaoxiu_sunday_belongs_to_its_week():
    # 2024-02-04 (Sunday) was a working day before the Spring Festival.
    assert is_workday(D(2024, 2, 4))
    week = working_week(D(2024, 2, 2))
    assert (week.start, week.end) == (D(2024, 1, 29), D(2024, 2, 4))


def test_a_week_of_holidays_has_no_working_week():
    with pytest.raises(NoWorkingDays):
        working_week(D(2020, 1, 29))  # Spring Festival 2020, extended: 24 January – 2 February off


def test_the_national_day_week_of_2023_starts_on_the_tiaoxiu_saturday():
    # 2023-10-07 (Saturday) and 10-08 (Sunday) were working days after the holiday.
    week = working_week(D(2023, 10, 7))
    assert (week.start, week.end) == (D(2023, 10, 7), D(2023, 10, 8))


def test_adding_working_days_skips_the_spring_festival():
    assert add_working_days(D(2024, 2, 9), 1) == D(2024, 2, 18)
    assert working_days_between(D(2024, 2, 5), D(2024, 2, 18)) == 6


def test_a_year_without_published_calendar_falls_back_to_weekdays():
    assert is_workday(D(2099, 3, 2)) and not is_workday(D(2099, 3, 7))

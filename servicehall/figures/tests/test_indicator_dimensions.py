"""The indicators per department, window and 办理项, against last year and the targets, on the
hand-counted March 2024 of ``test_indicators``: every value written here by hand."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from io import StringIO
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from servicehall.accounts.models import User
from servicehall.cases.models import Case
from servicehall.catalog.models import HandlingItem
from servicehall.core.periods import Period
from servicehall.figures import leader as indicator_page
from servicehall.figures.indicators import (
    BY_KEY,
    INDICATORS,
    Dimension,
    Number,
    Scope,
    compute_all,
    groups,
    same_period_last_year,
)
from servicehall.figures.models import IndicatorTarget
from servicehall.figures.scope import CenterScope
from servicehall.figures.tests.test_indicators import AS_OF, MARCH, at, march  # noqa: F401
from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def windows(march: None) -> None:  # noqa: F811
    """Cases C1, C2, C5, C7 accepted at window A1, C3 and C4 at B2; C6 at none."""
    # Saved one by one, as the desk does: the indicators' monthly rollups follow each save.
    for window, numbers in (("A1", ["C1", "C2", "C5", "C7"]), ("B2", ["C3", "C4"])):
        for case in Case.objects.filter(case_no__in=numbers):
            case.accepted_window = window
            case.save()


def measured(scope: Scope) -> dict[str, tuple[float | None, Number, Number | None]]:
    return {
        key: (None if m.value is None else float(m.value), m.numerator, m.denominator)
        for key, m in compute_all(scope).items()
    }


NONE = (None, 0, 0)

# 公安厅: cases C1, C2, C4 (办结 in March), C5, C7; its 办理项 I1, I2; six March ratings.
POLICE = {
    "on_time_rate": (66.67, 2, 3),  # C1, C2 on time; C4 late
    "overdue_completed": (1, 1, None),
    "same_day_rate": (33.33, 1, 3),  # C1
    "immediate_share": (50.0, 1, 2),  # I2
    "time_limit_compression": (80.0, 24, 30),  # (20 − 5) + (10 − 1) of 30
    "handling_days_mean": (2.0, 6, 3),  # 0 + 4 + 2
    "handling_days_p90": (4, 4, None),
    "promised_days_mean": (3.67, 11, 3),  # 5 + 5 + 1
    "at_most_once_share": (100.0, 2, 2),
    "zero_visit_share": (50.0, 1, 2),
    "fully_online_rate": (50.0, 1, 2),
    "online_case_share": (25.0, 1, 4),  # C5 of C1, C2, C5, C7
    "active_rating_rate": (100.0, 3, 3),
    "good_rating_rate": (50.0, 3, 6),  # 5, 4, 3 of 5, 4, 1, 3, 1, 2
    "rating_level_5_share": (16.67, 1, 6),
    "rating_level_4_share": (16.67, 1, 6),
    "rating_level_3_share": (16.67, 1, 6),
    "rating_level_2_share": (16.67, 1, 6),
    "rating_level_1_share": (33.33, 2, 6),
    "rating_mean_score": (2.67, 16, 6),
    "bad_rectified_on_time_rate": (50.0, 1, 2),  # C2's on time, e4 late; e6 not yet due
    "real_name_bad_revisit_rate": (50.0, 1, 2),  # C2's yes, e4 no
    "stationed_rate": (100.0, 1, 1),
    "authorized_rate": (50.0, 1, 2),  # I1
}

# Window B2: C3 (水利厅) and C4 (公安厅); a window has no 办理项 or department facts.
WINDOW_B2 = {
    "on_time_rate": (0.0, 0, 2),
    "overdue_completed": (2, 2, None),
    "same_day_rate": (0.0, 0, 2),
    "immediate_share": NONE,
    "time_limit_compression": NONE,
    "handling_days_mean": (7.5, 15, 2),  # 13 + 2
    "handling_days_p90": (13, 13, None),
    "promised_days_mean": (5.5, 11, 2),  # 10 + 1
    "at_most_once_share": NONE,
    "zero_visit_share": NONE,
    "fully_online_rate": NONE,
    "online_case_share": (0.0, 0, 1),  # C3 (mail); C4 was accepted in February
    "active_rating_rate": (100.0, 2, 2),
    "good_rating_rate": (0.0, 0, 2),  # e3 (2), e4 (1)
    "rating_level_5_share": (0.0, 0, 2),
    "rating_level_4_share": (0.0, 0, 2),
    "rating_level_3_share": (0.0, 0, 2),
    "rating_level_2_share": (50.0, 1, 2),
    "rating_level_1_share": (50.0, 1, 2),
    "rating_mean_score": (1.5, 3, 2),
    "bad_rectified_on_time_rate": (50.0, 1, 2),  # e3 on time, e4 late
    "real_name_bad_revisit_rate": (50.0, 1, 2),  # e3 yes, e4 no
    "stationed_rate": NONE,
    "authorized_rate": NONE,
}

# 办理项 I2 (即办, 零跑动, 全程网办, 法定 10 → 承诺 1, not authorised): cases C4, C5.
ITEM_I2 = {
    "on_time_rate": (0.0, 0, 1),  # C4 late
    "overdue_completed": (1, 1, None),
    "same_day_rate": (0.0, 0, 1),
    "immediate_share": (100.0, 1, 1),
    "time_limit_compression": (90.0, 9, 10),
    "handling_days_mean": (2.0, 2, 1),
    "handling_days_p90": (2, 2, None),
    "promised_days_mean": (1.0, 1, 1),
    "at_most_once_share": (100.0, 1, 1),
    "zero_visit_share": (100.0, 1, 1),
    "fully_online_rate": (100.0, 1, 1),
    "online_case_share": (100.0, 1, 1),  # C5
    "active_rating_rate": (100.0, 1, 1),
    "good_rating_rate": (33.33, 1, 3),  # e4 (1), C5's 3 and 1
    "rating_level_5_share": (0.0, 0, 3),
    "rating_level_4_share": (0.0, 0, 3),
    "rating_level_3_share": (33.33, 1, 3),
    "rating_level_2_share": (0.0, 0, 3),
    "rating_level_1_share": (66.67, 2, 3),
    "rating_mean_score": (1.67, 5, 3),
    "bad_rectified_on_time_rate": (0.0, 0, 1),  # e4 late; e6 not yet due
    "real_name_bad_revisit_rate": (0.0, 0, 1),
    "stationed_rate": NONE,
    "authorized_rate": (0.0, 0, 1),
}


def test_every_dimension_is_hand_counted_for_every_indicator() -> None:
    keys = {i.key for i in INDICATORS}
    assert set(POLICE) == set(WINDOW_B2) == set(ITEM_I2) == keys


def test_per_department(windows: None, police: Department) -> None:
    scope = Scope(MARCH, as_of=AS_OF, departments=(police.pk,))
    assert measured(scope) == POLICE


def test_per_window(windows: None) -> None:
    assert measured(Scope(MARCH, as_of=AS_OF, window="B2")) == WINDOW_B2


def test_per_item(windows: None) -> None:
    i2 = Case.objects.get(case_no="C4").handling_item
    assert i2 is not None
    assert measured(Scope(MARCH, as_of=AS_OF, item=i2.pk)) == ITEM_I2


def test_the_lines_of_each_dimension(windows: None, police: Department, water: Department) -> None:
    scope = Scope(MARCH, as_of=AS_OF)
    assert [g.label for g in groups(scope, Dimension.DEPARTMENT)] == [police.name, water.name]
    by_window = groups(scope, Dimension.WINDOW)
    assert [g.label for g in by_window] == ["A1号窗口", "B2号窗口"]
    assert measured(by_window[1].scope) == WINDOW_B2
    # Items with cases in March or listed on its last day: I1, I2, I3 (the fourth delisted).
    assert len(groups(scope, Dimension.ITEM)) == 3
    police_line = groups(scope, Dimension.DEPARTMENT)[0]
    assert measured(police_line.scope) == POLICE


def test_per_child_center_and_with_children(march: None, police: Department) -> None:  # noqa: F811
    child = Center.objects.create(name="测试市中心", level=Center.Level.CITY, parent=police.center)
    city = Department.objects.create(
        center=child, name="市税务局", stationed_on=dt.date(2020, 1, 1)
    )
    Case.objects.create(
        case_no="T1",
        department=city,
        accepted_at=at(3, 6),
        completed_at=at(3, 7),
        promised_by=dt.date(2024, 3, 8),
        promised_days=2,
    )
    tree = CenterScope(police.center, with_children=True)
    scope = indicator_page.scope_of(MARCH, tree)
    lines = groups(scope, Dimension.CENTER, tree)
    assert [g.label for g in lines] == ["测试中心（本级）", "测试市中心"]
    on_time = BY_KEY["on_time_rate"]
    got = [
        (float(m.value or 0), m.numerator, m.denominator)
        for m in (on_time.measure(g.scope) for g in lines)
    ]
    assert got == [(50.0, 2, 4), (100.0, 1, 1)]
    whole = on_time.measure(scope)
    assert (whole.value, whole.numerator, whole.denominator) == (Decimal("60.00"), 3, 5)
    # Every center ≥ 60, every 市级 center ≥ 100.01: the center itself (50) and the city (100)
    # each miss the target of its own level.
    IndicatorTarget.objects.create(
        indicator="on_time_rate", value=Decimal("60"), effective_on=dt.date(2024, 1, 1)
    )
    IndicatorTarget.objects.create(
        indicator="on_time_rate",
        level=Center.Level.CITY,
        value=Decimal("100.01"),
        effective_on=dt.date(2024, 1, 1),
    )
    found = indicator_page.misses(scope, tree, Dimension.CENTER)
    assert [(m.group.label, m.measure.value, m.target.value) for m in found] == [
        ("测试中心（本级）", Decimal("50.00"), Decimal("60.00")),
        ("测试市中心", Decimal("100.00"), Decimal("100.01")),
    ]


def test_the_cases_behind_numerator_denominator_and_rest(windows: None, police: Department) -> None:
    scope = Scope(MARCH, as_of=AS_OF, departments=(police.pk,))
    on_time = BY_KEY["on_time_rate"]

    def numbers(part: str) -> list[str]:
        return sorted(on_time.cases_behind(scope, part).values_list("case_no", flat=True))

    assert numbers("numerator") == ["C1", "C2"]
    assert numbers("denominator") == ["C1", "C2", "C4"]
    assert numbers("rest") == ["C4"]  # 超期件
    good = BY_KEY["good_rating_rate"]
    assert sorted(good.cases_behind(scope, "denominator").values_list("case_no", flat=True)) == [
        "C1", "C2", "C4", "C5",
    ]  # fmt: skip
    p90 = BY_KEY["handling_days_p90"]
    assert not p90.cases_behind(scope, "denominator").exists()


def test_same_period_last_year() -> None:
    assert same_period_last_year(Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29))) == Period(
        dt.date(2023, 2, 1), dt.date(2023, 2, 28)
    )


def test_the_overview_against_last_year_and_the_targets(march: None, police: Department) -> None:  # noqa: F811
    last_march = dt.datetime(2023, 3, 6, 9, tzinfo=at(3, 1).tzinfo)
    Case.objects.create(
        case_no="L1",
        department=police,
        accepted_at=last_march,
        completed_at=last_march + dt.timedelta(days=1),
        promised_by=dt.date(2023, 3, 10),
        promised_days=5,
    )
    IndicatorTarget.objects.create(
        indicator="on_time_rate", value=Decimal("60"), effective_on=dt.date(2024, 1, 1)
    )
    # A later one for every 省级 center, then one for this center alone: its own wins.
    IndicatorTarget.objects.create(
        indicator="on_time_rate",
        level=Center.Level.PROVINCE,
        value=Decimal("40"),
        effective_on=dt.date(2024, 2, 1),
    )
    IndicatorTarget.objects.create(
        indicator="handling_days_mean",
        direction=IndicatorTarget.Direction.AT_MOST,
        value=Decimal("4"),
        effective_on=dt.date(2024, 3, 1),
    )
    center_scope = CenterScope(police.center)
    lines = {
        line.indicator.key: line
        for line in indicator_page.overview(Scope(MARCH, as_of=AS_OF), center_scope)
    }
    on_time = lines["on_time_rate"]
    assert (on_time.measure.value, on_time.before.value) == (Decimal("50.00"), Decimal("100.00"))
    assert on_time.change == Decimal("-50.00")
    assert on_time.target is not None and on_time.target.value == Decimal("40.00")
    assert not on_time.missed
    assert lines["overdue_completed"].change == 2  # 2 this March, 0 the last
    days = lines["handling_days_mean"]
    assert days.measure.value == Decimal("4.75") and days.missed  # above 不高于 4
    # Before the 省级 target (2024-02-01) the all-centers one (60) held.
    assert IndicatorTarget.in_force(police.center, dt.date(2024, 1, 31))["on_time_rate"].value == 60
    IndicatorTarget.objects.create(
        indicator="on_time_rate",
        center=police.center,
        value=Decimal("55"),
        effective_on=dt.date(2024, 1, 15),
    )
    assert IndicatorTarget.in_force(police.center, dt.date(2024, 3, 31))["on_time_rate"].value == 55


def test_who_misses_a_target_per_department(
    windows: None, police: Department, water: Department
) -> None:
    IndicatorTarget.objects.create(
        indicator="on_time_rate", value=Decimal("60"), effective_on=dt.date(2024, 1, 1)
    )
    center_scope = CenterScope(police.center)
    found = indicator_page.misses(Scope(MARCH, as_of=AS_OF), center_scope, Dimension.DEPARTMENT)
    # 公安厅 66.67 meets 60; 水利厅 0.00 (C3 late of C3) misses.
    assert [(m.group.label, m.indicator.key, m.measure.value) for m in found] == [
        (water.name, "on_time_rate", Decimal("0.00"))
    ]


def test_the_default_period_is_the_last_full_month() -> None:
    today = dt.date(2026, 12, 7)
    assert indicator_page.default_period(dt.date(2024, 2, 9), today) == Period(
        dt.date(2024, 1, 1), dt.date(2024, 1, 31)
    )
    assert indicator_page.default_period(dt.date(2024, 2, 29), today) == Period(
        dt.date(2024, 2, 1), dt.date(2024, 2, 29)
    )


def test_the_page_the_cases_and_the_export(
    client: Client, leader: User, windows: None, police: Department
) -> None:
    client.force_login(leader)
    march_query: dict[str, str | int] = {"from": "2024-03-01", "to": "2024-03-31"}
    page = client.get(reverse("indicators"), {**march_query, "department": police.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert "66.67%" in text and f"部门：{police.name}" in text
    late = client.get(
        reverse("indicator_cases"),
        {**march_query, "department": police.pk, "indicator": "on_time_rate", "part": "rest"},
    )
    assert late.status_code == 200
    body = late.content.decode()
    assert 'data-case="C4"' in body and 'data-case="C1"' not in body
    # The late cases' file is named as the page names them (超期件, not 其余), with their 延误环节.
    late_file = client.get(
        reverse("indicator_cases"),
        {**march_query, "department": police.pk, "indicator": "on_time_rate", "part": "rest"}
        | {"export": "xlsx"},
    )
    assert "按时办结率_超期件_2024-03-01_2024-03-31.xlsx" in unquote(
        late_file["Content-Disposition"]
    )
    late_sheet = load_workbook(io.BytesIO(late_file.content)).active
    assert late_sheet is not None
    late_rows = list(late_sheet.iter_rows(values_only=True))
    assert [r[0] for r in late_rows[1:]] == ["C4"] and late_rows[0][-1] == "延误环节"
    export = client.get(
        reverse("indicators"), {**march_query, "dimension": "window", "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("维度", "对象", "指标", "数值", "单位", "分子", "分母")
    on_time = [r for r in rows if r[2] == "按时办结率"]
    # The whole center (C1, C2 of C1–C4), then each window: A1 (C1, C2), B2 (C3, C4 late).
    assert [r[:7] for r in on_time] == [
        ("全部", "测试政务服务中心（本级）", "按时办结率", 50, "%", 2, 4),
        ("窗口", "A1号窗口", "按时办结率", 100, "%", 2, 2),
        ("窗口", "B2号窗口", "按时办结率", 0, "%", 0, 2),
    ]


def test_the_pages_are_the_leaders_and_the_admins(
    client: Client, clerk: User, police_liaison: User, center_admin: User
) -> None:
    for user, status in ((clerk, 403), (police_liaison, 403), (center_admin, 200)):
        client.force_login(user)
        assert client.get(reverse("indicators")).status_code == status
        cases = client.get(reverse("indicator_cases"), {"indicator": "on_time_rate"})
        assert cases.status_code == status


def test_the_api_takes_the_dimensions(
    client: Client, leader: User, windows: None, police: Department
) -> None:
    client.force_login(leader)
    march_query: dict[str, str | int] = {"from": "2024-03-01", "to": "2024-03-31"}
    one = client.get(reverse("api-indicators"), {**march_query, "window": "B2"}).json()
    assert (one["on_time_rate"]["numerator"], one["on_time_rate"]["denominator"]) == (0, 2)
    by = client.get(reverse("api-indicators"), {**march_query, "dimension": "department"})
    lines = by.json()["lines"]
    assert [line["label"] for line in lines] == [police.name, "水利厅"]
    assert lines[0]["indicators"]["on_time_rate"]["value"] == 66.67
    item = HandlingItem.objects.get(cases__case_no="C4")
    one = client.get(reverse("api-indicators"), {**march_query, "item": item.pk}).json()
    assert one["immediate_share"]["value"] == 100.0


def test_the_command_takes_the_dimensions(windows: None, police: Department) -> None:
    def run(*extra: str) -> dict[str, Any]:
        out = StringIO()
        call_command(
            "indicators", "--from", "2024-03-01", "--to", "2024-03-31", "--json", *extra, stdout=out
        )
        found: dict[str, Any] = json.loads(out.getvalue())  # the command's JSON
        return found

    one = run("--department", str(police.pk))["on_time_rate"]
    assert (one["value"], one["numerator"], one["denominator"]) == (66.67, 2, 3)
    by = run("--dimension", "window")
    assert by["dimension"] == "window"
    got = [
        (line["label"], line["indicators"]["overdue_completed"]["value"]) for line in by["lines"]
    ]
    assert got == [("A1号窗口", 0), ("B2号窗口", 2)]

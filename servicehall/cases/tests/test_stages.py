"""Where a case's time went (cases.stages): hand-made cases passed between departments, each
stage's working days on the calendar (National Day inside one) against its share of the
promised time, the stage that made a late case late; the period report and the case lists
saying it. Every expected value is counted by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.cases.models import Case, EventKind
from servicehall.cases.stages import case_times
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.figures.flow import late_stages
from servicehall.org.models import Department
from servicehall.testing.factories import CaseEventFactory

pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def make(
    no: str,
    department: Department,
    accepted: dt.datetime,
    promised_days: int,
    promised_by: dt.date,
    moves: list[tuple[dt.datetime, Department]],
    completed: dt.datetime | None = None,
) -> Case:
    """A case accepted at ``department`` on ``accepted``, moved by 流转 to each (day, dept)."""
    case = Case.objects.create(
        case_no=no,
        department=department,
        accepted_at=accepted,
        promised_days=promised_days,
        promised_by=promised_by,
        completed_at=completed,
    )
    CaseEventFactory(
        case=case, case_no=no, kind=EventKind.ACCEPT, occurred_at=accepted, department=department
    )
    for moment, to in moves:
        CaseEventFactory(
            case=case, case_no=no, kind=EventKind.TRANSFER, occurred_at=moment, department=to
        )
    if completed:
        CaseEventFactory(
            case=case,
            case_no=no,
            kind=EventKind.COMPLETE,
            occurred_at=completed,
            department=moves[-1][1] if moves else department,
        )
    return case


@pytest.fixture
def hall(police: Department, water: Department) -> dict[str, Case]:
    tax = Department.objects.create(
        center=police.center, name="税务局", sort_order=3, stationed_on=dt.date(2020, 1, 1)
    )
    return {
        # Promised 6 days from Mon 10-12: 10-13 … 10-16, 10-19, 10-20. Done 10-22: late.
        "C1": make(
            "C1",
            police,
            at(10, 12),
            6,
            dt.date(2026, 10, 20),
            [(at(10, 13), water), (at(10, 21), tax)],
            completed=at(10, 22, 16),
        ),
        # Promised 3 days from Tue 9-29: 9-30, (National Day) 10-8, 10-9. Done Mon 10-12: late.
        "C2": make(
            "C2",
            police,
            at(9, 29),
            3,
            dt.date(2026, 10, 9),
            [(at(9, 30), water)],
            completed=at(10, 12, 16),
        ),
        # Promised 5 days from 10-12 (10-19); done 10-15: on time.
        "C3": make(
            "C3",
            police,
            at(10, 12),
            5,
            dt.date(2026, 10, 19),
            [(at(10, 12, 15), water)],
            completed=at(10, 15, 16),
        ),
        # Promised 2 days from 10-12 (10-14); never moved, still open.
        "C4": make("C4", police, at(10, 12), 2, dt.date(2026, 10, 14), []),
    }


def test_each_stage_and_department_against_its_share(hall: dict[str, Case]) -> None:
    times = case_times(
        Case.objects.select_related("department", "handling_item"), as_of=dt.date(2026, 10, 16)
    )
    c1 = times[hall["C1"].pk]
    # 受理 10-12 → 10-13: 1; 水利厅 10-13 → 10-21: 10-14, 15, 16, 19, 20, 21 = 6;
    # 税务局 10-21 → 10-22: 1. Shares: 6 ÷ 3 stages = 2 each.
    assert [(s.label, s.department_name, s.start, s.end, s.days, s.share) for s in c1.stages] == [
        ("受理", "公安厅", dt.date(2026, 10, 12), dt.date(2026, 10, 13), 1, Decimal("2.0")),
        ("流转至水利厅", "水利厅", dt.date(2026, 10, 13), dt.date(2026, 10, 21), 6, Decimal("2.0")),
        ("流转至税务局", "税务局", dt.date(2026, 10, 21), dt.date(2026, 10, 22), 1, Decimal("2.0")),
    ]
    assert (c1.promised, c1.days, c1.late) == (6, 8, True)
    assert c1.by_department == {"公安厅": 1, "水利厅": 6, "税务局": 1}
    assert c1.culprit is not None and c1.culprit.department_name == "水利厅"  # 4 over its 2
    assert c1.culprit.describe() == "流转至水利厅（用时 6 / 应分 2 个工作日）"


def test_a_holiday_inside_a_stage_is_not_counted(hall: dict[str, Case]) -> None:
    c2 = case_times([hall["C2"]], as_of=dt.date(2026, 10, 16))[hall["C2"].pk]
    # 受理 9-29 → 9-30: 1; 水利厅 9-30 → 10-12: 10-8, 10-9, 10-10 (调休), 10-12 = 4 (10-1 … 10-7
    # off). Shares 3 ÷ 2 = 1.5.
    assert [(s.label, s.days, s.share) for s in c2.stages] == [
        ("受理", 1, Decimal("1.5")),
        ("流转至水利厅", 4, Decimal("1.5")),
    ]
    assert c2.culprit is not None and c2.culprit.label == "流转至水利厅"


def test_on_time_has_no_culprit_and_an_open_case_runs_to_the_day(hall: dict[str, Case]) -> None:
    times = case_times([hall["C3"], hall["C4"]], as_of=dt.date(2026, 10, 16))
    c3, c4 = times[hall["C3"].pk], times[hall["C4"].pk]
    assert (c3.late, c3.culprit, c3.days) == (False, None, 3)  # 10-13, 14, 15
    # Open: 受理 from 10-12 to the day counted, 10-16: 10-13 … 10-16 = 4, its share 2.
    assert [(s.label, s.end, s.days) for s in c4.stages] == [("受理", None, 4)]
    assert c4.late and c4.culprit is not None and c4.culprit.label == "受理"


def test_the_period_report_says_which_stage_made_its_cases_late(hall: dict[str, Case]) -> None:
    # 10-1 … 10-16: done late C2 (水利厅's 流转); overdue at the end C4 (公安厅's 受理).
    # C1 is done after the period, C3 on time.
    rows = late_stages(Period(dt.date(2026, 10, 1), dt.date(2026, 10, 16)))
    assert rows == [
        {
            "department_name": "公安厅",
            "stage": "受理",
            "cases": 1,
            "days": 4,
            "share": Decimal("2.0"),
        },
        {
            "department_name": "水利厅",
            "stage": "流转",
            "cases": 1,
            "days": 4,
            "share": Decimal("1.5"),
        },
    ]


def test_the_pages_show_the_late_stage(
    client: Client, hall: dict[str, Case], center_admin: User
) -> None:
    client.force_login(center_admin)
    report = client.get(reverse("case_flow"), {"start": "2026-10-01", "end": "2026-10-16"})
    html = report.content.decode()
    assert 'id="late-stages"' in html
    assert "<td>水利厅</td><td>流转</td>" in html and "<td>公安厅</td><td>受理</td>" in html
    listed = client.get(
        reverse("cases:case_list"), {"start": "2026-10-01", "end": "2026-10-16", "bucket": "late"}
    ).content.decode()
    assert "流转至水利厅（用时 4 / 应分 1.5 个工作日）" in listed
    assert "公安厅 1、水利厅 4" in listed  # C2's days per department
    overdue = client.get(reverse("cases:open_list"), {"overdue": "true"}).content.decode()
    assert "延误环节" in overdue and "受理（公安厅，用时" in overdue


def test_the_indicators_late_cases_say_which_stage_made_each_late(
    client: Client, hall: dict[str, Case], leader: User
) -> None:
    # 按时办结率's 超期件 for October: C1 (done 10-22, promised 10-20) and C2 (done 10-12,
    # promised 10-9); C3 was on time and C4 is not done. Each with the stage that made it late.
    client.force_login(leader)
    query = {"indicator": "on_time_rate", "part": "rest", "from": "2026-10-01", "to": "2026-10-31"}
    html = client.get(reverse("indicator_cases"), query).content.decode()
    assert 'data-case="C1"' in html and 'data-case="C2"' in html
    assert 'data-case="C3"' not in html and 'data-case="C4"' not in html
    assert "流转至水利厅（用时 6 / 应分 2 个工作日）" in html  # C1
    assert "流转至水利厅（用时 4 / 应分 1.5 个工作日）" in html  # C2
    exported = client.get(reverse("indicator_cases"), {**query, "export": "csv"})
    text = (
        b"".join(exported.streaming_content).decode("utf-8-sig")
        if isinstance(exported, StreamingHttpResponse)
        else (exported.content.decode("utf-8-sig"))
    )
    assert "延误环节" in text and "流转至水利厅（用时 6 / 应分 2 个工作日）" in text

"""The monthly 好差评 bulletin (好差评月度通报): its numbers from ``figures.rating_bulletin``,
hand-counted on an October 2026 written below, and the shipped layout printing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial

import pytest

from servicehall.accounts.models import User
from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.figures.journal import month_of, rating_bulletin
from servicehall.journal import followup
from servicehall.journal.models import ServiceEvaluation
from servicehall.journal.rectification import State
from servicehall.org.models import Department
from servicehall.reports.drafting import build_document
from servicehall.reports.models import ReportSeries

pytestmark = pytest.mark.django_db

OCTOBER = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def rate(
    department: Department,
    no: str,
    month: int,
    day: int,
    level: int,
    classes: Sequence[str] = (),
) -> ServiceEvaluation:
    case = Case.objects.create(case_no=no, department=department)
    return ServiceEvaluation.objects.create(
        case=case,
        evaluated_at=dt.datetime(2026, month, day, 10, tzinfo=SHANGHAI),
        level=level,
        bad_classes=list(classes),
    )


@pytest.fixture
def october(police: Department, water: Department, clerk: User) -> None:
    for no, day, level in [("G1", 8, 5), ("G2", 9, 5), ("G3", 12, 4), ("G4", 13, 4)]:
        rate(police, no, 10, day, level)
    rate(water, "G5", 10, 20, 3)
    r5 = rate(police, "B5", 10, 12, 2, ["service_attitude", "service_efficiency"])
    rate(water, "B6", 10, 26, 1, ["service_attitude"])  # due in November: open, not yet due
    rate(police, "B7", 10, 9, 1, ["guide_accuracy", "service_attitude"])  # due 10-29, open
    s1 = rate(police, "S1", 9, 28, 1, ["service_level"])  # September's, closed in October
    for evaluation, closed in ((r5, dt.date(2026, 10, 15)), (s1, dt.date(2026, 10, 20))):
        followup.advance(evaluation.rectification, State.RECTIFY, by=clerk, note="属实")
        followup.advance(
            evaluation.rectification, State.CLOSED, by=clerk, note="已整改", today=closed
        )
    rate(police, "N1", 11, 2, 5)  # November: outside


def test_the_bulletins_numbers_hand_counted(october: None) -> None:
    b = rating_bulletin(OCTOBER)
    # Eight ratings in October: 5, 5, 4, 4, 3, 2, 1, 1.
    assert b.total == 8
    assert b.levels == {5: 2, 4: 2, 3: 1, 2: 1, 1: 2}
    assert b.mean_score == Decimal("3.13")  # 25 / 8 = 3.125, halves up
    assert b.bad == 3  # B5, B6, B7
    # Opened in October: B5, B6, B7; closed: B5 (10-15), S1 (10-20); open at the end: B6, B7.
    assert (b.orders_opened, b.orders_closed, b.orders_open) == (3, 2, 2)
    # 服务态度 in B5, B6, B7; 服务效率 (B5) before 办事指南精确度 (B7): the classes' order.
    assert b.top_classes == [("服务态度", 3), ("服务效率", 1), ("办事指南精确度", 1)]
    # As of 11-01: B5 closed by its deadline, B7 open past 10-29; B6 not yet due.
    assert (b.rectification_due, b.rectified_on_time, b.on_time_rate) == (2, 1, Decimal("50.00"))


def test_an_empty_month_has_no_mean_and_no_rate(db: None) -> None:
    b = rating_bulletin(OCTOBER)
    assert (b.total, b.mean_score, b.on_time_rate, b.top_classes) == (0, None, None, [])


def test_a_month_of_a_day() -> None:
    assert month_of(dt.date(2026, 2, 11)) == Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month_of(dt.date(2026, 12, 31)) == Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_the_shipped_layout_prints_the_bulletin(october: None) -> None:
    series = ReportSeries.objects.get(title="政务服务好差评月度通报")
    layout = series.current_layout()
    assert layout is not None
    doc = build_document(series, layout, Period(dt.date(2026, 10, 26), dt.date(2026, 10, 30)))
    text = "\n".join(p.text for s in doc.sections for part in s.walk() for p in part.paragraphs)
    assert (
        "2026年10月，办事企业和群众共作出评价8次，其中“非常满意”2次、“满意”2次、“基本满意”1次、"
        "“不满意”1次、“非常不满意”2次，平均3.13分（满分5分）。"
    ) in text
    assert (
        "本月新开差评工单3件，办结2件，月末尚在办理2件。本月差评中已办结或已到整改期限的2件，"
        "按时整改1件，按时整改率50%。"
    ) in text
    assert "主要集中在服务态度（3件）、服务效率（1件）、办事指南精确度（1件）方面。" in text


def test_the_bulletin_is_counted_once_and_only_for_a_layout_that_prints_it(october: None) -> None:
    """The work orders in one query (three before); a layout whose wordings never name
    ``ratings`` (the weekly report) drafts without counting the bulletin at all: at a
    province of 20M events it took a weekly draft from 102 ms to 690 ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rectification_queries(fn: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            fn()
        return sum('FROM "journal_rectification"' in q["sql"] for q in captured.captured_queries)

    assert rectification_queries(lambda: rating_bulletin(OCTOBER)) == 1
    week = Period(dt.date(2026, 10, 26), dt.date(2026, 10, 30))
    for title, reads in (("政务服务好差评月度通报", 1), ("窗口工作周报", 0)):
        series = ReportSeries.objects.get(title=title)
        layout = series.current_layout()
        assert layout is not None
        assert rectification_queries(partial(build_document, series, layout, week)) == (reads), (
            title
        )

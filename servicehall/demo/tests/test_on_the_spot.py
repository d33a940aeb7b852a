"""当场办结 in the demo (``events.finish_on_the_spot``): a case done on the day of its 受理 moves
its 办结 to that day only when the move keeps every week's and month's counts, and the log's
days are numbered again in order."""

from __future__ import annotations

import datetime as dt

from servicehall.core.localtime import SHANGHAI
from servicehall.demo.events import EventRow, SimCase, finish_on_the_spot, same_counting_period
from servicehall.demo.indicators import done_on_the_spot


def at(day: str, clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


def case(
    no: str, item: str, accepted: dt.datetime, completed: dt.datetime, days: int = 1
) -> SimCase:
    c = SimCase(no, "公安厅", item, "张三", days)
    c.accepted_at, c.completed_at = accepted, completed
    return c


def event(event_id: str, c: SimCase, kind: str, moment: dt.datetime) -> EventRow:
    return EventRow(event_id, c.no, kind, moment, c.department, c.item_code, "A01", "S01")


def test_only_the_cases_whose_done_day_stays_in_its_week_and_month_move() -> None:
    # Thursday 2024-01-04 → Friday 01-05: the same week and month, moves.
    thursday = case("ZC202401040001", "JI", at("2024-01-04", "09:00"), at("2024-01-05", "10:00"))
    # Friday 01-05 → Monday 01-08: another week, stays.
    friday = case("ZC202401050001", "JI", at("2024-01-05", "09:10"), at("2024-01-08", "10:00"))
    # Wednesday 01-31 → Thursday 02-01: another month, stays.
    month_end = case("ZC202401310001", "JI", at("2024-01-31", "09:00"), at("2024-02-01", "10:00"))
    # Passed on to a department the next day before its 办结: stays.
    passed_on = case("ZC202401020001", "JI", at("2024-01-02", "09:00"), at("2024-01-04", "11:00"))
    # Not a 即办件 and promised 20 working days: stays.
    long_one = case(
        "ZC202401020002", "LONG", at("2024-01-02", "09:05"), at("2024-01-03", "10:00"), days=20
    )
    cases = [thursday, friday, month_end, passed_on, long_one]
    log = [
        event("E2024010200001", passed_on, "accept", at("2024-01-02", "09:00")),
        event("E2024010200002", long_one, "accept", at("2024-01-02", "09:05")),
        event("E2024010300001", long_one, "complete", at("2024-01-03", "10:00")),
        event("E2024010300002", passed_on, "transfer", at("2024-01-03", "11:00")),
        event("E2024010400001", thursday, "accept", at("2024-01-04", "09:00")),
        event("E2024010400002", thursday, "transfer", at("2024-01-04", "09:30")),
        event("E2024010400003", passed_on, "complete", at("2024-01-04", "11:00")),
        event("E2024010500001", friday, "accept", at("2024-01-05", "09:10")),
        event("E2024010500002", thursday, "complete", at("2024-01-05", "10:00")),
        event("E2024010500003", thursday, "issue", at("2024-01-05", "11:00")),
        event("E2024010800001", friday, "complete", at("2024-01-08", "10:00")),
        event("E2024013100001", month_end, "accept", at("2024-01-31", "09:00")),
        event("E2024020100001", month_end, "complete", at("2024-02-01", "10:00")),
    ]
    result = finish_on_the_spot(cases, log, immediate={"JI"})

    # Thursday's case is done on Thursday, 5 to 60 minutes after its last step (09:30).
    assert thursday.completed_at is not None
    assert thursday.completed_at.date() == dt.date(2024, 1, 4)
    assert at("2024-01-04", "09:35") <= thursday.completed_at <= at("2024-01-04", "10:30")
    assert [c.completed_at for c in (friday, month_end, passed_on, long_one)] == [
        at("2024-01-08", "10:00"),
        at("2024-02-01", "10:00"),
        at("2024-01-04", "11:00"),
        at("2024-01-03", "10:00"),
    ]
    # Its 办结 event moved with it (before 11:00's); Thursday's and Friday's events are
    # numbered again in their order.
    assert [(e.event_id, e.case_no, e.kind) for e in result if e.occurred_at.day in (4, 5)] == [
        ("E2024010400001", "ZC202401040001", "accept"),
        ("E2024010400002", "ZC202401040001", "transfer"),
        ("E2024010400003", "ZC202401040001", "complete"),
        ("E2024010400004", "ZC202401020001", "complete"),
        ("E2024010500001", "ZC202401050001", "accept"),
        ("E2024010500002", "ZC202401040001", "issue"),
    ]
    moved = next(e for e in result if e.case_no == thursday.no and e.kind == "complete")
    assert moved.occurred_at == thursday.completed_at
    # Every other event is as it was, and every week's and month's events count the same.
    untouched = [e for e in log if e.occurred_at.day not in (4, 5)]
    assert [e for e in result if e.occurred_at.day not in (4, 5)] == untouched
    assert len(result) == len(log)


def test_a_counting_period_is_a_week_and_a_month() -> None:
    assert same_counting_period(dt.date(2024, 1, 4), dt.date(2024, 1, 5))
    assert not same_counting_period(dt.date(2024, 1, 5), dt.date(2024, 1, 8))  # Monday
    assert not same_counting_period(dt.date(2024, 1, 31), dt.date(2024, 2, 1))  # February


def test_every_immediate_case_and_one_in_eight_short_ones_are_done_on_the_spot() -> None:
    assert done_on_the_spot("ZC202401040001", True, 1)
    assert not done_on_the_spot("ZC202401040001", False, 20)  # beyond five working days
    assert not done_on_the_spot("ZC202401040001", False, None)
    short = [done_on_the_spot(f"ZC20240104{n:04d}", False, 3) for n in range(1, 2001)]
    assert 200 <= sum(short) <= 280  # 12% of 2,000 is 240

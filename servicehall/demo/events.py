"""The demo's case work at the comprehensive windows (演示办件): cases and their event log.

First the number of events of each kind per working day is fixed (``daily_targets``): inside the
periods of the seed reports the days share out the reported totals exactly, elsewhere volumes
follow a plausible trend. Then cases are played through those days (``simulate``): a case is
accepted at a comprehensive window and transferred to the back office (one or more 件次),
completed and handed out at the issuing window; cases accepted at a department's own window
come to the comprehensive windows to be transferred or issued, and cases accepted before the
log begins (in 2022) finish in January 2023.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
import random
import zlib
from collections import defaultdict
from dataclasses import dataclass, field, replace

from servicehall.core.localtime import SHANGHAI
from servicehall.demo import indicators, workcal
from servicehall.demo.catalog import Catalog, HandlingItemRow
from servicehall.demo.departments import DEPARTMENTS, StaffRow, WindowRow, chinese_name
from servicehall.demo.tables import json_table

# The columns of a demo case as the loader writes it (the province's cases, ``loader``; a child
# center's, ``network``): one list, the order of each case's values.
CASE_COLUMNS = (
    "case_no",
    "department",
    "handling_item",
    "applicant",
    "accepted_at",
    "accepted_window",
    "promised_days",
    "promised_by",
    "completed_at",
    "channel",
)

D = dt.date

OPEN, CLOSE = 8 * 3600 + 30 * 60, 17 * 3600 + 30 * 60  # hall hours 08:30–17:30
PRELUDE = D(2022, 12, 1)  # cases accepted from here finish in the log's first weeks
KINDS = ("consult", "accept", "issue", "transfer")

_TABLE = json_table("case_work")


def _calibration() -> list[tuple[dt.date, dt.date, dict[str, int]]]:
    rows = []
    for seed in _TABLE["seed_weeks"]:
        start, end = (dt.date.fromisoformat(day) for day in seed["week"])
        week, ytd = seed["week_counts"], seed["ytd_counts"]
        before = {kind: ytd[kind] - week[kind] for kind in week}
        rows.append(
            (dt.date.fromisoformat(seed["year_start"]), start - dt.timedelta(days=1), before)
        )
        rows.append((start, end, dict(week)))
    return rows


# The seed reports' counts (本周 / 今年以来), split into the week and the days before it:
# (start, end, {kind: events}).
CALIBRATION = _calibration()

# Events per working day elsewhere: the comprehensive windows took on more departments and
# more accepting through 2023 (linear between the anchors).
ANCHORS: list[tuple[dt.date, dict[str, int]]] = [
    (dt.date.fromisoformat(day), counts) for day, counts in _TABLE["anchors"]
]
WEEKDAY_FACTOR: list[float] = _TABLE["weekday_factor"]

# How much of the hall's work each department brings (公安厅 by far the most).
DEPARTMENT_WEIGHTS: dict[str, int] = _TABLE["department_weights"]
KIND_WEIGHTS: dict[str, int] = _TABLE["kind_weights"]

COMPANY_WORDS: list[str] = _TABLE["company_words"]
COMPANY_TRADES: list[str] = _TABLE["company_trades"]
COMPANY_FORMS: list[str] = _TABLE["company_forms"]


@dataclass(frozen=True)
class EventRow:
    event_id: str
    case_no: str
    kind: str
    occurred_at: dt.datetime
    department: str | None
    item_code: str
    window_code: str
    staff_ref: str


@dataclass(frozen=True)
class EvaluationRow:
    case_no: str
    evaluated_at: dt.datetime
    level: int
    channel: str
    comment: str
    follow_up_due: dt.date | None
    followed_up_on: dt.date | None
    follow_up_note: str


class SimCase:
    """A case being played through the days (plain data until written)."""

    __slots__ = (
        "accepted_at",
        "applicant",
        "completed_at",
        "department",
        "item_code",
        "last_day",
        "last_time",
        "no",
        "pending",
        "promised_by",
        "promised_days",
        "staff",
        "window",
    )

    accepted_at: dt.datetime | None
    promised_by: dt.date | None
    completed_at: dt.datetime | None
    last_day: dt.date | None
    last_time: int
    pending: int
    window: str
    staff: str

    def __init__(self, no: str, department: str, item_code: str, applicant: str, days: int) -> None:
        self.no, self.department, self.item_code, self.applicant = (
            no,
            department,
            item_code,
            applicant,
        )
        self.promised_days = days
        self.accepted_at = self.promised_by = self.completed_at = None
        self.last_day, self.last_time, self.pending = None, OPEN, 0
        self.window = self.staff = ""


# One working day of the hall: accepting and issuing windows, each department's own windows, the
# clerk on duty at each window, and the 办理项 listed and authorised per department.
HallDay = tuple[
    list[str],
    list[str],
    dict[str | None, list[str]],
    dict[str, str],
    dict[str, list[HandlingItemRow]],
    dict[str, list[HandlingItemRow]],
]
# A draw of a department by weight, then of one of its 办理项 (``_picker``): the departments,
# their cumulative weights, and each one's 办理项 with their cumulative weights.
Picker = tuple[list[str], list[int], dict[str, tuple[list[HandlingItemRow], list[int]]]]
# An event of today before numbering: (seconds, seq, kind, case, department, 办理项, window, staff).
TodayEvent = tuple[int, int, str, SimCase | None, str | None, str, str, str]


@dataclass
class CaseWork:
    cases: list[SimCase]
    events: list[EventRow]
    evaluations: list[EvaluationRow]
    targets: dict[dt.date, dict[str, int]] = field(default_factory=dict)


def apportion(total: int, weights: list[float]) -> list[int]:
    """Share ``total`` out in proportion to ``weights`` (largest remainders, ties by position)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _level(day: dt.date, kind: str) -> float:
    for (d0, v0), (d1, v1) in itertools.pairwise(ANCHORS):
        if d0 <= day <= d1:
            share = (day - d0).days / (d1 - d0).days
            return v0[kind] + (v1[kind] - v0[kind]) * share
    return ANCHORS[-1][1][kind]


def _shape(rng: random.Random, day: dt.date, kind: str) -> float:
    factor = WEEKDAY_FACTOR[day.weekday()]
    before = workcal.shift(day, -1)
    if (day - before).days >= 4:  # first day after a holiday: the queue is longer
        factor *= 1.25
    return _level(day, kind) * factor * min(1.3, max(0.7, rng.gauss(1, 0.1)))


def daily_targets(rng: random.Random) -> dict[dt.date, dict[str, int]]:
    """Events of each kind per working day from PRELUDE to the end of the log."""
    days = workcal.between(PRELUDE, workcal.END)
    targets = {day: {kind: round(_shape(rng, day, kind)) for kind in KINDS} for day in days}
    for start, end, totals in CALIBRATION:
        span = workcal.between(start, end)
        for kind, total in totals.items():
            counts = apportion(total, [_shape(rng, day, kind) for day in span])
            for day, n in zip(span, counts, strict=True):
                targets[day][kind] = n
    return targets


def _clock(day: dt.date, seconds: int) -> dt.datetime:
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        seconds // 3600,
        seconds // 60 % 60,
        seconds % 60,
        tzinfo=SHANGHAI,
    )


class _Hall:
    """Who sits at which window on a day, and which items can be handled there."""

    def __init__(
        self, rng: random.Random, catalog: Catalog, windows: list[WindowRow], staff: list[StaffRow]
    ) -> None:
        self.rng = rng
        self.windows, self.staff = windows, staff
        spans = catalog.authorized_spans()
        self.items = [(i, spans.get(i.code, [])) for i in catalog.items]
        self.dept_names = [d.name for d in DEPARTMENTS]
        self.dept_staff: dict[str, list[str]] = {}
        for s in staff:
            if s.department:
                self.dept_staff.setdefault(s.department, []).append(s.staff_no)
        self.by_day: dict[dt.date, HallDay] = {}

    def day(self, day: dt.date) -> HallDay:
        accept = [
            w.code
            for w in self.windows
            if w.kind == "accept"
            and w.opened_on <= day
            and (w.closed_on is None or w.closed_on > day)
        ]
        issue = [
            w.code
            for w in self.windows
            if w.kind == "issue"
            and w.opened_on <= day
            and (w.closed_on is None or w.closed_on > day)
        ]
        dept_windows: dict[str | None, list[str]] = {}
        for w in self.windows:
            if (
                w.kind == "department"
                and w.opened_on <= day
                and (w.closed_on is None or w.closed_on > day)
            ):
                dept_windows.setdefault(w.department, []).append(w.code)
        clerks = [
            s.staff_no
            for s in self.staff
            if s.department is None
            and s.joined_on <= day
            and (s.left_on is None or s.left_on > day)
        ]
        offset = day.toordinal()
        on_duty = {
            code: clerks[(offset + i) % len(clerks)] for i, code in enumerate(accept + issue)
        }
        listed: dict[str, list[HandlingItemRow]] = {}
        authorized: dict[str, list[HandlingItemRow]] = {}
        for item, spans in self.items:
            if item.listed_on > day or (item.delisted_on and item.delisted_on <= day):
                continue
            listed.setdefault(item.department, []).append(item)
            if any(a <= day and (b is None or b > day) for a, b in spans):
                authorized.setdefault(item.department, []).append(item)
        return accept, issue, dept_windows, on_duty, listed, authorized


def _picker(pool_by_dept: dict[str, list[HandlingItemRow]], weights: dict[str, int]) -> Picker:
    """Cumulative weights to draw a department, then one of its 办理项, by bisection."""
    names = [name for name in weights if pool_by_dept.get(name)]
    per_dept: dict[str, tuple[list[HandlingItemRow], list[int]]] = {}
    for name in names:
        items = pool_by_dept[name]
        per_dept[name] = (
            items,
            list(itertools.accumulate(KIND_WEIGHTS.get(i.kind, 1) for i in items)),
        )
    return names, list(itertools.accumulate(weights[name] for name in names)), per_dept


def simulate(
    rng: random.Random,
    catalog: Catalog,
    windows: list[WindowRow],
    staff: list[StaffRow],
    targets: dict[dt.date, dict[str, int]],
) -> CaseWork:
    """Play cases through the working days so that each day has its target counts exactly."""
    simulation = _Simulation(rng, _Hall(rng, catalog, windows, staff))
    days = workcal.between(PRELUDE, workcal.END)
    for index, day in enumerate(days):
        simulation.run_day(index, day, targets[day], keep=day >= workcal.START)
    used = {e.case_no for e in simulation.events if e.case_no}
    cases = [c for c in simulation.cases if c.no in used]
    immediate = {
        item.code
        for item in catalog.items
        if indicators.item_facts(item.code, item.time_limit_days).immediate
    }
    events = finish_on_the_spot(cases, simulation.events, immediate)
    return CaseWork(cases, events, simulation.evaluations, targets)


def same_counting_period(first: dt.date, second: dt.date) -> bool:
    """Whether two days count in the same calendar week and month: every weekly, monthly and
    yearly count (the report's 本周 and 今年以来, the stats, the indicators' monthly rollups)
    holds both or neither."""
    return first.isocalendar()[:2] == second.isocalendar()[:2] and (first.year, first.month) == (
        second.year,
        second.month,
    )


def finish_on_the_spot(
    cases: list[SimCase], events: list[EventRow], immediate: set[str]
) -> list[EventRow]:
    """Cases finished on the day of their 受理 (当场办结, ``indicators.done_on_the_spot``): their
    办结 (and its event) moved to that day, after their last step of it. Done after the
    simulation and decided by each case's code, it draws nothing from the random stream; only
    cases whose 办结 stays in the same week and month move (``same_counting_period``), and only
    those with no step between, so every count of a week, a month or a year stays as it was.
    Returns the log with the moved events, each day's numbered again in order."""
    steps: dict[str, list[int]] = defaultdict(list)
    for n, event in enumerate(events):
        if event.case_no:
            steps[event.case_no].append(n)
    moved: dict[int, EventRow] = {}
    for case in cases:
        if case.accepted_at is None or case.completed_at is None:
            continue
        accepted_on, done_on = case.accepted_at.date(), case.completed_at.date()
        if done_on <= accepted_on or not same_counting_period(accepted_on, done_on):
            continue
        if not indicators.done_on_the_spot(
            case.no, case.item_code in immediate, case.promised_days
        ):
            continue
        own = steps.get(case.no, [])
        before = [events[n] for n in own if events[n].kind not in ("complete", "issue")]
        if any(e.occurred_at.date() != accepted_on for e in before):
            continue
        last = max([case.accepted_at, *(e.occurred_at for e in before)])
        at = last + dt.timedelta(seconds=300 + zlib.crc32(f"spot-at:{case.no}".encode()) % 3300)
        if at >= _clock(accepted_on, CLOSE):
            continue  # accepted too near closing time: finished the next day, as simulated
        case.completed_at = at
        for n in own:
            if events[n].kind == "complete":
                moved[n] = replace(events[n], occurred_at=at)
    if not moved:
        return events
    touched = {events[n].occurred_at.date() for n in moved} | {
        e.occurred_at.date() for e in moved.values()
    }
    by_day: dict[dt.date, list[tuple[dt.datetime, int, EventRow]]] = defaultdict(list)
    for n, event in enumerate(events):
        event = moved.get(n, event)
        by_day[event.occurred_at.date()].append((event.occurred_at, n, event))
    result: list[EventRow] = []
    for day in sorted(by_day):
        rows = by_day[day]
        if day not in touched:
            result.extend(event for _, _, event in rows)
            continue
        rows.sort(key=lambda row: (row[0], row[1]))
        result.extend(
            replace(event, event_id=f"E{day:%Y%m%d}{k:05d}")
            for k, (_, _, event) in enumerate(rows, start=1)
        )
    return result


class _Simulation:
    """The hall's case work, one working day at a time (events before 2023 are not kept)."""

    def __init__(self, rng: random.Random, hall: _Hall) -> None:
        self.rng, self.hall = rng, hall
        self.cases: list[SimCase] = []
        self.events: list[EventRow] = []
        self.evaluations: list[EvaluationRow] = []
        self.transfers: list[
            tuple[int, int, SimCase]
        ] = []  # heap (day index, seq, case): later transfers of a case
        self.completions: list[
            tuple[int, int, SimCase]
        ] = []  # heap (day index, seq, case): comprehensive cases
        self.quiet: list[
            tuple[int, int, SimCase]
        ] = []  # heap (day index, seq, case): department cases done in the back office
        self.issue_queue: list[
            tuple[int, int, int, SimCase]
        ] = []  # heap (ready index, seq, expires index, case)
        self.seq = 0
        self.numbers: dict[tuple[dt.date, str], int] = {}
        self.people = sorted({chinese_name(rng, set()) for _ in range(1500)})
        self.dept_spec = {d.name: d for d in DEPARTMENTS}
        self.weights = {d.name: DEPARTMENT_WEIGHTS.get(d.name, 1) for d in DEPARTMENTS}

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    # ---- one day ------------------------------------------------------------------------------

    def run_day(self, index: int, day: dt.date, target: dict[str, int], keep: bool) -> None:
        self.index, self.day, self.keep = index, day, keep
        accept, issue, dept_windows, on_duty, listed, authorized = self.hall.day(day)
        self.accept_windows, self.issue_windows, self.dept_windows, self.on_duty = (
            accept,
            issue,
            dept_windows,
            on_duty,
        )
        self.listed, self.authorized = (
            _picker(listed, self.weights),
            _picker(authorized, self.weights),
        )
        self.today: list[TodayEvent] = []
        self.consult(target["consult"])
        fresh = self.accept(target["accept"])
        self.transfer(target["transfer"], fresh)
        self.complete()
        self.issue(target["issue"])
        self.today.sort(key=lambda e: (e[0], e[1]))
        for n, (seconds, _, kind, case, department, item_code, window, staff_no) in enumerate(
            self.today, start=1
        ):
            self.events.append(
                EventRow(
                    f"E{day:%Y%m%d}{n:05d}",
                    case.no if case else "",
                    kind,
                    _clock(day, seconds),
                    department,
                    item_code,
                    window,
                    staff_no,
                )
            )

    def consult(self, count: int) -> None:
        """咨询 (人次): questions about a department's items at the comprehensive windows."""
        rng = self.rng
        for _ in range(count):
            item = self.pick_item(self.listed)
            window = rng.choice(self.accept_windows)
            code = item.code if rng.random() < 0.6 else ""
            self.emit(
                "consult",
                None,
                rng.randint(OPEN, CLOSE - 1),
                item.department,
                code,
                window,
                self.on_duty[window],
            )

    def accept(self, count: int) -> list[SimCase]:
        """受理 (件): new cases of authorised items; each goes to the back office the same day."""
        rng, fresh = self.rng, []
        for _ in range(count):
            item = self.pick_item(self.authorized)
            case = self.new_case(self.day, item, "ZC")
            case.window = rng.choice(self.accept_windows)
            case.staff = self.on_duty[case.window]
            seconds = rng.randint(OPEN, CLOSE - 1800)
            case.accepted_at = _clock(self.day, seconds)
            case.promised_by = workcal.shift(self.day, case.promised_days)
            self.emit("accept", case, seconds, item.department, item.code, case.window, case.staff)
            case.pending = 1
            fresh.append(case)
            extra = 1 if rng.random() < 0.3 else 0
            extra += 1 if extra and rng.random() < 0.25 else 0
            last = 0
            for _ in range(extra):  # 件次: sent back for more material, or on to another office
                if last + 1 > case.promised_days - 1:
                    break
                last = rng.randint(last + 1, min(last + 3, case.promised_days - 1))
                heapq.heappush(self.transfers, (self.index + last, self.next_seq(), case))
                case.pending += 1
            late = rng.randint(1, 3) if rng.random() < 0.04 else 0  # now and then past the promise
            done = min(case.promised_days + late, max(last + 1, rng.randint(1, case.promised_days)))
            heapq.heappush(self.completions, (self.index + done, self.next_seq(), case))
        return fresh

    def transfer(self, slots: int, fresh: list[SimCase]) -> None:
        """流转 (件次): today's new cases first, then transfers due, then department cases."""
        rng = self.rng
        due = list(fresh)
        while self.transfers and self.transfers[0][0] <= self.index:
            due.append(heapq.heappop(self.transfers)[2])
        for n, case in enumerate(due):
            if n >= slots:  # more than the day's transfers: tomorrow
                heapq.heappush(self.transfers, (self.index + 1, self.next_seq(), case))
                continue
            window = (
                case.window
                if case.window in self.accept_windows
                else rng.choice(self.accept_windows)
            )
            self.emit(
                "transfer",
                case,
                self.after(case, 120, 2400),
                case.department,
                case.item_code,
                window,
                self.on_duty[window],
            )
            case.pending -= 1
        remaining = slots - min(slots, len(due))
        while remaining > 0:
            # A case accepted at a department's own window, passed through the hall's back office.
            item = self.pick_item(self.listed)
            case = self.new_case(self.day, item, self.dept_spec[item.department].code)
            accepted_day = workcal.shift(self.day, -rng.choice([0, 0, 0, 1, 2]))
            accepted = rng.randint(OPEN, CLOSE - 3600)
            case.accepted_at = _clock(accepted_day, accepted)
            case.promised_by = workcal.shift(accepted_day, case.promised_days)
            if accepted_day == self.day:
                case.last_day, case.last_time = self.day, accepted
            window, staff_no = self.dept_window(item.department)
            hops = min(remaining, rng.choices([1, 2, 3, 4], [25, 35, 30, 10])[0])
            for _ in range(hops):
                self.emit(
                    "transfer",
                    case,
                    self.after(case, 300, 5400),
                    item.department,
                    item.code,
                    window,
                    staff_no,
                )
            remaining -= hops
            heapq.heappush(
                self.quiet, (self.index + rng.randint(1, case.promised_days), self.next_seq(), case)
            )

    def complete(self) -> None:
        """办结: comprehensive cases reach their decision; most are collected at the issuing window."""
        rng, index = self.rng, self.index
        while self.completions and self.completions[0][0] <= index:
            _, _, case = heapq.heappop(self.completions)
            if case.pending > 0:
                heapq.heappush(self.completions, (index + 1, self.next_seq(), case))
                continue
            seconds = self.after(case, 600, 14400)
            case.completed_at = _clock(self.day, seconds)
            self.emit("complete", case, seconds, case.department, case.item_code, "", case.staff)
            if rng.random() < 0.75:
                ready = index if seconds < CLOSE - 3600 else index + 1
                heapq.heappush(self.issue_queue, (ready, self.next_seq(), ready + 10, case))
            elif self.keep and rng.random() < 0.15:
                self.evaluations.append(evaluate(rng, case.no, self.day, seconds))
        while self.quiet and self.quiet[0][0] <= index:
            _, _, case = heapq.heappop(self.quiet)
            case.completed_at = _clock(self.day, rng.randint(OPEN, CLOSE - 1))
            if rng.random() < 0.4:
                heapq.heappush(self.issue_queue, (index + 1, self.next_seq(), index + 11, case))

    def issue(self, count: int) -> None:
        """颁发 (件): results handed out; uncollected ones are posted after ten days (邮寄送达)."""
        rng, index, issued = self.rng, self.index, 0
        while issued < count and self.issue_queue and self.issue_queue[0][0] <= index:
            _, _, expires, case = heapq.heappop(self.issue_queue)
            if expires < index:
                continue
            window = rng.choice(self.issue_windows)
            seconds = self.after(case, 300, 7200)
            self.emit(
                "issue",
                case,
                seconds,
                case.department,
                case.item_code,
                window,
                self.on_duty[window],
            )
            issued += 1
            if self.keep and case.no.startswith("ZC") and rng.random() < 0.15:
                self.evaluations.append(evaluate(rng, case.no, self.day, seconds))
        for _ in range(count - issued):
            # The result of a case accepted at a department window some time ago (in the log's
            # first weeks: in 2022).
            item = self.pick_item(self.listed)
            back = item.time_limit_days + rng.randint(1, 8)
            accepted_day = workcal.shift(self.day, -back)
            case = self.new_case(accepted_day, item, self.dept_spec[item.department].code)
            case.accepted_at = _clock(accepted_day, rng.randint(OPEN, CLOSE - 1))
            case.promised_by = workcal.shift(accepted_day, case.promised_days)
            done_day = workcal.shift(self.day, -rng.randint(1, min(3, back - 1)))
            case.completed_at = _clock(done_day, rng.randint(OPEN, CLOSE - 1))
            window = rng.choice(self.issue_windows)
            self.emit(
                "issue",
                case,
                rng.randint(OPEN, CLOSE - 1),
                case.department,
                case.item_code,
                window,
                self.on_duty[window],
            )

    # ---- helpers ------------------------------------------------------------------------------

    def new_case(self, day: dt.date, item: HandlingItemRow, prefix: str) -> SimCase:
        key = (day, prefix)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        no = f"{prefix}{day:%Y%m%d}{self.numbers[key]:04d}"
        rng = self.rng
        if rng.random() < 0.62:
            applicant = f"四川{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_TRADES)}{rng.choice(COMPANY_FORMS)}"
        else:
            applicant = rng.choice(self.people)
        case = SimCase(no, item.department, item.code, applicant, item.time_limit_days)
        self.cases.append(case)
        return case

    def emit(
        self,
        kind: str,
        case: SimCase | None,
        seconds: int,
        department: str | None,
        item_code: str,
        window: str,
        staff_no: str,
    ) -> None:
        seq = self.next_seq()
        if self.keep:
            self.today.append((seconds, seq, kind, case, department, item_code, window, staff_no))
        if case is not None:
            case.last_day, case.last_time = self.day, seconds

    def after(self, case: SimCase, lo: int, hi: int) -> int:
        """A time of today later than the case's last event today (any time if none today)."""
        if case.last_day != self.day:
            return self.rng.randint(OPEN, CLOSE - 1)
        return min(CLOSE - 1, case.last_time + lo + self.rng.randint(0, hi))

    def pick_item(self, picker: Picker) -> HandlingItemRow:
        names, cum, per_dept = picker
        name = names[bisect.bisect(cum, self.rng.random() * cum[-1])]
        items, item_cum = per_dept[name]
        return items[bisect.bisect(item_cum, self.rng.random() * item_cum[-1])]

    def dept_window(self, name: str) -> tuple[str, str]:
        codes = self.dept_windows.get(name) or self.accept_windows
        staff_pool = self.hall.dept_staff.get(name) or [self.on_duty[self.accept_windows[0]]]
        return self.rng.choice(codes), self.rng.choice(staff_pool)


BAD_COMMENTS: list[str] = _TABLE["bad_comments"]
GOOD_COMMENTS: list[str] = _TABLE["good_comments"]
CHANNELS: list[str] = _TABLE["channels"]


# The demo center's own rule in 2023: 差评 followed up within 5 working days. Fixed here, not
# read from the setting: randint's draw depends on its range, so another number of days would
# move every random draw after the first 差评 and with it the weeks calibrated to the seeds.
DEMO_FOLLOWUP_DAYS = 5


def evaluate(rng: random.Random, case_no: str, day: dt.date, seconds: int) -> EvaluationRow:
    """好差评: mostly 非常满意/满意; bad ones are followed up within the working days allowed."""
    level = rng.choices([5, 4, 3, 2, 1], [80, 14, 3, 2.2, 0.8])[0]
    at = _clock(day, seconds) + dt.timedelta(minutes=rng.randint(1, 30))
    if level > 2:
        return EvaluationRow(
            case_no, at, level, rng.choice(CHANNELS), rng.choice(GOOD_COMMENTS), None, None, ""
        )
    due = workcal.shift(day, DEMO_FOLLOWUP_DAYS)
    done = workcal.shift(day, rng.randint(1, DEMO_FOLLOWUP_DAYS + 1))
    if done > workcal.END:
        return EvaluationRow(
            case_no, at, level, rng.choice(CHANNELS), rng.choice(BAD_COMMENTS), due, None, ""
        )
    note = (
        "已回访申请人，说明情况并致歉，问题已整改" if done <= due else "逾期回访，已说明情况并整改"
    )
    return EvaluationRow(
        case_no, at, level, rng.choice(CHANNELS), rng.choice(BAD_COMMENTS), due, done, note
    )

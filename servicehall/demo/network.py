"""The demo's network (演示的下级中心): the provincial center's children — the 21 市州 centers of
四川省 and a few of their counties (and one township) — each with departments stationed in
number by its size, comprehensive windows, items, and a year of case events; and the logins of
a province leader, a city admin and a county clerk.

Written after the province's own records, in departments of their own: the provincial center's
figures counted 本级 (the seeds' 2024-4 and 2023-9, docs/demo.md) do not move, while its
roll-up (本级及下级) adds the children's. Deterministic: each center's events come from a
random generator seeded with its name, and the cases its 受理 events open — their 办理项,
applicant, 办结 and 好差评 — from a second one (``child_cases``), so the events stay as they were. Each center's size (``data/centers.csv``: 成都 3.0, a
typical city 0.9, a 州 0.4, a county 0.5–0.8, a township 0.2) scales its departments, windows
and daily work; ``scale`` scales the events of every center at once (the tests' demo is a tenth
of ``make run``'s, docs/demo.md).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass, replace

from servicehall.cases.eventlog import LogRow, append_events
from servicehall.cases.models import Case
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.core.bulk import db_datetime, insert_rows
from servicehall.core.localtime import SHANGHAI
from servicehall.demo import indicators, workcal
from servicehall.demo.departments import chinese_name
from servicehall.demo.events import (
    CASE_COLUMNS,
    CLOSE,
    COMPANY_FORMS,
    COMPANY_TRADES,
    COMPANY_WORDS,
    OPEN,
    EvaluationRow,
    evaluate,
)
from servicehall.demo.tables import csv_table
from servicehall.journal.models import ServiceEvaluation
from servicehall.org.models import Center, Department, Window
from servicehall.workcal.workdays import is_workday

FIRST_DAY = dt.date(2023, 1, 3)
LAST_DAY = dt.date(2024, 2, 9)  # the province's records end here too
# The departments a child center may have stationed (by its short prefix: 成都市公安局 …), in
# the order a smaller center drops them; the code goes into item codes.
UNITS = [
    ("公安局", "GA"),
    ("人力资源社会保障局", "RS"),
    ("市场监管局", "SJ"),
    ("自然资源和规划局", "ZR"),
    ("住房城乡建设局", "ZJ"),
    ("税务局", "SW"),
    ("民政局", "MZ"),
    ("交通运输局", "JT"),
    ("卫生健康委", "WJ"),
    ("医疗保障局", "YB"),
    ("不动产登记中心", "BD"),
    ("住房公积金管理中心", "GJ"),
    ("生态环境局", "ST"),
    ("教育局", "JY"),
    ("农业农村局", "NY"),
    ("文化广电旅游局", "WL"),
    ("商务局", "SH"),
    ("水务局", "SL"),
]
# What each department's items are about (one 办理项 each).
TOPICS = ["综合业务办理", "证照申领", "信息变更登记", "证明开具"]
# A day's work at a child's comprehensive windows for a center of size 1.0: kind → (fewest,
# most); each center's size multiplies it.
DAILY = {
    "consult": (20, 60),
    "accept": (10, 30),
    "transfer": (8, 24),
    "issue": (8, 26),
    "complete": (9, 28),
}


@dataclass(frozen=True)
class ChildSize:
    """What a child center has, by its level and size (规模)."""

    departments: int
    items_per_department: int
    accept_windows: int
    issue_windows: int


def child_size(level: str, size: float) -> ChildSize:
    if level == "city":
        return ChildSize(12 + round(2 * min(size, 3.0)), 4, max(3, round(5 * size)), 2)
    if level == "county":
        return ChildSize(8, 3, max(2, round(4 * size)), 1)
    return ChildSize(3, 2, 1, 1)  # a township's 便民服务中心


# Each child center's size (规模) by its full name, from data/centers.csv.
SIZES: dict[str, float] = {
    row["name"]: float(row["size"]) for row in csv_table("centers") if row["size"]
}


@dataclass(frozen=True)
class NetworkLogin:
    """A login of the network: username, role, the center (short name), its department."""

    username: str
    role: str
    center: str
    department: str | None = None


NETWORK_LOGINS = [
    NetworkLogin("province_leader", "leader", "省中心"),
    NetworkLogin("city_admin", "admin", "成都市中心"),
    NetworkLogin("county_clerk", "staff", "双流区中心"),
]


def prefix(center: Center) -> str:
    """成都市中心 → 成都市, 东升街道便民服务中心 → 东升街道."""
    return center.short_name.removesuffix("中心").removesuffix("便民服务")


def write_network(province: Center, scale: float = 1.0) -> dict[str, int]:
    """Departments, windows, items and events of every center below ``province``; ``scale``
    multiplies every center's events (1.0: ``make run``'s demo)."""
    counts = dict.fromkeys(
        ("network_centers", "network_departments", "network_events", "network_cases"), 0
    )
    counts["network_evaluations"] = 0
    children = Center.objects.filter(path__startswith=province.path).exclude(pk=province.pk)
    days = [
        FIRST_DAY + dt.timedelta(days=n)
        for n in range((LAST_DAY - FIRST_DAY).days + 1)
        if is_workday(FIRST_DAY + dt.timedelta(days=n))
    ]
    for n, center in enumerate(children.order_by("path"), start=1):
        counts["network_centers"] += 1
        rng = random.Random(f"servicehall-network-{center.name}")
        name = prefix(center)
        size = SIZES.get(center.name, 0.2)
        shape = child_size(center.level, size)
        departments = []
        services, items = [], []
        for order, (unit, code) in enumerate(UNITS[: shape.departments], start=1):
            # Saved one by one, as the province's: the change history records each.
            dept = Department.objects.create(
                center=center, name=f"{name}{unit}", sort_order=order * 10, stationed_on=FIRST_DAY
            )
            departments.append(dept)
            for t, topic in enumerate(TOPICS[: shape.items_per_department], start=1):
                services.append(
                    ServiceItem(
                        department=dept,
                        code=f"NET{n:02d}{code}{t:04d}",
                        name=f"{name}{unit}{topic}",
                        kind=ItemKind.LICENSE if (order + t) % 3 else ItemKind.PUBLIC,
                    )
                )
        # The catalog in bulk, as the province's (``loader.catalog``).
        for service in ServiceItem.objects.bulk_create(services):
            item_code = f"{service.code}-01"
            time_limit = 1 + len(service.name + item_code) % 10
            items.append(
                HandlingItem(
                    service_item=service,
                    code=item_code,
                    name=f"{service.name}（窗口受理）",
                    time_limit_days=time_limit,
                    **asdict(indicators.item_facts(item_code, time_limit)),
                    listed_on=FIRST_DAY,
                )
            )
        HandlingItem.objects.bulk_create(items)
        counts["network_departments"] += len(departments)
        accept_windows = [f"A{k:02d}" for k in range(1, shape.accept_windows + 1)]
        issue_windows = [f"C{k:02d}" for k in range(1, shape.issue_windows + 1)]
        for codes, window_kind in (
            (accept_windows, Window.Kind.COMPREHENSIVE_ACCEPT),
            (issue_windows, Window.Kind.ISSUE),
        ):
            for code in codes:
                Window.objects.create(
                    center=center,
                    code=code,
                    name=f"{name}{window_kind.label}{code}",
                    kind=window_kind,
                    opened_on=FIRST_DAY,
                )
        rows = []
        for day in days:
            for kind, (low, high) in DAILY.items():
                mean = rng.randint(low, high) * size * scale
                # Rounded at random, up with the fraction's chance: a small scale keeps its mean.
                for k in range(int(mean) + (rng.random() < mean - int(mean))):
                    dept = rng.choice(departments)
                    moment = dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI)
                    window = rng.choice(issue_windows if kind == "issue" else accept_windows)
                    rows.append(
                        LogRow(
                            event_id=f"NET{n:02d}-{day:%Y%m%d}-{kind}-{k}",
                            case_id=None,
                            case_no="",
                            kind=kind,
                            occurred_at=moment + dt.timedelta(minutes=rng.randint(0, 480)),
                            department_id=dept.pk,
                            department_name=dept.name,
                            window_code=window,
                        )
                    )
        cases, ratings = child_cases(center, n, name, rows, items)
        case_ids = _write_cases(center, cases)
        ServiceEvaluation.objects.bulk_create(
            indicators.ratings(ratings, case_ids), batch_size=5000
        )
        counts["network_cases"] += len(cases)
        counts["network_evaluations"] += len(ratings)
        opened = {case.case_no: case for case in cases}
        counts["network_events"] += append_events(
            replace(
                row,
                case_id=case_ids[_case_no(row)],
                case_no=_case_no(row),
                item_code=opened[_case_no(row)].item_code,
            )
            if row.kind == "accept"
            else row
            for row in rows
        )
    return counts


@dataclass
class ChildCase:
    """A case a child center's 受理 event opened (plain data until written)."""

    case_no: str
    department_id: int
    handling_item_id: int
    item_code: str
    applicant: str
    accepted_at: dt.datetime
    window: str
    promised_days: int
    promised_by: dt.date
    completed_at: dt.datetime | None


# Of a child's completed cases, the share rated (好差评): about the province's (``events``).
RATED_SHARE = 0.15
LATE_SHARE = 0.04  # done one to three working days past the promise


def _case_no(row: LogRow) -> str:
    """The case a 受理 event opened: NET01-20240105-accept-3 → NET01202401050004."""
    center, day, _, k = row.event_id.split("-")
    return f"{center}{day}{int(k) + 1:04d}"


def child_cases(
    center: Center, n: int, name: str, rows: list[LogRow], items: list[HandlingItem]
) -> tuple[list[ChildCase], list[EvaluationRow]]:
    """A case for every 受理 event of ``rows`` (a child center's log), and their ratings: an
    办理项 of the event's department, an applicant, the promised date, the 办结 (the same day
    when ``indicators.done_on_the_spot``, else within the promised time, now and then past it;
    none when after the log's last day) and, for about one in seven, a rating as the
    province's. From their own generator, seeded with the center's name: the events' draws
    stay as they were."""
    rng = random.Random(f"servicehall-network-cases-{center.name}")
    by_department: dict[int, list[HandlingItem]] = {}
    for item in items:
        by_department.setdefault(item.service_item.department_id, []).append(item)
    people = sorted({chinese_name(rng, set()) for _ in range(300)})
    cases: list[ChildCase] = []
    ratings: list[EvaluationRow] = []
    for row in rows:
        if row.kind != "accept":
            continue
        assert row.department_id is not None
        item = rng.choice(by_department[row.department_id])
        if rng.random() < 0.62:
            words = (
                rng.choice(COMPANY_WORDS),
                rng.choice(COMPANY_TRADES),
                rng.choice(COMPANY_FORMS),
            )
            applicant = f"{name}{''.join(words)}"
        else:
            applicant = rng.choice(people)
        case_no = _case_no(row)
        accepted = row.occurred_at
        day = accepted.date()
        promised = item.time_limit_days or 1
        if indicators.done_on_the_spot(case_no, item.immediate, promised):
            done = accepted + dt.timedelta(minutes=rng.randint(10, 90))
            done = min(done, dt.datetime.combine(day, dt.time(17, 29), tzinfo=SHANGHAI))
        else:
            late = rng.randint(1, 3) if rng.random() < LATE_SHARE else 0
            days = promised + late if late else rng.randint(1, promised)
            done_on = workcal.shift(day, days)
            seconds = rng.randint(OPEN, CLOSE - 1)
            done = dt.datetime.combine(done_on, dt.time(), tzinfo=SHANGHAI) + dt.timedelta(
                seconds=seconds
            )
        case = ChildCase(
            case_no=case_no,
            department_id=row.department_id,
            handling_item_id=item.pk,
            item_code=item.code,
            applicant=applicant,
            accepted_at=accepted,
            window=row.window_code,
            promised_days=promised,
            promised_by=workcal.shift(day, promised),
            completed_at=done if done.date() <= LAST_DAY else None,
        )
        cases.append(case)
        if case.completed_at is not None and rng.random() < RATED_SHARE:
            at = case.completed_at
            seconds = at.hour * 3600 + at.minute * 60 + at.second
            ratings.append(evaluate(rng, case_no, at.date(), seconds))
    return cases, ratings


def _write_cases(center: Center, cases: list[ChildCase]) -> dict[str, int]:
    """The cases in bulk, as the province's (``loader.cases``); returns their ids by number."""
    insert_rows(
        Case,
        CASE_COLUMNS,
        (
            (
                c.case_no,
                c.department_id,
                c.handling_item_id,
                c.applicant,
                db_datetime(c.accepted_at),
                c.window,
                c.promised_days,
                c.promised_by,
                db_datetime(c.completed_at),
                indicators.case_channel(c.case_no),
            )
            for c in cases
        ),
    )
    return dict(Case.objects.filter(department__center=center).values_list("case_no", "pk"))

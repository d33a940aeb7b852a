"""The demo's network (演示的下级中心): the provincial center's children — the 21 市州 centers of
四川省 and a few of their counties (and one township) — each with departments stationed in
number by its size, comprehensive windows, items, and a year of case events; and the logins of
a province leader, a city admin and a county clerk.

Written after the province's own records, in departments of their own: the provincial center's
figures counted 本级 (the seeds' 2024-4 and 2023-9, docs/demo.md) do not move, while its
roll-up (本级及下级) adds the children's. Deterministic: each center's events come from a
random generator seeded with its name. Each center's size (``data/centers.csv``: 成都 3.0, a
typical city 0.9, a 州 0.4, a county 0.5–0.8, a township 0.2) scales its departments, windows
and daily work; ``scale`` scales the events of every center at once (the tests' demo is a tenth
of ``make run``'s, docs/demo.md).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass

from servicehall.cases.eventlog import LogRow, append_events
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.core.localtime import SHANGHAI
from servicehall.demo import indicators
from servicehall.demo.tables import csv_table
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
    counts = {"network_centers": 0, "network_departments": 0, "network_events": 0}
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
        counts["network_events"] += append_events(rows)
    return counts

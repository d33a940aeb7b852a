"""The demo's network (演示的下级中心): the provincial center's children — two 市州 centers,
a county under each and a township under one — each with a few departments stationed, two
comprehensive windows, items, and a year of case events; and the logins of a province leader,
a city admin and a county clerk.

Written after the province's own records, in departments of their own: the provincial center's
figures counted 本级 (the seeds' 2024-4 and 2023-9, docs/demo.md) do not move, while its
roll-up (本级及下级) adds the children's. Deterministic: each center's events come from a
random generator seeded with its name.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from servicehall.cases.eventlog import LogRow, append_events
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Center, Department, Window
from servicehall.workcal.workdays import is_workday

FIRST_DAY = dt.date(2023, 1, 3)
LAST_DAY = dt.date(2024, 2, 9)  # the province's records end here too
# The departments each child center has stationed (by its short prefix: 成都市公安局 …).
DEPARTMENTS = [("公安局", "GA"), ("人力资源社会保障局", "RS"), ("市场监管局", "SJ")]
# A day's work at a child's comprehensive windows: kind → (fewest, most), a city busier than a
# county, a county than a township.
SIZE = {"city": 1.0, "county": 0.5, "township": 0.2}
DAILY = {
    "consult": (20, 60),
    "accept": (10, 30),
    "transfer": (8, 24),
    "issue": (8, 26),
    "complete": (9, 28),
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


def write_network(province: Center) -> dict[str, int]:
    """Departments, windows, items and events of every center below ``province``."""
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
        departments = []
        for order, (unit, code) in enumerate(DEPARTMENTS, start=1):
            dept = Department.objects.create(
                center=center, name=f"{name}{unit}", sort_order=order * 10, stationed_on=FIRST_DAY
            )
            departments.append(dept)
            service = ServiceItem.objects.create(
                department=dept,
                code=f"NET{n:02d}{code}0001",
                name=f"{name}{unit}综合业务办理",
                kind=ItemKind.LICENSE if order != 2 else ItemKind.PUBLIC,
            )
            HandlingItem.objects.create(
                service_item=service,
                code=f"NET{n:02d}{code}0001-01",
                name=f"{name}{unit}综合业务办理（窗口受理）",
                time_limit_days=5,
                listed_on=FIRST_DAY,
            )
        counts["network_departments"] += len(departments)
        windows: list[tuple[str, Window.Kind]] = [
            ("A01", Window.Kind.COMPREHENSIVE_ACCEPT),
            ("C01", Window.Kind.ISSUE),
        ]
        for code, window_kind in windows:
            Window.objects.create(
                center=center,
                code=code,
                name=f"{name}{window_kind.label}",
                kind=window_kind,
                opened_on=FIRST_DAY,
            )
        size = SIZE.get(center.level, 0.2)
        rows = []
        for day in days:
            for kind, (low, high) in DAILY.items():
                for k in range(round(rng.randint(low, high) * size)):
                    dept = rng.choice(departments)
                    moment = dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI)
                    rows.append(
                        LogRow(
                            event_id=f"NET{n:02d}-{day:%Y%m%d}-{kind}-{k}",
                            case_id=None,
                            case_no="",
                            kind=kind,
                            occurred_at=moment + dt.timedelta(minutes=rng.randint(0, 480)),
                            department_id=dept.pk,
                            department_name=dept.name,
                            window_code="A01" if kind != "issue" else "C01",
                        )
                    )
        counts["network_events"] += append_events(rows)
    return counts

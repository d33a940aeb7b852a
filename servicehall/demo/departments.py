"""The demo's organisation (演示机构): centers, stationed departments, windows and staff.

The department order is the official order of 省级部门（单位） used in the center's documents:
provincial government departments in the order of the provincial government, then the units
they administer, then the central units in Sichuan and the people's organisations. The seed
reports print lists in this order: the 7 unauthorised departments of 2023年第9期 (科技厅、民政厅、
住房和城乡建设厅、农业农村厅、成都海关、省消防救援总队、省贸促会) and the first six of the 14
benefit departments of 2024年第4期 (省发展改革委 … 四川省税务局).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from servicehall.demo.tables import csv_table, json_table

D = dt.date
FIRST_STATIONED = dt.date(2019, 12, 16)  # the hall's opening day


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# Centers of the demo (province → city → county): name, short name, level, parent.
CENTERS: list[tuple[str, str, str, str | None]] = [
    (row["name"], row["short_name"], row["level"], row["parent"] or None)
    for row in csv_table("centers")
]
PROVINCE_CENTER = CENTERS[0][0]


@dataclass(frozen=True)
class DepartmentSpec:
    """One stationed department of the demo (进驻部门) and where it sits in the hall."""

    name: str
    code: str  # used in staff numbers and item codes
    aliases: str = ""
    stationed_on: dt.date = FIRST_STATIONED
    windows: int = 1  # department windows (部门窗口)


DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec(
        row["name"],
        row["code"],
        row["aliases"],
        _date(row["stationed_on"]) or FIRST_STATIONED,
        int(row["windows"]),
    )
    for row in csv_table("departments")
]

DEPARTMENT_NAMES = [d.name for d in DEPARTMENTS]
DEPARTMENT_BY_NAME = {d.name: d for d in DEPARTMENTS}

# Unauthorised to the comprehensive window as of 2023-03-10 (2023年第9期, in register order), and
# when those that came round authorised their items.
UNAUTHORIZED_2023: list[str] = json_table("authorization")["unauthorized_2023"]
LATE_AUTHORIZATION: dict[str, dt.date] = {
    name: dt.date.fromisoformat(day)
    for name, day in json_table("authorization")["late_authorization"].items()
}

# The comprehensive windows (综合窗口) of the hall: code, kind, opened, closed.
# On 2024-01-21: 5 accept + 1 issue; on 2024-01-22 two accept windows and one issue window
# opened (2024年第4期: 增加受理窗口 2 个、出件窗口 1 个 … 受理窗口 7 个、出件窗口 2 个).
COMPREHENSIVE_WINDOWS: list[tuple[str, str, dt.date, dt.date | None]] = [
    (row["code"], row["kind"], dt.date.fromisoformat(row["opened_on"]), _date(row["closed_on"]))
    for row in csv_table("comprehensive_windows")
]
HALL_ZONES = "ABCDE"

SURNAMES: str = json_table("names")["surnames"]
GIVEN_NAMES: list[str] = json_table("names")["given_names"]


def chinese_name(rng: random.Random, taken: set[str]) -> str:
    """A realistic Chinese name not yet used in the demo."""
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in taken:
            taken.add(name)
            return name


@dataclass(frozen=True)
class WindowRow:
    code: str
    name: str
    kind: str
    department: str | None
    opened_on: dt.date
    closed_on: dt.date | None


@dataclass(frozen=True)
class StaffRow:
    staff_no: str
    name: str
    department: str | None  # None: comprehensive-window staff (综窗人员)
    joined_on: dt.date
    left_on: dt.date | None


def build_windows() -> list[WindowRow]:
    rows = [
        WindowRow(
            code,
            f"{'无差别综合受理' if kind == 'accept' else '综合出件'}窗口{code}",
            kind,
            None,
            opened,
            closed,
        )
        for code, kind, opened, closed in COMPREHENSIVE_WINDOWS
    ]
    number = 0
    for dept in DEPARTMENTS:
        for i in range(dept.windows):
            number += 1
            zone = HALL_ZONES[(number - 1) // 20]
            code = f"{zone}{(number - 1) % 20 + 1:02d}"
            rows.append(
                WindowRow(
                    code,
                    f"{dept.name}窗口{i + 1}",
                    "department",
                    dept.name,
                    max(dept.stationed_on, FIRST_STATIONED),
                    None,
                )
            )
    # 省粮食和储备局 gave up its own window when its items moved to the comprehensive window.
    rows = [
        WindowRow(r.code, r.name, r.kind, r.department, r.opened_on, D(2023, 7, 1))
        if r.department == "省粮食和储备局"
        else r
        for r in rows
    ]
    return rows


# The 14 comprehensive-window staff trained by 公安厅 in 2023-03-06..10 are the ones on duty then;
# eight newcomers join in January 2024 for the new windows (新进综窗人员).
COMPREHENSIVE_STAFF_PLAN: list[tuple[int, dt.date, dt.date | None]] = [
    (int(row["count"]), dt.date.fromisoformat(row["joined_on"]), _date(row["left_on"]))
    for row in csv_table("comprehensive_staff")
]


def build_staff(rng: random.Random) -> list[StaffRow]:
    taken: set[str] = set()
    rows: list[StaffRow] = []
    number = 0
    for count, joined, left in COMPREHENSIVE_STAFF_PLAN:
        for _ in range(count):
            number += 1
            rows.append(StaffRow(f"ZC{number:03d}", chinese_name(rng, taken), None, joined, left))
    for dept in DEPARTMENTS:
        for i in range(dept.windows + 1):
            joined = (
                dept.stationed_on
                if i < dept.windows
                else D(2023, rng.randint(1, 9), rng.randint(1, 28))
            )
            rows.append(
                StaffRow(
                    f"{dept.code}{i + 1:02d}", chinese_name(rng, taken), dept.name, joined, None
                )
            )
    return rows

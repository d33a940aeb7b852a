"""The demo's training sessions (业务培训) and logins (演示账号)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from servicehall.demo import workcal
from servicehall.demo.departments import StaffRow
from servicehall.demo.journal import SEED_WEEKS
from servicehall.demo.tables import json_table

D = dt.date
DEMO_PASSWORD = "servicehall2024"  # printed by `servicehall demo --logins`
# The demo's logins: username, role, department (for a liaison).
DEMO_LOGINS: list[tuple[str, str, str | None]] = [
    (row["username"], row["role"], row["department"]) for row in json_table("people")["logins"]
]


@dataclass(frozen=True)
class TrainingRow:
    held_on: dt.date
    topic: str
    organizers: tuple[str, ...]
    trainees: tuple[str, ...]  # staff numbers; empty when only the headcount is known
    trainee_count: int | None
    audience: str = "综合窗口工作人员"


def _clerks_on(
    staff: list[StaffRow], day: dt.date, joined_from: dt.date | None = None
) -> tuple[str, ...]:
    return tuple(
        s.staff_no
        for s in staff
        if s.department is None
        and s.joined_on <= day
        and (s.left_on is None or s.left_on > day)
        and (joined_from is None or s.joined_on >= joined_from)
    )


# Departments that train the comprehensive-window staff in the other weeks.
TRAINERS: list[str] = json_table("people")["trainers"]


def build_trainings(rng: random.Random, staff: list[StaffRow]) -> list[TrainingRow]:
    rows: list[TrainingRow] = []
    # 2023年第9期: 组织公安厅业务骨干对 14 名综合窗口工作人员进行业务培训 5次 (3月6日至9日).
    clerks = _clerks_on(staff, D(2023, 3, 6))
    assert len(clerks) == 14, len(clerks)
    for day in (D(2023, 3, 6), D(2023, 3, 7), D(2023, 3, 8), D(2023, 3, 9), D(2023, 3, 9)):
        rows.append(
            TrainingRow(
                day,
                "公安厅审批事项办理指南、业务流程和操作平台应用",
                ("公安厅",),
                clerks,
                len(clerks),
            )
        )
    # 2024年第4期: 公安厅、交通运输厅、四川省税务局窗口对新进综窗人员开展高频事项受办业务培训 4 次.
    newcomers = _clerks_on(staff, D(2024, 1, 22), joined_from=D(2024, 1, 1))
    for day, organizer in (
        (D(2024, 1, 22), "公安厅"),
        (D(2024, 1, 23), "交通运输厅"),
        (D(2024, 1, 24), "四川省税务局"),
        (D(2024, 1, 25), "公安厅"),
    ):
        rows.append(
            TrainingRow(
                day, "高频事项受办业务培训", (organizer,), newcomers, len(newcomers), "新进综窗人员"
            )
        )
    # Other weeks: a department trains the comprehensive-window staff every few weeks.
    day = D(2023, 1, 9)
    while day <= workcal.END:
        if not any(a <= day <= b for a, b in SEED_WEEKS):
            organizer = rng.choice(TRAINERS)
            on_duty = _clerks_on(staff, day)
            named = rng.random() < 0.6
            rows.append(
                TrainingRow(
                    day,
                    f"{organizer}高频事项受理要点培训",
                    (organizer,),
                    on_duty if named else (),
                    len(on_duty) if named else rng.randint(8, len(on_duty)),
                )
            )
        day = workcal.on_or_after(day + dt.timedelta(days=rng.choice([14, 21, 28])))
    rows.sort(key=lambda r: r.held_on)
    return rows

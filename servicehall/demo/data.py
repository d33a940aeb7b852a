"""The whole demo data set as plain data (演示数据), generated from one fixed seed.

Nothing here touches the database: ``build()`` returns the same rows on every run and every
machine (each part draws from its own ``random.Random`` seeded with a string), and
``servicehall.demo.loader`` writes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from servicehall.demo.catalog import Catalog, build_catalog
from servicehall.demo.departments import StaffRow, WindowRow, build_staff, build_windows
from servicehall.demo.events import CaseWork, daily_targets, simulate
from servicehall.demo.journal import Journal, build_journal
from servicehall.demo.people import TrainingRow, build_trainings

SEED = "servicehall-demo-2024"


@dataclass
class DemoData:
    windows: list[WindowRow]
    staff: list[StaffRow]
    trainings: list[TrainingRow]
    catalog: Catalog
    work: CaseWork
    journal: Journal


def build(seed: str = SEED) -> DemoData:
    def rng(part: str) -> random.Random:
        return random.Random(f"{seed}:{part}")

    windows = build_windows()
    staff = build_staff(rng("staff"))
    catalog = build_catalog(rng("catalog"))
    targets = daily_targets(rng("targets"))
    work = simulate(rng("events"), catalog, windows, staff, targets)
    return DemoData(
        windows=windows,
        staff=staff,
        trainings=build_trainings(rng("trainings"), staff),
        catalog=catalog,
        work=work,
        journal=build_journal(rng("journal"), catalog),
    )


def sample(data: DemoData, step: int = 997) -> list[tuple[object, ...]]:
    """A sample of the generated rows, as plain tuples (for checking that runs agree)."""
    rows: list[tuple[object, ...]] = []
    rows += [("staff", s.staff_no, s.name) for s in data.staff]
    rows += [
        ("item", i.code, i.name, i.listed_on.isoformat(), i.time_limit_days)
        for i in data.catalog.items[::7]
    ]
    rows += [
        ("handbook", h.item_code, h.effective_on.isoformat()) for h in data.catalog.handbooks[::11]
    ]
    rows += [
        (
            "event",
            e.event_id,
            e.case_no,
            e.kind,
            e.occurred_at.isoformat(),
            e.department,
            e.item_code,
            e.window_code,
            e.staff_ref,
        )
        for e in data.work.events[::step]
    ]
    rows += [
        (
            "case",
            c.no,
            c.department,
            c.item_code,
            c.applicant,
            c.accepted_at.isoformat() if c.accepted_at else "",
        )
        for c in data.work.cases[::step]
    ]
    rows += [
        ("news", n.occurred_on.isoformat(), n.department or "", n.text[:40])
        for n in data.journal.news[::5]
    ]
    rows += [("platform", d.isoformat(), k, a, c) for d, k, a, c in data.journal.platform[::53]]
    return rows


def digest(rows: list[tuple[object, ...]]) -> str:
    text = "\n".join("|".join(str(v) for v in row) for row in rows)
    return hashlib.sha256(text.encode()).hexdigest()


def day_span(data: DemoData) -> tuple[dt.date, dt.date]:
    days = [e.occurred_at.date() for e in (data.work.events[0], data.work.events[-1])]
    return days[0], days[1]

"""The demo catalog (演示事项目录): service items, 办理项, dated authorisation and handbook changes.

Calibrated to the seed reports:
- 1,645 办理项 listed on 2024-01-26, of which 1,110 have a compiled acceptance handbook
  (占比 67.48%), 5 of them — all 科技厅's — completed in the week 2024-01-22..26;
- on 2023-03-10 exactly the 7 departments of UNAUTHORIZED_2023 have listed 办理项 and none
  authorised to the comprehensive window.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from servicehall.demo import workcal
from servicehall.demo.catalog_data import ITEMS, TARGETS, VARIANTS
from servicehall.demo.departments import DEPARTMENTS, LATE_AUTHORIZATION, UNAUTHORIZED_2023

D = dt.date
WINDOW_LAUNCH = D(2022, 5, 16)  # the comprehensive windows opened; first authorisations
REPORT_DAY_2023 = D(2023, 3, 10)
REPORT_WEEK_2024 = (D(2024, 1, 22), D(2024, 1, 26))
HANDBOOKS_DONE = 1110
KJT = "科技厅"
KJT_HANDBOOKS_BEFORE, KJT_HANDBOOKS_WEEK = 6, 5
KIND_NUMBERS = {kind: i for i, kind in enumerate(VARIANTS, start=1)}


@dataclass(frozen=True)
class ServiceItemRow:
    code: str
    name: str
    kind: str
    department: str


@dataclass(frozen=True)
class HandlingItemRow:
    code: str
    name: str
    service_code: str
    department: str
    kind: str
    time_limit_days: int
    listed_on: dt.date
    delisted_on: dt.date | None


@dataclass(frozen=True)
class StatusRow:
    """An AuthorizationChange (value = authorized) or a HandbookChange (value = compiled)."""

    item_code: str
    effective_on: dt.date
    value: bool
    note: str = ""


@dataclass(frozen=True)
class SpecRow:
    service_code: str
    part: str
    version: int
    effective_on: dt.date
    content: str


@dataclass
class Catalog:
    services: list[ServiceItemRow]
    items: list[HandlingItemRow]
    authorizations: list[StatusRow]
    handbooks: list[StatusRow]
    specs: list[SpecRow]

    def authorized_spans(self) -> dict[str, list[tuple[dt.date, dt.date | None]]]:
        """办理项 code → spans (from, until) during which it is authorised."""
        spans: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
        for row in sorted(self.authorizations, key=lambda r: (r.item_code, r.effective_on)):
            item_spans = spans.setdefault(row.item_code, [])
            if row.value and (not item_spans or item_spans[-1][1] is not None):
                item_spans.append((row.effective_on, None))
            elif not row.value and item_spans and item_spans[-1][1] is None:
                item_spans[-1] = (item_spans[-1][0], row.effective_on)
        return spans


def _random_workday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return rng.choice(workcal.between(start, end))


def _pool(
    dept_index: int, department: str
) -> tuple[list[ServiceItemRow], list[tuple[ServiceItemRow, str, int]]]:
    """The department's service items and its 办理项 candidates in the order they are taken."""
    services = []
    seqs: dict[str, int] = {}
    parsed = ITEMS[department]
    for kind, name, days in parsed:
        seqs[kind] = seqs.get(kind, 0) + 1
        code = f"5100{dept_index:02d}{KIND_NUMBERS[kind]:02d}{seqs[kind]:03d}"
        services.append((ServiceItemRow(code, name, kind, department), days))
    pool = []
    for v in range(max(len(variants) for variants in VARIANTS.values())):
        for service, days in services:
            variants = VARIANTS[service.kind]
            if v < len(variants):
                pool.append((service, variants[v], days))
    return [s for s, _ in services], pool


def build_catalog(rng: random.Random) -> Catalog:
    services: list[ServiceItemRow] = []
    items: list[HandlingItemRow] = []
    auth: list[StatusRow] = []
    extras_left = {"delisted": 14, "later": 8}
    for index, dept in enumerate(DEPARTMENTS, start=1):
        dept_services, pool = _pool(index, dept.name)
        services.extend(dept_services)
        target = TARGETS[dept.name]
        spare = len(pool) - target
        n_delisted = min(spare, 2 if extras_left["delisted"] > 0 and index % 3 == 1 else 0)
        n_later = min(spare - n_delisted, 1 if extras_left["later"] > 0 and index % 5 == 2 else 0)
        extras_left["delisted"] -= n_delisted
        extras_left["later"] -= n_later
        early = max(dept.stationed_on, D(2021, 6, 1))
        chosen = pool[: target + n_delisted + n_later]
        for n, (service, variant, days) in enumerate(chosen):
            code = f"{service.code}{n + 1:03d}"
            name = f"{service.name}（{variant}）" if variant else service.name
            delisted = None
            if n < 3:
                listed = early
            elif n >= target + n_delisted:
                listed = D(2024, 2, 5)
            else:
                roll = rng.random()
                if roll < 0.09:
                    listed = _random_workday(rng, D(2023, 3, 13), D(2024, 1, 19))
                else:
                    listed = rng.choice(
                        [early, early, max(early, D(2022, 5, 16)), max(early, D(2022, 10, 10))]
                    )
                if n >= target:
                    listed = early
                    delisted = _random_workday(rng, D(2023, 4, 3), D(2023, 12, 29))
            limit = max(1, days + rng.choice([0, 0, 0, -2, 2]) if days > 3 else days)
            items.append(
                HandlingItemRow(
                    code, name, service.code, dept.name, service.kind, limit, listed, delisted
                )
            )
        auth.extend(_authorizations(rng, dept.name, items[-len(chosen) :]))
    handbooks = _handbooks(rng, items, auth)
    specs = _specs(rng, services)
    return Catalog(services, items, auth, handbooks, specs)


def _authorizations(
    rng: random.Random, department: str, items: list[HandlingItemRow]
) -> list[StatusRow]:
    """Authorisation to the comprehensive window (综窗授权) of one department's 办理项."""
    rows: list[StatusRow] = []
    if department in UNAUTHORIZED_2023 and department not in LATE_AUTHORIZATION:
        return rows  # 成都海关、省消防救援总队、省贸促会 still handle their own items
    late = LATE_AUTHORIZATION.get(department)
    for n, item in enumerate(items):
        if n > 0 and rng.random() > (0.8 if late else 0.86):
            continue
        if late:
            day = workcal.on_or_after(max(late, item.listed_on))
            note = "部门授权综合窗口受理"
        elif item.listed_on <= WINDOW_LAUNCH and (n == 0 or rng.random() < 0.75):
            day, note = WINDOW_LAUNCH, "首批授权综合窗口受理"
        elif item.listed_on <= WINDOW_LAUNCH:
            day, note = _random_workday(rng, D(2022, 5, 17), D(2024, 1, 19)), "授权综合窗口受理"
        else:
            day, note = (
                workcal.shift(item.listed_on, rng.randint(0, 15)),
                "新纳入事项授权综合窗口受理",
            )
        rows.append(StatusRow(item.code, day, True, note))
        # Now and then an item is taken back (事项调整收回授权), never a department's first.
        if n > 2 and not late and item.delisted_on is None and rng.random() < 0.012:
            back = workcal.shift(max(day, D(2023, 3, 13)), rng.randint(10, 120))
            if back <= D(2024, 1, 19):
                rows.append(StatusRow(item.code, back, False, "事项调整，收回综窗授权"))
    return rows


def _handbooks(
    rng: random.Random, items: list[HandlingItemRow], auth: list[StatusRow]
) -> list[StatusRow]:
    """受理工作手册 compiled per 办理项: 1,110 by 2024-01-26, 科技厅's 5 in its last week."""
    revoked = {r.item_code for r in auth if not r.value}
    authorized_on = {r.item_code: r.effective_on for r in auth if r.value}
    week_start, week_end = REPORT_WEEK_2024
    listed = [
        i
        for i in items
        if i.listed_on <= week_end and (i.delisted_on is None or i.delisted_on > week_end)
    ]
    assert len(listed) == sum(TARGETS.values()), len(listed)

    def eligible(item: HandlingItemRow, by: dt.date) -> bool:
        day = authorized_on.get(item.code)
        return day is not None and item.code not in revoked and workcal.shift(day, 5) <= by

    kjt = [
        i for i in listed if i.department == KJT and eligible(i, week_start - dt.timedelta(days=3))
    ]
    others = [i for i in listed if i.department != KJT and eligible(i, D(2024, 1, 19))]
    n_others = HANDBOOKS_DONE - KJT_HANDBOOKS_BEFORE - KJT_HANDBOOKS_WEEK
    rng.shuffle(others)
    rows: list[StatusRow] = []
    for item in others[:n_others]:
        start = max(workcal.shift(authorized_on[item.code], 5), D(2022, 7, 1))
        days = workcal.between(start, D(2024, 1, 19))
        # Compilation sped up through 2023: later days are likelier.
        pick = days[min(len(days) - 1, int(len(days) * rng.random() ** 0.6))]
        rows.append(StatusRow(item.code, pick, True, "完成受理工作手册编制"))
    kjt_days = workcal.between(D(2024, 1, 8), D(2024, 1, 19))
    week_days = workcal.between(week_start, week_end)
    for n, item in enumerate(kjt[: KJT_HANDBOOKS_BEFORE + KJT_HANDBOOKS_WEEK + 3]):
        if n < KJT_HANDBOOKS_BEFORE:
            day = kjt_days[n * 2 % len(kjt_days)]
        elif n < KJT_HANDBOOKS_BEFORE + KJT_HANDBOOKS_WEEK:
            day = week_days[(n - KJT_HANDBOOKS_BEFORE) % len(week_days)]
        else:
            day = D(2024, 2, 1)
        rows.append(StatusRow(item.code, day, True, "完成受理工作手册编制"))
    # After the report week the work goes on (later weeks' drafts have completions too).
    for item in others[n_others : n_others + 24]:
        rows.append(
            StatusRow(
                item.code,
                _random_workday(rng, D(2024, 1, 29), D(2024, 2, 8)),
                True,
                "完成受理工作手册编制",
            )
        )
    # A delisted item had its handbook before it was taken off the list.
    for item in items:
        if (
            item.delisted_on
            and item.code in authorized_on
            and authorized_on[item.code] < D(2023, 1, 1)
        ):
            rows.append(StatusRow(item.code, D(2023, 1, 16), True, "完成受理工作手册编制"))
    return rows


def _specs(rng: random.Random, services: list[ServiceItemRow]) -> list[SpecRow]:
    """一单一图一表 of the 行政许可 items: v1 in 2023, v2 after the January 2024 notice."""
    parts = {
        "list": "行政许可事项清单",
        "map": "行政许可运行图谱",
        "table": "行政许可实施要素一览表",
    }
    rows = []
    for service in services:
        if service.kind != "license":
            continue
        v1 = _random_workday(rng, D(2023, 6, 1), D(2023, 9, 28))
        revised = rng.random() < 0.1
        for part, title in parts.items():
            rows.append(SpecRow(service.code, part, 1, v1, f"{service.name}{title}（第1版）"))
            if revised:
                rows.append(
                    SpecRow(
                        service.code,
                        part,
                        2,
                        D(2024, 1, 29),
                        f"{service.name}{title}（第2版，按省政府办公厅通知修订）",
                    )
                )
    return rows

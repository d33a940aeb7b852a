"""The demo's week-by-week records (演示工作记录): news, visits, patrols, benefit policies and
the integrated platform's daily counts, with the seed reports' own entries in their weeks."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from servicehall.demo import workcal
from servicehall.demo.catalog import Catalog
from servicehall.demo.departments import DEPARTMENT_NAMES, chinese_name
from servicehall.demo.events import DEPARTMENT_WEIGHTS, apportion
from servicehall.demo.tables import csv_table, json_table

D = dt.date
SEED_WEEKS = [(D(2023, 3, 6), D(2023, 3, 10)), (D(2024, 1, 22), D(2024, 1, 26))]

CATEGORIES: list[str] = json_table("journal_texts")["categories"]


@dataclass(frozen=True)
class NewsRow:
    category: str
    department: str | None
    occurred_on: dt.date
    text: str
    group: int | None = None
    sort_order: int = 100
    author: str = ""


@dataclass(frozen=True)
class VisitRow:
    visited_on: dt.date
    department: str | None
    organization: str
    title: str
    name: str
    companions: str = ""
    activity: str = "窗口调研值守"
    remarks: str = ""


@dataclass(frozen=True)
class PatrolRow:
    patrolled_at: dt.datetime
    inspector: str
    findings: tuple[tuple[str, str, str], ...]  # (check item, rating, remarks)


@dataclass(frozen=True)
class PolicyRow:
    department: str
    name: str
    mode: str
    amounts: tuple[tuple[dt.date, Decimal], ...]  # cumulative amount in 元 as of a date


@dataclass
class Journal:
    news: list[NewsRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    patrols: list[PatrolRow] = field(default_factory=list)
    batches: list[tuple[str, int, dt.date]] = field(default_factory=list)
    policies: dict[str, list[PolicyRow]] = field(default_factory=dict)  # batch → policies
    platform: list[tuple[dt.date, str, int, int]] = field(default_factory=list)


# ---- the seed reports' own entries -------------------------------------------------------------


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# The news, visits and patrol the seed reports print, in their weeks.
SEED_NEWS = [
    NewsRow(**{**row, "occurred_on": _day(row["occurred_on"])}) for row in json_table("seed_news")
]
SEED_VISITS = [
    VisitRow(**{**row, "visited_on": _day(row["visited_on"])}) for row in json_table("seed_visits")
]

CHECK_ITEMS = ["on_time", "work_area", "dress", "badge", "discipline", "prevention"]
SEED_PREVENTION: str = json_table("journal_texts")["seed_prevention"]
SEED_PATROL = PatrolRow(
    dt.datetime(2023, 3, 8, 9, 30),
    "中心督查室 何静",
    (*((item, "good", "") for item in CHECK_ITEMS[:-1]), ("prevention", "good", SEED_PREVENTION)),
)
FINDINGS: dict[str, str] = json_table("journal_texts")["findings"]

# ---- generated entries for the other weeks ------------------------------------------------------

TEMPLATES: dict[str, list[str]] = json_table("journal_texts")["templates"]
COMPANIES: list[str] = json_table("journal_texts")["companies"]
VISIT_TITLES: list[str] = json_table("journal_texts")["visit_titles"]
# The head of a unit by the end of its name (单位负责人称谓): 厅 → 厅长, 局 → 局长, a bank's
# branch → 行长, a 委 → 主任 …; longest ending first.
UNIT_HEADS: list[tuple[str, str]] = [
    ("分行", "行长"),
    ("海关", "关长"),
    ("总队", "总队长"),
    ("公司", "总经理"),
    ("贸促会", "会长"),
    ("残联", "理事长"),
    ("中心", "主任"),
    ("委", "主任"),
    ("办", "主任"),
    ("局", "局长"),
    ("厅", "厅长"),
]


def fitting_title(title: str, unit: str) -> str:
    """A drawn title (厅长, 副局长, 党组成员、副厅长 …) in the words of ``unit``: 人民银行成都分行
    has a 行长, 住房和城乡建设厅 a 副厅长, not a 副局长. Ranks (巡视员, 总经济师) stay."""
    head = next((h for ending, h in UNIT_HEADS if unit.endswith(ending)), None)
    for generic in ("厅长", "局长"):
        if head is not None and title.endswith(generic):
            return title[: -len(generic)] + head
    return title


INSPECTORS: list[str] = json_table("journal_texts")["inspectors"]


def _week_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        days = workcal.between(monday, monday + dt.timedelta(days=6))
        if days:
            weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def _in_seed_week(day: dt.date) -> bool:
    return any(a <= day <= b for a, b in SEED_WEEKS)


def build_journal(rng: random.Random, catalog: Catalog) -> Journal:
    journal = Journal()
    items_by_dept: dict[str, list[str]] = {}
    for service in catalog.services:
        if service.kind in ("license", "public"):  # what applicants come to the hall for
            items_by_dept.setdefault(service.department, []).append(service.name)
    departments = [d for d in DEPARTMENT_NAMES if d in items_by_dept]
    weights = [DEPARTMENT_WEIGHTS.get(d, 1) for d in departments]
    taken: set[str] = {"陈岚", "王建明", "刘金山", "王华", "李建伟"}

    journal.news.extend(SEED_NEWS)
    journal.visits.extend(SEED_VISITS)
    journal.patrols.append(SEED_PATROL)
    for monday in _week_starts(workcal.START, workcal.END):
        days = workcal.between(max(monday, workcal.START), monday + dt.timedelta(days=6))
        if not days or _in_seed_week(days[0]):
            continue
        # News: a few entries a week, in the categories of both layouts.
        order = 0
        for category in rng.sample(list(TEMPLATES), k=rng.randint(2, 4)):
            for _ in range(rng.randint(1, 2)):
                order += 1
                dept = None if category == "综窗改革推进" else rng.choices(departments, weights)[0]
                n = rng.randint(8, 40)
                text = rng.choice(TEMPLATES[category]).format(
                    dept=dept or "",
                    item=rng.choice(items_by_dept[dept]) if dept else "",
                    company=rng.choice(COMPANIES),
                    a=rng.choice([15, 20, 30]),
                    b=rng.choice([3, 5, 7, 10]),
                    c=rng.randint(2, 6),
                    n=n,
                    m=rng.randint(n // 2, n),
                )
                journal.news.append(NewsRow(category, dept, rng.choice(days), text, None, order))
        # 厅（局）长进大厅: most weeks someone comes to sit at the window.
        for _ in range(rng.choices([0, 1, 2, 3], [30, 40, 22, 8])[0]):
            dept = rng.choices(departments, weights)[0]
            journal.visits.append(
                VisitRow(
                    rng.choice(days),
                    dept,
                    "",
                    fitting_title(rng.choice(VISIT_TITLES), dept),
                    chinese_name(rng, taken),
                )
            )
        # 大厅巡查: one or two patrols, now and then something found.
        for day in sorted(rng.sample(days, k=min(len(days), rng.choice([1, 1, 2])))):
            findings = []
            for item in CHECK_ITEMS:
                if rng.random() < 0.06:
                    findings.append((item, "fair", FINDINGS[item]))
                else:
                    findings.append((item, "good", ""))
            at = dt.datetime(
                day.year, day.month, day.day, rng.choice([9, 10, 14, 15]), rng.choice([0, 15, 30])
            )
            journal.patrols.append(PatrolRow(at, rng.choice(INSPECTORS), tuple(findings)))
    journal.visits.sort(key=lambda v: v.visited_on)
    journal.patrols.sort(key=lambda p: p.patrolled_at)
    _benefit(rng, journal)
    journal.platform = build_platform(rng)
    return journal


# ---- 惠企政策直达快享 ------------------------------------------------------------------------------

BATCH_1 = "2023年省级惠企政策事项清单（第一批）"
BATCH_2 = "2023年省级惠企政策事项清单（第二批）"
# Policies fulfilled by 2023-12-31: 36 of 14 departments (2024年第4期 三、).
FULFILLED: list[tuple[str, str, str, float]] = [
    (row["department"], row["name"], row["mode"], float(row["share"]))
    for row in csv_table("benefit_policies")
    if row["status"] == "fulfilled"
]
# Policies of the list still being counted (其余事项兑享情况还在陆续统计中).
PENDING: list[tuple[str, str, str]] = [
    (row["department"], row["name"], row["mode"])
    for row in csv_table("benefit_policies")
    if row["status"] == "pending"
]
# 147.59 亿元 reduced and 20 亿元 paid out by 2023-12-31, in 分.
REDUCTION_CENTS = 1_475_896_123_746
PAYOUT_CENTS = 200_018_765_432


def _benefit(rng: random.Random, journal: Journal) -> None:
    journal.batches = [(BATCH_1, 2023, D(2023, 3, 31)), (BATCH_2, 2023, D(2023, 10, 16))]
    amounts: dict[int, int] = {}
    for mode, total in (("reduction", REDUCTION_CENTS), ("payout", PAYOUT_CENTS)):
        rows = [i for i, p in enumerate(FULFILLED) if p[2] == mode]
        shares = apportion(total, [FULFILLED[i][3] * rng.uniform(0.85, 1.15) for i in rows])
        amounts.update(zip(rows, shares, strict=True))
    policies = []
    for i, (dept, name, mode, _) in enumerate(FULFILLED):
        final = Decimal(amounts[i]) / 100
        history = [(D(2023, 12, 31), final)]
        if i % 6 != 5:  # most were already counted at the end of September
            history.insert(
                0,
                (
                    D(2023, 9, 30),
                    (final * Decimal(rng.uniform(0.55, 0.75))).quantize(Decimal("0.01")),
                ),
            )
        policies.append(PolicyRow(dept, name, mode, tuple(history)))
    for n, (dept, name, mode) in enumerate(PENDING):
        pending: tuple[tuple[dt.date, Decimal], ...] = (
            ((D(2023, 12, 31), Decimal("0.00")),) if n % 2 == 0 else ()
        )
        policies.append(PolicyRow(dept, name, mode, pending))
    journal.policies[BATCH_1] = policies
    journal.policies[BATCH_2] = [
        PolicyRow("经济和信息化厅", "中小企业数字化转型补助", "payout", ()),
        PolicyRow("商务厅", "外贸企业出口信用保险保费补助", "payout", ()),
        PolicyRow("四川省税务局", "个体工商户减半征收个人所得税", "reduction", ()),
    ]


# ---- 一体化政务服务平台 ---------------------------------------------------------------------------

# 2023-01-01..2023-03-10 (2023年第9期 二、): kind group → (受理, 办结)
PLATFORM_2023_YTD: dict[str, tuple[int, int]] = {
    group: (accepted, completed)
    for group, (accepted, completed) in json_table("platform")["ytd_2023_03_10"].items()
}
OTHER_KIND_WEIGHTS: dict[str, int] = json_table("platform")["other_kind_weights"]
PLATFORM_LEVELS: dict[str, int] = json_table("platform")["levels"]


def build_platform(rng: random.Random) -> list[tuple[dt.date, str, int, int]]:
    """Platform 受理/办结 per working day and item kind (一体化平台每日办件)."""
    days = workcal.between(workcal.START, workcal.END)
    seed_days = workcal.between(D(2023, 1, 1), D(2023, 3, 10))
    kinds = [("license", "license", 1), ("public", "public", 1)] + [
        ("other", k, w) for k, w in OTHER_KIND_WEIGHTS.items()
    ]
    counts: dict[tuple[dt.date, str], list[int]] = {}
    for group, kind, weight in kinds:
        share = weight / (sum(OTHER_KIND_WEIGHTS.values()) if group == "other" else 1)
        for day in days:
            growth = 1 + 0.12 * (day - workcal.START).days / 365
            level = PLATFORM_LEVELS[group] * share * growth * (1.12 if day.weekday() == 0 else 1)
            accepted = round(level * rng.uniform(0.85, 1.15))
            counts[(day, kind)] = [accepted, round(accepted * rng.uniform(0.9, 1.05))]
    for group, (accepted, completed) in PLATFORM_2023_YTD.items():
        cells = [
            (day, kind, weight) for g, kind, weight in kinds if g == group for day in seed_days
        ]
        for measure, total in ((0, accepted), (1, completed)):
            shares = apportion(
                total,
                [
                    w * rng.uniform(0.8, 1.2) * (1.12 if d.weekday() == 0 else 1)
                    for d, _, w in cells
                ],
            )
            for (day, kind, _), n in zip(cells, shares, strict=True):
                counts[(day, kind)][measure] = n
    return [(day, kind, a, c) for (day, kind), (a, c) in counts.items()]

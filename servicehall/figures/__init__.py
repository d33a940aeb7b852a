"""The figures module (统计口径): the only place a number of the report is computed.

Each figure key of SPEC.md has one function of a period; the report drafter, the dashboard,
the API and ``servicehall stats`` all call these. Nothing stores a total: every value is counted
from the records (the case event log through its daily rollups, the registers as of a date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from servicehall.cases.models import DailyCount, EventKind
from servicehall.catalog.models import (
    OTHER_POWER_KINDS,
    HandbookChange,
    HandlingItem,
    ItemKind,
)
from servicehall.catalog.queries import AUTHORIZED, HANDBOOK, with_status
from servicehall.journal.models import BenefitFulfilment, BenefitPolicy, PlatformDailyCount
from servicehall.org.models import Department, TrainingSession, Window

CASE_KINDS = tuple(EventKind.values)
HUNDRED_MILLION = Decimal(100_000_000)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """A closed range of local calendar days (统计期间), both ends included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"统计期间起始日 {self.start} 晚于截止日 {self.end}")

    @property
    def year_to_date(self) -> Period:
        """From 1 January of the end date's year to the end date (今年以来)."""
        return Period(dt.date(self.end.year, 1, 1), self.end)

    @property
    def day_before(self) -> dt.date:
        return self.start - dt.timedelta(days=1)


def _round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---- case work at the comprehensive windows (综窗办件) ---------------------------------------


def case_counts(period: Period, departments: list[int] | None = None) -> dict[str, int]:
    """Events per kind in ``period``: 咨询 人次, 受理 件, 流转 件次, 颁发 件, 办结 件."""
    rows = DailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
    if departments is not None:
        rows = rows.filter(department_id__in=departments)
    totals = dict(rows.values_list("kind").annotate(n=Sum("count")).order_by())
    return {kind: int(totals.get(kind) or 0) for kind in CASE_KINDS}


def case_counts_by_department(period: Period) -> dict[int | None, dict[str, int]]:
    """Events per department and kind in ``period`` (for the dashboard and the API)."""
    result: dict[int | None, dict[str, int]] = {}
    rows = (
        DailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
        .values_list("department_id", "kind")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for department_id, kind, n in rows:
        result.setdefault(department_id, dict.fromkeys(CASE_KINDS, 0))[kind] = int(n)
    return result


def daily_case_counts(period: Period) -> dict[dt.date, dict[str, int]]:
    """Events per day and kind (the dashboard's trend)."""
    result: dict[dt.date, dict[str, int]] = {}
    rows = (
        DailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
        .values_list("day", "kind")
        .annotate(n=Sum("count"))
        .order_by("day")
    )
    for day, kind, n in rows:
        result.setdefault(day, dict.fromkeys(CASE_KINDS, 0))[kind] = int(n)
    return result


def stats(period: Period) -> dict[str, dict[str, int]]:
    """SPEC.md's stats JSON: counts for the period and for the year to its end date."""
    return {"period": case_counts(period), "ytd": case_counts(period.year_to_date)}


# ---- catalog registers as of a date (事项授权与受理手册) ---------------------------------------


def handling_items_listed(day: dt.date):
    return HandlingItem.objects.filter(listed_on__lte=day).filter(
        Q(delisted_on__isnull=True) | Q(delisted_on__gt=day)
    )


def handbook_done(day: dt.date) -> int:
    """办理项 whose acceptance handbook is compiled as of ``day`` (受理工作手册完成数)."""
    return with_status(handling_items_listed(day), day).filter(**{HANDBOOK: True}).count()


def handbook_percent(day: dt.date) -> Decimal:
    """Share of listed 办理项 with a compiled handbook, in % to two places (占比)."""
    total = handling_items_listed(day).count()
    if total == 0:
        return Decimal("0.00")
    return _round2(Decimal(handbook_done(day)) * 100 / Decimal(total))


def handbook_completions(period: Period) -> list[tuple[Department, int]]:
    """Handbooks completed in ``period`` by department, in register order (本周完成手册编制)."""
    rows = (
        HandbookChange.objects.filter(
            effective_on__gte=period.start, effective_on__lte=period.end, compiled=True
        )
        .values("handling_item__service_item__department")
        .annotate(n=Count("handling_item", distinct=True))
        .order_by()
    )
    counts = {r["handling_item__service_item__department"]: r["n"] for r in rows}
    departments = Department.objects.filter(pk__in=counts).order_by("sort_order", "pk")
    return [(d, counts[d.pk]) for d in departments]


def unauthorized_departments(day: dt.date) -> list[Department]:
    """Stationed departments with listed 办理项 none of which is authorised to the comprehensive
    window as of ``day`` (未授权无差别综合窗口的部门), in register order."""
    items = with_status(handling_items_listed(day), day).values_list(
        "service_item__department", AUTHORIZED
    )
    with_items: set[int] = set()
    with_authorized: set[int] = set()
    for department_id, authorized in items:
        with_items.add(department_id)
        if authorized:
            with_authorized.add(department_id)
    candidates = Department.objects.filter(pk__in=with_items - with_authorized).order_by(
        "sort_order", "pk"
    )
    return [d for d in candidates if d.stationed_as_of(day)]


# ---- windows and training (窗口设置与培训) -----------------------------------------------------


def open_windows(day: dt.date, kind: str) -> int:
    return Window.objects.filter(Window.open_on_q(day), kind=kind).count()


def window_changes(period: Period) -> dict[str, dict[str, int]]:
    """Windows of each comprehensive kind before and after ``period`` (窗口调整)."""
    result = {}
    for kind in (Window.Kind.COMPREHENSIVE_ACCEPT, Window.Kind.ISSUE):
        before, after = open_windows(period.day_before, kind), open_windows(period.end, kind)
        result[kind] = {"before": before, "after": after, "change": after - before}
    return result


def trainings(period: Period):
    return TrainingSession.objects.filter(held_on__gte=period.start, held_on__lte=period.end)


def training_trainees(period: Period) -> int:
    """People trained in ``period``: distinct named trainees, or the recorded headcounts."""
    named = trainings(period).filter(trainees__isnull=False).values("trainees").distinct().count()
    counted = (
        trainings(period).filter(trainees__isnull=True).aggregate(n=Sum("trainee_count"))["n"] or 0
    )
    return named + counted


# ---- enterprise-benefit policies (惠企政策直达快享) ---------------------------------------------


@dataclass(frozen=True)
class BenefitSummary:
    """Fulfilled amounts of a policy list as of a statistics date (兑享情况)."""

    batch_name: str
    as_of: dt.date
    departments: list[Department]
    policies: int
    reduction: Decimal  # 亿元
    payout: Decimal  # 亿元

    @property
    def total(self) -> Decimal:
        return self.reduction + self.payout


def benefit_summary(day: dt.date) -> BenefitSummary | None:
    """The latest statistics on or before ``day`` of the list it belongs to, or None."""
    latest = (
        BenefitFulfilment.objects.filter(as_of__lte=day)
        .order_by("-as_of", "-pk")
        .select_related("policy__batch")
        .first()
    )
    if latest is None:
        return None
    batch, as_of = latest.policy.batch, latest.as_of
    amounts: dict[int, Decimal] = {}
    rows = BenefitFulfilment.objects.filter(policy__batch=batch, as_of__lte=as_of).order_by("as_of")
    for policy_id, amount in rows.values_list("policy", "amount_yuan"):
        amounts[policy_id] = amount  # ordered by date: the last one wins
    fulfilled = {pid: a for pid, a in amounts.items() if a > 0}
    policies = BenefitPolicy.objects.filter(pk__in=fulfilled).select_related("department")
    by_mode = {BenefitPolicy.Mode.REDUCTION: Decimal(0), BenefitPolicy.Mode.PAYOUT: Decimal(0)}
    departments: dict[int, Department] = {}
    for policy in policies:
        by_mode[policy.mode] += fulfilled[policy.pk]
        departments[policy.department_id] = policy.department
    return BenefitSummary(
        batch_name=batch.name,
        as_of=as_of,
        departments=sorted(departments.values(), key=lambda d: (d.sort_order, d.pk)),
        policies=len(fulfilled),
        reduction=_round2(by_mode[BenefitPolicy.Mode.REDUCTION] / HUNDRED_MILLION),
        payout=_round2(by_mode[BenefitPolicy.Mode.PAYOUT] / HUNDRED_MILLION),
    )


# ---- integrated platform (一体化政务服务平台) --------------------------------------------------

PLATFORM_GROUPS = {
    "license": [ItemKind.LICENSE],
    "public": [ItemKind.PUBLIC],
    "other": OTHER_POWER_KINDS,
}


def platform_counts(period: Period) -> dict[str, dict[str, int]]:
    """Platform 受理/办结 per group of item kinds over ``period``."""
    rows = PlatformDailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
    result = {}
    for group, kinds in PLATFORM_GROUPS.items():
        sums = rows.filter(item_kind__in=kinds).aggregate(a=Sum("accepted"), c=Sum("completed"))
        result[group] = {"accept": int(sums["a"] or 0), "complete": int(sums["c"] or 0)}
    return result


# ---- the figure keys of SPEC.md --------------------------------------------------------------


@dataclass(frozen=True)
class FigureDef:
    """One figure of the report (统计指标): key, label, unit, how it is computed, from what."""

    key: str
    label: str
    unit: str
    compute: Callable[[Period], int | Decimal | None]
    source: str  # what records it counts, shown to the editor beside the number


def _benefit(attr: str) -> Callable[[Period], int | Decimal | None]:
    def compute(period: Period):
        summary = benefit_summary(period.end)
        if summary is None:
            return None
        value = getattr(summary, attr)
        return len(value) if attr == "departments" else value

    return compute


def _window_count(scope: str, kind: str) -> Callable[[Period], int]:
    if scope == "week":
        return lambda period: case_counts(period)[kind]
    return lambda period: case_counts(period.year_to_date)[kind]


def _platform(group: str, measure: str) -> Callable[[Period], int]:
    return lambda period: platform_counts(period.year_to_date)[group][measure]


_KIND_LABELS = {
    "consult": ("咨询", "人次"),
    "accept": ("受理", "件"),
    "issue": ("颁发", "件"),
    "transfer": ("流转", "件次"),
    "complete": ("办结", "件"),
}
_PLATFORM_LABELS = {"license": "行政许可事项", "public": "公共服务事项", "other": "其它9类行权事项"}

FIGURES: dict[str, FigureDef] = {}


def _register(*defs: FigureDef) -> None:
    for d in defs:
        FIGURES[d.key] = d


for _kind, (_label, _unit) in _KIND_LABELS.items():
    _register(
        FigureDef(
            f"window.week.{_kind}",
            f"本周{_label}",
            _unit,
            _window_count("week", _kind),
            "综窗办件事件（本周）",
        ),
        FigureDef(
            f"window.ytd.{_kind}",
            f"今年以来{_label}",
            _unit,
            _window_count("ytd", _kind),
            "综窗办件事件（今年以来）",
        ),
    )
_register(
    FigureDef(
        "handbook.done",
        "受理工作手册完成办理项",
        "个",
        lambda p: handbook_done(p.end),
        "办理项受理手册编制记录（截至期末）",
    ),
    FigureDef(
        "handbook.percent",
        "受理工作手册完成占比",
        "%",
        lambda p: handbook_percent(p.end),
        "办理项受理手册编制记录 ÷ 纳入办理项",
    ),
    FigureDef(
        "windows.accept",
        "无差别综合受理窗口",
        "个",
        lambda p: open_windows(p.end, Window.Kind.COMPREHENSIVE_ACCEPT),
        "窗口登记（期末开放）",
    ),
    FigureDef(
        "windows.issue",
        "出件窗口",
        "个",
        lambda p: open_windows(p.end, Window.Kind.ISSUE),
        "窗口登记（期末开放）",
    ),
    FigureDef(
        "training.sessions", "培训次数", "次", lambda p: trainings(p).count(), "培训记录（本周）"
    ),
    FigureDef(
        "benefit.departments",
        "兑享部门",
        "个",
        _benefit("departments"),
        "惠企政策兑享记录（最近统计日）",
    ),
    FigureDef(
        "benefit.policies",
        "兑享政策事项",
        "项",
        _benefit("policies"),
        "惠企政策兑享记录（最近统计日）",
    ),
    FigureDef(
        "benefit.total", "兑享金额", "亿元", _benefit("total"), "惠企政策兑享记录（最近统计日）"
    ),
    FigureDef(
        "benefit.reduction", "减免金额", "亿元", _benefit("reduction"), "惠企政策兑享记录（减免）"
    ),
    FigureDef("benefit.payout", "兑现金额", "亿元", _benefit("payout"), "惠企政策兑享记录（兑现）"),
    FigureDef(
        "departments.unauthorized",
        "未授权综窗部门",
        "个",
        lambda p: len(unauthorized_departments(p.end)),
        "办理项综窗授权记录（截至期末）",
    ),
)
for _group, _glabel in _PLATFORM_LABELS.items():
    _register(
        FigureDef(
            f"platform.{_group}.accept",
            f"{_glabel}受理",
            "件",
            _platform(_group, "accept"),
            "一体化平台每日办件统计（今年以来）",
        ),
        FigureDef(
            f"platform.{_group}.complete",
            f"{_glabel}办结",
            "件",
            _platform(_group, "complete"),
            "一体化平台每日办件统计（今年以来）",
        ),
    )


def compute(key: str, period: Period):
    """The value of one figure for ``period``."""
    try:
        definition = FIGURES[key]
    except KeyError:
        raise KeyError(f"未知统计指标：{key}") from None
    return definition.compute(period)


def compute_all(period: Period, keys: list[str] | None = None) -> dict[str, int | Decimal | None]:
    """Values of the given figures (all by default) for ``period``."""
    return {key: compute(key, period) for key in (keys or list(FIGURES))}

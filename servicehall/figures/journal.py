"""Enterprise-benefit policies and the integrated platform (惠企政策与一体化平台)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from servicehall.catalog.models import OTHER_POWER_KINDS, ItemKind
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.figures.numbers import HUNDRED_MILLION, round2
from servicehall.figures.scope import CenterScope, resolve
from servicehall.journal.followup import overdue_q, rectification_decided, rectified_on_time
from servicehall.journal.models import (
    BadRatingClass,
    BenefitFulfilment,
    BenefitPolicy,
    PlatformDailyCount,
    Rectification,
    ServiceEvaluation,
)
from servicehall.org.models import Department


@dataclass(frozen=True)
class BenefitSummary:
    """Fulfilled amounts of a policy list as of a statistics date (兑享情况)."""

    batch_name: str
    as_of: dt.date
    departments: list[Department]
    policies: int
    reduction: Decimal  # 亿元
    payout: Decimal  # 亿元
    listed: int = 0  # the list's policies in the scope, fulfilled or not

    @property
    def total(self) -> Decimal:
        return self.reduction + self.payout

    @property
    def pending(self) -> bool:
        """Whether some policies of the list have no fulfilment yet (其余事项还在陆续统计中)."""
        return self.listed > self.policies


def benefit_summary(day: dt.date, *, scope: CenterScope | None = None) -> BenefitSummary | None:
    """The latest statistics on or before ``day`` of the list it belongs to, or None."""
    counted = resolve(scope)
    fulfilments = BenefitFulfilment.objects.filter(counted.q("policy__department__center"))
    latest = (
        fulfilments.filter(as_of__lte=day)
        .order_by("-as_of", "-pk")
        .select_related("policy__batch")
        .first()
    )
    if latest is None:
        return None
    batch, as_of = latest.policy.batch, latest.as_of
    amounts: dict[int, Decimal] = {}
    rows = fulfilments.filter(policy__batch=batch, as_of__lte=as_of).order_by("as_of")
    for policy_id, amount in rows.values_list("policy", "amount_yuan"):
        amounts[policy_id] = amount  # ordered by date: the last one wins
    fulfilled = {pid: a for pid, a in amounts.items() if a > 0}
    policies = BenefitPolicy.objects.filter(pk__in=fulfilled).select_related("department")
    by_mode: dict[str, Decimal] = {
        BenefitPolicy.Mode.REDUCTION: Decimal(0),
        BenefitPolicy.Mode.PAYOUT: Decimal(0),
    }
    departments: dict[int, Department] = {}
    for policy in policies:
        by_mode[policy.mode] += fulfilled[policy.pk]
        departments[policy.department_id] = policy.department
    return BenefitSummary(
        batch_name=batch.name,
        as_of=as_of,
        departments=sorted(departments.values(), key=lambda d: (d.sort_order, d.pk)),
        policies=len(fulfilled),
        reduction=round2(by_mode[BenefitPolicy.Mode.REDUCTION] / HUNDRED_MILLION),
        payout=round2(by_mode[BenefitPolicy.Mode.PAYOUT] / HUNDRED_MILLION),
        listed=BenefitPolicy.objects.filter(batch=batch)
        .filter(counted.q("department__center"))
        .count(),
    )


# ---- integrated platform (一体化政务服务平台) --------------------------------------------------

PLATFORM_GROUPS = {
    "license": [ItemKind.LICENSE],
    "public": [ItemKind.PUBLIC],
    "other": OTHER_POWER_KINDS,
}


def platform_counts(
    period: Period, *, scope: CenterScope | None = None
) -> dict[str, dict[str, int]]:
    """Platform 受理/办结 per group of item kinds over ``period``."""
    rows = PlatformDailyCount.objects.filter(resolve(scope).q("center"))
    rows = rows.filter(day__gte=period.start, day__lte=period.end)
    result = {}
    for group, kinds in PLATFORM_GROUPS.items():
        sums = rows.filter(item_kind__in=kinds).aggregate(a=Sum("accepted"), c=Sum("completed"))
        result[group] = {"accept": int(sums["a"] or 0), "complete": int(sums["c"] or 0)}
    return result


def overdue_followups(
    day: dt.date, evaluations: Any = None, *, scope: CenterScope | None = None
) -> int:
    """Bad ratings whose follow-up is past its deadline on ``day``, open or done late (整改逾期);
    ``evaluations``: a user's scope."""
    evaluations = ServiceEvaluation.objects.all() if evaluations is None else evaluations
    evaluations = evaluations.filter(resolve(scope).q("case__department__center"))
    return int(evaluations.filter(overdue_q(day, "rectification__")).count())


# ---- the monthly 好差评 bulletin (好差评月度通报) ------------------------------------------------


@dataclass(frozen=True)
class RatingBulletin:
    """The numbers of a 好差评 bulletin over a period: ratings per level and their mean, the
    差评 work orders opened, closed and open at its end, the top content classes of its 差评,
    and how many of them were rectified on time (the rule of 差评按时整改率)."""

    period: Period
    total: int
    levels: dict[int, int]  # level (5 非常满意 … 1 非常不满意) → ratings
    mean_score: Decimal | None  # Σ levels ÷ ratings, two places; None without ratings
    bad: int
    orders_opened: int
    orders_closed: int
    orders_open: int  # opened by the period's end and not closed by then
    top_classes: list[tuple[str, int]]  # (class label, 差评 naming it), most named first
    rectification_due: int  # the period's 差评 whose rectification is decided on ``as_of``
    rectified_on_time: int
    on_time_rate: Decimal | None  # rectified_on_time ÷ rectification_due × 100

    def as_context(self) -> dict[str, Any]:
        """The bulletin as a wording prints it (``ratings.*`` in a layout)."""
        return {
            "month": f"{self.period.end.year}年{self.period.end.month}月",
            "total": self.total,
            **{f"level_{level}": count for level, count in self.levels.items()},
            "mean_score": self.mean_score,
            "bad": self.bad,
            "orders_opened": self.orders_opened,
            "orders_closed": self.orders_closed,
            "orders_open": self.orders_open,
            "top_classes": [{"label": name, "count": n} for name, n in self.top_classes],
            "rectification_due": self.rectification_due,
            "rectified_on_time": self.rectified_on_time,
            "on_time_rate": self.on_time_rate,
        }


def month_of(day: dt.date) -> Period:
    """The calendar month holding ``day``: a bulletin's period."""
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return Period(start, following - dt.timedelta(days=1))


def rating_bulletin(
    period: Period,
    *,
    as_of: dt.date | None = None,
    top: int = 3,
    scope: CenterScope | None = None,
) -> RatingBulletin:
    """The 好差评 bulletin of ``period`` (ratings by their local day); timeliness settled as of
    ``as_of`` (the day after the period by default: a bulletin is written once it is over)."""
    as_of = as_of or period.end + dt.timedelta(days=1)
    start = dt.datetime.combine(period.start, dt.time.min, SHANGHAI)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, SHANGHAI)
    in_scope = resolve(scope).q("case__department__center")
    ratings = ServiceEvaluation.objects.filter(
        in_scope, evaluated_at__gte=start, evaluated_at__lt=end
    )
    levels = {level: 0 for level in sorted(ServiceEvaluation.Level.values, reverse=True)}
    for level, count in ratings.values_list("level").annotate(n=Count("pk")).order_by():
        levels[level] = count
    total = sum(levels.values())
    score = sum(level * count for level, count in levels.items())
    bad_rows = list(
        ratings.filter(level__lte=ServiceEvaluation.Level.DISSATISFIED).values_list(
            "bad_classes", "rectification__closed_on", "rectification__due"
        )
    )
    named: Counter[str] = Counter()
    for classes, _closed, _due in bad_rows:
        named.update(classes or [])
    order = {value: i for i, value in enumerate(BadRatingClass.values)}
    labels = dict(BadRatingClass.choices)
    ranked = sorted(named.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))
    decided = [(c, d) for _, c, d in bad_rows if rectification_decided(c, d, as_of)]
    on_time = sum(1 for c, d in decided if rectified_on_time(c, d))
    in_period = Q(opened_on__gte=period.start, opened_on__lte=period.end)
    closed = Q(closed_on__gte=period.start, closed_on__lte=period.end)
    still_open = Q(opened_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=period.end)
    )
    # One pass over the work orders for the three counts (a province holds ~150,000 at 20M).
    orders = Rectification.objects.filter(
        resolve(scope).q("evaluation__case__department__center")
    ).aggregate(
        opened=Count("pk", filter=in_period),
        closed=Count("pk", filter=closed),
        open=Count("pk", filter=still_open),
    )
    return RatingBulletin(
        period=period,
        total=total,
        levels=levels,
        mean_score=round2(Decimal(score) / total) if total else None,
        bad=len(bad_rows),
        orders_opened=orders["opened"],
        orders_closed=orders["closed"],
        orders_open=orders["open"],
        top_classes=[(str(labels.get(key, key)), n) for key, n in ranked[:top]],
        rectification_due=len(decided),
        rectified_on_time=on_time,
        on_time_rate=round2(Decimal(on_time * 100) / len(decided)) if decided else None,
    )

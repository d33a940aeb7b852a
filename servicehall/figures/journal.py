"""Enterprise-benefit policies and the integrated platform (惠企政策与一体化平台)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from servicehall.catalog.models import OTHER_POWER_KINDS, ItemKind
from servicehall.core.periods import Period
from servicehall.figures.numbers import HUNDRED_MILLION, round2
from servicehall.figures.scope import CenterScope, resolve
from servicehall.journal.followup import overdue_q
from servicehall.journal.models import (
    BenefitFulfilment,
    BenefitPolicy,
    PlatformDailyCount,
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

    @property
    def total(self) -> Decimal:
        return self.reduction + self.payout


def benefit_summary(day: dt.date, *, scope: CenterScope | None = None) -> BenefitSummary | None:
    """The latest statistics on or before ``day`` of the list it belongs to, or None."""
    fulfilments = BenefitFulfilment.objects.filter(resolve(scope).q("policy__department__center"))
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

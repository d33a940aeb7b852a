"""Service items as of a date (事项授权与受理手册): handbooks compiled, departments not authorised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, QuerySet

from servicehall.catalog.models import HandbookChange, HandlingItem
from servicehall.catalog.queries import AUTHORIZED, HANDBOOK, listed_on, with_status
from servicehall.core.periods import Period
from servicehall.figures.numbers import round2
from servicehall.figures.scope import CenterScope, resolve
from servicehall.org.models import Department


def handling_items_listed(
    day: dt.date, *, scope: CenterScope | None = None
) -> QuerySet[HandlingItem]:
    """办理项 listed on ``day`` (纳入办理项): listed on or before it, not yet delisted."""
    items = HandlingItem.objects.filter(resolve(scope).q("service_item__department__center"))
    return listed_on(items, day)


def handbook_done(day: dt.date, *, scope: CenterScope | None = None) -> int:
    """办理项 whose acceptance handbook is compiled as of ``day`` (受理工作手册完成数)."""
    listed = handling_items_listed(day, scope=scope)
    return with_status(listed, day).filter(**{HANDBOOK: True}).count()


def authorized_done(
    day: dt.date,
    departments: Iterable[int] | None = None,
    *,
    within: QuerySet[HandlingItem] | None = None,
) -> int:
    """办理项 authorised to the comprehensive window as of ``day`` (已授权综窗办理项数), of
    ``departments`` when given, of the listed items ``within`` when given."""
    items = handling_items_listed(day) if within is None else within
    if departments is not None:
        items = items.filter(service_item__department__in=list(departments))
    return with_status(items, day).filter(**{AUTHORIZED: True}).count()


def handbook_percent(day: dt.date, *, scope: CenterScope | None = None) -> Decimal:
    """Share of listed 办理项 with a compiled handbook, in % to two places (占比)."""
    scope = resolve(scope)
    total = handling_items_listed(day, scope=scope).count()
    if total == 0:
        return Decimal("0.00")
    return round2(Decimal(handbook_done(day, scope=scope)) * 100 / Decimal(total))


def handbook_completions(
    period: Period, *, scope: CenterScope | None = None
) -> list[tuple[Department, int]]:
    """Handbooks completed in ``period`` by department, in register order (本周完成手册编制)."""
    rows = (
        HandbookChange.objects.filter(
            effective_on__gte=period.start, effective_on__lte=period.end, compiled=True
        )
        .filter(resolve(scope).q("handling_item__service_item__department__center"))
        .values("handling_item__service_item__department")
        .annotate(n=Count("handling_item", distinct=True))
        .order_by()
    )
    counts = {r["handling_item__service_item__department"]: r["n"] for r in rows}
    departments = Department.objects.filter(pk__in=counts).order_by("sort_order", "pk")
    return [(d, counts[d.pk]) for d in departments]


def unauthorized_departments(day: dt.date, *, scope: CenterScope | None = None) -> list[Department]:
    """Stationed departments with listed 办理项 none of which is authorised to the comprehensive
    window as of ``day`` (未授权无差别综合窗口的部门), in register order."""
    items = with_status(handling_items_listed(day, scope=scope), day).values_list(
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

"""Reads of the catalog for the pages and the API (事项查询): each handling item's current
authorisation and handbook status, as of a day, from the dated change tables."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from servicehall.catalog.models import AuthorizationChange, HandbookChange

if TYPE_CHECKING:
    from servicehall.catalog.models import HandlingItem


AUTHORIZED = "current_authorized"
HANDBOOK = "current_handbook"


def with_status(
    queryset: QuerySet[HandlingItem], day: dt.date | None = None
) -> QuerySet[HandlingItem]:
    """Annotate handling items with their latest authorisation and handbook status on ``day``
    (``None`` where no change is recorded yet, i.e. not authorised / not compiled)."""
    if AUTHORIZED in queryset.query.annotations:
        return queryset
    day = day or timezone.localdate()

    def latest(model: type[AuthorizationChange | HandbookChange], field: str) -> Subquery:
        return Subquery(
            model.objects.filter(handling_item=OuterRef("pk"), effective_on__lte=day)
            .order_by("-effective_on", "-id")
            .values(field)[:1]
        )

    return queryset.annotate(
        **{
            AUTHORIZED: latest(AuthorizationChange, "authorized"),
            HANDBOOK: latest(HandbookChange, "compiled"),
        }
    )


def listed_on(queryset: QuerySet[HandlingItem], day: dt.date) -> QuerySet[HandlingItem]:
    """The handling items of ``queryset`` listed on ``day`` (纳入办理项): listed on or before it,
    not yet delisted."""
    return queryset.filter(listed_on__lte=day).filter(
        Q(delisted_on__isnull=True) | Q(delisted_on__gt=day)
    )


def filter_status(
    queryset: QuerySet[HandlingItem], name: str, value: bool | None
) -> QuerySet[HandlingItem]:
    """Keep the items whose current status ``name`` is ``value`` (no record counts as False)."""
    if value is None:
        return queryset
    queryset = with_status(queryset)
    if value:
        return queryset.filter(**{name: True})
    return queryset.filter(Q(**{name: False}) | Q(**{f"{name}__isnull": True}))

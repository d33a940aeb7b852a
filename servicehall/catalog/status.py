"""Changing a handling item's authorisation or handbook status (授权与手册状态登记).

The status is never overwritten: each change is a dated row, so the figures of any past week
can be recounted (``figures.handbook_done`` / ``figures.unauthorized_departments``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from servicehall.catalog.models import AuthorizationChange, HandbookChange, HandlingItem


def _latest(model, item: HandlingItem, day: dt.date):
    return (
        model.objects.filter(handling_item=item, effective_on__lte=day)
        .order_by("-effective_on", "-id")
        .first()
    )


@transaction.atomic
def set_status(
    item: HandlingItem,
    *,
    day: dt.date,
    authorized: bool | None = None,
    compiled: bool | None = None,
    note: str = "",
) -> list:
    """Record the changes of status that differ from the item's status on ``day``."""
    written = []
    if authorized is not None:
        current = _latest(AuthorizationChange, item, day)
        if (current.authorized if current else False) != authorized:
            row, _ = AuthorizationChange.objects.update_or_create(
                handling_item=item,
                effective_on=day,
                defaults={"authorized": authorized, "note": note},
            )
            written.append(row)
    if compiled is not None:
        current = _latest(HandbookChange, item, day)
        if (current.compiled if current else False) != compiled:
            row, _ = HandbookChange.objects.update_or_create(
                handling_item=item, effective_on=day, defaults={"compiled": compiled, "note": note}
            )
            written.append(row)
    return written

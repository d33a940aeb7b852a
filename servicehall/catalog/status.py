"""Changing a handling item's authorisation or handbook status (授权与手册状态登记).

The status is never overwritten: each change is a dated row, so the figures of any past week
can be recounted (``figures.handbook_done`` / ``figures.unauthorized_departments``).
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db import transaction

from servicehall.catalog.models import AuthorizationChange, HandbookChange, HandlingItem

_Change = TypeVar("_Change", AuthorizationChange, HandbookChange)


def _latest(model: type[_Change], item: HandlingItem, day: dt.date) -> _Change | None:
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
) -> list[AuthorizationChange | HandbookChange]:
    """Record the changes of status that differ from the item's status on ``day``."""
    written: list[AuthorizationChange | HandbookChange] = []
    if authorized is not None:
        authorization = _latest(AuthorizationChange, item, day)
        if (authorization.authorized if authorization else False) != authorized:
            row, _ = AuthorizationChange.objects.update_or_create(
                handling_item=item,
                effective_on=day,
                defaults={"authorized": authorized, "note": note},
            )
            written.append(row)
    if compiled is not None:
        handbook = _latest(HandbookChange, item, day)
        if (handbook.compiled if handbook else False) != compiled:
            compiled_row, _ = HandbookChange.objects.update_or_create(
                handling_item=item, effective_on=day, defaults={"compiled": compiled, "note": note}
            )
            written.append(compiled_row)
    return written

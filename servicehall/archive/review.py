"""Numbers OCR read with low confidence (待核对数字): marked at import (``reading.facts.
mark_for_review``), shown on the document's quantity table, kept out of the trends until a
person confirms them here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from servicehall.archive.models import ReviewConfirmation, StatedFact

__all__ = ["confirm", "confirmed"]


def _key(position: int, text: str, value: Any) -> tuple[int, str, Decimal]:
    return position, text, Decimal(str(value)).normalize()


def confirmed(**owner: Any) -> set[tuple[int, str, Decimal]]:
    """The statements of one issue or document a person confirmed: (paragraph, text, value)."""
    return {_key(c.position, c.text, c.value) for c in ReviewConfirmation.objects.filter(**owner)}


def is_confirmed(keys: set[tuple[int, str, Decimal]], position: int, text: str, value: Any) -> bool:
    return _key(position, text, value) in keys


@transaction.atomic
def confirm(user: Any, position: int, text: str, value: Any, **owner: Any) -> int:
    """Confirm one statement as read (确认识别无误): it counts in the trends from now on.
    Returns how many stated facts it released."""
    if not is_confirmed(confirmed(**owner), position, text, value):
        ReviewConfirmation.objects.create(
            position=position,
            text=text,
            value=Decimal(str(value)),
            confirmed_by=getattr(user, "username", "") or "",
            **owner,
        )
    return StatedFact.objects.filter(
        position=position, text=text, value=Decimal(str(value)), review=True, **owner
    ).update(review=False)

"""Finding a handling item the way a clerk types it (办理项检索): by code, by a part of its
name, or by the pinyin initials of its name (居民身份证首次申领 → jmsfzscsl)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from pypinyin import Style, lazy_pinyin

if TYPE_CHECKING:
    from servicehall.catalog.models import HandlingItem


ASCII_LETTERS = re.compile(r"^[a-z]+$")
DEFAULT_LIMIT = 12


def initials(name: str) -> str:
    """The pinyin initials of ``name``'s Chinese characters, lower case; letters and digits
    of the name are kept as they are, everything else is dropped."""
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(ch for part in letters for ch in part.lower() if ch.isalnum())[:200]


def search(
    items: QuerySet[HandlingItem], query: str, *, limit: int = DEFAULT_LIMIT
) -> list[HandlingItem]:
    """The items matching ``query``, best first: the exact code, then codes and initials that
    start with it, then names and initials that contain it; at most ``limit``."""
    text = query.strip()
    if not text:
        return []
    lowered = text.lower()
    match = Q(code__istartswith=text) | Q(name__icontains=text)
    if ASCII_LETTERS.match(lowered):
        match |= Q(name_initials__contains=lowered)
    rank = Case(
        When(code__iexact=text, then=Value(0)),
        When(code__istartswith=text, then=Value(1)),
        When(name_initials__startswith=lowered, then=Value(2)),
        When(name__startswith=text, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return list(
        items.filter(match)
        .annotate(rank=rank)
        .select_related("service_item__department")
        .order_by("rank", "code")[:limit]
    )

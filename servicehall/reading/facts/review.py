"""OCR's unsure numbers: their facts marked for review (待核对), the mark kept when read again."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from servicehall.core.text import halfwidth_digits
from servicehall.gbt9704.document import Fact
from servicehall.reading.numbers import NUMBER, parse_number, scale


def mark_for_review(facts: list[Fact], unsure: Iterable[str]) -> list[Fact]:
    """The facts, those whose number is one of the ``unsure`` numbers (as OCR read them with
    low confidence: "5501", "67.48%") marked ``review``: an OCR never changes a number
    silently."""
    values = {value for text in unsure if (value := parse_number(text.rstrip("%"))) is not None}
    if not values:
        return facts
    return [replace(fact, review=True) if _stated_value(fact) in values else fact for fact in facts]


def _stated_value(fact: Fact) -> int | float | None:
    """The number as written in the fact's text (before 万/亿 scaled it)."""
    for match in re.finditer(NUMBER, halfwidth_digits(fact.text)):
        value = parse_number(match.group(1))
        if value is not None and (
            value == fact.value
            or scale(value, 10_000) == fact.value
            or scale(value, 100_000_000) == fact.value
        ):
            return value
    return fact.value if isinstance(fact.value, int | float) else None


def like_stored(facts: list[Fact], stored: list[Fact]) -> list[Fact]:
    """Facts read again from a stored document's paragraph, with the ``review`` mark the
    import gave the same statement (same text and value)."""
    marked = {(f.text, float(f.value)) for f in stored if f.review}
    if not marked:
        return facts
    return [replace(f, review=True) if (f.text, float(f.value)) in marked else f for f in facts]

"""How the report rounds and scales its numbers (数值口径)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED_MILLION = Decimal(100_000_000)  # 亿
CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """To two decimal places, halves up (the report prints 67.48 and 167.59)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)

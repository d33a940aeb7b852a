"""SPEC.md's table of the seeds' figures (种子周报指标), the one copy every test compares with.

Values as the parsed JSON form prints them: integers, and 亿元/% amounts as decimals.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

FIGURES_2024_4 = {
    "window.week.consult": 1291,
    "window.week.accept": 631,
    "window.week.issue": 1017,
    "window.week.transfer": 2185,
    "window.ytd.consult": 5501,
    "window.ytd.accept": 2475,
    "window.ytd.issue": 11631,
    "window.ytd.transfer": 21220,
    "handbook.done": 1110,
    "handbook.percent": 67.48,
    "windows.accept": 7,
    "windows.issue": 2,
    "training.sessions": 4,
    "benefit.departments": 14,
    "benefit.policies": 36,
    "benefit.total": 167.59,
    "benefit.reduction": 147.59,
    "benefit.payout": 20,
}
FIGURES_2023_9 = {
    "window.week.consult": 815,
    "window.week.accept": 168,
    "window.week.issue": 1185,
    "window.week.transfer": 1682,
    "window.ytd.consult": 4281,
    "window.ytd.accept": 1545,
    "window.ytd.issue": 11620,
    "window.ytd.transfer": 29266,
    "training.sessions": 5,
    "departments.unauthorized": 7,
    "platform.license.accept": 86756,
    "platform.license.complete": 87071,
    "platform.public.accept": 887013,
    "platform.public.complete": 821703,
    "platform.other.accept": 7389,
    "platform.other.complete": 7571,
}


def as_decimals(figures: Mapping[str, float]) -> dict[str, float | Decimal]:
    """The same figures as the figures module returns them (Decimal where not whole)."""
    return {
        key: Decimal(str(value)) if isinstance(value, float) else value
        for key, value in figures.items()
    }

"""A federated county's week, written by hand: the bundle the tests push, and the same events
recorded at a local county for comparison."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from servicehall.federation.bundle import day_checksum, seal

FEDERATED = "成华区政务服务中心"
POLICE, MARKET = "公安分局", "市场监管局"
MONDAY = dt.date(2024, 1, 22)
SUNDAY = dt.date(2024, 1, 28)

# (day, department, kind, how many): the week both counties worked.
WEEK: list[tuple[dt.date, str, str, int]] = [
    (dt.date(2024, 1, 22), POLICE, "consult", 3),
    (dt.date(2024, 1, 22), POLICE, "accept", 2),
    (dt.date(2024, 1, 22), MARKET, "accept", 1),
    (dt.date(2024, 1, 23), POLICE, "transfer", 2),
    (dt.date(2024, 1, 23), MARKET, "issue", 1),
    (dt.date(2024, 1, 24), POLICE, "complete", 1),
    (dt.date(2024, 1, 24), MARKET, "consult", 2),
    (dt.date(2024, 1, 26), MARKET, "accept", 1),
    (dt.date(2024, 1, 28), POLICE, "consult", 1),
]
# Counted by hand from WEEK.
EXPECTED = {"consult": 6, "accept": 4, "transfer": 2, "issue": 1, "complete": 1}


def week_payload(
    sequence: int,
    week: list[tuple[dt.date, str, str, int]] = WEEK,
    *,
    center: str = FEDERATED,
    issues: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    days = []
    day = MONDAY
    while day <= SUNDAY:
        counts = sorted([center, d, k, n] for when, d, k, n in week if when == day)
        days.append({"day": day.isoformat(), "counts": counts, "sha256": day_checksum(counts)})
        day += dt.timedelta(days=1)
    return {
        "center": center,
        "sequence": sequence,
        "made_at": f"2024-01-29T0{min(sequence, 9)}:00:00+08:00",
        "since": MONDAY.isoformat(),
        "through": SUNDAY.isoformat(),
        "centers": [{"name": center, "short_name": "成华区", "level": "county", "parent": None}],
        "departments": [
            {"center": center, "name": POLICE, "aliases": "", "sort_order": 1},
            {"center": center, "name": MARKET, "aliases": "", "sort_order": 2},
        ],
        "days": days,
        "issues": issues or [],
    }


def sealed(payload: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    return seal(payload, key)

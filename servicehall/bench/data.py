"""Deterministic event files: as the acceptance checks make theirs (random 64-bit event ids, 60
departments, a year), and the demo's 2024 for the import on top of the demo."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

SCALE_START = dt.datetime(2025, 1, 1)
CHUNK = 50_000


def departments() -> list[str]:
    from servicehall.demo.departments import DEPARTMENT_NAMES

    return [*DEPARTMENT_NAMES, *(f"市级部门{i}" for i in range(60 - len(DEPARTMENT_NAMES)))]


def write_acceptance_events(
    path: Path,
    n: int,
    seed: int = 7,
    bad_last: bool = False,
    start: dt.datetime = SCALE_START,
    days: int = 365,
) -> None:
    """``n`` events in the columns of SPEC.md; the same ``seed`` gives the same bytes."""
    from servicehall.cases.eventfile import COLUMNS
    from servicehall.cases.models import EventKind

    rng = random.Random(seed)
    kinds = list(EventKind.values)
    names = departments()
    cases = n // 3 or 1
    seconds = days * 86400
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(COLUMNS[:8]) + "\n")  # the columns written: no channel
        written = 0
        while written < n:
            lines = []
            for _ in range(min(CHUNK, n - written)):
                when = start + dt.timedelta(seconds=rng.randrange(seconds))
                lines.append(
                    f"{rng.getrandbits(64):016x},SC{rng.randrange(cases):09d},"
                    f"{kinds[rng.randrange(len(kinds))]},{when.isoformat()},"
                    f"{names[rng.randrange(len(names))]},ITEM-{rng.randrange(2000)},"
                    f"A{rng.randrange(30):02d},S{rng.randrange(500):04d}\n"
                )
            fh.write("".join(lines))
            written += len(lines)
        if bad_last:
            fh.write("BAD,SC1,accept,2025-13-01T09:00:00,公安厅,,,\n")


def write_demo_year_events(path: Path, n: int, seed: int = 1) -> None:
    """Events of the demo's 2024 into its departments, for the import on top of the demo."""
    write_acceptance_events(path, n, seed=seed, start=dt.datetime(2024, 1, 1), days=120)

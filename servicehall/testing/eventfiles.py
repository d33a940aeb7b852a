"""Event files for the tests (事件文件): rows written as CSV under SPEC.md's heading, one shape for
every test that imports a file it makes."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from servicehall.cases.eventfile import COLUMNS, OPTIONAL

# The columns every file has (the optional ``channel`` and ``center`` left out).
HEADER: tuple[str, ...] = tuple(c for c in COLUMNS if c not in OPTIONAL)


def write_event_file(
    path: Path, rows: Iterable[Sequence[str]], header: Sequence[str] = HEADER
) -> Path:
    """``rows`` under ``header`` in a UTF-8 CSV file at ``path``; returns the path."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path

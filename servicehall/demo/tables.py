"""The demo's tables (演示数据表): files under ``demo/data/``, read once.

The literal data of the demo data set — departments, service items, news texts, calibrated
volumes — lives in these CSV and JSON files; the modules beside this one generate the data set
from them.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def json_table(name: str) -> Any:
    """``data/<name>.json`` as JSON."""
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def csv_table(name: str) -> tuple[dict[str, str], ...]:
    """``data/<name>.csv`` as rows keyed by its header."""
    text = (DATA_DIR / f"{name}.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text, newline="")))

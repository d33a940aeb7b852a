"""Helpers shared by the pages of every app (页面公共函数)."""

from __future__ import annotations

import datetime as dt


def parse_day(text: str | None, default: dt.date) -> dt.date:
    """The ISO date of a query parameter, or ``default`` when it is missing or malformed."""
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default

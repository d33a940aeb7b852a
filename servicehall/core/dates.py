"""Dates typed by people (日期输入): the one parser of dates, months and years from requests,
forms, the API and commands, with one Chinese message when they are wrong.

Python's own messages ("month must be in 1..12", "Invalid isoformat string") never reach a
person: every entry point parses through here and shows ``str(DateError)``.
"""

from __future__ import annotations

import datetime as dt

EXAMPLE_DAY = "2024-01-26"


class DateError(ValueError):
    """A date, month or year that cannot be read (日期有误), said in Chinese."""


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def parse_date(value: object, label: str = "日期") -> dt.date:
    """``YYYY-MM-DD`` → the day; ``DateError`` naming ``label`` and the text otherwise."""
    text = _text(value)
    if not text:
        raise DateError(f"{label}：请填写日期，格式 YYYY-MM-DD（如 {EXAMPLE_DAY}）")
    try:
        # fromisoformat also takes 20240126 and week dates; only the form people type is asked.
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(
            f"{label}“{text[:40]}”不是有效的日期，应为 YYYY-MM-DD（如 {EXAMPLE_DAY}）"
        ) from None


def parse_month(value: object, label: str = "月份") -> dt.date:
    """``YYYY-MM`` → its first day; ``DateError`` otherwise."""
    text = _text(value)
    if not text:
        raise DateError(f"{label}：请填写月份，格式 YYYY-MM（如 2024-01）")
    try:
        if len(text) != 7 or text[4] != "-":
            raise ValueError(text)
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise DateError(f"{label}“{text[:40]}”不是有效的月份，应为 YYYY-MM（如 2024-01）") from None


def parse_year(value: object, label: str = "年度") -> int:
    """A four-digit year → the number; ``DateError`` otherwise."""
    text = _text(value)
    if len(text) != 4 or not text.isascii() or not text.isdigit() or text.startswith("0"):
        shown = f"“{text[:40]}”" if text else ""
        raise DateError(f"{label}{shown}不是有效的年份，应为四位数字（如 2024）")
    return int(text)


def date_or(value: object, default: dt.date, label: str = "日期") -> tuple[dt.date, str]:
    """The day of an optional query parameter: ``(day, "")``, or ``(default, message)`` when
    it is missing (no message) or unreadable (the Chinese message, for the page to show)."""
    if not _text(value):
        return default, ""
    try:
        return parse_date(value, label), ""
    except DateError as exc:
        return default, str(exc)


def month_or(value: object, default: dt.date, label: str = "月份") -> tuple[dt.date, str]:
    """The first day of an optional ``YYYY-MM`` parameter, as ``date_or``."""
    if not _text(value):
        return default.replace(day=1), ""
    try:
        return parse_month(value, label), ""
    except DateError as exc:
        return default.replace(day=1), str(exc)

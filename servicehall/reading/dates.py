"""Dates and periods as a report writes them (日期与统计时段): 2024年4月12日, 二〇二四年四月十二日,
2024-04-12, （1月22日—1月26日）, 2024年1—8月, 2024年3月份, 一季度, 上半年, 第N周（M月D日—M月D日）.

The functions return dates or ``None``; an impossible date (2月30日) is said in ``warnings``.
"""

from __future__ import annotations

import datetime as dt
import re

from servicehall.reading.lines import DASH
from servicehall.reading.numbers import CN_NUMERALS, parse_chinese_number

__all__ = [
    "RE_DATE_CN",
    "RE_PERIOD",
    "RE_PERIOD_MONTH",
    "RE_PERIOD_MONTHS",
    "arabic_dates",
    "chinese_date_parts",
    "make_date",
    "month_end",
    "months_period",
]

RE_DATE_CN = rf"[{CN_NUMERALS}]{{4}}年[{CN_NUMERALS}]{{1,3}}月[{CN_NUMERALS}]{{1,3}}日"
_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日?"
# A period line of its own: （1月22日—1月26日）, 2024年1月22日至26日.
RE_PERIOD = re.compile(
    rf"^[（(]?{_DATE}[{DASH}至到]+(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日[）)]?$"
)
RE_PERIOD_MONTH = re.compile(r"^[（(]?(\d{4})年(\d{1,2})月份?[）)]?$")
# Months of a year to date: （2023年1—8月）, 2023年1月至8月.
RE_PERIOD_MONTHS = re.compile(
    rf"^[（(]?(\d{{4}})年(\d{{1,2}})(?:月份?)?[{DASH}至到](\d{{1,2}})月份?[）)]?$"
)
# Months, a quarter or a half year in a title or a sentence: 2024年1—8月, 2024年3月份,
# 2024年一季度, 2024年第二季度, 2024年上半年, 2021年度. A month is no day's ("3月12日"), but
# may run into a hotline's number ("2024年6月12345热线…": a day has two digits at most).
RE_MONTHS = re.compile(
    rf"(\d{{4}})年(?:(\d{{1,2}})(?:月份?)?[{DASH}至到、](\d{{1,2}})月"
    r"|(\d{1,2})月份?(?!\d{1,2}(?!\d)|[日号])"
    r"|(?:第)?([一二三四1-4])季度|(上|下)半年|(度)(?!第))"
)
_RE_CN_MONTH_DAY = re.compile(rf"([{CN_NUMERALS}]{{1,3}})(月|日)")


def arabic_dates(line: str) -> str:
    """（一月二十二日—一月二十六日） → （1月22日—1月26日）, for a period line in Chinese numerals."""
    if not re.search(rf"[{CN_NUMERALS}]{{1,3}}月[{CN_NUMERALS}]{{1,3}}日\s*[{DASH}至到]", line):
        return line
    return _RE_CN_MONTH_DAY.sub(
        lambda m: f"{parse_chinese_number(m.group(1)) or 0}{m.group(2)}", line
    )


def chinese_date_parts(text: str) -> tuple[int, int, int]:
    """二〇二四年二月八日 → (2024, 2, 8) (汉字日期)."""
    year_text, rest = text.split("年", 1)
    month_text, rest = rest.split("月", 1)
    day_text = rest.rstrip("日")
    return (
        parse_chinese_number(year_text) or 0,
        parse_chinese_number(month_text) or 0,
        parse_chinese_number(day_text) or 0,
    )


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def make_date(year: int, month: int, day: int, warnings: list[str]) -> dt.date | None:
    """The date, or None with the reason in ``warnings``."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        warnings.append(f"日期无效：{year}年{month}月{day}日")
        return None


def months_period(match: re.Match[str]) -> tuple[dt.date, dt.date] | None:
    """The first and last day of what a ``RE_MONTHS`` match names, or None if impossible."""
    year, first, last, month, quarter, half, whole = match.groups()[:7]
    if whole:
        first, last = "1", "12"  # 2021年度: the whole year
    elif month:
        first = last = month
    elif quarter:
        number = parse_chinese_number(quarter) or int(quarter)
        first, last = str(number * 3 - 2), str(number * 3)
    elif half:
        first, last = ("1", "6") if half == "上" else ("7", "12")
    try:
        start = dt.date(int(year), int(first), 1)
        end = month_end(dt.date(int(year), int(last), 1))
    except ValueError:
        return None
    return (start, end) if start <= end else None

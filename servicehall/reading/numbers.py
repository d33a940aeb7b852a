"""Numbers and units as a report writes them (数字与计量单位): the one number pattern, the one
table of Chinese numerals, the units of a quantity.

Everything in the project that reads a number out of report text — the fact reader, the figure
reader, the masthead's dates and 期号, the checks of an edited paragraph — uses ``NUMBER`` and
``parse_number`` from here; a Chinese numeral is read and written through ``CN_DIGITS``.
"""

from __future__ import annotations

import re

from servicehall.core.text import CN_DIGITS, CN_NUMERALS, CN_PLACES, halfwidth_digits
from servicehall.gbt9704.document import json_number

__all__ = [
    "CN_DIGITS",
    "CN_NUMERALS",
    "MULTIPLIERS",
    "MULTIPLIER_CHARS",
    "NUMBER",
    "UNITS",
    "Number",
    "chinese_numeral",
    "json_number",
    "parse_chinese_number",
    "parse_number",
    "scale",
    "scaled",
]

Number = int | float

# The one number pattern (数字): "1,234" / "1，234" (thousands), "67.48", "3382". Digits are
# made half-width (``halfwidth_digits``) before it is applied.
NUMBER = r"(\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# 万/亿 after a number multiply a count (3.5万件 → 35000 件).
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "萬": 10_000, "億": 100_000_000}
MULTIPLIER_CHARS = "".join(MULTIPLIERS)

# The one numeral table (汉字数字) is ``core.text.CN_DIGITS`` (below the GB/T 9704 engine,
# whose headings count with it too); read and written here.

# Units of a quantity, longest first, so that 个工作日 wins over 个 and 件次 over 件.
_UNIT_WORDS = (
    "个工作日", "个百分点", "个月", "人次", "件次", "户次", "场次", "亿元", "万元", "元",
    "%", "个", "件", "次", "项", "笔", "条", "天", "名", "人", "份", "家", "户", "台",
    "套", "场", "批", "张", "宗", "期", "倍", "吨", "小时", "分钟", "秒", "公里", "平方米", "分",
    "封", "面", "所", "座", "处", "通",
    # measure words of kinds, writings and things: "57类", "5种", "1篇", "5块", "2层"
    "类", "种", "篇", "块", "层", "辆", "類", "種", "塊", "層", "輛",
    # as printed in traditional characters, and counts of cases-or-times: 件(次)
    "個", "項", "筆", "條", "場", "張", "臺", "處", "個工作日", "件(次)", "件（次）",
    "人(次)", "人（次）",
)  # fmt: skip
UNITS: list[str] = sorted(_UNIT_WORDS, key=len, reverse=True)
MONEY_UNITS = {"元"}
DURATION_UNITS = {"个工作日", "天", "小时", "分钟", "秒", "个月"}

_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")


def parse_number(text: str) -> Number | None:
    """Read "1,234" / "1，234" / "67.48" → number; None if it is not one or absurdly long."""
    text = halfwidth_digits(text).strip()
    text = _THOUSANDS.sub("", text)
    if not text or len(text) > 30 or not re.fullmatch(r"\d+(?:\.\d+)?", text, re.ASCII):
        return None
    if "." in text:
        value = float(text)
        return int(value) if value.is_integer() and text.endswith(".0") else value
    return int(text)


def scale(value: Number, factor: int) -> Number:
    """Multiply by 万/亿 without float noise: 3.5 × 10000 → 35000."""
    result = round(value * factor, 6)
    return int(result) if float(result).is_integer() else result


def scaled(number: str, multiplier: str | None) -> Number | None:
    """A number with its 万/亿 multiplier (or none): ("3.5", "万") → 35000."""
    value = parse_number(number)
    if value is None or not multiplier:
        return value
    return scale(value, MULTIPLIERS[multiplier])


def parse_chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十一 → 21, 一百零五 → 105, 二〇二四 → 2024 (digit by digit)."""
    text = text.strip()
    if not text or any(c not in CN_DIGITS and c not in CN_PLACES for c in text):
        return None
    if not any(c in CN_PLACES for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for char in text:
        if char in CN_PLACES:
            total += (1 if digit is None else digit) * CN_PLACES[char]
            digit = None
        else:
            digit = CN_DIGITS[char]
    return total + (digit or 0)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99, GB/T 9704 section numbers)."""
    ones_names = {v: k for k, v in CN_DIGITS.items() if k in "一二三四五六七八九"}
    if not 1 <= n <= 99:
        raise ValueError(f"{n} is outside 1–99")
    tens, ones = divmod(n, 10)
    if not tens:
        return ones_names[ones]
    head = "" if tens == 1 else ones_names[tens]
    return head + "十" + (ones_names[ones] if ones else "")

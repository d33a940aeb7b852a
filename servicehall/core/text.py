"""Small text rules shared by the parser, the text-reading layer and the renderers (文字规整).

Stray spaces (多余空格): Chinese official text (GB/T 9704) puts no spaces between characters;
the spaces in extracted text come from the PDF layout or from Word's automatic CJK–Latin
spacing ("咨询 1291 人次", "2023年第 9期", "3月 6日"). The rule: a run of spaces is removed
unless it stands between two ASCII letters or digits ("RB/T 214", "Windows 10"), where it is
part of what the author typed; there it becomes one space.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Spaces of every width that PDF and Word text carry: ASCII, full-width (全角), no-break, tab.
_SPACES = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009\u202f]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters other than the line break: binary noise, never text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

# The one numeral table (汉字数字): 〇一二三四五六七八九 and 零 are digits; 十 and 百 are places.
# ○ (a circle) and Ｏ stand for 〇 in many typed dates: 二○二四年. Kept here, at the bottom, so
# that the GB/T 9704 engine's headings (一、 /（一）) and the text-reading layer
# (``reading.numbers``, which reads and writes numerals with it) share it.
CN_DIGITS: dict[str, int] = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "两": 2,
}
CN_PLACES = {"十": 10, "百": 100}
CN_NUMERALS = "一二三四五六七八九十百〇零○Ｏ"


def is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def squeeze_spaces(text: str) -> str:
    """Drop stray spaces (去除多余空格) by the module rule; strip both ends."""
    text = text.strip(" \t\u3000\xa0\u2002\u2003\u2009\u202f")

    def keep_between_latin(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if is_ascii_alnum(before) and is_ascii_alnum(after) else ""

    return _SPACES.sub(keep_between_latin, text)


def count_garbage(text: str) -> int:
    """How many control or replacement characters (乱码) the text holds."""
    return len(_CONTROL.findall(text))


def clean_characters(text: str) -> str:
    """Remove invisible and control characters; keep line breaks."""
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub("", text.replace("\t", " "))


def halfwidth_digits(text: str) -> str:
    """Full-width digits and ％ as ASCII (全角数字转半角), for reading numbers."""
    return text.translate(_FULLWIDTH_DIGITS)


def display_width(text: str) -> int:
    """Printed width in half-width cells: CJK characters count 2 (全角占两格)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def join_lines(first: str, second: str) -> str:
    """Join a wrapped line to its paragraph: no space, except between two Latin words."""
    if first and second and _latin_letter(first[-1]) and _latin_letter(second[0]):
        return f"{first} {second}"
    return first + second


def chinese_date(value: dt.date) -> str:
    """2024年2月8日 — GB/T 9704-2012 §7.3.5.2: Arabic numerals, no leading zeros."""
    return f"{value.year}年{value.month}月{value.day}日"


_ID = re.compile(r"[0-9]{1,18}")


def record_id(text: str | None) -> int | None:
    """A record id typed in a query or a form ("12"), or None: only ASCII digits, at most 18
    (str.isdigit also takes "²" and "١", which int() refuses or reads as another number)."""
    text = (text or "").strip()
    return int(text) if _ID.fullmatch(text) else None


# What a database refuses in text: PostgreSQL stores no NUL (in text nor in jsonb), and neither
# database driver encodes a lone UTF-16 surrogate (what a broken decoder leaves behind).
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable(value: object) -> object:
    """The value with every character a database refuses replaced by U+FFFD (可存储的值):
    strings, and the keys and values of lists and dicts (JSON) at any depth; others as they are.
    A value's own rule (an importer's row error) comes first; this is the last guard."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(REPLACEMENT, value) if _UNSTORABLE.search(value) else value
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(storable(v) for v in value)
    return value

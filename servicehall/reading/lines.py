"""A report's text as lines (行): cleaned, page numbers dropped, each line's marker (一、 /
（一） / 1. / 报： …). Shared by the masthead reader (``metadata``) and the archive's parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicehall.core.text import clean_characters, squeeze_spaces
from servicehall.reading.numbers import CN_NUMERALS

__all__ = [
    "DASH",
    "Line",
    "ends_sentence",
    "is_table_row",
    "marker_kind",
    "prepare_lines",
    "strip_bold",
    "strip_glosses",
    "strip_noise",
    "table_cells",
]

RE_TOP = re.compile(rf"^([{CN_NUMERALS}]{{1,4}})、\s*(.*)$", re.S)
RE_SECOND = re.compile(rf"^[（(]\s*([{CN_NUMERALS}]{{1,4}})\s*[）)]\s*(.*)$", re.S)
RE_ITEM = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$", re.S)
RE_SUBITEM = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$", re.S)
RE_DISTRIBUTION = re.compile(r"^(抄报|抄送|报送|报|送|发|分送)\s*[：:]\s*(.*)$", re.S)
RE_COPIES = re.compile(r"[（(]\s*共\s*印\s*(\d{1,6})\s*份\s*[）)]")


# Page numbers on a line of their own: —3—, - 3 -, — 3 —, 第3页, 第3页共5页, 3/5.
DASH = "—–\\-－―─一~～"
RE_PAGE_NUMBER = re.compile(
    rf"^(?:[{DASH}]{{1,3}}\s*\d{{1,3}}\s*[{DASH}]{{1,3}}"
    r"|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})$"
)

SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’\"'）)」』》】"
HEADING_FORBIDDEN = "。！？!?；;：:"


@dataclass
class Line:
    """One non-empty line of the input (行)."""

    text: str
    number: int  # 1-based line number in the input, for warnings


# A pinyin gloss a web page prints after a character (注音): 平臺(tái), 發(fā)布 — not text.
RE_GLOSS = re.compile(r"[（(][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[）)]")


def strip_glosses(text: str) -> str:
    """The text without pinyin glosses: 平臺(tái) → 平臺."""
    return RE_GLOSS.sub("", text)


# Anti-copy noise a forum page scatters through a text (防复制干扰码): a run of three or more
# one-to-three-character ASCII tokens between spaces, one of them holding a sign
# ("+ J( I& |5 s3 Y", "% p+ o\" s/ p; T"); and a table's border left alone ("|").
_NOISE_TOKEN = r"[!-~]{1,3}"
RE_NOISE = re.compile(
    rf"(?:^|(?<=\s))(?=(?:{_NOISE_TOKEN}\s+){{2,}}{_NOISE_TOKEN}(?:\s|$))"
    rf"(?:{_NOISE_TOKEN}(?:\s+|$)){{3,}}"
)
RE_BORDER = re.compile(r"(?:^|\s)[|｜]\s*$|^\s*[|｜](?:\s|$)")


def strip_noise(line: str) -> str:
    """The line without anti-copy noise and stray table borders: "/ M3 R4 S; L; ~ 2011年4月22日 |"
    → "2011年4月22日". Runs of plain words or numbers ("A B C", "1 2 3") are kept."""

    def drop(match: re.Match[str]) -> str:
        signed = any(not c.isalnum() and not c.isspace() for c in match.group(0))
        return " " if signed else match.group(0)

    if is_table_row(line):
        return line
    return RE_BORDER.sub(" ", RE_NOISE.sub(drop, line)).strip()


def prepare_lines(text: str) -> list[Line]:
    """Characters cleaned, stray spaces, glosses and anti-copy noise dropped (``core.text``),
    page numbers dropped."""
    text = strip_glosses(clean_characters(text.replace("\r\n", "\n").replace("\r", "\n")))
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = squeeze_spaces(strip_noise(raw))
        if not line or RE_PAGE_NUMBER.match(line):
            continue
        lines.append(Line(line, number))
    return lines


def marker_kind(line: str) -> str | None:
    """What a line begins with: a heading or item number, a 版记 line, or nothing."""
    if RE_TOP.match(line):
        return "top"
    if RE_SECOND.match(line):
        return "second"
    if RE_SUBITEM.match(line):
        return "subitem"
    if RE_DISTRIBUTION.match(line):
        return "dist"
    if RE_COPIES.match(line):
        return "copies"
    if (match := RE_ITEM.match(line)) and is_item_start(match.group(2)):
        return "item"
    return None


def is_item_start(rest: str) -> bool:
    """Item start: "1.3 月 6 日" is item 1 on 3月6日; "67.48%" at a line start is a wrapped decimal."""
    if not rest:
        return False
    if not rest[0].isdigit():
        return True
    return bool(re.match(r"\d{1,2}月", rest))


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS + "*")
    return bool(stripped) and stripped[-1] in SENTENCE_END


def strip_bold(text: str) -> str:
    """The text without its ``**bold**`` marks (only when they pair)."""
    return text.replace("**", "") if text.count("**") >= 2 else text


def table_cells(text: str) -> list[str]:
    """A table row's cells, "住房 | 399 | 348 | 14.66%" → ["住房", "399", "348", "14.66%"]
    (trailing empty cells dropped)."""
    cells = [cell.strip() for cell in re.split(r"[|｜]", text)]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def is_table_row(text: str) -> bool:
    """A row of a table typed with vertical bars, as a web page's table comes out as text."""
    cells = [cell for cell in table_cells(text) if cell]
    return (
        len(re.findall(r"[|｜]", text)) >= 2
        and len(cells) >= 2
        and all(len(cell) <= 40 and not ends_sentence(cell) for cell in cells)
    )

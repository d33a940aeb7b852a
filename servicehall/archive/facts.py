"""Quantities stated in report text (文中数量), recognised or not.

"全区一体化平台办件数3382件" → Fact(label="全区一体化平台办件数", value=3382, unit="件").

- A quantity is a number followed by a unit from ``UNITS``; dates (2023年3月10日), issue
  numbers (第9期), ordinals (第5次) and list item numbers ("1.") are not quantities.
- Thousands separators (1,234 / 1，234) are read; 万/亿 multiply a count ("3.5万件" → 35000
  件), but money keeps its unit ("167.59亿元" → 167.59 亿元, "5000万元" → 5000 万元).
- The label is the noun phrase before the number, back to the previous punctuation or
  quantity, without filler words such as 共计/累计/有/为 ("累计咨询 5501 人次" → 咨询).
"""

from __future__ import annotations

import re

from servicehall.reports.document import Fact

from .text import halfwidth_digits, parse_number, scale, squeeze_spaces

__all__ = ["UNITS", "extract_facts"]

# Longest first, so that 个工作日 wins over 个 and 件次 over 件.
_UNIT_WORDS = (
    "个工作日", "个百分点", "个月", "人次", "件次", "户次", "场次", "亿元", "万元", "元",
    "%", "个", "件", "次", "项", "笔", "条", "天", "名", "人", "份", "家", "户", "台",
    "套", "场", "批", "张", "宗", "期", "倍", "吨", "小时", "分钟", "公里", "平方米", "分",
)  # fmt: skip
UNITS = sorted(_UNIT_WORDS, key=len, reverse=True)
MONEY_UNITS = {"元"}
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}

_NUMBER = r"(\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
RE_QUANTITY = re.compile(
    rf"(?<![\d.A-Za-z第])({_NUMBER}\s*([万亿])?\s*([余多])?\s*({'|'.join(map(re.escape, UNITS))}))"
)
# A score written without its unit: "综合得分9.2", "满意度评分为98.5" (分 understood).
RE_SCORE = re.compile(
    r"(?:得分|评分|分值|分数)\s*(?:为|是|达到?)?\s*(\d{1,3}(?:\.\d+)?)(?![\d.%]|\s*[万亿分个件项名人次])"
)
# A list number at the start of a paragraph or line: "1." / "（1）" / "一、".
RE_LEADING_MARKER = re.compile(
    r"^\s*(?:\d{1,2}[.．、](?=\D|\d{1,2}月)|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、)",
    re.M,
)

DELIMITERS = set('，,。；;：:、！？!?\n“”"《》')
# A label ending so is no noun phrase of its own ("等" closes a list of examples).
WEAK_ENDINGS = ("等", "的", "对", "向", "给", "为", "共有", "有")
RE_NOUN_AFTER = re.compile(
    r"([\u4e00-\u9fff]{1,12}?)"
    r"(?=[，,。；;：:、（(“”\s\d]|的|$|提交|进行|开展|予以|共计|累计|共)"
)
LEADING_FILLERS = (
    "截至目前", "今年以来", "年初以来", "本周", "本月", "目前", "其中", "共计", "累计", "合计",
    "总计", "共",
)  # fmt: skip
TRAILING_FILLERS = (
    "分别为", "共计", "累计", "合计", "总计", "达到", "超过", "共有", "有", "为", "达", "约",
    "近", "超", "逾", "计", "共", "等", "的",
)  # fmt: skip


def extract_facts(text: str) -> list[Fact]:
    """Every quantity the text states, in order (提取文中数量)."""
    if not isinstance(text, str) or not text:
        return []
    prepared = _prepare(text)
    found: list[tuple[int, Fact]] = []
    previous_end = 0
    for match in RE_QUANTITY.finditer(prepared):
        fact = _fact(prepared, match, previous_end)
        if fact is not None:
            found.append((match.start(), fact))
            previous_end = match.end()
    for match in RE_SCORE.finditer(prepared):
        start = _label_start(prepared, match.start(), 0)
        label = _trim_label(prepared[start : match.start(1)].strip().rstrip("为是达到"))
        value = parse_number(match.group(1))
        if value is not None and label:
            found.append((match.start(), Fact(label, value, "分", prepared[start : match.end()])))
    return [fact for _, fact in sorted(found, key=lambda pair: pair[0])]


def _prepare(text: str) -> str:
    """One paragraph per line, stray spaces dropped, list numbers blanked out."""
    lines = [squeeze_spaces(line) for line in halfwidth_digits(text.replace("**", "")).split("\n")]
    return RE_LEADING_MARKER.sub(lambda m: " " * len(m.group(0)), "\n".join(lines))


def _fact(text: str, match: re.Match[str], previous_end: int) -> Fact | None:
    number, multiplier, unit = match.group(2), match.group(3), match.group(5)
    if unit == "分" and text[max(match.start() - 1, 0) : match.start()] in ("时", "点", ":", "："):
        return None  # a time of day (9时30分), not a score
    value = parse_number(number)
    if value is None:
        return None
    if multiplier and unit in MONEY_UNITS:
        unit = multiplier + unit  # money keeps its unit: 5000万元 stays 5000 万元
    elif multiplier:
        value = scale(value, MULTIPLIERS[multiplier])
    label_start = _label_start(text, match.start(), previous_end)
    before = text[label_start : match.start()].strip()
    label = _trim_label(before)
    clause_end = match.end()
    # "3个审查细则", "无线电等5个检查事项", "对14名工作人员": the noun follows the number.
    if (not label or before.endswith(WEAK_ENDINGS)) and (noun := _noun_after(text, match.end())):
        label, clause_end = noun, match.end() + len(noun)
    clause = text[label_start:clause_end].strip()
    return Fact(label=label, value=value, unit=unit, text=clause)


def _noun_after(text: str, position: int) -> str:
    match = RE_NOUN_AFTER.match(text, position)
    return match.group(1) if match else ""


def _label_start(text: str, number_start: int, previous_end: int) -> int:
    """Walk back from the number to the clause start; brackets inside the label are kept."""
    depth = 0
    position = number_start
    while position > previous_end:
        char = text[position - 1]
        if char in "）)":
            depth += 1
        elif char in "（(":
            if depth == 0:
                break  # "（减免147.59亿元" — the bracket opens the clause
            depth -= 1
        elif char in DELIMITERS and depth == 0:
            break
        position -= 1
    return position


def _trim_label(label: str) -> str:
    label = label.strip()
    changed = True
    while changed and label:
        changed = False
        for filler in LEADING_FILLERS:
            if label.startswith(filler) and len(label) > len(filler):
                label, changed = label[len(filler) :].lstrip(), True
        for filler in TRAILING_FILLERS:
            if label.endswith(filler) and len(label) > len(filler):
                label, changed = label[: -len(filler)].rstrip(), True
    return label

"""A report's text as lines (行): cleaned, page numbers dropped, each line's marker (一、 /
（一） / 1. / 报： …). Shared by the masthead reader (``metadata``) and the archive's parser.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from servicehall.core.text import clean_characters, display_width, squeeze_spaces
from servicehall.reading.numbers import CN_NUMERALS, UNITS

__all__ = [
    "DASH",
    "Line",
    "cells_as_rows",
    "ends_sentence",
    "full_line_width",
    "is_caption_cell",
    "is_lone_cell",
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
# Not "(42)、个人名下…": a count in brackets that a wrapped line begins with is no list number.
RE_SUBITEM = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)](?![、，,。；;）)])\s*(.*)$", re.S)
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
    after_blank: bool = False  # an empty line stands before it in the input


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
RE_BORDER = re.compile(r"^\s*[|｜]\s*$")


def strip_noise(line: str) -> str:
    """The line without anti-copy noise, and no line for a table's border alone: "/ M3 R4 S; L;
    ~ 2011年4月22日" → "2011年4月22日". Runs of plain words or numbers ("A B C", "1 2 3") are
    kept."""

    def drop(match: re.Match[str]) -> str:
        signed = any(not c.isalnum() and not c.isspace() for c in match.group(0))
        return " " if signed else match.group(0)

    if is_table_row(line) or RE_OPENED_CELL.match(line.strip()):
        return line  # a table's row, or a cell opening one ("| 10 |"): no noise
    return RE_BORDER.sub(" ", RE_NOISE.sub(drop, line)).strip()


# A table printed one cell per line (每格一行的表格), as a web page's table comes out as text.
RE_VALUE_CELL = re.compile(
    r"^(?:[-+−－＋]?[\d０-９][\d０-９,，.．]*\s*[万亿]?\s*"
    rf"(?:[%％]|{'|'.join(map(re.escape, UNITS))})?|[/／\-—–]+)$"
)
RE_UNIT_CELL = re.compile(r"^[（(][^（）()]{1,6}[）)]$")
MAX_CELL = 30


def _is_cell(text: str) -> bool:
    return (
        len(text) <= MAX_CELL
        and not ends_sentence(text)
        and not any(c in text for c in "，,：:。")
        and marker_kind(text) is None
    )


def side_by_side(header: list[str]) -> int | None:
    """The width of one table where a page prints a table two or more times side by side to
    save room ("单位 | 总工单数 | 得分 | 单位 | 总工单数 | 得分"): the header is the same columns
    over again, each time led by the column naming its rows (which may differ: "诉求来源 | 数量 |
    占比 | 工单类型 | 数量 | 占比"). None for a header that does not repeat."""
    for width in range(2, len(header) // 2 + 1):
        groups = [header[at : at + width] for at in range(0, len(header), width)]
        if len(header) % width == 0 and all(group[1:] == groups[0][1:] for group in groups):
            return width
    return None


def _header_columns(header: list[str], width: int) -> list[str] | None:
    """The header's cells as ``width`` columns (the first naming the rows), or None. A header
    with more cells than columns ends on the sub-columns of one of its columns: the one the
    last sub-column names ("平均等待时长" over "全年总计", "取消导航后平均等待时长"). A table
    printed twice side by side, one cell a line, gives a row per name: the header once."""
    if len(header) == width:
        return header
    if side_by_side(header) == width:
        return header[:width]
    if len(header) == width - 1:
        return ["", *header]
    extra = len(header) - width
    if extra < 1:
        return None
    top, subs = header[: -(extra + 1)], header[-(extra + 1) :]
    plain = [re.sub(r"[（(][^（）()]*[）)]", "", cell) for cell in top]
    parents = [i for i, name in enumerate(plain) if len(name) >= 2 and name in subs[-1]]
    if not parents:
        return None
    at = parents[-1]
    unit = top[at][len(plain[at]) :] if top[at].startswith(plain[at]) else ""
    named = [sub + unit if plain[at] in sub else f"{top[at]}{sub}" for sub in subs]
    return [*top[:at], *named, *top[at + 1 :]]


RE_SERIAL_HEAD = re.compile(r"^(?:序号|序號|编号|排名|名次)$")


def _without_serials(cells: list[str]) -> list[str]:
    """The cells without a 序号 column: its head, and each small whole number that stands
    before a row's name ("1" / "大洼区" / "4226" …: the 1 numbers the row, it counts nothing)."""
    if not cells or not RE_SERIAL_HEAD.match(cells[0]):
        return cells
    kept = [cells[0]]
    serial = 0
    for index, cell in enumerate(cells[1:], start=1):
        following = cells[index + 1] if index + 1 < len(cells) else ""
        if re.fullmatch(r"\d{1,2}", cell) and following and not RE_VALUE_CELL.match(following):
            serial = int(cell)
            continue
        if not following and serial and cell == str(serial + 1):
            continue  # the next row's number, where a page's excerpt ends
        kept.append(cell)
    return kept[1:]


# A cell printed with the border that opens its row: "| 月份 |", "| 10 |".
RE_OPENED_CELL = re.compile(r"^[|｜]\s*([^|｜]+?)\s*[|｜]$")
TIME_CORNERS = {"月份": "月", "月": "月", "年份": "年", "年度": "年", "年": "年"}


def _opened_cells(cells: list[str]) -> list[str]:
    """The cells without the borders that open rows; under a corner naming a time ("| 月份 |"),
    a row opened by a bare number ("| 10 |") is named by it: 10月, no value."""
    corner = RE_OPENED_CELL.match(cells[0]) if cells else None
    unit = TIME_CORNERS.get(corner.group(1)) if corner else None
    opened = []
    for cell in cells:
        match = RE_OPENED_CELL.match(cell)
        if match and unit and re.fullmatch(r"\d{1,4}", match.group(1)):
            opened.append(match.group(1) + unit)
        else:
            opened.append(match.group(1) if match else cell)
    return opened


def _table_rows(cells: list[str]) -> list[str] | None:
    """A run of cells as pipe rows (header, then one row per name with its values), or None
    if the run is no table: every row one name and the same number (≥ 2) of values — the
    last row may be cut short, where a page's excerpt ends inside the table."""
    merged: list[str] = []
    for cell in _without_serials(_opened_cells(cells)):
        if merged and RE_UNIT_CELL.match(cell):
            merged[-1] += cell  # "话务量" / "(通)": the unit of the cell above
        else:
            merged.append(cell)
    first_value = next((i for i, c in enumerate(merged) if RE_VALUE_CELL.match(c)), None)
    if first_value is None or first_value < 2:
        return None
    header, rest = merged[: first_value - 1], merged[first_value - 1 :]
    if any(RE_SEPARATOR.match(cell) for cell in rest):
        return None
    # Row groups (行分组): a name with no values of its own over rows of measures ("建设工程"
    # / "评价次数" / 15 / … / "政府采购" / "评价次数" / 28 …): the first stands right before
    # the first row's name, at the header's end.
    groups: dict[int, str] = {}
    if any(_is_name(a) and _is_name(b) for a, b in itertools.pairwise(rest)):
        if not header or RE_SEPARATOR.match(header[-1]):
            return None
        groups[0] = header.pop()
    header_rows = _header_rows(header)
    header = header_rows[0]
    rows: list[list[str]] = []
    for index, cell in enumerate(rest):
        if RE_VALUE_CELL.match(cell) and rows:
            rows[-1].append(cell)
        elif groups and index + 1 < len(rest) and _is_name(cell) and _is_name(rest[index + 1]):
            groups[len(rows)] = cell
        elif not RE_VALUE_CELL.match(cell):
            rows.append([cell])
        else:
            return None
    if len(rows) >= 3 and len(rows[-1]) < len(rows[0]):
        rows = rows[:-1] if len(rows[-1]) == 1 else rows
    widths = {len(row) for row in rows[:-1]} if len(rows) >= 3 else {len(row) for row in rows}
    if len(rows) < 2 or len(widths) != 1 or widths.pop() < 3 or len(rows[-1]) > len(rows[0]):
        return None
    columns = (
        _header_columns(header, len(rows[0]))
        if len(header_rows) == 1
        else _nested_columns(header_rows, len(rows[0]))
    )
    if columns is None:
        return None
    lines = [" | ".join(columns) + " |"]
    for number, row in enumerate(rows):
        if number in groups:
            lines.append(f"{groups[number]} |")  # the group's name, a cell of its own
        lines.append(" | ".join(row) + " |")
    return lines


def _is_name(cell: str) -> bool:
    return not RE_VALUE_CELL.match(cell) and not RE_SEPARATOR.match(cell)


# A line of borders only ("||||||"): where a page's table header goes on to its next row.
RE_SEPARATOR = re.compile(r"^[|｜\s]+$")
TOTALS = ("总计", "合计", "小计")


def _header_rows(header: list[str]) -> list[list[str]]:
    """The header's rows, split at its lines of borders only."""
    rows: list[list[str]] = [[]]
    for cell in header:
        if RE_SEPARATOR.match(cell):
            rows.append([])
        else:
            rows[-1].append(cell)
    return [row for row in rows if row] or [[]]


def _nested_columns(rows: list[list[str]], width: int) -> list[str] | None:
    """A header of two or three rows as ``width`` columns: the rows below break down the first
    measure of the top row — into a total (总计) and groups (12345热线, 政民互动) each with the
    same sub-columns (按时办结, 超时办结 …) — or None if they do not fill the width so."""
    top, leaves = rows[0], rows[-1]
    groups = rows[1] if len(rows) == 3 else [""]
    if len(rows) > 3 or len(top) < 3:
        return None
    total = groups[0] in TOTALS
    groups = groups[1:] if total else groups
    if not groups or len(leaves) % len(groups):
        return None
    size = len(leaves) // len(groups)
    parent = top[1]
    expanded = [parent] if total else []
    for number, group in enumerate(groups):
        expanded += [f"{group}{leaf}" for leaf in leaves[number * size : (number + 1) * size]]
    columns = [top[0], *expanded, *top[2:]]
    return columns if len(columns) == width else None


# A page's table flattened one cell a line, each cell followed by its border: "大洼区 |".
RE_BORDERED_CELL = re.compile(r"^([^|｜]+?)\s*[|｜]$")


def is_lone_cell(text: str) -> bool:
    """A line that is one cell of a flattened table and its border ("99 |", "||||"): what is
    left of a table that could not be read by row and column."""
    return bool(RE_BORDERED_CELL.match(text.strip()) or re.fullmatch(r"[|｜\s]{2,}", text))


def is_caption_cell(text: str) -> bool:
    """A lone bordered cell of words, no figure ("各县、赣榆区数据质量得分情况 |"): above a
    table, the table's caption."""
    match = RE_BORDERED_CELL.match(text.strip())
    return bool(
        match
        and len(re.findall(r"[\u4e00-\u9fff]", match.group(1))) >= 2
        and not RE_VALUE_CELL.match(match.group(1).strip())
    )


def _cell_text(text: str) -> str:
    match = RE_BORDERED_CELL.match(text)
    return match.group(1).strip() if match else text


def cells_as_rows(lines: list[Line]) -> list[Line]:
    """Lines where a table printed one cell per line is written as pipe rows ("接听 | 962151 |
    98.16% |"), so that its cells are read by row and column as any table's."""
    result: list[Line] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and _is_cell(_cell_text(lines[end].text)):
            end += 1
        cells = [_cell_text(line.text) for line in lines[index:end]]
        rows = _table_rows(cells) if end - index >= 6 else None
        if rows:
            result.extend(Line(row, lines[index].number) for row in rows)
            index = end
        else:
            result.append(lines[index])
            index += 1
    return result


# An image a web page shows, left as its file name ("用户评价分布图.png"): no text.
RE_IMAGE_NAME = re.compile(r"^[^\s，,。；;]{1,40}\.(?:png|jpe?g|gif|bmp|webp)$", re.I)


def prepare_lines(text: str) -> list[Line]:
    """Characters cleaned, stray spaces, glosses and anti-copy noise dropped (``core.text``),
    page numbers and images' file names dropped, a table printed one cell per line written
    as rows."""
    text = strip_glosses(clean_characters(text.replace("\r\n", "\n").replace("\r", "\n")))
    lines = []
    blank = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            blank = True
            continue
        line = squeeze_spaces(strip_noise(raw))
        if not line or RE_PAGE_NUMBER.match(line) or RE_IMAGE_NAME.match(line):
            continue
        lines.append(Line(line, number, after_blank=blank))
        blank = False
    return cells_as_rows(lines)


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
    (trailing empty cells dropped, and the empty one before a row's opening border:
    "| 住房 | 399 |" is the same row)."""
    cells = [cell.strip() for cell in re.split(r"[|｜]", text)]
    if text.lstrip().startswith(("|", "｜")):
        cells = cells[1:]
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


def full_line_width(lines: list[Line]) -> int | None:
    """The width of a full line of a wrapped page (版心宽度), or None if lines are not wrapped.

    Wrapped lines are those ending mid-sentence and followed by a line that is no new
    paragraph. Text with one paragraph per line (a renderer's) has none.
    """
    widths = []
    for line, following in itertools.pairwise(lines):
        if ends_sentence(line.text) or marker_kind(strip_bold(following.text)):
            continue
        if "|" in line.text or "｜" in line.text:
            continue  # a table's cell or row: no measure of the page's width
        if marker_kind(strip_bold(line.text)) in ("top", "second") and len(line.text) < 20:
            continue
        widths.append(display_width(line.text))
    if len(widths) < 5:
        return None
    widths.sort()
    return widths[len(widths) // 2]

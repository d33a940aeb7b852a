"""A table's rows read by row and column (表格), and the caption that names a table."""

from __future__ import annotations

import re
from dataclasses import replace

from servicehall.gbt9704.document import Comparison, Fact
from servicehall.reading.facts.label import UNLABELLED
from servicehall.reading.lines import is_caption_cell, is_table_row
from servicehall.reading.numbers import (
    MONEY_UNITS,
    MULTIPLIER_CHARS,
    MULTIPLIERS,
    NUMBER,
    UNITS,
    parse_number,
    scale,
)


def is_row_group(texts: list[str], index: int) -> bool:
    """A lone bordered name between a table's rows ("政府采购 |"): a row group."""
    return (
        is_caption_cell(texts[index]) and index + 1 < len(texts) and is_table_row(texts[index + 1])
    )


# A lead-in naming the table under it: "1.各县市区办理“市长信箱”市民来信情况：".
RE_LEAD_IN = re.compile(
    r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)])?\s*(?P<caption>[^，,。；;：:|｜]{4,40})[：:]$"
)


# A lead-in naming the measure of the cells under it: "五个街道办理的物业管理方面工单数量如下".
RE_MEASURE_LEAD_IN = re.compile(
    r"^(?:.*的)?(?P<measure>[\u4e00-\u9fff“”]{2,16}(?:数量|量|数|率))如下$"
)


def table_caption_of(text: str) -> str | None:
    """What a line says a table under it is, if it is a table's caption: a lone bordered cell
    of words ("各县、赣榆区数据质量得分情况 |"), or a short lead-in ending on a colon with its
    item number dropped ("1.各县市区办理“市长信箱”市民来信情况：")."""
    stripped = text.strip()
    if is_caption_cell(stripped):
        return stripped.rstrip("|｜ ").strip()
    match = RE_LEAD_IN.match(stripped)
    return match.group("caption").strip() if match else None


def with_caption(facts: list[Fact], caption: str | None) -> list[Fact]:
    """A table's cells are counted in what its caption names: the caption is the scope of
    each cell read by row and column (the labellers' way with a table's cells)."""
    if not caption:
        return facts
    if lead_in := RE_MEASURE_LEAD_IN.match(caption):
        # "各街道办理的…工单数量如下": the caption names the cells' measure, not who
        measure = lead_in.group("measure")
        return [
            replace(fact, label=f"{fact.label}{measure}")
            if fact.label != UNLABELLED and not RE_MEASURE_ROW.search(fact.label)
            else fact
            for fact in facts
        ]
    return [
        replace(fact, scope=caption) if fact.scope is None and fact.label != UNLABELLED else fact
        for fact in facts
    ]


RE_CELL = re.compile(
    rf"^{NUMBER}\s*([{MULTIPLIER_CHARS}])?\s*({'|'.join(map(re.escape, UNITS))})?$"
)


def cell_quantity(cell: str) -> tuple[int | float, str] | None:
    """A table cell's number and unit (万 applied to a count), or None if it holds no number."""
    match = RE_CELL.match(cell.strip())
    if not match:
        return None
    value = parse_number(match.group(1))
    if value is None:
        return None
    multiplier, unit = match.group(2), match.group(3) or ""
    if multiplier and unit in MONEY_UNITS:
        return value, multiplier + unit
    return (scale(value, MULTIPLIERS[multiplier]) if multiplier else value), unit


RE_COLUMN_UNIT = re.compile(rf"[（(]({'|'.join(map(re.escape, UNITS))})[）)]")


# Columns that qualify the measure column before them: its share, its change on a year or a
# period ago ("转派工单 | 占比 | 同比 | 环比").
RE_SHARE_COLUMN = re.compile(r"^(?:占比|比例|比重|占比率)$")
RE_CHANGE_COLUMN = re.compile(r"^(?P<basis>同比|环比)$")
RE_MEASURE_ROW = re.compile(r"(?:率|次数|件数|人数|数量|总数|得分|总分)$")
RE_SCORE_COLUMN = re.compile(r"(?:得分|总分)$")
RE_SIGNED = re.compile(r"^(?P<sign>[-+−－＋])\s*(?P<rest>\d.*)$")


def row_facts(text: str, cells: list[str], header: list[str] | None) -> list[Fact]:
    """One row: its first cell names it; each number cell is labelled row + column. The
    header may leave the row names' column untitled (one cell fewer than the row). A 占比
    column is the share of the measure column before it, a 同比 / 环比 column its change."""
    row = cells[0]
    columns: list[str | None]
    if header and len(header) == len(cells) - 1:
        columns = [None, *header]
    elif header and len(header) == len(cells):
        columns = list(header)
    elif header and len(header) > len(cells) >= 2:
        columns = list(header[: len(cells)])  # a row cut short where the excerpt ends
    else:
        columns = [None] * len(cells)  # no header that fits: the column is not known
    # Rows of measures (评价次数, 满意率) under columns of the things measured, with no column
    # naming the rows: the column names the thing, the row the measure ("业务咨询评价次数").
    transposed = columns[0] is None and header is not None and bool(RE_MEASURE_ROW.search(row))
    facts = []
    measure: str | None = None
    for cell, column in zip(cells[1:], columns[1:], strict=True):
        signed = RE_SIGNED.match(cell.strip())
        quantity = cell_quantity(signed.group("rest") if signed else cell)
        if column and not RE_SHARE_COLUMN.match(column) and not RE_CHANGE_COLUMN.match(column):
            measure = column
        if quantity is None:
            continue
        if column and (unit := RE_COLUMN_UNIT.search(column)):
            # "话务量(通)": the column's unit is each bare cell's, and no part of its name
            column = column[: unit.start()] + column[unit.end() :]
            quantity = quantity if quantity[1] else (quantity[0], unit.group(1))
        elif column and not quantity[1] and RE_SCORE_COLUMN.search(column):
            quantity = (quantity[0], "分")  # a score's column: its bare cells are in 分
        comparison = None
        change = RE_CHANGE_COLUMN.match(column or "")
        if column and measure and RE_SHARE_COLUMN.match(column):
            column = f"{RE_COLUMN_UNIT.sub('', measure)}占比"
        elif change and measure:
            column = RE_COLUMN_UNIT.sub("", measure)
            negative = signed is not None and signed.group("sign") in "-−－"
            direction = "持平" if not quantity[0] else "减少" if negative else "增加"
            comparison = Comparison(change.group("basis"), direction)
        elif signed and signed.group("sign") in "-−－":
            quantity = (-quantity[0], quantity[1])
        label = f"{row}{column}" if row and column and not cell_quantity(row) else UNLABELLED
        if label != UNLABELLED and transposed and column:
            label = f"{column}{row}"  # a row of a measure over columns of what is measured
        facts.append(Fact(label, quantity[0], quantity[1], text.strip(), comparison=comparison))
    return facts

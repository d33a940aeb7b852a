"""A document's facts by paragraph: a heading's scope, tables, a figure stated twice given once."""

from __future__ import annotations

import re
from dataclasses import replace

from servicehall.core.text import halfwidth_digits
from servicehall.gbt9704.document import Fact
from servicehall.reading.facts.carry import RE_BREAKDOWN_OPENING, extract_facts
from servicehall.reading.facts.label import RE_STEP, UNLABELLED, strip_leading_time
from servicehall.reading.facts.scope import ACTION_STARTS, CHANNELS, LEVELS, OWN_SCOPES, WHO_ENDINGS
from servicehall.reading.facts.tables import (
    cell_quantity,
    is_row_group,
    row_facts,
    table_caption_of,
    with_caption,
)
from servicehall.reading.lines import is_caption_cell, is_table_row, side_by_side, table_cells
from servicehall.reading.numbers import CN_NUMERALS


def _compares_subjects(paragraphs: list[list[Fact]]) -> bool:
    """Whether a document states one step of the handling (办结, 受理…) for two subjects or
    more (省12345热线, 市(州)12345热线): its subjects are parts compared, not the report's own."""
    subjects: dict[str, set[str]] = {}
    for fact in (fact for facts in paragraphs for fact in facts):
        if fact.scope and fact.comparison is None and RE_STEP.match(fact.label):
            subjects.setdefault(fact.label, set()).add(fact.scope)
    return any(len(seen) >= 2 for seen in subjects.values())


RE_RUN_IN_HEADING = re.compile(
    r"^\s*\d{0,2}[.、．]?\s*(?P<who>[\u4e00-\u9fff（）()]{2,20}?)"
    r"(?:投票|办理|运行|办件|评价|服务|工作|受理)?情况。"
)


# "（一）12345热线受理量：共受理各类来电2808件": a numbered heading run into its paragraph.
RE_COLON_HEADING = re.compile(
    rf"^\s*(?:[（(][{CN_NUMERALS}\d]{{1,3}}[）)]|\d{{1,2}}[.、．])\s*(?P<who>[^，,。；;：:]{{2,20}})[：:]"
)


def heading_scope(heading: str, numbered_names: bool = False) -> str | None:
    """The who or where a heading names (标题所指), or None: "市长信箱", "税务分中心"; not
    "办理情况", "热点问题". A name with digits (12345热线) only where ``numbered_names``."""
    name = heading.rsplit("›", 1)[-1].strip()
    digits = r"\d\s*[年月日季周期号]" if numbered_names else r"\d"
    if not 2 <= len(name) <= 16 or re.search(rf"[，,。；;：:、的]|{digits}", name):
        return None
    if name in OWN_SCOPES or name.startswith(ACTION_STARTS):
        return None
    if match := RE_WHO_AND_MEASURE.match(name):
        name = match.group("who")  # "12345热线受理量": the hotline's figures
    return name if name.endswith(WHO_ENDINGS) or name in CHANNELS or name in LEVELS else None


# A heading naming who and the measure its paragraphs give: "12345热线受理量", "市长信箱办理情况".
RE_WHO_AND_MEASURE = re.compile(
    r"^(?P<who>[\u4e00-\u9fff\d]{2,12}?(?:热线|信箱|平台|大厅|中心))"
    r"(?:受理量|办理量|办件量|受理情况|办理情况|运行情况|工作情况)$"
)


def _with_scope(facts: list[Fact], scope: str) -> list[Fact]:
    """Facts of a paragraph about ``scope``: each that names no one of its own (no scope, no
    hall, platform or department in its label) is its."""
    return [
        replace(fact, scope=scope)
        if fact.scope is None
        and fact.label != UNLABELLED
        and not any(ending in fact.label for ending in WHO_ENDINGS)
        else fact
        for fact in facts
    ]


def extract_paragraph_facts(
    texts: list[str], headings: list[str] | None = None
) -> list[list[Fact]]:
    """The facts of each paragraph of a document, in order: a paragraph's own sentences, and
    for the rows of a table (表格) one fact per number cell, labelled by its row and column.
    A heading that names who or where (``heading_scope``) is the scope of its paragraphs'
    facts that name none."""
    result: list[list[Fact]] = []
    header: list[str] | None = None
    caption: str | None = None  # the line right above a table, naming it
    group: str | None = None  # the row group of the rows being read
    table_caption: str | None = None  # the caption of the table being read
    for index, text in enumerate(texts):
        if not is_table_row(text):
            if header is not None and is_row_group(texts, index):
                group = text.strip().rstrip("|｜ ").strip()
                result.append([])  # a row group's name: the scope of the rows under it
                continue
            header, table_caption, group = None, None, None
            caption = table_caption_of(text)
            if caption is not None and is_caption_cell(text):
                result.append([])  # a caption in a border states nothing of its own
                continue
            facts = extract_facts(text)
            if run_in := RE_RUN_IN_HEADING.match(text) or RE_COLON_HEADING.match(text):
                # run into its paragraph, a heading may name a hotline by number (12345热线)
                who = heading_scope(strip_leading_time(run_in.group("who")), numbered_names=True)
                if who:
                    facts = _with_scope(facts, who)
            first_clause = re.split(r"[，,。；;：:]", text, maxsplit=1)[0]
            names_own = any(ending in first_clause for ending in WHO_ENDINGS)
            heading = headings[index] if headings and index < len(headings) else ""
            if not names_own and (who := heading_scope(heading)):
                facts = _with_scope(facts, who)
            result.append(facts)
            continue
        cells = table_cells(halfwidth_digits(text))
        if not any(cell_quantity(cell) for cell in cells[1:]):
            named = [cell for cell in cells if cell]
            header = named if len(named) >= 2 and not cell_quantity(cells[0]) else header
            table_caption, caption = table_caption or caption, None
            result.append([])
            continue
        width = side_by_side(header) if header else None
        if header and width and len(header) >= len(cells) > width:
            # one table printed twice side by side: each row holds two rows of it
            result.append(
                [
                    fact
                    for at in range(0, len(cells), width)
                    if any(cells[at : at + width])
                    for fact in row_facts(text, cells[at : at + width], header[:width])
                ]
            )
            continue
        result.append(with_caption(row_facts(text, cells, header), group or table_caption))
    if _compares_subjects(result):
        result = [
            facts if is_table_row(text) or not facts else _breakdowns_carried(text, facts)
            for text, facts in zip(texts, result, strict=True)
        ]
    return _without_repeats(_without_restated_cells(texts, _without_summary_lead(result)))


def _without_repeats(paragraphs: list[list[Fact]]) -> list[list[Fact]]:
    """The paragraphs' facts with a figure the text states again, word for word in what it
    says (label, value, unit, scope and change alike), given once: "群众总体满意率97.01%" in
    a report's summary and again in its body. A round figure (0, 100%) is said of many
    things the reader cannot always tell apart (each channel's 办结率100% under its own
    heading), and a table's cell is its row's: both are kept. The last statement is the one
    kept: what comes first may be a summary, or an erratum's notice quoting the corrected
    text, which a caller reading the paragraphs after it leaves out (``archive.search``)."""
    seen: set[tuple[object, ...]] = set()
    result = []
    for facts in reversed(paragraphs):
        kept = []
        # a paragraph that names who its figures are of, where the reader may have carried
        # it to some figures and not others ("东城区受理320件，办结率99%"): all its own
        of_someone = any(fact.scope for fact in facts)
        for fact in reversed(facts):
            said = (fact.label, float(fact.value), fact.unit, fact.scope, fact.comparison)
            if (
                said in seen
                and not of_someone
                and fact.label != UNLABELLED
                and float(fact.value) not in ROUND_FIGURES
                and not is_table_row(fact.text)
            ):
                continue
            if not of_someone:
                seen.add(said)
            kept.append(fact)
        result.append(kept[::-1])
    return result[::-1]


# Figures said of many things at once (every channel's 办结率100%, no 逾期件 anywhere).
ROUND_FIGURES = (0.0, 100.0)


def _without_restated_cells(texts: list[str], paragraphs: list[list[Fact]]) -> list[list[Fact]]:
    """The paragraphs' facts without a table's cell that restates the text above it for the
    same row: "10月共受理转办工单1247件，其中城市管理类362件" over "| 10月 | 1247 | 362 |",
    "灌云县考评得分为145.76分" over "| 灌云县 | 1115 | 145.76 |" — the text's figure (same value
    and unit), in a sentence naming the cell's row, is the one stated."""
    stated: list[tuple[Fact, str]] = []  # each figure of the text, with its sentence
    result = []
    for text, facts in zip(texts, paragraphs, strict=True):
        if not is_table_row(text):
            sentences = re.split(r"(?<=[。！？!?])", halfwidth_digits(text))
            for fact in facts:
                if fact.comparison is None:
                    where = next((s for s in sentences if fact.text in s), text)
                    stated.append((fact, where))
            result.append(facts)
            continue
        names = [
            cell
            for cell in table_cells(halfwidth_digits(text))
            if len(cell) >= 2 and not cell_quantity(cell)
        ]
        result.append(
            [
                fact
                for fact in facts
                if fact.comparison is not None
                or not any(
                    _restated_cell(fact, above, sentence, names) for above, sentence in stated
                )
            ]
        )
    return result


def _restated_cell(cell: Fact, above: Fact, sentence: str, names: list[str]) -> bool:
    """Whether a table's cell states again a figure of the text above: same value and unit,
    in a sentence that names the cell's row."""
    if float(cell.value) != float(above.value):
        return False
    if cell.unit != above.unit:
        return False  # a bare count: the labellers keep a table's count beside the text's
    return any(cell.label.startswith(name) and name in sentence for name in names)


def _breakdowns_carried(text: str, facts: list[Fact]) -> list[Fact]:
    """A paragraph's facts read again with its breakdowns carrying their subject, where it
    states them (its facts otherwise as read: a heading's scope kept)."""
    if not RE_BREAKDOWN_OPENING.search(text.replace("。", "。\n")):
        return facts
    again = extract_facts(text, subjects_compared=True)
    if len(again) != len(facts):
        return facts
    return [
        replace(fact, scope=read.scope) if fact.scope is None and read.scope else fact
        for fact, read in zip(facts, again, strict=True)
    ]


def _restates(later: Fact, fact: Fact) -> bool:
    """Whether a later fact states the same figure of the same measure again: value, unit and
    direction of change alike, one label holding the other."""
    if (float(later.value), later.unit) != (float(fact.value), fact.unit):
        return False
    if (later.comparison and later.comparison.direction) != (
        fact.comparison and fact.comparison.direction
    ):
        return False
    a, b = later.label.replace("的", ""), fact.label.replace("的", "")
    return fact.label != UNLABELLED and (a in b or b in a)


def _without_summary_lead(paragraphs: list[list[Fact]]) -> list[list[Fact]]:
    """The paragraphs' facts with a summary lead's stated once: a report or news item that
    opens with two or more figures (导语、提要) and states every one of them again further on
    (its body) gives each figure once, in the plainer of its two wordings (the shorter label,
    the body's at a tie)."""
    first = next((index for index, facts in enumerate(paragraphs) if facts), None)
    if first is None or len(paragraphs[first]) < 2:
        return paragraphs
    later = [fact for facts in paragraphs[first + 1 :] for fact in facts]
    restated: list[int] = []
    for fact in paragraphs[first]:
        at = next(
            (i for i, other in enumerate(later) if i not in restated and _restates(other, fact)),
            None,
        )
        if at is None:
            return paragraphs
        restated.append(at)
    dropped = {
        id(fact) if len(fact.label) > len(later[i].label) else id(later[i])
        for fact, i in zip(paragraphs[first], restated, strict=True)
    }
    return [[fact for fact in facts if id(fact) not in dropped] for facts in paragraphs]

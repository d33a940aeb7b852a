"""Parser of past report text (往期报告解析) into the shared document model.

The input is text as it comes out of a PDF, a .docx or a .txt: lines broken mid-sentence,
blank lines anywhere (2023-9 has one between every wrapped line), page numbers (``—3—``),
stray spaces (``2023年第 9期``). The parser works in four steps:

1. lines: characters cleaned, stray spaces dropped (rule in ``text.py``), page numbers dropped
   (``reading.lines``);
2. masthead (报头): the leading lines holding issue number, title, period, issuer and date,
   in either order (2024-4 prints the title first, 2023-9 the issuer and date first), a web
   page's 来源/作者/发布时间 lines, a 期号 further down, the 落款, and a period the body's first
   sentences state — read by ``reading.metadata``;
3. paragraphs: wrapped lines joined back. A line starts a new paragraph when it begins with a
   number marker (一、 / （一） / 1. / （1））, a 版记 line (报：/送：/发：/（共印…）), or when
   the paragraph before it ended a sentence (。！？；…). Blank lines carry no meaning, since
   2023-9 puts them inside paragraphs; so a paragraph whose last line does not end a sentence
   swallows the next line. A heading alone on its line (一、政务工作动态) is never joined.
4. sections: 一、 → LEVEL_TOP, （一） → LEVEL_SECOND; a heading run into its first sentence
   ("（一）按时到岗情况。总体情况良好。") is split, with ``run_in``. A table's row ("住房 | 399 |
   348") is a paragraph of its own, read row × column by ``reading.facts``. Numbered items (1. / （1）)
   stay paragraphs with their printed number, unless a short item stands alone on its line as a
   heading (LEVEL_THIRD). Text before any heading is the document's ``preamble``.

Text where each paragraph is one line and each heading its own line (what the text renderer
writes) parses to the same document. The parser never raises: what it cannot read is left
empty and said in ``Document.warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicehall.core.text import count_garbage, display_width, join_lines
from servicehall.gbt9704.document import (
    HEAD_FIELDS,
    LEVEL_SECOND,
    LEVEL_THIRD,
    LEVEL_TOP,
    Document,
    Paragraph,
    Run,
    Section,
)
from servicehall.reading.erratum import is_erratum_title
from servicehall.reading.facts import extract_facts
from servicehall.reading.facts.paragraphs import RE_RUN_IN_HEADING
from servicehall.reading.lines import (
    RE_COPIES,
    RE_DISTRIBUTION,
    RE_ITEM,
    RE_SECOND,
    RE_TOP,
    Line,
    ends_sentence,
    full_line_width,
    is_caption_cell,
    is_lone_cell,
    is_table_row,
    marker_kind,
    prepare_lines,
    strip_bold,
)
from servicehall.reading.metadata import (
    MASTHEAD_SCAN,
    Head,
    read_body_period,
    read_masthead,
    read_signature,
    say_what_is_unsure,
    settle_year,
    without_title_repeats,
)
from servicehall.reading.script import is_traditional, to_simplified

__all__ = ["paragraph_runs", "parse_report"]

DISTRIBUTION_KEY = {"抄报": "报", "报送": "报", "报": "报", "抄送": "送", "送": "送", "分送": "送"}
DISTRIBUTION_KEY["发"] = "发"
HEADING_FORBIDDEN = "。！？!?；;：:"


RE_BRACKET_HEADING = re.compile(r"^【[^【】]{1,20}】$")
# A line led by a county's or department's name and a colon (县区简讯): "金堂县：…".
RE_SCOPED_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{1,14}(?:县|区|市|州|局|厅|委|中心|办公室|分行)[：:]\s*\S"
)

# 红头文件: the 发文机关标志 ("…中心文件") and the 发文字号 (川政服〔2024〕4号; 〔〕 typed as
# [] or （） too), GB/T 9704-2012 §7.2.3–7.2.4.


@dataclass
class _Block:
    """A logical paragraph (逻辑段落) being assembled from wrapped lines."""

    kind: str  # "top", "second", "third", "item", "text", "dist", "copies", "tail"
    text: str
    number: str = ""
    closed: bool = False  # a heading alone on its line: nothing joins it
    last_line: str = ""  # the last physical line joined in, for the margin test

    def __post_init__(self) -> None:
        self.last_line = self.last_line or self.text


def parse_report(text: str) -> Document:
    """Parse report text into a Document (解析报告正文); never raises."""
    doc = Document()
    try:
        _parse_into(doc, text if isinstance(text, str) else "")
    except Exception as exc:  # an importer of hundreds of files must not stop
        doc.warnings.append(f"解析出错：{type(exc).__name__}: {exc}")
    return doc


def _parse_into(doc: Document, text: str) -> None:
    garbage = count_garbage(text)
    if garbage:
        doc.warnings.append(f"有 {garbage} 个无法识别的字符（乱码），已忽略")
    if is_traditional(text):
        # The rules' words are simplified: 辦結率達 is read as 办结率达, labels come out simplified.
        text = to_simplified(text)
        doc.warnings.append("原文为繁体字，已按简体字识读")
    lines = prepare_lines(text)
    if not lines:
        doc.warnings.append("文本为空，没有可导入的内容")
        return
    head = Head(warnings=doc.warnings)
    body = without_title_repeats(read_signature(read_masthead(lines, head), head), head)
    blocks = _assemble_blocks(body)
    unread = sum(1 for b in blocks if b.kind == "cell" and re.search(r"\d", b.text))
    if unread:
        doc.warnings.append(f"有一个表格未能按行列识读，其中 {unread} 个数字单元格未提取")
    blocks = [b for b in blocks if b.kind != "cell"]
    read_body_period([b.text for b in blocks if b.kind not in ("dist", "copies", "tail")], head)
    settle_year(head)
    _take_head(head, doc)
    _build_sections(blocks, doc)
    _read_distribution(blocks, doc)
    if not (doc.title or doc.number or doc.issue_date or doc.sections):
        doc.warnings.append("未识别出报头和章节标题，全文按段落导入")
    say_what_is_unsure(head, lines[:MASTHEAD_SCAN])


def _take_head(head: Head, doc: Document) -> None:
    """The metadata the reader found, into the document (its warnings are the document's)."""
    for name in HEAD_FIELDS:
        setattr(doc, name, getattr(head, name))


# ---------------------------------------------------------------- 3. paragraphs


def _assemble_blocks(lines: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    full_width = full_line_width(lines)
    in_tail = False  # once the 版记 starts, every later line belongs to it
    for line in lines:
        kind = marker_kind(strip_bold(line.text))
        if kind in ("dist", "copies"):
            in_tail = True
        elif in_tail:
            kind = "tail"
        previous = blocks[-1] if blocks else None
        if previous and _row_goes_on(previous, line.text):
            # "住房 | 399 | … | 物业管理、房屋" / "交易 |": the row's last cell, wrapped
            previous.text = join_lines(previous.text, line.text)
            continue
        if kind is None and is_table_row(line.text):
            if previous and previous.kind == "cell" and is_caption_cell(previous.text):
                # "各县、赣榆区数据质量得分情况 |" right above a table: its caption, which
                # the table's facts take as their scope (``reading.facts``)
                previous.kind = "text"
            # A table's row (表格行) is a paragraph of its own: nothing joins it or to it.
            blocks.append(_Block("text", line.text, closed=True))
            continue
        if kind is None and RE_CAPTION.match(line.text.strip()):
            # "图1 诉求量月度走势图": a figure's or a table's caption is a line of its own, not
            # the first words of the paragraph under it
            blocks.append(_Block("text", line.text, closed=True))
            continue
        if kind is None and is_lone_cell(line.text):
            # A cell of a table flattened one cell a line that could not be read by row and
            # column ("99 |"): no words of a paragraph, and nothing is read from it.
            blocks.append(_Block("cell", line.text, closed=True))
            continue
        if (
            previous
            and not _starts_scoped_line(line.text, previous)
            and not _after_paragraph_break(line, previous, full_width)
            and _continues(previous, kind, full_width)
        ):
            previous.text = join_lines(previous.text, line.text)
            previous.last_line = line.text
            if previous.kind == "text" and is_erratum_title(previous.text):
                # "关于《窗口工作周报》2024年第4期（总第" / "475期）的勘误": a title a PDF
                # wrapped is whole now, and the notice's first sentence does not join it.
                previous.closed = True
        else:
            block = _new_block(kind or "text", line.text)
            if block.closed and kind in ("top", "second") and _fills_line(line.text, full_width):
                # "（一）基础建设方面本月共办理疏通水沟、修" up to the margin: a wrapped
                # paragraph that opens with a number, not a heading
                block.closed = False
            blocks.append(block)
    return blocks


RE_CAPTION = re.compile(
    r"^(?:附图|附表|图|表)\s*\d{1,2}(?:[-.．]\d{1,2})?\s*[\u4e00-\u9fff“”（）()、A-Za-z0-9\s]{2,30}$"
)


def _row_goes_on(previous: _Block, text: str) -> bool:
    """Whether a line ends a table row the line before began: the row stopped short of its
    border ("|") and the line ends on one, holding no more cells."""
    row = previous.text.rstrip()
    return (
        is_table_row(row)
        and not row.endswith(("|", "｜"))
        and text.rstrip().endswith(("|", "｜"))
        and len(re.findall(r"[|｜]", text)) == 1
    )


def _after_paragraph_break(line: Line, previous: _Block, full_width: int | None) -> bool:
    """Whether an empty line before this one ends the paragraph before it: in a page whose
    lines are not wrapped (a paragraph a line), a title, a breadcrumb or a dateline over a blank
    line is not the first words of the body's sentence ("市长专线电话" / "" / "全年共受理…").
    A long line cut mid-clause over a blank one is a paragraph a page break cut; in a wrapped
    page (a PDF's text, often double spaced) a blank line says nothing."""
    last = previous.last_line.rstrip()
    return (
        line.after_blank
        and full_width is None
        and display_width(last) < SHORT_LINE_WIDTH
        and not last.endswith(OPEN_CLAUSE_ENDINGS)
    )


# A title, a subtitle or a breadcrumb is shorter than this (display width, a CJK character 2).
SHORT_LINE_WIDTH = 50
# A line ending on these is a clause cut short, whatever follows.
OPEN_CLAUSE_ENDINGS = ("，", ",", "、", "：", ":", "（", "(", "《", "“")


def _fills_line(text: str, full_width: int | None) -> bool:
    """Whether a line runs to the right margin of a wrapped page, mid-sentence."""
    return (
        bool(full_width)
        and not ends_sentence(text)
        and display_width(text) >= (full_width or 0) - 2
    )


def _starts_scoped_line(text: str, previous: _Block) -> bool:
    """ "金堂县：本月受理1,203件…" after "…简报如下：" or a finished sentence: a new paragraph."""
    ended = previous.text.rstrip().endswith(("：", ":")) or ends_sentence(previous.text)
    # "1县政务服务大厅投票情况。…" after "…通报如下：": an item headed by whom it is about
    return ended and bool(RE_SCOPED_LINE.match(text) or RE_RUN_IN_HEADING.match(text))


def _continues(previous: _Block, kind: str | None, full_width: int | None) -> bool:
    """Does a line of this kind continue the paragraph before it (续行)?"""
    if previous.closed:
        return False
    if kind is None and previous.kind in ("dist", "copies", "tail"):
        return False
    if kind is None and ends_sentence(previous.text):
        # A sentence that ends exactly at the right margin of a wrapped page may go on.
        return bool(full_width) and display_width(previous.last_line) >= (full_width or 0) - 4
    if kind is None:
        return True
    return kind == "tail" and previous.kind == "dist" and not ends_sentence(previous.text)


def _new_block(kind: str, text: str) -> _Block:
    if kind == "text" and RE_BRACKET_HEADING.match(text):
        return _Block(kind, text, closed=True)  # "【“好差评”】" alone on its line
    if kind == "text" and is_erratum_title(text):
        return _Block(kind, text, closed=True)  # "关于…第4期的勘误": the notice's title
    if kind in ("top", "second"):
        heading = _split_heading(_marker_rest(kind, text))
        closed = heading is not None and heading[1] is None
        return _Block(kind, text, closed=closed)
    if kind == "item" and _is_item_heading(text):
        return _Block("third", text, closed=True)
    return _Block(kind if kind != "subitem" else "text", text)


def _marker_rest(kind: str, text: str) -> str:
    pattern = RE_TOP if kind == "top" else RE_SECOND if kind == "second" else RE_ITEM
    match = pattern.match(strip_bold(text))
    return match.group(2) if match else text


def _split_heading(rest: str) -> tuple[str, str | None] | None:
    """Heading split: "按时到岗情况。总体情况良好。" → (heading, run-in body); None if it is no heading."""
    rest = rest.strip()
    head, dot, body = rest.partition("。")
    if dot and body.strip():
        return (head, body.strip()) if _is_heading_text(head, 25) else None
    head = head.rstrip("：:")
    return (head, None) if _is_heading_text(head, 40) else None


def _is_heading_text(text: str, limit: int) -> bool:
    if not text or len(text) > limit or any(c in text for c in HEADING_FORBIDDEN):
        return False
    if "、" in text and extract_facts(text):
        return False  # "路灯、井盖等类工单120件、满意率91%": a list of quantities, a sentence
    # "强化党建引领，推动业务发展" is a heading; "本周共受理12件，办结10件" is a sentence.
    return not ("，" in text or "," in text) or not any(c.isdigit() for c in text)


def _is_item_heading(text: str) -> bool:
    """Item heading: "1.优化服务流程" alone on its line: a third-level heading, not a wrapped item."""
    match = RE_ITEM.match(strip_bold(text))
    rest = match.group(2) if match else ""
    return (
        bool(rest)
        and len(rest) <= 20
        and not any(c in rest for c in HEADING_FORBIDDEN + "，,、" + "0123456789")
    )


# ---------------------------------------------------------------- 4. sections


def _build_sections(blocks: list[_Block], doc: Document) -> None:
    top: Section | None = None
    second: Section | None = None
    third: Section | None = None
    for block in blocks:
        if block.kind == "top" and (section := _heading_section(block, LEVEL_TOP)):
            doc.sections.append(section)
            top, second, third = section, None, None
        elif block.kind == "second" and (section := _heading_section(block, LEVEL_SECOND)):
            (top.subsections if top else doc.sections).append(section)
            second, third = section, None
        elif block.kind == "third" and (section := _heading_section(block, LEVEL_THIRD)):
            parent = second or top
            (parent.subsections if parent else doc.sections).append(section)
            third = section
        elif block.kind in ("top", "second", "text", "item"):
            if block.kind == "item":
                third = None  # the next item ends a third-level heading's scope
            target = third or second or top
            paragraph = Paragraph(runs=paragraph_runs(block.text))
            (target.paragraphs if target else doc.preamble).append(paragraph)


def _heading_section(block: _Block, level: int) -> Section | None:
    pattern = {LEVEL_TOP: RE_TOP, LEVEL_SECOND: RE_SECOND, LEVEL_THIRD: RE_ITEM}[level]
    match = pattern.match(strip_bold(block.text))
    if not match:
        return None
    number, rest = match.group(1), match.group(2)
    split = _split_heading(rest)
    if split is None:
        return None
    heading, body = split
    section = Section(number=number, heading=heading, level=level, run_in=body is not None)
    if body:
        # The body keeps its bold runs: cut the marked text after the heading's "。".
        marked_body = block.text.split("。", 1)[1].strip() if "。" in block.text else body
        section.paragraphs.append(Paragraph(runs=paragraph_runs(marked_body)))
    return section


def paragraph_runs(text: str) -> list[Run]:
    """Split ``**bold**`` marks into runs (粗体片段); an unpaired ``**`` stays as text."""
    runs: list[Run] = []
    position = 0
    for match in re.finditer(r"\*\*(.+?)\*\*", text, re.S):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        runs.append(Run(match.group(1), bold=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs or [Run("")]


# ---------------------------------------------------------------- 版记


def _read_distribution(blocks: list[_Block], doc: Document) -> None:
    """报：/送：/发： lines and （共印N份） (版记)."""
    for block in blocks:
        text = strip_bold(block.text)
        if block.kind not in ("dist", "copies", "tail"):
            continue
        if match := RE_COPIES.search(text):
            doc.copies = int(match.group(1))
            text = RE_COPIES.sub("", text).strip()
        if block.kind == "dist" and (match := RE_DISTRIBUTION.match(text)):
            key = DISTRIBUTION_KEY[match.group(1)]
            value = match.group(2).strip()
            if key in doc.distribution:
                value = doc.distribution[key] + value
            doc.distribution[key] = value

"""The printed lines of a report issue (版面行), shared by every renderer.

A ``Document`` is flattened once into ``Block``s — one block per printed paragraph, in
reading order — so that txt, html and docx print exactly the same lines: the importer reads a
rendered DOCX back as text, and that text must be ``render_txt(doc)``, line for line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from servicehall.core.text import chinese_date
from servicehall.gbt9704.document import (
    DISTRIBUTION_KEYS,
    LEVEL_TOP,
    Document,
    Paragraph,
    Run,
    Section,
)


class Kind(StrEnum):
    """What a printed line is; decides its font, size and alignment in each renderer."""

    NUMBER = "number"  # 2024年第4期（总第475期）
    TITLE = "title"  # 窗口工作周报 — a 简报 报头 (GB/T 9704 has none): red 小标宋 like §7.2.4
    BANNER = "banner"  # 简报's series name: large, red, centred (briefing masthead)
    AUTHORITY = "authority"  # 红头文件's 发文机关标志: "…中心文件", red (§7.2.4)
    FILE_NUMBER = "file_number"  # 发文字号: 川政服〔2024〕4号 (§7.2.5)
    HEADLINE = "headline"  # the file's title under the red rule: black 二号 小标宋 (§7.3.1)
    PERIOD = "period"  # （1月22日—1月26日）
    ISSUER = "issuer"
    DATE = "date"
    ISSUER_DATE = "issuer_date"  # "issuer 2023年3月21日" on one line (issuer_first)
    HEADING = "heading"  # 一、… / （一）… / 1.…, on its own line
    PARAGRAPH = "paragraph"  # body text; a run-in paragraph has a ``head``
    DISTRIBUTION = "distribution"  # 版记: 报：… / 送：… / 发：…
    COPIES = "copies"  # （共印103份）
    SIGNATURE = "signature"  # 红头文件's 发文机关署名 and 成文日期 at the end (§7.3.5.2)
    NOTICE = "notice"  # the text's own title (an erratum's): 二号 小标宋, centred (§7.3.1)


MASTHEAD_KINDS = frozenset(
    {
        Kind.NUMBER, Kind.TITLE, Kind.BANNER, Kind.PERIOD, Kind.ISSUER, Kind.DATE,
        Kind.ISSUER_DATE, Kind.AUTHORITY, Kind.FILE_NUMBER, Kind.HEADLINE,
    }
)  # fmt: skip
# The 发文机关标志 is the issuer's name and 文件 (§7.2.4).
AUTHORITY_SUFFIX = "文件"
# Between issuer and date on the briefing's one line: issuer left, date right.
SPLIT = "\t"
IMPRINT_KINDS = frozenset({Kind.DISTRIBUTION, Kind.COPIES})


@dataclass(frozen=True)
class Block:
    """One printed paragraph: ``head`` (a run-in heading, e.g. "（一）按时到岗情况。") + runs."""

    kind: Kind
    runs: tuple[Run, ...] = ()
    level: int = 0  # section level of a heading or of a run-in head
    head: str = ""
    # The red separator line of the 版头 is drawn below this block (GB/T 9704-2012 §7.2.7).
    rule_below: bool = False
    # Characters (of the body's size) left blank at the right: the 落款's 右空二字 (§7.3.5.2).
    right_chars: float = 0.0
    # The line starts where it must (the 落款's date, two characters right of the issuer's
    # first): set from the left, so the width an application gives its digits cannot move it.
    from_left: bool = False

    @property
    def text(self) -> str:
        return self.head + "".join(run.text for run in self.runs)


@dataclass
class _Masthead:
    """The masthead lines of a document, each already formatted (None when not stated)."""

    number: str | None
    title: str | None
    period: str | None
    issuer: str | None
    date: str | None
    lines: list[Block] = field(default_factory=list)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")


def one_line(text: str) -> str:
    """Text fit for one printed line: no line breaks, no XML-illegal control characters.

    A line break between two Chinese characters is an artefact of extraction and goes away;
    elsewhere it becomes one space. Tabs become spaces (the importer reads plain lines).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BREAK_BETWEEN_CJK.sub("", text)
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text).replace("\t", " ")
    return _CONTROL.sub("", text)


def number_line(doc: Document) -> str | None:
    """The issue number line, e.g. 2024年第4期（总第475期）; None when unnumbered."""
    if doc.number is None:
        return None
    year = f"{doc.year}年" if doc.year is not None else ""
    serial = f"（总第{doc.serial}期）" if doc.serial is not None else ""
    return f"{year}第{doc.number}期{serial}"


def period_line(doc: Document) -> str | None:
    """The period line, e.g. （1月22日—1月26日）; one date alone when one end is known."""
    ends = [d for d in (doc.period_start, doc.period_end) if d is not None]
    if not ends:
        return None
    return "（" + "—".join(f"{d.month}月{d.day}日" for d in ends) + "）"


def file_number_line(doc: Document) -> str | None:
    """The 发文字号 of the 红头 file form: 机关代字, year in 〔〕, number without 第 or leading
    zeros (§7.2.5), e.g. 川政服〔2024〕4号; None without a code or a number."""
    if not doc.file_code or doc.number is None or doc.year is None:
        return None
    return f"{one_line(doc.file_code)}〔{doc.year}〕{doc.number}号"


def _file_masthead(doc: Document, title: str | None, issuer: str | None) -> list[Block]:
    """红头文件: 发文机关标志 (red), 发文字号 with the red rule under it, then the title, the
    期号 with its 总期号, and the period; the issuer and date sign the end of the text instead (``signature_blocks``)."""
    blocks = []
    if issuer:
        blocks.append(Block(Kind.AUTHORITY, (Run(issuer + AUTHORITY_SUFFIX),)))
    number = file_number_line(doc)
    if number or blocks:
        # A draft has no 字号 yet: its line stays empty, so the rule stands where it will.
        blocks.append(Block(Kind.FILE_NUMBER, (Run(number),) if number else ()))
    if blocks:
        last = blocks[-1]
        blocks[-1] = Block(last.kind, last.runs, rule_below=True)
    if title:
        blocks.append(Block(Kind.HEADLINE, (Run(title),)))
    if doc.serial is not None and (line := number_line(doc)):
        # The 字号 carries the year and number, not the series' 总期号: the title is followed
        # by the series' own 期号 line, as the briefing form prints it (2024年第4期（总第475期）).
        blocks.append(Block(Kind.NUMBER, (Run(line),)))
    if period := period_line(doc):
        blocks.append(Block(Kind.PERIOD, (Run(period),)))
    return blocks


def text_width(text: str) -> float:
    """Width in characters of the body's size: digits and Latin letters take half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


# Where a title may be broken (§7.3.1 回行时词意完整): after its opening 关于, around a name in
# 《》, around a note in （）, before a closing 的勘误 / 的通知.
_TITLE_BREAK = re.compile(r"(?<=^关于)|(?=《)|(?<=》)|(?=（)|(?<=）)|(?=的[^的]{1,4}$)")


def title_lines(text: str, chars: float) -> list[str]:
    """A title as it is set on lines of ``chars`` characters (§7.3.1: 回行时，要做到词意完整，
    排列对称，长短适宜): on one line when it fits; else broken once where its words allow,
    leaving the two lines the most alike; as it is when no such break fits (never between
    "总第" and its number: a PDF once printed "……（总第" / "475期）的勘误")."""
    if text_width(text) <= chars:
        return [text]
    splits = [
        (text[: m.start()], text[m.start() :])
        for m in _TITLE_BREAK.finditer(text)
        if 0 < m.start() < len(text)
    ]
    fitting = [pair for pair in splits if max(map(text_width, pair)) <= chars]
    if not fitting:
        return [text]
    first, second = min(fitting, key=lambda pair: abs(text_width(pair[0]) - text_width(pair[1])))
    return [first, second]


def signature_blocks(doc: Document) -> list[Block]:
    """The 落款 of a file without a seal (§7.3.5.2): the issuer 右空二字, the date on the next
    line starting two characters right of the issuer's first; a longer date keeps 右空二字
    and moves the issuer right instead."""
    if doc.masthead != "file":
        return []
    issuer = one_line(doc.issuer) if doc.issuer else ""
    date = chinese_date(doc.issue_date) if doc.issue_date else ""
    if not issuer or not date:
        return [
            Block(Kind.SIGNATURE, (Run(text),), right_chars=2) for text in (issuer, date) if text
        ]
    issuer_right = max(2.0, text_width(date) + 4 - text_width(issuer))
    date_right = issuer_right + text_width(issuer) - 2 - text_width(date)
    return [
        Block(Kind.SIGNATURE, (Run(issuer),), right_chars=issuer_right),
        Block(Kind.SIGNATURE, (Run(date),), right_chars=date_right, from_left=date_right > 2),
    ]


def masthead_blocks(doc: Document) -> list[Block]:
    """The 版头 lines in the order of ``doc.masthead``; missing fields are left out."""
    title = one_line(doc.title) if doc.title else None
    issuer = one_line(doc.issuer) if doc.issuer else None
    date = chinese_date(doc.issue_date) if doc.issue_date else None
    number, period = number_line(doc), period_line(doc)
    if doc.masthead == "file":
        return _file_masthead(doc, title, issuer)
    if doc.masthead == "briefing":
        # 简报 报头: the series name large and red, 期号 centred under it, issuer left and date
        # right on one line, the red rule; the period under the rule.
        blocks = [
            Block(kind, (Run(text),))
            for kind, text in ((Kind.BANNER, title), (Kind.NUMBER, number))
            if text
        ]
        parts = [Run(text) for text in (issuer, date) if text]
        if len(parts) == 2:
            parts.insert(1, Run(SPLIT))
        if parts:
            blocks.append(Block(Kind.ISSUER_DATE, tuple(parts)))
        if blocks:
            last = blocks[-1]
            blocks[-1] = Block(last.kind, last.runs, rule_below=True)
        if period:
            blocks.append(Block(Kind.PERIOD, (Run(period),)))
        return blocks
    if doc.masthead == "issuer_first":
        issuer_date = " ".join(part for part in (issuer, date) if part) or None
        top = [(Kind.NUMBER, number), (Kind.ISSUER_DATE, issuer_date)]
        rest = [(Kind.TITLE, title), (Kind.PERIOD, period)]
    else:
        top = [
            (Kind.NUMBER, number),
            (Kind.TITLE, title),
            (Kind.PERIOD, period),
            (Kind.ISSUER, issuer),
            (Kind.DATE, date),
        ]
        rest = []
    top_blocks = [Block(kind, (Run(text),)) for kind, text in top if text]
    rest_blocks = [Block(kind, (Run(text),)) for kind, text in rest if text]
    # The red line closes the 版头: below the issuer and date (§7.2.7), or below whatever
    # masthead line is last when those are missing.
    ruled = top_blocks or rest_blocks
    if ruled:
        last = ruled[-1]
        ruled[-1] = Block(last.kind, last.runs, rule_below=True)
    return top_blocks + rest_blocks


def _clean_runs(paragraph: Paragraph) -> tuple[Run, ...]:
    runs = (Run(one_line(run.text), run.bold) for run in paragraph.runs)
    return tuple(run for run in runs if run.text)


def _paragraph_blocks(paragraphs: list[Paragraph]) -> Iterator[Block]:
    for paragraph in paragraphs:
        runs = _clean_runs(paragraph)
        if runs:
            yield Block(Kind.PARAGRAPH, runs)


def section_blocks(section: Section) -> Iterator[Block]:
    """A section in reading order: heading, its paragraphs, then its subsections.

    A run-in section prints "（一）按时到岗情况。" in front of its first paragraph.
    """
    heading = section.marker + one_line(section.heading)
    level = section.level or LEVEL_TOP
    paragraphs = list(_paragraph_blocks(section.paragraphs))
    if section.run_in:
        head = heading if heading.endswith("。") else heading + "。"
        first = paragraphs.pop(0).runs if paragraphs else ()
        yield Block(Kind.PARAGRAPH, first, level=level, head=head)
    else:
        yield Block(Kind.HEADING, (Run(heading),), level=level)
    yield from paragraphs
    for sub in section.subsections:
        yield from section_blocks(sub)


def imprint_blocks(doc: Document) -> list[Block]:
    """The 版记 (GB/T 9704-2012 §7.4): 报/送/发 lines in that order, then the copies."""
    blocks = []
    for key in DISTRIBUTION_KEYS:
        text = one_line(doc.distribution.get(key) or "").strip()
        if text:
            # The sentence ends with "。" whether or not the stored text kept it, so that an
            # imported and re-rendered issue prints the same line.
            if not text.endswith("。"):
                text += "。"
            blocks.append(Block(Kind.DISTRIBUTION, (Run(f"{key}：{text}"),)))
    if doc.copies is not None:
        blocks.append(Block(Kind.COPIES, (Run(f"（共印{doc.copies}份）"),)))
    return blocks


def document_blocks(doc: Document) -> list[Block]:
    """Every printed line of the document, in reading order."""
    blocks = masthead_blocks(doc)
    if doc.notice:
        blocks.append(Block(Kind.NOTICE, (Run(one_line(doc.notice)),)))
    blocks += _paragraph_blocks(doc.preamble)
    for section in doc.sections:
        blocks += section_blocks(section)
    blocks += signature_blocks(doc)
    blocks += imprint_blocks(doc)
    return blocks

"""The document model of a weekly report (周报文档模型).

One model is shared by the drafter (data → document), the importer (past file → document) and
the renderers (document → txt/html/docx/pdf), so a round trip is a plain comparison.
It is plain dataclasses, with no Django import, so parsing and rendering are testable alone.

The parsed form (``to_parsed``) is the JSON contract of SPEC.md: ``title``, ``issuer``,
``year``, ``number``, ``serial``, ``period`` {start, end}, ``issue_date``, ``copies``,
``distribution`` {报, 送, 发}, ``sections`` [{number, heading, paragraphs, subsections}],
``figures`` {key: value}, ``facts`` [{label, value, unit, text}].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Comparison:
    """What a change is measured against (比较): basis 环比/同比/None, direction 增加/减少/持平."""

    basis: str | None
    direction: str


@dataclass
class Fact:
    """A quantity the text states (文中数量): "全区一体化平台办件数3382件" → label, 3382, 件.

    ``scope`` names who or where (a department, a county, a channel: "网上办理2,706件" → 网上);
    ``comparison`` is set when the quantity is a change of the one it qualifies
    ("受理1200件，比上月增加12.5%" → label 受理, 12.5 %, 环比 增加).
    """

    label: str
    value: int | float | Decimal
    unit: str
    text: str
    scope: str | None = None
    comparison: Comparison | None = None
    # Read by OCR with low confidence (低置信度识别): a person confirms it before it counts.
    review: bool = False

    def to_json(self) -> dict[str, Any]:
        comparison = self.comparison
        return {
            "label": self.label,
            "value": json_number(self.value),
            "unit": self.unit,
            "text": self.text,
            "scope": self.scope,
            "comparison": (
                {"basis": comparison.basis, "direction": comparison.direction}
                if comparison
                else None
            ),
            "review": self.review,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fact:
        comparison = data.get("comparison")
        return cls(
            label=data["label"],
            value=data["value"],
            unit=data["unit"],
            text=data.get("text", ""),
            scope=data.get("scope"),
            comparison=Comparison(comparison.get("basis"), comparison["direction"])
            if comparison
            else None,
            review=bool(data.get("review", False)),
        )


@dataclass
class Ranking:
    """A ranked list the text states (排名): "办件量前5位的部门：A、B、C、D、E"."""

    label: str
    items: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "items": list(self.items)}


def json_number(value: int | float | Decimal) -> int | float:
    """JSON numbers: integers stay integers, 167.59 stays 167.59."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_num = json_number


# The facts a text states are the reading layer's: re-exported as part of the document model.

# Order in which the 版记 lines are printed (GB/T 9704-2012 §7.4: 抄送 before 印发).
DISTRIBUTION_KEYS = ("报", "送", "发")

# Section levels as GB/T 9704-2012 §7.3.3 numbers them: 一、 → （一） → 1. → （1）
LEVEL_TOP = 1  # 一、 heading, 黑体
LEVEL_SECOND = 2  # （一） heading, 楷体_GB2312
LEVEL_THIRD = 3  # 1. heading, 仿宋 bold


@dataclass
class Run:
    """A stretch of text with one formatting (文字片段); bold marks e.g. a department's name.

    ``figure`` names the figure the run prints when the run is a figure's number (数字令牌):
    the editor cannot type over it, only override the figure (reports/bindings.py)."""

    text: str
    bold: bool = False
    figure: str | None = None


@dataclass
class Paragraph:
    """A body paragraph (正文段落), as runs; ``figure_keys`` names the figures it prints.

    ``drafted`` is the paragraph's markup as the drafter last wrote it (the data side): the
    editor changed the paragraph when its markup differs; "" marks a paragraph the editor
    added; None a paragraph of no draft (imported, or stored before drafts kept it).
    """

    runs: list[Run] = field(default_factory=list)
    figure_keys: list[str] = field(default_factory=list)
    drafted: str | None = None

    @classmethod
    def of(cls, text: str, *, figure_keys: list[str] | None = None) -> Paragraph:
        return cls(runs=[Run(text)], figure_keys=list(figure_keys or []))

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Section:
    """A numbered section of the report (一、 / （一） / 1.) with its paragraphs (章节)."""

    number: str  # the numeral as printed without its punctuation: "一", "一" for （一）, "1"
    heading: str  # heading text without number and without a trailing "。"
    level: int = LEVEL_TOP
    paragraphs: list[Paragraph] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    # A run-in heading is printed on one line with its first paragraph:
    # "（一）按时到岗情况。总体情况良好。" (2023-9 patrol items).
    run_in: bool = False

    @property
    def marker(self) -> str:
        """The number as printed in front of the heading."""
        if self.level == LEVEL_TOP:
            return f"{self.number}、"
        if self.level == LEVEL_SECOND:
            return f"（{self.number}）"
        if self.level == LEVEL_THIRD:
            return f"{self.number}."
        return f"（{self.number}）"

    def walk(self) -> Iterator[Section]:
        yield self
        for sub in self.subsections:
            yield from sub.walk()


@dataclass
class IssueHead:
    """What an issue says of itself (报头信息): the fields a drafted and a read report share."""

    title: str | None = None
    issuer: str | None = None
    year: int | None = None
    number: int | None = None  # 年度期号
    serial: int | None = None  # 总期号
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    issue_date: dt.date | None = None
    # "title_first" (2024: number, title, period, issuer, date), "issuer_first" (2023: number,
    # issuer + date, title, period), "briefing" (简报 报头) or "file" (红头文件, 落款 at the end).
    masthead: str = "title_first"
    # 发文机关代字 of the 红头 file form ("file"): 川政服 prints 川政服〔2024〕4号.
    file_code: str | None = None
    # What the parser could not read, in words, for the importer's report.
    warnings: list[str] = field(default_factory=list)


HEAD_FIELDS = tuple(f.name for f in fields(IssueHead))


@dataclass
class Document(IssueHead):
    """A whole report issue as a document (周报文档): masthead, sections, 版记, data."""

    copies: int | None = None  # 共印N份
    distribution: dict[str, str] = field(default_factory=dict)  # 报/送/发 → text
    sections: list[Section] = field(default_factory=list)
    # A title of the text itself, set as a title before the preamble (an erratum's
    # "关于《窗口工作周报》2024年第4期（总第475期）的勘误"); None for a weekly issue.
    notice: str | None = None
    # Paragraphs before the first numbered section (bulletins without headings).
    preamble: list[Paragraph] = field(default_factory=list)
    figures: dict[str, int | float | Decimal] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    rankings: list[Ranking] = field(default_factory=list)
    # Drafted paragraphs the editor deleted (编辑删除的段落), so that a new draft of the week
    # does not bring them back unasked: [{"section": "heading › path", "drafted": markup}].
    removed: list[dict[str, str]] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def sections_along(self, path: Sequence[int]) -> list[Section] | None:
        """The sections a path of indexes passes through (章节路径), outermost first, the last
        one the section it names; None when the path is empty or leaves the document."""
        chain: list[Section] = []
        sections = self.sections
        for i in path:
            if not 0 <= i < len(sections):
                return None
            chain.append(sections[i])
            sections = sections[i].subsections
        return chain or None

    def paragraphs_under_headings(self) -> list[tuple[str, Paragraph]]:
        """Every paragraph in reading order, with the path of headings it stands under
        ("工作动态 › 综窗办件情况"; "" for the preamble)."""
        found = [("", p) for p in self.preamble]

        def under(sections: list[Section], path: str) -> None:
            for section in sections:
                heading = f"{path} › {section.heading}" if path else section.heading
                found.extend((heading, p) for p in section.paragraphs)
                under(section.subsections, heading)

        under(self.sections, "")
        return found

    def indexed_paragraphs(self) -> list[tuple[int, str, Paragraph]]:
        """The non-empty paragraphs in reading order, numbered from 0 (段落序号), with their
        headings: the numbering the search index, the facts and the ``#p<n>`` links share."""
        found = [(h, p) for h, p in self.paragraphs_under_headings() if p.text.strip()]
        return [(n, heading, paragraph) for n, (heading, paragraph) in enumerate(found)]

    def to_parsed(self) -> dict[str, Any]:
        """The parsed form of SPEC.md, JSON-ready."""
        return {
            "title": self.title,
            "issuer": self.issuer,
            "year": self.year,
            "number": self.number,
            "serial": self.serial,
            "period": (
                {"start": _iso(self.period_start), "end": _iso(self.period_end)}
                if (self.period_start or self.period_end)
                else None
            ),
            "issue_date": _iso(self.issue_date),
            "copies": self.copies,
            "distribution": (
                {key: self.distribution.get(key) for key in DISTRIBUTION_KEYS}
                if self.distribution
                else None
            ),
            "sections": [_section_to_parsed(s) for s in self.sections],
            "figures": {k: _num(v) for k, v in self.figures.items()},
            "facts": [f.to_json() for f in self.facts],
            "rankings": [r.to_json() for r in self.rankings],
        }


def _section_to_parsed(section: Section) -> dict[str, Any]:
    return {
        "number": section.number,
        "heading": section.heading,
        "paragraphs": [p.text for p in section.paragraphs],
        "subsections": [_section_to_parsed(s) for s in section.subsections],
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# ---- full-fidelity storage (runs, levels, provenance), unlike the parsed form above ----------


def document_to_json(doc: Document) -> dict[str, Any]:
    """Everything of a Document as JSON, for storing a draft or a published issue."""

    def section(s: Section) -> dict[str, Any]:
        return {
            "number": s.number,
            "heading": s.heading,
            "level": s.level,
            "run_in": s.run_in,
            "paragraphs": [paragraph(p) for p in s.paragraphs],
            "subsections": [section(x) for x in s.subsections],
        }

    def paragraph(p: Paragraph) -> dict[str, Any]:
        data: dict[str, Any] = {
            "runs": [[r.text, r.bold, r.figure] if r.figure else [r.text, r.bold] for r in p.runs],
            "figure_keys": list(p.figure_keys),
        }
        if p.drafted is not None:
            data["drafted"] = p.drafted
        return data

    return {
        "title": doc.title,
        "issuer": doc.issuer,
        "year": doc.year,
        "number": doc.number,
        "serial": doc.serial,
        "period_start": _iso(doc.period_start),
        "period_end": _iso(doc.period_end),
        "issue_date": _iso(doc.issue_date),
        "copies": doc.copies,
        "distribution": dict(doc.distribution),
        "masthead": doc.masthead,
        "file_code": doc.file_code,
        "preamble": [paragraph(p) for p in doc.preamble],
        "sections": [section(s) for s in doc.sections],
        "figures": {k: _num(v) for k, v in doc.figures.items()},
        "facts": [f.to_json() for f in doc.facts],
        "rankings": [r.to_json() for r in doc.rankings],
        "warnings": list(doc.warnings),
        **({"removed": [dict(r) for r in doc.removed]} if doc.removed else {}),
        **({"notice": doc.notice} if doc.notice else {}),
    }


def document_from_json(data: dict[str, Any]) -> Document:
    """The inverse of ``document_to_json``."""

    def paragraph(p: dict[str, Any]) -> Paragraph:
        return Paragraph(
            runs=[Run(r[0], bool(r[1]), r[2] if len(r) > 2 else None) for r in p["runs"]],
            figure_keys=list(p.get("figure_keys", [])),
            drafted=p.get("drafted"),
        )

    def section(s: dict[str, Any]) -> Section:
        return Section(
            number=s["number"],
            heading=s["heading"],
            level=s.get("level", LEVEL_TOP),
            run_in=s.get("run_in", False),
            paragraphs=[paragraph(p) for p in s.get("paragraphs", [])],
            subsections=[section(x) for x in s.get("subsections", [])],
        )

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return Document(
        title=data.get("title"),
        issuer=data.get("issuer"),
        year=data.get("year"),
        number=data.get("number"),
        serial=data.get("serial"),
        period_start=day(data.get("period_start")),
        period_end=day(data.get("period_end")),
        issue_date=day(data.get("issue_date")),
        copies=data.get("copies"),
        distribution=dict(data.get("distribution") or {}),
        masthead=data.get("masthead", "title_first"),
        file_code=data.get("file_code"),
        notice=data.get("notice"),
        preamble=[paragraph(p) for p in data.get("preamble", [])],
        sections=[section(s) for s in data.get("sections", [])],
        figures=dict(data.get("figures") or {}),
        facts=[Fact.from_json(f) for f in data.get("facts", [])],
        rankings=[Ranking(r["label"], list(r["items"])) for r in data.get("rankings", [])],
        warnings=list(data.get("warnings", [])),
        removed=[dict(r) for r in data.get("removed", [])],
    )


def paragraph_from_markup(text: str, figure_keys: list[str] | None = None) -> Paragraph:
    """A paragraph from wording output where ``**…**`` marks bold (the department names)."""
    runs: list[Run] = []
    for i, part in enumerate(text.split("**")):
        if part:
            runs.append(Run(part, bold=i % 2 == 1))
    return Paragraph(runs=runs or [Run("")], figure_keys=list(figure_keys or []))


def paragraph_to_markup(paragraph: Paragraph) -> str:
    """The inverse of ``paragraph_from_markup``: what the editor edits (adjacent bold runs,
    a figure's token in a bold name, in one ``**…**``)."""
    out: list[str] = []
    bold = False
    for run in paragraph.runs:
        if not run.text:
            continue
        if run.bold != bold:
            out.append("**")
            bold = run.bold
        out.append(run.text)
    if bold:
        out.append("**")
    return "".join(out)

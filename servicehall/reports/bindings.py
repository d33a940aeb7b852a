"""Numbers bound to their figures (数字与数据绑定).

A number the drafter printed from a figure is a token of the paragraph (a ``Run`` whose
``figure`` names the figure's key): the editor rewrites the text around it, never the number.
The number changes only by overriding the figure with a reason (``workflow.override_figure``),
which changes the figure, every token of it and the label under the paragraph at once.

A paragraph may still be rewritten as free text (or through the API): then the quantities of
its text are read with the text-reading layer's figure reader (``servicehall.reading``, below
the reports) — the one that reads past reports — and compared with the issue's figures. A difference is a blocking finding: the issue is not published until it is
corrected or acknowledged with a reason.

While drafting, each figure value of the wording context is marked (``mark_context``): it
prints as ``\\ue000key\\ue001value\\ue002`` and compares as the number it is, so ``{% if %}``
and the filters of a wording work as before; ``bind_tokens`` turns the marks into token runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from servicehall.figures.registry import FIGURES
from servicehall.gbt9704.document import (
    Document,
    Fact,
    Paragraph,
    Run,
    Section,
    paragraph_to_markup,
)
from servicehall.reports.reading import quantities, stated_figures
from servicehall.reports.wording import number

Number = int | float | Decimal

MARK_OPEN, MARK_MID, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{MARK_OPEN}([^{MARK_MID}]*){MARK_MID}([^{MARK_CLOSE}]*){MARK_CLOSE}")
_STRAY = re.compile(f"[{MARK_OPEN}{MARK_MID}{MARK_CLOSE}]")


# ---- drafting: figure values that print with their key around them -------------------------


class _MarkedInt(int):
    key = ""

    def __str__(self) -> str:
        return f"{MARK_OPEN}{self.key}{MARK_MID}{int.__repr__(self)}{MARK_CLOSE}"


class _MarkedFloat(float):
    key = ""

    def __str__(self) -> str:
        return f"{MARK_OPEN}{self.key}{MARK_MID}{float.__repr__(self)}{MARK_CLOSE}"


class _MarkedStr(str):
    key = ""

    def __str__(self) -> str:
        return f"{MARK_OPEN}{self.key}{MARK_MID}{str.__str__(self)}{MARK_CLOSE}"


def _marked(value: Any, key: str) -> Any:
    for kind, cls in ((bool, None), (int, _MarkedInt), (float, _MarkedFloat), (str, _MarkedStr)):
        if isinstance(value, kind):
            if cls is None:
                return value
            marked = cls(value)
            marked.key = key
            return marked
    return value


def mark(value: Any, key: str) -> Any:
    """``value`` printing with ``key`` around it: a figure a block computes for itself (the
    indicators block's), bound like the context's."""
    return _marked(value, key)


def mark_context(context: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """A copy of the wording context in which each figure of ``keys`` prints marked."""
    out: dict[str, Any] = _copy_dicts(context)
    for key in keys:
        node: Any = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict) and leaf in node:
            node[leaf] = _marked(node[leaf], key)
    return out


def _copy_dicts(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_dicts(v) for k, v in value.items()}
    return value


def bind_tokens(paragraph: Paragraph) -> Paragraph:
    """The marked numbers of a drafted paragraph as token runs; ``drafted`` set to its markup."""
    runs: list[Run] = []
    for run in paragraph.runs:
        at = 0
        for match in _MARKED.finditer(run.text):
            if match.start() > at:
                runs.append(Run(run.text[at : match.start()], run.bold))
            runs.append(Run(match.group(2), run.bold, match.group(1)))
            at = match.end()
        if at < len(run.text):
            runs.append(Run(run.text[at:], run.bold))
    for run in runs:  # a mark a filter cut in two prints as the plain number it holds
        run.text = _STRAY.sub("", run.text)
    paragraph.runs = [r for r in runs if r.text] or [Run("")]
    for run in paragraph.runs:
        if run.figure and run.figure not in paragraph.figure_keys:
            paragraph.figure_keys.append(run.figure)
    paragraph.drafted = paragraph_to_markup(paragraph)
    return paragraph


def strip_marks(text: str) -> str:
    """The text a marked wording prints, marks removed (a layout's preview)."""
    return _STRAY.sub("", _MARKED.sub(lambda m: m.group(2), text))


# ---- the figures as printed -----------------------------------------------------------------


def printed(value: Number | None) -> str:
    """A figure as the report prints it: 1291, 67.48, 20 (not 20.00)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(str(value))
    return str(number(value))


# No figure of a province's hall reaches a trillion, nor needs more than four decimals (亿元).
MAX_FIGURE = 10**12
MAX_DECIMALS = 4


def parse_value(text: str) -> Decimal:
    """A value typed by the editor (1,290 · １２９０ · 67.48); ValueError when not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if len(cleaned) > 40:  # Decimal("1e999999") and 5,000 digits cost seconds, or fail, later
        raise ValueError(f"“{text[:40]}…”不是合理的数字")
    cleaned = cleaned.translate({ord("０") + i: str(i) for i in range(10)}).replace("．", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数字") from None
    if not value.is_finite():
        raise ValueError(f"“{text}”不是数字")
    if value < 0:
        raise ValueError(f"“{text}”是负数，统计数字不能为负")
    exponent = value.as_tuple().exponent  # an int for a finite value
    if value >= MAX_FIGURE or (isinstance(exponent, int) and exponent < -MAX_DECIMALS and value):
        raise ValueError(f"“{text}”超出范围（小于 {MAX_FIGURE:,}，至多 {MAX_DECIMALS} 位小数）")
    return value


def json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def label(key: str) -> str:
    """A figure key's words: the registry's label, an indicator token's (``indicator.…``), or
    the key itself."""
    definition = FIGURES.get(key)
    if definition is not None:
        return definition.label
    from servicehall.reports.indicator_block import token_label

    return token_label(key) or key


def same(a: Number, b: Number) -> bool:
    return abs(Decimal(str(a)) - Decimal(str(b))) < Decimal("0.000001")


def walk_paragraphs(doc: Document) -> Iterator[tuple[str, str, Paragraph]]:
    """Every body paragraph with its path ("0,1,2": sections then index) and headings."""

    def walk(
        sections: list[Section], path: list[int], heading: str
    ) -> Iterator[tuple[str, str, Paragraph]]:
        for i, section in enumerate(sections):
            here = f"{heading} › {section.heading}" if heading else section.heading
            for j, paragraph in enumerate(section.paragraphs):
                yield ",".join(map(str, [*path, i, j])), here, paragraph
            yield from walk(section.subsections, [*path, i], here)

    yield from walk(doc.sections, [], "")


def apply_override(doc: Document, key: str, value: Number) -> int:
    """Every token of ``key`` prints ``value``; returns how many tokens changed.

    A paragraph the editor had not changed stays unchanged (its drafted text follows), so the
    override is not mistaken for an edit of the text when the week is drafted again."""
    changed = 0
    text = printed(value)
    for _, _, paragraph in walk_paragraphs(doc):
        unedited = paragraph.drafted == paragraph_to_markup(paragraph)
        for run in paragraph.runs:
            if run.figure == key and run.text != text:
                run.text = text
                changed += 1
        if unedited:
            paragraph.drafted = paragraph_to_markup(paragraph)
    return changed


# ---- free text over a figure --------------------------------------------------------------


def is_edited(paragraph: Paragraph) -> bool:
    """Whether the editor changed (or added) the paragraph since it was drafted."""
    if paragraph.drafted is None:
        return False
    return paragraph.drafted == "" or paragraph.drafted != paragraph_to_markup(paragraph)


@dataclass(frozen=True)
class Mismatch:
    """A number of the text that is not the figure it states (文中数字与数据不符), or a number
    typed over a quantity the drafted text printed from the data (``key`` "": no figure of
    the registry; ``name`` the quantity as read, e.g. 科技厅办理项)."""

    key: str
    stated: Number
    figure: Number
    heading: str
    path: str
    excerpt: str
    name: str = ""
    unit: str = ""

    @property
    def finding_key(self) -> str:
        return f"figure_text:{self.key or self.name}:{printed(self.stated)}"[:120]

    @property
    def message(self) -> str:
        if not self.key:
            return (
                f"“{self.heading}”中{self.name}写为 {printed(self.stated)}{self.unit}，"
                f"按数据起草为 {printed(self.figure)}{self.unit}"
            )
        return (
            f"“{self.heading}”中{label(self.key)}写为 {printed(self.stated)}，"
            f"数据为 {printed(self.figure)}"
        )


def figure_text_mismatches(document: dict[str, Any], figures: dict[str, Any]) -> list[Mismatch]:
    """The figures the text states otherwise than the issue's figures, and the numbers typed
    anywhere in a changed paragraph over what its drafted text printed from the data.

    Read: the paragraphs that print figures and those the editor rewrote or added; the news
    the liaisons wrote, untouched, are their own words and not read."""
    from servicehall.gbt9704.document import document_from_json

    doc = document_from_json(document)
    found: list[Mismatch] = []
    for path, heading, paragraph in walk_paragraphs(doc):
        if not (paragraph.figure_keys or is_edited(paragraph)):
            continue
        text = paragraph.text
        stated_here: list[Number] = []
        for key, stated in stated_figures(text).items():
            figure = figures.get(key)
            if figure is None or same(stated, figure):
                continue
            stated_here.append(stated)
            found.append(Mismatch(key, stated, figure, heading, path, _excerpt(text, stated)))
        found.extend(
            m
            for m in typed_mismatches(paragraph, heading, path)
            if not any(same(m.stated, s) for s in stated_here)
        )
    return found


QuantityKey = tuple[str, str, str, str, int]


def _by_place(facts: list[Fact]) -> dict[QuantityKey, Fact]:
    """Quantities keyed by what they are (label, unit, scope, change) and which of those."""
    out: dict[QuantityKey, Fact] = {}
    seen: dict[tuple[str, str, str, str], int] = {}
    for fact in facts:
        what = (
            fact.label,
            fact.unit,
            fact.scope or "",
            fact.comparison.direction if fact.comparison else "",
        )
        seen[what] = seen.get(what, 0) + 1
        out[(*what, seen[what])] = fact
    return out


def _tokens(paragraph: Paragraph) -> set[str]:
    """The numbers a paragraph prints as figure tokens: bound, changed only by an override."""
    return {run.text for run in paragraph.runs if run.figure}


def typed_mismatches(paragraph: Paragraph, heading: str, path: str) -> list[Mismatch]:
    """In a paragraph the editor changed: each quantity whose drafted counterpart (same label,
    unit, scope, change and rank) printed another number from the data — "完成科技厅 5 个
    办理项" typed as 50 — tokens aside (an override moves those)."""
    if not paragraph.drafted or not is_edited(paragraph):
        return []
    drafted = _by_place(quantities(paragraph.drafted))
    tokens = _tokens(paragraph)
    text = paragraph.text
    found = []
    for place, fact in _by_place(quantities(text)).items():
        was = drafted.get(place)
        if was is None or same(fact.value, was.value) or printed(fact.value) in tokens:
            continue
        found.append(
            Mismatch(
                "",
                fact.value,
                was.value,
                heading,
                path,
                _excerpt(text, fact.value),
                name=fact.label
                if (fact.scope or "") in fact.label
                else f"{fact.scope}{fact.label}",
                unit=fact.unit,
            )
        )
    return found


@dataclass(frozen=True)
class Unbacked:
    """A number typed in a changed paragraph that no data backs (文中数字无数据依据)."""

    heading: str
    path: str
    fact: Fact

    @property
    def message(self) -> str:
        fact = self.fact
        return (
            f"“{self.heading}”中“{fact.text}”的 {printed(fact.value)}{fact.unit}"
            "不是本期任何数据，也不在起草的文字中"
        )


def unbacked_numbers(
    document: dict[str, Any], figures: dict[str, Any], backing: Callable[[], set[Decimal]]
) -> list[Unbacked]:
    """The quantities of changed or added paragraphs that are neither a token, nor a number
    the drafted text printed, nor a figure of the issue, nor any number of the week's data
    (``backing``, asked only when needed: e.g. how many departments completed handbooks)."""
    from servicehall.gbt9704.document import document_from_json

    doc = document_from_json(document)
    known = {_dec(v) for v in figures.values() if _is_number(v)}
    data: set[Decimal] | None = None
    found = []
    for path, heading, paragraph in walk_paragraphs(doc):
        if not is_edited(paragraph):
            continue
        drafted_places = _by_place(quantities(paragraph.drafted or ""))
        drafted = {_dec(f.value) for f in drafted_places.values()}
        tokens = _tokens(paragraph)
        for place, fact in _by_place(quantities(paragraph.text)).items():
            if place in drafted_places:  # a typed-over quantity: typed_mismatches says it
                continue
            value = _dec(fact.value)
            if value in known or value in drafted or printed(fact.value) in tokens:
                continue
            if data is None:
                data = backing()
            if value not in data:
                found.append(Unbacked(heading, path, fact))
    return found


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _dec(value: Number) -> Decimal:
    return Decimal(str(value)).normalize()


def _excerpt(text: str, stated: Number) -> str:
    at = text.find(printed(stated))
    if at < 0:
        return text[:60]
    return text[max(0, at - 20) : at + 20]

"""An issue beside the one before it (与上期对比), for the approval screen: the figures side by
side with their change, and each paragraph's text with what was taken out and put in.

The issue before is the last standing issue of the series ending before this one's period
(errata and withdrawn issues left out, its corrected figures and text as they stand); for an
erratum it is the issue it corrects, as it stood before."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from servicehall.figures.registry import FIGURES
from servicehall.gbt9704.document import Document, document_from_json
from servicehall.reading.numbers import NUMBER
from servicehall.reports.bindings import label
from servicehall.reports.corrections import corrected_document, effective_figures, in_force
from servicehall.reports.display import source_link
from servicehall.reports.models import Issue


@dataclass
class FigureRow:
    """One figure of the two issues (指标对比)."""

    key: str
    label: str
    unit: str
    before: Any
    after: Any
    change: str  # "+12（+3.4%）", "" when either is missing, "0" when equal
    changed: bool
    link: str  # the records behind this issue's figure, in the app


@dataclass
class ParagraphDiff:
    """One paragraph of the two issues (段落对比): unchanged, changed, added or removed."""

    place: str
    status: str  # same, changed, added, removed
    html: SafeString  # the text with <del> and <ins> marking the changes


def baseline(issue: Issue) -> Issue | None:
    """The issue this one is compared with (上期, or for an erratum the issue it corrects)."""
    if issue.corrects_id is not None:
        return issue.corrects
    if issue.period_start is None:
        return None
    return (
        in_force(Issue.objects.filter(series=issue.series, period_end__lt=issue.period_start))
        .exclude(pk=issue.pk)
        .order_by("-period_end", "-serial")
        .first()
    )


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _show(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else f"{value.normalize()}"


def figure_rows(issue: Issue, base: Issue | None) -> list[FigureRow]:
    """Every figure either issue states, in the registry's order, with the change."""
    mine = issue.figures or {}
    theirs = effective_figures(base) if base is not None else {}
    keys = [k for k in FIGURES if k in mine or k in theirs]
    keys += sorted(k for k in {*mine, *theirs} if k not in FIGURES)
    rows = []
    for key in keys:
        before, after = theirs.get(key), mine.get(key)
        a, b = _number(before), _number(after)
        change = ""
        if a is not None and b is not None:
            delta = b - a
            change = ("+" if delta > 0 else "") + _show(delta)
            if a and delta:
                change += f"（{delta / a * 100:+.1f}%）"
        definition = FIGURES.get(key)
        rows.append(
            FigureRow(
                key=key,
                label=label(key),
                unit=definition.unit if definition else "",
                before=before,
                after=after,
                change=change,
                changed=before != after,
                link=source_link(key, issue),
            )
        )
    return rows


def _places(doc: Document) -> list[tuple[str, str]]:
    places, counts = [], {}  # type: ignore[var-annotated]
    for heading, paragraph in doc.paragraphs_under_headings():
        counts[heading] = counts.get(heading, 0) + 1
        places.append((f"{heading or '正文前'} 第{counts[heading]}段", paragraph.text))
    return places


_TOKEN = re.compile(rf"{NUMBER}|\s+|.", re.S)


def _tokens(text: str) -> list[str]:
    """A number whole (the one number pattern: "1,291" is one), any other character alone
    (Chinese has no spaces between words)."""
    return [match.group(0) for match in _TOKEN.finditer(text)]


def text_diff(old: str, new: str) -> SafeString:
    """``new`` with what ``old`` had and it lacks in <del>, what it adds in <ins>; a changed
    number is shown whole (1291 → 1290, not 129<del>1</del><ins>0</ins>)."""
    a, b = _tokens(old), _tokens(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


def paragraph_diffs(issue: Issue, base: Issue | None) -> list[ParagraphDiff]:
    """Each paragraph of this issue beside the one in the same place of the issue before."""
    mine = _places(document_from_json(issue.document))
    theirs = dict(_places(corrected_document(base))) if base is not None else {}
    rows = []
    seen = set()
    for place, text in mine:
        seen.add(place)
        if place not in theirs:
            rows.append(ParagraphDiff(place, "added", mark_safe(f"<ins>{escape(text)}</ins>")))
        elif theirs[place] == text:
            rows.append(ParagraphDiff(place, "same", mark_safe(escape(text))))
        else:
            rows.append(ParagraphDiff(place, "changed", text_diff(theirs[place], text)))
    for place, text in theirs.items():
        if place not in seen:
            rows.append(ParagraphDiff(place, "removed", mark_safe(f"<del>{escape(text)}</del>")))
    return rows

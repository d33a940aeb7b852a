"""A document's stated quantities (文中数量) and ranked lists (排名), read by the text-reading
layer (``servicehall.reading.facts``) the same way for a draft and an imported past issue.

``extract_facts`` and ``extract_rankings`` are re-exported from the reading layer, so that code
written against ``reports.facts`` keeps working; the reader itself lives there.
"""

from __future__ import annotations

from servicehall.gbt9704.document import Document, Paragraph
from servicehall.reading.erratum import read_erratum_notice
from servicehall.reading.facts import extract_facts, extract_paragraph_facts, extract_rankings
from servicehall.reading.numbers import UNITS

__all__ = [
    "UNITS",
    "attach_facts",
    "extract_facts",
    "extract_rankings",
    "without_erratum_notice",
]


def without_erratum_notice(
    paragraphs: list[Paragraph], title: str | None = None
) -> list[Paragraph]:
    """The paragraphs but an erratum's notice: it quotes the wrong numbers, which the corrected
    text after it states right (``reading.erratum``). A notice with no full text after it (a
    real center's, its title the page's ``title``) states the right passages it quotes, each
    read as a paragraph of its own, and never the wrong ones."""
    notice = read_erratum_notice([p.text for p in paragraphs], title)
    if notice is None:
        return paragraphs
    corrected = [] if notice.full_text else [Paragraph.of(r) for _, r in notice.corrections]
    return paragraphs[: notice.start] + corrected + paragraphs[notice.end :]


def attach_facts(document: Document) -> Document:
    """Set a document's facts and ranked lists from its paragraphs, as any parsed report has
    them (an imported past issue and a draft alike)."""
    under = document.paragraphs_under_headings()
    paragraphs = without_erratum_notice([p for _, p in under], document.title)
    heading_of = {id(p): heading for heading, p in under}
    facts = extract_paragraph_facts(
        [p.text for p in paragraphs], [heading_of.get(id(p), "") for p in paragraphs]
    )
    document.facts = [fact for found in facts for fact in found]
    # one text, a paragraph a line: a list whose head ends a paragraph ("前10位的分别是：")
    # goes on in the paragraphs after it, one item each
    document.rankings = extract_rankings("\n".join(p.text for p in paragraphs))
    return document

"""SPEC.md's figure keys recognised in a parsed report (识别报告中的指标), read by the text-reading
layer (``servicehall.reading.figures``): this module only walks a document's paragraphs."""

from __future__ import annotations

from collections.abc import Iterable

from servicehall.gbt9704.document import Document, Paragraph
from servicehall.reading.figures import read_figures
from servicehall.reading.numbers import Number
from servicehall.reports.facts import without_erratum_notice

__all__ = ["extract_figures"]


def extract_figures(source: Document | Iterable[Paragraph]) -> dict[str, Number]:
    """Figures the report states (报告所载指标), keyed as in SPEC.md.

    Paragraphs that state a figure get its key in ``figure_keys``.
    """
    if isinstance(source, Document):
        paragraphs = list(source.preamble)
        for section in source.walk():
            paragraphs.extend(section.paragraphs)
        return read_figures(without_erratum_notice(paragraphs, source.title))
    return read_figures(source)

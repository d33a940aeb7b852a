"""Reading a past report file into data (往期报告导入): extract → parse → facts → figures."""

from __future__ import annotations

from pathlib import Path

from servicehall.reports.document import Document

from .extract import extract_text
from .facts import extract_facts, extract_rankings
from .figures import extract_figures
from .parser import parse_report

__all__ = ["parse_file", "read_report"]


def read_report(text: str) -> Document:
    """Parse report text and attach its facts (文中数量) and figures (指标)."""
    document = parse_report(text)
    for paragraph in _all_paragraphs(document):
        document.facts.extend(extract_facts(paragraph.text))
        document.rankings.extend(extract_rankings(paragraph.text))
    document.figures = dict(extract_figures(document).items())
    return document


def parse_file(path: str | Path, suffix: str | None = None) -> Document:
    """Read a .txt/.docx/.pdf report file; raises ``ReportFileError`` if it cannot be read."""
    extracted = extract_text(Path(path), suffix)
    document = read_report(extracted.text)
    document.warnings[:0] = extracted.warnings
    return document


def _all_paragraphs(document: Document):
    yield from document.preamble
    for section in document.walk():
        yield from section.paragraphs

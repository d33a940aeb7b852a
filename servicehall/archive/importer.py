"""Reading a past report file into data (往期报告导入): extract → parse → facts → figures."""

from __future__ import annotations

from pathlib import Path

from servicehall.gbt9704.document import Document
from servicehall.reports.facts import attach_facts

from .extract import extract_text
from .figures import extract_figures
from .parser import parse_report

__all__ = ["parse_file", "read_report"]


def read_report(text: str) -> Document:
    """Parse report text and attach its facts (文中数量) and figures (指标)."""
    document = attach_facts(parse_report(text))
    document.figures = dict(extract_figures(document).items())
    return document


def parse_file(path: str | Path, suffix: str | None = None) -> Document:
    """Read a .txt/.docx/.pdf report file; raises ``ReportFileError`` if it cannot be read."""
    extracted = extract_text(Path(path), suffix)
    document = read_report(extracted.text)
    document.warnings[:0] = extracted.warnings
    return document

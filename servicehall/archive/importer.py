"""Reading a past report file into data (往期报告导入): extract → parse → facts → figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from servicehall.gbt9704.document import Document, json_number
from servicehall.reading.facts import mark_for_review
from servicehall.reports.facts import attach_facts

from .extract import ExtractedText, extract_text
from .figures import extract_figures
from .parser import parse_report

__all__ = ["parse_file", "read_extracted", "read_report"]


def printed(value: float | int | Decimal) -> str:
    """A number as the warnings print it: 5501, 67.48."""
    return str(json_number(value))


def read_report(text: str) -> Document:
    """Parse report text and attach its facts (文中数量) and figures (指标)."""
    document = attach_facts(parse_report(text))
    document.figures = dict(extract_figures(document).items())
    return document


def parse_file(path: str | Path, suffix: str | None = None) -> Document:
    """Read a .txt/.docx/.pdf report file; raises ``ReportFileError`` if it cannot be read."""
    extracted = extract_text(Path(path), suffix)
    return read_extracted(extracted)


def read_extracted(extracted: ExtractedText) -> Document:
    """A file's extracted text read into a document; the numbers OCR read with low confidence
    are marked for review in its facts (never changed silently) and said in its warnings."""
    document = read_report(extracted.text)
    document.warnings[:0] = extracted.warnings
    document.facts = mark_for_review(document.facts, extracted.unsure_numbers)
    review = [f for f in document.facts if f.review]
    if review:
        listed = "、".join(f"{f.label}{printed(f.value)}{f.unit}" for f in review[:10])
        more = f"等{len(review)}处" if len(review) > 10 else ""
        document.warnings.append(f"OCR 识别置信度低的数字，请核对后确认：{listed}{more}")
    return document

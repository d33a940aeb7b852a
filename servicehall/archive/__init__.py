"""Import of past weekly reports (往期周报导入).

Reading is pure Python (no database): ``parse_file(path)`` reads a .txt/.docx/.pdf file into the shared document model
(``servicehall.gbt9704.document.Document``) with its facts and figures; the steps are
``extract.extract_text``, ``parser.parse_report``, then the text-reading layer
(``servicehall.reading``: the masthead, the facts, the figures). Storing a parsed report as an issue or a past document
(``services``, ``models``) and the batch upload job (``jobs``) use Django.
"""

from servicehall.reading.facts import extract_facts, extract_rankings

from .extract import (
    CorruptFileError,
    EncodingError,
    ExtractedText,
    ReportFileError,
    ScannedPDFError,
    UnsupportedFormatError,
    extract_text,
)
from .figures import extract_figures
from .importer import parse_file, read_report
from .parser import parse_report

__all__ = [
    "CorruptFileError",
    "EncodingError",
    "ExtractedText",
    "ReportFileError",
    "ScannedPDFError",
    "UnsupportedFormatError",
    "extract_facts",
    "extract_figures",
    "extract_rankings",
    "extract_text",
    "parse_file",
    "parse_report",
    "read_report",
]

"""Reading rendered files back: what a user's Word, the importer or a PDF reader would see."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table

from servicehall.gbt9704.document import Document
from servicehall.gbt9704.docx import WORD_JOINER
from servicehall.gbt9704.txt import render_txt


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def docx_lines(document: DocxDocument) -> list[str]:
    """Body paragraphs and table cells in document order, blank ones left out, the 落款's word
    joiners dropped (the importer drops every invisible character)."""
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            lines += [cell.text for row in item.rows for cell in row.cells]
        else:
            lines.append(item.text)
    return [line.replace(WORD_JOINER, "") for line in lines if line.strip()]


def txt_lines(doc: Document) -> list[str]:
    return [line for line in render_txt(doc).split("\n") if line]


def east_asia(element: BaseOxmlElement) -> str | None:
    """The w:eastAsia face named directly on a run or in a style's rPr."""
    rfonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    face: str | None = None if rfonts is None else rfonts.get(qn("w:eastAsia"))
    return face


def pdf_tool(*args: str | Path) -> str:
    return subprocess.run(
        [str(arg) for arg in args], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_body_text(pdf: Path) -> str:
    """pdftotext's text without whitespace and without the folios (— N —) between pages."""
    text = without_whitespace(pdf_tool("pdftotext", "-layout", pdf, "-"))
    return re.sub(r"—\d+—", "", text)

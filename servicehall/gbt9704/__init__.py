"""The GB/T 9704-2012 document engine: an issue's ``Document`` → txt, html, docx, pdf (no Django imports).

``render(doc, fmt)`` returns the bytes of one format; ``FORMATS`` gives each format's
content type and file suffix, for downloads and the ``render-issue`` command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from servicehall.gbt9704.document import Document
from servicehall.gbt9704.docx import render_docx
from servicehall.gbt9704.html import render_html, render_html_fragment
from servicehall.gbt9704.pdf import PdfRenderError, render_pdf
from servicehall.gbt9704.txt import render_txt


class Format(NamedTuple):
    """An output format: HTTP content type and file suffix."""

    content_type: str
    suffix: str


FORMATS: dict[str, Format] = {
    "txt": Format("text/plain; charset=utf-8", ".txt"),
    "html": Format("text/html; charset=utf-8", ".html"),
    "docx": Format(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
    ),
    "pdf": Format("application/pdf", ".pdf"),
}

_RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "txt": lambda doc: render_txt(doc).encode("utf-8"),
    "html": lambda doc: render_html(doc).encode("utf-8"),
    "docx": render_docx,
    "pdf": render_pdf,
}


def render(doc: Document, fmt: str) -> bytes:
    """The issue in ``fmt`` (txt, html, docx or pdf) as bytes; text formats in UTF-8."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return renderer(doc)


__all__ = [
    "FORMATS",
    "Format",
    "PdfRenderError",
    "render",
    "render_docx",
    "render_html",
    "render_html_fragment",
    "render_pdf",
    "render_txt",
]

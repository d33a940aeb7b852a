"""DOCX to PDF for any app (DOCX 转 PDF): the reports app registers its LibreOffice converter
when Django starts; core imports no app, so the apps below reports call this instead."""

from __future__ import annotations

from collections.abc import Callable

Converter = Callable[[bytes], bytes]
_converter: list[Converter] = []


class NoConverter(RuntimeError):
    """No PDF converter was registered (the reports app is not installed)."""


def register_docx_to_pdf(converter: Converter) -> None:
    """Make ``converter`` the one ``docx_to_pdf`` calls (the reports app, at start-up)."""
    _converter[:] = [converter]


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of ``docx``, by the registered converter."""
    if not _converter:
        raise NoConverter("未配置 PDF 转换：周报应用（servicehall.reports）未加载")
    return _converter[0](docx)

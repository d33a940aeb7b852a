"""render(doc, fmt) and FORMATS: one entry point for downloads and the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from servicehall.gbt9704 import FORMATS, render
from servicehall.gbt9704.txt import render_txt

if TYPE_CHECKING:
    from servicehall.gbt9704.document import Document


def test_formats_give_content_type_and_suffix_for_each_format() -> None:
    assert set(FORMATS) == {"txt", "html", "docx", "pdf"}
    assert FORMATS["docx"].suffix == ".docx"
    assert FORMATS["pdf"].content_type == "application/pdf"
    assert FORMATS["txt"].content_type.startswith("text/plain")


def test_render_returns_bytes_of_the_asked_format(doc_2024: Document) -> None:
    assert render(doc_2024, "txt") == render_txt(doc_2024).encode("utf-8")
    assert render(doc_2024, "html").startswith(b"<!DOCTYPE html>")
    assert render(doc_2024, "docx")[:2] == b"PK"


def test_render_refuses_an_unknown_format(doc_2024: Document) -> None:
    with pytest.raises(ValueError, match="unknown format 'odt'"):
        render(doc_2024, "odt")

"""Render the gold set's texts to .docx and .pdf (标准集排版): ``python -m servicehall.archive.gold.render``.

Each line of a text becomes a paragraph, the way a clerk types a bulletin in Word: the first
line a centred title, the rest 三号 body with a two-character indent. The PDF is LibreOffice's
print of that .docx, so its lines wrap where LibreOffice wraps them and the reader has to join
them again. Left-aligned, so that no line-end punctuation is lost in the print (a justified
paragraph in LibreOffice 7.4 hangs it into the margin: NOTES-documents.md).
The files are committed; run this again after changing a text.
"""

from __future__ import annotations

import io
import sys

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from servicehall.archive.gold import SETS, numbered

BODY_FONT = "Noto Serif CJK SC"
TITLE_FONT = "Noto Sans CJK SC"


def text_to_docx(text: str) -> bytes:
    """A .docx of the text: a paragraph per line, the first line the title."""
    word = WordDocument()
    for number, line in enumerate(line for line in text.splitlines() if line.strip()):
        paragraph = word.add_paragraph()
        run = paragraph.add_run(line.strip())
        title = number == 0
        font = TITLE_FONT if title else BODY_FONT
        run.font.size = Pt(18 if title else 16)
        run.font.name = font
        run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if title:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.first_line_indent = Pt(32)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def main(names: list[str]) -> None:
    """Render the texts named (all by default) of every set: the written one and the real
    train and test sets, each into its ``rendered/``."""
    from servicehall.gbt9704.pdf import docx_to_pdf

    for directory in SETS.values():
        rendered = directory / "rendered"
        for path in numbered(directory, ".txt"):
            if names and path.stem not in names:
                continue
            rendered.mkdir(exist_ok=True)
            docx = text_to_docx(path.read_text(encoding="utf-8"))
            (rendered / f"{path.stem}.docx").write_bytes(docx)
            (rendered / f"{path.stem}.pdf").write_bytes(docx_to_pdf(docx))
            print(directory.name, path.stem)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    django.setup()
    main(sys.argv[1:])

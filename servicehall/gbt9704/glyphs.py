"""Every character printed (逐字核对): the PDF's text against the document it was rendered from.

LibreOffice 7.4 can leave a mark out of the print (a justified line's last 、 hung into the
margin and not drawn): a published PDF must never lack a character its document holds. The
PDF's text (``pdftotext -raw``, page numbers dropped) is aligned with the printed blocks of the
document (the text rendering's lines); every character of the document with no counterpart in
the PDF is reported with the block it belongs to. Characters the PDF has in addition (none
today) are not losses and are not reported.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from servicehall.gbt9704.blocks import document_blocks
from servicehall.gbt9704.document import Document
from servicehall.gbt9704.pdf import pdftotext

_SPACE = re.compile(r"\s+")
_FOLIO = re.compile(r"^\s*[—\-–]\s*\d{1,3}\s*[—\-–]\s*$")


@dataclass(frozen=True)
class LostGlyphs:
    """Characters of one printed block that the PDF lacks (缺字)."""

    block: str  # the block's opening words, to find it by
    missing: str

    def __str__(self) -> str:
        return f"“{self.block}…”缺少“{self.missing}”"


def pdf_text(pdf: bytes) -> str:
    """The PDF's text in reading order, page numbers (— 3 —) left out."""
    lines = pdftotext(pdf, "-raw", "-enc", "UTF-8").splitlines()
    return "\n".join(line for line in lines if not _FOLIO.match(line))


def lost_glyphs(doc: Document, pdf: bytes) -> list[LostGlyphs]:
    """Each block of ``doc`` whose characters the PDF does not all print; [] when none."""
    blocks = [_SPACE.sub("", block.text) for block in document_blocks(doc)]
    starts, expected = [], ""
    for text in blocks:
        starts.append(len(expected))
        expected += text
    printed = _SPACE.sub("", pdf_text(pdf))
    missing: dict[int, str] = {}
    matcher = difflib.SequenceMatcher(None, expected, printed, autojunk=False)
    for op, a1, a2, _, _ in matcher.get_opcodes():
        if op in ("delete", "replace"):
            for position in range(a1, a2):
                index = bisect.bisect_right(starts, position) - 1
                missing[index] = missing.get(index, "") + expected[position]
    return [LostGlyphs(blocks[index][:20], chars) for index, chars in sorted(missing.items())]

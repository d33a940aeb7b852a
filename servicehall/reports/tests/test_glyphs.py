"""Every character of a document is printed in its PDF, and a lost one is named."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from servicehall.archive import read_report
from servicehall.gbt9704.document import Run
from servicehall.gbt9704.glyphs import LostGlyphs, lost_glyphs
from servicehall.gbt9704.pdf import render_pdf
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("seed", [SEED_2024_4, SEED_2023_9], ids=["2024-4", "2023-9"])
def test_both_seeds_print_every_character_line_end_marks_too(seed: Path) -> None:
    """Before hanging punctuation was turned off, 2024-4 lost the 、 of 为党分忧、为国尽责 at a
    line's end and 2023-9 lost three marks."""
    doc = read_report(seed.read_text(encoding="utf-8"))
    assert lost_glyphs(doc, render_pdf(doc)) == []


def test_a_character_the_pdf_lacks_is_named_with_its_paragraph() -> None:
    doc = read_report(SEED_2024_4.read_text(encoding="utf-8"))
    pdf = render_pdf(doc)
    paragraph = doc.sections[0].paragraphs[0]
    paragraph.runs = [Run(paragraph.text.replace("为党分忧、为国尽责", "为党分忧、、为国尽责"))]
    assert lost_glyphs(doc, pdf) == [LostGlyphs("1.1月22日，省十四届人大二次会议在成", "、")]
    assert str(lost_glyphs(doc, pdf)[0]) == "“1.1月22日，省十四届人大二次会议在成…”缺少“、”"

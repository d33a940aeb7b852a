"""The DOCX lays itself out: converted by a plain LibreOffice (``soffice --headless --convert-to
pdf``, a fresh profile, nothing set after loading), it prints the shipped PDF's lines at the
same places with every mark; no page starts with a paragraph's last line alone. Before, a plain
conversion lost 1–3 line-end marks per seed (hanging punctuation, set only by the resident
worker) and the 红头 form left "口调研值守。" alone at the top of a page."""

from __future__ import annotations

import difflib
import io
import zipfile

import pytest

from servicehall.archive import read_report
from servicehall.gbt9704.document import Document
from servicehall.gbt9704.glyphs import lost_glyphs
from servicehall.gbt9704.pdf import bbox_layout, oneshot_docx_to_pdf, render_docx_and_pdf
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BOTTOM_MARGIN_PT = 35 * 72 / 25.4
IMPRINT = ("报：", "送：", "发：", "（共印")


def printed_lines(pdf: bytes) -> list[str]:
    """Every text line of the PDF: page, baseline, left edge and text (pdftotext's boxes)."""
    return [
        f"第{page}页 y={box.y1:.1f} x={box.x0:.1f} {box.text}"
        for page, (_, boxes) in enumerate(bbox_layout(pdf), start=1)
        for box in boxes
    ]


def lone_lines(pdf: bytes) -> list[tuple[int, str]]:
    """Pages (after the first) whose first line ends a paragraph begun on the page before and
    stands alone: not indented, and the next line starts a new paragraph."""
    pages = bbox_layout(pdf)
    found = []
    for number, (height, boxes) in enumerate(pages, start=1):
        body = [b for b in boxes if b.y1 < height - BOTTOM_MARGIN_PT]
        if number == 1 or len(body) < 2 or body[0].text.startswith(IMPRINT):
            continue
        left = min(b.x0 for b in body)
        first, second = body[0], body[1]
        continues = first.x0 <= left + 1
        if continues and (second.x0 > left + 1 or second.text.startswith(IMPRINT)):
            found.append((number, first.text))
    return found


def _seed(path, masthead: str) -> Document:
    doc = read_report(path.read_text(encoding="utf-8"))
    doc.masthead, doc.file_code = masthead, "川政服"
    return doc


CASES = {
    "2024-4 简报式": (SEED_2024_4, "briefing"),
    "2024-4 红头文件": (SEED_2024_4, "file"),
    "2023-9 简报式": (SEED_2023_9, "briefing"),
    "2023-9 红头文件": (SEED_2023_9, "file"),
}


@pytest.fixture(scope="module")
def printed() -> dict[str, tuple[Document, bytes, bytes, bytes]]:
    """Each case once: the document, its DOCX, the shipped PDF and the plain conversion."""
    out = {}
    for name, (path, masthead) in CASES.items():
        doc = _seed(path, masthead)
        docx, pdf = render_docx_and_pdf(doc)
        out[name] = (doc, docx, pdf, oneshot_docx_to_pdf(docx))
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_a_plain_libreoffice_prints_the_shipped_pdf_line_for_line(printed, name):
    doc, _, pdf, plain = printed[name]
    moved = list(difflib.unified_diff(printed_lines(pdf), printed_lines(plain), lineterm="", n=0))
    assert moved == [], "\n".join(moved[:12])
    assert lost_glyphs(doc, plain) == []


@pytest.mark.parametrize("name", list(CASES))
def test_no_page_starts_with_a_lone_line(printed, name):
    assert lone_lines(printed[name][2]) == []


def test_the_docx_declares_its_line_breaking_in_itself(printed):
    docx = printed["2024-4 简报式"][1]
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        styles = package.read("word/styles.xml").decode()
        settings = package.read("word/settings.xml").decode()
    defaults = styles[styles.index("<w:pPrDefault>") : styles.index("</w:pPrDefault>")]
    # LibreOffice reads w:overflowPunct inverted: "1" is what turns its hanging off.
    assert '<w:kinsoku w:val="1"/>' in defaults and '<w:overflowPunct w:val="1"/>' in defaults
    assert '<w:topLinePunct w:val="0"/>' in defaults
    after = settings.index("<w:noLineBreaksAfter")
    before = settings.index("<w:noLineBreaksBefore")
    assert after < before < settings.index("<w:compat")  # ECMA-376's order, or Word refuses it
    assert 'w:lang="zh-CN"' in settings[after:before]
    assert all(mark in settings[before:] for mark in "，。、；：？！）》」』】〕")
    assert all(mark in settings[after:before] for mark in "（《「『【〔“‘")


@pytest.mark.django_db
@pytest.mark.parametrize("masthead", ["briefing", "file"])
def test_the_longest_demo_issue_prints_the_same_from_a_plain_libreoffice(demo_db, masthead):
    """The demo's longest issue (窗口工作周报 of 2024-01-24: 1,940 characters; measured over
    all 116 drafts of both series, 2023-01 … 2024-02), in both masthead forms."""
    import datetime as dt

    from servicehall.gbt9704.document import document_from_json
    from servicehall.reports.drafting import draft_issue, find_series

    doc = document_from_json(
        draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24)).document
    )
    doc.masthead, doc.file_code = masthead, "川政服"
    docx, pdf = render_docx_and_pdf(doc)
    plain = oneshot_docx_to_pdf(docx)
    moved = list(difflib.unified_diff(printed_lines(pdf), printed_lines(plain), lineterm="", n=0))
    assert moved == [], "\n".join(moved[:12])
    assert lost_glyphs(doc, plain) == [] and lone_lines(pdf) == []

"""DOCX in the GB/T 9704-2012 layout, read back with python-docx (never trusting the writer)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from servicehall.gbt9704.document import Document, Paragraph, Section
from servicehall.gbt9704.docx import render_docx
from servicehall.gbt9704.tests.readback import docx_lines, east_asia, open_docx, txt_lines
from servicehall.testing.documents import document_2023_9, document_2024_4

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import _Footer
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as DocxParagraph

W_R = qn("w:r")


@pytest.fixture(scope="module")
def docx_2024() -> bytes:
    return render_docx(document_2024_4())


@pytest.fixture(scope="module")
def docx_2023() -> bytes:
    return render_docx(document_2023_9())


def _paragraph(document: DocxDocument, text: str) -> DocxParagraph:
    return next(p for p in document.paragraphs if p.text == text)


def test_docx_page_is_a4_with_gbt_9704_margins(docx_2024: bytes) -> None:
    section = open_docx(docx_2024).sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    expected = [Mm(210), Mm(297), Mm(37), Mm(35), Mm(28), Mm(26)]
    for got, want in zip(measured, expected, strict=True):
        assert got is not None
        assert abs(got - want) < Mm(0.05)


def test_docx_grid_has_22_lines_of_28_95_points(docx_2024: bytes) -> None:
    document = open_docx(docx_2024)
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    normal = document.styles["Normal"]
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    spacing = normal.element.find(f"{qn('w:rPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:val")) == "-5"  # −0.25 pt: 28 characters a line


def test_docx_sets_east_asian_font_on_every_run(docx_2024: bytes, docx_2023: bytes) -> None:
    for data in (docx_2024, docx_2023):
        document = open_docx(data)
        section = document.sections[0]
        parts = [document.element, section.footer._element, section.even_page_footer._element]
        runs = [run for part in parts for run in part.iter(W_R)]
        assert len(runs) > 30
        assert all(east_asia(run) for run in runs)


def test_docx_names_the_east_asian_font_in_doc_defaults_and_normal_without_theme_fonts(
    docx_2024: bytes,
) -> None:
    styles = open_docx(docx_2024).styles.element
    rpr_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    assert east_asia(rpr_default) == "仿宋_GB2312"
    lang = rpr_default.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    normal = open_docx(docx_2024).styles["Normal"]
    assert east_asia(normal.element) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    for rfonts in styles.iter(qn("w:rFonts")):
        assert not any("Theme" in name or "theme" in name for name in rfonts.attrib)


def test_docx_sets_latin_and_numerals_in_times_new_roman(docx_2024: bytes) -> None:
    run = _paragraph(open_docx(docx_2024), "2024年第4期（总第475期）").runs[0]
    assert run.font.name == "Times New Roman"
    assert east_asia(run._r) == "仿宋_GB2312"


def test_docx_sets_headings_in_heiti_and_kaiti(docx_2024: bytes) -> None:
    document = open_docx(docx_2024)
    top = _paragraph(document, "一、政务工作动态")
    second = _paragraph(document, "（一）省本级综窗办件情况")
    assert {east_asia(r._r) for r in top.runs} == {"黑体"}
    assert {east_asia(r._r) for r in second.runs} == {"楷体_GB2312"}
    body = _paragraph(
        document,
        "完成科技厅 5 个办理项的受理工作手册编制。截至目前，共完成 1110 "
        "个办理项的受理工作手册编制，占比 67.48%。",
    )
    assert {east_asia(r._r) for r in body.runs} == {"仿宋_GB2312"}
    assert body.style is not None
    assert body.style.paragraph_format.first_line_indent == Pt(32)  # 2 characters


def test_docx_sets_run_in_heads_in_kaiti_and_their_text_in_fangsong(docx_2023: bytes) -> None:
    paragraph = _paragraph(open_docx(docx_2023), "（三）着装情况。总体情况良好。")
    assert [(r.text, east_asia(r._r)) for r in paragraph.runs] == [
        ("（三）着装情况。", "楷体_GB2312"),
        ("总体情况良好。", "仿宋_GB2312"),
    ]


def test_docx_prints_the_title_in_red_xiaobiaosong_22_points(docx_2024: bytes) -> None:
    title = _paragraph(open_docx(docx_2024), "窗口工作周报")
    assert east_asia(title.runs[0]._r) == "方正小标宋简体"
    assert title.style is not None
    assert title.style.font.size == Pt(22)
    assert str(title.style.font.color.rgb) == "FF0000"


def test_docx_closes_the_masthead_with_a_red_rule(docx_2024: bytes, docx_2023: bytes) -> None:
    for data, last_line in ((docx_2024, "2024年2月8日"), (docx_2023, "2023年3月21日")):
        paragraph = _paragraph(
            open_docx(data),
            next(p.text for p in open_docx(data).paragraphs if p.text.endswith(last_line)),
        )
        bottom = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
        assert bottom.get(qn("w:color")) == "FF0000"


def test_docx_sets_department_names_in_bold(docx_2024: bytes) -> None:
    document = open_docx(docx_2024)
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert bold[:3] == ["经济和信息化厅", "住房城乡建设厅", "省市场监管局"]
    assert "公安厅" in bold and "本周，" not in bold


def _footer_text_and_field(footer: _Footer) -> tuple[str, str, str]:
    paragraph = footer.paragraphs[0]
    instr = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
    return paragraph.text, instr.strip(), str(paragraph.paragraph_format.alignment)


def test_docx_numbers_odd_pages_right_and_even_pages_left_with_a_page_field(
    docx_2024: bytes,
) -> None:
    document = open_docx(docx_2024)
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd = _footer_text_and_field(section.footer)
    even = _footer_text_and_field(section.even_page_footer)
    assert odd == ("— 1 —", "PAGE", "RIGHT (2)")
    assert even == ("— 1 —", "PAGE", "LEFT (0)")
    run = section.footer.paragraphs[0].runs[0]
    assert (east_asia(run._r), run.font.size) == ("宋体", Pt(14))


def test_docx_puts_the_imprint_in_a_table_between_rules(docx_2024: bytes) -> None:
    table = open_docx(docx_2024).tables[-1]
    cells = [row.cells[0] for row in table.rows]
    assert [c.text for c in cells] == [
        "报：省政务管理办公室、省级相关部门（单位）、省中心领导。",
        "发：省级相关部门（单位）窗口，省直部门办事大厅，省中心各处（室）、直属单位。",
        "（共印103份）",
    ]

    def width(cell: _Cell, side: str) -> int:
        edge = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}/{qn(f'w:{side}')}")
        return int(edge.get(qn("w:sz")))

    # GB/T 9704-2012 §7.4.1: first and last rules thicker than the ones between.
    assert width(cells[0], "top") > width(cells[1], "top")
    assert width(cells[-1], "bottom") > width(cells[0], "bottom")
    assert abs(table.columns[0].width - Mm(156)) < Mm(0.05)


def test_docx_read_back_gives_exactly_the_txt_lines(docx_2024: bytes, docx_2023: bytes) -> None:
    assert docx_lines(open_docx(docx_2024)) == txt_lines(document_2024_4())
    assert docx_lines(open_docx(docx_2023)) == txt_lines(document_2023_9())


@pytest.mark.parametrize(
    "doc",
    [
        Document(),
        Document(masthead="issuer_first", issuer="某中心"),
        Document(title="月报", preamble=[Paragraph.of("只有一段。")]),
        Document(number=3, sections=[Section("一", "", run_in=True)], copies=0),
    ],
    ids=["empty", "issuer-only", "preamble", "odd-fields"],
)
def test_docx_of_a_sparse_document_reads_back_as_its_txt(doc: Document) -> None:
    assert docx_lines(open_docx(render_docx(doc))) == txt_lines(doc)


def test_docx_is_byte_identical_for_the_same_document(docx_2024: bytes) -> None:
    assert render_docx(document_2024_4()) == docx_2024


def test_docx_dates_its_properties_and_zip_entries_by_the_issue_date(docx_2024: bytes) -> None:
    props = open_docx(docx_2024).core_properties
    assert props.created == props.modified == dt.datetime(2024, 2, 8, tzinfo=dt.UTC)
    with zipfile.ZipFile(io.BytesIO(docx_2024)) as package:
        assert {info.date_time for info in package.infolist()} == {(2024, 2, 8, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in package.namelist()


def test_docx_gives_the_gb2312_fonts_alternative_names(docx_2024: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_2024)) as package:
        font_table = package.read("word/fontTable.xml").decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in font_table


def test_a_title_longer_than_a_line_breaks_where_its_words_allow() -> None:
    """§7.3.1 回行时词意完整、排列对称: an erratum's notice title of 25 characters breaks once,
    at the break leaving the two lines the most alike, never inside "总第475期"; the DOCX
    carries the break itself (a w:br), so every reader breaks it there."""
    from servicehall.gbt9704.blocks import title_lines
    from servicehall.gbt9704.docx import TITLE_CHARS_PER_LINE

    assert TITLE_CHARS_PER_LINE == 20
    assert title_lines("关于《窗口工作周报》2024年第4期（总第475期）的勘误", 20) == [
        "关于《窗口工作周报》",
        "2024年第4期（总第475期）的勘误",
    ]
    assert title_lines("关于政务服务工作2023年第9期（总第429期）的勘误", 20) == [
        "关于政务服务工作2023年第9期",
        "（总第429期）的勘误",
    ]
    assert title_lines("关于《窗口工作周报》2024年第4期的勘误", 20) == [
        "关于《窗口工作周报》2024年第4期的勘误"
    ]
    doc = document_2024_4()
    doc.notice = "关于《窗口工作周报》2024年第4期（总第475期）的勘误"
    word = open_docx(render_docx(doc))
    [title] = [p for p in word.paragraphs if p.text.startswith("关于")]
    assert title.text == "关于《窗口工作周报》\n2024年第4期（总第475期）的勘误"
    assert title.style is not None and title.style.name == "GB Headline"

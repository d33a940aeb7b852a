"""The 红头文件 form (GB/T 9704-2012 §7.2.4–7.2.7, §7.3.5.2): the 发文机关标志 in red 35 mm below
the type area's top, the 发文字号 with the red rule 4 mm under it (both measured on the ink), the
title, the 期号 with its 总期号, the period, and the 落款 (issuer, date) at the end."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TYPE_CHECKING

import docx as python_docx
import pytest
from django.core.management import call_command

from servicehall.gbt9704 import render_html, render_txt
from servicehall.gbt9704.audit import audit_pdf
from servicehall.gbt9704.blocks import Kind, signature_blocks
from servicehall.gbt9704.document import Document
from servicehall.gbt9704.docx import MARGIN_TOP_MM, render_docx
from servicehall.gbt9704.ink import ink_band
from servicehall.gbt9704.pdf import render_pdf
from servicehall.testing.documents import document_2024_4

if TYPE_CHECKING:
    from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def file_form(code: str | None = "川政服") -> Document:
    doc = document_2024_4()
    doc.masthead = "file"
    doc.file_code = code
    return doc


def test_the_text_prints_authority_file_number_title_serial_period_and_signs_at_the_end() -> None:
    lines = render_txt(file_form()).split("\n\n")
    assert lines[:5] == [
        "四川省政府政务服务和公共资源交易服务中心文件",
        "川政服〔2024〕4号",
        "窗口工作周报",
        "2024年第4期（总第475期）",  # the 总期号 as the series prints it
        "（1月22日—1月26日）",
    ]
    # The 落款 comes after the body and before the 版记; no date in the masthead.
    assert lines[-5:-3] == ["四川省政府政务服务和公共资源交易服务中心", "2024年2月8日"]
    assert lines[-3].startswith("报：")
    assert "2024年2月8日" not in lines[:5]


def test_an_issue_without_a_serial_prints_no_number_line_under_the_title() -> None:
    doc = file_form()
    doc.serial = None
    assert "2024年第4期" not in render_txt(doc)


def test_no_code_no_file_number() -> None:
    assert "〔2024〕" not in render_txt(file_form(code=None))


def test_a_long_issuer_signs_two_characters_in_and_the_date_starts_two_characters_right() -> None:
    """§7.3.5.3: 署名右空二字; the date's first character two to the right of the issuer's."""
    doc = file_form()
    issuer, date = signature_blocks(doc)
    assert issuer.right_chars == 2  # 20 characters, wider than the date
    # The date is 6 characters wide (digits take half): it ends 20 + 2 - 2 - 6 = 14 in.
    assert date.right_chars == 14
    assert (issuer.right_chars + 20) - (date.right_chars + 6) == 2


def test_a_date_longer_than_the_issuer_keeps_two_characters_and_moves_the_issuer_right() -> None:
    doc = file_form()
    doc.issuer = "省政务局"
    doc.issue_date = dt.date(2024, 12, 31)  # 2024年12月31日: 2 + 1 + 1 + 1 + 1 + 1 = 7 wide
    issuer, date = signature_blocks(doc)
    assert date.right_chars == 2
    assert issuer.right_chars == 7  # its start (7 + 4 = 11 in) is the date's (2 + 7 = 9) + 2
    assert (issuer.right_chars + 4) - (date.right_chars + 7) == 2


def test_other_mastheads_do_not_sign() -> None:
    doc = document_2024_4()
    assert signature_blocks(doc) == []


def test_the_docx_sets_the_authority_red_and_the_signature_from_the_right() -> None:
    word = python_docx.Document(io.BytesIO(render_docx(file_form())))
    texts = [p.text for p in word.paragraphs]
    authority = word.paragraphs[texts.index("四川省政府政务服务和公共资源交易服务中心文件")]
    assert authority.style is not None and authority.style.name == "GB Authority"
    assert str(word.styles["GB Authority"].font.color.rgb) == "FF0000"
    # 22 characters do not fit at 36 pt: set at 二号 and narrowed to the type area's width.
    run = authority.runs[0]
    assert run.font.size is not None and run.font.size.pt == 22
    assert run._r.rPr is not None
    assert run._r.rPr.find(W + "w").get(W + "val") == "91"  # 442 pt / (22 × 22 pt)
    assert texts[: texts.index(authority.text)] == ["", "", ""]  # 35 mm down: about three lines
    headline = word.paragraphs[texts.index("窗口工作周报")]
    assert headline.style is not None and headline.style.name == "GB Headline"
    assert word.styles["GB Headline"].font.color.rgb is None  # black, not red
    signature = [
        p for p in word.paragraphs if p.style is not None and p.style.name == "GB Signature"
    ]
    assert [p.text for p in signature] == [
        "四川省政府政务服务和公共资源交易服务中心",
        "2024\u2060年\u20602\u2060月\u20608\u2060日",  # joined: no space added between scripts
    ]
    # The issuer 右空二字 from the right; the date from the left, two characters in from the
    # issuer's first (Word and LibreOffice give its digits different spacing).
    assert round(signature[0].paragraph_format.right_indent.pt, 1) == 31.5
    assert signature[1].paragraph_format.right_indent is None
    issuer_start = 442.2 - 31.5 - 20 * 15.75
    assert signature[1].paragraph_format.left_indent.pt == pytest.approx(
        issuer_start + 31.5, abs=0.5
    )
    assert all(p.paragraph_format.keep_with_next for p in signature)


def test_a_short_authority_stays_at_36_pt_unscaled() -> None:
    doc = file_form()
    doc.issuer = "省政务服务中心办公室"  # 10 + 文件: 12 × 36 pt fit the 442 pt line
    word = python_docx.Document(io.BytesIO(render_docx(doc)))
    [authority] = [
        p for p in word.paragraphs if p.style is not None and p.style.name == "GB Authority"
    ]
    size, rpr = authority.runs[0].font.size, authority.runs[0]._r.rPr
    assert size is not None and size.pt == 36
    assert rpr is not None and rpr.find(W + "w") is None


def test_the_html_signs_with_ideographic_spaces_not_an_inline_style() -> None:
    html = render_html(file_form())
    assert '<p class="gw-authority">四川省政府政务服务和公共资源交易服务中心文件</p>' in html
    assert '<p class="gw-file_number">川政服〔2024〕4号</p><hr class="gw-rule">' in html
    assert '2024年2月8日<span class="gw-pad">' + "\u3000" * 14 + "</span>" in html
    assert "style=" not in html.split("<body>")[1]


def test_the_authority_is_a_masthead_kind_and_the_signature_is_not() -> None:
    from servicehall.gbt9704.blocks import IMPRINT_KINDS, MASTHEAD_KINDS

    assert {Kind.AUTHORITY, Kind.FILE_NUMBER, Kind.HEADLINE} <= MASTHEAD_KINDS
    assert Kind.SIGNATURE not in MASTHEAD_KINDS | IMPRINT_KINDS


# ---------------------------------------------------------------- measured on the ink


@pytest.fixture(scope="module")
def file_pdfs() -> dict[str, bytes]:
    """The seed in the file form as LibreOffice prints it: the long issuer (its 标志 set at
    二号 and narrowed) and a short one (小初)."""
    short = file_form()
    short.issuer = "省政务服务中心办公室"
    return {"long": render_pdf(file_form()), "short": render_pdf(short)}


def _masthead_ink(pdf: bytes) -> tuple[float, float]:
    """(标志's ink top below the type area's top, 字号's ink bottom to the red rule's middle), mm."""
    band = ink_band(pdf, top_mm=MARGIN_TOP_MM, height_mm=100)
    rule = [row for row in band.rows if row.red > 3000]  # 156 mm of red at 600 dpi: 3685 pixels
    rule_middle = (rule[0].y_mm + rule[-1].y_mm) / 2
    mark = [row for row in band.red_rows() if row.y_mm < rule[0].y_mm]
    number = [row for row in band.black_rows() if row.y_mm < rule[0].y_mm]
    return mark[0].y_mm - MARGIN_TOP_MM, rule_middle - number[-1].y_mm


@pytest.mark.parametrize("form", ["long", "short"])
def test_the_mark_stands_35_mm_and_the_rule_4_mm_under_the_file_number_on_the_ink(
    file_pdfs: dict[str, bytes], form: str
) -> None:
    """§7.2.4: 上边缘至版心上边缘为35mm; §7.2.7: 发文字号之下4mm处 the red rule. Before: 37.8 mm
    and 5.2 mm (font boxes placed, ink never measured)."""
    drop, gap = _masthead_ink(file_pdfs[form])
    assert drop == pytest.approx(35.0, abs=0.5)
    assert gap == pytest.approx(4.0, abs=0.3)


def test_the_file_forms_body_stays_on_the_grid(file_pdfs: dict[str, bytes]) -> None:
    clauses = {(c.clause, c.item): c for c in audit_pdf(file_form(), file_pdfs["long"])}
    assert clauses[("5.2.3", "每面行数")].ok, clauses[("5.2.3", "每面行数")].measured


@pytest.mark.django_db
def test_the_serial_printed_in_the_file_form_is_read_back_by_import_report(
    file_pdfs: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "2024-4-file.pdf"
    path.write_bytes(file_pdfs["long"])
    out = io.StringIO()
    call_command("import_report", str(path), "--json", stdout=out)
    parsed = json.loads(out.getvalue())
    assert (parsed["year"], parsed["number"], parsed["serial"]) == (2024, 4, 475)


@pytest.mark.django_db
@pytest.mark.parametrize("masthead", ["file", "briefing", "title_first", "issuer_first"])
def test_the_serial_printed_in_the_docx_is_read_back_in_every_masthead_form(
    masthead: str, tmp_path: Path
) -> None:
    """The 总期号 round-trips through the DOCX a user keeps (reading.metadata reads the 期号
    line wherever the form prints it: under the title in the file form, in the 报头 else)."""
    doc = file_form()
    doc.masthead = masthead
    path = tmp_path / f"2024-4-{masthead}.docx"
    path.write_bytes(render_docx(doc))
    out = io.StringIO()
    call_command("import_report", str(path), "--json", stdout=out)
    parsed = json.loads(out.getvalue())
    assert (parsed["year"], parsed["number"], parsed["serial"]) == (2024, 4, 475)


@pytest.mark.django_db
def test_a_short_issuers_signature_reads_back_from_the_docx_with_its_joiners(
    tmp_path: Path,
) -> None:
    """The 落款's digits and Chinese are joined by U+2060 in the DOCX (docx.joined_across_scripts):
    the importer reads the issuer and the 成文日期 back as printed, 总期号 and all."""
    doc = file_form()
    doc.issuer, doc.issue_date = "省政务局", dt.date(2024, 12, 31)
    data = render_docx(doc)
    assert "2024\u2060年\u206012\u2060月\u206031\u2060日".encode() in data_of(data)
    path = tmp_path / "short.docx"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_report", str(path), "--json", stdout=out)
    parsed = json.loads(out.getvalue())
    assert (parsed["issuer"], parsed["issue_date"], parsed["serial"]) == (
        "省政务局",
        "2024-12-31",
        475,
    )


def data_of(docx: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read("word/document.xml")

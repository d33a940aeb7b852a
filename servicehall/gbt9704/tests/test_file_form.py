"""The 红头文件 form (GB/T 9704-2012 §7.2.3–7.2.4, §7.3.5.3): the 发文机关标志 in red, the 发文字号
with the red rule under it, the title and period, and the 落款 (issuer, date) at the end."""

from __future__ import annotations

import datetime as dt
import io

import docx as python_docx

from servicehall.gbt9704 import render_html, render_txt
from servicehall.gbt9704.blocks import Kind, signature_blocks
from servicehall.gbt9704.docx import render_docx
from servicehall.testing.documents import document_2024_4

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def file_form(code: str | None = "川政服"):
    doc = document_2024_4()
    doc.masthead = "file"
    doc.file_code = code
    return doc


def test_the_text_prints_authority_file_number_title_period_and_signs_at_the_end():
    lines = render_txt(file_form()).split("\n\n")
    assert lines[:4] == [
        "四川省政府政务服务和公共资源交易服务中心文件",
        "川政服〔2024〕4号",
        "窗口工作周报",
        "（1月22日—1月26日）",
    ]
    # The 落款 comes after the body and before the 版记; no date in the masthead.
    assert lines[-5:-3] == ["四川省政府政务服务和公共资源交易服务中心", "2024年2月8日"]
    assert lines[-3].startswith("报：")
    assert "2024年2月8日" not in lines[:4] and "总第475期" not in render_txt(file_form())


def test_no_code_no_file_number():
    assert "〔2024〕" not in render_txt(file_form(code=None))


def test_a_long_issuer_signs_two_characters_in_and_the_date_starts_two_characters_right():
    """§7.3.5.3: 署名右空二字; the date's first character two to the right of the issuer's."""
    doc = file_form()
    issuer, date = signature_blocks(doc)
    assert issuer.right_chars == 2  # 20 characters, wider than the date
    # The date is 6 characters wide (digits take half): it ends 20 + 2 - 2 - 6 = 14 in.
    assert date.right_chars == 14
    assert (issuer.right_chars + 20) - (date.right_chars + 6) == 2


def test_a_date_longer_than_the_issuer_keeps_two_characters_and_moves_the_issuer_right():
    doc = file_form()
    doc.issuer = "省政务局"
    doc.issue_date = dt.date(2024, 12, 31)  # 2024年12月31日: 2 + 1 + 1 + 1 + 1 + 1 = 7 wide
    issuer, date = signature_blocks(doc)
    assert date.right_chars == 2
    assert issuer.right_chars == 7  # its start (7 + 4 = 11 in) is the date's (2 + 7 = 9) + 2
    assert (issuer.right_chars + 4) - (date.right_chars + 7) == 2


def test_other_mastheads_do_not_sign():
    doc = document_2024_4()
    assert signature_blocks(doc) == []


def test_the_docx_sets_the_authority_red_and_the_signature_from_the_right():
    word = python_docx.Document(io.BytesIO(render_docx(file_form())))
    texts = [p.text for p in word.paragraphs]
    authority = word.paragraphs[texts.index("四川省政府政务服务和公共资源交易服务中心文件")]
    assert authority.style.name == "GB Authority"
    assert str(word.styles["GB Authority"].font.color.rgb) == "FF0000"
    # 22 characters do not fit at 36 pt: set at 二号 and narrowed to the type area's width.
    run = authority.runs[0]
    assert run.font.size.pt == 22
    assert run._r.rPr.find(W + "w").get(W + "val") == "91"  # 442 pt / (22 × 22 pt)
    assert texts[: texts.index(authority.text)] == ["", "", ""]  # 35 mm down: three lines
    headline = word.paragraphs[texts.index("窗口工作周报")]
    assert headline.style.name == "GB Headline"
    assert word.styles["GB Headline"].font.color.rgb is None  # black, not red
    signature = [p for p in word.paragraphs if p.style.name == "GB Signature"]
    assert [p.text for p in signature] == [
        "四川省政府政务服务和公共资源交易服务中心",
        "2024年2月8日",
    ]
    assert [round(p.paragraph_format.right_indent.pt, 1) for p in signature] == [31.5, 220.5]
    assert all(p.paragraph_format.keep_with_next for p in signature)


def test_a_short_authority_stays_at_36_pt_unscaled():
    doc = file_form()
    doc.issuer = "省政务服务中心办公室"  # 10 + 文件: 12 × 36 pt fit the 442 pt line
    word = python_docx.Document(io.BytesIO(render_docx(doc)))
    [authority] = [p for p in word.paragraphs if p.style.name == "GB Authority"]
    assert authority.runs[0].font.size.pt == 36
    assert authority.runs[0]._r.rPr.find(W + "w") is None


def test_the_html_signs_with_ideographic_spaces_not_an_inline_style():
    html = render_html(file_form())
    assert '<p class="gw-authority">四川省政府政务服务和公共资源交易服务中心文件</p>' in html
    assert '<p class="gw-file_number">川政服〔2024〕4号</p><hr class="gw-rule">' in html
    assert '2024年2月8日<span class="gw-pad">' + "\u3000" * 14 + "</span>" in html
    assert "style=" not in html.split("<body>")[1]


def test_the_authority_is_a_masthead_kind_and_the_signature_is_not():
    from servicehall.gbt9704.blocks import IMPRINT_KINDS, MASTHEAD_KINDS

    assert {Kind.AUTHORITY, Kind.FILE_NUMBER, Kind.HEADLINE} <= MASTHEAD_KINDS
    assert Kind.SIGNATURE not in MASTHEAD_KINDS | IMPRINT_KINDS

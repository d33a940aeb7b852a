"""The 简报 报头 (briefing masthead): the series name large and red, 期号 centred under it, issuer
left and date right on one line, the red rule, the period below it."""

from __future__ import annotations

import io

import docx as python_docx

from servicehall.gbt9704 import render_html, render_txt
from servicehall.gbt9704.document import Document
from servicehall.gbt9704.docx import render_docx
from servicehall.testing.documents import document_2024_4


def briefing() -> Document:
    doc = document_2024_4()
    doc.masthead = "briefing"
    return doc


def test_the_text_prints_banner_number_issuer_and_date_then_the_period() -> None:
    lines = render_txt(briefing()).split("\n\n")[:4]
    assert lines == [
        "窗口工作周报",
        "2024年第4期（总第475期）",
        "四川省政府政务服务和公共资源交易服务中心\t2024年2月8日",
        "（1月22日—1月26日）",
    ]


def test_the_docx_sets_the_banner_large_and_red_and_the_date_against_the_right_edge() -> None:
    word = python_docx.Document(io.BytesIO(render_docx(briefing())))
    banner, number, issuer_date, *_ = word.paragraphs
    assert (
        banner.style is not None
        and banner.style.name == "GB Banner"
        and banner.text == "窗口工作周报"
    )
    assert word.styles["GB Banner"].font.size.pt == 36
    assert str(word.styles["GB Banner"].font.color.rgb) == "FF0000"
    assert number.text == "2024年第4期（总第475期）"
    assert issuer_date.text == "四川省政府政务服务和公共资源交易服务中心\t2024年2月8日"
    [stop] = issuer_date.paragraph_format.tab_stops
    assert round(stop.position.mm) == 156 and stop.alignment == 2  # RIGHT, the type area's edge
    assert issuer_date._p.pPr is not None
    assert (
        issuer_date._p.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"
        )
        is not None
    )  # the red rule under it


def test_the_html_splits_issuer_and_date_on_one_line() -> None:
    html = render_html(briefing())
    assert '<p class="gw-banner">窗口工作周报</p>' in html
    assert (
        '<p class="gw-issuer_date gw-split"><span>四川省政府政务服务和公共资源交易服务中心</span>'
        "<span>2024年2月8日</span></p>"
    ) in html

"""HTML preview: self-contained, escaped, in the official faces."""

from __future__ import annotations

import html
import re

from servicehall.gbt9704.document import Document, Paragraph, Section
from servicehall.gbt9704.html import render_html, render_html_fragment
from servicehall.gbt9704.tests.readback import txt_lines


def test_html_escapes_script_in_a_paragraph() -> None:
    doc = Document(
        title="<b>周报</b>",
        sections=[Section("一", "动态", paragraphs=[Paragraph.of('<script>alert("x")</script>')])],
    )
    page = render_html(doc)
    assert "<script>" not in page and "<b>周报" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_html_page_is_self_contained(doc_2024: Document) -> None:
    page = render_html(doc_2024)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"(?i)<link|<script|src=|url\(|https?://|@import", page)


def test_html_shows_every_line_of_the_txt(doc_2024: Document, doc_2023: Document) -> None:
    for doc in (doc_2024, doc_2023):
        text = html.unescape(re.sub(r"<[^>]+>", "", render_html_fragment(doc)))
        assert all(line in text for line in txt_lines(doc))


def test_html_marks_department_names_strong(doc_2024: Document) -> None:
    fragment = render_html_fragment(doc_2024)
    assert "本周，<strong>经济和信息化厅</strong>印发" in fragment


def test_html_sets_red_title_rule_and_headings_in_the_official_faces(doc_2024: Document) -> None:
    page = render_html(doc_2024)
    assert '<p class="gw-title">窗口工作周报</p>' in page
    assert '<hr class="gw-rule">' in page
    assert "<h2>一、政务工作动态</h2>" in page and "<h3>（一）省本级综窗办件情况</h3>" in page
    for face in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "Noto Serif CJK SC"):
        assert face in page


def test_html_fragment_is_the_article_alone(doc_2023: Document) -> None:
    fragment = render_html_fragment(doc_2023)
    assert fragment.startswith('<article class="gw-doc"') and fragment.endswith("</article>")
    assert '<footer class="gw-imprint">' in fragment
    assert '<span class="gw-head-2">（一）按时到岗情况。</span>总体情况良好。' in fragment


def test_html_of_an_empty_document_is_a_page() -> None:
    assert '<article class="gw-doc" lang="zh-CN"></article>' in render_html(Document())

"""A draft's paragraphs and headings edited by their path (段落与标题的位置)."""

from __future__ import annotations

import datetime as dt

import pytest

from servicehall.gbt9704.document import Document, Section, document_from_json
from servicehall.journal.models import NewsCategory, NewsItem
from servicehall.org.models import Center, Department
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.workflow import WorkflowError, edit_heading, edit_paragraph


def test_a_path_names_the_sections_it_passes_through() -> None:
    inner = Section(number="一", heading="综窗办件", level=2)
    outer = Section(number="一", heading="工作动态", subsections=[inner])
    doc = Document(sections=[outer, Section(number="二", heading="督查")])
    assert doc.sections_along([0, 0]) == [outer, inner]
    assert [s.heading for s in doc.sections_along([1]) or []] == ["督查"]
    # Empty, past the end, negative, or deeper than the document: no section.
    assert doc.sections_along([]) is None
    assert doc.sections_along([2]) is None
    assert doc.sections_along([-1]) is None
    assert doc.sections_along([0, 0, 0]) is None


@pytest.mark.django_db
def test_an_edit_outside_the_draft_is_refused_and_one_inside_lands(
    center: Center, police: Department
) -> None:
    news = NewsCategory.objects.create(name="政务工作动态")
    NewsItem.objects.create(
        category=news, department=police, occurred_on=dt.date(2024, 1, 23), text="公安厅印发通知。"
    )
    issue = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    doc = document_from_json(issue.document)
    sections, first = len(doc.sections), len(doc.sections[0].paragraphs)

    for path in ([sections, 0], [0, first + 1], [0, -1], [0]):
        with pytest.raises(WorkflowError, match="段落位置不存在"):
            edit_paragraph(issue, path, "新段落。")
    for path in ([sections], [], [0, 0, 0, 0]):
        with pytest.raises(WorkflowError, match="标题位置不存在"):
            edit_heading(issue, path, "新标题")
    with pytest.raises(WorkflowError, match="标题不能为空"):
        edit_heading(issue, [0], "  ")

    # One past the last paragraph appends; a heading is reworded in place.
    edit_paragraph(issue, [0, first], "新段落。")
    edit_heading(issue, [0], " 新标题 ")
    doc = document_from_json(issue.document)
    assert doc.sections[0].heading == "新标题"
    assert [p.text for p in doc.sections[0].paragraphs][-1] == "新段落。"
    assert len(doc.sections[0].paragraphs) == first + 1

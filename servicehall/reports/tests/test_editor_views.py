"""The editor's pages: tokens in the paragraph and its form, the override and acknowledgement
forms, the comparison of a new draft (reports:paragraph, figure_override, figure_acknowledge,
redraft). The demo's week of 2024年第4期."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from servicehall.gbt9704.document import document_from_json
from servicehall.journal.models import LeaderVisit
from servicehall.org.models import Department
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import FigureTextAcknowledgement, Issue
from servicehall.reports.tests.test_editor_bindings import VISITS, WINDOW, paragraph

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.demo.loader import LoadResult

pytestmark = pytest.mark.django_db
WEEK = dt.date(2024, 1, 24)


@pytest.fixture
def editor(client: Client, demo_db: LoadResult) -> Client:
    from servicehall.accounts.models import User

    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def issue(demo_db: LoadResult) -> Issue:
    return draft_issue(find_series("窗口工作周报"), WEEK)


def test_the_page_marks_each_number_of_a_figure_and_offers_the_override(
    editor: Client, issue: Issue
) -> None:
    html = editor.get(f"/reports/{issue.pk}/").content.decode()
    assert 'data-figure="window.week.consult" title="本周咨询：来自数据' in html
    assert 'id="figure-override"' in html and '<option value="window.week.consult">' in html


def test_the_paragraph_form_keeps_the_numbers_fixed(editor: Client, issue: Issue) -> None:
    form = editor.get(f"/reports/{issue.pk}/paragraph/?path=3,0,0").content.decode()
    assert form.count('name="token"') == 8 and form.count('name="segment"') == 9
    assert '<mark class="figure-token" data-figure="window.week.consult"' in form
    assert ">1291</mark>" in form and "整段自由改写" in form
    free = editor.get(f"/reports/{issue.pk}/paragraph/?path=3,0,0&mode=free").content.decode()
    assert 'name="text"' in free and "咨询1291人次" in free and "不再与数据绑定" in free
    # The texts between the numbers, as posted; a typed-over number cannot arrive this way.
    saved = editor.post(
        f"/reports/{issue.pk}/paragraph/",
        {
            "path": "3,0,0",
            "segment": ["本周共接待咨询 ", " 人次、受理 ", " 件。"],
            "token": ["window.week.consult", "window.week.accept"],
        },
    )
    assert saved.status_code == 204
    issue.refresh_from_db()
    assert paragraph(issue, WINDOW).text == "本周共接待咨询 1291 人次、受理 631 件。"
    broken = editor.post(
        f"/reports/{issue.pk}/paragraph/",
        {"path": "3,0,0", "segment": ["a", "b"], "token": []},
    )
    assert broken.status_code == 400


def test_the_override_form_changes_the_figure_or_says_what_is_missing(
    editor: Client, issue: Issue
) -> None:
    url = f"/reports/{issue.pk}/figures/override/"
    refused = editor.post(url, {"key": "window.week.consult", "value": "1290"}, follow=True)
    assert "更正“本周咨询”须填写理由" in refused.content.decode()
    done = editor.post(
        url, {"key": "window.week.consult", "value": "1290", "reason": "重复登记"}, follow=True
    )
    assert "已更正本周咨询：1291 → 1290" in done.content.decode()
    assert Issue.objects.get(pk=issue.pk).figures["window.week.consult"] == 1290


def test_a_blocking_finding_is_acknowledged_on_the_page(editor: Client, issue: Issue) -> None:
    doc = document_from_json(issue.document)
    text = doc.sections[3].subsections[0].paragraphs[0].text.replace("1291", "1290")
    editor.post(f"/reports/{issue.pk}/paragraph/", {"path": "3,0,0", "text": text})
    html = editor.get(f"/reports/{issue.pk}/").content.decode()
    assert "［须确认］" in html and "有 1 条须确认的提示" in html
    key = "figure_text:window.week.consult:1290"
    editor.post(f"/reports/{issue.pk}/figures/acknowledge/", {"finding": key, "reason": "核实"})
    assert FigureTextAcknowledgement.objects.get(issue=issue, finding=key).reason == "核实"
    html = editor.get(f"/reports/{issue.pk}/").content.decode()
    assert "已确认：admin 于" in html and "须确认的提示" not in html


def test_drafting_an_edited_week_leads_to_the_comparison_and_applies_the_choices(
    editor: Client, issue: Issue
) -> None:
    LeaderVisit.objects.create(
        visited_on=dt.date(2024, 1, 26),
        department=Department.objects.get(name="人民银行成都分行"),
        title="厅长",
        name="张宏",
    )
    issue = draft_issue(find_series("窗口工作周报"), WEEK)
    text = paragraph(issue, VISITS).text
    editor.post(
        f"/reports/{issue.pk}/paragraph/",
        {"path": "1,0", "text": text.replace("人民银行成都分行", "**人民银行成都分行**", 1)
         .replace("厅长张宏", "行长张宏")},
    )  # fmt: skip
    series = find_series("窗口工作周报")
    answer = editor.post("/reports/draft/", {"series": series.pk, "week": "2024-01-24"})
    assert answer.status_code == 302 and answer["Location"] == f"/reports/{issue.pk}/redraft/"
    page = editor.get(answer["Location"]).content.decode()
    assert "编辑修改" in page and "<del>行</del>" in page and "<ins>厅</ins>" in page
    assert 'name="choice-d0" value="mine" checked' in page
    assert "逐段比对并选择" in editor.get(f"/reports/{issue.pk}/").content.decode()
    editor.post(answer["Location"], {"choice-d0": "mine"})
    issue.refresh_from_db()
    assert issue.pending_redraft is None and "行长张宏" in paragraph(issue, VISITS).text
    assert "没有待比对的新草稿" in editor.get(answer["Location"]).content.decode()
    refused = editor.post(answer["Location"], {"choice-d0": "mine"}, follow=True)
    assert "没有待比对的新草稿" in refused.content.decode()


def test_the_api_overrides_a_figure_and_acknowledges_a_typed_number(
    editor: Client, issue: Issue
) -> None:
    url = f"/api/issues/{issue.pk}"
    refused = editor.post(
        f"{url}/figure-override/", {"key": "window.week.accept", "value": "630"}, "application/json"
    )
    assert refused.status_code == 409 and "须填写理由" in refused.json()["detail"]
    done = editor.post(
        f"{url}/figure-override/",
        {"key": "window.week.accept", "value": "630", "reason": "重复受理"},
        "application/json",
    )
    assert done.status_code == 200 and done.json()["figures"]["window.week.accept"] == 630
    assert "受理630件" in done.json()["parsed"]["sections"][3]["subsections"][0]["paragraphs"][0]
    text = paragraph(Issue.objects.get(pk=issue.pk), WINDOW).text.replace(
        "受理630件", "受理629件", 1
    )
    editor.post(f"{url}/paragraph/", {"path": [3, 0, 0], "text": text}, "application/json")
    key = "figure_text:window.week.accept:629"
    assert (
        editor.post(f"{url}/acknowledge/", {"finding": key}, "application/json").status_code == 409
    )
    ok = editor.post(f"{url}/acknowledge/", {"finding": key, "reason": "核实"}, "application/json")
    assert ok.status_code == 200
    assert FigureTextAcknowledgement.objects.filter(issue=issue, finding=key).exists()


def test_the_page_lists_the_overrides_with_their_labels_and_reasons(
    editor: Client, issue: Issue
) -> None:
    editor.post(
        f"/reports/{issue.pk}/figures/override/",
        {"key": "window.week.issue", "value": "1016", "reason": "一件出件误录"},
    )
    html = editor.get(f"/reports/{issue.pk}/").content.decode()
    row = html[html.index('<tr data-override="window.week.issue">') :]
    row = row[: row.index("</tr>")]
    assert "<td>本周颁发</td><td>1017</td><td>1016</td><td>一件出件误录</td><td>admin</td>" in row
    assert "本周颁发已由 1017 更正为 1016" in html


def test_a_refused_edit_comes_back_as_the_form_with_the_reason(
    editor: Client, issue: Issue
) -> None:
    refused = editor.post(
        f"/reports/{issue.pk}/paragraph/",
        {"path": "3,0,0", "segment": ["咨询 ", " 人次"], "token": ["window.week.bogus"]},
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "未保存：“window.week.bogus”不是本期的数据" in html and 'name="segment"' in html

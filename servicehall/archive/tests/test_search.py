"""Full-text search over published and imported issues, on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from servicehall.archive import search
from servicehall.archive.models import Passage
from servicehall.archive.services import store_report
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(center):
    return [
        Issue.objects.get(pk=store_report(seed).object_id) for seed in (SEED_2023_9, SEED_2024_4)
    ]


def test_a_department_is_found_in_every_issue_newest_first_with_its_name_marked(imported):
    hits, total = search.search("公安厅")
    labels = [str(hit.passage.issue.label) for hit in hits]
    assert total == len(hits) >= 2
    assert {"2023-9", "2024-4"} <= set(labels)
    assert labels[0] == "2024-4" and labels[-1] == "2023-9"  # newest issue first
    assert all("<mark>公安厅</mark>" in hit.snippet for hit in hits)
    assert all("公安厅" in hit.passage.text for hit in hits)


def test_every_word_of_a_query_must_be_in_the_paragraph(imported):
    both, _ = search.search("公安厅 培训")
    assert both and all("公安厅" in h.passage.text and "培训" in h.passage.text for h in both)
    assert search.search("公安厅 不存在的词语组合") == ([], 0)
    assert search.search("   ") == ([], 0)


def test_drafts_are_never_found_until_published(center):
    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    assert not Passage.objects.filter(issue=draft).exists()
    Issue.objects.filter(pk=draft.pk).update(status=Issue.Status.PUBLISHED, year=2024, number=5)
    assert search.index_issue(Issue.objects.get(pk=draft.pk)) > 0
    assert any(h.passage.issue_id == draft.pk for h in search.search("受理")[0])


def test_reindex_rebuilds_the_index_from_the_issues(imported, capsys):
    before = Passage.objects.count()
    Passage.objects.all().delete()
    call_command("reindex")
    assert f"已索引 {before} 个段落" in capsys.readouterr().out
    assert search.search("公安厅")[1] >= 2


def test_the_snippet_escapes_the_text_and_marks_only_the_words():
    marked = search.highlight("<b>公安厅</b>受理 12 件；公安厅办结。", ["公安厅"])
    assert marked == "&lt;b&gt;<mark>公安厅</mark>&lt;/b&gt;受理 12 件；<mark>公安厅</mark>办结。"


def test_the_search_page_shows_the_hits_to_any_signed_in_user(client, clerk, imported):
    client.force_login(clerk)
    page = client.get("/archive/search/", {"q": "公安厅"}).content.decode()
    assert "共找到" in page and "<mark>公安厅</mark>" in page
    assert f'href="/reports/{imported[1].pk}/"' in page
    client.logout()
    assert client.get("/archive/search/", {"q": "公安厅"}).status_code == 302


def test_an_issues_quantities_are_a_table_exportable_as_csv_and_xlsx(client, clerk, imported):
    import csv
    import io

    client.force_login(clerk)
    issue = imported[1]  # 2024-4
    page = client.get(f"/archive/issues/{issue.pk}/facts/").content.decode()
    assert "数量表" in page and "1291" in page and "人次" in page
    exported = client.get(f"/archive/issues/{issue.pk}/facts/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == ["所在标题", "名称", "数值", "单位", "原文"]
    assert any(row[1] == "咨询" and row[2] == "1291" and row[3] == "人次" for row in rows[1:])
    workbook = client.get(f"/archive/issues/{issue.pk}/facts/", {"export": "xlsx"})
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")


def test_a_drafts_quantities_are_hidden_from_those_who_may_not_read_it(client, clerk, center):
    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    client.force_login(clerk)
    assert client.get(f"/archive/issues/{draft.pk}/facts/").status_code == 404

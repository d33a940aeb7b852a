"""Full-text search over published and imported issues, on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from servicehall.archive import search
from servicehall.archive.models import Passage
from servicehall.archive.services import store_report
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(center: Center) -> list[Issue]:
    return [
        Issue.objects.get(pk=store_report(seed).object_id) for seed in (SEED_2023_9, SEED_2024_4)
    ]


def test_a_department_is_found_in_every_issue_newest_first_with_its_name_marked(
    imported: list[Issue],
) -> None:
    hits, total = search.search("公安厅")
    labels = []
    for hit in hits:
        assert hit.passage.issue is not None  # every passage found here is of an imported issue
        labels.append(str(hit.passage.issue.label))
    assert total == len(hits) >= 2
    assert {"2023-9", "2024-4"} <= set(labels)
    assert labels[0] == "2024-4" and labels[-1] == "2023-9"  # newest issue first
    assert all("<mark>公安厅</mark>" in hit.snippet for hit in hits)
    assert all("公安厅" in hit.passage.text for hit in hits)


def test_every_word_of_a_query_must_be_in_the_paragraph(imported: list[Issue]) -> None:
    both, _ = search.search("公安厅 培训")
    assert both and all("公安厅" in h.passage.text and "培训" in h.passage.text for h in both)
    assert search.search("公安厅 不存在的词语组合") == ([], 0)
    assert search.search("   ") == ([], 0)


def test_drafts_are_never_found_until_published(center: Center) -> None:
    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    assert not Passage.objects.filter(issue=draft).exists()
    Issue.objects.filter(pk=draft.pk).update(status=Issue.Status.PUBLISHED, year=2024, number=5)
    assert search.index_issue(Issue.objects.get(pk=draft.pk)) > 0
    assert any(h.passage.issue_id == draft.pk for h in search.search("受理")[0])


def test_reindex_rebuilds_the_index_from_the_issues(
    imported: list[Issue], capsys: pytest.CaptureFixture[str]
) -> None:
    before = Passage.objects.count()
    Passage.objects.all().delete()
    call_command("reindex")
    assert f"已索引 {before} 个段落" in capsys.readouterr().out
    assert search.search("公安厅")[1] >= 2


def test_the_snippet_escapes_the_text_and_marks_only_the_words() -> None:
    marked = search.highlight("<b>公安厅</b>受理 12 件；公安厅办结。", ["公安厅"])
    assert marked == "&lt;b&gt;<mark>公安厅</mark>&lt;/b&gt;受理 12 件；<mark>公安厅</mark>办结。"


def test_the_search_page_shows_the_hits_to_any_signed_in_user(
    client: Client, clerk: User, imported: list[Issue]
) -> None:
    client.force_login(clerk)
    page = client.get("/archive/search/", {"q": "公安厅"}).content.decode()
    assert "共找到" in page and "<mark>公安厅</mark>" in page
    newest = search.search("公安厅")[0][0].passage
    assert f'href="/reports/{imported[1].pk}/#p{newest.position}"' in page
    # The link lands on that paragraph: the issue page numbers its paragraphs the same way.
    issue_page = client.get(f"/reports/{imported[1].pk}/").content.decode()
    anchor = issue_page.index(f'id="p{newest.position}"')
    assert newest.text[:20] in re.sub(r"<[^>]+>", "", issue_page[anchor : anchor + 2000])
    client.logout()
    assert client.get("/archive/search/", {"q": "公安厅"}).status_code == 302


def test_an_issues_quantities_are_a_table_exportable_as_csv_and_xlsx(
    client: Client, clerk: User, imported: list[Issue]
) -> None:
    import csv
    import io

    client.force_login(clerk)
    issue = imported[1]  # 2024-4
    page = client.get(f"/archive/issues/{issue.pk}/facts/").content.decode()
    assert "数量表" in page and "1291" in page and "人次" in page
    exported = client.get(f"/archive/issues/{issue.pk}/facts/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == ["段落", "所在标题", "名称", "范围", "数值", "单位", "比较", "原文", "核对"]
    assert any(row[2:6] == ["咨询", "", "1291", "人次"] for row in rows[1:])
    assert any(row[2:6] == ["办理项", "科技厅", "5", "个"] for row in rows[1:])
    workbook = client.get(f"/archive/issues/{issue.pk}/facts/", {"export": "xlsx"})
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")


def test_a_drafts_quantities_are_hidden_from_those_who_may_not_read_it(
    client: Client, clerk: User, center: Center
) -> None:
    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    client.force_login(clerk)
    assert client.get(f"/archive/issues/{draft.pk}/facts/").status_code == 404


def test_any_stated_quantity_is_charted_across_issues_week_and_year_apart(
    client: Client, clerk: User, imported: list[Issue]
) -> None:
    from servicehall.archive import trends
    from servicehall.archive.models import StatedFact

    assert StatedFact.objects.filter(issue=imported[1], label="受理", unit="件").count() == 2
    points = trends.fact_points("受理", "件")
    assert [(p.date, [int(v) for v in p.values]) for p in points] == [
        (dt.date(2023, 3, 10), [168, 1545]),  # this week, then the year to date
        (dt.date(2024, 1, 26), [631, 2475]),
    ]
    assert ("受理", "件", 4) in trends.common_labels()
    client.force_login(clerk)
    page = client.get("/archive/facts/", {"label": "受理", "unit": "件"})
    chart = page.context["chart"]
    assert [s["name"] for s in chart["series"]] == ["第1处", "第2处"]
    assert chart["series"][0]["y"] == [168.0, 631.0] and chart["series"][1]["y"] == [1545.0, 2475.0]
    html = page.content.decode()
    assert 'id="trend-data"' in html and f"/reports/{imported[1].pk}/#p" in html
    # A scope is its own line: the 5 handbooks of 科技厅 are not the center's 1110.
    scoped = trends.fact_points("办理项", "个", "科技厅")
    assert [[int(v) for v in p.values] for p in scoped] == [[5]]
    assert trends.scopes_of("办理项", "个") == ["", "科技厅"]


def test_an_unnumbered_past_document_has_a_page_its_paragraphs_facts_and_rankings(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    from servicehall.archive.models import PastDocument

    path = tmp_path / "月报.txt"
    path.write_text(
        "德阳市政务服务月报\n（2024年2月）\n一、办件情况\n"
        "2月，全市共受理35,620件，同比增长6.8%；其中网上办理28,114件。\n"
        "办件量前3位的部门：市公安局、市税务局、市人社局。\n",
        encoding="utf-8",
    )
    past = PastDocument.objects.get(pk=store_report(path).object_id)
    client.force_login(clerk)
    listing = client.get("/archive/documents/").content.decode()
    assert f'href="/archive/documents/{past.pk}/"' in listing and "德阳市政务服务月报" in listing
    page = client.get(f"/archive/documents/{past.pk}/")
    html = page.content.decode()
    assert 'id="p0"' in html and "市公安局" in html and "办件量前3位的部门" in html
    rows = page.context["rows"]
    assert [r[2:7] for r in rows] == [
        ("受理", "", 35620, "件", ""),
        ("受理", "", 6.8, "%", "同比增加"),
        ("办理", "网上", 28114, "件", ""),
    ]
    hit = search.search("市公安局")[0][0]
    assert hit.passage.document_id == past.pk
    search_page = client.get("/archive/search/", {"q": "市公安局"}).content.decode()
    assert f'href="/archive/documents/{past.pk}/#p{hit.passage.position}"' in search_page
    exported = client.get(f"/archive/documents/{past.pk}/", {"export": "csv"})
    assert exported.status_code == 200 and "35620" in exported.content.decode("utf-8-sig")
    client.logout()
    for url in ("/archive/documents/", f"/archive/documents/{past.pk}/", "/archive/facts/"):
        assert client.get(url).status_code == 302


def test_a_zip_of_generated_past_issues_imports_each_and_is_searched_across_years(
    center: Center,
) -> None:
    """What ``make bench`` measures with 300 issues, on 8: every file new, 公安厅 found in two
    paragraphs of each, 受理 a line over them all."""
    from servicehall.bench import archive

    result = archive.measure(8)
    assert (result["created"], result["errors"]) == (8, 0)
    assert result["search_hits"] == 16 and result["search_years"] == 1
    assert result["trend_points"] == 8

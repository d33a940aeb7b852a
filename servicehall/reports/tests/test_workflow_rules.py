"""The review workflow is one table: services, pages, buttons and the API all follow it."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue, ReportSeries
from servicehall.reports.workflow import TRANSITIONS, allowed_actions, approve, submit

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.cases.models import CaseEvent
    from servicehall.gbt9704.document import Document
    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db

WEEK = dt.date(2024, 1, 24)


@pytest.fixture
def issue(center: Center) -> Issue:
    return draft_issue(find_series("窗口工作周报"), WEEK)


def names(issue: Issue, user: User) -> list[str]:
    return [t.name for t in allowed_actions(issue, user)]


def test_the_transition_table_names_each_step_once() -> None:
    assert list(TRANSITIONS) == ["edit", "submit", "approve", "send-back", "publish"]


def test_on_a_draft_the_admin_edits_and_submits_and_nobody_else_acts(
    issue: Issue, center_admin: User, leader: User, clerk: User, police_liaison: User
) -> None:
    assert names(issue, center_admin) == ["edit", "submit"]
    assert names(issue, leader) == names(issue, clerk) == names(issue, police_liaison) == []


def test_a_submitted_issue_is_approved_or_sent_back_by_the_leader_and_sent_back_by_the_admin(
    issue: Issue, center_admin: User, leader: User, clerk: User
) -> None:
    submit(issue, center_admin)
    assert names(issue, leader) == ["approve", "send-back"]
    assert names(issue, center_admin) == ["send-back"]
    assert names(issue, clerk) == []
    approve(issue, leader)
    assert names(issue, center_admin) == ["send-back", "publish"]
    assert names(issue, leader) == ["send-back"]


def test_anonymous_users_and_published_issues_allow_nothing(
    issue: Issue, center_admin: User
) -> None:
    issue.status = Issue.Status.PUBLISHED
    assert names(issue, center_admin) == []
    assert allowed_actions(issue, None) == []


def test_the_detail_page_shows_exactly_the_allowed_steps(
    client: Client, issue: Issue, center_admin: User, leader: User
) -> None:
    client.force_login(center_admin)
    page = client.get(f"/reports/{issue.pk}/").content.decode()
    assert re.findall(r'data-step="([\w-]+)"', page) == ["submit"]
    assert "＋ 添加段落" in page  # the edit step is offered in place
    submit(issue, center_admin)
    client.force_login(leader)
    page = client.get(f"/reports/{issue.pk}/").content.decode()
    assert re.findall(r'data-step="([\w-]+)"', page) == ["approve", "send-back"]
    assert "＋ 添加段落" not in page


def test_the_api_lists_the_same_allowed_actions(
    client: Client, issue: Issue, center_admin: User, leader: User
) -> None:
    client.force_login(center_admin)
    assert client.get(f"/api/issues/{issue.pk}/").json()["allowed_actions"] == ["edit", "submit"]
    submitted = client.post(f"/api/issues/{issue.pk}/submit/").json()
    assert submitted["allowed_actions"] == ["send-back"]
    client.force_login(leader)
    assert client.get(f"/api/issues/{issue.pk}/").json()["allowed_actions"] == [
        "approve",
        "send-back",
    ]


@pytest.mark.parametrize(
    "url", ["/reports/", "/reports/layouts/", "/reports/trends/", "/archive/upload/", "/"]
)
def test_reading_a_page_writes_nothing_even_when_the_shipped_series_are_missing(
    client: Client, center_admin: User, url: str
) -> None:
    ReportSeries.objects.all().delete()
    client.force_login(center_admin)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []


def test_migrate_gives_the_shipped_series_back_their_layouts() -> None:
    ReportSeries.objects.all().delete()
    call_command("migrate", verbosity=0)
    shipped = ReportSeries.objects.filter(title__in=["窗口工作周报", "政务服务工作"])
    assert sorted((s.title, s.layouts.count()) for s in shipped) == [
        ("政务服务工作", 1),
        ("窗口工作周报", 1),
    ]


def test_a_period_already_published_needs_a_reason_to_publish_again(
    db: None, center: Center, week_records: CaseEvent
) -> None:
    """2024-5 drafted for the week of 2024-4: the check says so, publishing asks for a reason."""
    import datetime as dt

    from servicehall.archive.services import store_report
    from servicehall.reports import workflow
    from servicehall.reports.checks import run_checks
    from servicehall.reports.disputes import accept_stated
    from servicehall.reports.drafting import draft_issue, find_series
    from servicehall.reports.models import Issue
    from servicehall.testing.seeds import SEED_2024_4

    imported = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    # The one event of the week contradicts its figures: 争议 until a person keeps them.
    assert imported.status == Issue.Status.DISPUTED
    imported = accept_stated(imported, None, "纸质原件为准，本库只有一周的样例记录")
    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    findings = [f for f in run_checks(draft) if f.check == "covered"]
    assert [f.message for f in findings] == [
        f"本期时段已由{imported}（2024-01-22—2024-01-26）覆盖；发布时须填写再发一期的理由"
    ]
    workflow.submit(draft)
    workflow.approve(draft)
    with pytest.raises(workflow.WorkflowError, match=r"该时段已由.*覆盖"):
        workflow.publish(draft, issue_date=dt.date(2024, 2, 9))
    assert Issue.objects.get(pk=draft.pk).status == Issue.Status.APPROVED
    # The rule is the period's, not the files': they wait for their first download (issue 24).
    published = workflow.publish(
        draft, issue_date=dt.date(2024, 2, 9), overlap_reason="增刊", office_files=False
    )
    assert (published.year, published.number) == (2024, 5)
    last = published.actions.last()
    assert last is not None and "理由：增刊" in last.note
    # The next week is covered by nobody: no finding, no reason asked.
    following = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 31))
    assert not [f for f in run_checks(following) if f.check == "covered"]


@pytest.mark.slow
def test_a_pdf_that_lost_a_character_is_not_published(
    db: None, center: Center, week_records: CaseEvent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF is read back before the issue is frozen: a paragraph it does not print in full
    stops the publication, named."""
    from servicehall.gbt9704.document import Run
    from servicehall.gbt9704.pdf import render_docx_and_pdf
    from servicehall.reports import workflow

    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    workflow.submit(draft)
    workflow.approve(draft)

    def print_without_one_mark(doc: Document) -> tuple[bytes, bytes]:
        paragraph = next(p for _, p in doc.paragraphs_under_headings() if "，" in p.text)
        shortened = paragraph.text.replace("，", "", 1)
        kept = paragraph.runs
        paragraph.runs = [Run(shortened)]
        try:
            return render_docx_and_pdf(doc)
        finally:
            paragraph.runs = kept

    monkeypatch.setattr(workflow, "render_docx_and_pdf", print_without_one_mark)
    with pytest.raises(workflow.WorkflowError, match=r"PDF 未印出全部文字，未发布：“.*”缺少“，”"):
        workflow.publish(draft, issue_date=dt.date(2024, 2, 9))
    assert Issue.objects.get(pk=draft.pk).status == Issue.Status.APPROVED


@pytest.mark.django_db
def test_a_series_in_the_file_form_needs_its_code_and_drafts_carry_it(center: Center) -> None:
    from django.core.exceptions import ValidationError

    from servicehall.gbt9704 import render_txt
    from servicehall.gbt9704.document import document_from_json

    series = find_series("窗口工作周报")
    series.masthead = ReportSeries.Masthead.FILE
    with pytest.raises(ValidationError, match="发文机关代字"):
        series.full_clean()
    series.file_code = "川政服"
    series.full_clean()
    series.save()
    draft = draft_issue(series, dt.date(2024, 1, 24))
    doc = document_from_json(draft.document)
    assert (doc.masthead, doc.file_code) == ("file", "川政服")
    # Unnumbered until published: the 字号's line waits empty under the 发文机关标志.
    assert render_txt(doc).split("\n\n")[:2] == [
        "四川省政府政务服务和公共资源交易服务中心文件",
        "窗口工作周报",
    ]

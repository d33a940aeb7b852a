"""Publishing as a background job (issue 24): the page and the API answer at once; the worker
renders, audits and checksums the files and publishes the issue in one transaction with its
ledger entries; a failed render leaves the issue approved, the reason on its page."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

import pytest

from servicehall.core.jobs import work
from servicehall.core.models import Job
from servicehall.reports import ledger
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue, IssueFile, LedgerEntry
from servicehall.reports.workflow import (
    PUBLISH_JOB,
    WorkflowError,
    approve,
    request_publication,
    submit,
)

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.cases.models import CaseEvent
    from servicehall.gbt9704.document import Document

pytestmark = pytest.mark.django_db

WEEK = dt.date(2024, 1, 24)


@pytest.fixture
def approved(center_admin: User, leader: User, week_records: CaseEvent) -> Issue:
    issue = draft_issue(find_series("窗口工作周报"), WEEK, user=center_admin)
    submit(issue, center_admin)
    return approve(issue, leader, "同意")


@pytest.fixture
def no_office(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine whose LibreOffice is gone: the real renderer fails as it would there."""
    monkeypatch.setenv("PATH", str(tmp_path))


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Each LibreOffice render of an issue, as it happens (the real one still runs)."""
    from servicehall.gbt9704.pdf import render_docx_and_pdf
    from servicehall.reports import workflow

    seen: list[str | None] = []
    real = render_docx_and_pdf

    def spy(doc: Document, **kwargs: float) -> tuple[bytes, bytes]:
        seen.append(doc.title)
        return real(doc, **kwargs)

    monkeypatch.setattr(workflow, "render_docx_and_pdf", spy)
    return seen


def publish_from_page(client: Client, issue: Issue) -> Job:
    answer = client.post(f"/reports/{issue.pk}/publish/", {"issue_date": "2024-02-08"})
    job = Job.objects.get(kind=PUBLISH_JOB)
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    return job


def test_a_failed_render_leaves_the_issue_approved_with_the_reason_on_its_page(
    client: Client, center_admin: User, approved: Issue, no_office: None
) -> None:
    client.force_login(center_admin)
    job = publish_from_page(client, approved)
    assert Issue.objects.get(pk=approved.pk).status == Issue.Status.APPROVED
    page = client.get(f"/reports/{approved.pk}/").content.decode()
    assert 'id="publishing"' in page and f"后台任务 #{job.pk}" in page

    assert work(once=True) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "未发布，仍为已审核" in job.error and "生成 DOCX 与 PDF 失败" in job.error
    assert "LibreOffice not found" in job.error
    issue = Issue.objects.get(pk=approved.pk)
    # All or nothing: no number, no file (not even the text and HTML), no ledger entry.
    assert (issue.status, issue.number, issue.serial) == (Issue.Status.APPROVED, None, None)
    assert not IssueFile.objects.filter(issue=issue).exists()
    assert not LedgerEntry.objects.filter(issue_ref=issue.pk).exists()
    page = client.get(f"/reports/{issue.pk}/").content.decode()
    assert 'id="publish-failed"' in page and "上次发布未成功，本期仍为已审核" in page
    assert "生成 DOCX 与 PDF 失败" in page
    assert 'data-step="publish"' in page  # it may be published again once the cause is fixed
    job_page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "未发布" in job_page and f"/reports/{issue.pk}/" in job_page


def test_a_second_request_while_one_waits_is_refused_and_refusals_answer_at_once(
    center_admin: User, leader: User, approved: Issue
) -> None:
    job = request_publication(approved, center_admin, issue_date=dt.date(2024, 2, 8))
    assert (job.status, job.options["issue"]) == (Job.Status.QUEUED, approved.pk)
    with pytest.raises(WorkflowError, match=f"正在发布（后台任务 #{job.pk}）"):
        request_publication(approved, center_admin, issue_date=dt.date(2024, 2, 8))
    # What the worker would refuse is refused at the request: no job queued for it.
    draft = draft_issue(find_series("政务服务工作"), WEEK, user=center_admin)
    with pytest.raises(WorkflowError, match="尚未经领导审核通过，不能发布"):
        request_publication(draft, center_admin)
    assert Job.objects.filter(kind=PUBLISH_JOB).count() == 1


def test_the_api_queues_the_publication_with_202(
    client: Client, center_admin: User, approved: Issue, no_office: None
) -> None:
    client.force_login(center_admin)
    answer = client.post(f"/api/issues/{approved.pk}/publish/", {"issue_date": "2024-02-08"})
    assert answer.status_code == 202, answer.content
    job = Job.objects.get(kind=PUBLISH_JOB)
    assert answer.json()["job"] == job.pk and answer.json()["job_url"] == f"/jobs/{job.pk}/"
    assert answer.json()["issue"]["status"] == "approved"
    again = client.post(f"/api/issues/{approved.pk}/publish/", {"issue_date": "2024-02-08"})
    assert again.status_code == 409 and "正在发布" in again.json()["detail"]


@pytest.mark.slow  # LibreOffice renders the DOCX and PDF
def test_the_page_answers_at_once_and_the_worker_publishes_rendered_audited_checksummed_files(
    client: Client, center_admin: User, approved: Issue, renders: list[str | None]
) -> None:
    client.force_login(center_admin)
    job = publish_from_page(client, approved)
    assert renders == []  # nothing rendered in the request: it answers at once
    assert not IssueFile.objects.exists() and not LedgerEntry.objects.exists()
    assert work(once=True) == 1
    assert len(renders) == 1  # the worker's one LibreOffice layout, DOCX and PDF together
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 5, 5), job.error
    issue = Issue.objects.get(pk=approved.pk)
    assert (issue.status, issue.year, issue.number, issue.serial) == ("published", 2024, 1, 1)
    files = {f.format: f for f in issue.files.all()}
    assert sorted(files) == ["docx", "html", "pdf", "txt"]
    for f in files.values():
        assert f.sha256 == hashlib.sha256(bytes(f.content)).hexdigest() and f.size > 0
    assert bytes(files["pdf"].content)[:5] == b"%PDF-"
    kinds = list(LedgerEntry.objects.filter(issue_ref=issue.pk).values_list("kind", flat=True))
    assert kinds == [LedgerEntry.Kind.PUBLICATION] + [LedgerEntry.Kind.FILE] * 4
    assert ledger.verify().breaks == []
    assert [r["format"] for r in job.results[0]["files"]] == ["docx", "html", "pdf", "txt"]
    job_page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "已发布" in job_page and files["pdf"].sha256 in job_page
    assert issue.actions.filter(action="publish").get().user == center_admin


QUEUE_A_PUBLICATION = """
import datetime as dt
from servicehall.cases.services import record_event
from servicehall.core.context import acting_as
from servicehall.org.models import Center
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.reports.workflow import request_publication
from servicehall.testing.factories import HandlingItemFactory

with acting_as(None, source="system"):
    center = Center.objects.create(name="测试政务服务中心", short_name="测试中心", is_default=True)
    item = HandlingItemFactory(service_item__department__center=center)
    record_event(event_id="R1", kind="consult", occurred_at=dt.datetime(2024, 1, 23, 9),
                 department=item.service_item.department)
    issue = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    Issue.objects.filter(pk=issue.pk).update(status="approved")  # its review is not the point
    print(request_publication(issue, issue_date=dt.date(2024, 2, 8)).pk)
"""

OUTCOME = """
import json
from servicehall.core.models import Job
from servicehall.reports.models import Issue, LedgerEntry
job, issue = Job.objects.get(), Issue.objects.get()
print(json.dumps([job.status, job.error, job.done, job.worker, issue.status, issue.number,
                  issue.files.count(), LedgerEntry.objects.count()]))
"""


@pytest.mark.slow  # migrates scratch databases and runs `servicehall worker` in processes
@pytest.mark.each_database
def test_servicehall_worker_publishes_in_its_watched_child_or_leaves_the_issue_approved(
    tmp_path: Path,
) -> None:
    import json
    import os
    from pathlib import Path

    from servicehall.testing.scratchdb import cli, python, scratch_environments

    with scratch_environments(tmp_path, "ok", "broken") as (ok, broken):
        for env in (ok, broken):
            assert cli(env, "migrate", "-v", "0").returncode == 0
            queued = python(env, QUEUE_A_PUBLICATION)
            assert queued.returncode == 0, queued.stderr
        # The worker forks a child per job; here LibreOffice is missing from its PATH (every
        # other program of the machine is there: fontconfig, poppler).
        no_office = tmp_path / "bin"
        no_office.mkdir()
        for folder in os.environ["PATH"].split(os.pathsep):
            for program in Path(folder).glob("*") if Path(folder).is_dir() else []:
                target = no_office / program.name
                if program.name not in ("soffice", "libreoffice") and not target.exists():
                    target.symlink_to(program)
        assert cli({**broken, "PATH": str(no_office)}, "worker", "--once").returncode == 0
        status, error, _, worker, issue, number, files, entries = json.loads(
            python(broken, OUTCOME).stdout
        )
        assert (status, issue, number, files, entries) == ("failed", "approved", None, 0, 0)
        assert "未发布，仍为已审核" in error and "LibreOffice not found" in error
        assert worker.split(":")[-1].isdigit()  # claimed by the worker process (host:pid)
        assert cli(ok, "worker", "--once").returncode == 0
        status, error, done, _, issue, number, files, entries = json.loads(
            python(ok, OUTCOME).stdout
        )
        assert (status, done, issue, number, files, entries) == (
            "done", 5, "published", 1, 4, 5
        ), error  # fmt: skip

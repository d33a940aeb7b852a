"""The background job that publishes an issue (发布任务): the renders off the request.

The page and the API check what they can and queue the job (``workflow.request_publication``);
the worker renders the text, HTML, DOCX and PDF, audits the PDF and publishes the issue in one
transaction (``workflow.publish``), its progress step by step on the job's page. A refusal or a
failed render ends the job as failed with the reason, the issue still approved.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model

from servicehall.core.context import acting_as
from servicehall.core.jobs import JobFailed, handler, report
from servicehall.core.models import Job
from servicehall.reports.models import Issue, PublishedIssueError
from servicehall.reports.workflow import PUBLISH_JOB, PUBLISH_STEPS, WorkflowError, publish

log = logging.getLogger(__name__)


@handler(PUBLISH_JOB, results_template="reports/_publish_job_results.html")
def publish_issue(job: Job) -> None:
    """Render, audit, checksum and publish the issue the job names, all or nothing."""
    options = job.options
    issue = Issue.objects.filter(pk=options.get("issue")).first()
    if issue is None:
        raise JobFailed("发布失败：该期次已不存在")
    user = get_user_model().objects.filter(pk=options.get("user")).first()
    report(job, done=0, stage=PUBLISH_STEPS[0], total=len(PUBLISH_STEPS))

    def step(done: int, stage: str) -> None:
        report(job, done=done, stage=stage)

    try:
        with acting_as(user, source="job"):
            published = publish(
                issue,
                user,
                issue_date=dt.date.fromisoformat(options["issue_date"]),
                overlap_reason=options.get("overlap_reason", ""),
                first_serial=options.get("first_serial"),
                progress=step,
            )
    except (WorkflowError, PublishedIssueError) as exc:
        job.results = [{"issue": issue.pk, "label": str(issue), "published": False}]
        raise JobFailed(f"{issue} 未发布，仍为已审核：{exc}") from exc
    job.done, job.stage = len(PUBLISH_STEPS), ""
    job.results = [
        {
            "issue": published.pk,
            "label": str(published),
            "published": True,
            "files": [
                {"format": f.format, "size": f.size, "sha256": f.sha256}
                for f in published.files.order_by("format")
            ],
        }
    ]

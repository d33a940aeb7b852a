"""Background jobs (后台任务): queued in the database, run by `servicehall worker`.

The database is the queue, so nothing else needs installing: a worker claims the oldest queued
job with a conditional UPDATE (only one worker can win it), runs its handler and records
progress after every step, so a page polling the job shows it moving.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, NoReturn

from django.db import transaction
from django.utils import timezone

from servicehall.core.models import Job, JobFile
from servicehall.core.tabular import ImportRejected

log = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[[Job], None]] = {}  # kind → handler, filled by the apps
RESULTS_TEMPLATES: dict[str, str] = {}  # kind → the template that shows its ``results``


JobHandler = Callable[[Job], None]


class JobFailed(Exception):
    """A job that ended as its handler expected to (a rejected file): recorded as failed with
    this message, without a traceback; the results the handler set are kept."""


def handler(kind: str, *, results_template: str = "") -> Callable[[JobHandler], JobHandler]:
    """Register the function that runs jobs of ``kind``, and the template of its results."""

    def register(fn: JobHandler) -> JobHandler:
        HANDLERS[kind] = fn
        if results_template:
            RESULTS_TEMPLATES[kind] = results_template
        return fn

    return register


@transaction.atomic
def enqueue(
    kind: str,
    files: list[tuple[str, bytes]],
    *,
    user: Any = None,
    options: dict[str, Any] | None = None,
) -> Job:
    job = Job.objects.create(
        kind=kind,
        total=len(files),
        created_by=getattr(user, "username", "") or "",
        options=options or {},
    )
    JobFile.objects.bulk_create([JobFile(job=job, name=name, content=data) for name, data in files])
    return job


def reject_file(
    job: Job, name: str, refused: ImportRejected, field_label: Callable[[str], str] = str
) -> NoReturn:
    """End an import job whose file was refused: its row errors as the job's results (each
    column named by ``field_label``), and the failure in words. Nothing was written."""
    job.results = [
        {
            "file": name,
            "status": "rejected",
            "error_total": refused.total,
            "errors": [
                {"row": e.row, "field": field_label(e.field), "message": e.message}
                for e in refused.errors
            ],
        }
    ]
    raise JobFailed(f"导入失败：{name} 共 {refused.total} 处错误，未写入任何数据") from refused


def claim_next() -> Job | None:
    """Take the oldest queued job; None when there is none (or another worker took it)."""
    for job_id in (
        Job.objects.filter(status=Job.Status.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:5]
    ):
        won = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now()
        )
        if won:
            return Job.objects.get(pk=job_id)
    return None


def run(job: Job) -> Job:
    """Run one claimed job to its end; a failure is recorded on the job, never lost."""
    try:
        HANDLERS[job.kind](job)
    except JobFailed as exc:
        job.status = Job.Status.FAILED
        job.error = str(exc)
        job.files.all().delete()
    except Exception:  # the worker must survive any job
        # The traceback goes to the log for the administrator; the page says it in Chinese.
        log.exception("job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.error = (
            f"任务出错中止，未写入任何数据（任务编号 {job.pk}）。"
            "请检查文件后重试；如再次出错，请把任务编号告知系统管理员（详情见服务器日志）。"
        )
    else:
        job.status = Job.Status.DONE
        job.files.all().delete()
    job.finished_at = timezone.now()
    job.save()
    return job


def report(job: Job, *, done: int, stage: str = "", total: int | None = None) -> None:
    """Show how far a running job is (its page polls these fields)."""
    job.done, job.stage = done, stage
    if total is not None:
        job.total = total
    Job.objects.filter(pk=job.pk).update(done=job.done, stage=job.stage, total=job.total)


def progress(job: Job, result: dict[str, Any]) -> None:
    job.done += 1
    job.results = [*job.results, result]
    Job.objects.filter(pk=job.pk).update(done=job.done, results=job.results)


def work(*, once: bool = False, poll_seconds: float = 2.0, max_jobs: int | None = None) -> int:
    """Run jobs until there are none (``once``) or forever; returns how many ran.

    Each app registers its handlers with ``@handler`` when Django starts (its
    ``AppConfig.ready``), so the runner names no app."""
    ran = 0
    while max_jobs is None or ran < max_jobs:
        job = claim_next()
        if job is None:
            if once:
                break
            time.sleep(poll_seconds)
            continue
        run(job)
        ran += 1
    return ran

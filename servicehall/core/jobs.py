"""Background jobs (后台任务): queued in the database, run by `servicehall worker`.

The database is the queue, so nothing else needs installing: a worker claims the oldest queued
job with a conditional UPDATE (only one worker can win it), runs its handler and records
progress after every step, so a page polling the job shows it moving.

No job can stop the others (docs/decisions.md, "Background jobs in the database"): every value
a job stores is made storable first (`core.text.storable`); the worker runs each job in a child
process it watches, so the child's death (a crash, the kernel's OOM killer, a signal) ends that
job as failed with the reason while the worker goes on; the worker writes the job's heartbeat
while the child runs, and any worker reaps a running job whose heartbeat stopped (its worker
died with it), so a restarted worker never waits behind a dead job.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import logging
import multiprocessing
import os
import signal
import socket
import time
from collections.abc import Callable
from typing import Any, NoReturn

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.utils import timezone

from servicehall.core.models import Job, JobFile
from servicehall.core.tabular import ImportRejected
from servicehall.core.text import storable

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


def starters_center_path(user: Any) -> str | None:
    """The path of the center of who starts a job (its readers are that subtree's), or None
    when no login starts it (the command line: the default center's)."""
    center = getattr(user, "center", None)
    return getattr(center, "path", None) or None


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
        center_path=starters_center_path(user),
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
        now = timezone.now()
        won = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, worker=_me()
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
    except Exception:  # the worker must survive any job
        # The traceback goes to the log for the administrator; the page says it in Chinese.
        log.exception("job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.error = (
            f"任务出错中止，未写入任何数据（任务编号 {job.pk}）。"
            "请检查文件后重试；如再次出错，请把任务编号告知系统管理员（详情见服务器日志）。"
        )
        _finish(job, keep_files=True)  # the administrator may want the file that broke it
        return job
    else:
        job.status = Job.Status.DONE
    _finish(job)
    return job


def _finish(job: Job, *, keep_files: bool = False) -> None:
    """Store how the job ended, only if it is still running (a reaped job stays reaped); if its
    results cannot be stored, the job still ends, as failed, saying so."""
    job.finished_at = timezone.now()
    fields = ("status", "error", "results", "done", "total", "stage", "finished_at")
    try:
        with transaction.atomic():
            ended = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                **{name: storable(getattr(job, name)) for name in fields}
            )
            if ended and not keep_files:
                job.files.all().delete()
    except DatabaseError:
        log.exception("job %s: its results could not be stored", job.pk)
        close_old_connections()
        job.status, job.results = Job.Status.FAILED, []
        job.error = (
            f"任务结果无法保存，任务已中止（任务编号 {job.pk}）。"
            "请把任务编号告知系统管理员（详情见服务器日志）。"
        )
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=job.status, results=[], error=job.error, finished_at=job.finished_at
        )


def report(job: Job, *, done: int, stage: str = "", total: int | None = None) -> None:
    """Show how far a running job is (its page polls these fields)."""
    job.done, job.stage = done, str(storable(stage))
    if total is not None:
        job.total = total
    Job.objects.filter(pk=job.pk).update(done=job.done, stage=job.stage, total=job.total)


def progress(job: Job, result: dict[str, Any]) -> None:
    job.done += 1
    job.results = [*job.results, storable(result)]
    Job.objects.filter(pk=job.pk).update(done=job.done, results=job.results)


def fail(job_id: int, reason: str) -> bool:
    """End a running job as failed with ``reason`` (its results so far are kept); False when
    it had already ended."""
    ended = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, error=reason, finished_at=timezone.now()
    )
    if ended:
        JobFile.objects.filter(job_id=job_id).delete()
    return bool(ended)


def reap_stale(now: dt.datetime | None = None) -> list[int]:
    """End as failed every running job whose worker died; the ids reaped.

    A worker of this machine is asked directly: gone (or this very process, between jobs, so
    a past life of it) means dead now. A worker elsewhere is dead when its heartbeat is older
    than ``SERVICEHALL_JOB_STALE_SECONDS``. A live local worker is never reaped for a late
    heartbeat: on SQLite its beat may wait behind the job's own long write."""
    now = now or timezone.now()
    limit = now - dt.timedelta(seconds=settings.SERVICEHALL_JOB_STALE_SECONDS)
    reaped = []
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        alive = _alive(job.worker)
        if alive is False:
            why = f"执行它的后台进程（{job.worker}）已不存在"
        elif alive is None and (job.heartbeat_at is None or job.heartbeat_at < limit):
            seen = (
                timezone.localtime(job.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S")
                if job.heartbeat_at
                else "无"
            )
            why = f"执行它的后台进程（{job.worker or '未知'}）已停止响应，最后心跳 {seen}"
        else:
            continue
        reason = f"任务中止：{why}（任务编号 {job.pk}）。已完成的部分见结果，请重新提交。"
        if fail(job.pk, reason):
            log.error("job %s reaped: %s", job.pk, why)
            reaped.append(job.pk)
    return reaped


def _alive(worker: str) -> bool | None:
    """Whether the worker ``host:pid`` runs; None when it is not of this machine."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    if int(pid) == os.getpid():
        return False  # this worker, between jobs: the job was its past life's
    if not os.path.isdir("/proc"):  # not Linux: whether the pid exists at all
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as stream:
            command = stream.read()
    except FileNotFoundError:
        return False
    except OSError:
        return None
    return b"servicehall" in command  # a reused pid is another program


def death_reason(job_id: int, exitcode: int | None, *, timed_out: bool = False) -> str:
    """The failure in words of a job whose child process ended without ending it."""
    if timed_out:
        how = f"超过 {settings.SERVICEHALL_JOB_TIMEOUT_SECONDS} 秒仍未完成，已被终止"
    elif exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = "，可能是内存不足" if -exitcode == signal.SIGKILL else ""
        how = f"执行它的进程被系统终止（{name}{hint}）"
    else:
        how = f"执行它的进程意外退出（退出码 {exitcode}）"
    return (
        f"任务中止：{how}（任务编号 {job_id}）。已完成的部分见结果；"
        "请检查文件后重试，如再次出错，请把任务编号告知系统管理员。"
    )


def run_isolated(job: Job) -> Job:
    """Run the job in a child process while this one writes its heartbeat; the child's death
    (or a run past ``SERVICEHALL_JOB_TIMEOUT_SECONDS``) ends the job as failed with why."""
    connections.close_all()  # the child opens its own; a connection never crosses a fork
    child = multiprocessing.get_context("fork").Process(
        target=_run_child, args=(job.pk,), name=f"servicehall-job-{job.pk}"
    )
    child.start()
    deadline = time.monotonic() + settings.SERVICEHALL_JOB_TIMEOUT_SECONDS
    timed_out = False
    while True:
        child.join(settings.SERVICEHALL_JOB_HEARTBEAT_SECONDS)
        if child.exitcode is not None:
            break
        if time.monotonic() > deadline:
            timed_out = True
            child.kill()
            child.join()
            break
        _beat(job.pk)
    close_old_connections()
    died = timed_out or child.exitcode != 0
    if died and fail(job.pk, death_reason(job.pk, child.exitcode, timed_out=timed_out)):
        log.error("job %s: its process ended with %s", job.pk, child.exitcode)
    job.refresh_from_db()
    return job


def _run_child(job_id: int) -> None:
    _die_with_parent()
    try:
        run(Job.objects.get(pk=job_id))
    finally:
        connections.close_all()


def _die_with_parent() -> None:
    """Linux: the child is killed when the worker dies, so a reaped job never ends twice."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _beat(job_id: int) -> None:
    try:
        Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
    except DatabaseError:  # the database away for a moment: the next beat will tell
        log.warning("job %s: heartbeat not written", job_id, exc_info=True)
        close_old_connections()


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def work(
    *,
    once: bool = False,
    poll_seconds: float = 2.0,
    max_jobs: int | None = None,
    isolate: bool = False,
) -> int:
    """Run jobs until there are none (``once``) or forever; returns how many ran.

    ``isolate`` runs each in a watched child process (`servicehall worker` does; tests on an
    in-memory database run in this process). Each pass first reaps the jobs whose worker died.
    A database that goes away is waited for, not fatal. Each app registers its handlers with
    ``@handler`` when Django starts (its ``AppConfig.ready``), so the runner names no app."""
    ran = 0
    while max_jobs is None or ran < max_jobs:
        try:
            reap_stale()
            job = claim_next()
        except DatabaseError:
            log.exception("worker: the database refused; retrying in %s s", poll_seconds)
            close_old_connections()
            if once:
                raise
            time.sleep(poll_seconds)
            continue
        if job is None:
            if once:
                break
            time.sleep(poll_seconds)
            continue
        (run_isolated if isolate else run)(job)
        ran += 1
    return ran

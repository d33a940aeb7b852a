"""The background job that imports an uploaded file of platform figures (平台办件统计导入任务)."""

from __future__ import annotations

from pathlib import Path

from servicehall.core.context import acting_as
from servicehall.core.jobs import handler, reject_file, report
from servicehall.core.models import Job
from servicehall.core.tabular import ImportRejected
from servicehall.journal.platform_import import COLUMN_LABELS, import_platform_counts

IMPORT_PLATFORM_JOB = "import_platform"
SHOWN_CHANGES = 500  # the result lists at most this many added or changed rows


def column_label(field: str) -> str:
    """A file column as the page names it: ``day（日期）``; other fields (文件) as they are."""
    label = COLUMN_LABELS.get(field)
    return f"{field}（{label}）" if label else field


@handler(IMPORT_PLATFORM_JOB, results_template="journal/_platform_job_results.html")
def import_platform_file(job: Job) -> None:
    """One file of daily figures, all or nothing; the same file again changes nothing."""
    upload = job.files.get()
    report(job, done=0, stage="读取校验")
    try:
        with acting_as(None, source="import"):
            result = import_platform_counts(
                Path(upload.name), data=bytes(upload.content), imported_by=job.created_by or "web"
            )
    except ImportRejected as exc:
        reject_file(job, upload.name, exc, column_label)
    job.done = job.total = result.rows
    job.stage = ""
    job.results = [
        {
            "file": upload.name,
            "status": "imported",
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "changes": result.changes[:SHOWN_CHANGES],
            "changes_total": len(result.changes),
        }
    ]

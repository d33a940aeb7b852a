"""The background job that imports an uploaded events file (办件事件导入任务)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from servicehall.cases.importer import import_events
from servicehall.core.context import acting_as
from servicehall.core.jobs import handler, reject_file, report
from servicehall.core.models import Job
from servicehall.core.tabular import ImportRejected, estimated_rows

IMPORT_EVENTS_JOB = "import_events"


@handler(IMPORT_EVENTS_JOB, results_template="cases/_import_job_results.html")
def import_events_file(job: Job) -> None:
    """One file, all or nothing, its progress shown on the job's page while it is read."""
    upload = job.files.get()
    suffix = Path(upload.name).suffix.lower()
    # On disk, so the importer streams it instead of holding a second copy in memory.
    with tempfile.NamedTemporaryFile(prefix="servicehall-events-", suffix=suffix) as tmp:
        tmp.write(upload.content)
        tmp.flush()
        path = Path(tmp.name)
        expected = estimated_rows(path) or 0
        report(job, done=0, stage="读取校验", total=expected)

        def progress(rows: int, stage: str) -> None:
            report(job, done=rows, stage=stage, total=max(expected, rows))

        try:
            with acting_as(None, source="import"):
                result = import_events(
                    path,
                    strict=job.options.get("strict", True),
                    imported_by=job.created_by or "web",
                    progress=progress,
                    name=upload.name,
                )
        except ImportRejected as exc:
            reject_file(job, upload.name, exc)
    job.done = job.total = result.rows
    job.stage = ""
    job.results = [{"file": upload.name, "status": "imported", **result.as_dict()}]

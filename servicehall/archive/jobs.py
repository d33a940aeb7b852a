"""The background job that imports many past reports at once (批量导入往期报告)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servicehall.archive.extract import ReportFileError
from servicehall.archive.services import ImportConflict, store_report
from servicehall.core.context import acting_as
from servicehall.core.jobs import handler, progress
from servicehall.core.models import Job


@handler("import_reports", results_template="archive/_job_results.html")
def import_reports(job: Job) -> None:
    """Each file in its own transaction: one bad file does not undo the good ones."""
    for upload in job.files.all():
        result: dict[str, Any] = {"file": upload.name}
        try:
            with acting_as(None, source="import"):
                stored = store_report(
                    Path(upload.name), data=bytes(upload.content), name=upload.name
                )
        except (ReportFileError, ImportConflict) as exc:
            result.update(status="error", message=str(exc))
        else:
            result.update(
                status="created" if stored.created else "exists",
                label=stored.label,
                kind=stored.kind,
                warnings=stored.document.warnings[:5],
            )
        progress(job, result)

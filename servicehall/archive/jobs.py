"""The background job that imports many past reports at once (批量导入往期报告).

Files come one by one or packed in .zip archives (a whole folder of past issues); each report is
stored in its own transaction, so one bad file does not undo the good ones. The job's results
list every file: imported, already there, kept as an unnumbered document, or failed and why.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import IntegrityError

from servicehall.archive.extract import SUPPORTED_SUFFIXES, ReportFileError
from servicehall.archive.services import ImportConflict, StoredReport, store_report
from servicehall.core.context import acting_as
from servicehall.core.jobs import handler, progress, report
from servicehall.core.models import Job
from servicehall.core.uploads import UploadRefused, check_size, check_zip
from servicehall.org.models import Center

IMPORT_REPORTS_JOB = "import_reports"


@handler(IMPORT_REPORTS_JOB, results_template="archive/_job_results.html")
def import_reports(job: Job) -> None:
    """Each report in its own transaction; archives are opened in the worker, not the request."""
    files = list(_files(job))
    report(job, done=0, stage="导入", total=len(files))
    # A past document is the center's of who started the job (None: the default center's).
    center = Center.objects.filter(path=job.center_path).first() if job.center_path else None
    for name, data, refusal in files:
        result: dict[str, Any] = {"file": name}
        if refusal:
            result.update(status="error", message=refusal)
            progress(job, result)
            continue
        try:
            stored = _store(name, data, center)
        except (ReportFileError, ImportConflict) as exc:
            result.update(status="error", message=str(exc))
        else:
            status = {
                "issue": "created",
                "disputed": "disputed",
                "document": "document",
                "conflict": "conflict",
            }[stored.kind]
            result.update(
                status=status if stored.created else "exists",
                label=stored.label,
                kind=stored.kind,
                warnings=stored.document.warnings[:5],
            )
        progress(job, result)
    job.results = [*job.results, {"summary": summarise(job.results)}]
    job.stage = ""


def _store(name: str, data: bytes, center: Center | None) -> StoredReport:
    """Store one file; once more where a parallel import (another worker's job of the same
    file, the command) took its series or its number between our look and our write: the
    file is then what that import stored ("exists"), never a failed job."""
    try:
        with acting_as(None, source="import"):
            return store_report(Path(name), data=data, name=name, center=center)
    except IntegrityError:
        with acting_as(None, source="import"):
            return store_report(Path(name), data=data, name=name, center=center)


def summarise(results: list[dict[str, Any]]) -> dict[str, int]:
    """How many files ended each way (导入汇总)."""
    counts = {
        "created": 0,
        "disputed": 0,
        "exists": 0,
        "document": 0,
        "conflict": 0,
        "error": 0,
    }
    for result in results:
        if "status" in result:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts


def _files(job: Job) -> Iterator[tuple[str, bytes, str]]:
    """(name, content, refusal) of every report of the job, .zip archives opened."""
    for upload in job.files.order_by("pk"):
        content = bytes(upload.content)
        if not upload.name.lower().endswith(".zip"):
            yield upload.name, content, ""
            continue
        try:
            check_zip(io.BytesIO(content), upload.name)
        except UploadRefused as exc:
            yield upload.name, b"", str(exc)
            continue
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in sorted(archive.infolist(), key=lambda m: _member_name(m)):
                name = _inside(_member_name(member))
                if member.is_dir() or _hidden(name):
                    continue
                inner = f"{upload.name}/{name}"
                suffix = PurePosixPath(name).suffix.lower()
                if suffix not in SUPPORTED_SUFFIXES:
                    yield inner, b"", f"不支持的文件格式“{suffix or '无扩展名'}”，已跳过"
                    continue
                try:
                    check_size(inner, member.file_size, suffix)
                except UploadRefused as exc:
                    yield inner, b"", str(exc)
                    continue
                yield inner, archive.read(member), ""


def _member_name(member: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: Windows zips store Chinese names in GBK
    without saying so (no UTF-8 flag), which zipfile reads as cp437."""
    if member.flag_bits & 0x800:
        return member.filename
    try:
        return member.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return member.filename


def _inside(name: str) -> str:
    """A member's name without the parts that climb out of the archive ("../", "./", a root or
    a drive): a zip written by a hostile or careless tool is read as the folder it unpacks to,
    and its report is imported under the name left, never skipped as a hidden file for ".."."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return "/".join(p for p in parts if p not in ("/", ".", "..") and not p.endswith(":"))


def _hidden(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)

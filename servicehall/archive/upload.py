"""Past reports uploaded in bulk (批量导入往期报告): the page; the job that imports them is
``archive.jobs`` (its name defined there, once)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from servicehall.archive.jobs import IMPORT_REPORTS_JOB
from servicehall.core.jobs import enqueue
from servicehall.core.models import Job
from servicehall.core.uploads import UploadRefused, check_size, refused_upload
from servicehall.reports.views._access import require_editor

MAX_UPLOAD_FILES = 500


@login_required
def archive_upload(request: HttpRequest) -> HttpResponse:
    """Upload many past reports; a background job imports them (批量导入往期报告)."""
    require_editor(request.user)
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        too_large = _too_large(uploads)
        if refused := refused_upload(request):
            messages.error(request, refused)
        elif not uploads:
            messages.error(request, "请选择要导入的文件")
        elif len(uploads) > MAX_UPLOAD_FILES:
            messages.error(request, f"一次最多导入 {MAX_UPLOAD_FILES} 个文件")
        elif too_large:
            messages.error(request, "未导入任何文件：" + "；".join(too_large))
        else:
            job = enqueue(
                IMPORT_REPORTS_JOB, [(f.name or "", f.read()) for f in uploads], user=request.user
            )
            return redirect("core:job", pk=job.pk)
    jobs = Job.objects.for_user(request.user).filter(kind=IMPORT_REPORTS_JOB)[:20]
    return render(request, "archive/upload.html", {"title": "导入往期报告", "jobs": jobs})


def _too_large(uploads: list[UploadedFile]) -> list[str]:
    """Why each file past its kind's size limit is refused (core.uploads)."""
    refusals = []
    for upload in uploads:
        name = upload.name or ""
        kind = Path(name).suffix.lower()
        if kind in settings.SERVICEHALL_UPLOAD_LIMITS_MB:
            try:
                check_size(name, upload.size or 0, kind)
            except UploadRefused as exc:
                refusals.append(str(exc))
    return refusals

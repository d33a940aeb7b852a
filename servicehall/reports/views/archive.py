"""Past reports uploaded in bulk (批量导入往期报告) and the background job that imports them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from servicehall.core.jobs import enqueue
from servicehall.core.models import Job
from servicehall.reports.views._access import require_editor

MAX_UPLOAD_FILES = 500
IMPORT_JOB = "import_reports"  # the handler is registered by the archive app


@login_required
def archive_upload(request: HttpRequest) -> HttpResponse:
    """Upload many past reports; a background job imports them (批量导入往期报告)."""
    require_editor(request.user)
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, "请选择要导入的文件")
        elif len(uploads) > MAX_UPLOAD_FILES:
            messages.error(request, f"一次最多导入 {MAX_UPLOAD_FILES} 个文件")
        else:
            job = enqueue(
                IMPORT_JOB, [(f.name or "", f.read()) for f in uploads], user=request.user
            )
            return redirect("core:job", pk=job.pk)
    jobs = Job.objects.for_user(request.user).filter(kind=IMPORT_JOB)[:20]
    return render(request, "reports/archive_upload.html", {"title": "导入往期报告", "jobs": jobs})

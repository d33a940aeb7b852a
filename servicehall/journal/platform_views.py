"""The integrated platform's daily figures on the web (一体化平台办件统计): the center admin
uploads the platform's file; everybody reads the figures it holds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from servicehall.cases.models import ImportBatch
from servicehall.core.forms import TabularUploadForm
from servicehall.core.generic import ScopedListView
from servicehall.core.jobs import enqueue
from servicehall.core.models import Job
from servicehall.core.uploads import refused_upload
from servicehall.journal.filters import PlatformDailyCountFilterSet
from servicehall.journal.jobs import IMPORT_PLATFORM_JOB
from servicehall.journal.models import PlatformDailyCount
from servicehall.journal.platform_import import COLUMN_LABELS, KINDS


class PlatformImportForm(TabularUploadForm):
    """A file of daily figures exported from the integrated platform (平台办件统计文件)."""

    # The same kind of table as an events file, far shorter: the same limit holds it.
    upload_limit = "events"
    file = forms.FileField(label="统计文件", help_text=".csv 或 .xlsx，列见说明")


def _require_admin(user: Any) -> None:
    if not (user.is_superuser or user.is_center_admin):
        raise PermissionDenied("仅中心管理员可导入平台办件统计")


@login_required
def platform_import(request: HttpRequest) -> HttpResponse:
    """Upload a file of figures; a background job checks every row, writes all or none, and
    its page lists what was added and what changed. The same file again changes nothing."""
    _require_admin(request.user)
    form = PlatformImportForm(request.POST or None, request.FILES or None)
    if refused := refused_upload(request):
        messages.error(request, refused)
        form = PlatformImportForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = enqueue(IMPORT_PLATFORM_JOB, [(upload.name, upload.read())], user=request.user)
        return redirect("core:job", pk=job.pk)
    context = {
        "title": "平台数据导入",
        "form": form,
        "columns": [f"{name}（{label}）" for name, label in COLUMN_LABELS.items()],
        "kinds": "、".join(k for k in KINDS if not k.isascii()),
        "jobs": Job.objects.for_user(request.user).filter(kind=IMPORT_PLATFORM_JOB)[:20],
        "batches": ImportBatch.objects.filter(kind="platform").order_by("-imported_at")[:50],
    }
    return render(request, "journal/platform_import.html", context)


class PlatformDailyCountListView(ScopedListView):
    """The platform's figures as held, newest day first (每日受理、办结)."""

    model = PlatformDailyCount
    filterset_class = PlatformDailyCountFilterSet
    select_related = ["batch"]
    columns = [
        ("日期", "day"),
        ("事项类型", "item_kind"),
        ("受理", "accepted"),
        ("办结", "completed"),
        ("导入批次", "batch.file_name"),
    ]

    def get_queryset(self) -> QuerySet[PlatformDailyCount]:
        return super().get_queryset().order_by("-day", "item_kind")

"""The window desk (综窗登记) and the event import page (事件导入)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from servicehall.accounts.models import User
from servicehall.accounts.requests import AuthenticatedHttpRequest
from servicehall.cases import batches, queries, slips, stages, window
from servicehall.cases import desk as workbench
from servicehall.cases.entry import EntryProblem
from servicehall.cases.eventfile import COLUMNS, EVENT_COLUMNS, OPTIONAL
from servicehall.cases.filters import CaseEventFilterSet, CaseFlowFilterSet, OpenCaseFilterSet
from servicehall.cases.forms import EventImportForm, WindowEventForm
from servicehall.cases.importer import CHANNEL_NAMES, KIND_NAMES
from servicehall.cases.jobs import IMPORT_EVENTS_JOB
from servicehall.cases.models import Case, CaseEvent, ImportBatch
from servicehall.catalog import search
from servicehall.catalog.models import HandlingItem
from servicehall.core.exports import content_disposition
from servicehall.core.generic import CappedPaginator, ScopedListView
from servicehall.core.jobs import enqueue
from servicehall.core.models import Job
from servicehall.core.permissions import CHANGE, VIEW, can_add
from servicehall.core.text import record_id
from servicehall.core.uploads import refused_upload


def _require_window_role(user: User) -> None:
    # Only window staff and center admins register at the window; the log is theirs to write.
    if not can_add(user, CaseEvent):
        raise PermissionDenied("仅综窗工作人员和中心管理员可登记办件")


def _desk_context(
    request: AuthenticatedHttpRequest, form: WindowEventForm, today: dt.date, last_case: str
) -> dict[str, Any]:
    window_code = form["window_code"].value() or ""
    rows, total = workbench.window_cases(request.user, window_code, today)
    return {
        "title": "综窗登记",
        "form": form,
        "events": queries.events_on(request.user, today),
        "step_keys": workbench.STEP_KEYS,
        "last_case": last_case,
        "window_code": window_code,
        "open_rows": rows,
        "open_total": total,
    }


@login_required
def desk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The window desk: register 咨询/受理/流转/颁发/办结 from the keyboard, with the chosen
    item's handbook beside the form and the window's open cases below it."""
    _require_window_role(request.user)
    today = timezone.localdate()
    # The clerk's last step, window and case stay chosen for the next one (a row of 咨询 at
    # A01; 流转 of the case just accepted), carried by this page's address and form: never by
    # the session, which every tab and every overlapping request of the browser shares.
    page = workbench.DeskPage.read(request.POST if request.method == "POST" else request.GET)
    initial = {"kind": page.kind, "window_code": page.window_code}
    form = WindowEventForm(request.POST or None, user=request.user, day=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = window.register(
                request.user,
                kind=data["kind"],
                case_no=data["case_no"],
                department=data["department"],
                handling_item=data["handling_item"],
                applicant=data["applicant"],
                window_code=data["window_code"],
                proxy_reason=data["proxy_reason"],
            )
        except window.WindowError as exc:
            # Each reason of the entry rules beside its field; any other above the form.
            problems: Sequence[EntryProblem | None] = exc.problems or [None]
            for problem in problems:
                field = problem.field if problem and problem.field in form.fields else None
                form.add_error(field, problem.message if problem else str(exc))
        else:
            messages.success(request, window.confirmation(event))
            after = workbench.DeskPage(
                kind=data["kind"],
                window_code=data["window_code"],
                last_case=event.case_no or page.last_case,
            )
            return redirect(after.url())
    return render(request, "cases/desk.html", _desk_context(request, form, today, page.last_case))


@login_required
def desk_items(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The 办理项 matching what the clerk typed (code, name or pinyin initials), within the
    chosen department if any (htmx, for the desk's search list)."""
    _require_window_role(request.user)
    items = HandlingItem.objects.for_user(request.user, VIEW)
    department = record_id(request.GET.get("department"))
    if department is not None:
        items = items.filter(service_item__department_id=department)
    # A NUL is no text a clerk types, and PostgreSQL refuses it in a query.
    query = request.GET.get("item_query", "").replace("\x00", "")[:100]
    found = search.search(items.exclude(delisted_on__lte=timezone.localdate()), query)
    return render(request, "cases/_item_results.html", {"items": found, "query": query})


@login_required
def desk_handbook(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The handbook of one 办理项 beside the desk's form (htmx)."""
    _require_window_role(request.user)
    item = get_object_or_404(
        HandlingItem.objects.for_user(request.user, VIEW).select_related(
            "service_item__department"
        ),
        pk=pk,
    )
    book = workbench.handbook(item, timezone.localdate())
    return render(request, "cases/_handbook.html", {"book": book})


@login_required
def desk_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The window's open cases alone (htmx refresh after each step)."""
    _require_window_role(request.user)
    today = timezone.localdate()
    window_code = request.GET.get("window_code", "")
    rows, total = workbench.window_cases(request.user, window_code, today)
    context = {"open_rows": rows, "open_total": total, "window_code": window_code}
    return render(request, "cases/_window_cases.html", context)


@login_required
def case_slip(request: AuthenticatedHttpRequest, case_no: str, kind: str) -> HttpResponse:
    """The acceptance notice or the transfer slip of a case, as PDF (``?format=docx``: the
    DOCX), for the window to print."""
    if kind not in slips.SLIPS:
        raise Http404("没有这种单据")
    case = get_object_or_404(
        Case.objects.for_user(request.user, VIEW).select_related(
            "department", "handling_item__service_item"
        ),
        case_no=case_no,
    )
    try:
        slip = slips.SLIPS[kind](case)
    except slips.SlipUnavailable as exc:
        messages.error(request, str(exc))
        # Back to the desk for the window; to the case list for whoever may not use the desk.
        return redirect("cases:desk" if can_add(request.user, CaseEvent) else "cases:case_list")
    if request.GET.get("format") == "docx":
        body, suffix = slip.docx, "docx"
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body, suffix, content_type = slip.pdf(), "pdf", "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        f"{slip.filename}.{suffix}", inline=suffix == "pdf"
    )
    return response


@login_required
def events_today(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list of today's events alone (htmx partial refresh)."""
    _require_window_role(request.user)
    events = queries.events_on(request.user, timezone.localdate())
    return render(request, "cases/_events_today.html", {"events": events})


@login_required
def import_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload an events file; a background job imports it, all rows or none, with progress."""
    if not (request.user.is_superuser or request.user.is_center_admin):
        raise PermissionDenied("仅中心管理员可导入办件事件")
    form = EventImportForm(request.POST or None, request.FILES or None)
    if refused := refused_upload(request):
        messages.error(request, refused)
        form = EventImportForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = enqueue(
            IMPORT_EVENTS_JOB,
            [(upload.name, upload.read())],
            user=request.user,
            options={"strict": not form.cleaned_data["lenient"]},
        )
        return redirect("core:job", pk=job.pk)
    context = {
        "title": "事件导入",
        "form": form,
        "columns": COLUMNS,
        "optional_columns": OPTIONAL,
        "kind_names": KIND_NAMES,
        "channel_names": CHANNEL_NAMES,
        "jobs": Job.objects.for_user(request.user).filter(kind=IMPORT_EVENTS_JOB)[:20],
        "batches": ImportBatch.objects.for_user(request.user)
        .filter(kind="events")
        .order_by("-imported_at")[:50],
    }
    return render(request, "cases/import.html", context)


@login_required
@require_POST
def batch_rollback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take an events batch back, with the admin's reason (撤销导入批次)."""
    if not (request.user.is_superuser or request.user.is_center_admin):
        raise PermissionDenied("仅中心管理员可撤销导入批次")
    # Only a batch of the admin's own subtree: another center's import is not theirs to undo.
    batch = get_object_or_404(ImportBatch.objects.for_user(request.user, CHANGE), pk=pk)
    try:
        removed = batches.roll_back(
            batch, user=request.user.username, reason=request.POST.get("reason", "")
        )
    except batches.RollbackRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已撤销导入批次“{batch.file_name}”：删除 {removed} 条事件")
    return redirect(reverse("cases:import") + "#batches")


class CaseEventListView(ScopedListView):
    """The case event log (办件事件), filtered and exportable: the records behind every count."""

    model = CaseEvent
    filterset_class = CaseEventFilterSet
    title = "办件事件"
    select_related = ["department__center"]
    # The event file's columns, in its order; the department as registered when it is known,
    # and its center (the file's ``center``: an export imports back into the same centers).
    columns = [
        ("部门", lambda e: e.department.name if e.department_id else e.department_name)
        if c.name == "department"
        else ("中心", lambda e: e.department.center.name if e.department_id else "")
        if c.name == "center"
        else (c.label, c.field)
        for c in EVENT_COLUMNS
    ]

    # The log's day comes first in the order (occurred_on follows occurred_at): the day index
    # then gives the newest rows without sorting the whole log.
    paginator_class = CappedPaginator

    def get_queryset(self) -> QuerySet[CaseEvent]:
        return super().get_queryset().order_by("-occurred_on", "-occurred_at", "-id")


class OpenCaseListView(ScopedListView):
    """Open cases and their promised dates (在办件), with the working days left, as the user may
    see them: a liaison its department's, the window and the center all of them."""

    model = Case
    filterset_class = OpenCaseFilterSet
    title = "在办件"
    columns = [
        ("办件编号", "case_no"),
        ("部门", "department"),
        ("办理项", "handling_item"),
        ("受理时间", "accepted_at"),
        ("他处受理", "accepted_elsewhere"),
        ("承诺办结日期", "promised_by"),
        ("延误环节", stages.late_stage_column),
        ("剩余时限", lambda case: queries.countdown(case, timezone.localdate())),
    ]

    def get_queryset(self) -> QuerySet[Case]:
        return stages.with_stage_events(queries.open_cases(super().get_queryset()))


class CaseListView(ScopedListView):
    """The register of cases (办件), filtered as the period report's counts open it."""

    model = Case
    filterset_class = CaseFlowFilterSet
    title = "办件"
    select_related = ["department", "handling_item__service_item"]
    paginator_class = CappedPaginator  # 105,000 demo cases: an exact count was half the page
    columns = [
        ("办件编号", "case_no"),
        ("部门", "department"),
        ("办理项", "handling_item"),
        ("事项类型", "handling_item.service_item.kind"),
        ("受理时间", "accepted_at"),
        ("他处受理", "accepted_elsewhere"),
        ("承诺办结日期", "promised_by"),
        ("办结时间", "completed_at"),
        ("各部门用时（工作日）", stages.department_days_column),
        ("延误环节", stages.late_stage_column),
    ]

    def get_queryset(self) -> QuerySet[Case]:
        return stages.with_stage_events(super().get_queryset()).order_by("-accepted_at", "case_no")

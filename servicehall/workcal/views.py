"""Pages of the working-day calendar (工作日历): every role reads it, a center admin edits it."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicehall.core.dates import DateError, parse_year
from servicehall.core.permissions import VIEW
from servicehall.workcal import local, workdays
from servicehall.workcal.checks import calendar_warnings
from servicehall.workcal.forms import CalendarYearForm, LocalDayForm
from servicehall.workcal.models import CalendarDay, CalendarYear, LocalDay
from servicehall.workcal.services import CalendarError, estimate_year, format_entries, save_year

FIRST_YEAR, LAST_YEAR = 2000, 2099


def _is_admin(request: HttpRequest) -> bool:
    """The calendar is the State Council's, shared by every center: kept by an admin whose
    subtree holds the default center (the province's), never by a city's or a county's."""
    user = request.user
    return bool(
        getattr(user, "is_center_admin", False) and getattr(user, "scope_sees_unassigned", False)
    )


def _admin_only(request: HttpRequest) -> None:
    if not _is_admin(request):
        raise PermissionDenied("只有默认中心的管理员可以修改工作日历（各中心共用国务院公布的日历）")


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("年度超出范围")
    return year


@login_required
def year_list(request: HttpRequest) -> HttpResponse:
    years = CalendarYear.objects.annotate(
        holidays=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
        workdays=Count("days", filter=Q(days__kind=CalendarDay.Kind.WORKDAY)),
    ).order_by("-year")
    return render(
        request,
        "workcal/year_list.html",
        {
            "title": "工作日历",
            "years": years,
            "warnings": calendar_warnings(),
            "next_year": dt.date.today().year + 1,
            "can_edit": _is_admin(request),
        },
    )


@login_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    calendar = get_object_or_404(CalendarYear, year=_checked_year(year))
    named = {d.date: d for d in calendar.days.all()}
    # The reader's own center's days: the national table with its and its parents' local days.
    center = getattr(request.user, "center", None)
    own = workdays.calendar(center)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar().monthdatescalendar(year, month):
            cells = []
            for day in week:
                entry = named.get(day)
                cells.append(
                    {
                        "day": day.day if day.month == month else "",
                        "work": own.is_workday(day),
                        "entry": entry if day.month == month else None,
                    }
                )
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return render(
        request,
        "workcal/year_detail.html",
        {
            "title": f"{year} 年工作日历",
            "calendar": calendar,
            "months": months,
            "days": list(named.values()),
            "working_days": own.working_days_between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            "center": center,
            "can_edit": _is_admin(request),
        },
    )


@login_required
def year_edit(request: HttpRequest, year: int) -> HttpResponse:
    _admin_only(request)
    calendar = CalendarYear.objects.filter(year=_checked_year(year)).first()
    if request.method == "POST":
        form = CalendarYearForm(request.POST, year=year)
        if form.is_valid():
            data = form.cleaned_data
            save_year(
                year,
                status=data["status"],
                source=data["source"],
                source_url=data["source_url"],
                note=data["note"],
                entries=form.entries,
            )
            messages.success(request, f"{year} 年工作日历已保存（{len(form.entries)} 天）")
            return redirect("workcal:year", year=year)
    else:
        initial = (
            {
                "status": calendar.status,
                "source": calendar.source,
                "source_url": calendar.source_url,
                "note": calendar.note,
                "days": format_entries(calendar),
            }
            if calendar
            else {"status": CalendarYear.Status.PUBLISHED}
        )
        form = CalendarYearForm(initial=initial, year=year)
    return render(
        request,
        "workcal/year_edit.html",
        {"title": f"修改 {year} 年工作日历", "form": form, "year": year, "calendar": calendar},
    )


@login_required
@require_POST
def year_estimate(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    try:
        year = _checked_year(parse_year(request.POST.get("year")))
    except DateError as exc:
        messages.error(request, str(exc))
        return redirect("workcal:list")
    try:
        estimate_year(year)
    except CalendarError as exc:
        messages.error(request, str(exc))
        return redirect("workcal:list")
    messages.warning(
        request, f"已按法定假日预估 {year} 年（未含调休）：国务院办公厅通知公布后请修改"
    )
    return redirect("workcal:year", year=year)


# ---- a center's own days (本地节假日与调休) --------------------------------------------------------


def _local_page(request: HttpRequest, form: LocalDayForm) -> HttpResponse:
    user = request.user
    center = getattr(user, "center", None)
    rows = (
        LocalDay.objects.for_user(user, VIEW)
        .select_related("center")
        .order_by("-date", "center__path")
    )
    return render(
        request,
        "workcal/local_list.html",
        {
            "title": "本地节假日与调休",
            "rows": [(row, local.may_keep(user, row.center_id)) for row in rows],
            "center": center,
            "form": form,
            "can_add": center is not None and local.may_keep(user, center.pk),
        },
    )


@login_required
def local_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _local_page(request, LocalDayForm())
    center = getattr(request.user, "center", None)
    if center is None or not local.may_keep(request.user, center.pk):
        raise PermissionDenied("只有本中心管理员可以维护本中心的节假日与调休")
    form = LocalDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = local.add(
                center, data["date"], data["kind"], data["name"], note=data["note"],
                by=request.user,
            )  # fmt: skip
        except local.LocalDayError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记 {center}：{added}")
            return redirect("workcal:local")
    return _local_page(request, form)  # the form again, with what is wrong


@login_required
@require_POST
def local_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(LocalDay.objects.for_user(request.user, VIEW), pk=pk)
    local.remove(row, by=request.user)  # another center's admin: 403
    messages.success(request, f"已删除 {row.center}：{row}")
    return redirect("workcal:local")

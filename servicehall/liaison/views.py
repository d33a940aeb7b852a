"""Pages of the liaison's portal (联络员工作台), the center's submission view and the notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from servicehall.catalog import queries
from servicehall.core.dates import DateError, parse_date
from servicehall.core.permissions import VIEW
from servicehall.core.text import record_id
from servicehall.liaison import services
from servicehall.org.models import Department
from servicehall.workcal.workdays import WorkingWeek


def _week(request: HttpRequest, page: bool = False) -> WorkingWeek:
    """The working week of ``?week=YYYY-MM-DD`` (any day of it), this week by default. A
    wrong one is 404 for fragments and forms; a ``page`` says why and shows this week."""
    text = request.GET.get("week") or request.POST.get("week") or ""
    try:
        return services.asked_week(text)
    except ValueError as exc:
        if not page:
            raise Http404(str(exc)) from exc
        messages.warning(request, f"{exc}；已显示本周")
        return services.asked_week("")


def _portal_department(request: HttpRequest) -> Department | None:
    """A liaison's own department; for a center admin, the one chosen (None: not chosen yet).
    Anybody else is refused; a liaison naming another department gets 404."""
    user: Any = request.user
    chosen = request.GET.get("department") or request.POST.get("department") or ""
    if user.is_liaison:
        if chosen and chosen != str(user.department_id):
            raise Http404("只能查看本部门的工作台")
        own: Department | None = user.department
        return own
    if not user.is_center_admin:
        raise PermissionDenied("联络员工作台供部门联络员和中心管理员使用")
    if not chosen:
        return None
    department = record_id(chosen)
    if department is None:
        raise Http404("无此部门")
    return get_object_or_404(Department.objects.for_user(user, VIEW), pk=department)


def _deadline(week: WorkingWeek) -> dict[str, Any]:
    """The week's deadline and its countdown, as the pages and their minute refresh show it."""
    due = services.submission_deadline(week)
    now = timezone.now()
    return {
        "week": week,
        "deadline": services.deadline_text(due, now),
        "deadline_passed": now >= due,
    }


@login_required
def deadline(request: HttpRequest) -> HttpResponse:
    """The deadline line alone (htmx, every minute while it has not passed)."""
    return render(request, "liaison/_deadline.html", _deadline(_week(request)))


def _portal_url(department: Department | None, week: WorkingWeek) -> str:
    query = f"week={week.start.isoformat()}"
    if department is not None:
        query += f"&department={department.pk}"
    return f"{reverse('liaison:portal')}?{query}"


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    department = _portal_department(request)
    week = _week(request, page=True)
    today = timezone.localdate()
    context: dict[str, Any] = {
        **_deadline(week),
        "title": "联络员工作台",
        "department": department,
        "departments": Department.objects.for_user(request.user, VIEW).order_by("sort_order", "pk")
        if request.user.is_center_admin  # type: ignore[union-attr]
        else [],
        "previous_week": week.start - dt.timedelta(days=7),
        "next_week": week.start + dt.timedelta(days=7),
        "today": today,
    }
    if department is not None:
        items = list(services.department_items(department, today))
        counts = services.submissions(department, week)
        context.update(
            items=[
                {
                    "item": item,
                    "authorized": bool(getattr(item, queries.AUTHORIZED)),
                    "handbook": bool(getattr(item, queries.HANDBOOK)),
                    "listed": item.listed_on <= today
                    and (item.delisted_on is None or item.delisted_on > today),
                }
                for item in items
            ],
            kinds=[
                {
                    "label": kind.label,
                    "key": kind.key,
                    "count": counts[kind.key],
                    "add_url": kind.add_link(department, week, today),
                }
                for kind in services.KINDS
            ],
            authorized_count=sum(1 for i in items if getattr(i, queries.AUTHORIZED)),
            handbook_count=sum(1 for i in items if getattr(i, queries.HANDBOOK)),
        )
    return render(request, "liaison/portal.html", context)


@login_required
@require_POST
def bulk_status(request: HttpRequest) -> HttpResponse:
    """Record one authorisation or handbook change for the chosen items, all or nothing."""
    department = _portal_department(request)
    week = _week(request)
    if department is None:
        raise Http404("请先选择部门")
    try:
        day = parse_date(request.POST.get("day"), "生效日期")
    except DateError as exc:
        messages.error(request, str(exc))
        return redirect(_portal_url(department, week))
    kind = request.POST.get("kind", "")
    if request.POST.get("value") not in ("0", "1"):
        messages.error(request, "状态：请选择“是”或“否”")
        return redirect(_portal_url(department, week))
    value = request.POST["value"] == "1"
    ids = [i for i in map(record_id, request.POST.getlist("items")) if i is not None]
    # An item of another department among them: the service refuses the whole batch (403).
    try:
        written = services.set_status_of_items(
            request.user,
            ids,
            kind=kind,
            value=value,
            day=day,
            note=request.POST.get("note", ""),
            department=department,
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect(_portal_url(department, week))
    label = {"authorization": "授权", "handbook": "手册编制"}[kind]
    messages.success(
        request,
        f"已为 {len(ids)} 个办理项登记{label}状态（{day.isoformat()} 起），"
        f"新增变更记录 {len(written)} 条（状态未变的不重复登记）",
    )
    return redirect(_portal_url(department, week))


def _center_only(request: HttpRequest) -> None:
    user: Any = request.user
    if not (user.is_center_admin or user.is_leader):
        raise PermissionDenied("报送情况供中心管理员和中心领导查看")


@login_required
def center(request: HttpRequest) -> HttpResponse:
    _center_only(request)
    week = _week(request, page=True)
    rows = services.week_status(week, request.user)
    return render(
        request,
        "liaison/center.html",
        {
            **_deadline(week),
            "title": "部门报送情况",
            "rows": rows,
            "kinds": services.KINDS,
            "missing": sum(1 for r in rows if not r.submitted),
            "previous_week": week.start - dt.timedelta(days=7),
            "next_week": week.start + dt.timedelta(days=7),
            "can_remind": request.user.is_center_admin,  # type: ignore[union-attr]
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """提醒 one department (``department``) or every one that has submitted nothing (``all``)."""
    if not request.user.is_center_admin:  # type: ignore[union-attr]
        raise PermissionDenied("只有中心管理员可以发送提醒")
    week = _week(request)
    if request.POST.get("all"):
        departments = [
            r.department for r in services.week_status(week, request.user) if not r.submitted
        ]
    else:
        chosen = record_id(request.POST.get("department"))
        if chosen is None:
            raise Http404("无此部门")
        departments = [
            get_object_or_404(Department.objects.for_user(request.user, VIEW), pk=chosen)
        ]
    site = request.build_absolute_uri("/").rstrip("/")
    done, missing = services.remind_many(departments, week, site=site).words()
    if done:
        messages.success(request, done)
    if missing:
        messages.warning(request, missing)
    if not departments:
        messages.info(request, "本周各部门均已报送，无需提醒")
    return redirect(f"{reverse('liaison:center')}?week={week.start.isoformat()}")


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "liaison/notices.html",
        {"title": "我的提醒", "notices": services.notices_of(request.user)[:200]},
    )


@login_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    """Mark one notice (``notice``) or all of the user's notices read."""
    chosen = request.POST.get("notice", "")
    notice = record_id(chosen)
    if chosen and notice is None:
        raise Http404("无此提醒")  # never "all": a garbled id marks nothing
    ids = [notice] if notice is not None else None
    if ids and not services.notices_of(request.user).filter(pk__in=ids).exists():
        raise Http404("无此提醒")
    count = services.mark_read(request.user, ids)
    messages.success(request, f"已标为已读 {count} 条")
    return redirect("liaison:notices")

"""The indicator pages (考核指标): the leader's page, the cases behind a number, the targets.

Thin: the numbers come from ``figures.indicators`` through ``figures.leader``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from servicehall import figures
from servicehall.cases.models import Case, CaseEvent
from servicehall.cases.stages import case_times, late_stage_text, stage_time, with_stage_events
from servicehall.core.exports import export_response
from servicehall.core.generic import ScopedCreateView, ScopedListView, ScopedUpdateView
from servicehall.core.permissions import VIEW, scope_filter
from servicehall.core.views import parse_day
from servicehall.figures import leader
from servicehall.figures.filters import IndicatorTargetFilterSet
from servicehall.figures.forms import IndicatorTargetForm
from servicehall.figures.indicators import (
    BY_KEY,
    Dimension,
    Group,
    Scope,
    groups,
    last_year,
    period_refusal,
    read_ahead,
)
from servicehall.figures.models import IndicatorTarget
from servicehall.figures.scope import CenterScope, counting_in
from servicehall.figures.views import scope_links, scope_of
from servicehall.org.models import Department

PARTS = {"numerator": "分子", "denominator": "分母", "rest": "其余"}
# The breakdown's columns when the center has no targets yet.
DEFAULT_KEYS = ["on_time_rate", "same_day_rate", "online_case_share", "good_rating_rate"]
GROUPS_PER_PAGE = 20


def _leaders_only(request: HttpRequest) -> None:
    user: Any = request.user
    if not (user.is_center_admin or user.is_leader or user.is_superuser):
        raise PermissionDenied("考核指标供中心领导和中心管理员查看")


def _read(request: HttpRequest) -> tuple[CenterScope, Scope, dict[str, str]]:
    """The center scope, the indicators' scope and the query naming them, from the address."""
    center_scope = scope_of(request)
    with counting_in(center_scope):
        latest = figures.latest_case_day(timezone.localdate())
    default = leader.default_period(latest, timezone.localdate())
    start = parse_day(request, "from", default.start, "起始日期")
    end = parse_day(request, "to", default.end if "from" not in request.GET else start, "截止日期")
    if end < start:
        start, end = end, start
    period = figures.Period(start, end)
    if refusal := period_refusal(period):
        raise Http404(refusal)
    narrowing: dict[str, str] = {}
    department = window = item = None
    if text := request.GET.get("department", ""):
        if not text.isdigit():
            raise Http404("没有这个部门")
        department = int(text)
        # Only a department the reader may read: another's would name it on the page.
        if not Department.objects.for_user(request.user).filter(pk=department).exists():
            raise Http404("没有这个部门")
        narrowing["department"] = text
    if text := request.GET.get("window", "")[:20]:
        window = text
        narrowing["window"] = text
    if text := request.GET.get("item", ""):
        if not text.isdigit():
            raise Http404("没有这个办理项")
        item = int(text)
        from servicehall.catalog.models import HandlingItem

        if not HandlingItem.objects.for_user(request.user).filter(pk=item).exists():
            raise Http404("没有这个办理项")
        narrowing["item"] = text
    scope = leader.scope_of(period, center_scope, department=department, window=window, item=item)
    query = {"from": start.isoformat(), "to": end.isoformat(), **narrowing}
    if center_scope.center is not None:
        query["center"] = str(center_scope.center.pk)
    if center_scope.with_children:
        query["with_children"] = "1"
    return center_scope, scope, query


def _narrowed_to(query: dict[str, str]) -> str:
    """The words of the department, window or item the page is narrowed to ("" for none)."""
    from servicehall.catalog.models import HandlingItem

    if "department" in query:
        found = Department.objects.filter(pk=query["department"]).first()
        return f"部门：{found.name if found else '—'}"
    if "window" in query:
        return f"窗口：{query['window']}号窗口"
    if "item" in query:
        item = HandlingItem.objects.filter(pk=query["item"]).first()
        return f"办理项：{item.name if item else '—'}"
    return ""


def _cases_url(query: dict[str, str], key: str, part: str) -> str:
    return reverse("indicator_cases") + "?" + urlencode({**query, "indicator": key, "part": part})


@login_required
def indicators_page(request: HttpRequest) -> HttpResponse:
    """考核指标: every indicator of a period with last year, the targets and who misses them;
    a breakdown by child center, department, window or item; each number opens its cases."""
    _leaders_only(request)
    center_scope, scope, query = _read(request)
    lines = leader.overview(scope, center_scope)
    targeted = [line.indicator.key for line in lines if line.target is not None]
    keys = [k for k in request.GET.getlist("key") if k in BY_KEY] or targeted or DEFAULT_KEYS
    dimension = request.GET.get("dimension", "")
    if dimension not in Dimension.values:
        dimension = ""
    narrowed = _narrowed_to(query)
    if fmt := request.GET.get("export"):
        return _export(fmt, scope, center_scope, lines, dimension, keys, narrowed)
    has_children = center_scope.center is not None and center_scope.center.children.exists()
    misses = []
    if not narrowed and targeted:
        if has_children:  # each child with its subtree, whichever of 本级 / 本级及下级 is shown
            misses.append(("中心", leader.misses(scope, center_scope, Dimension.CENTER)))
        misses.append(("部门", leader.misses(scope, center_scope, Dimension.DEPARTMENT)))
    table: dict[str, Any] = {}
    if dimension:
        rows = groups(scope, dimension, center_scope)
        page = Paginator(rows, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
        read_ahead(list(page.object_list))
        table = {
            "page": page,
            "headers": [BY_KEY[k] for k in keys],
            "rows": [
                {
                    "group": group,
                    "link": "?" + urlencode(_narrow(query, dimension, group)),
                    "cells": [
                        (
                            leader.shown(m.value, BY_KEY[k].unit),
                            _cases_url(dict(_narrow(query, dimension, group)), k, "numerator"),
                        )
                        for k, m in zip(
                            keys, [BY_KEY[k].measure(group.scope) for k in keys], strict=True
                        )
                    ],
                }
                for group in page.object_list
            ],
        }
    base = {k: v for k, v in query.items() if k not in {"department", "window", "item"}}
    context = {
        "title": "考核指标",
        "period": scope.period,
        "last_year": last_year(scope).period,
        "narrowed": narrowed,
        "clear_query": urlencode(base),
        "lines": [
            {
                "line": line,
                "value": leader.shown(line.measure.value, line.indicator.unit),
                "before": leader.shown(line.before.value, line.indicator.unit),
                "numerator_url": _cases_url(query, line.indicator.key, "numerator"),
                "denominator_url": _cases_url(query, line.indicator.key, "denominator"),
                "rest_url": _cases_url(query, line.indicator.key, "rest"),
            }
            for line in lines
        ],
        "misses": [
            (
                label,
                [
                    {
                        "miss": miss,
                        "value": leader.shown(miss.measure.value, miss.indicator.unit),
                        "link": "?" + urlencode(_narrow(query, Dimension.DEPARTMENT, miss.group))
                        if miss.group.center is None
                        else "?"
                        + urlencode({**base, "center": miss.group.key, "with_children": "1"}),
                    }
                    for miss in found
                ],
            )
            for label, found in misses
        ],
        "dimension": dimension,
        "dimensions": [
            (d.value, d.label) for d in Dimension if d != Dimension.CENTER or has_children
        ],
        "table": table,
        "keys": keys,
        "query": urlencode(query),
        "query_items": [(k, v) for k, v in query.items() if k not in {"from", "to"}],
        "can_edit_targets": getattr(request.user, "is_center_admin", False),
        **scope_links(request, center_scope),
    }
    return render(request, "figures/indicators.html", context)


def _narrow(query: dict[str, str], dimension: str, group: Group) -> dict[str, str]:
    """The query of the page narrowed to one line of a breakdown."""
    base = {k: v for k, v in query.items() if k not in {"department", "window", "item"}}
    if dimension == Dimension.CENTER:
        return {**base, "center": group.key, "with_children": "1"}
    return {**base, leader.NARROWING[Dimension(dimension)]: group.key}


def _export(
    fmt: str,
    scope: Scope,
    center_scope: CenterScope,
    lines: list[leader.Line],
    dimension: str,
    keys: list[str],
    narrowed: str,
) -> HttpResponse:
    """The indicator table as Excel (or CSV): the scope's every indicator, then, with a
    dimension, each of its lines with the chosen indicators."""
    headers = [
        "维度", "对象", "指标", "数值", "单位", "分子", "分母",
        "去年同期", "同比变化", "目标", "是否达标",
    ]  # fmt: skip
    whom = narrowed or center_scope.label
    rows: list[list[Any]] = []
    for line in lines:
        target = line.target
        rows.append(
            [
                "全部", whom, line.indicator.label, line.measure.value, line.indicator.unit,
                line.measure.numerator, line.measure.denominator, line.before.value, line.change,
                f"{target.get_direction_display()}{target.value}" if target else "",
                ("未达标" if line.missed else "达标") if target and line.measure.value is not None else "",
            ]
        )  # fmt: skip
    if dimension:
        label = Dimension(dimension).label
        for group, measures in leader.breakdown(scope, center_scope, dimension, keys):
            for key, measure in zip(keys, measures, strict=True):
                indicator = BY_KEY[key]
                rows.append(
                    [
                        label, group.label, indicator.label, measure.value, indicator.unit,
                        measure.numerator, measure.denominator, "", "", "", "",
                    ]
                )  # fmt: skip
    period = scope.period
    return export_response(fmt, f"考核指标_{period.start}_{period.end}", headers, rows)


@login_required
def indicator_cases(request: HttpRequest) -> HttpResponse:
    """The cases behind an indicator's numerator, denominator or the rest (其余, e.g. 按时办结率's
    超期件), the registry's own record sets, only those the user may see, 50 a page, each with
    its steps."""
    _leaders_only(request)
    key = request.GET.get("indicator", "")
    part = request.GET.get("part", "numerator")
    if key not in BY_KEY or part not in PARTS:
        raise Http404("没有这个指标")
    indicator = BY_KEY[key]
    center_scope, scope, query = _read(request)
    cases = (
        scope_filter(indicator.cases_behind(scope, part), request.user, VIEW)
        .select_related("department", "handling_item")
        .order_by("completed_at", "accepted_at", "pk")
    )
    label = (indicator.rest_label or PARTS[part]) if part == "rest" else PARTS[part]
    if fmt := request.GET.get("export"):
        headers = ["办件编号", "部门", "办理项", "渠道", "受理时间", "承诺办结日期", "办结时间",
                   "延误环节"]  # fmt: skip
        return export_response(
            fmt,
            f"{indicator.label}_{label}_{scope.period.start}_{scope.period.end}",
            headers,
            (
                [c.case_no, c.department, c.handling_item, c.get_channel_display(),
                 c.accepted_at, c.promised_by, c.completed_at,
                 late_stage_text(stage_time(c, scope.period.end))]
                for c in with_stage_events(cases).iterator(chunk_size=2000)
            ),
        )  # fmt: skip
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    steps = Prefetch("events", queryset=CaseEvent.objects.order_by("occurred_at", "pk"))
    shown = list(
        Case.objects.filter(pk__in=[c.pk for c in page.object_list])
        .prefetch_related(steps)
        .select_related("department", "handling_item")
        .order_by("completed_at", "accepted_at", "pk")
    )
    # The stage that made each late case late (cases.stages), as of the period's end.
    times = case_times(shown, as_of=scope.period.end)
    for case in shown:
        case.late_stage = late_stage_text(times.get(case.pk))  # type: ignore[attr-defined]
    context = {
        "title": f"{indicator.label}：{label}的办件",
        "indicator": indicator,
        "part_label": label,
        "period": scope.period,
        "whom": _narrowed_to(query) or center_scope.label,
        "page": page,
        "cases": shown,
        "query": urlencode({**query, "indicator": key, "part": part}),
        "back": reverse("indicators") + "?" + urlencode(query),
        "events_url": reverse("cases:event_list"),
    }
    return render(request, "figures/indicator_cases.html", context)


class IndicatorTargetListView(ScopedListView):
    """考核目标值: the province's targets, each from a date (a change is a new row)."""

    model = IndicatorTarget
    title = "考核目标值"
    select_related = ["center"]
    filterset_class = IndicatorTargetFilterSet
    columns = [
        ("指标", "indicator"),
        ("对象", "whom"),
        ("要求", "direction"),
        ("目标值", "value"),
        ("生效日期", "effective_on"),
        ("依据", "basis"),
    ]
    add_url = "indicator_target_add"
    edit_url = "indicator_target_edit"


class IndicatorTargetCreateView(ScopedCreateView):
    model = IndicatorTarget
    form_class = IndicatorTargetForm
    list_url = "indicator_target_list"


class IndicatorTargetUpdateView(ScopedUpdateView):
    model = IndicatorTarget
    form_class = IndicatorTargetForm
    list_url = "indicator_target_list"

"""Layouts and wording of the series (版式与措辞): list, edit as JSON, preview on a week."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from servicehall.core.dates import DateError, parse_date
from servicehall.gbt9704.html import STYLESHEET, render_html_fragment
from servicehall.reports import indicator_block
from servicehall.reports.drafting import DraftError, build_document
from servicehall.reports.layouts import LayoutError, save_new_version, validate_definition
from servicehall.reports.models import ReportLayout, ReportSeries
from servicehall.reports.views._access import require_editor
from servicehall.reports.wording import WordingError
from servicehall.workcal.workdays import NoWorkingDays, working_week


@login_required
def layout_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/layout_list.html",
        {
            "title": "版式与措辞",
            "series_list": ReportSeries.objects.for_user(request.user).prefetch_related(
                "layouts", "distribution_lines"
            ),
        },
    )


@login_required
def layout_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a series' layout and wording as JSON; preview it on a week's data without saving;
    saving makes a new version (admins only)."""
    require_editor(request.user)
    series = get_object_or_404(ReportSeries.objects.for_user(request.user), pk=pk)
    current = series.current_layout()
    text = json.dumps(
        current.definition if current else {"sections": []}, ensure_ascii=False, indent=2
    )
    error, preview = "", ""
    week = request.POST.get("week") or dt.date.today().isoformat()
    if request.method == "POST":
        text = request.POST.get("definition", "")
        try:
            definition = json.loads(text)
            if "add_indicators" in request.POST:
                text = json.dumps(
                    _with_indicators(definition, request), ensure_ascii=False, indent=2
                )
            elif "preview" in request.POST:
                validate_definition(definition)
                draft_layout = ReportLayout(series=series, version=0, definition=definition)
                period = working_week(parse_date(week, "预览日期")).period
                preview = render_html_fragment(build_document(series, draft_layout, period))
            else:
                layout = save_new_version(
                    series, definition, note=request.POST.get("note", ""), user=request.user
                )
                messages.success(request, f"已保存为第 {layout.version} 版")
                return redirect("reports:layouts")
        except json.JSONDecodeError as exc:
            error = f"JSON 格式有误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"
        except (LayoutError, WordingError, DraftError, NoWorkingDays, DateError) as exc:
            error = str(exc)
    return render(
        request,
        "reports/layout_edit.html",
        {
            "title": f"编辑版式：{series.title}",
            "series": series,
            "current": current,
            "definition": text,
            "error": error,
            "preview": preview,
            "stylesheet": STYLESHEET,
            "week": week,
            "indicator_choices": indicator_block.choices(),
        },
    )


def _with_indicators(definition: object, request: HttpRequest) -> dict[str, Any]:
    """The layout being edited with a section of the indicators ticked (插入考核指标): shown
    in the editor, saved only when the admin saves."""
    if not isinstance(definition, dict) or not isinstance(definition.get("sections"), list):
        raise LayoutError("版式定义须为对象，含 sections 列表")
    keys = request.POST.getlist("indicator")
    if not keys:
        raise LayoutError("请勾选要插入的考核指标")
    scope = request.POST.get("indicator_scope", "")
    section = indicator_block.new_section(
        keys,
        heading=request.POST.get("indicator_heading", "").strip(),
        targets=bool(request.POST.get("indicator_targets")),
        with_children={"with_children": True, "own": False}.get(scope),
    )
    problem = indicator_block.block_problem(section["blocks"][0])
    if problem:
        raise LayoutError(problem)
    return {**definition, "sections": [*definition["sections"], section]}

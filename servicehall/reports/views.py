"""Pages of the weekly report (周报页面): issues, drafting, review, layouts, imports, trends."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicehall.core.exports import content_disposition
from servicehall.core.jobs import enqueue
from servicehall.core.models import Job
from servicehall.core.roles import Role
from servicehall.core.workdays import NoWorkingDays
from servicehall.figures import FIGURES
from servicehall.reports import checks, trends
from servicehall.reports.document import document_from_json, paragraph_to_markup
from servicehall.reports.drafting import DraftError, build_document, draft_issue, week_period
from servicehall.reports.layouts import (
    LayoutError,
    ensure_shipped_series,
    save_new_version,
    validate_definition,
)
from servicehall.reports.models import Issue, PublishedIssueError, ReportLayout, ReportSeries
from servicehall.reports.render import FORMATS
from servicehall.reports.render.html import STYLESHEET, render_html_fragment
from servicehall.reports.wording import WordingError
from servicehall.reports.workflow import (
    WorkflowError,
    approve,
    edit_paragraph,
    issue_file,
    publish,
    send_back,
    submit,
)

MAX_UPLOAD_FILES = 500


def _require(user, *roles: str) -> None:
    if user.effective_role not in roles:
        raise PermissionDenied("无权执行此操作")


@login_required
def issue_list(request):
    ensure_shipped_series()
    issues = Issue.objects.for_user(request.user).select_related("series")
    series_id = request.GET.get("series")
    if series_id:
        issues = issues.filter(series_id=series_id)
    status = request.GET.get("status")
    if status:
        issues = issues.filter(status=status)
    return render(
        request,
        "reports/issue_list.html",
        {
            "title": "周报",
            "issues": issues.order_by("-period_end", "-id")[:200],
            "series_list": ReportSeries.objects.for_user(request.user),
            "statuses": Issue.Status.choices,
            "can_draft": request.user.effective_role == Role.ADMIN,
            "today": dt.date.today().isoformat(),
        },
    )


@login_required
@require_POST
def issue_draft(request):
    _require(request.user, Role.ADMIN)
    series = get_object_or_404(
        ReportSeries.objects.for_user(request.user), pk=request.POST.get("series")
    )
    try:
        day = dt.date.fromisoformat(request.POST.get("week", ""))
        issue = draft_issue(series, day, user=request.user)
    except ValueError as exc:
        messages.error(request, f"无法生成草稿：{exc}" if str(exc) else "日期格式应为 YYYY-MM-DD")
        return redirect("reports:list")
    except (DraftError, NoWorkingDays) as exc:
        messages.error(request, str(exc))
        return redirect("reports:list")
    messages.success(
        request, f"已生成 {series.title} {issue.period_start}—{issue.period_end} 的草稿"
    )
    return redirect("reports:detail", pk=issue.pk)


def _sections_for_display(issue: Issue):
    """Sections flattened with their paths, paragraphs with markup and figure provenance."""
    doc = document_from_json(issue.document)
    rows = []

    def walk(sections, path):
        for index, section in enumerate(sections):
            here = [*path, index]
            paragraphs = []
            for p_index, paragraph in enumerate(section.paragraphs):
                sources = [
                    {
                        "key": key,
                        "label": FIGURES[key].label if key in FIGURES else key,
                        "value": issue.figures.get(key),
                        "unit": FIGURES[key].unit if key in FIGURES else "",
                        "source": FIGURES[key].source if key in FIGURES else "",
                        "link": source_link(key, issue),
                    }
                    for key in paragraph.figure_keys
                ]
                paragraphs.append(
                    {
                        "path": ",".join(str(i) for i in [*here, p_index]),
                        "dom_id": "para-" + "-".join(str(i) for i in [*here, p_index]),
                        "runs": paragraph.runs,
                        "markup": paragraph_to_markup(paragraph),
                        "sources": sources,
                    }
                )
            rows.append(
                {
                    "section": section,
                    "depth": len(path),
                    "paragraphs": paragraphs,
                    "path": ",".join(map(str, here)),
                    "append_path": ",".join(str(i) for i in [*here, len(section.paragraphs)]),
                    "append_id": "para-"
                    + "-".join(str(i) for i in [*here, len(section.paragraphs)]),
                }
            )
            walk(section.subsections, here)

    walk(doc.sections, [])
    return doc, rows


def source_link(key: str, issue: Issue) -> str:
    """Where the records behind a figure can be read, filtered to the issue's period."""
    if issue.period_start is None:
        return ""
    start, end = issue.period_start, issue.period_end
    if key.startswith("window.ytd."):
        return f"/cases/events/?kind={key.rsplit('.', 1)[1]}&occurred_on_after={end.year}-01-01&occurred_on_before={end}"
    if key.startswith("window.week."):
        return f"/cases/events/?kind={key.rsplit('.', 1)[1]}&occurred_on_after={start}&occurred_on_before={end}"
    if key.startswith("handbook."):
        return f"/admin/catalog/handbookchange/?effective_on__lte={end}"
    if key.startswith("windows."):
        return "/admin/org/window/"
    if key.startswith("training."):
        return f"/org/trainings/?held_on_after={start}&held_on_before={end}"
    if key.startswith("benefit."):
        return f"/admin/journal/benefitfulfilment/?as_of__lte={end}"
    if key.startswith("departments."):
        return f"/admin/catalog/authorizationchange/?effective_on__lte={end}"
    if key.startswith("platform."):
        return f"/admin/journal/platformdailycount/?day__gte={end.year}-01-01&day__lte={end}"
    return ""


@login_required
def issue_detail(request, pk: int):
    issue = get_object_or_404(
        Issue.objects.for_user(request.user).select_related("series", "layout"), pk=pk
    )
    doc, rows = _sections_for_display(issue)
    role = request.user.effective_role
    return render(
        request,
        "reports/issue_detail.html",
        {
            "title": str(issue),
            "issue": issue,
            "doc": doc,
            "rows": rows,
            "findings": checks.run_checks(issue)
            if issue.status != Issue.Status.PUBLISHED or issue.origin == Issue.Origin.DRAFTED
            else [],
            "preview": render_html_fragment(doc),
            "stylesheet": STYLESHEET,
            "actions": issue.actions.all(),
            "files": issue.files.all() if issue.status == Issue.Status.PUBLISHED else [],
            "formats": list(FORMATS),
            "can_edit": role == Role.ADMIN and issue.status == Issue.Status.DRAFT,
            "can_submit": role == Role.ADMIN and issue.status == Issue.Status.DRAFT,
            "can_approve": role == Role.LEADER and issue.status == Issue.Status.SUBMITTED,
            "can_send_back": role in (Role.LEADER, Role.ADMIN)
            and issue.status in (Issue.Status.SUBMITTED, Issue.Status.APPROVED),
            "can_publish": role == Role.ADMIN and issue.status == Issue.Status.APPROVED,
            "today": dt.date.today().isoformat(),
        },
    )


@login_required
def paragraph_edit(request, pk: int):
    """GET: the edit form of one paragraph (htmx); POST: save it and return the paragraph."""
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    _require(request.user, Role.ADMIN)
    try:
        path = [int(i) for i in request.GET.get("path", request.POST.get("path", "")).split(",")]
    except ValueError:
        return HttpResponse("段落位置有误", status=400)
    if request.method == "POST":
        try:
            edit_paragraph(issue, path, request.POST.get("text", ""), user=request.user)
        except (WorkflowError, IndexError) as exc:
            return HttpResponse(str(exc), status=409)
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    doc = document_from_json(issue.document)
    sections, section = doc.sections, None
    try:
        for i in path[:-1]:
            section = sections[i]
            sections = section.subsections
    except IndexError:
        return HttpResponse("段落位置不存在", status=400)
    markup = ""
    if section is not None and path[-1] < len(section.paragraphs):
        markup = paragraph_to_markup(section.paragraphs[path[-1]])
    return render(
        request,
        "reports/_paragraph_form.html",
        {"issue": issue, "path": ",".join(map(str, path)), "markup": markup},
    )


@login_required
@require_POST
def issue_action(request, pk: int, action: str):
    issue = get_object_or_404(Issue.objects.for_user(request.user), pk=pk)
    note = request.POST.get("note", "")
    try:
        if action == "submit":
            submit(issue, request.user)
        elif action == "approve":
            approve(issue, request.user, note)
        elif action == "send-back":
            send_back(issue, request.user, note)
        elif action == "publish":
            day = dt.date.fromisoformat(
                request.POST.get("issue_date") or dt.date.today().isoformat()
            )
            issue = publish(issue, request.user, issue_date=day)
            messages.success(request, f"已发布：{issue}")
        else:
            return HttpResponse("未知操作", status=400)
    except (WorkflowError, PublishedIssueError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("reports:detail", pk=issue.pk)


@login_required
def issue_download(request, pk: int, fmt: str):
    issue = get_object_or_404(Issue.objects.for_user(request.user).select_related("series"), pk=pk)
    if fmt not in FORMATS:
        return HttpResponse("未知格式", status=404)
    data = issue_file(issue, fmt)
    name = f"{issue.series.title}{issue.label}{FORMATS[fmt].suffix}"
    response = HttpResponse(data, content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = content_disposition(name, inline=fmt in ("html", "pdf"))
    return response


@login_required
def layout_list(request):
    ensure_shipped_series()
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
def layout_edit(request, pk: int):
    """Edit a series' layout and wording as JSON; preview it on a week's data without saving;
    saving makes a new version (admins only)."""
    _require(request.user, Role.ADMIN)
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
            if "preview" in request.POST:
                validate_definition(definition)
                draft_layout = ReportLayout(series=series, version=0, definition=definition)
                doc = build_document(series, draft_layout, week_period(dt.date.fromisoformat(week)))
                preview = render_html_fragment(doc)
            else:
                layout = save_new_version(
                    series, definition, note=request.POST.get("note", ""), user=request.user
                )
                messages.success(request, f"已保存为第 {layout.version} 版")
                return redirect("reports:layouts")
        except json.JSONDecodeError as exc:
            error = f"JSON 格式有误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"
        except (LayoutError, WordingError, DraftError, NoWorkingDays) as exc:
            error = str(exc)
        except ValueError:
            error = "预览日期应为 YYYY-MM-DD"
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
        },
    )


@login_required
def archive_upload(request):
    """Upload many past reports; a background job imports them (批量导入往期报告)."""
    _require(request.user, Role.ADMIN)
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, "请选择要导入的文件")
        elif len(uploads) > MAX_UPLOAD_FILES:
            messages.error(request, f"一次最多导入 {MAX_UPLOAD_FILES} 个文件")
        else:
            job = enqueue(
                "import_reports", [(f.name, f.read()) for f in uploads], user=request.user
            )
            return redirect("reports:job", pk=job.pk)
    jobs = Job.objects.for_user(request.user).filter(kind="import_reports")[:20]
    return render(request, "reports/archive_upload.html", {"title": "导入往期报告", "jobs": jobs})


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(Job.objects.for_user(request.user), pk=pk)
    template = (
        "reports/_job_status.html"
        if request.headers.get("HX-Request")
        else "reports/job_detail.html"
    )
    return render(request, template, {"title": f"后台任务 #{job.pk}", "job": job})


@login_required
def trend(request):
    """Weekly figures across every issue, drafted and imported, back over the years."""
    ensure_shipped_series()
    key = request.GET.get("key", "window.week.consult")
    if key not in FIGURES:
        key = "window.week.consult"
    points = trends.figure_trend(key, Issue.objects.for_user(request.user))
    return render(
        request,
        "reports/trend.html",
        {
            "title": "历年指标趋势",
            "key": key,
            "figure": FIGURES[key],
            "keys": [(k, f.label) for k, f in FIGURES.items()],
            "points": points,
            "chart": {
                "x": [p["label"] for p in points],
                "y": [p["value"] for p in points],
                "name": FIGURES[key].label,
            },
        },
    )

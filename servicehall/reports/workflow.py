"""Review and publication of an issue (审核与发布): draft → submitted → approved → published.

Publication assigns 年度期号 and 总期号, renders every format once and freezes the issue and its
files; nothing changes them afterwards. The 年度期号 counts in the year of the week the issue
reports on, not the year it is dated: the week of 2023-12-25…29, published in January, is the
last issue of 2023 (the center's own numbering: 2023年第9期 = 总第429期 for 3月6日—10日 and
2024年第4期 = 总第475期 for 1月22日—26日 leave no other count).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from servicehall.core.roles import REPORT_EDITORS, Role
from servicehall.reports.document import (
    Document,
    document_from_json,
    document_to_json,
    paragraph_from_markup,
)
from servicehall.reports.models import Issue, IssueAction, IssueFile, PublishedIssueError
from servicehall.reports.render import render
from servicehall.reports.render.audit import audit_pdf
from servicehall.reports.render.glyphs import lost_glyphs
from servicehall.reports.render.pdf import render_docx_and_pdf

FILE_FORMATS = ("txt", "html", "docx", "pdf")
OFFICE_FORMATS = ("docx", "pdf")  # one LibreOffice layout renders both


class WorkflowError(ValueError):
    """The step is not allowed now, or not for this user."""


@dataclass(frozen=True)
class Transition:
    """One step of an issue's review (审核流程): from which statuses, to which, by whom."""

    name: str  # as in URLs and the API: /reports/<pk>/<name>/, /api/issues/<pk>/<name>/
    label: str  # as on the button and in the issue's action log
    sources: tuple[str, ...]
    target: str | None  # None: the status stays (editing a paragraph)
    roles: tuple[str, ...]
    note: str = ""  # the placeholder of its note field; empty when the step takes no note


# The review workflow, written once: pages, buttons, the API and the services all read it.
# Center staff draft and submit; leadership approves before anything is published.
EDIT = Transition("edit", "修改段落", (Issue.Status.DRAFT,), None, (Role.ADMIN,))
SUBMIT = Transition(
    "submit", "提交审核", (Issue.Status.DRAFT,), Issue.Status.SUBMITTED, (Role.ADMIN,)
)
APPROVE = Transition(
    "approve",
    "审核通过",
    (Issue.Status.SUBMITTED,),
    Issue.Status.APPROVED,
    (Role.LEADER,),
    note="审核意见",
)
SEND_BACK = Transition(
    "send-back",
    "退回修改",
    (Issue.Status.SUBMITTED, Issue.Status.APPROVED),
    Issue.Status.DRAFT,
    (Role.LEADER, Role.ADMIN),
    note="退回原因",
)
PUBLISH = Transition(
    "publish", "发布", (Issue.Status.APPROVED,), Issue.Status.PUBLISHED, (Role.ADMIN,)
)
TRANSITIONS: dict[str, Transition] = {
    t.name: t for t in (EDIT, SUBMIT, APPROVE, SEND_BACK, PUBLISH)
}
EDITOR_ROLES = REPORT_EDITORS


def is_editor(user: Any) -> bool:
    """Whether ``user`` may draft issues, edit layouts and import past reports."""
    return user is not None and user.is_authenticated and user.effective_role in EDITOR_ROLES


def allowed_actions(issue: Issue, user: Any) -> list[Transition]:
    """The steps ``user`` may take on ``issue`` now, in workflow order."""
    if user is None or not user.is_authenticated:
        return []
    role = user.effective_role
    return [t for t in TRANSITIONS.values() if issue.status in t.sources and role in t.roles]


def check(issue: Issue, user: Any, transition: Transition) -> None:
    """Refuse ``transition`` unless ``user`` (None: the system itself) may take it now."""
    if user is not None and user.effective_role not in transition.roles:
        raise WorkflowError(f"{getattr(user, 'username', '')} 无权执行“{transition.label}”")
    if issue.status not in transition.sources:
        if transition is PUBLISH:
            raise WorkflowError(f"{issue} 尚未经领导审核通过，不能发布")
        if transition is EDIT:
            raise WorkflowError("只有草稿可以修改")
        raise WorkflowError(
            f"{issue} 当前状态为{issue.get_status_display()}，不能{transition.label}"
        )


def _log(issue: Issue, user: Any, action: str, note: str = "") -> None:
    IssueAction.objects.create(
        issue=issue,
        action=action,
        user=user,
        username=getattr(user, "username", "") or "",
        note=note,
    )


def _step(issue: Issue, user: Any, transition: Transition, note: str = "") -> Issue:
    check(issue, user, transition)
    assert transition.target is not None
    issue.status = transition.target
    issue.save()
    _log(issue, user, transition.label, note)
    return issue


@transaction.atomic
def submit(issue: Issue, user: Any = None) -> Issue:
    return _step(issue, user, SUBMIT)


@transaction.atomic
def approve(issue: Issue, user: Any = None, note: str = "") -> Issue:
    return _step(issue, user, APPROVE, note)


@transaction.atomic
def send_back(issue: Issue, user: Any = None, note: str = "") -> Issue:
    return _step(issue, user, SEND_BACK, note)


def edit_paragraph(issue: Issue, path: list[int], text: str, user: Any = None) -> Issue:
    """Replace one paragraph of a draft (``**…**`` marks bold); the editor has the last word."""
    check(issue, user, EDIT)
    doc = document_from_json(issue.document)
    *section_path, index = path
    sections = doc.sections
    section = None
    for i in section_path:
        section = sections[i]
        sections = section.subsections
    if section is None or not 0 <= index <= len(section.paragraphs):
        raise WorkflowError("段落位置不存在")
    keys = section.paragraphs[index].figure_keys if index < len(section.paragraphs) else []
    paragraph = paragraph_from_markup(text.strip(), keys)
    if not text.strip():
        del section.paragraphs[index]
    elif index == len(section.paragraphs):
        section.paragraphs.append(paragraph)
    else:
        section.paragraphs[index] = paragraph
    issue.document = document_to_json(doc)
    issue.save()
    _log(issue, user, EDIT.label, text[:200])
    return issue


def next_numbers(issue: Issue, year: int, first_serial: int | None = None) -> tuple[int, int]:
    """年度期号 restarts each year; 总期号 continues from the series' last issue, past ones too.

    A series without any published issue starts at ``first_serial`` when given: the 总期号 its
    numbering continues on paper (a renamed report keeps counting), else at 1."""
    # A disputed import holds the number printed on its paper (reports.disputes).
    published = Issue.objects.filter(
        series=issue.series, status__in=[Issue.Status.PUBLISHED, Issue.Status.DISPUTED]
    )
    number = (published.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    last = published.aggregate(n=Max("serial"))["n"]
    if last is None:
        return number, first_serial or 1
    return number, last + 1


def numbering_year(issue: Issue, issue_date: dt.date) -> int:
    """The year an issue is numbered in: that of the week it reports on (its period's end);
    an issue without a period, the year of its date."""
    return issue.period_end.year if issue.period_end is not None else issue_date.year


def covering_issues(issue: Issue) -> list[Issue]:
    """Published issues of the series whose period overlaps this one's (已覆盖该时段的期次)."""
    if issue.period_start is None or issue.period_end is None:
        return []
    return list(
        Issue.objects.filter(
            series=issue.series,
            status=Issue.Status.PUBLISHED,
            period_start__lte=issue.period_end,
            period_end__gte=issue.period_start,
        )
        .exclude(pk=issue.pk)
        .order_by("period_start")
    )


@transaction.atomic
def publish(
    issue: Issue,
    user: Any = None,
    issue_date: dt.date | None = None,
    overlap_reason: str = "",
    *,
    first_serial: int | None = None,
    office_files: bool = True,
) -> Issue:
    """Number, render and freeze an approved issue.

    A period that a published issue of the series already covers (2024-5 drafted for the week
    of 2024-4) is refused unless the publisher gives the reason (增刊, a corrected reissue);
    the reason goes into the issue's log. ``first_serial``: the 总期号 of the series' first
    issue (refused once the series has one). ``office_files=False`` leaves the DOCX and PDF to
    their first download (``issue_file``), for a year of back issues published at once (the
    demo): they are rendered then from the frozen document, both by the one LibreOffice layout,
    and frozen in turn; text and HTML are stored now."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check(issue, user, PUBLISH)
    if (
        first_serial is not None
        and Issue.objects.filter(series=issue.series, status=Issue.Status.PUBLISHED).exists()
    ):
        raise WorkflowError(f"{issue.series} 已有发布的期次，总期号接续上期，不能另起")
    from servicehall.reports.checks import check_sources  # checks reads this module

    if unsourced := check_sources(issue):
        raise WorkflowError(
            "；".join(f.message for f in unsourced) + "。未发布：请先导入数据或删去该段"
        )
    covered = covering_issues(issue)
    if covered and not overlap_reason.strip():
        names = "、".join(str(other) for other in covered)
        raise WorkflowError(f"该时段已由{names}覆盖；如确需再发一期，请填写理由后发布")
    issue_date = issue_date or timezone.localdate()
    year = numbering_year(issue, issue_date)
    number, serial = next_numbers(issue, year, first_serial)
    doc: Document = document_from_json(issue.document)
    doc.year, doc.number, doc.serial, doc.issue_date = year, number, serial, issue_date
    files = {fmt: render(doc, fmt) for fmt in ("txt", "html")}
    if office_files:
        files.update(_office_files(doc))
    issue.year, issue.number, issue.serial, issue.issue_date = (
        year,
        number,
        serial,
        issue_date,
    )
    issue.document = document_to_json(doc)
    issue.status = Issue.Status.PUBLISHED
    issue.published_at = timezone.now()
    issue.save()
    store_files(issue, files)
    note = f"{issue.year}年第{number}期（总第{serial}期）"
    if covered:
        note += f"；与{'、'.join(str(o) for o in covered)}时段重叠，理由：{overlap_reason.strip()}"
    _log(issue, user, PUBLISH.label, note)
    return issue


def _office_files(doc: Document) -> dict[str, bytes]:
    """The DOCX and PDF, checked: every character printed and every GB/T 9704 clause met."""
    # One LibreOffice layout decides where the 版记 goes, for the DOCX and the PDF alike.
    docx, pdf = render_docx_and_pdf(doc)
    if lost := lost_glyphs(doc, pdf):
        raise WorkflowError("PDF 未印出全部文字，未发布：" + "；".join(str(x) for x in lost[:5]))
    if failed := [c for c in audit_pdf(doc, pdf, lost=lost) if not c.ok]:
        raise WorkflowError(
            "PDF 不符合 GB/T 9704，未发布："
            + "；".join(f"{c.clause} {c.item}（实测 {c.measured}）" for c in failed)
        )
    return {"docx": docx, "pdf": pdf}


def store_files(issue: Issue, files: dict[str, bytes]) -> None:
    for fmt, content in files.items():
        IssueFile.objects.create(
            issue=issue,
            format=fmt,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
        )


def issue_file(issue: Issue, fmt: str) -> bytes:
    """The frozen file of a published issue, or a fresh rendering of a draft.

    A published issue lacking the format (an imported past report keeps its source file only;
    an issue published with ``office_files=False`` waits for its DOCX and PDF) has it rendered
    once, at its first download, and stored frozen: the same bytes ever after, whatever later
    versions of the renderer would print. The DOCX and PDF come together from one LibreOffice
    layout, as at publication."""
    if issue.status != Issue.Status.PUBLISHED:
        return render(document_from_json(issue.document), fmt)
    stored = issue.files.filter(format=fmt).first()
    if stored is not None:
        return bytes(stored.content)
    doc = document_from_json(issue.document)
    if fmt in OFFICE_FORMATS:
        have = set(issue.files.values_list("format", flat=True))
        docx, pdf = render_docx_and_pdf(doc)
        files = {k: v for k, v in (("docx", docx), ("pdf", pdf)) if k not in have}
    else:
        files = {fmt: render(doc, fmt)}
    try:
        with transaction.atomic():
            store_files(issue, files)
    except IntegrityError:  # another request stored it first: theirs is the frozen one
        return bytes(issue.files.get(format=fmt).content)
    return files[fmt]


__all__ = [
    "TRANSITIONS",
    "PublishedIssueError",
    "Transition",
    "WorkflowError",
    "allowed_actions",
    "approve",
    "edit_paragraph",
    "issue_file",
    "publish",
    "send_back",
    "submit",
]

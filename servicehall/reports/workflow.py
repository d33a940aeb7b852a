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
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from servicehall.core.context import because
from servicehall.core.jobs import enqueue
from servicehall.core.models import Job
from servicehall.core.roles import REPORT_EDITORS, Role
from servicehall.gbt9704 import render
from servicehall.gbt9704.audit import audit_pdf
from servicehall.gbt9704.document import (
    Document,
    Paragraph,
    Run,
    document_from_json,
    document_to_json,
    paragraph_from_markup,
)
from servicehall.gbt9704.glyphs import lost_glyphs
from servicehall.gbt9704.pdf import PdfRenderError, render_docx_and_pdf
from servicehall.reports.bindings import (
    Mismatch,
    apply_override,
    figure_text_mismatches,
    json_number,
    label,
    parse_value,
    printed,
    same,
)
from servicehall.reports.models import (
    FigureOverride,
    FigureTextAcknowledgement,
    Issue,
    IssueAction,
    IssueFile,
    PublishedIssueError,
)
from servicehall.workcal.workdays import NoWorkingDays, working_week

FILE_FORMATS = ("txt", "html", "docx", "pdf")
OFFICE_FORMATS = ("docx", "pdf")  # one LibreOffice layout renders both


class WorkflowError(ValueError):
    """The step is not allowed now, or not for this user."""


class WorkflowForbidden(WorkflowError):
    """Not this user's step to take: a wrong role, or an approver who is not a second pair of
    eyes (pages and the API answer 403 with the reason, never 409)."""


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
        raise WorkflowForbidden(f"{getattr(user, 'username', '')} 无权执行“{transition.label}”")
    if issue.status not in transition.sources:
        if transition is PUBLISH:
            raise WorkflowError(f"{issue} 尚未经领导审核通过，不能发布")
        if transition is EDIT:
            raise WorkflowError("只有草稿可以修改")
        raise WorkflowError(
            f"{issue} 当前状态为{issue.get_status_display()}，不能{transition.label}"
        )


def _step(issue: Issue, user: Any, transition: Transition, note: str = "") -> Issue:
    check(issue, user, transition)
    assert transition.target is not None
    issue.status = transition.target
    issue.save()
    IssueAction.record(issue, user, transition.name, note)
    return issue


@transaction.atomic
def submit(issue: Issue, user: Any = None) -> Issue:
    if issue.pending_redraft:
        raise WorkflowError(
            f"{issue} 已重新生成草稿，尚有段落差异待选择（保留修改或采用新数据），请先处理再提交"
        )
    return _step(issue, user, SUBMIT)


@transaction.atomic
def approve(issue: Issue, user: Any = None, note: str = "") -> Issue:
    check(issue, user, APPROVE)
    if user is not None and (reason := second_eyes_refusal(issue, user)):
        raise WorkflowForbidden(reason)
    return _step(issue, user, APPROVE, note)


def second_eyes_refusal(issue: Issue, user: Any) -> str:
    """Why ``user`` may not approve ``issue`` as its second pair of eyes (四眼原则); empty when
    they may. The approver drafted, edited, submitted or corrected nothing of it (its log), and
    holds a leader role granted before the issue was submitted by someone who is neither the
    approver nor anyone who worked on the issue (`accounts.RoleGrant`): an admin's second
    login, made a leader by that admin, cannot approve the admin's draft."""
    from servicehall.accounts.grants import current_grant

    reviews = (IssueAction.Kind.APPROVE, IssueAction.Kind.SEND_BACK)
    worked = IssueAction.objects.filter(issue=issue, user__isnull=False).exclude(action__in=reviews)
    own = worked.filter(user=user).first()
    if own is not None:
        return f"审核人不能是本期的起草、修改、提交或更正人：{user.username} 曾“{own.get_action_display()}”本期"
    grant = current_grant(user, Role.LEADER)
    if grant is None:
        return f"{user.username} 的中心领导角色没有授予记录（须由超级管理员授予），不能审核"
    if grant.granted_by_id == user.pk:
        return f"{user.username} 的中心领导角色是自己授予的，不能审核"
    if grant.granted_by_id is not None:
        by = worked.filter(user_id=grant.granted_by_id).first()
        if by is not None:
            return (
                f"{user.username} 的中心领导角色由本期的经办人 {grant.granted_by_name} 授予"
                f"（其曾“{by.get_action_display()}”本期），不能审核本期"
            )
    submitted = (
        IssueAction.objects.filter(issue=issue, action=IssueAction.Kind.SUBMIT)
        .order_by("-at", "-pk")
        .first()
    )
    if submitted is not None and grant.at >= submitted.at:
        when = timezone.localtime(grant.at).strftime("%Y-%m-%d %H:%M")
        return f"{user.username} 的中心领导角色授予于本期提交审核之后（{when}），不能审核本期"
    return ""


@transaction.atomic
def send_back(issue: Issue, user: Any = None, note: str = "") -> Issue:
    """Back to a draft, with the reason the editor works from (pages and API alike)."""
    if not note.strip():
        raise WorkflowError("退回原因：退回修改须写明原因，编辑据此修改")
    return _step(issue, user, SEND_BACK, note.strip())


TOKEN = re.compile(r"⟦([a-z0-9_.]+)⟧")  # a figure's token in an edit: ⟦window.week.consult⟧


def paragraph_from_edit(text: str, figures: dict[str, Any], keys: list[str]) -> Paragraph:
    """The paragraph an editor wrote: ``**…**`` bold, ``⟦key⟧`` the token of a figure, which
    prints the issue's value of it — the number itself is never taken from the typed text."""
    paragraph = paragraph_from_markup(text, keys)
    runs: list[Run] = []
    for run in paragraph.runs:
        at = 0
        for match in TOKEN.finditer(run.text):
            key = match.group(1)
            if key not in figures:
                raise WorkflowError(f"“{key}”不是本期的数据，不能作为数字插入")
            if match.start() > at:
                runs.append(Run(run.text[at : match.start()], run.bold))
            runs.append(Run(printed(figures[key]), run.bold, key))
            if key not in paragraph.figure_keys:
                paragraph.figure_keys.append(key)
            at = match.end()
        if at < len(run.text):
            runs.append(Run(run.text[at:], run.bold))
    paragraph.runs = runs or [Run("")]
    return paragraph


def edit_paragraph(issue: Issue, path: list[int], text: str, user: Any = None) -> Issue:
    """Replace one paragraph of a draft (``**…**`` marks bold, ``⟦key⟧`` a figure's number);
    the editor has the last word on the words, the figures on the numbers.

    Numbers typed as text are the editor's: the checks read them against the figures
    (``bindings.figure_text_mismatches``) and a difference blocks publication until
    acknowledged. A drafted paragraph deleted is remembered, so that a new draft of the week
    does not bring it back unasked."""
    check(issue, user, EDIT)
    doc = document_from_json(issue.document)
    *section_path, index = path
    chain = doc.sections_along(section_path)
    if chain is None or not 0 <= index <= len(chain[-1].paragraphs):
        raise WorkflowError("段落位置不存在")
    section, headings = chain[-1], [s.heading for s in chain]
    old = section.paragraphs[index] if index < len(section.paragraphs) else None
    keys = old.figure_keys if old is not None else []
    paragraph = paragraph_from_edit(text.strip(), issue.figures, list(keys))
    if not text.strip():
        if old is None:
            raise WorkflowError("新段落没有内容")
        if old.drafted:
            doc.removed.append({"section": " › ".join(headings), "drafted": old.drafted})
        del section.paragraphs[index]
    elif old is None:
        paragraph.drafted = ""  # added by the editor
        section.paragraphs.append(paragraph)
    else:
        paragraph.drafted = old.drafted
        section.paragraphs[index] = paragraph
    issue.document = document_to_json(doc)
    issue.save()
    IssueAction.record(issue, user, EDIT.name, text[:200])
    return issue


def edit_heading(issue: Issue, path: list[int], heading: str, user: Any = None) -> Issue:
    """Reword one section's heading in a draft (its number stays)."""
    check(issue, user, EDIT)
    doc = document_from_json(issue.document)
    chain = doc.sections_along(path)
    if chain is None:
        raise WorkflowError("标题位置不存在")
    if not heading.strip():
        raise WorkflowError("标题不能为空")
    section = chain[-1]
    section.heading = heading.strip()
    issue.document = document_to_json(doc)
    issue.save()
    IssueAction.record(issue, user, EDIT.name, f"标题改为 {section.marker}{section.heading}"[:200])
    return issue


MASTHEADS = ("title_first", "issuer_first", "briefing", "file")


def set_masthead(issue: Issue, masthead: str, user: Any = None) -> Issue:
    """Print a draft with another masthead form (版头样式), e.g. the series' previous one."""
    check(issue, user, EDIT)
    if masthead not in MASTHEADS:
        raise WorkflowError(f"未知的版头样式：{masthead}")
    doc = document_from_json(issue.document)
    if masthead == "file" and not doc.file_code:
        doc.file_code = issue.series.file_code or None
    doc.masthead = masthead
    issue.document = document_to_json(doc)
    issue.save()
    IssueAction.record(issue, user, EDIT.label, f"版头样式改为 {masthead}")
    return issue


def _editable(issue: Issue, user: Any, what: str) -> None:
    """Overrides and acknowledgements: by the report's editors, on an issue not yet published."""
    if user is not None and user.effective_role not in EDIT.roles:
        raise WorkflowError(f"{getattr(user, 'username', '')} 无权{what}")
    if issue.status == Issue.Status.PUBLISHED:
        raise WorkflowError(f"{issue} 已发布，不能{what}；更正请另发一期或勘误")


@transaction.atomic
def override_figure(
    issue: Issue, key: str, value: str | Decimal | int, reason: str, user: Any = None
) -> FigureOverride:
    """Change a figure of a draft to ``value`` for ``reason`` (数据更正): the figure, every
    token of it in the text and the label under its paragraphs follow; who, when, old, new
    and why are kept on the issue, in its log and in the change history."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _editable(issue, user, "更正数据")
    check(issue, user, EDIT)
    reason = reason.strip()
    name = label(key)
    if key not in issue.figures:
        raise WorkflowError(f"本期没有数据“{key}”，不能更正")
    if not reason:
        raise WorkflowError(f"更正“{name}”须填写理由")
    try:
        new = parse_value(str(value))
    except ValueError as exc:
        raise WorkflowError(f"“{name}”的新值{exc}") from None
    old = issue.figures[key]
    if same(new, old):
        raise WorkflowError(f"“{name}”的新值与原值 {printed(old)} 相同")
    doc = document_from_json(issue.document)
    apply_override(doc, key, new)
    doc.figures[key] = json_number(new)
    figures = dict(issue.figures)
    figures[key] = json_number(new)
    with because(f"更正{name}：{reason}"):
        override = FigureOverride.objects.create(
            issue=issue,
            key=key,
            old_value=old,
            new_value=json_number(new),
            reason=reason,
            user=user if getattr(user, "pk", None) else None,
            username=getattr(user, "username", "") or "",
        )
        issue.figures = figures
        issue.document = document_to_json(doc)
        issue.save()
    IssueAction.record(
        issue,
        user,
        IssueAction.Kind.OVERRIDE,
        f"{name}：{printed(old)} → {printed(new)}；理由：{reason}",
    )
    return override


def open_figure_mismatches(issue: Issue) -> list[Mismatch]:
    """The numbers of the text that differ from their figures and nobody acknowledged."""
    done = set(issue.figure_text_acknowledgements.values_list("finding", flat=True))
    return [
        m
        for m in figure_text_mismatches(issue.document, issue.figures)
        if m.finding_key not in done
    ]


@transaction.atomic
def acknowledge_figure_text(
    issue: Issue, finding: str, reason: str, user: Any = None
) -> FigureTextAcknowledgement:
    """Acknowledge, with a reason, a number of the text that differs from its figure (确认):
    it no longer blocks publication."""
    _editable(issue, user, "确认数字不符")
    reason = reason.strip()
    current = {m.finding_key: m for m in figure_text_mismatches(issue.document, issue.figures)}
    mismatch = current.get(finding)
    if mismatch is None:
        raise WorkflowError("该提示已不存在（文字或数据已改），无需确认")
    if not reason:
        raise WorkflowError(f"确认“{mismatch.message}”须填写理由")
    with because(reason):
        ack, _ = FigureTextAcknowledgement.objects.update_or_create(
            issue=issue,
            finding=finding,
            defaults={
                "message": mismatch.message[:300],
                "reason": reason,
                "user": user if getattr(user, "pk", None) else None,
                "username": getattr(user, "username", "") or "",
            },
        )
    IssueAction.record(
        issue, user, IssueAction.Kind.ACKNOWLEDGE, f"{mismatch.message}；理由：{reason}"
    )
    return ack


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
    """Published, standing issues of the series whose period overlaps this one's (已覆盖该时段
    的期次); errata and withdrawn issues left out."""
    if issue.period_start is None or issue.period_end is None:
        return []
    return list(
        Issue.objects.filter(
            series=issue.series,
            status=Issue.Status.PUBLISHED,
            period_start__lte=issue.period_end,
            period_end__gte=issue.period_start,
            # An erratum restates its original's period; a withdrawn issue covers nothing.
            corrects__isnull=True,
            withdrawal__isnull=True,
        )
        .exclude(pk=issue.pk)
        .order_by("period_start")
    )


@dataclass
class _Plan:
    """What a publication will print and store, as the checks and the numbering decide now."""

    doc: Document
    year: int
    number: int
    serial: int
    covered: list[Issue]


def _publication_plan(
    issue: Issue,
    user: Any,
    issue_date: dt.date,
    overlap_reason: str,
    first_serial: int | None,
) -> _Plan:
    """Every refusal of publication, then the numbers and the document to print; nothing is
    written. Run at the request (so a refusal answers at once) and again inside the
    publishing transaction (so nothing that changed meanwhile slips through)."""
    check(issue, user, PUBLISH)
    if mismatches := open_figure_mismatches(issue):
        raise WorkflowError(
            "文中数字与数据不符，未发布："
            + "；".join(m.message for m in mismatches)
            + "。请改正文字、更正数据，或填写理由确认后再发布"
        )
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
    # An erratum (勘误) restates its original's period by design: no overlap to explain.
    covered = [] if issue.is_erratum else covering_issues(issue)
    if covered and not overlap_reason.strip():
        names = "、".join(str(other) for other in covered)
        raise WorkflowError(f"该时段已由{names}覆盖；如确需再发一期，请填写理由后发布")
    # An erratum reports on no week of its own: it counts in the year it is issued.
    year = issue_date.year if issue.is_erratum else numbering_year(issue, issue_date)
    number, serial = next_numbers(issue, year, first_serial)
    doc: Document = document_from_json(issue.document)
    doc.year, doc.number, doc.serial, doc.issue_date = year, number, serial, issue_date
    if issue.is_erratum:
        from servicehall.reports.corrections import erratum_notice, erratum_title, require_current

        original = issue.corrects
        assert original is not None
        if original.status != Issue.Status.PUBLISHED or original.withdrawn is not None:
            raise WorkflowError(f"{original} 已撤回，其勘误不能发布")
        require_current(issue)
        doc.notice = erratum_title(issue)
        doc.preamble = erratum_notice(issue) + doc.preamble
        # Its masthead prints its own week, not the original's: the notice names the original.
        # (The issue keeps the original's period: its figures stand for that week.)
        try:
            own = working_week(issue_date)
            doc.period_start, doc.period_end = own.start, own.end
        except NoWorkingDays:
            doc.period_start = doc.period_end = issue_date
    return _Plan(doc, year, number, serial, covered)


Progress = Callable[[int, str], None]  # (steps done, the step now running)
PUBLISH_STEPS = ("核对", "生成文本与网页版", "生成 DOCX 与 PDF", "核查版式", "校验并发布")
PUBLISH_ATTEMPTS = 3  # renders again when another issue of the series took the number meanwhile


def publish(
    issue: Issue,
    user: Any = None,
    issue_date: dt.date | None = None,
    overlap_reason: str = "",
    *,
    first_serial: int | None = None,
    office_files: bool = True,
    progress: Progress | None = None,
) -> Issue:
    """Number, render, audit and freeze an approved issue, all or nothing.

    A period that a published issue of the series already covers (2024-5 drafted for the week
    of 2024-4) is refused unless the publisher gives the reason (增刊, a corrected reissue);
    the reason goes into the issue's log. ``first_serial``: the 总期号 of the series' first
    issue (refused once the series has one). ``office_files=False`` leaves the DOCX and PDF to
    their first download (``issue_file``), for a year of back issues published at once (the
    demo): they are rendered then from the frozen document, both by the one LibreOffice layout,
    and frozen in turn; text and HTML are stored now.

    The renders (LibreOffice, seconds) run outside any transaction: pages and other writers
    never wait behind them. The issue is then published in one short transaction that checks
    everything again, stores the files with their SHA-256 and appends the ledger's entries
    (signals): a render or audit that fails leaves the issue approved and nothing stored. The
    worker runs this for the pages and the API (``request_publication``); the demo directly."""
    issue_date = issue_date or timezone.localdate()
    tell = progress or (lambda done, stage: None)
    for _attempt in range(PUBLISH_ATTEMPTS):
        tell(0, PUBLISH_STEPS[0])
        plan = _publication_plan(
            Issue.objects.get(pk=issue.pk), user, issue_date, overlap_reason, first_serial
        )
        tell(1, PUBLISH_STEPS[1])
        files = {fmt: render(plan.doc, fmt) for fmt in ("txt", "html")}
        if office_files:
            files.update(_office_files(plan.doc, tell))
        tell(4, PUBLISH_STEPS[4])
        with transaction.atomic():
            locked = Issue.objects.select_for_update().get(pk=issue.pk)
            now = _publication_plan(locked, user, issue_date, overlap_reason, first_serial)
            if (now.year, now.number, now.serial) != (plan.year, plan.number, plan.serial) or (
                document_to_json(now.doc) != document_to_json(plan.doc)
            ):
                continue  # another issue took the number, or the text changed: print again
            return _freeze(locked, user, plan, issue_date, files, overlap_reason)
    raise WorkflowError(f"{issue} 发布时期号一再被其他期次占用，未发布，请重试")


def _freeze(
    issue: Issue,
    user: Any,
    plan: _Plan,
    issue_date: dt.date,
    files: dict[str, bytes],
    overlap_reason: str,
) -> Issue:
    """The publishing write itself, in the caller's transaction (the ledger's entries too)."""
    issue.year, issue.number, issue.serial, issue.issue_date = (
        plan.year,
        plan.number,
        plan.serial,
        issue_date,
    )
    issue.document = document_to_json(plan.doc)
    issue.status = Issue.Status.PUBLISHED
    issue.published_at = timezone.now()
    issue.save()
    store_files(issue, files)
    note = f"{issue.year}年第{plan.number}期（总第{plan.serial}期）"
    if plan.covered:
        names = "、".join(str(o) for o in plan.covered)
        note += f"；与{names}时段重叠，理由：{overlap_reason.strip()}"
    IssueAction.record(issue, user, PUBLISH.name, note)
    return issue


PUBLISH_JOB = "publish_issue"  # the background job that publishes (core.jobs)


def request_publication(
    issue: Issue,
    user: Any = None,
    issue_date: dt.date | None = None,
    overlap_reason: str = "",
    *,
    first_serial: int | None = None,
) -> Job:
    """Refuse at once what would be refused, else queue the publication for the worker
    (`servicehall worker`), which renders, audits and publishes it (``publish``). The issue
    stays approved until then; a second request while one waits is refused."""
    issue_date = issue_date or timezone.localdate()
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        _publication_plan(issue, user, issue_date, overlap_reason, first_serial)
        if (waiting := publication_job(issue)) is not None and waiting.status in (
            Job.Status.QUEUED,
            Job.Status.RUNNING,
        ):
            raise WorkflowError(f"{issue} 正在发布（后台任务 #{waiting.pk}），请稍候")
        return enqueue(
            PUBLISH_JOB,
            [],
            user=user,
            options={
                "issue": issue.pk,
                "user": getattr(user, "pk", None),
                "issue_date": issue_date.isoformat(),
                "overlap_reason": overlap_reason,
                "first_serial": first_serial,
            },
        )


def publication_job(issue: Issue) -> Job | None:
    """The issue's latest publication job (发布任务), if any: the issue page shows it running,
    or why it failed."""
    return (
        Job.objects.filter(kind=PUBLISH_JOB, options__issue=issue.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


def _office_files(doc: Document, tell: Progress | None = None) -> dict[str, bytes]:
    """The DOCX and PDF, checked: every character printed and every GB/T 9704 clause met."""
    tell = tell or (lambda done, stage: None)
    tell(2, PUBLISH_STEPS[2])
    # One LibreOffice layout decides where the 版记 goes, for the DOCX and the PDF alike.
    try:
        docx, pdf = render_docx_and_pdf(doc)
    except (PdfRenderError, OSError) as exc:
        raise WorkflowError(f"生成 DOCX 与 PDF 失败，未发布：{exc}") from exc
    tell(3, PUBLISH_STEPS[3])
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
    "acknowledge_figure_text",
    "allowed_actions",
    "approve",
    "edit_paragraph",
    "issue_file",
    "open_figure_mismatches",
    "override_figure",
    "publication_job",
    "publish",
    "request_publication",
    "send_back",
    "submit",
]


def expected_number(issue: Issue, day: dt.date) -> str:
    """The 期号 a draft of a week would take if published on ``day`` (its series' own numbering,
    ``next_numbers``), as printed: "2024年第3期（总第3期）"; "" once numbered, or for an erratum
    (numbered in the year it is issued, among the series' issues)."""
    if issue.number is not None or issue.is_erratum or issue.status == Issue.Status.PUBLISHED:
        return ""
    year = numbering_year(issue, day)
    number, serial = next_numbers(issue, year)
    return f"{year}年第{number}期（总第{serial}期）"

"""Corrections after publication (勘误与撤回), as a secretariat makes them.

A published issue is frozen: nothing changes its text, figures or files. A mistake found
afterwards is put right in one of two ways, both on the record:

- a 勘误 (erratum): a separate issue of the series that corrects a published one. It is drafted
  from the issue's corrected text (the issue as it stands, with any earlier erratum), edited and
  its figures corrected like any draft, reviewed and approved like any issue, and on
  publication it takes the series' next 年度期号 and 总期号 (counted in the year it is issued)
  and prints a correction notice — what was wrong and what it should read — before the
  corrected full text. From then on its figures and text stand for the original's period: the
  trends and the year-to-date check read them, not the original's.
- a withdrawal (撤回) with a reason: the issue stays as published, frozen, its numbers never
  reused, marked withdrawn and shown with the reason; the trends and the checks leave it out.

Imported past issues are corrected and withdrawn the same way: a bad import is not permanent.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from servicehall.figures.registry import FIGURES
from servicehall.gbt9704.document import Document, Paragraph, document_from_json, document_to_json
from servicehall.reading.erratum import ErratumNotice
from servicehall.reports.bindings import apply_override, json_number, parse_value
from servicehall.reports.bindings import label as figure_label
from servicehall.reports.indicator_block import token_unit
from servicehall.reports.models import Issue, IssueAction, IssueWithdrawal
from servicehall.reports.workflow import WorkflowError, is_editor

# ---- which issues stand ---------------------------------------------------------------------


def standing_q(prefix: str = "") -> Q:
    """Published, not withdrawn (在用): an issue whose numbers and text still hold."""
    return Q(**{f"{prefix}status": Issue.Status.PUBLISHED}) & Q(
        **{f"{prefix}withdrawal__isnull": True}
    )


def in_force(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """The issues that report a period (not errata) and still stand (not withdrawn)."""
    return issues.filter(standing_q(), corrects__isnull=True)


# The order errata were issued in, oldest first: by the day each is dated (its 成文日期, else the
# day it was published here), then when it was published or imported. Not by 总期号 first: a
# real center's erratum imported (archive.services) has none, and NULL sorts first on SQLite and
# last on PostgreSQL, so a later correction lost to an earlier one on one of them.
ISSUED_ORDER = (Coalesce("issue_date", TruncDate("published_at")), "published_at", "serial")


def standing_errata(issue: Issue) -> QuerySet[Issue]:
    """The published, not withdrawn errata of ``issue``, oldest first."""
    return Issue.objects.filter(standing_q(), corrects=issue).order_by(*ISSUED_ORDER)


def superseding_erratum(issue: Issue) -> Issue | None:
    """The erratum whose text and figures stand for ``issue`` now (the last one published)."""
    if issue.is_erratum:
        return None
    return standing_errata(issue).last()


def corrected_figures(issues: QuerySet[Issue]) -> dict[int, dict[str, Any]]:
    """For each issue of ``issues`` corrected by a standing erratum: the erratum's figures."""
    rows = (
        Issue.objects.filter(standing_q(), corrects__in=issues.values("pk"))
        .order_by(*ISSUED_ORDER)
        .values_list("corrects_id", "figures")
    )
    return {original: figures or {} for original, figures in rows}  # the last one wins


def effective_figures(issue: Issue) -> dict[str, Any]:
    """The figures that stand for ``issue``'s period: its last erratum's, else its own."""
    erratum = superseding_erratum(issue)
    return dict((erratum or issue).figures or {})


def corrected_document(issue: Issue) -> Document:
    """The text that stands for ``issue``: its last erratum's corrected text (without the
    erratum's notice), else its own."""
    erratum = superseding_erratum(issue)
    if erratum is None:
        return document_from_json(issue.document)
    doc = document_from_json(erratum.document)
    # The editor never edits the preamble: the corrected text's is the original's, and a
    # published erratum's own preamble is its notice followed by it.
    doc.preamble = document_from_json(issue.document).preamble
    return doc


def correction_status(issue: Issue, user: Any) -> dict[str, Any]:
    """What the issue's page says about corrections: withdrawn, corrected by, the errata the
    user may read (a draft erratum: editors and leaders only), corrects."""
    errata = Issue.objects.for_user(user).filter(corrects=issue).select_related("series")
    return {
        "withdrawal": issue.withdrawn,
        "superseded_by": superseding_erratum(issue),
        "errata": list(errata.order_by("created_at")),
        "corrects": issue.corrects,
    }


# ---- the notice an erratum prints -----------------------------------------------------------

_CLAUSE = re.compile(r"(?<=[。；！？])")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c]


def _quoted(text: str) -> str:
    """A sentence as quoted inside a sentence: without its own full stop (“…”更正为“…”。)."""
    return text.rstrip("。；！？")


def _paragraphs_by_place(doc: Document) -> dict[tuple[str, int], Paragraph]:
    places: dict[tuple[str, int], Paragraph] = {}
    counts: dict[str, int] = {}
    for heading, paragraph in doc.paragraphs_under_headings():
        counts[heading] = counts.get(heading, 0) + 1
        places[(heading, counts[heading])] = paragraph
    return places


def _place(heading: str, index: int) -> str:
    where = heading.split(" › ")[-1] if heading else "正文前"
    return f"“{where}”部分第{index}段"


def text_corrections(original: Document, corrected: Document) -> list[str]:
    """Each change of the text, as a correction notice words it (原文…更正为…)."""
    before, after = _paragraphs_by_place(original), _paragraphs_by_place(corrected)
    lines = []
    for place in list(before) + [p for p in after if p not in before]:
        old = before[place].text if place in before else ""
        new = after[place].text if place in after else ""
        if old == new:
            continue
        where = _place(*place)
        if not new:
            lines.append(f"{where}“{_quoted(old)}”删去。")
            continue
        if not old:
            lines.append(f"{where}增加“{_quoted(new)}”。")
            continue
        a, b = _clauses(old), _clauses(new)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, a, b, autojunk=False
        ).get_opcodes():
            was, now = _quoted("".join(a[i1:i2])), _quoted("".join(b[j1:j2]))
            if tag == "replace":
                lines.append(f"{where}“{was}”更正为“{now}”。")
            elif tag == "delete":
                lines.append(f"{where}“{was}”删去。")
            elif tag == "insert":
                lines.append(f"{where}增加“{now}”。")
    return lines


def _value(value: Any) -> str:
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    return str(value)


def figure_corrections(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Each corrected figure, as the report prints numbers: 今年以来咨询5501人次更正为4210人次."""
    lines = []
    for key in [k for k in FIGURES if k in old or k in new] + sorted(
        k for k in {*old, *new} if k not in FIGURES
    ):
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        definition = FIGURES.get(key)
        label, unit = (
            (definition.label, definition.unit)
            if definition
            else (figure_label(key), token_unit(key))
        )
        if was is None:
            lines.append(f"{label}补充为{_value(now)}{unit}。")
        elif now is None:
            lines.append(f"{label}（原为{_value(was)}{unit}）删去。")
        else:
            lines.append(f"{label}{_value(was)}{unit}更正为{_value(now)}{unit}。")
    return lines


def erratum_name(original: Issue) -> str:
    """The corrected issue as a notice names it: the series in 《》, then its numbers (or, for
    an unnumbered import, its week)."""
    if not original.number:
        return f"《{original.series.title}》（{original.period_start}—{original.period_end}）"
    return f"《{original.series.title}》{original.year}年第{original.number}期（总第{original.serial}期）"


def erratum_title(erratum: Issue) -> str:
    """The erratum's own title (勘误标题), printed as a title (§7.3.1) before its notice."""
    assert erratum.corrects is not None
    return f"关于{erratum_name(erratum.corrects)}的勘误"


def erratum_notice(erratum: Issue) -> list[Paragraph]:
    """The notice printed before an erratum's corrected text (勘误说明), under its title
    (``erratum_title``); the erratum's own number, date and week are on its masthead."""
    original = erratum.corrects
    assert original is not None
    base_doc = corrected_document(original)
    base_figures = effective_figures(original)
    corrected = document_from_json(erratum.document)
    name = erratum_name(original)
    lines = text_corrections(base_doc, corrected)
    figures = figure_corrections(base_figures, erratum.figures or {})
    paragraphs = [
        Paragraph.of(
            f"{erratum.correction_reason.strip().rstrip('。')}。经核，{name}有误，现更正如下："
        ),
    ]
    for n, line in enumerate(lines, start=1):
        paragraphs.append(Paragraph.of(f"{n}. {line}"))
    if figures:
        paragraphs.append(Paragraph.of("统计数据相应更正：" + "".join(figures)))
    if not lines and not figures:
        paragraphs.append(Paragraph.of("正文与统计数据未作改动。"))
    paragraphs.append(Paragraph.of("特此更正。更正后的全文如下。"))
    return paragraphs


# ---- the services -----------------------------------------------------------------------------


def _require_editor(user: Any, what: str) -> None:
    if user is not None and not is_editor(user):
        raise WorkflowError(f"{getattr(user, 'username', '')} 无权{what}")


def _require_own_series(issue: Issue, user: Any, what: str) -> None:
    """Refuse ``what`` (勘误, 撤回) of another center's issue: a center corrects and withdraws
    only what it publishes, as it drafts only its own series (``drafting.draftable_series``) —
    a parent reads its children's issues, it never speaks in their name."""
    from servicehall.reports.drafting import draftable_series

    if user is None or draftable_series(user).filter(pk=issue.series_id).exists():
        return
    owner = issue.series.center
    raise WorkflowError(
        f"{issue} 是{owner or '其他中心'}的周报，只能由该中心{what}；如有错误请通知该中心"
    )


def require_standing(issue: Issue, what: str) -> None:
    """Refuse ``what`` (勘误, 撤回) of an issue not published or withdrawn (WorkflowError): the
    rule the forms here and an imported erratum (``archive.services``) both follow."""
    if issue.status != Issue.Status.PUBLISHED:
        raise WorkflowError(f"{issue} 尚未发布，不能{what}；草稿直接修改即可")
    if issue.withdrawn is not None:
        raise WorkflowError(f"{issue} 已撤回，不能{what}")


def original_of(notice: ErratumNotice, center: Any, year: int | None) -> Issue:
    """The issue an erratum's ``notice`` corrects, one rule for every erratum read back (the
    system's own, with its full text; a real center's notice alone): an issue of ``center``'s
    own series of the title the notice names (None: the default center's; never a parent's or
    a sibling's of the same title), of the notice's 年度 — else ``year``, the erratum's own
    (its 期号 or its date's) — and 期号; failing that, of its 总期号. A 总期号 the notice prints
    that the issue found by 期号 does not carry, or an issue withdrawn or not published
    (``require_standing``), is refused: WorkflowError, its message the import's warning."""
    from servicehall.reports.drafting import center_series  # drafting reads this module's peers

    issues = Issue.objects.filter(series__in=center_series(center), series__title=notice.series)
    year = notice.year or year
    by_number = issues.filter(number=notice.number)
    found = (by_number.filter(year=year) if year else by_number.order_by("-year")).first()
    name = f"{notice.series}{notice.year or ''}年第{notice.number}期"
    if (
        found is not None
        and notice.serial is not None
        and found.serial not in (None, notice.serial)
    ):
        raise WorkflowError(
            f"勘误所称{name}（总第{notice.serial}期）与已入库的{found}总期号不符：未关联，"
            "请核对后重新导入"
        )
    if found is None and notice.serial is not None:
        found = issues.filter(serial=notice.serial).first()
    if found is None:
        raise WorkflowError(
            f"本期为{name}的勘误，但{name}尚未导入：未关联，导入原期次后请重新导入本勘误"
        )
    try:
        require_standing(found, "勘误")  # as the issue's own 勘误 form refuses
    except WorkflowError as exc:
        raise WorkflowError(f"{exc}：本更正未关联，按文档保存") from None
    return found


def _opened_at(erratum: Issue) -> dt.datetime:
    """When a draft erratum's text was taken from the standing text: its last 发起勘误 (opened,
    or re-drafted by ``start_erratum``)."""
    last = (
        erratum.actions.filter(action=IssueAction.Kind.ERRATUM)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return last or erratum.created_at


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local:%H:%M}"


def _correction_name(erratum: Issue) -> str:
    """A correction as a refusal names it: its numbers, else the file it was imported from."""
    if not erratum.number and erratum.source_name:
        return f"《{erratum.source_name}》"
    return erratum_name(erratum)


def stale_reason(erratum: Issue) -> str:
    """Why a draft erratum no longer starts from the text that stands (""): a correction of its
    original published (an erratum imported, another published) or withdrawn after the draft
    was opened. Publishing it would put back what that correction changed — the draft holds
    the text as it stood then, and the last erratum published wins — so publishing is refused
    (``require_current``) and re-drafting starts from the standing text."""
    original = erratum.corrects
    if original is None or erratum.status == Issue.Status.PUBLISHED:
        return ""
    since = _opened_at(erratum)
    later = standing_errata(original).exclude(pk=erratum.pk).filter(published_at__gt=since).last()
    if later is not None:
        assert later.published_at is not None
        return (
            f"原文已于{_when(later.published_at)}被{_correction_name(later)}更正，"
            "本勘误草稿起草时尚无此更正，发布将使更正前的内容复原：请按现行文本重新起草"
        )
    withdrawn = (
        IssueWithdrawal.objects.filter(issue__corrects=original, at__gt=since)
        .select_related("issue__series")
        .order_by("-at")
        .first()
    )
    if withdrawn is not None:
        return (
            f"原文的勘误{_correction_name(withdrawn.issue)}已于{_when(withdrawn.at)}撤回，"
            "本勘误草稿仍含其更正：请按现行文本重新起草"
        )
    return ""


def require_current(erratum: Issue) -> None:
    """Refuse to publish a draft erratum opened before the standing text last changed
    (``stale_reason``): WorkflowError naming that correction; ``reports.workflow`` checks it
    at the request and again in the publishing transaction (the page, the API, the worker)."""
    if reason := stale_reason(erratum):
        raise WorkflowError(f"未发布：{reason}")


def unnumbered(doc: Document) -> Document:
    """A draft erratum's text (勘误草稿): no 年度, 期号, 总期号 or date of its own until it is
    published and numbered — whether taken from the standing text or from an imported file."""
    doc.year = doc.number = doc.serial = doc.issue_date = None
    return doc


def _redraft(erratum: Issue, original: Issue, user: Any, why: str) -> Issue:
    """The open draft erratum taken again from the standing text (its edits are dropped: they
    were made on a text that no longer stands), back to 草稿 for review."""
    doc = unnumbered(corrected_document(original))
    erratum.document = document_to_json(doc)
    erratum.figures = effective_figures(original)
    erratum.status = Issue.Status.DRAFT
    erratum.pending_redraft = None
    erratum.save()
    IssueAction.record(erratum, user, IssueAction.Kind.ERRATUM, f"按现行文本重新起草：{why}")
    return erratum


@transaction.atomic
def start_erratum(issue: Issue, user: Any = None, reason: str = "") -> Issue:
    """A draft 勘误 of the published ``issue``: its corrected text and figures as they stand,
    to be edited, reviewed and published like any issue. An erratum is always of the issue
    reporting the period (an erratum of an erratum corrects the same original); one draft at a
    time: a second request returns the draft already open — taken again from the standing
    text when a correction changed it since (``stale_reason``)."""
    _require_editor(user, "发起勘误")
    original = issue.corrects if issue.corrects_id is not None else issue
    assert original is not None
    _require_own_series(original, user, "勘误")
    original = Issue.objects.select_for_update().get(pk=original.pk)
    require_standing(original, "勘误")
    if not reason.strip():
        raise WorkflowError("勘误理由：请填写为什么更正（如：今年以来咨询人次录入有误）")
    open_draft = original.errata.exclude(status=Issue.Status.PUBLISHED).first()
    if open_draft is not None:
        if why := stale_reason(open_draft):  # re-drafting starts from the standing text
            return _redraft(open_draft, original, user, why)
        return open_draft
    doc = unnumbered(corrected_document(original))
    erratum = Issue.objects.create(
        series=original.series,
        layout=original.layout,
        status=Issue.Status.DRAFT,
        origin=Issue.Origin.DRAFTED,
        period_start=original.period_start,
        period_end=original.period_end,
        document=document_to_json(doc),
        figures=effective_figures(original),
        corrects=original,
        correction_reason=reason.strip()[:500],
    )
    IssueAction.record(erratum, user, IssueAction.Kind.ERRATUM, f"勘误{original}：{reason.strip()}")
    return erratum


def _parse_value(key: str, raw: str) -> int | float:
    """The erratum's new value, by the same rule as a draft's 数据更正 (bindings.parse_value)."""
    try:
        return json_number(parse_value(raw))
    except ValueError as exc:
        label = figure_label(key)
        raise WorkflowError(f"{label}：{exc}") from None


@transaction.atomic
def correct_figure(erratum: Issue, key: str, raw_value: str, user: Any = None) -> int:
    """Correct one figure of a draft erratum; each paragraph bound to the figure that prints
    its old value once has it replaced. Returns how many paragraphs changed."""
    _require_editor(user, "更正数据")
    if not erratum.is_erratum or erratum.status != Issue.Status.DRAFT:
        raise WorkflowError("只有勘误草稿可以更正数据")
    figures = dict(erratum.figures or {})
    if key not in figures and key not in FIGURES:
        raise WorkflowError(f"未知统计指标：{key}")
    value = _parse_value(key, raw_value)
    old = figures.get(key)
    figures[key] = value
    doc = document_from_json(erratum.document)
    changed = 0
    if old is not None and _value(old) != _value(value):
        # A drafted original prints its figures as tokens: they follow, as in a draft's 数据更正.
        changed = apply_override(doc, key, value)
    if not changed and old is not None and _value(old) != _value(value):
        # An imported original has no tokens: a paragraph printing the old value once — as a
        # number of its own (631 inside 颁发11631件 is no second print of it).
        alone = re.compile(rf"(?<![\d.]){re.escape(_value(old))}(?![\d.])")
        for section in doc.walk():
            for paragraph in section.paragraphs:
                if key not in paragraph.figure_keys:
                    continue
                hits = [run for run in paragraph.runs if len(alone.findall(run.text)) == 1]
                if len(hits) == 1 and len(alone.findall(paragraph.text)) == 1:
                    hits[0].text = alone.sub(_value(value), hits[0].text)
                    changed += 1
    if key in doc.figures:  # an imported report's own reading of its figures
        doc.figures[key] = value
    erratum.figures = figures
    erratum.document = document_to_json(doc)
    erratum.save()
    label = figure_label(key)
    IssueAction.record(
        erratum,
        user,
        IssueAction.Kind.ERRATUM_FIGURE,
        f"{label}：{_value(old) if old is not None else '无'} → {_value(value)}",
    )
    return changed


@transaction.atomic
def withdraw(issue: Issue, user: Any = None, reason: str = "") -> IssueWithdrawal:
    """Withdraw a published issue (撤回): it stays, frozen, with its numbers; marked withdrawn
    with the reason, and left out of the trends and the checks from now on."""
    _require_editor(user, "撤回期次")
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _require_own_series(issue, user, "撤回")
    require_standing(issue, "撤回")
    if not reason.strip():
        raise WorkflowError("撤回理由：请填写撤回的原因")
    withdrawal = IssueWithdrawal.objects.create(
        issue=issue, reason=reason.strip()[:500], username=getattr(user, "username", "") or ""
    )
    IssueAction.record(issue, user, IssueAction.Kind.WITHDRAW, reason.strip())
    return withdrawal


def can_correct(issue: Issue, user: Any) -> bool:
    """Whether ``user`` is offered the 勘误 and 撤回 forms on ``issue``'s page."""
    return is_editor(user) and issue.status == Issue.Status.PUBLISHED and issue.withdrawn is None

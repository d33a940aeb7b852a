"""Checks before publication (发布前检查): they warn, the editor decides.

- year to date = last issue's year to date + the days since it, for every counter, with the
  records that explain a difference (late entries, edits of the earlier issue);
- an empty section;
- a wording that names a value that does not exist;
- a department printed in a list that has no entry for the week;
- a figure that moved more than a configurable share week on week;
- a period another published issue of the series already covers (publication asks a reason);
- a figure printed with no record behind it for the period (an error: publication refused);
- a number typed in the text that is not its figure (blocking until acknowledged), and the
  figures the editor overrode, with their reasons (reports/bindings.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from servicehall.cases.links import event_list_link
from servicehall.cases.models import CaseEvent, EventKind
from servicehall.core.text import squeeze_spaces
from servicehall.figures import CASE_KINDS, FIGURES, Period, case_counts, missing_sources
from servicehall.gbt9704.document import Section, document_from_json
from servicehall.reports.bindings import figure_text_mismatches, label, printed
from servicehall.reports.corrections import effective_figures, in_force, superseding_erratum
from servicehall.reports.display import source_link
from servicehall.reports.models import Issue
from servicehall.reports.wording import MISSING
from servicehall.reports.workflow import covering_issues
from servicehall.workcal import workdays
from servicehall.workcal.workdays import working_week


@dataclass
class Finding:
    """One warning of a check (检查提示).

    ``blocking``: publication is refused until it is acknowledged with a reason (``key`` names
    it for the acknowledgement); ``acknowledged`` says who acknowledged it, when and why."""

    check: str
    message: str
    details: list[str] = field(default_factory=list)
    link: str = ""
    key: str = ""
    blocking: bool = False
    acknowledged: str = ""
    severity: str = "warning"  # "error": publication is refused until it is put right


ERROR = "error"


def previous_issue(issue: Issue) -> Issue | None:
    """The last issue of the same series and year before this one's period (drafted or
    imported), errata and withdrawn issues left out: its figures are ``effective_figures``."""
    if issue.period_start is None:
        return None
    return (
        in_force(Issue.objects.filter(series=issue.series, period_end__lt=issue.period_start))
        .filter(period_end__year=issue.period_start.year)
        .exclude(pk=issue.pk)
        .order_by("-period_end")
        .first()
    )


def check_year_to_date(issue: Issue) -> list[Finding]:
    """YTD(this) must equal YTD(last issue) + everything counted since its period ended."""
    prev = previous_issue(issue)
    if prev is None or issue.period_end is None or prev.period_end is None:
        return []
    findings = []
    gap_start = prev.period_end + dt.timedelta(days=1)
    since = case_counts(Period(gap_start, issue.period_end))
    standing = effective_figures(prev)  # a 勘误 of the last issue supersedes its figures
    erratum = superseding_erratum(prev)
    for kind in CASE_KINDS:
        key = f"window.ytd.{kind}"
        mine, theirs = issue.figures.get(key), standing.get(key)
        if mine is None or theirs is None:
            continue
        expected = theirs + since[kind]
        if mine == expected:
            continue
        difference = mine - expected
        details = [
            f"上期（{prev.year}年第{prev.number}期，截至{prev.period_end}）今年以来{EventKind(kind).label} {theirs}，"
            f"其后至{issue.period_end}新增 {since[kind]}，应为 {expected}，本期为 {mine}，相差 {difference:+d}。"
        ]
        if erratum is not None:
            details.append(f"上期数字按其勘误（{erratum}）更正后计。")
        details.extend(_explain(prev, kind, theirs))
        findings.append(
            Finding(
                "ytd",
                f"今年以来{EventKind(kind).label}与上期累计不衔接（相差 {difference:+d}）",
                details,
                link=event_list_link(kind, dt.date(issue.period_end.year, 1, 1), prev.period_end),
            )
        )
    return findings


def _explain(prev: Issue, kind: str, printed: int) -> list[str]:
    """The records that make last issue's figure (``printed``, as corrected) differ from the
    log as it stands now."""
    if prev.period_end is None:
        return []
    year_start = dt.date(prev.period_end.year, 1, 1)
    now = case_counts(Period(year_start, prev.period_end))[kind]
    lines = [
        f"按现有记录，上期截止日的今年以来{EventKind(kind).label}为 {now}，上期印发为 {printed}。"
    ]
    if prev.published_at is not None:
        late = CaseEvent.objects.filter(
            kind=kind,
            occurred_on__gte=year_start,
            occurred_on__lte=prev.period_end,
            recorded_at__gt=prev.published_at,
        )
        count = late.count()
        if count:
            sample = "、".join(late.order_by("occurred_at").values_list("event_id", flat=True)[:10])
            lines.append(f"上期发布后补录了 {count} 条截止日前的记录（如 {sample}）。")
    if prev.origin == Issue.Origin.IMPORTED:
        lines.append("上期为导入的往期报告，其数字来自原文。")
    return lines


def check_sections(issue: Issue) -> list[Finding]:
    findings = []
    doc = document_from_json(issue.document)
    for section in doc.sections:
        for sub in section.walk():
            if _empty(sub):
                findings.append(Finding("empty", f"“{sub.marker}{sub.heading}”没有内容"))
            for paragraph in sub.paragraphs:
                if MISSING.split("%s")[0] in paragraph.text:
                    findings.append(
                        Finding(
                            "missing",
                            f"“{sub.heading}”中有措辞引用了不存在的数据：{paragraph.text[:60]}",
                        )
                    )
    return findings


def _empty(section: Section) -> bool:
    return not section.paragraphs and all(_empty(s) for s in section.subsections)


# A list number in front of a name: "1." "1．" "1、" "（1）" "(1)" "①" (an editor's bold may take it in).
_LIST_NUMBER = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(]\s*\d+\s*[)）]|[①-⑳])\s*")


def department_name(bold: str) -> str:
    """The name a bold run prints, without a list number and stray spaces or punctuation:
    "1.省市场监管局" → 省市场监管局."""
    return squeeze_spaces(_LIST_NUMBER.sub("", bold)).strip("，。、；：,.;:")


def check_department_entries(issue: Issue) -> list[Finding]:
    """A department printed in bold (a news or visit list) with no entry of the week."""
    from servicehall.journal.models import LeaderVisit, NewsItem
    from servicehall.org.models import Department

    if issue.period_start is None or issue.origin != Issue.Origin.DRAFTED:
        return []
    if issue.corrects is not None and issue.corrects.origin != Issue.Origin.DRAFTED:
        return []  # an erratum of a past report: its lists are the report's, not this week's
    doc = document_from_json(issue.document)
    named = {
        name
        for s in doc.walk()
        for p in s.paragraphs
        for run in p.runs
        if run.bold and (name := department_name(run.text))
    }
    findings = []
    for name in sorted(named):
        dept = Department.named(name)
        if dept is None:
            findings.append(Finding("department", f"“{name}”不在进驻部门名录中"))
            continue
        week = {"gte": issue.period_start, "lte": issue.period_end}
        has_news = NewsItem.objects.filter(
            department=dept, occurred_on__gte=week["gte"], occurred_on__lte=week["lte"]
        ).exists()
        has_visit = LeaderVisit.objects.filter(
            department=dept, visited_on__gte=week["gte"], visited_on__lte=week["lte"]
        ).exists()
        if not (has_news or has_visit):
            findings.append(
                Finding("department", f"“{name}”在本期列出，但本周没有该部门的动态或进大厅记录")
            )
    return findings


def check_jumps(issue: Issue, share: float | None = None) -> list[Finding]:
    """A weekly counter that moved more than ``share`` against the previous working week."""
    share = settings.SERVICEHALL_FIGURE_JUMP_SHARE if share is None else share
    if issue.period_start is None:
        return []
    last_week = working_week(issue.period_start - dt.timedelta(days=7)).period
    before = case_counts(last_week)
    findings = []
    for kind in CASE_KINDS:
        now = issue.figures.get(f"window.week.{kind}")
        if (
            now is None
            or not before[kind]
            or issue.period_start is None
            or issue.period_end is None
        ):
            continue
        change = (now - before[kind]) / before[kind]
        if abs(change) > share:
            findings.append(
                Finding(
                    "jump",
                    f"本周{EventKind(kind).label} {now}，较上周 {before[kind]} 变化 {change:+.0%}，超过 {share:.0%}",
                    link=event_list_link(kind, issue.period_start, issue.period_end),
                )
            )
    return findings


def check_sources(issue: Issue) -> list[Finding]:
    """A figure the draft prints with no record behind it for the period (无数据来源): its 0 is
    no count. One error per missing source, naming the figures that print from it; the fix is
    the data (import it) or the paragraph (delete it), never an acknowledgement."""
    if issue.origin != Issue.Origin.DRAFTED or issue.period_start is None:
        return []
    # A 勘误 restates a published issue's figures as a person corrected them (its original may
    # be an imported report of a period the log never held): no week's records to ask for.
    if issue.status == Issue.Status.PUBLISHED or issue.is_erratum:
        return []
    doc = document_from_json(issue.document)
    keys: list[str] = []
    for section in doc.walk():
        for paragraph in section.paragraphs:
            keys.extend(k for k in paragraph.figure_keys if k in FIGURES and k not in keys)
    by_source: dict[str, list[str]] = {}
    for key, missing in missing_sources(issue.period, keys).items():
        by_source.setdefault(missing, []).append(key)
    period = issue.period
    return [
        Finding(
            "source",
            f"{'、'.join(FIGURES[k].label for k in named)}无数据来源：{missing}",
            [
                f"{FIGURES[k].label}（{k}）按“{FIGURES[k].source}”计算，草稿印为 "
                f"{issue.figures.get(k, 0)}{FIGURES[k].unit}，缺少本期记录，不能作为本期数字。"
                for k in named
            ],
            link=FIGURES[named[0]].records_link(period),
            severity=ERROR,
        )
        for missing, named in by_source.items()
    ]


def check_period_covered(issue: Issue) -> list[Finding]:
    """A period another published issue of the series already covers (时段已有期次); an
    erratum restates its original's period by design."""
    if issue.status == Issue.Status.PUBLISHED or issue.is_erratum:
        return []
    return [
        Finding(
            "covered",
            f"本期时段已由{other}（{other.period_start}—{other.period_end}）覆盖；"
            "发布时须填写再发一期的理由",
            link=f"/reports/{other.pk}/",
        )
        for other in covering_issues(issue)
    ]


def check_calendar(issue: Issue) -> list[Finding]:
    """A period in a year whose working-day calendar is estimated or missing (工作日历未公布):
    its week and deadlines may move when the State Council's notice is typed in."""
    if issue.status == Issue.Status.PUBLISHED or not issue.period_start:
        return []
    said = {
        workdays.YearStatus.ESTIMATED: "为预估（未含调休）",
        workdays.YearStatus.MISSING: "缺失（按周一至周五计）",
    }
    findings = []
    for year in sorted({issue.period_start.year, (issue.period_end or issue.period_start).year}):
        status = workdays.year_status(year)
        if status in said:
            findings.append(
                Finding(
                    "calendar",
                    f"{year} 年工作日历{said[status]}：本期的工作周可能与放假通知不符",
                    link=f"/calendar/{year}/",
                )
            )
    return findings


def check_figure_text(issue: Issue) -> list[Finding]:
    """A number typed in the text that is not its figure (文中数字与数据不符): blocking until
    acknowledged. The text is read with the archive's fact reader (reports/bindings.py)."""
    if issue.origin != Issue.Origin.DRAFTED or issue.status == Issue.Status.PUBLISHED:
        return []
    acks = {a.finding: a for a in issue.figure_text_acknowledgements.all()}
    findings = []
    for mismatch in figure_text_mismatches(issue.document, issue.figures):
        ack = acks.get(mismatch.finding_key)
        findings.append(
            Finding(
                "figure_text",
                f"文中数字与数据不符：{mismatch.message}",
                [f"原文：…{mismatch.excerpt}…", "改正文字、更正数据（填写理由），或填写理由确认。"],
                link=source_link(mismatch.key, issue),
                key=mismatch.finding_key,
                blocking=ack is None,
                acknowledged=(
                    f"{ack.username or '系统'} 于 {timezone.localtime(ack.at):%Y-%m-%d %H:%M} "
                    f"确认：{ack.reason}"
                    if ack
                    else ""
                ),
            )
        )
    return findings


def check_figure_overrides(issue: Issue) -> list[Finding]:
    """Figures the editor overrode (数据更正), each with its reason: the reviewer reads them."""
    if issue.origin != Issue.Origin.DRAFTED:
        return []
    return [
        Finding(
            "override",
            f"{label(o.key)}已由 {printed(o.old_value)} 更正为 {printed(o.new_value)}",
            [
                f"理由：{o.reason}（{o.username or '系统'}，"
                f"{timezone.localtime(o.at):%Y-%m-%d %H:%M}）"
            ],
            link=source_link(o.key, issue),
        )
        for o in issue.figure_overrides.all()
    ]


def run_checks(issue: Issue) -> list[Finding]:
    return (
        check_sources(issue)
        + check_figure_text(issue)
        + check_figure_overrides(issue)
        + check_period_covered(issue)
        + check_calendar(issue)
        + check_year_to_date(issue)
        + check_sections(issue)
        + check_department_entries(issue)
        + check_jumps(issue)
    )

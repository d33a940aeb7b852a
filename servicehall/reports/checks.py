"""Checks before publication (发布前检查): they warn, the editor decides.

- year to date = last issue's year to date (as corrected) + the days since it, the issue's own
  week as printed, for every running total of the registry (``year_to_date_keys``), with the
  records that explain a difference (late entries, edits of the earlier issue); again after a
  correction (数据更正, 勘误), in the corrected issue and in the one after it;
- an empty section;
- a wording that names a value that does not exist;
- a department printed in a list that has no entry for the week;
- a figure that moved more than a configurable share week on week;
- a period another published issue of the series already covers (publication asks a reason);
- a figure printed with no record behind it for the period (an error: publication refused);
- a number typed in the text that is not its figure, or that differs from the number its
  drafted text printed from the data (blocking until acknowledged); a number typed in a
  changed paragraph that no data backs (a warning); and the figures the editor overrode, with
  their reasons (reports/bindings.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from servicehall.cases.links import event_list_link
from servicehall.cases.models import CaseEvent, EventKind
from servicehall.core.text import squeeze_spaces
from servicehall.figures import (
    CASE_KINDS,
    FIGURES,
    Period,
    case_counts,
    missing_sources,
    year_to_date_keys,
)
from servicehall.figures.scope import counting_in
from servicehall.gbt9704.document import Section, document_from_json
from servicehall.reports.bindings import (
    figure_text_mismatches,
    label,
    printed,
    same,
    unbacked_numbers,
)
from servicehall.reports.corrections import effective_figures, in_force, superseding_erratum
from servicehall.reports.display import source_link
from servicehall.reports.models import Issue
from servicehall.reports.scoping import issue_scope
from servicehall.reports.wording import MISSING, period_context
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


Number = int | float | Decimal


@dataclass(frozen=True)
class YtdBreak:
    """A year-to-date figure that does not follow from the one before it (累计不衔接):
    ``base`` (the earlier issue's, as corrected) + ``between`` (what the records add between
    the two periods) + ``week`` (what this issue's own week adds: its week figure as printed,
    else the records) should be ``printed``."""

    key: str
    printed: Number
    base: Number
    between: Number
    week: Number
    week_printed: bool  # whether ``week`` is the issue's own week figure (本周…), as printed

    @property
    def expected(self) -> Decimal:
        return _dec(self.base) + _dec(self.between) + _dec(self.week)

    @property
    def difference(self) -> Decimal:
        return _dec(self.printed) - self.expected


def _dec(value: Number) -> Decimal:
    return Decimal(str(value))


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + printed(value)


def ytd_breaks(
    figures: dict[str, Any], start: dt.date, end: dt.date, base: dict[str, Any], base_end: dt.date
) -> list[YtdBreak]:
    """The YTD identity for every running total of the registry (``year_to_date_keys``):
    ``figures`` of the period ``start``–``end`` against ``base``, the figures that stand for
    the period ending ``base_end`` of the same year. A figure either side lacks is not checked."""
    first, last = base_end + dt.timedelta(days=1), start - dt.timedelta(days=1)
    gap = Period(first, last) if first <= last else None
    own = Period(start, end)
    breaks = []
    for key in year_to_date_keys():
        definition = FIGURES[key]
        mine, theirs = figures.get(key), base.get(key)
        if mine is None or theirs is None or definition.added is None:
            continue
        between = definition.added(gap) if gap is not None else 0
        week = figures.get(definition.week_key) if definition.week_key else None
        week_printed = week is not None
        if week is None:
            week = definition.added(own)
        found = YtdBreak(key, mine, theirs, between, week, week_printed)
        if not same(mine, found.expected):
            breaks.append(found)
    return breaks


def _lines(found: YtdBreak, base_name: str, end: dt.date, mine_name: str) -> list[str]:
    definition = FIGURES[found.key]
    added = _dec(found.between) + _dec(found.week)
    lines = [
        f"{base_name}{definition.label} {printed(found.base)}，其后至{end}新增 {printed(added)}，"
        f"应为 {printed(found.expected)}，{mine_name}为 {printed(found.printed)}，"
        f"相差 {_signed(found.difference)}。"
    ]
    if found.week_printed:
        week = FIGURES[definition.week_key]
        lines.append(
            f"其中{mine_name}{week.label}印为 {printed(found.week)}"
            + (f"，此前各日按记录新增 {printed(found.between)}" if found.between else "")
            + "。"
        )
    return lines


def _corrections(issue: Issue, keys: set[str]) -> list[str]:
    """The overrides (数据更正) of ``keys`` in ``issue``'s draft, with their reasons."""
    return [
        f"{label(o.key)}已由 {printed(o.old_value)} 更正为 {printed(o.new_value)}（理由：{o.reason}）。"
        for o in issue.figure_overrides.all()
        if o.key in keys
    ]


def _name(issue: Issue) -> str:
    if issue.number:
        return f"{issue.year}年第{issue.number}期"
    return f"{issue.period_start}—{issue.period_end}的一期"


def check_year_to_date(issue: Issue) -> list[Finding]:
    """YTD(this) = YTD(last issue, as corrected) + what the days since add, the issue's own
    week as printed (本周…) — for every running total of the registry. Also, since a correction
    moves one end of the chain: an erratum is checked against the issue after its original, and
    the issue after a corrected one (勘误, 数据更正) checks that one's chain again."""
    if issue.period_start is None or issue.period_end is None:
        return []
    findings = []
    prev = previous_issue(issue)
    if prev is not None and prev.period_end is not None:
        erratum = superseding_erratum(prev)
        base_name = f"上期（{prev.year}年第{prev.number}期，截至{prev.period_end}）"
        for found in ytd_breaks(
            issue.figures or {}, issue.period_start, issue.period_end,
            effective_figures(prev), prev.period_end,
        ):  # fmt: skip
            definition = FIGURES[found.key]
            details = _lines(found, base_name, issue.period_end, "本期")
            details += _corrections(issue, {found.key, definition.week_key})
            if erratum is not None:
                details.append(f"上期数字按其勘误（{erratum}）更正后计。")
            details.extend(_explain(prev, found.key, found.base))
            findings.append(
                Finding(
                    "ytd",
                    f"{definition.label}与上期累计不衔接（相差 {_signed(found.difference)}）",
                    details,
                    link=definition.records_link(
                        Period(prev.period_start or prev.period_end, prev.period_end)
                    ),
                )
            )
        findings += _corrected_chain(prev)
    if issue.is_erratum:
        findings += _chain_after_erratum(issue)
    return findings


def _corrected_chain(prev: Issue) -> list[Finding]:
    """The last issue's own chain, when a correction changed its figures after its checks
    were read: a published 勘误, or overrides (数据更正) of its draft."""
    erratum = superseding_erratum(prev)
    if erratum is None and not prev.figure_overrides.exists():
        return []
    before = previous_issue(prev)
    start, end = prev.period_start, prev.period_end
    if before is None or before.period_end is None or start is None or end is None:
        return []
    how = f"经勘误（{erratum}）" if erratum is not None else "经数据更正"
    findings = []
    for found in ytd_breaks(
        effective_figures(prev), start, end, effective_figures(before), before.period_end,
    ):  # fmt: skip
        definition = FIGURES[found.key]
        base_name = f"上上期（{_name(before)}，截至{before.period_end}）"
        details = _lines(found, base_name, end, f"上期{how}")
        details += _corrections(prev, {found.key, definition.week_key})
        details.append("本期的今年以来建立在上期之上：请核对上期的更正，必要时再发勘误。")
        findings.append(
            Finding(
                "ytd",
                f"上期{how}后{definition.label}与其上期累计不衔接（相差 {_signed(found.difference)}）",
                details,
                link=reverse("reports:detail", args=[(erratum or prev).pk]),
            )
        )
    return findings


def _chain_after_erratum(erratum: Issue) -> list[Finding]:
    """An erratum moves its original's running totals: the issue after the original, already
    published, must still follow from them (else it needs its own erratum)."""
    original = erratum.corrects
    if original is None or original.period_end is None:
        return []
    following = (
        in_force(Issue.objects.filter(series=original.series, period_start__gt=original.period_end))
        .filter(period_end__year=original.period_end.year)
        .order_by("period_start")
        .first()
    )
    if following is None or following.period_start is None or following.period_end is None:
        return []
    findings = []
    for found in ytd_breaks(
        effective_figures(following), following.period_start, following.period_end,
        erratum.figures or {}, original.period_end,
    ):  # fmt: skip
        definition = FIGURES[found.key]
        details = _lines(
            found, f"按本勘误，{_name(original)}", following.period_end, f"下期{following}"
        )
        details.append(f"下期{following}已发布：本勘误发布后它将与更正后的数字不衔接。")
        findings.append(
            Finding(
                "ytd",
                f"勘误后下期{definition.label}不再衔接（相差 {_signed(found.difference)}）",
                details,
                link=reverse("reports:detail", args=[following.pk]),
            )
        )
    return findings


def _explain(prev: Issue, key: str, printed_value: Number) -> list[str]:
    """The records that make last issue's figure (``printed_value``, as corrected) differ from
    the log as it stands now."""
    if prev.period_end is None or prev.period_start is None:
        return []
    definition = FIGURES[key]
    year_start = dt.date(prev.period_end.year, 1, 1)
    now = definition.compute(Period(max(prev.period_start, year_start), prev.period_end))
    lines = [
        f"按现有记录，上期截止日的{definition.label}为 {printed(now)}，上期印发为 {printed(printed_value)}。"
    ]
    kind = key.rsplit(".", 1)[-1] if key.startswith("window.") else ""
    if prev.published_at is not None and kind:
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


def center_line(name: str) -> bool:
    """Whether a bold name is a center's line of the children's section (下级中心情况: a
    child, the center itself as 本级, 合计), not a department's."""
    from django.db.models import Q

    from servicehall.org.models import Center

    name = name.removesuffix("（本级）")
    return name == "合计" or Center.objects.filter(Q(name=name) | Q(short_name=name)).exists()


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
        if run.bold and (name := department_name(run.text)) and not center_line(name)
    }
    # The issue's own centers: every county has its own 公安局, and a sibling's is not this one's.
    in_scope = issue_scope(issue).q("center")
    findings = []
    for name in sorted(named):
        dept = Department.named(name, among=in_scope)
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
    for key, missing in missing_sources(issue.period, keys, scope=issue_scope(issue)).items():
        by_source.setdefault(missing, []).append(key)
    period = issue.period
    return [
        Finding(
            "source",
            f"{'、'.join(FIGURES[k].label for k in named)}无数据来源：{missing}",
            [
                f"{FIGURES[k].label}按“{FIGURES[k].source}”计算，草稿印为 "
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


def check_unbacked_numbers(issue: Issue) -> list[Finding]:
    """A number typed in a changed or added paragraph that no data of the week backs
    (文中数字无数据依据): not a token, not in the drafted text, not a figure, not any number
    the wordings could print for the week (a count of departments included). A warning: the
    editor may know better, the reviewer reads it."""
    if issue.origin != Issue.Origin.DRAFTED or issue.status == Issue.Status.PUBLISHED:
        return []
    if issue.period_start is None or issue.period_end is None:
        return []
    period = issue.period
    return [
        Finding(
            "typed",
            f"文中数字无数据依据：{u.message}",
            ["请核对来源；如为本周数据，应由数据生成（更正数据或补录记录）。"],
        )
        for u in unbacked_numbers(issue.document, issue.figures, lambda: data_numbers(period))
    ]


def data_numbers(period: Period) -> set[Decimal]:
    """Every number the wordings could print for ``period``: the figures, the other values
    of the context (a window change, the trainees) and the length of every list in it (how
    many departments completed handbooks this week)."""
    found: set[Decimal] = set()

    def walk(value: Any) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, int | float | Decimal):
            found.add(Decimal(str(value)).normalize())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            found.add(Decimal(len(value)))
            for item in value:
                walk(item)

    walk(period_context(period))
    return found


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
    """Every check of ``issue``, its figures counted in the issue's own scope (its series'
    center, 本级 or 本级及下级 as its layout says: ``reports.scoping``)."""
    with counting_in(issue_scope(issue)):
        return _run_checks(issue)


def _run_checks(issue: Issue) -> list[Finding]:
    return (
        check_sources(issue)
        + check_figure_text(issue)
        + check_unbacked_numbers(issue)
        + check_figure_overrides(issue)
        + check_period_covered(issue)
        + check_calendar(issue)
        + check_year_to_date(issue)
        + check_sections(issue)
        + check_department_entries(issue)
        + check_jumps(issue)
    )

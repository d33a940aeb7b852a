"""Drafting an issue from the data (周报起草): layout × period → Document.

Every number comes through ``wording.period_context`` from the figures module; text around it
comes from the layout's wording; journal entries come in as the liaisons wrote them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from servicehall import figures
from servicehall.core.permissions import CHANGE
from servicehall.core.text import squeeze_spaces
from servicehall.figures import Period
from servicehall.figures.scope import CenterScope, counting_in
from servicehall.gbt9704.document import (
    LEVEL_SECOND,
    LEVEL_TOP,
    Document,
    Paragraph,
    Run,
    Section,
    paragraph_from_markup,
    paragraph_to_markup,
)
from servicehall.journal.models import CheckItem, LeaderVisit, NewsItem, PatrolFinding, Rating
from servicehall.org.models import Center, Department, default_center, default_center_id
from servicehall.reading.numbers import chinese_numeral
from servicehall.reports.bindings import bind_tokens, mark_context
from servicehall.reports.children import children_paragraphs, highlight_paragraphs
from servicehall.reports.indicator_block import indicator_paragraphs
from servicehall.reports.models import Issue, IssueAction, ReportLayout, ReportSeries
from servicehall.reports.scoping import series_scope
from servicehall.reports.wording import (
    figure_keys_in,
    layout_names,
    md,
    period_context,
    render_wording,
)
from servicehall.workcal.workdays import working_week


def omit_when_empty(node: dict[str, Any]) -> bool:
    """A layout section's rule for a week without content (无内容时): left out of the draft
    (``"omit_when_empty": true``, the default: the seeds never print a heading without text)
    or printed and flagged by the checks (``false``)."""
    return bool(node.get("omit_when_empty", True))


def section_is_empty(section: Section) -> bool:
    """No paragraph in it or in any of its subsections."""
    return not section.paragraphs and all(section_is_empty(s) for s in section.subsections)


class DraftError(ValueError):
    """A draft cannot be made as asked (unknown layout, a week with no working day …)."""


def build_document(
    series: ReportSeries, layout: ReportLayout | dict[str, Any], period: Period
) -> Document:
    """The document of ``series`` for ``period``, filled from the data through ``layout``:
    every figure, news entry, visit and patrol of the series' center (本级, or 本级及下级 where
    the layout says ``"with_children": true``; ``reports.scoping``)."""
    scope = series_scope(series, layout)
    with counting_in(scope):
        return _build_document(series, layout, period, scope)


def _build_document(
    series: ReportSeries,
    layout: ReportLayout | dict[str, Any],
    period: Period,
    scope: CenterScope,
) -> Document:
    definition = layout.definition if isinstance(layout, ReportLayout) else layout
    raw = figures.compute_all(period, scope=scope)
    context = period_context(period, raw, bulletin="ratings" in layout_names(definition))
    builder = _Builder(period, mark_context(context, list(raw)), scope)
    sections = builder.sections(definition["sections"], LEVEL_TOP)
    for section in sections:  # the data side of each paragraph, to tell the editor's changes
        for part in section.walk():
            for paragraph in part.paragraphs:
                paragraph.drafted = paragraph_to_markup(paragraph)
    doc = Document(
        title=series.title,
        issuer=series.issuer,
        year=period.end.year,
        period_start=period.start,
        period_end=period.end,
        copies=series.copies() or None,
        distribution=series.distribution(),
        sections=sections,
        masthead=series.masthead,
        file_code=series.file_code or None,
    )
    doc.figures = {key: value for key in builder.stated if (value := raw.get(key)) is not None}
    # The indicators a kept section prints (a left-out section's are no figures of the issue).
    for part in (p for s in sections for p in s.walk()):
        for paragraph in part.paragraphs:
            for key in paragraph.figure_keys:
                if key in builder.block_figures:
                    doc.figures[key] = builder.block_figures[key]
    return doc


class _Builder:
    def __init__(self, period: Period, context: dict[str, Any], scope: CenterScope) -> None:
        self.period = period
        self.context = context
        self.scope = scope
        self.stated: list[str] = []
        self.block_figures: dict[str, Any] = {}  # figures a block computes itself

    def sections(self, nodes: list[dict[str, Any]], level: int) -> list[Section]:
        """The sections of ``nodes``, those empty this week left out where the layout says so
        (``omit_when_empty``, by default), numbered after the omission."""
        kept = []
        for node in nodes:
            section = self.section(node, level)
            if not (omit_when_empty(node) and section_is_empty(section)):
                kept.append(section)
        for index, section in enumerate(kept, 1):
            section.number = _number(level, index)
        return kept

    def section(self, node: dict[str, Any], level: int) -> Section:
        section = Section(number="", heading=node["heading"], level=level)
        paragraphs: list[Paragraph] = []
        for block in node.get("blocks", []):
            if block["type"] == "patrol":
                items = self.patrol(level + 1)
                if omit_when_empty(node):  # an item nobody patrolled this week
                    items = [item for item in items if not section_is_empty(item)]
                for index, item in enumerate(items, 1):
                    item.number = _number(level + 1, index)
                section.subsections.extend(items)
                continue
            paragraphs.extend(self.block(block))
        if node.get("numbered"):
            for i, paragraph in enumerate(paragraphs, 1):
                first = paragraph.runs[0]
                # A token stays the number alone; a department named first keeps its bold to
                # itself, not "1.".
                if first.figure or first.bold:
                    paragraph.runs.insert(0, Run(f"{i}."))
                else:
                    first.text = f"{i}." + first.text
        section.paragraphs = paragraphs
        section.subsections.extend(self.sections(node.get("children", []), level + 1))
        return section

    def block(self, block: dict[str, Any]) -> list[Paragraph]:
        kind = block["type"]
        if kind == "text":
            return self.text(block["template"], self.context)
        if kind == "free":
            return [paragraph_from_markup(p) for p in _split(block.get("text", ""))]
        if kind == "news":
            return self.news(block["category"])
        if kind == "visits":
            return self.visits(block)
        if kind == "children":
            return children_paragraphs(block, self.period, self.scope.center, self.text)
        if kind == "child_highlights":
            return highlight_paragraphs(block, self.period, self.scope.center)
        if kind == "indicators":
            paragraphs, printed = indicator_paragraphs(block, self.period, self.scope, self.text)
            self.block_figures.update(printed)
            return paragraphs
        raise DraftError(f"版式中有未知的内容类型：{kind}")

    def text(self, template: str, context: dict[str, Any]) -> list[Paragraph]:
        keys = figure_keys_in(template)
        rendered = render_wording(template, context)
        # A wording copied from an extracted report keeps its stray spaces ("咨询 1291 人次"):
        # GB/T 9704 text has none between Chinese and figures (core.text.squeeze_spaces).
        paragraphs = [
            bind_tokens(paragraph_from_markup(squeeze_spaces(p), keys)) for p in _split(rendered)
        ]
        if paragraphs:
            self.stated.extend(k for k in keys if k not in self.stated)
        return paragraphs

    def news(self, category: str) -> list[Paragraph]:
        entries = list(
            NewsItem.objects.filter(
                self.scope.q("center"),
                category__name=category,
                occurred_on__gte=self.period.start,
                occurred_on__lte=self.period.end,
            )
            .select_related("department")
            .order_by("sort_order", "occurred_on", "pk")  # a group sits where its first entry does
        )
        groups: list[list[NewsItem]] = []
        by_group: dict[int, list[NewsItem]] = {}
        for entry in entries:
            if entry.group is None:
                groups.append([entry])
            elif entry.group in by_group:
                by_group[entry.group].append(entry)
            else:
                by_group[entry.group] = [entry]
                groups.append(by_group[entry.group])
        return [
            paragraph_from_markup("".join(_bold_department(e) for e in group)) for group in groups
        ]

    def visits(self, block: dict[str, Any]) -> list[Paragraph]:
        visits = [
            {
                "date": md(v.visited_on),
                "unit": v.unit_name,
                "title": v.title,
                "name": v.name,
                "companions": v.companions,
                "activity": v.activity,
                "remarks": v.remarks,
            }
            for v in LeaderVisit.objects.filter(
                self.scope.q("center"),
                visited_on__gte=self.period.start,
                visited_on__lte=self.period.end,
            )
            .select_related("department")
            .order_by("visited_on", "pk")
        ]
        if not visits:
            return []
        if "item_template" in block:
            out: list[Paragraph] = []
            for visit in visits:
                out.extend(self.text(block["item_template"], {**self.context, "v": visit}))
            return out
        return self.text(block["template"], {**self.context, "visits": visits})

    def patrol(self, level: int) -> list[Section]:
        findings = PatrolFinding.objects.filter(
            self.scope.q("patrol__center"),
            patrol__patrolled_at__date__gte=self.period.start,
            patrol__patrolled_at__date__lte=self.period.end,
        )
        sections = []
        for index, (item, label) in enumerate(CheckItem.choices, 1):
            mine = [f for f in findings if f.check_item == item]
            sections.append(
                Section(
                    number=_number(level, index),
                    heading=label,
                    level=level,
                    run_in=True,
                    paragraphs=[Paragraph.of(_patrol_text(mine))] if mine else [],
                )
            )
        return sections


def _patrol_text(findings: list[PatrolFinding]) -> str:
    """总体情况良好。 when every patrol rated the item good without remarks; else what was found."""
    remarks: list[str] = []
    for finding in findings:
        text = finding.remarks.strip()
        if text and text not in remarks:
            remarks.append(text if text.endswith("。") else text + "。")
    if remarks:
        return "".join(remarks)
    if all(f.rating == Rating.GOOD for f in findings):
        return "总体情况良好。"
    worst = min(
        findings,
        key=lambda f: [Rating.POOR.value, Rating.FAIR.value, Rating.GOOD.value].index(f.rating),
    )
    return f"总体情况{worst.get_rating_display()}。"


def _bold_department(entry: NewsItem) -> str:
    """The entry's text with its department's name (or an alias) in bold, first occurrence."""
    text = entry.text
    dept: Department | None = entry.department
    if dept is None:
        return text
    names = sorted([dept.name, *dept.alias_list()], key=len, reverse=True)
    positions = [(text.find(n), n) for n in names if text.find(n) >= 0]
    if not positions:
        return text
    at, name = min(positions)
    return f"{text[:at]}**{name}**{text[at + len(name) :]}"


def _number(level: int, index: int) -> str:
    return chinese_numeral(index) if level in (LEVEL_TOP, LEVEL_SECOND) else str(index)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r", "").split("\n\n") if part.strip()]


def find_series(title: str | None, center: Center | None = None) -> ReportSeries:
    """The series named ``title`` of ``center`` (the default center when None: the series
    that ship with the system are its); without a title, the setting's."""
    from django.conf import settings

    from servicehall.reports.layouts import ensure_shipped_series

    ensure_shipped_series()
    title = title or settings.SERVICEHALL_DEFAULT_SERIES
    series = center_series(center)
    found = series.filter(title=title).order_by("pk").first()
    if found is None:
        known = "、".join(series.values_list("title", flat=True))
        where = f"{center.name}" if center is not None else ""
        raise DraftError(f"{where}没有名为“{title}”的周报版式（现有：{known}）")
    return found


def named_center(name: str | None) -> Center | None:
    """The center called ``name`` (or its short name) for a command; None when unsaid."""
    if not name:
        return None
    from servicehall.figures.scope import UnknownCenter, named_scope

    try:
        return named_scope(name).center
    except UnknownCenter as exc:
        raise DraftError(str(exc)) from None


def center_series(center: Center | None = None) -> QuerySet[ReportSeries]:
    """The series of ``center`` (the default center's when None, with those of no center)."""
    center = center or default_center()
    if center is None:
        return ReportSeries.objects.all()
    if center.pk == default_center_id():
        return ReportSeries.objects.filter(Q(center=center) | Q(center__isnull=True))
    return ReportSeries.objects.filter(center=center)


def draftable_series(user: Any) -> QuerySet[ReportSeries]:
    """The series ``user`` may draft (可起草的周报): its own center's (its 期号, its figures),
    never a child's or a sibling's that it may read; a superuser's, any."""
    changeable = ReportSeries.objects.for_user(user, CHANGE)
    if user.is_superuser:
        return changeable
    # The default center's own include the series shipped before any center.
    return changeable.filter(pk__in=center_series(user.center).values("pk"))


@transaction.atomic
def draft_issue(series: ReportSeries, day: dt.date, *, user: Any = None) -> Issue:
    """Draft (or re-draft) the issue of ``series`` for the working week holding ``day``.

    A week whose draft the editor has changed is not overwritten: the new draft waits on the
    issue (``pending_redraft``) until the editor takes each differing paragraph from one side
    (reports/redrafting.py); ``issue.redraft_differences`` says how many differ, None when
    the draft was simply (re)made."""
    from servicehall.reports import redrafting

    period = working_week(day).period
    layout = series.current_layout()
    if layout is None:
        raise DraftError(f"{series.title} 没有版式")
    doc = build_document(series, layout, period)
    issue = (
        Issue.objects.filter(
            series=series,
            period_start=period.start,
            period_end=period.end,
            origin=Issue.Origin.DRAFTED,
        )
        .exclude(status=Issue.Status.PUBLISHED)
        .first()
    )
    if issue is None:
        issue = Issue(series=series, period_start=period.start, period_end=period.end)
    elif issue.status != Issue.Status.DRAFT:
        raise DraftError(f"{issue} 已提交审核，不能重新生成；请先退回为草稿")
    if issue.pk is not None and redrafting.has_edits(issue.document):
        count = redrafting.offer(issue, doc, layout, user)
        issue.redraft_differences = count  # type: ignore[attr-defined]
        return issue
    issue.layout = layout
    issue.year = period.end.year
    redrafting.replace(issue, doc)
    issue.status = Issue.Status.DRAFT
    issue.save()
    IssueAction.record(issue, user, IssueAction.Kind.DRAFT)
    issue.redraft_differences = None  # type: ignore[attr-defined]
    return issue

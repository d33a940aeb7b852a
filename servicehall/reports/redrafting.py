"""Drafting a week again without losing the editor's work (重新生成草稿).

Every drafted paragraph keeps the markup the drafter gave it (``Paragraph.drafted``), so a
paragraph tells what changed it: the editor (its text differs from what was drafted) or the
data (the new draft differs from what was drafted). A new draft of a week whose draft the editor
changed is not written over it: it waits on the issue (``Issue.pending_redraft``) and the editor
takes each differing paragraph from one side — "保留我的修改" or "采用新数据" — after which the
draft is the merged document. A draft the editor never changed is simply replaced.

Paragraphs are matched section by section (by the headings' path) and, inside a section, in
order by their drafted text, pairing changed ones by similarity (a news list that gained an
entry renumbers the rest: they still pair with themselves).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from servicehall.gbt9704.document import (
    Document,
    Paragraph,
    Section,
    document_from_json,
    document_to_json,
    paragraph_to_markup,
)
from servicehall.reports.bindings import apply_override, is_edited, json_number, printed
from servicehall.reports.models import Issue, IssueAction

DATA = "data"  # take the new draft's paragraph
MINE = "mine"  # keep the editor's
EDITED = "编辑修改"
DATA_CHANGED = "数据变化"
SIMILAR = 0.6  # two versions of one paragraph: at least this share of their text in common


class RedraftError(ValueError):
    """The differences cannot be applied as asked."""


@dataclass
class Difference:
    """One paragraph that differs between the current draft and the new one (段落差异)."""

    id: str
    section: str  # the headings' path, "综窗改革攻坚行动 › 省本级综窗办件情况"
    labels: list[str]  # 编辑修改 and/or 数据变化
    mine: str | None  # the current draft's markup (None: the editor deleted it)
    theirs: str | None  # the new draft's markup (None: the data no longer has it)
    base: str | None  # what was drafted before (None: the editor added it)
    default: str  # MINE or DATA

    @property
    def note(self) -> str:
        if self.mine is None:
            return "编辑已删除此段，新数据中仍有"
        if self.theirs is None:
            return "编辑新增的段落" if self.base is None else "新数据中已无此段"
        return ""


@dataclass
class _Slot:
    old: Paragraph | None
    new: Paragraph | None
    difference: Difference | None = None


@dataclass
class _Plan:
    slots: dict[int, list[_Slot]] = field(default_factory=dict)  # id(new section) → slots
    differences: list[Difference] = field(default_factory=list)


def has_edits(document: dict[str, Any]) -> bool:
    """Whether the editor changed, added or deleted a paragraph since the draft."""
    doc = document_from_json(document)
    return bool(doc.removed) or any(is_edited(p) for s in doc.walk() for p in s.paragraphs)


def _sections_by_path(doc: Document) -> dict[str, Section]:
    found: dict[str, Section] = {}

    def walk(sections: list[Section], path: str) -> None:
        for s in sections:
            here = f"{path} › {s.heading}" if path else s.heading
            found.setdefault(here, s)
            walk(s.subsections, here)

    walk(doc.sections, "")
    return found


def _base(paragraph: Paragraph, index: int) -> str:
    """What the paragraph was drafted as; a unique word for one the editor added."""
    if paragraph.drafted is None:
        return paragraph_to_markup(paragraph)
    return paragraph.drafted or f"\0added{index}"


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair_block(olds: list[Paragraph], news: list[Paragraph], offset: int) -> list[_Slot]:
    """Pair the changed paragraphs of a block in order, by similarity of their drafted text."""
    a = [_base(p, offset + i) for i, p in enumerate(olds)]
    b = [paragraph_to_markup(p) for p in news]
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            match = best[i + 1][j + 1] + 1 if _ratio(a[i], b[j]) >= SIMILAR else -1
            best[i][j] = max(best[i + 1][j], best[i][j + 1], match)
    slots: list[_Slot] = []
    i = j = 0
    while i < n and j < m:
        if _ratio(a[i], b[j]) >= SIMILAR and best[i][j] == best[i + 1][j + 1] + 1:
            slots.append(_Slot(olds[i], news[j]))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            slots.append(_Slot(olds[i], None))
            i += 1
        else:
            slots.append(_Slot(None, news[j]))
            j += 1
    slots.extend(_Slot(p, None) for p in olds[i:])
    slots.extend(_Slot(None, p) for p in news[j:])
    return slots


def _align(olds: list[Paragraph], news: list[Paragraph]) -> list[_Slot]:
    a = [_base(p, i) for i, p in enumerate(olds)]
    b = [paragraph_to_markup(p) for p in news]
    slots: list[_Slot] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            slots.extend(_Slot(o, n) for o, n in zip(olds[i1:i2], news[j1:j2], strict=True))
        else:
            slots.extend(_pair_block(olds[i1:i2], news[j1:j2], i1))
    return slots


def _plan(current: Document, new: Document) -> _Plan:
    plan = _Plan()
    old_sections = _sections_by_path(current)
    removed = {(r.get("section", ""), r.get("drafted", "")) for r in current.removed}

    def walk(sections: list[Section], path: str) -> None:
        for section in sections:
            here = f"{path} › {section.heading}" if path else section.heading
            old = old_sections.get(here)
            slots = _align(old.paragraphs if old else [], section.paragraphs)
            for slot in slots:
                slot.difference = _difference(slot, here, removed, len(plan.differences))
                if slot.difference is not None:
                    plan.differences.append(slot.difference)
            plan.slots[id(section)] = slots
            walk(section.subsections, here)

    walk(new.sections, "")
    return plan


def _difference(
    slot: _Slot, section: str, removed: set[tuple[str, str]], number: int
) -> Difference | None:
    old, new = slot.old, slot.new
    mine = paragraph_to_markup(old) if old is not None else None
    theirs = paragraph_to_markup(new) if new is not None else None
    if mine == theirs:
        return None
    ident = f"d{number}"
    if old is None:
        assert theirs is not None
        if (section, theirs) in removed:
            return Difference(ident, section, [EDITED], None, theirs, theirs, MINE)
        return Difference(ident, section, [DATA_CHANGED], None, theirs, None, DATA)
    base = old.drafted if old.drafted is not None else mine
    edited = is_edited(old)
    labels = [EDITED] if edited else []
    if base != theirs and old.drafted != "":
        labels.append(DATA_CHANGED)
    return Difference(ident, section, labels, mine, theirs, base or None, MINE if edited else DATA)


def differences(issue: Issue) -> list[Difference]:
    """The paragraphs in which the waiting new draft differs from the current draft."""
    if not issue.pending_redraft:
        return []
    current = document_from_json(issue.document)
    new = document_from_json(issue.pending_redraft["document"])
    return _plan(current, new).differences


def _reapply_overrides(issue: Issue, doc: Document, figures: dict[str, Any]) -> None:
    """The editor's overrides of figures (数据更正) hold over a new draft of the data too."""
    for override in issue.figure_overrides.order_by("at", "id") if issue.pk else []:
        if override.key in figures:
            figures[override.key] = override.new_value
            doc.figures[override.key] = override.new_value
            apply_override(doc, override.key, override.new_value)


def offer(issue: Issue, doc: Document, layout: Any, user: Any = None) -> int:
    """Keep the new draft ``doc`` waiting beside the edited draft; returns the differences."""
    figures = dict(doc.figures)
    _reapply_overrides(issue, doc, figures)
    issue.pending_redraft = {
        "document": document_to_json(doc),
        "figures": {k: json_number_of(v) for k, v in figures.items()},
        "layout": layout.pk,
        "at": timezone.now().isoformat(),
        "by": getattr(user, "username", "") or "",
    }
    count = len(differences(issue))
    issue.save()
    IssueAction.record(
        issue,
        user,
        IssueAction.Kind.REDRAFT,
        f"草稿已有编辑修改，未覆盖；{count} 段不同，待逐段选择",
    )
    return count


def refresh_tokens(doc: Document, figures: dict[str, Any]) -> None:
    """Every token prints its figure's value (a kept edit keeps its words, not old numbers)."""
    for section in doc.walk():
        for paragraph in section.paragraphs:
            unedited = paragraph.drafted == paragraph_to_markup(paragraph)
            for run in paragraph.runs:
                if run.figure and run.figure in figures:
                    run.text = printed(figures[run.figure])
            if unedited:
                paragraph.drafted = paragraph_to_markup(paragraph)


def json_number_of(value: Any) -> Any:
    from decimal import Decimal

    return json_number(value) if isinstance(value, Decimal) else value


def replace(issue: Issue, doc: Document) -> None:
    """An unedited draft takes the new draft whole (the editor's overrides kept)."""
    figures = dict(doc.figures)
    _reapply_overrides(issue, doc, figures)
    issue.document = document_to_json(doc)
    issue.figures = document_to_json(doc)["figures"]
    issue.pending_redraft = None


@transaction.atomic
def resolve(issue: Issue, choices: dict[str, str], user: Any = None) -> Issue:
    """Apply the editor's choice for each difference (``{"d0": "mine", "d1": "data"}``);
    a difference without a choice takes its default (the editor's edit is kept)."""
    from servicehall.reports.workflow import EDIT, check

    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check(issue, user, EDIT)
    if not issue.pending_redraft:
        raise RedraftError("没有待比对的新草稿")
    current = document_from_json(issue.document)
    new = document_from_json(issue.pending_redraft["document"])
    plan = _plan(current, new)
    unknown = set(choices) - {d.id for d in plan.differences}
    if unknown:
        raise RedraftError(f"差异“{'、'.join(sorted(unknown))}”不存在（草稿已变，请刷新）")
    bad = {k: v for k, v in choices.items() if v not in (MINE, DATA)}
    if bad:
        raise RedraftError(f"差异“{'、'.join(sorted(bad))}”的选择应为 mine 或 data")
    kept_edits = took_data = 0
    removed: list[dict[str, str]] = []

    def merge(sections: list[Section], path: str) -> None:
        nonlocal kept_edits, took_data
        for section in sections:
            here = f"{path} › {section.heading}" if path else section.heading
            merged: list[Paragraph] = []
            for slot in plan.slots[id(section)]:
                diff = slot.difference
                if diff is None:  # the same text on both sides: the new draft's paragraph
                    if slot.new is not None:
                        merged.append(slot.new)
                    continue
                choice = choices.get(diff.id, diff.default)
                if choice == DATA:
                    took_data += 1
                    if slot.new is not None:
                        merged.append(slot.new)
                    continue
                kept_edits += 1
                if slot.old is None:  # the editor's deletion stands
                    removed.append({"section": here, "drafted": diff.theirs or ""})
                    continue
                paragraph = slot.old
                paragraph.drafted = diff.theirs if diff.theirs is not None else ""
                merged.append(paragraph)
            section.paragraphs = merged
            merge(section.subsections, here)

    merge(new.sections, "")
    new.removed = removed
    figures = dict(issue.pending_redraft["figures"])
    _reapply_overrides(issue, new, figures)
    new.figures = figures
    refresh_tokens(new, figures)  # a kept edit's numbers are still its figures'
    issue.document = document_to_json(new)
    issue.figures = figures
    if issue.pending_redraft.get("layout"):
        issue.layout_id = issue.pending_redraft["layout"]
    issue.pending_redraft = None
    issue.save()
    IssueAction.record(
        issue,
        user,
        IssueAction.Kind.MERGE_REDRAFT,
        f"保留编辑修改 {kept_edits} 段，采用新数据 {took_data} 段",
    )
    return issue


@transaction.atomic
def discard(issue: Issue, user: Any = None) -> Issue:
    """Drop the waiting new draft; the current draft stays as the editor left it."""
    from servicehall.reports.workflow import EDIT, check

    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check(issue, user, EDIT)
    if not issue.pending_redraft:
        raise RedraftError("没有待比对的新草稿")
    issue.pending_redraft = None
    issue.save()
    IssueAction.record(issue, user, IssueAction.Kind.DISCARD_REDRAFT)
    return issue


def inline_diff(
    a: str | None, b: str | None
) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The two texts as pieces, each marked when it is not in the other (for the page)."""
    a, b = a or "", b or ""
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append((a[i1:i2], False))
            right.append((b[j1:j2], False))
        else:
            if i2 > i1:
                left.append((a[i1:i2], True))
            if j2 > j1:
                right.append((b[j1:j2], True))
    return left, right

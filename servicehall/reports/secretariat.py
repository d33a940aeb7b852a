"""A second reader for the wording (审稿): what a secretariat sends back, found in a draft with
a suggested fix the editor accepts with one click.

The text rules are data (`WordingRule`: a regular expression over a paragraph's printed text,
its replacement, why), shipped by a data migration (``0012_shipped_wording_rules``, the list's
one definition) and added to by a center in the admin. One rule is not text: a masthead form unlike the series' previous issue.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from servicehall.gbt9704.document import Document, Section, document_from_json, paragraph_to_markup
from servicehall.reports.layouts import save_new_version
from servicehall.reports.models import Issue, WordingRule
from servicehall.reports.workflow import WorkflowError, edit_heading, edit_paragraph, set_masthead

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


@dataclass(frozen=True)
class WordingFinding:
    """One place a rule found (审稿意见): the paragraph (its path in the sections), the words
    found, what they would become, and the rule."""

    rule: str
    message: str
    path: tuple[int, ...]
    where: str  # the headings above the paragraph
    found: str
    suggestion: str  # "" when the rule only points (no automatic fix)
    context: str

    @property
    def path_param(self) -> str:
        return ",".join(map(str, self.path))


# A path ending in HEADING names a section's heading ("其它工作开展情况"), not a paragraph.
HEADING = -1


def _texts(
    sections: list[Section], prefix: tuple[int, ...] = (), heading: str = ""
) -> Iterator[tuple[tuple[int, ...], str, str]]:
    """Every heading and paragraph in reading order: its path, the headings above it, its text.
    A heading is text a secretariat reads too (2024-4 printed "（三）其它工作开展情况")."""
    for i, section in enumerate(sections):
        where = f"{heading} › {section.heading}" if heading else section.heading
        yield (*prefix, i, HEADING), heading or "标题", section.heading
        for j, paragraph in enumerate(section.paragraphs):
            yield (*prefix, i, j), where, paragraph.text
        yield from _texts(section.subsections, (*prefix, i), where)


def _suggest(rule: WordingRule, match: re.Match[str]) -> str:
    if rule.name == "全角数字":
        return match.group(0).translate(FULLWIDTH_DIGITS)
    return match.expand(rule.replacement) if rule.replacement else ""


def text_findings(doc: Document, rules: list[WordingRule]) -> list[WordingFinding]:
    """Every place a rule matches a heading's or a paragraph's printed text."""
    compiled = [(rule, re.compile(rule.pattern)) for rule in rules]
    found = []
    for path, where, text in _texts(doc.sections):
        for rule, pattern in compiled:
            for match in pattern.finditer(text):
                start, end = max(0, match.start() - 8), min(len(text), match.end() + 8)
                found.append(
                    WordingFinding(
                        rule.name,
                        rule.message,
                        path,
                        where,
                        match.group(0),
                        _suggest(rule, match),
                        text[start:end],
                    )
                )
    return found


MASTHEAD_RULE = "版头样式"
MASTHEAD_NAMES = dict(
    title_first="期号、标题、时段、发文单位、日期",
    issuer_first="期号、发文单位与日期、标题、时段",
    briefing="简报式",
    file="红头文件式",
)


def previous_masthead(issue: Issue) -> str | None:
    """The masthead form the series' last published issue before this one printed."""
    earlier = Issue.objects.filter(series=issue.series, status=Issue.Status.PUBLISHED)
    if issue.period_start is not None:
        earlier = earlier.filter(period_end__lt=issue.period_start)
    last = earlier.exclude(pk=issue.pk).order_by("-period_end", "-pk").first()
    return document_from_json(last.document).masthead if last is not None else None


def masthead_finding(issue: Issue) -> WordingFinding | None:
    before = previous_masthead(issue)
    now = document_from_json(issue.document).masthead
    if before is None or before == now:
        return None
    return WordingFinding(
        MASTHEAD_RULE,
        f"本系列上一期用“{MASTHEAD_NAMES.get(before, before)}”版头，本期为"
        f"“{MASTHEAD_NAMES.get(now, now)}”：同一系列版头应一致",
        (),
        "版头",
        MASTHEAD_NAMES.get(now, now),
        # Shown to the editor ("建议改为…"): the form's name, never its code (title_first);
        # taking it sets the previous issue's form itself (``accept``).
        MASTHEAD_NAMES.get(before, before),
        "",
    )


def wording_findings(issue: Issue) -> list[WordingFinding]:
    """The second reader's findings on a draft: the masthead first, then the text rules."""
    rules = list(WordingRule.objects.filter(enabled=True))
    found = text_findings(document_from_json(issue.document), rules)
    masthead = masthead_finding(issue)
    return ([masthead] if masthead else []) + found


def accept(issue: Issue, rule: str, path: str, found: str, user: Any = None) -> Issue:
    """Take one finding's suggestion (采纳): the words found become the suggestion in that
    paragraph (its first such place), through the editor's own rule (``edit_paragraph``)."""
    if rule == MASTHEAD_RULE:
        before = previous_masthead(issue)
        if before is None:
            raise WorkflowError("本系列没有已发布的上一期")
        return set_masthead(issue, before, user)
    match = next(
        (
            f
            for f in text_findings(
                document_from_json(issue.document), list(WordingRule.objects.filter(name=rule))
            )
            if f.path_param == path and f.found == found and f.suggestion
        ),
        None,
    )
    if match is None:
        raise WorkflowError("该处已改动或规则已停用，请刷新后重试")
    if match.path[-1] == HEADING:
        return _accept_in_heading(issue, match, user)
    chain = document_from_json(issue.document).sections_along(match.path[:-1])
    assert chain is not None  # the finding was just read from this document
    markup = paragraph_to_markup(chain[-1].paragraphs[match.path[-1]])
    if found not in markup:
        raise WorkflowError("该处跨越了数据标记，请在段落中手工修改")
    return edit_paragraph(issue, list(match.path), markup.replace(found, match.suggestion, 1), user)


def _accept_in_heading(issue: Issue, match: WordingFinding, user: Any) -> Issue:
    """A heading's words corrected in the draft and in the series' layout, where the heading
    comes from it (a new layout version): a new draft of the week prints the corrected heading
    too, so a redraft still finds the section (it pairs sections by their headings)."""
    chain = document_from_json(issue.document).sections_along(match.path[:-1])
    assert chain is not None  # the finding was just read from this document
    names = [s.heading for s in chain]
    corrected = names[-1].replace(match.found, match.suggestion, 1)
    issue = edit_heading(issue, list(match.path[:-1]), corrected, user)
    layout = issue.series.current_layout()
    if layout is not None:
        definition = copy.deepcopy(layout.definition)
        nodes, node = definition.get("sections", []), None
        for name in names:
            node = next((n for n in nodes if n.get("heading") == name), None)
            if node is None:
                break
            nodes = node.get("children", [])
        if node is not None:
            node["heading"] = corrected
            save_new_version(
                issue.series, definition, note=f"审稿意见：{names[-1]}→{corrected}", user=user
            )
    return issue

"""The layout block ``{"type": "indicators"}`` (考核指标): chosen national indicators of the
issue's period, 本级 or 本级及下级, each value bound to its computation, optionally with the
province's target and whether it is missed.

Every number is ``figures.indicators``' (``Indicator.measure`` over the departments of the
issue's ``CenterScope``, ``figures.indicators.in_centers``) and prints as a figure token
(``indicator.<key>``, its ``.numerator`` and ``.denominator``) whose value the issue's
``figures`` keep: the editor cannot type over it, an override changes it with a reason, and a
paragraph rewritten as free text is read by the typed-number checks like any other
(``reports.bindings``). Targets are ``figures.IndicatorTarget.in_force`` on the period's last
day for the scope's center; ``missed_by`` says who misses them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from servicehall.core.periods import Period
from servicehall.figures.indicators import (
    BY_KEY,
    INDICATORS,
    SOURCES,
    Measure,
    Scope,
    in_centers,
)
from servicehall.figures.models import IndicatorTarget
from servicehall.figures.scope import CenterScope
from servicehall.gbt9704.document import Paragraph
from servicehall.reports.bindings import mark
from servicehall.reports.wording import md, number

BLOCK = "indicators"
PREFIX = "indicator."
PARTS = {"numerator": "分子", "denominator": "分母"}
# A block counting otherwise than its layout (本级 in a 本级及下级 issue, or the reverse) keys
# its tokens apart, so one issue may print both.
SCOPE_SUFFIX = {True: "@with_children", False: "@own"}
SCOPE_WORDS = {True: "本级及下级", False: "本级"}

# What the block prints unless the layout gives its own wording: a line saying whose figures
# over which days, then a line per indicator (``i``).
LEAD_TEMPLATE = "统计期间：{{ period.start }}至{{ period.end }}；统计范围：{{ scope }}。"
ROW_TEMPLATE = (
    "**{{ i.label }}**"
    "{% if i.has_value %}为{{ i.value }}{{ i.unit }}"
    "{% if i.has_denominator %}（{{ i.numerator }}/{{ i.denominator }}）{% endif %}"
    "{% else %}本期无数据{% endif %}"
    "{% if i.target %}，目标{{ i.direction }}{{ i.target }}{{ i.unit }}，"
    "{% if i.missed %}**未达标**{% else %}达标{% endif %}{% endif %}。"
)


def token_key(key: str, with_children: bool | None = None, part: str = "") -> str:
    """The figure key an indicator's number prints under: ``indicator.on_time_rate``, its
    ``.numerator``/``.denominator``; ``@with_children``/``@own`` when the block's scope is not
    the issue's."""
    scope = SCOPE_SUFFIX[with_children] if with_children is not None else ""
    return f"{PREFIX}{key}{scope}" + (f".{part}" if part else "")


def parse_token(key: str) -> tuple[str, bool | None, str] | None:
    """An indicator token's parts: (indicator key, the block's own scope — True 本级及下级, False
    本级, None the issue's — and the part: "", "numerator" or "denominator"); None for a key
    that is no indicator token."""
    if not key.startswith(PREFIX):
        return None
    rest, _, part = key[len(PREFIX) :].partition(".")
    name, at, scope = rest.partition("@")
    if name not in BY_KEY or (part and part not in PARTS):
        return None
    if at and scope not in ("with_children", "own"):
        return None
    return name, (scope == "with_children") if at else None, part


def token_order(key: str) -> tuple[int, int, int]:
    """Where an indicator token sorts: the registry's order, the issue's scope before a block's
    own, the value before its numerator and denominator (an issue's ``figures`` come back from
    PostgreSQL's jsonb in an order of its own)."""
    parsed = parse_token(key)
    assert parsed is not None, key
    name, scoped, part = parsed
    position = [indicator.key for indicator in INDICATORS].index(name)
    return position, {None: 0, False: 1, True: 2}[scoped], ["", *PARTS].index(part)


def recount(keys: list[str], period: Period, issue_scope: CenterScope) -> dict[str, Any]:
    """What the indicator tokens ``keys`` of an issue would print if the block counted them again
    now, in the scope each was counted in (the issue's, or the block's own ``@…``) and as the
    block counts them (``lines``, ``line_context``): key → value, None where the records now
    give no number (a denominator of 0). Other keys are left out."""
    wanted: dict[bool | None, list[str]] = {}
    for key in keys:
        parsed = parse_token(key)
        if parsed is not None and parsed[0] not in wanted.setdefault(parsed[1], []):
            wanted[parsed[1]].append(parsed[0])
    now: dict[str, Any] = {}
    for scoped, names in wanted.items():
        scope = issue_scope if scoped is None else CenterScope(issue_scope.center, scoped)
        for line in lines(names, period, scope):
            now.update(line_context(line, scoped)[1])
    return {key: now.get(key) for key in keys if parse_token(key) is not None}


def token_label(key: str) -> str | None:
    """The words of an indicator's token key (按时办结率（分子，本级及下级）); None for any
    other key."""
    if not key.startswith(PREFIX):
        return None
    rest = key[len(PREFIX) :]
    rest, _, part = rest.partition(".")
    rest, at, scope = rest.partition("@")
    indicator = BY_KEY.get(rest)
    if indicator is None or (part and part not in PARTS):
        return None
    notes = [PARTS[part]] if part else []
    if at:
        notes.append(SCOPE_WORDS[scope == "with_children"])
    return indicator.label + (f"（{'，'.join(notes)}）" if notes else "")


def token_unit(key: str) -> str:
    """The unit of an indicator token's value (its numerator and denominator have none)."""
    rest = key[len(PREFIX) :] if key.startswith(PREFIX) else ""
    rest, _, part = rest.partition(".")
    indicator = BY_KEY.get(rest.partition("@")[0])
    return indicator.unit if indicator is not None and not part else ""


def token_source(key: str) -> str:
    """How an indicator token's number is counted, and the document it comes from."""
    rest = key[len(PREFIX) :] if key.startswith(PREFIX) else ""
    indicator = BY_KEY.get(rest.partition(".")[0].partition("@")[0])
    if indicator is None:
        return ""
    return f"{indicator.definition}（{SOURCES[indicator.source]}）"


@dataclass(frozen=True)
class Line:
    """One indicator of the block: its measure and, when asked, its target."""

    key: str
    measure: Measure
    target: IndicatorTarget | None

    @property
    def missed(self) -> bool:
        return self.target is not None and self.target.missed_by(self.measure.value)


def lines(
    keys: list[str], period: Period, scope: CenterScope, *, targets: bool = False
) -> list[Line]:
    """The indicators ``keys`` counted over ``period`` in ``scope``, with the targets in force
    on its last day for the scope's center when ``targets``. A 差评's timeliness is settled
    the day after the period, as the monthly bulletin settles it."""
    counted = Scope(period, **in_centers(scope), as_of=period.end + dt.timedelta(days=1))
    in_force = IndicatorTarget.in_force(scope.center, period.end) if targets else {}
    return [Line(key, BY_KEY[key].measure(counted), in_force.get(key)) for key in keys]


def _shown(value: Any) -> Any:
    return number(value)


def line_context(line: Line, scoped: bool | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a wording may print of ``line`` (``i``), its numbers marked as tokens, and the
    figures the tokens stand for (key → value as the issue keeps it)."""
    indicator = BY_KEY[line.key]
    measure = line.measure
    figures: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for part, value in (
        ("", measure.value),
        ("numerator", measure.numerator),
        ("denominator", measure.denominator),
    ):
        if value is None:
            values[part] = ""
            continue
        key = token_key(line.key, scoped, part)
        shown = _shown(value)
        figures[key] = shown if isinstance(shown, int) else float(shown)
        values[part] = mark(shown, key)
    target = line.target
    context = {
        "key": line.key,
        "label": indicator.label,
        "unit": "个工作日" if indicator.unit == "工作日" else indicator.unit,
        "has_value": measure.value is not None,
        "value": values[""],
        "has_denominator": measure.denominator is not None and measure.value is not None,
        "numerator": values["numerator"],
        "denominator": values["denominator"],
        "target": _shown(target.value) if target is not None else "",
        "direction": target.get_direction_display() if target is not None else "",
        "missed": line.missed,
    }
    return context, figures


def indicator_paragraphs(
    block: dict[str, Any],
    period: Period,
    issue_scope: CenterScope,
    text: Callable[[str, dict[str, Any]], list[Paragraph]],
) -> tuple[list[Paragraph], dict[str, Any]]:
    """The block's paragraphs (the lead unless ``"lead": ""``, then one per indicator through
    ``item_template``, ``ROW_TEMPLATE`` by default) and the figures their tokens print.
    ``"with_children"`` in the block counts otherwise than the layout; ``"targets": true``
    prints each target and flags a miss (未达标)."""
    wanted = block.get("with_children")
    scope = issue_scope
    scoped: bool | None = None
    if isinstance(wanted, bool) and wanted != issue_scope.with_children:
        scope = CenterScope(issue_scope.center, wanted)
        scoped = wanted
    found = lines(list(block["indicators"]), period, scope, targets=bool(block.get("targets")))
    paragraphs: list[Paragraph] = []
    figures: dict[str, Any] = {}
    lead = block.get("lead", LEAD_TEMPLATE)
    common = {
        "period": {"start": md(period.start), "end": md(period.end), "year": period.end.year},
        "scope": SCOPE_WORDS[scope.with_children],
    }
    if lead:
        paragraphs.extend(text(lead, common))
    template = block.get("item_template") or ROW_TEMPLATE
    for line in found:
        context, printed = line_context(line, scoped)
        paragraphs.extend(text(template, {**common, "i": context}))
        figures.update(printed)
    return paragraphs, figures


def block_problem(block: dict[str, Any]) -> str:
    """What is wrong with an ``indicators`` block of a layout ("" when nothing)."""
    keys = block.get("indicators")
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        return "indicators 块须以 indicators 列出指标代码（如 on_time_rate）"
    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        return f"indicators 块中有未知的指标代码：{'、'.join(unknown)}"
    if len(set(keys)) != len(keys):
        return "indicators 块中的指标代码重复"
    for name in ("targets", "with_children"):
        if name in block and not isinstance(block[name], bool):
            return f"indicators 块的 {name} 应为 true 或 false"
    return ""


def new_section(
    keys: list[str], *, heading: str, targets: bool, with_children: bool | None
) -> dict[str, Any]:
    """A layout section holding one ``indicators`` block (the layout editor's 插入考核指标)."""
    block: dict[str, Any] = {"type": BLOCK, "indicators": keys, "targets": targets}
    if with_children is not None:
        block["with_children"] = with_children
    return {"heading": heading or "考核指标", "blocks": [block]}


def choices() -> list[tuple[str, str, str]]:
    """Every indicator a block may print: key, label, unit (the registry's order)."""
    return [(i.key, i.label, i.unit) for i in INDICATORS]

"""Wording templates (措辞模板) and the data they may see, in a sandbox.

A layout's wording is edited by center admins in the browser, so it runs in a Django template
engine with no loaders (``include``/``extends`` find nothing: no file I/O), no tag libraries
beyond the builtins, and a context of plain dicts, lists, strings and numbers built here from the
figures module — there is no model object in reach, so no attribute access can touch the
database.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.template import Context, Engine, Template, TemplateDoesNotExist, TemplateSyntaxError
from django.template.base import VariableDoesNotExist

from servicehall import figures
from servicehall.core.text import chinese_date
from servicehall.figures import Period

MISSING = "［缺：%s］"  # printed where a wording names a value that does not exist
_ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[("django.template.loaders.locmem.Loader", {})],
    libraries={},
    autoescape=False,
    string_if_invalid=MISSING,
    debug=False,
)
_VARIABLE = re.compile(r"\{\{\s*([a-z_][a-z0-9_.]*)")
# Tags that reach outside the wording (files, other templates, the debug dump) are refused.
_FORBIDDEN_TAG = re.compile(
    r"\{%-?\s*(include|extends|load|debug|block|csrf_token|url|static|ssi)\b"
)


class WordingError(ValueError):
    """A wording template does not compile or fails to render."""


def compile_wording(source: str) -> Template:
    forbidden = _FORBIDDEN_TAG.search(source)
    if forbidden:
        raise WordingError(f"措辞模板不允许使用 {{% {forbidden.group(1)} %}} 标签")
    try:
        return _ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise WordingError(f"措辞模板有误：{exc}") from exc


def render_wording(source: str, context: dict[str, Any]) -> str:
    """Render a wording template with plain data; whitespace at the ends is trimmed."""
    template = compile_wording(source)
    try:
        return template.render(Context(context, autoescape=False)).strip()
    except (
        VariableDoesNotExist,
        TemplateDoesNotExist,
        TypeError,
        ValueError,
        AttributeError,
    ) as exc:
        raise WordingError(f"措辞模板无法生成：{exc}") from exc


def figure_keys_in(source: str) -> list[str]:
    """The figure keys a wording prints (``{{ window.week.consult }}`` → window.week.consult)."""
    found = []
    for name in _VARIABLE.findall(source):
        if name in figures.FIGURES and name not in found:
            found.append(name)
    return found


def number(value: Decimal | int | float | str | None) -> int | float | str:
    """A figure as printed: integers plain, decimals without trailing zeros (20.00 → 20)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return (
            int(normal)
            if normal == normal.to_integral_value()
            else str(normal.quantize(Decimal("0.01")).normalize())
        )
    return value


def md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def period_context(
    period: Period, raw: dict[str, Any] | None = None, *, bulletin: bool = True
) -> dict[str, Any]:
    """Everything a wording may print for ``period``, as plain data from the figures module.

    ``raw`` are the figure values already computed for ``period`` (to compute them once);
    ``bulletin``: with the month's 好差评 bulletin (``ratings``), which the drafter leaves out
    for a layout that never names it (``layout_names``: counting a province's work orders took
    a weekly draft from 102 ms to 690 ms at 20M events).
    """
    raw = figures.compute_all(period) if raw is None else raw
    values = {k: number(v) for k, v in raw.items()}
    context: dict[str, Any] = {}
    for key, value in values.items():
        node = context
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    context["period"] = {"start": md(period.start), "end": md(period.end), "year": period.end.year}

    changes = figures.window_changes(period)
    context["windows"].update(
        accept_change=changes["accept"]["change"],
        issue_change=changes["issue"]["change"],
        accept_removed=-changes["accept"]["change"],
        issue_removed=-changes["issue"]["change"],
        accept_before=changes["accept"]["before"],
        issue_before=changes["issue"]["before"],
    )
    context["handbook"]["week"] = [
        {"department": d.name, "count": n} for d, n in figures.handbook_completions(period)
    ]
    context["departments"]["unauthorized_names"] = [
        d.name for d in figures.unauthorized_departments(period.end)
    ]

    sessions = list(
        figures.trainings(period).prefetch_related("organizers").order_by("held_on", "pk")
    )
    organizers: list[str] = []
    for session in sessions:
        for dept in sorted(session.organizers.all(), key=lambda d: (d.sort_order, d.pk)):
            if dept.name not in organizers:
                organizers.append(dept.name)
    context["training"].update(
        organizers=organizers,
        trainees=figures.training_trainees(period),
        topic=sessions[0].topic if sessions else "",
        audience=sessions[0].audience if sessions else "",
    )

    summary = figures.benefit_summary(period.end)
    context["benefit"].update(
        batch=summary.batch_name if summary else "",
        as_of=chinese_date(summary.as_of) if summary else "",
        department_names=[d.name for d in summary.departments] if summary else [],
        pending=summary.pending if summary else False,
    )
    ytd = period.year_to_date
    context["platform"].update(start=chinese_date(ytd.start), end=chinese_date(ytd.end))
    if not bulletin:
        return context
    # The 好差评 bulletin's numbers, of the calendar month the period ends in.
    ratings = figures.rating_bulletin(figures.month_of(period.end)).as_context()
    context["ratings"] = {
        key: number(value) if isinstance(value, Decimal) or value is None else value
        for key, value in ratings.items()
    }
    return context


_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def layout_names(definition: Any) -> set[str]:
    """The names the wordings of a layout's ``definition`` could read (every identifier in its
    strings that hold a template tag or variable): ``"ratings" in layout_names(…)``."""
    found: set[str] = set()
    if isinstance(definition, dict):
        for value in definition.values():
            found |= layout_names(value)
    elif isinstance(definition, list):
        for value in definition:
            found |= layout_names(value)
    elif isinstance(definition, str) and ("{{" in definition or "{%" in definition):
        found |= set(_NAME.findall(definition))
    return found

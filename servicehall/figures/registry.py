"""The figure keys of SPEC.md (统计指标): one definition each — label, unit, computation, source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from servicehall.cases.links import event_list_link
from servicehall.cases.models import DailyCount, EventKind
from servicehall.core.periods import Period
from servicehall.figures.cases import case_counts
from servicehall.figures.catalog import (
    handbook_done,
    handbook_percent,
    handling_items_listed,
    unauthorized_departments,
)
from servicehall.figures.journal import benefit_summary, platform_counts
from servicehall.figures.org import open_windows, trainings
from servicehall.figures.scope import CenterScope, counting_in, resolve
from servicehall.journal.models import PlatformDailyCount
from servicehall.org.models import TrainingSession, Window


@dataclass(frozen=True)
class FigureDef:
    """One figure of the report (统计指标): key, label, unit, how it is computed, from what."""

    key: str
    label: str
    unit: str
    compute: Callable[[Period], int | Decimal | None]
    source: str  # what records it counts, shown to the editor beside the number
    records: Callable[[Period], str] | None = None  # the page listing those records
    # Whether the records it counts exist at all for the period (有数据来源), and what is
    # missing when they do not: a 0 counted from no records is no figure (无数据来源).
    sourced: Callable[[Period], bool] | None = None
    missing: str = ""
    # A year-to-date figure (今年以来): what a span of days adds to it, counted from the records
    # (the YTD identity of the checks: last issue's YTD + what the days since add = this YTD);
    # None for a figure that is not a running total.
    added: Callable[[Period], int] | None = None
    # The figure that prints what the issue's own week adds (本周咨询 for 今年以来咨询), if any:
    # the identity then takes the week as printed, so an overridden week breaks it visibly.
    week_key: str = ""

    @property
    def year_to_date(self) -> bool:
        """Whether the figure is a running total of the year (今年以来)."""
        return self.added is not None

    def records_link(self, period: Period) -> str:
        """Where a reader finds the records behind this figure for ``period``."""
        return self.records(period) if self.records is not None else ""

    def missing_source(self, period: Period) -> str:
        """What is missing when no record backs the figure for ``period``; "" when sourced.

        The one place "no data" is decided: the checks, the dashboard and the API read it."""
        if self.sourced is None or self.sourced(period):
            return ""
        return self.missing.format(start=period.start, end=period.end, ytd=period.year_to_date)


def _page(url_name: str, **query: str | Callable[[Period], dt.date]) -> Callable[[Period], str]:
    """A link to a list page filtered for the period (dates computed from it)."""

    def link(period: Period) -> str:
        values = {k: v(period) if callable(v) else v for k, v in query.items()}
        return f"{reverse(url_name)}?{urlencode(values)}" if values else reverse(url_name)

    return link


def _events(scope: str, kind: str) -> Callable[[Period], str]:
    def link(period: Period) -> str:
        start = period.start if scope == "week" else period.year_to_date.start
        return event_list_link(kind, start, period.end)

    return link


def _benefit(attr: str) -> Callable[[Period], int | Decimal | None]:
    def compute(period: Period) -> int | Decimal | None:
        summary = benefit_summary(period.end)
        if summary is None:
            return None
        value = getattr(summary, attr)
        return len(value) if attr == "departments" else value

    return compute


def _window_count(scope: str, kind: str) -> Callable[[Period], int]:
    if scope == "week":
        return lambda period: case_counts(period)[kind]
    return lambda period: case_counts(period.year_to_date)[kind]


def _platform(group: str, measure: str) -> Callable[[Period], int]:
    return lambda period: platform_counts(period.year_to_date)[group][measure]


def _platform_added(group: str, measure: str) -> Callable[[Period], int]:
    return lambda span: platform_counts(span)[group][measure]


# ---- no source (无数据来源): per figure, what "no record for the period" means ----------------
# A figure counted from an empty log or register prints 0 where the truth is unknown. Each
# figure names the records whose absence makes it so; a week in which records exist but
# count 0 (no 流转 on a quiet day, no training) is a real 0 and passes.


def _events_exist(scope: str) -> Callable[[Period], bool]:
    """Any event of any kind in the log (its daily rollups) over the week or year to date."""

    def sourced(period: Period) -> bool:
        span = period if scope == "week" else period.year_to_date
        rows = DailyCount.objects.filter(resolve(None).q("department__center"))
        return rows.filter(day__gte=span.start, day__lte=span.end).exists()

    return sourced


def _platform_rows(period: Period) -> bool:
    """Platform daily rows for at least one day of the week: a year to date printed up to the
    week's end is not backed while the week itself was never imported."""
    rows = PlatformDailyCount.objects.filter(resolve(None).q("center"))
    return rows.filter(day__gte=period.start, day__lte=period.end).exists()


def _items_listed(period: Period) -> bool:
    return handling_items_listed(period.end).exists()


def _windows_registered(kind: str) -> Callable[[Period], bool]:
    return lambda p: Window.objects.filter(
        resolve(None).q("center"), kind=kind, opened_on__lte=p.end
    ).exists()


def _trainings_registered(period: Period) -> bool:
    """The training register has a session up to the period's end: a week without one is a 0."""
    sessions = TrainingSession.objects.filter(resolve(None).q("center"))
    return sessions.filter(held_on__lte=period.end).exists()


def _benefit_statistics(period: Period) -> bool:
    return benefit_summary(period.end) is not None


_NO_EVENTS_WEEK = "办件事件日志中{start}至{end}没有任何记录（未导入或未登记）"
_NO_EVENTS_YTD = "办件事件日志中{ytd.start}至{ytd.end}没有任何记录（未导入或未登记）"
_NO_PLATFORM = "一体化平台每日办件统计缺{start}至{end}的数据（平台数据未导入）"
_NO_ITEMS = "办理项登记为空（截至{end}没有纳入的办理项）"
_NO_WINDOWS = "窗口登记中没有该类窗口（截至{end}）"
_NO_TRAININGS = "培训登记为空（截至{end}没有培训记录）"
_NO_BENEFIT = "惠企政策兑享记录为空（截至{end}没有兑享统计）"

_PLATFORM_LABELS = {"license": "行政许可事项", "public": "公共服务事项", "other": "其它9类行权事项"}


def _platform_records(group: str) -> Callable[[Period], str]:
    """The platform's daily figures page (in the app, not the API) for the days and the
    group of item kinds a figure sums."""
    return _page(
        "journal:platform_list",
        date_from=lambda p: p.year_to_date.start,
        date_to=lambda p: p.end,
        group=group,
    )


_BENEFIT_RECORDS = _page("journal:policy_list")

FIGURES: dict[str, FigureDef] = {}


def _register(*defs: FigureDef) -> None:
    for d in defs:
        FIGURES[d.key] = d


for _event_kind in EventKind:
    _kind, _label, _unit = _event_kind.value, _event_kind.label, _event_kind.unit
    _register(
        FigureDef(
            f"window.week.{_kind}",
            f"本周{_label}",
            _unit,
            _window_count("week", _kind),
            "综窗办件事件（本周）",
            _events("week", _kind),
            _events_exist("week"),
            _NO_EVENTS_WEEK,
        ),
        FigureDef(
            f"window.ytd.{_kind}",
            f"今年以来{_label}",
            _unit,
            _window_count("ytd", _kind),
            "综窗办件事件（今年以来）",
            _events("ytd", _kind),
            _events_exist("ytd"),
            _NO_EVENTS_YTD,
            added=_window_count("week", _kind),
            week_key=f"window.week.{_kind}",
        ),
    )
_register(
    FigureDef(
        "handbook.done",
        "受理工作手册完成办理项",
        "个",
        lambda p: handbook_done(p.end),
        "办理项受理手册编制记录（截至期末）",
        _page("catalog:handlingitem_list", handbook="true"),
        _items_listed,
        _NO_ITEMS,
    ),
    FigureDef(
        "handbook.percent",
        "受理工作手册完成占比",
        "%",
        lambda p: handbook_percent(p.end),
        "办理项受理手册编制记录 ÷ 纳入办理项",
        _page("catalog:handlingitem_list", handbook="true"),
        _items_listed,
        _NO_ITEMS,
    ),
    FigureDef(
        "windows.accept",
        "无差别综合受理窗口",
        "个",
        lambda p: open_windows(p.end, Window.Kind.COMPREHENSIVE_ACCEPT),
        "窗口登记（期末开放）",
        _page("org:window_list", kind=Window.Kind.COMPREHENSIVE_ACCEPT, open="true"),
        _windows_registered(Window.Kind.COMPREHENSIVE_ACCEPT),
        _NO_WINDOWS,
    ),
    FigureDef(
        "windows.issue",
        "出件窗口",
        "个",
        lambda p: open_windows(p.end, Window.Kind.ISSUE),
        "窗口登记（期末开放）",
        _page("org:window_list", kind=Window.Kind.ISSUE, open="true"),
        _windows_registered(Window.Kind.ISSUE),
        _NO_WINDOWS,
    ),
    FigureDef(
        "training.sessions",
        "培训次数",
        "次",
        lambda p: trainings(p).count(),
        "培训记录（本周）",
        _page("org:training_list", held_on_after=lambda p: p.start, held_on_before=lambda p: p.end),
        _trainings_registered,
        _NO_TRAININGS,
    ),
    FigureDef(
        "benefit.departments",
        "兑享部门",
        "个",
        _benefit("departments"),
        "惠企政策兑享记录（最近统计日）",
        _BENEFIT_RECORDS,
        _benefit_statistics,
        _NO_BENEFIT,
    ),
    FigureDef(
        "benefit.policies",
        "兑享政策事项",
        "项",
        _benefit("policies"),
        "惠企政策兑享记录（最近统计日）",
        _BENEFIT_RECORDS,
        _benefit_statistics,
        _NO_BENEFIT,
    ),
    FigureDef(
        "benefit.total",
        "兑享金额",
        "亿元",
        _benefit("total"),
        "惠企政策兑享记录（最近统计日）",
        _BENEFIT_RECORDS,
        _benefit_statistics,
        _NO_BENEFIT,
    ),
    FigureDef(
        "benefit.reduction",
        "减免金额",
        "亿元",
        _benefit("reduction"),
        "惠企政策兑享记录（减免）",
        _page("journal:policy_list", mode="reduction"),
        _benefit_statistics,
        _NO_BENEFIT,
    ),
    FigureDef(
        "benefit.payout",
        "兑现金额",
        "亿元",
        _benefit("payout"),
        "惠企政策兑享记录（兑现）",
        _page("journal:policy_list", mode="payout"),
        _benefit_statistics,
        _NO_BENEFIT,
    ),
    FigureDef(
        "departments.unauthorized",
        "未授权综窗部门",
        "个",
        lambda p: len(unauthorized_departments(p.end)),
        "办理项综窗授权记录（截至期末）",
        _page("catalog:handlingitem_list", authorized="false"),
        _items_listed,
        _NO_ITEMS,
    ),
)
for _group, _glabel in _PLATFORM_LABELS.items():
    _register(
        FigureDef(
            f"platform.{_group}.accept",
            f"{_glabel}受理",
            "件",
            _platform(_group, "accept"),
            "一体化平台每日办件统计（今年以来）",
            _platform_records(_group),
            _platform_rows,
            _NO_PLATFORM,
            added=_platform_added(_group, "accept"),
        ),
        FigureDef(
            f"platform.{_group}.complete",
            f"{_glabel}办结",
            "件",
            _platform(_group, "complete"),
            "一体化平台每日办件统计（今年以来）",
            _platform_records(_group),
            _platform_rows,
            _NO_PLATFORM,
            added=_platform_added(_group, "complete"),
        ),
    )


def year_to_date_keys() -> list[str]:
    """Every running total of the year (今年以来) in the registry, in its order."""
    return [key for key, definition in FIGURES.items() if definition.year_to_date]


def compute(key: str, period: Period, *, scope: CenterScope | None = None) -> int | Decimal | None:
    """The value of one figure for ``period`` in ``scope`` (本级 of the default center unless
    said or set around the call, ``figures.scope``)."""
    try:
        definition = FIGURES[key]
    except KeyError:
        raise KeyError(f"未知统计指标：{key}") from None
    with counting_in(scope):
        return definition.compute(period)


def missing_sources(
    period: Period, keys: list[str] | None = None, *, scope: CenterScope | None = None
) -> dict[str, str]:
    """Figure key → what is missing, for the figures (all by default) with no source."""
    result = {}
    with counting_in(scope):
        for key in keys or list(FIGURES):
            if missing := FIGURES[key].missing_source(period):
                result[key] = missing
    return result


def compute_all(
    period: Period, keys: list[str] | None = None, *, scope: CenterScope | None = None
) -> dict[str, int | Decimal | None]:
    """Values of the given figures (all by default) for ``period`` in ``scope``."""
    with counting_in(scope) as resolved:
        return {key: compute(key, period, scope=resolved) for key in (keys or list(FIGURES))}

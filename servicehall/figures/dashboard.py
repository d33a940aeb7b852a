"""What the dashboard shows (首页看板): every number comes from ``servicehall.figures``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from servicehall import figures
from servicehall.cases.models import Case, EventKind
from servicehall.core.exports import ChartTable
from servicehall.core.periods import Period
from servicehall.core.permissions import VIEW
from servicehall.core.text import chinese_date
from servicehall.figures.cases import NO_DEPARTMENT
from servicehall.figures.scope import resolve
from servicehall.journal.models import ServiceEvaluation
from servicehall.org.models import Department, Window
from servicehall.workcal.workdays import NoWorkingDays, working_week

TREND_DAYS = 56  # eight calendar weeks up to the end of the chosen week


@dataclass(frozen=True)
class CountCard:
    kind: str
    label: str
    unit: str
    week: int
    ytd: int


def dashboard_period(day: dt.date) -> tuple[Period, bool]:
    """The period the dashboard shows for ``day``: its working week (``working_week``, the
    report's period) stretched to ``day`` itself when that is a day off, so that work registered
    on a weekend shows at once; a week without working days shows Monday–Sunday. The flag says
    whether the week has working days."""
    try:
        week = working_week(day)
    except NoWorkingDays:
        monday = day - dt.timedelta(days=day.weekday())
        return Period(monday, monday + dt.timedelta(days=6)), False
    return Period(min(week.start, day), max(week.end, day)), True


def opening_day(today: dt.date) -> tuple[dt.date, str]:
    """The day the home page opens on, and why when it is not ``today``: the current week, or —
    when nothing is recorded in it yet — the latest week with case work, said in words, so a
    leader never lands on a page of zeros (the demo's records end in February 2024)."""
    period, _ = dashboard_period(today)
    latest = figures.latest_case_day(today)
    if latest is None or latest >= period.start:
        return today, ""
    return latest, (
        f"本周（{chinese_date(period.start)}起）尚无办件记录，显示最近有记录的一周：{chinese_date(latest)}所在周"
    )


def trend_series(end: dt.date) -> dict[str, Any]:
    """Daily counts per kind for ECharts: {"days": [...], "series": {kind: [...]}}."""
    period = Period(end - dt.timedelta(days=TREND_DAYS - 1), end)
    daily = figures.daily_case_counts(period)
    days = [period.start + dt.timedelta(days=i) for i in range(TREND_DAYS)]
    empty = dict.fromkeys(figures.CASE_KINDS, 0)
    return {
        "days": [d.isoformat() for d in days],
        "series": [
            {"kind": kind, "name": label, "data": [daily.get(d, empty)[kind] for d in days]}
            for kind, label in EventKind.choices
        ],
    }


def weekly_trend(end: dt.date) -> dict[str, Any]:
    """A year of weekly counts per kind up to the week holding ``end``, for ECharts:
    {"weeks": [start, …], "ends": [end, …], "series": [{kind, name, data}]}."""
    points = figures.weekly_case_counts(end)
    return {
        "weeks": [p["start"].isoformat() for p in points],
        "ends": [p["end"].isoformat() for p in points],
        "series": [
            {"kind": kind, "name": label, "data": [p["counts"][kind] for p in points]}
            for kind, label in EventKind.choices
        ],
    }


def chart_tables(daily: dict[str, Any], weekly: dict[str, Any]) -> list[ChartTable]:
    """The two charts' data as tables (shown on request, exported as CSV or XLSX)."""
    names = [s["name"] for s in daily["series"]]
    return [
        ChartTable(
            name="weekly",
            title="近一年每周办件",
            headers=["统计期间", *names],
            rows=[
                [f"{start}—{end}", *(s["data"][i] for s in weekly["series"])]
                for i, (start, end) in enumerate(zip(weekly["weeks"], weekly["ends"], strict=True))
            ],
        ),
        ChartTable(
            name="daily",
            title="近八周每日办件",
            headers=["日期", *names],
            rows=[
                [day, *(s["data"][i] for s in daily["series"])]
                for i, day in enumerate(daily["days"])
            ],
        ),
    ]


def build(user: Any, day: dt.date) -> dict[str, Any]:
    """The dashboard of the working week holding ``day`` as ``user`` may see it."""
    period, has_workdays = dashboard_period(day)
    counts = figures.stats(period)
    cards = [
        CountCard(kind.value, kind.label, kind.unit, counts["period"][kind], counts["ytd"][kind])
        for kind in EventKind
    ]
    by_department = figures.case_counts_by_department(period)
    departments = Department.objects.for_user(user, VIEW).filter(pk__in=list(by_department))
    names = {d.pk: d.name for d in departments}
    department_rows = [
        {"name": names[pk], "counts": [by_department[pk][k] for k in figures.CASE_KINDS]}
        for pk in sorted(names, key=lambda pk: -by_department[pk]["accept"])
    ]
    if None in by_department:
        department_rows.append(
            {
                "name": NO_DEPARTMENT,
                "counts": [by_department[None][k] for k in figures.CASE_KINDS],
            }
        )
    windows = (
        Window.objects.for_user(user, VIEW)
        .filter(resolve(None).q("center"))  # the windows of the figures' scope
        .filter(Window.open_on_q(period.end))
        .select_related("department")
        .order_by("kind", "code")
    )
    return {
        "period": period,
        "has_workdays": has_workdays,
        "cards": cards,
        "kind_labels": [label for _, label in EventKind.choices],
        "department_rows": department_rows,
        "trend": (daily := trend_series(period.end)),
        "weekly": (weekly := weekly_trend(period.end)),
        "tables": {t.name: t for t in chart_tables(daily, weekly)},
        "windows": list(windows),
        "windows_accept": figures.open_windows(period.end, Window.Kind.COMPREHENSIVE_ACCEPT),
        "windows_issue": figures.open_windows(period.end, Window.Kind.ISSUE),
        "handbook_done": figures.handbook_done(period.end),
        "handbook_percent": figures.handbook_percent(period.end),
        "unauthorized": figures.unauthorized_departments(period.end),
        # What waits at the week's end: cases past their promised date, 差评 past their deadline.
        "overdue_cases": figures.overdue_open_cases(period.end, Case.objects.for_user(user, VIEW)),
        "overdue_followups": figures.overdue_followups(
            period.end, ServiceEvaluation.objects.for_user(user, VIEW)
        ),
        "previous_week": period.start - dt.timedelta(days=7),
        "next_week": period.start + dt.timedelta(days=7),
    }

"""What ``GET /api/stats/`` reads (issue 24): a week and its year to date from the center
rollups — whole months from the monthly rows, the days at either end from the daily ones —
found by their index, so the rows read are set by the calendar and the centers, never by the
log's size: at 11M events the same few hundred as here (not the ~47,000 daily rows per
department of a year to date in June). Asserted on the plans each database runs, not a time."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from servicehall import figures
from servicehall.cases.eventlog import LogRow, append_events
from servicehall.cases.models import CenterDailyCount, CenterMonthlyCount, EventKind
from servicehall.core.localtime import SHANGHAI
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db

WEEK = figures.Period(dt.date(2025, 6, 2), dt.date(2025, 6, 6))  # `make bench`'s week at scale
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2025, 12, 31)  # two whole years of work, every day
ROLLUPS = {"cases_centerdailycount", "cases_centermonthlycount", "cases_centeryearlycount"}


@pytest.fixture
def two_years(center: Center) -> tuple[Center, Center]:
    """Two centers with a department each; one event per day, kind and department for two
    years (7,310 daily center rows, where a scan would read them all) after twenty years of one
    a month (2,640 monthly rows): the rollups' size at the bench's 11M events is of this order
    (~30 centers, three years: ~5,000 monthly and ~150,000 daily rows)."""
    city = Center.objects.create(name="市政务服务中心", short_name="市中心", parent=center)
    departments = [
        Department.objects.create(center=center, name="公安厅"),
        Department.objects.create(center=city, name="市公安局"),
    ]
    days = [dt.date(year, month, 1) for year in range(2004, 2024) for month in range(1, 13)]
    days += [FIRST + dt.timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    rows: list[LogRow] = []
    for day in days:
        at = dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)
        for kind in EventKind.values:
            for department in departments:
                rows.append(
                    LogRow(f"P{len(rows)}", None, "", kind, at, department.pk, department.name)
                )
    append_events(rows)
    with connection.cursor() as cursor:  # as the demo's load and autovacuum do
        cursor.execute("ANALYZE")
    return center, city


def statements_of(call: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def spy(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        call()
    return seen


def rows_read(plan: dict[str, Any]) -> dict[str, int]:
    """PostgreSQL: the rows each table's scans returned or removed by their filters."""
    read: dict[str, int] = {}
    if "Relation Name" in plan:
        rows = plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)
        rows += plan.get("Rows Removed by Index Recheck", 0)
        table = plan["Relation Name"]
        read[table] = read.get(table, 0) + rows * plan["Actual Loops"]
    for child in plan.get("Plans", []):
        for table, rows in rows_read(child).items():
            read[table] = read.get(table, 0) + rows
    return read


@pytest.mark.parametrize("with_children", [False, True])
def test_a_week_and_its_year_to_date_read_months_and_days_of_the_center_rollups(
    two_years: tuple[Center, Center], with_children: bool
) -> None:
    province, _city = two_years
    scope = CenterScope(province, with_children)
    counted = figures.stats(WEEK, scope=scope)
    centers = 2 if with_children else 1
    kinds = len(EventKind.values)
    # The counts are the log's: one event per day, kind and department.
    assert counted["period"] == dict.fromkeys(EventKind.values, 5 * centers)
    june_6th = (WEEK.end - dt.date(2025, 1, 1)).days + 1
    assert counted["ytd"] == dict.fromkeys(EventKind.values, june_6th * centers)
    assert CenterDailyCount.objects.count() == ((LAST - FIRST).days + 1 + 240) * kinds * 2
    statements = statements_of(lambda: figures.stats(WEEK, scope=scope))
    tables = {t for sql, _ in statements for t in ROLLUPS | {"cases_dailycount", "cases_caseevent"}
              if f'"{t}"' in sql}  # fmt: skip
    # Never the log, never the departments' daily rows: the centers' days and months only.
    assert tables == {"cases_centerdailycount", "cases_centermonthlycount"}, statements
    if connection.vendor == "postgresql":
        read: dict[str, int] = {}
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                (plan,) = cursor.fetchone()
                plan = json.loads(plan) if isinstance(plan, str) else plan
                for table, rows in rows_read(plan[0]["Plan"]).items():
                    read[table] = read.get(table, 0) + rows
        # The week's 5 days and the year's 6 days of June; January to May, one row a month:
        # per kind — of the centers counted, or of both where the planner applies 本级's
        # "this center or none" to the period's range of the index. Never the tables' history
        # (14,620 daily and 2,640 monthly rows), never the log.
        assert read["cases_centerdailycount"] in ((5 + 6) * kinds * centers, (5 + 6) * kinds * 2)
        assert read["cases_centermonthlycount"] in (5 * kinds * centers, 5 * kinds * 2)
        # With children the centers of the subtree are joined: the tree, once per statement.
        assert read.get("org_center", 0) <= 2 * len(statements) and len(read) <= 3, read
    else:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                steps = [row[-1] for row in cursor.fetchall()]
                rollup_steps = [s for s in steps if "centerdaily" in s or "centermonthly" in s]
                # A range of the rollup's index (period first), never a scan of the table.
                assert rollup_steps, steps
                assert all(s.startswith("SEARCH") and "_read" in s for s in rollup_steps), steps
    assert CenterMonthlyCount.objects.count() == (240 + 24) * kinds * 2

"""The province bench's data (``bench.province``): the tree of 200 centers, its events written
by the database itself, rollups equal to the log, and the figures it times agreeing."""

from __future__ import annotations

import pytest

from servicehall import figures
from servicehall.bench import province
from servicehall.cases import rollups
from servicehall.cases.models import Case, CaseEvent
from servicehall.figures.network import child_table
from servicehall.figures.scope import CenterScope

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_bench_province_has_200_centers_and_its_events_add_up() -> None:
    tree = province.build_tree()
    centers = tree["centers"]
    assert len(centers) == 200
    assert len(tree["departments"]) == 44 + 21 * 30 + 178 * 15
    province.write_events(20_000, tree["departments"])
    assert CaseEvent.objects.count() == 20_000
    assert rollups.mismatches() == 0
    # One case per 受理: a fifth of the events (hashed buckets 6–9 of 20).
    accepted = CaseEvent.objects.filter(kind="accept").count()
    assert Case.objects.count() == accepted and 3_600 < accepted < 4_400
    week = figures.Period(*province.WEEK)
    rolled = figures.stats(week, scope=CenterScope(centers[0], with_children=True))
    year = figures.Period(province.WEEK[0].replace(month=1, day=1), province.WEEK[1])
    assert rolled["ytd"] == figures.case_counts(year, scope=CenterScope(centers[0], True))
    assert (
        sum(rolled["ytd"].values())
        == CaseEvent.objects.filter(occurred_on__lte=province.WEEK[1]).count()
    )
    table = child_table(week, centers[0])
    assert len(table) == 1 + 21 + 1
    assert table[-1].period == rolled["period"] and table[-1].ytd == rolled["ytd"]
    measured = province.measure(centers)
    # Both ways of counting the indicators agree; a month over the province is read in the
    # scope's 2 queries and 5 more, whatever its 3,344 departments.
    assert measured["indicators_same"]
    assert measured["indicators_queries"] == 7
    assert set(measured["indicators_each_queries"]) == set(measured["indicators_each_ms"])
    text = province.markdown([{"database": "sqlite", **measured, **_built()}], 20_000, 1.0)
    assert "| province roll-up, week + YTD" in text and "sum = roll-up ✔" in text
    assert "a city's weekly draft" in text and "| `real_name_bad_revisit_rate` |" in text


def _built() -> dict[str, object]:
    return {
        "tree_s": 0.0,
        "build_s": {"events": 0.0},
        "centers": 200,
        "departments": 3344,
        "events": 20_000,
        "cases": Case.objects.count(),
        "rollup_rows": 0,
        "database_mib": 1.0,
    }

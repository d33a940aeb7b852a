"""Figures over the tree (本级 / 本级及下级): every figure of one center alone or of its whole
subtree, the children's table whose sum row is the parent's roll-up, ``servicehall stats
--center NAME [--with-children]``, ``/api/stats/?center=&with_children=`` and ``/api/network/``."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicehall import figures
from servicehall.cases.services import record_event
from servicehall.core.roles import Role
from servicehall.figures.network import child_table
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Window
from servicehall.testing.examples import examples
from servicehall.testing.factories import WindowFactory
from servicehall.testing.tree import TREE, Tree

pytestmark = pytest.mark.django_db

WEEK = figures.Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
# Accept events on Tuesday 2024-01-23 per center: each number distinct, so a sum tells its parts.
ACCEPTS = {
    "province": 1,
    "city_a": 2,
    "city_b": 4,
    "county_a1": 8,
    "county_a2": 16,
    "county_b1": 32,
    "town_a1": 64,
}


@pytest.fixture
def events(tree: Tree) -> Tree:
    n = 0
    for key, count in ACCEPTS.items():
        for _ in range(count):
            n += 1
            record_event(
                event_id=f"N{n}",
                kind="accept",
                occurred_at=dt.datetime(2024, 1, 23, 10),
                department=tree.departments[key],
            )
    # One consult of no department: the default center's (the province's).
    record_event(event_id="N0", kind="consult", occurred_at=dt.datetime(2024, 1, 8, 9))
    return tree


def accepts(*keys: str) -> int:
    return sum(ACCEPTS[k] for k in keys)


def test_a_center_alone_counts_its_own_events_and_with_children_its_whole_subtree(
    events: Tree,
) -> None:
    tree = events
    for key in TREE:
        own = figures.stats(WEEK, scope=CenterScope(tree.centers[key]))
        assert own["period"]["accept"] == ACCEPTS[key]
        rolled = figures.stats(WEEK, scope=CenterScope(tree.centers[key], with_children=True))
        assert rolled["period"]["accept"] == accepts(*tree.below(key))
    city = figures.stats(WEEK, scope=CenterScope(tree.centers["city_a"], with_children=True))
    assert city["period"]["accept"] == 2 + 8 + 16 + 64
    assert city["ytd"]["consult"] == 0  # the unassigned consult is the province's
    province = figures.stats(WEEK, scope=CenterScope(tree.centers["province"]))
    assert province["ytd"] == {**province["ytd"], "accept": 1, "consult": 1}


def test_figures_default_to_the_default_center_alone(events: Tree) -> None:
    # The seeds' hall: a province's children never change its own report's numbers.
    assert figures.stats(WEEK)["period"]["accept"] == 1
    assert figures.compute("window.week.accept", WEEK) == 1
    city = CenterScope(events.centers["city_a"], with_children=True)
    assert figures.compute("window.week.accept", WEEK, scope=city) == 90
    assert figures.compute_all(WEEK, ["window.ytd.accept"], scope=city) == {"window.ytd.accept": 90}


def test_register_figures_take_the_scope_too(tree: Tree) -> None:
    for key in ("province", "city_a", "county_a1"):
        WindowFactory(center=tree.centers[key], kind=Window.Kind.COMPREHENSIVE_ACCEPT, code=key)
    day = dt.date(2024, 1, 26)
    kind = Window.Kind.COMPREHENSIVE_ACCEPT
    assert figures.open_windows(day, kind) == 1
    assert figures.open_windows(day, kind, scope=CenterScope(tree.centers["county_a1"])) == 1
    city = CenterScope(tree.centers["city_a"], with_children=True)
    assert figures.open_windows(day, kind, scope=city) == 2
    assert figures.compute("windows.accept", WEEK, scope=city) == 2


def test_the_children_table_has_the_center_its_children_and_a_sum_equal_to_the_roll_up(
    events: Tree,
) -> None:
    tree = events
    rows = child_table(WEEK, tree.centers["province"])
    assert [(r.label, r.period["accept"]) for r in rows] == [
        ("测试（本级）", 1),
        ("甲市", 2 + 8 + 16 + 64),
        ("乙市", 4 + 32),
        ("合计", 127),
    ]
    rolled = figures.stats(WEEK, scope=CenterScope(tree.centers["province"], with_children=True))
    assert rows[-1].period == rolled["period"]
    assert rows[-1].ytd == rolled["ytd"]
    assert rows[0].ytd["consult"] == 1
    assert [r.has_children for r in rows] == [False, True, True, False]
    county = child_table(WEEK, tree.centers["county_a1"])
    assert [(r.label, r.period["accept"]) for r in county] == [
        ("甲一县（本级）", 8),
        ("甲一县某镇", 64),
        ("合计", 72),
    ]


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    happenings=st.lists(
        st.tuples(
            st.sampled_from([*TREE, None]),
            st.sampled_from(["consult", "accept", "transfer", "issue", "complete"]),
            st.integers(min_value=0, max_value=400),
        ),
        max_size=25,
    ),
    start=st.integers(min_value=0, max_value=400),
    length=st.integers(min_value=0, max_value=120),
)
def test_for_any_period_the_province_with_children_is_the_sum_of_every_centers_own(
    tree: Tree, happenings: list[tuple[str | None, str, int]], start: int, length: int
) -> None:
    first = dt.date(2023, 6, 1)
    period = figures.Period(
        first + dt.timedelta(days=start), first + dt.timedelta(days=start + length)
    )
    with transaction.atomic():
        for n, (key, kind, day) in enumerate(happenings):
            record_event(
                event_id=f"H{n}",
                kind=kind,
                occurred_at=dt.datetime.combine(first + dt.timedelta(days=day), dt.time(10)),
                department=tree.departments[key] if key else None,
            )
        province = CenterScope(tree.centers["province"], with_children=True)
        rolled = figures.stats(period, scope=province)
        for which in ("period", "ytd"):
            total = dict.fromkeys(figures.CASE_KINDS, 0)
            for center in tree.centers.values():
                for kind, n in figures.stats(period, scope=CenterScope(center))[which].items():
                    total[kind] += n
            assert rolled[which] == total
        table = child_table(period, tree.centers["province"])
        assert table[-1].period == rolled["period"]
        assert table[-1].ytd == rolled["ytd"]
        transaction.set_rollback(True)


def stats_json(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json", *args, stdout=out)
    found: dict[str, Any] = json.loads(out.getvalue())  # the command's JSON
    return found


def test_the_stats_command_counts_a_named_center_alone_or_with_its_children(events: Tree) -> None:
    assert stats_json()["period"]["accept"] == 1
    assert stats_json("--center", "甲市政务服务中心")["period"]["accept"] == 2
    assert stats_json("--center", "甲市", "--with-children")["period"]["accept"] == 90
    assert stats_json("--center", "测试政务服务中心", "--with-children")["period"]["accept"] == 127
    assert stats_json("--center", "甲市", "--with-children", "--repeat", "3")["ytd"]["accept"] == 90
    with pytest.raises(CommandError, match="没有名为“丙市”的中心"):
        stats_json("--center", "丙市")


def test_the_stats_api_counts_the_readers_center_and_never_one_outside_it(
    client: Client, events: Tree
) -> None:
    tree = events
    client.force_login(tree.login("city_a", Role.LEADER))
    base: dict[str, str | int] = {"from": "2024-01-22", "to": "2024-01-26"}
    assert client.get("/api/stats/", base).json()["period"]["accept"] == 2
    rolled = client.get("/api/stats/", {**base, "with_children": "true"}).json()
    assert rolled["period"]["accept"] == 90
    county = client.get("/api/stats/", {**base, "center": tree.centers["county_a1"].pk}).json()
    assert county["period"]["accept"] == 8
    for outside in ("测试政务服务中心", "乙市政务服务中心", tree.centers["county_b1"].pk):
        answer = client.get("/api/stats/", {**base, "center": outside})
        assert answer.status_code == 400
        assert "没有名为" in answer.json()["center"]
    figures_answer = client.get("/api/figures/", {**base, "with_children": "1"}).json()
    assert figures_answer["window.week.accept"] == 90


def test_the_network_api_and_page_drill_down_from_the_province_to_a_township(
    client: Client, events: Tree
) -> None:
    tree = events
    client.force_login(tree.login("province", Role.LEADER))
    base: dict[str, str | int] = {"from": "2024-01-22", "to": "2024-01-26"}
    body = client.get("/api/network/", base).json()
    assert [(r["name"], r["period"]["accept"]) for r in body["rows"]] == [
        ("测试（本级）", 1),
        ("甲市", 90),
        ("乙市", 36),
        ("合计", 127),
    ]
    page = client.get("/network/", {"start": "2024-01-22", "end": "2024-01-26"})
    assert page.status_code == 200
    city = tree.centers["city_a"]
    assert f"center={city.pk}" in page.content.decode()
    query: dict[str, str | int] = {"start": "2024-01-22", "end": "2024-01-26", "center": city.pk}
    city_page = client.get("/network/", query)
    html = city_page.content.decode()
    assert "甲一县" in html and "甲二县" in html and "乙一县" not in html
    county = tree.centers["county_a1"]
    query = {"start": "2024-01-22", "end": "2024-01-26", "center": county.pk}
    county_page = client.get("/network/", query).content.decode()
    assert "甲一县某镇" in county_page and ">72<" in county_page
    query = {"center": county.pk, "week": "2024-01-24", "with_children": 1}
    home = client.get("/", query)
    assert home.status_code == 200
    assert '<span class="count">72</span>' in home.content.decode()


def test_a_county_reader_finds_no_table_or_dashboard_of_its_sibling_or_parent(
    client: Client, events: Tree
) -> None:
    tree = events
    client.force_login(tree.login("county_a1", Role.ADMIN))
    for outside in ("county_a2", "city_a", "province"):
        pk = tree.centers[outside].pk
        assert client.get("/network/", {"center": pk}).status_code == 404
        assert client.get("/", {"center": pk}).status_code == 404
    own = client.get("/", {"week": "2024-01-24"}).content.decode()
    assert '<span class="count">8</span>' in own
    rolled_query: dict[str, str | int] = {"week": "2024-01-24", "with_children": 1}
    rolled = client.get("/", rolled_query).content.decode()
    assert '<span class="count">72</span>' in rolled


def test_leaders_and_admins_find_the_childrens_table_in_the_menu(
    client: Client, tree: Tree
) -> None:
    client.force_login(tree.login("city_a", Role.LEADER))
    assert 'href="/network/"' in client.get("/network/").content.decode()
    client.force_login(tree.login("city_a", Role.STAFF))
    assert 'href="/network/"' not in client.get("/").content.decode()


def test_the_dashboard_lists_the_windows_of_its_scope(client: Client, tree: Tree) -> None:
    for key in ("county_a1", "town_a1"):
        WindowFactory(center=tree.centers[key], code=f"W-{key}", name=f"{key}窗口")
    client.force_login(tree.login("county_a1", Role.LEADER))
    own = client.get("/", {"week": "2024-01-24"}).content.decode()
    assert "county_a1窗口" in own and "town_a1窗口" not in own
    rolled_query: dict[str, str | int] = {"week": "2024-01-24", "with_children": 1}
    rolled = client.get("/", rolled_query).content.decode()
    assert "county_a1窗口" in rolled and "town_a1窗口" in rolled

"""The demo's network (演示的下级中心): children with their own records, the province's own
figures still the seeds', its roll-up adding the children's, and the network's logins."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from servicehall import figures
from servicehall.demo.network import NETWORK_LOGINS
from servicehall.demo.people import DEMO_PASSWORD
from servicehall.figures.network import child_table
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db

WEEK = figures.Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
YEAR_2023 = figures.Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def stats(*args: str) -> dict:
    out = io.StringIO()
    call_command("stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_province_counted_alone_keeps_the_seed_figures_and_its_roll_up_adds_the_children(
    demo_db,
):
    own = stats("--center", "四川省政府政务服务和公共资源交易服务中心")
    assert own == stats()
    assert own["period"] == {
        "consult": 1291,
        "accept": 631,
        "transfer": 2185,
        "issue": 1017,
        "complete": own["period"]["complete"],
    }
    assert own["ytd"]["consult"] == 5501
    rolled = stats("--center", "省中心", "--with-children")
    children = [stats("--center", c.name) for c in Center.objects.exclude(parent=None)]
    for which in ("period", "ytd"):
        for kind, n in rolled[which].items():
            assert n == own[which][kind] + sum(c[which][kind] for c in children)
    assert rolled["period"]["accept"] > own["period"]["accept"]
    chengdu = stats("--center", "成都市中心", "--with-children")
    assert chengdu["period"]["accept"] == sum(
        stats("--center", name)["period"]["accept"]
        for name in ("成都市中心", "双流区中心", "东升街道便民服务中心")
    )


def test_the_children_table_of_the_province_lists_its_two_cities(demo_db):
    province = Center.objects.get(short_name="省中心")
    rows = child_table(WEEK, province)
    assert [r.label for r in rows] == ["省中心（本级）", "成都市中心", "绵阳市中心", "合计"]
    assert rows[0].period["accept"] == 631
    rolled = figures.stats(WEEK, scope=CenterScope(province, with_children=True))
    assert rows[-1].period == rolled["period"]
    assert rows[-1].ytd == rolled["ytd"]


def test_every_child_center_has_departments_windows_items_and_events(demo_db):
    for center in Center.objects.exclude(parent=None):
        departments = Department.objects.filter(center=center)
        assert departments.count() == 3, center
        assert center.windows.count() == 2, center
        assert departments.filter(service_items__handling_items__isnull=False).count() == 3
        own = figures.stats(YEAR_2023, scope=CenterScope(center))
        assert own["period"]["accept"] > 100, center


def test_the_network_logins_sit_at_their_centers_and_read_their_subtrees(demo_db):
    for login in NETWORK_LOGINS:
        user = authenticate(
            RequestFactory().post("/accounts/login/"),
            username=login.username,
            password=DEMO_PASSWORD,
        )
        assert user is not None, login.username
        assert user.role == login.role
        assert user.center.short_name == login.center
    city_admin = authenticate(
        RequestFactory().post("/accounts/login/"), username="city_admin", password=DEMO_PASSWORD
    )
    seen = {d.center.short_name for d in Department.objects.for_user(city_admin)}
    assert seen == {"成都市中心", "双流区中心", "东升街道便民服务中心"}

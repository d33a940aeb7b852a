"""The demo's network (演示的下级中心): children with their own records, the province's own
figures still the seeds', its roll-up adding the children's, and the network's logins."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F
from django.test import RequestFactory

from servicehall import figures
from servicehall.cases.models import Case, CaseEvent
from servicehall.catalog.models import HandlingItem
from servicehall.demo.network import NETWORK_LOGINS
from servicehall.demo.people import DEMO_PASSWORD
from servicehall.figures.network import child_table
from servicehall.figures.scope import CenterScope
from servicehall.journal.models import ServiceEvaluation
from servicehall.org.models import Center, Department

if TYPE_CHECKING:
    from servicehall.demo.loader import LoadResult

pytestmark = pytest.mark.django_db

WEEK = figures.Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
YEAR_2023 = figures.Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def stats(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json", *args, stdout=out)
    found: dict[str, Any] = json.loads(out.getvalue())  # the command's JSON
    return found


def test_the_province_counted_alone_keeps_the_seed_figures_and_its_roll_up_adds_the_children(
    demo_db: LoadResult,
) -> None:
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
        for name in ("成都市中心", "双流区中心", "东升街道便民服务中心", "武侯区中心")
    )


# The 21 市州 of 四川省, in the order of the province's own lists.
CITIES = [
    "成都市",
    "自贡市",
    "攀枝花市",
    "泸州市",
    "德阳市",
    "绵阳市",
    "广元市",
    "遂宁市",
    "内江市",
    "乐山市",
    "南充市",
    "眉山市",
    "宜宾市",
    "广安市",
    "达州市",
    "雅安市",
    "巴中市",
    "资阳市",
    "阿坝州",
    "甘孜州",
    "凉山州",
]


def test_the_children_table_of_the_province_lists_its_21_cities_and_prefectures(
    demo_db: LoadResult,
) -> None:
    province = Center.objects.get(short_name="省中心")
    rows = child_table(WEEK, province)
    assert [r.label for r in rows] == ["省中心（本级）", *(f"{c}中心" for c in CITIES), "合计"]
    assert rows[0].period["accept"] == 631
    assert all(r.period["accept"] > 0 for r in rows[1:])
    with_counties = {r.label for r in rows if r.has_children}
    assert with_counties == {"成都市中心", "德阳市中心", "绵阳市中心", "宜宾市中心", "凉山州中心"}
    rolled = figures.stats(WEEK, scope=CenterScope(province, with_children=True))
    assert rows[-1].period == rolled["period"]
    assert rows[-1].ytd == rolled["ytd"]


def test_every_child_center_has_departments_windows_items_and_events_by_its_size(
    demo_db: LoadResult,
) -> None:
    assert Center.objects.exclude(parent=None).count() == 28
    sizes = {}
    for center in Center.objects.exclude(parent=None):
        departments = Department.objects.filter(center=center)
        sizes[center.short_name] = (
            departments.count(),
            center.windows.count(),
            HandlingItem.objects.filter(service_item__department__center=center).count(),
        )
        own = figures.stats(YEAR_2023, scope=CenterScope(center))
        assert own["period"]["accept"] > 0, center
    # 成都 (size 3.0): 18 departments of 4 items, 15 + 2 windows; a typical city (0.9): 14, 4 + 2;
    # a 州 (0.4): 13, 3 + 2; a county (0.5): 8 of 3 items, 2 + 1; the township: 3 of 2, 1 + 1.
    assert sizes["成都市中心"] == (18, 17, 72)
    assert sizes["自贡市中心"] == (14, 6, 56)
    assert sizes["阿坝州中心"] == (13, 5, 52)
    assert sizes["涪城区中心"] == (8, 3, 24)
    assert sizes["东升街道便民服务中心"] == (3, 2, 6)
    # A bigger hall works more: 成都 against 阿坝州 over 2023.
    chengdu, aba = (
        figures.stats(YEAR_2023, scope=CenterScope(Center.objects.get(short_name=name)))
        for name in ("成都市中心", "阿坝州中心")
    )
    assert chengdu["period"]["accept"] > 4 * aba["period"]["accept"]


def test_the_network_logins_sit_at_their_centers_and_read_their_subtrees(
    demo_db: LoadResult,
) -> None:
    for login in NETWORK_LOGINS:
        user = authenticate(
            RequestFactory().post("/accounts/login/"),
            username=login.username,
            password=DEMO_PASSWORD,
        )
        assert user is not None, login.username
        assert user.role == login.role
        assert user.center is not None and user.center.short_name == login.center
    city_admin = authenticate(
        RequestFactory().post("/accounts/login/"), username="city_admin", password=DEMO_PASSWORD
    )
    seen = {d.center.short_name for d in Department.objects.for_user(city_admin)}
    assert seen == {"成都市中心", "双流区中心", "东升街道便民服务中心", "武侯区中心"}


def test_every_acceptance_of_a_child_center_opens_a_case_of_its_department_and_window(
    demo_db: LoadResult,
) -> None:
    for center in Center.objects.exclude(parent=None):
        accepts = CaseEvent.objects.filter(department__center=center, kind="accept")
        assert accepts.count() == Case.objects.filter(department__center=center).count() > 0
        assert not accepts.filter(case__isnull=True).exists(), center
        assert not accepts.exclude(
            case__department=F("department"),
            case__accepted_at=F("occurred_at"),
            case__accepted_window=F("window_code"),
            case__handling_item__code=F("item_code"),
            case__handling_item__service_item__department=F("department"),
        ).exists(), center
    rated = ServiceEvaluation.objects.exclude(case__department__center__parent=None)
    assert rated.filter(level__lte=2).exists() and rated.filter(level=5).count() > rated.count() / 2
    # A rating comes after its case's 办结, a 办结 after its 受理.
    assert not rated.filter(evaluated_at__lt=F("case__completed_at")).exists()
    children = Case.objects.exclude(department__center__parent=None)
    assert not children.filter(completed_at__lt=F("accepted_at")).exists()


def indicators(*args: str) -> dict[str, dict[str, Any]]:
    out = io.StringIO()
    call_command(
        "indicators", "--from", "2024-01-01", "--to", "2024-01-31", "--json", *args, stdout=out
    )
    found: dict[str, dict[str, Any]] = json.loads(out.getvalue())  # JSON: an entry per indicator
    return found


# The indicators counted over cases and ratings (the rest count 办理项 and departments).
CASE_KEYS = [
    "on_time_rate",
    "same_day_rate",
    "handling_days_mean",
    "online_case_share",
    "active_rating_rate",
    "good_rating_rate",
    "rating_mean_score",
]
SUMMED = ["on_time_rate", "same_day_rate", "active_rating_rate", "good_rating_rate"]


def test_a_city_and_a_county_count_their_cases_and_ratings_and_the_roll_up_adds_them(
    demo_db: LoadResult,
) -> None:
    for args in (
        ("--center", "成都市中心"),
        ("--center", "成都市中心", "--with-children"),
        ("--center", "双流区中心"),
    ):
        found = indicators(*args)
        for key in CASE_KEYS:
            assert found[key]["value"] not in (None, 0), (args, key)
    # 本级及下级 is 本级 and every child's, numerator for numerator: counted center by center.
    own = indicators("--center", "省中心")
    everything = indicators("--center", "省中心", "--with-children")
    children = [indicators("--center", c.name) for c in Center.objects.exclude(parent=None)]
    for key in SUMMED:
        for part in ("numerator", "denominator"):
            assert everything[key][part] == own[key][part] + sum(c[key][part] for c in children)
    assert everything["same_day_rate"]["denominator"] > own["same_day_rate"]["denominator"]

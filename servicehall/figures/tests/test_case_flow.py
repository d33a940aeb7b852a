"""The period report (办件进度统计): each bucket counted once, by department and item kind, and
each count opening exactly its cases."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from servicehall import figures
from servicehall.accounts.models import User
from servicehall.cases.models import Case
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db
WEEK = figures.Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))


def at(day: int, hour: int = 10, month: int = 1) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def cases(police: Department, water: Department) -> None:
    service = ServiceItem.objects.create(
        department=police, code="S-1", name="驾驶证", kind=ItemKind.LICENSE
    )
    item = HandlingItem.objects.create(
        service_item=service, code="H-1", name="换证", time_limit_days=5, listed_on="2020-01-01"
    )
    rows = [
        # case, department, item, accepted, promised, completed, elsewhere
        ("A", police, item, at(15), dt.date(2024, 1, 19), None, False),
        ("B", police, item, at(15), dt.date(2024, 1, 24), at(23), False),
        ("C", police, item, at(23), dt.date(2024, 1, 24), at(25), False),
        ("D", police, item, at(24), dt.date(2024, 2, 5), None, False),
        ("E", police, item, at(29), dt.date(2024, 2, 5), None, False),
        ("F", police, item, at(10), dt.date(2024, 1, 17), at(12), False),
        ("G", water, None, None, None, None, True),
        ("H", police, item, at(22), dt.date(2024, 1, 24), at(24, 23), False),  # 23:00 that day
    ]
    for case_no, department, handling, accepted, promised, completed, elsewhere in rows:
        Case.objects.create(
            case_no=case_no, department=department, handling_item=handling,
            accepted_at=accepted, promised_by=promised, completed_at=completed,
            accepted_elsewhere=elsewhere,
        )  # fmt: skip


def test_each_case_falls_in_its_buckets(cases: None) -> None:
    rows = {(r["department_name"], r["item_kind_label"]): r for r in figures.case_flow(WEEK)}
    police = rows[("公安厅", "行政许可")]
    assert {k: police[k] for k in ("carried", "received", "completed", "on_time", "late")} == {
        "carried": 2,  # A, B
        "received": 3,  # C, D, H
        "completed": 3,  # B, C, H
        "on_time": 2,  # B, H (23:00 on its promised day)
        "late": 1,  # C
    }
    assert (police["in_progress"], police["overdue"]) == (2, 1)  # A and D; A past 19 January
    water = rows[("水利厅", "（未登记办理项）")]
    assert (water["carried"], water["in_progress"], water["received"]) == (1, 1, 0)  # elsewhere


def test_each_count_opens_exactly_its_cases(client: Client, leader: User, cases: None) -> None:
    client.force_login(leader)
    page = client.get(reverse("case_flow"), {"start": "2024-01-22", "end": "2024-01-26"})
    assert page.status_code == 200
    expected = {
        "carried": {"A", "B", "G"},
        "received": {"C", "D", "H"},
        "completed": {"B", "C", "H"},
        "on_time": {"B", "H"},
        "late": {"C"},
        "in_progress": {"A", "D", "G"},
        "overdue": {"A"},
    }
    totals = [url for _, url in page.context["totals"]]
    for url, (bucket, want) in zip(totals, expected.items(), strict=True):
        assert parse_qs(urlsplit(url).query)["bucket"] == [bucket]
        listed = client.get(url)
        assert {row["object"].case_no for row in listed.context["rows"]} == want, bucket
    # A row's link keeps its department and item kind: water's 未登记办理项 row.
    [water] = [r for r in page.context["rows"] if r["department_name"] == "水利厅"]
    carried_url = water["links"][0][1]
    assert "no_item=true" in carried_url
    assert {r["object"].case_no for r in client.get(carried_url).context["rows"]} == {"G"}


def test_the_report_exports_and_keeps_to_the_users_scope(
    client: Client, water_liaison: User, cases: None
) -> None:
    client.force_login(water_liaison)
    page = client.get(reverse("case_flow"), {"start": "2024-01-22", "end": "2024-01-26"})
    assert [r["department_name"] for r in page.context["rows"]] == ["水利厅"]
    exported = client.get(
        reverse("case_flow"), {"start": "2024-01-22", "end": "2024-01-26", "export": "xlsx"}
    )
    import io

    import openpyxl

    sheet: Any = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0][:4] == ["部门", "事项类型", "上期结转", "本期受理"]
    assert table[1][:3] == ["水利厅", "（未登记办理项）", 1]
    assert table[-1][0] == "合计"


def test_the_report_reads_only_the_cases_of_some_bucket_through_the_date_indexes(
    cases: None,
) -> None:
    """Issue 24: the period report reads the cases open at the period's start or received in
    it — every case of some bucket among them — found by the indexes, not every case."""
    from django.db import connection

    from servicehall.cases.flow import BUCKETS, bucket_q, counted_q, with_completed_on

    in_some_bucket = set()
    for bucket in BUCKETS:
        rows = with_completed_on(Case.objects.all()).filter(bucket_q(bucket.key, WEEK))
        in_some_bucket |= set(rows.values_list("case_no", flat=True))
    counted = set(Case.objects.filter(counted_q(WEEK)).values_list("case_no", flat=True))
    assert in_some_bucket == {"A", "B", "C", "D", "G", "H"}
    # Every case of a bucket is read; F, closed before the week, is not (E, open, is: it may
    # be carried over into a later week, and costs one row).
    assert counted == in_some_bucket | {"E"}
    if connection.vendor == "sqlite":  # PostgreSQL's planner reads 8 rows by a scan, rightly
        sql, params = (
            Case.objects.filter(counted_q(WEEK)).order_by().only("pk").query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "case_completed_at" in plan and "case_accepted_at" in plan, plan

"""Steps of a child center count at that center (登记计入本中心): a step through the API or an
events file never lands at a center outside the subtree of who records it, and a retried POST
counts once."""

from __future__ import annotations

import pytest

import datetime as dt

from servicehall.cases.models import CaseEvent
from servicehall.core.periods import Period
from servicehall.core.roles import Role
from servicehall.figures.cases import case_counts
from servicehall.figures.scope import CenterScope

pytestmark = pytest.mark.django_db

DAY = "2024-01-22T09:00:00+08:00"
WEEK = Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))


def consults(tree, key: str, with_children: bool = False) -> int:
    return case_counts(WEEK, scope=CenterScope(tree.centers[key], with_children))["consult"]


def post_consult(client, **body):
    return client.post(
        "/api/case-events/",
        {"kind": "consult", "occurred_at": DAY, **body},
        content_type="application/json",
    )


def test_a_county_clerks_consult_without_a_department_is_refused_not_counted_at_the_province(
    client, tree
):
    client.force_login(tree.login("county_a1", Role.STAFF))
    answer = post_consult(client)
    assert answer.status_code == 400
    assert "须选择部门" in answer.json()["department"][0]
    assert not CaseEvent.objects.exists()
    answer = post_consult(client, department=tree.departments["county_a1"].pk)
    assert answer.status_code == 201
    event = CaseEvent.objects.get()
    assert event.department == tree.departments["county_a1"]
    assert consults(tree, "county_a1") == 1
    assert consults(tree, "province") == 0
    assert consults(tree, "province", with_children=True) == 1


def test_the_default_centers_clerk_may_still_record_a_consult_of_no_department(client, tree):
    client.force_login(tree.login("province", Role.STAFF))
    assert post_consult(client).status_code == 201
    assert CaseEvent.objects.get().department is None

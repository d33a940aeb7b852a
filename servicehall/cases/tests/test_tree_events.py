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
    headers = {k: body.pop(k) for k in list(body) if k.startswith("HTTP_")}
    return client.post(
        "/api/case-events/",
        {"kind": "consult", "occurred_at": DAY, **body},
        content_type="application/json",
        **headers,
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


def test_a_post_retried_with_its_idempotency_key_counts_once(client, tree):
    client.force_login(tree.login("county_a1", Role.STAFF))
    body = {"department": tree.departments["county_a1"].pk}
    first = post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="desk-7-0001")
    assert first.status_code == 201
    again = post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="desk-7-0001")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert CaseEvent.objects.count() == 1
    assert consults(tree, "county_a1") == 1
    # Another key is another step; the same key for a different step is a conflict.
    assert post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="desk-7-0002").status_code == 201
    other = client.post(
        "/api/case-events/",
        {"kind": "accept", "department": body["department"], "occurred_at": DAY},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="desk-7-0001",
    )
    assert other.status_code == 409
    assert "幂等键" in other.json()["detail"]
    assert consults(tree, "county_a1") == 2
    # Without a key every POST is a new step, as before.
    assert post_consult(client, **body).status_code == 201
    assert consults(tree, "county_a1") == 3


def test_another_logins_same_key_is_its_own_step(client, tree):
    body = {"department": tree.departments["county_a1"].pk}
    for role in (Role.STAFF, Role.ADMIN):
        client.force_login(tree.login("county_a1", role))
        assert post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201
    assert consults(tree, "county_a1") == 2


def test_an_idempotency_key_of_control_characters_is_refused(client, tree):
    client.force_login(tree.login("county_a1", Role.STAFF))
    answer = post_consult(
        client, department=tree.departments["county_a1"].pk, HTTP_IDEMPOTENCY_KEY="a b"
    )
    assert answer.status_code == 400
    assert not CaseEvent.objects.exists()

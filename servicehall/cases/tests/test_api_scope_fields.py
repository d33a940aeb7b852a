"""The case-event POST's department and 办理项 are chosen among what the login may see, the
scope applied when the field is given (issue 24: a 咨询 naming neither costs no scope query)."""

from __future__ import annotations

import pytest
from django.test import Client

from servicehall.cases.models import CaseEvent
from servicehall.core.roles import Role
from servicehall.testing.tree import Tree, row_in

pytestmark = pytest.mark.django_db


def test_a_city_admin_names_its_own_departments_not_a_siblings_or_its_parents(
    client: Client, tree: Tree
) -> None:
    from servicehall.catalog.models import HandlingItem

    client.force_login(tree.login("city_a", Role.ADMIN))
    own, sibling, parent = (tree.departments[k] for k in ("county_a1", "city_b", "province"))
    for department in (sibling, parent):
        refused = client.post(
            "/api/case-events/",
            {"kind": "consult", "department": department.pk},
            content_type="application/json",
        )
        assert refused.status_code == 400 and "department" in refused.json(), refused.json()
    item = row_in(HandlingItem, tree, "city_b")
    refused = client.post(
        "/api/case-events/",
        {"kind": "accept", "handling_item": item.pk, "applicant": "张三"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "handling_item" in refused.json()
    done = client.post(
        "/api/case-events/",
        {"kind": "consult", "department": own.pk},
        content_type="application/json",
    )
    assert done.status_code == 201, done.json()
    assert list(CaseEvent.objects.values_list("department", flat=True)) == [own.pk]
    # A 咨询 of no department would count at the default center, outside a city's subtree.
    bare = client.post("/api/case-events/", {"kind": "consult"}, content_type="application/json")
    assert bare.status_code == 400 and "须选择部门" in str(bare.json()), bare.json()
    assert CaseEvent.objects.count() == 1

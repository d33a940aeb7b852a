"""A center admin cannot move its own center out of its parent's tree, make it a root or the
default center, nor make a center outside its subtree (中心树的结构由上级维护)."""

from __future__ import annotations

import pytest
from django.test import Client

from servicehall.core.roles import Role
from servicehall.org.models import Center, default_center
from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "change",
    [{"parent": None}, {"is_default": True}, {"parent": "county_a2"}, {"parent": "town_a1"}],
)
def test_a_county_admin_cannot_move_its_own_center_or_make_it_the_default(
    client: Client, tree: Tree, change: dict[str, str | bool | None]
) -> None:
    county = tree.centers["county_a1"]
    default = default_center()
    assert default is not None
    before = (county.parent_id, county.path, default.pk)
    body = {k: (tree.centers[v].pk if isinstance(v, str) else v) for k, v in change.items()}
    client.force_login(tree.login("county_a1", Role.ADMIN))
    answer = client.patch(f"/api/centers/{county.pk}/", body, content_type="application/json")
    assert answer.status_code in (400, 403, 404), answer.content
    county.refresh_from_db()
    default = default_center()
    assert default is not None
    assert (county.parent_id, county.path, default.pk) == before


def test_a_county_admin_cannot_make_a_root_center(client: Client, tree: Tree) -> None:
    client.force_login(tree.login("county_a1", Role.ADMIN))
    answer = client.post(
        "/api/centers/",
        {"name": "野中心", "level": Center.Level.COUNTY, "parent": None},
        content_type="application/json",
    )
    assert answer.status_code in (400, 403), answer.content
    assert not Center.objects.filter(name="野中心").exists()

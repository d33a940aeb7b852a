"""The tree of centers (中心层级): a materialised path per center, and every read and write
limited to the user's center and the centers below it — never a sibling or a parent."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.test import Client

from servicehall.accounts.services import create_login
from servicehall.cases.models import CaseEvent
from servicehall.core.models import ScopedQuerySet
from servicehall.core.permissions import CHANGE, VIEW, can
from servicehall.core.roles import Role
from servicehall.org.models import Center, Department, Window
from servicehall.testing.factories import CaseEventFactory, WindowFactory
from servicehall.testing.tree import TREE, Tree, row_in

pytestmark = pytest.mark.django_db


def test_each_center_path_is_its_parents_path_and_its_own_id(tree: Tree) -> None:
    for key, (_, _, parent) in TREE.items():
        center = tree.centers[key]
        center.refresh_from_db()
        own = f"{center.pk:06d}."
        expected = (tree.centers[parent].path if parent else "") + own
        assert center.path == expected
    town = tree.centers["town_a1"]
    assert town.level == Center.Level.TOWNSHIP
    assert town.get_level_display() == "乡镇"
    assert town.path.count(".") == 4  # 省 → 市 → 县 → 乡镇


def test_a_subtree_is_the_center_and_every_center_below_it(tree: Tree) -> None:
    subtree = {c.name for c in tree.centers["city_a"].subtree()}
    assert subtree == {TREE[k][0] for k in ("city_a", "county_a1", "county_a2", "town_a1")}


def test_moving_a_county_to_another_city_moves_its_townships_with_it(tree: Tree) -> None:
    county = tree.centers["county_a1"]
    county.parent = tree.centers["city_b"]
    county.save()
    town = Center.objects.get(pk=tree.centers["town_a1"].pk)
    assert county.path.startswith(tree.centers["city_b"].path)
    assert town.path == f"{county.path}{town.pk:06d}."
    assert {c.pk for c in tree.centers["city_a"].subtree()} == {
        tree.centers["city_a"].pk,
        tree.centers["county_a2"].pk,
    }


def test_a_center_cannot_be_put_below_itself(tree: Tree) -> None:
    city = tree.centers["city_a"]
    city.parent = tree.centers["town_a1"]
    with pytest.raises(ValidationError):
        city.full_clean()
    with pytest.raises(ValidationError):
        city.save()
    city.refresh_from_db()
    assert city.parent_id == tree.centers["province"].pk


def test_a_login_belongs_to_the_default_center_unless_it_names_another(tree: Tree) -> None:
    plain = create_login("plain", role=Role.STAFF, password="x-Ceshi-2024-mima")
    assert plain.center == tree.centers["province"]
    county = create_login(
        "county-liaison",
        role=Role.LIAISON,
        password="x-Ceshi-2024-mima",
        center_name="甲一县政务服务中心",
        department_name="甲一县公安局",
    )
    assert county.center == tree.centers["county_a1"]
    assert county.department == tree.departments["county_a1"]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEADER, Role.STAFF])
@pytest.mark.parametrize("key", list(TREE))
def test_a_role_reads_its_centers_subtree_and_nothing_beside_or_above(
    tree: Tree, key: str, role: Role
) -> None:
    user = tree.login(key, role)
    seen = {d.center_id for d in Department.objects.for_user(user)}
    assert seen == {tree.centers[k].pk for k in tree.below(key)}
    centers = {c.pk for c in Center.objects.for_user(user)}
    assert centers == {tree.centers[k].pk for k in tree.below(key)}


def test_a_county_admin_changes_its_county_and_townships_never_its_city_or_sibling(
    tree: Tree,
) -> None:
    admin = tree.login("county_a1", Role.ADMIN)
    windows = {k: WindowFactory(center=tree.centers[k], code=f"W-{k}") for k in TREE}
    for key, window in windows.items():
        mine = key in {"county_a1", "town_a1"}
        assert can(admin, VIEW, window) is mine
        assert can(admin, CHANGE, window) is mine
    assert set(Window.objects.for_user(admin, CHANGE)) == {
        windows["county_a1"],
        windows["town_a1"],
    }


def test_a_county_admin_opens_its_subtrees_windows_in_the_admin_site_and_no_other(
    client: Client, tree: Tree
) -> None:
    """The admin site's change pages, one register: the fast loop's share of the walk over
    every register and center (test_tree_routes, left to the full suite)."""
    from django.contrib.auth.models import Permission

    from servicehall.accounts.services import ADMIN_APPS

    admin = tree.login("county_a1", Role.ADMIN)
    admin.is_staff = True
    admin.save()
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    client.force_login(admin)
    windows = {k: WindowFactory(center=tree.centers[k], code=f"W-{k}") for k in TREE}
    opened = {
        key
        for key, window in windows.items()
        if client.get(f"/admin/org/window/{window.pk}/change/").status_code == 200
    }
    assert opened == {"county_a1", "town_a1"}


def test_a_liaison_reads_its_own_departments_rows_only_within_its_center(tree: Tree) -> None:
    liaison = tree.login("county_a1", Role.LIAISON)
    events = {k: CaseEventFactory(department=tree.departments[k]) for k in TREE}
    assert list(CaseEvent.objects.for_user(liaison)) == [events["county_a1"]]


def test_rows_of_no_department_belong_to_the_default_center(tree: Tree) -> None:
    orphan = CaseEventFactory(department=None)
    assert orphan in CaseEvent.objects.for_user(tree.login("province", Role.STAFF))
    assert orphan not in CaseEvent.objects.for_user(tree.login("city_a", Role.ADMIN))
    assert orphan not in CaseEvent.objects.for_user(tree.login("county_b1", Role.LEADER))


def test_a_superuser_reads_the_whole_tree(tree: Tree) -> None:
    root = tree.login("county_b1", Role.STAFF, superuser=True)
    assert Department.objects.for_user(root).count() == len(TREE)


def scoped_models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models()
        if isinstance(getattr(m, "objects", None), ScopedQuerySet)
        or hasattr(getattr(m, "objects", None), "for_user")
    ]


@pytest.mark.nodb
def test_every_scoped_model_says_how_it_reaches_its_center() -> None:
    missing = [m._meta.label for m in scoped_models() if not hasattr(m, "scope_center_path")]
    assert missing == []


@pytest.mark.parametrize(
    "model",
    [m for m in scoped_models() if getattr(m, "scope_center_path", None)],
    ids=lambda m: m._meta.label,
)
def test_every_center_bound_register_shows_a_city_admin_only_its_subtree(
    tree: Tree, model: type[Model]
) -> None:
    rows = {key: row_in(model, tree, key) for key in TREE}
    admin = tree.login("city_a", Role.ADMIN)
    every = model._default_manager.all()
    assert isinstance(every, ScopedQuerySet)
    seen = set(every.for_user(admin).filter(pk__in=[r.pk for r in rows.values()]))
    assert seen == {rows[k] for k in tree.below("city_a")}


def test_a_record_made_by_a_county_admin_is_its_countys(client: Client, tree: Tree) -> None:
    from servicehall.journal.models import Patrol

    client.force_login(tree.login("county_a1", Role.ADMIN))
    answer = client.post(
        "/api/patrols/",
        {"patrolled_at": "2024-01-23T09:30:00+08:00", "inspector": "县巡查员"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert Patrol.objects.get(pk=answer.json()["id"]).center == tree.centers["county_a1"]
    page = client.post(
        "/journal/patrols/add/",
        {
            "patrolled_at": "2024-01-24T09:30",
            "inspector": "县巡查员乙",
            "findings-TOTAL_FORMS": "0",
            "findings-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    assert Patrol.objects.get(inspector="县巡查员乙").center == tree.centers["county_a1"]
    # The window register's form starts at the county, and offers nothing above it.
    form = client.get("/org/windows/add/").content.decode()
    assert f'<option value="{tree.centers["county_a1"].pk}" selected>' in form
    assert f'<option value="{tree.centers["city_a"].pk}"' not in form

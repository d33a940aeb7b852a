"""Isolation over the tree of centers (中心间隔离), generated: every list page (and its export)
and every API list route × every role at a province, a city, a county (beside a sibling) and a
township. One row is made in each of the seven centers; whoever reads must get none of those
outside their center's subtree — never a sibling's or a parent's — and a center admin every one
inside it."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from servicehall.core.roles import Role
from servicehall.core.tests.test_access_matrix import api_routes
from servicehall.core.tests.test_page_matrix import LISTS, named_pages
from servicehall.testing.tree import TREE, Tree, row_in

pytestmark = pytest.mark.django_db

# Where the readers sit: the province and all, a city and its counties, a county beside its
# sibling, a township at the bottom.
POSITIONS = ["province", "city_a", "county_a1", "county_a2", "town_a1"]
ROLES = [Role.ADMIN, Role.LEADER, Role.STAFF, Role.LIAISON]


def center_bound(model: type[Model] | None) -> bool:
    return bool(getattr(model, "scope_center_path", None))


PAGE_MODELS = [n for n in LISTS if center_bound(named_pages()[n])]
# Routes narrower than the register: one's own notices only (liaison/tests/test_reminders.py).
OWN_ROWS_ONLY = {"liaison.Notice"}
API_MODELS = sorted(label for label, (_, m) in api_routes().items() if center_bound(m))


def rows_of_every_center(model: type[Model], tree: Tree) -> dict[str, Any]:
    extra = {"status": "published"} if model.__name__ == "Issue" else {}
    return {key: row_in(model, tree, key, **extra) for key in TREE}


@pytest.mark.parametrize("name", PAGE_MODELS)
def test_no_list_page_shows_a_row_of_a_sibling_or_a_parent(
    client: Client, tree: Tree, name: str
) -> None:
    model = named_pages()[name]
    rows = rows_of_every_center(model, tree)
    for position in POSITIONS:
        inside = {rows[k].pk for k in tree.below(position)}
        outside = {r.pk for k, r in rows.items() if k not in tree.below(position)}
        for role in ROLES:
            user = tree.login(position, role)
            client.force_login(user)
            readable = model.objects.for_user(user)
            assert not readable.filter(pk__in=outside).exists(), (position, role)
            if role == Role.ADMIN:
                assert (
                    set(readable.filter(pk__in=inside | outside).values_list("pk", flat=True))
                    == inside
                )
            answer = client.get(reverse(name), {"export": "csv"})
            if answer.status_code in (403, 404):
                continue
            assert answer.status_code == 200
            lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
            assert len(lines) - 1 == readable.count(), (position, role)


@pytest.mark.parametrize("label", API_MODELS)
def test_no_api_list_route_answers_a_row_of_a_sibling_or_a_parent(
    client: Client, tree: Tree, label: str
) -> None:
    prefix, model = api_routes()[label]
    rows = rows_of_every_center(model, tree)
    for position in POSITIONS:
        inside = {rows[k].pk for k in tree.below(position)}
        outside = {r.pk for k, r in rows.items() if k not in tree.below(position)}
        for role in ROLES:
            client.force_login(tree.login(position, role))
            answer = client.get(f"/api/{prefix}/", {"limit": 1000})
            if answer.status_code in (403, 404):
                continue
            assert answer.status_code == 200
            body = answer.json()
            listed = {r.get("id") for r in body.get("results", body)}
            assert not (listed & outside), (position, role)
            for pk in outside:
                assert client.get(f"/api/{prefix}/{pk}/").status_code == 404, (position, role)
            if role == Role.ADMIN and label not in OWN_ROWS_ONLY:
                assert inside <= listed, (position, role)


def test_the_change_history_of_a_county_admin_holds_its_subtrees_changes_only(
    client: Client, tree: Tree
) -> None:
    from servicehall.core.context import acting_as
    from servicehall.testing.factories import WindowFactory

    made: dict[str, Any] = {}
    for key in ("province", "city_a", "county_a1", "county_a2", "town_a1"):
        with acting_as(tree.login(key, Role.ADMIN), source="web"):
            made[key] = WindowFactory(center=tree.centers[key], code=f"H-{key}")
    prefix, _ = api_routes()["history.ChangeRecord"]
    client.force_login(tree.login("county_a1", Role.ADMIN))
    body = client.get(f"/api/{prefix}/", {"limit": 1000}).json()
    windows = {r["object_id"] for r in body.get("results", body) if r["model_name"] == "window"}
    assert windows == {str(made["county_a1"].pk), str(made["town_a1"].pk)}
    for key in ("province", "city_a", "county_a2"):
        page = client.get(f"/history/org/window/{made[key].pk}/")
        assert page.status_code == 404, key
    assert client.get(f"/history/org/window/{made['town_a1'].pk}/").status_code == 200
    client.force_login(tree.login("province", Role.ADMIN))
    body = client.get(f"/api/{prefix}/", {"limit": 1000}).json()
    windows = {r["object_id"] for r in body.get("results", body) if r["model_name"] == "window"}
    assert windows == {str(w.pk) for w in made.values()}


def argless_pages() -> list[str]:
    from django.urls import NoReverseMatch

    names = []
    for name in sorted(named_pages()):
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        if name not in {"logout", "api-schema", "api-docs"}:
            names.append(name)
    return names


@pytest.fixture
def records_everywhere(tree: Tree) -> Tree:
    """In every center: an event, a case, a news item, a visit, an item, a window and a clerk,
    each naming its center's department."""
    from servicehall.testing import factories as f

    for key, department in tree.departments.items():
        f.CaseEventFactory(department=department)
        f.CaseFactory(department=department)
        f.NewsItemFactory(department=department, center=tree.centers[key])
        f.LeaderVisitFactory(department=department, center=tree.centers[key])
        f.HandlingItemFactory(service_item__department=department)
        f.WindowFactory(center=tree.centers[key], department=department, code=f"W-{key}")
        f.StaffFactory(center=tree.centers[key], department=department)
        f.BenefitPolicyFactory(
            department=department,
            batch__name=f"{department.name}惠企政策清单",
            batch__center=tree.centers[key],
        )
    return tree


@pytest.mark.parametrize("name", argless_pages())
def test_no_page_names_a_department_of_a_sibling_or_a_parent(
    client: Client, records_everywhere: Tree, name: str
) -> None:
    tree = records_everywhere
    outside = [d.name for k, d in tree.departments.items() if k not in tree.below("county_a1")]
    outside += [f"W-{k}" for k in tree.departments if k not in tree.below("county_a1")]
    # Nor a sibling's or a parent's center (a filter's choices: the department list's 中心).
    outside += [c.name for k, c in tree.centers.items() if k not in tree.below("county_a1")]
    for role in ROLES:
        client.force_login(tree.login("county_a1", role))
        answer = client.get(reverse(name))
        if answer.status_code != 200:
            continue
        text = answer.content.decode("utf-8", errors="replace")
        assert [n for n in outside if n in text] == [], role


EDIT_PAGES = sorted(
    name
    for name, model in named_pages().items()
    if name.endswith("_edit") and model is not None and center_bound(model)
)


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_no_edit_page_opens_a_row_of_a_sibling_or_a_parent(
    client: Client, tree: Tree, name: str
) -> None:
    model = named_pages()[name]
    rows = rows_of_every_center(model, tree)
    client.force_login(tree.login("county_a1", Role.ADMIN))
    for key, row in rows.items():
        answer = client.get(reverse(name, args=[row.pk]))
        if key in tree.below("county_a1"):
            assert answer.status_code == 200, key
        else:
            assert answer.status_code == 404, key


def test_an_api_filter_takes_no_center_outside_the_readers_subtree(
    client: Client, tree: Tree
) -> None:
    prefix, _ = api_routes()["org.Department"]
    client.force_login(tree.login("county_a1", Role.ADMIN))
    own = client.get(f"/api/{prefix}/", {"center": tree.centers["town_a1"].pk})
    assert own.status_code == 200
    assert [r["name"] for r in own.json()["results"]] == [tree.departments["town_a1"].name]
    for key in ("province", "city_a", "county_a2"):
        answer = client.get(f"/api/{prefix}/", {"center": tree.centers[key].pk})
        assert answer.status_code == 400, key


# Part 2 of issue 21: each register of a hall belongs to a center and is read within the tree.
HALL_REGISTERS = {
    "org.Department", "org.Window", "org.Staff", "org.StaffAssignment", "org.TrainingSession",
    "catalog.ServiceItem", "catalog.HandlingItem", "catalog.AuthorizationChange",
    "catalog.HandbookChange", "catalog.ItemSpecVersion",
    "cases.Case", "cases.CaseEvent", "cases.DailyCount", "cases.ImportBatch",
    "journal.ServiceEvaluation", "journal.Rectification", "journal.RectificationStep",
    "journal.Patrol", "journal.PatrolFinding", "journal.NewsItem", "journal.LeaderVisit",
    "journal.BenefitPolicyBatch", "journal.BenefitPolicy", "journal.BenefitFulfilment",
    "journal.PlatformDailyCount", "archive.PastDocument", "archive.Passage",
    "archive.StatedFact", "core.Job", "core.JobFile",
}  # fmt: skip
# What every center shares, and why (docs/decisions.md, "The tree of centers").
SHARED = {
    "journal.NewsCategory": "the sections of news: one vocabulary",
    "reports.WordingRule": "the secretariat's wording rules: one list",
    "reports.LedgerEntry": "the installation's one hash chain; read through each issue",
}


def test_every_register_of_a_hall_belongs_to_a_center_and_only_the_listed_are_shared() -> None:
    from django.apps import apps

    scoped = {
        m._meta.label: getattr(m, "scope_center_path", None)
        for m in apps.get_models()
        if hasattr(m._default_manager, "for_user")
    }
    assert [label for label in sorted(HALL_REGISTERS) if not scoped.get(label)] == []
    assert sorted(label for label, path in scoped.items() if not path) == sorted(SHARED)


def test_a_register_every_center_shares_is_kept_at_the_default_center_only(
    client: Client, tree: Tree
) -> None:
    from servicehall.core.permissions import CHANGE, can_add
    from servicehall.journal.models import NewsCategory
    from servicehall.testing.factories import NewsCategoryFactory

    category: NewsCategory = NewsCategoryFactory(name="窗口动态")
    prefix, _ = api_routes()["journal.NewsCategory"]
    for key in ("city_a", "county_a1"):
        admin = tree.login(key, Role.ADMIN)
        assert NewsCategory.objects.for_user(admin).filter(pk=category.pk).exists()  # reads
        assert not NewsCategory.objects.for_user(admin, CHANGE).exists()
        assert not can_add(admin, NewsCategory)
        client.force_login(admin)
        answer = client.patch(
            f"/api/{prefix}/{category.pk}/", {"name": "改名"}, content_type="application/json"
        )
        assert answer.status_code in (403, 404), key
        assert client.post(f"/api/{prefix}/", {"name": "新栏目"}).status_code == 403, key
    category.refresh_from_db()
    assert category.name == "窗口动态"
    province = tree.login("province", Role.ADMIN)
    assert NewsCategory.objects.for_user(province, CHANGE).filter(pk=category.pk).exists()
    assert can_add(province, NewsCategory)

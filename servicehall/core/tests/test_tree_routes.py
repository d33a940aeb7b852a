"""Isolation over the tree, generated from the URL resolver (中心隔离：逐条路由): every page and
API route × every persona of a province — its leader, a city admin, a county's admin and clerk,
the clerk of the sibling county, a township's clerk.

One row of every register is made in each of the seven centers, once for the module. A route
that takes a record is tried with each center's record: one outside the persona's subtree (a
sibling's, a parent's, a cousin's) is never read nor changed — GET, POST, PATCH and DELETE all
answer 403, 404 or 405 — and the county admin opens its own. A route that takes none (a list,
a dashboard, a figure) names no department or center outside the subtree, asked plainly or with
``?center=`` / ``?department=`` pointing outside; a JSON answer with such a parameter is refused
or the same as without it. A new route fails here until it is classified below.

Runs on SQLite and, in the PostgreSQL pass of ``make test`` (scripts/run-tests.sh), on PostgreSQL:
it is database-bound like every such test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from servicehall.core.roles import Role
from servicehall.testing.tree import TREE, Tree, build_tree, row_in

pytestmark = pytest.mark.django_db

PERSONAS = [
    ("province", Role.LEADER),
    ("city_a", Role.ADMIN),
    ("county_a1", Role.ADMIN),
    ("county_a1", Role.STAFF),
    ("county_a2", Role.STAFF),
    ("town_a1", Role.STAFF),
]
REFUSED = {403, 404, 405}


def _label(model_label: str) -> Any:
    from django.apps import apps

    return apps.get_model(model_label)


# Routes of function views that take a record: URL name → (model, the URL's arguments).
Args = Callable[[Any], list[Any]]
PK: Args = lambda row: [row.pk]  # noqa: E731
RECORD_ROUTES: dict[str, tuple[str, Args]] = {
    "core:job": ("core.Job", PK),
    "cases:desk_handbook": ("catalog.HandlingItem", PK),
    "cases:case_slip": ("cases.Case", lambda row: [row.case_no, "accept"]),
    "cases:batch_rollback": ("cases.ImportBatch", PK),
    "catalog:spec_item": ("catalog.ServiceItem", PK),
    "catalog:spec_download": ("catalog.ItemSpecVersion", PK),
    "journal:rectification_detail": ("journal.Rectification", PK),
    "journal:rectification_reassign": ("journal.Rectification", PK),
    "journal:rectification_evidence": ("journal.RectificationStep", PK),
    "history:object": ("org.Window", lambda row: ["org", "window", row.pk]),
    "reports:detail": ("reports.Issue", PK),
    "reports:paragraph": ("reports.Issue", PK),
    "reports:audit": ("reports.Issue", PK),
    "reports:review": ("reports.Issue", PK),
    "reports:erratum": ("reports.Issue", PK),
    "reports:erratum_figure": ("reports.Issue", PK),
    "reports:withdraw": ("reports.Issue", PK),
    "reports:figure_override": ("reports.Issue", PK),
    "reports:figure_acknowledge": ("reports.Issue", PK),
    "reports:redraft": ("reports.Issue", PK),
    "reports:wording_accept": ("reports.Issue", PK),
    "reports:action": ("reports.Issue", lambda row: [row.pk, "submit"]),
    "reports:download": ("reports.Issue", lambda row: [row.pk, "pdf"]),
    # The layout editor is addressed by its series (the series' current layout is edited).
    "reports:layout_edit": ("reports.ReportSeries", PK),
    "reports:submit_upward": ("reports.Issue", PK),
    "archive:facts": ("reports.Issue", PK),
    "archive:document": ("archive.PastDocument", PK),
    "archive:resolve_document": ("archive.PastDocument", lambda row: [row.pk, "accept"]),
    "workcal:local_delete": ("workcal.LocalDay", PK),
}
# Routes that take something every center shares: URL name → why.
SHARED_ROUTES = {
    "workcal:year": "the State Council's calendar, the same for every center",
    "workcal:edit": "the State Council's calendar, the same for every center",
    "api:newscategory-detail": "news categories: a vocabulary every center shares",
    "api:changerecord-detail": "the change history: test_tree_isolation.py, its own test",
}
# Routes with no record that are no page of data.
NO_DATA = {"logout", "login", "password_change", "password_change_done", "api-schema", "api-docs"}
# A record of these routes the county admin may not open even at home, and why.
NOT_OPENED_AT_HOME = {
    "cases:case_slip": "renders a PDF through LibreOffice: the scoping is its 404, tested here",
    "reports:download": "a published issue's file: the factory's issue has none",
    "reports:paragraph": "a paragraph of a published issue is not edited",
    "reports:redraft": "only a draft with pending changes has one",
    "reports:review": "a published issue's approval screen sends to the issue (302)",
    "reports:erratum_figure": "POST only",
    "reports:submit_upward": "POST only",
    "reports:figure_override": "POST only",
    "reports:figure_acknowledge": "POST only",
    "reports:wording_accept": "POST only",
    "reports:action": "POST only",
    "reports:withdraw": "POST only",
    "cases:batch_rollback": "POST only",
    "journal:rectification_reassign": "POST only",
    "archive:resolve_document": "POST only",
    "workcal:local_delete": "POST only",
    "catalog:spec_download": "the factory's version has no file",
    "journal:rectification_evidence": "the factory's step has no evidence file",
    "reports:erratum": "POST only",
    "api:notice-detail": "one's own notices only",
    "api:notice-read": "POST only",
    "api:rectification-advance": "POST only",
    "api:issue-acknowledge": "POST only",
    "api:issue-approve": "POST only",
    "api:issue-figure-override": "POST only",
    "api:issue-paragraph": "POST only",
    "api:issue-publish": "POST only",
    "api:issue-send-back": "POST only",
    "api:issue-submit": "POST only",
}


@dataclass(frozen=True)
class Route:
    name: str
    regex: str  # the route's pattern from the root, to build its address
    model: Any = None  # the record it takes, if any
    args: Args | None = None
    api: bool = False

    def url(self, args: list[Any]) -> str:
        text = self.regex
        for value in args:
            text = re.sub(r"\(\?P<\w+>[^)]*\)|<(?:\w+:)?\w+>", str(value), text, count=1)
        return "/" + text.replace("^", "").replace("$", "").replace("\\", "")


def routes() -> Iterator[Route]:
    """Every route of the resolver outside /admin/, with the record it takes."""

    def walk(patterns: list[Any], namespace: str | None, prefix: str) -> Iterator[Route]:
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace, text)
                continue
            if not isinstance(pattern, URLPattern) or "format" in text or not pattern.name:
                continue
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            api = text.startswith("api/")
            if api and not name.startswith("api:") and name not in NO_DATA:
                name = f"api:{name}"
            view = getattr(pattern.callback, "view_class", None) or getattr(
                pattern.callback, "cls", None
            )
            queryset = getattr(view, "queryset", None)
            model = queryset.model if queryset is not None else getattr(view, "model", None)
            takes = bool(re.search(r"<|\(\?P<", text))
            if takes and name in RECORD_ROUTES:
                label, args = RECORD_ROUTES[name]
                yield Route(name, text, _label(label), args, api)
            elif takes and model is not None and name not in SHARED_ROUTES:
                yield Route(name, text, model, PK, api)
            else:
                yield Route(name, text, None, None, api)

    yield from walk(get_resolver().url_patterns, None, "")


def test_every_route_is_classified() -> None:
    unknown = [
        r.name
        for r in routes()
        if r.model is None and re.search(r"<|\(\?P<", r.regex) and r.name not in SHARED_ROUTES
    ]
    assert unknown == []


@dataclass
class World:
    tree: Tree
    rows: dict[Any, dict[str, Any]]  # model → center key → its row there
    logins: dict[tuple[str, Any], Any]


def _make_world() -> World:
    from servicehall.core.context import acting_as
    from servicehall.testing import factories as f

    tree = build_tree()
    rows: dict[Any, dict[str, Any]] = {}
    with acting_as(None, source="system"):
        for route in routes():
            if route.model is None or route.model in rows:
                continue
            extra = {"status": "published"} if route.model.__name__ == "Issue" else {}
            rows[route.model] = {key: row_in(route.model, tree, key, **extra) for key in TREE}
        for key, department in tree.departments.items():
            f.CaseEventFactory(department=department)
            f.WindowFactory(center=tree.centers[key], department=department, code=f"W-{key}")
    logins = {(k, role): tree.login(k, role) for k, role in PERSONAS}
    return World(tree, rows, logins)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The province with a row of every register in every center: made once for the module,
    in a transaction each test nests in and the module's end rolls back."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _make_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _attempts(client: Any, route: Route, url: str) -> Iterator[tuple[str, int]]:
    yield "GET", client.get(url).status_code
    yield "POST", client.post(url, {}).status_code
    if route.api:
        yield "PATCH", client.patch(url, {}, content_type="application/json").status_code
        yield "DELETE", client.delete(url).status_code


RECORD_ROUTE_NAMES = sorted({r.name for r in routes() if r.model is not None})


@pytest.mark.parametrize("position, role", PERSONAS, ids=[f"{k}-{r}" for k, r in PERSONAS])
def test_no_route_reads_or_changes_a_record_outside_the_personas_subtree(
    client: Client, world: World, position: str, role: str
) -> None:
    client.force_login(world.logins[(position, role)])
    inside = world.tree.below(position)
    leaks = []
    for route in routes():
        if route.model is None or route.args is None:
            continue
        for key, row in world.rows[route.model].items():
            if key in inside:
                continue
            url = route.url(route.args(row))
            for method, status in _attempts(client, route, url):
                if status not in REFUSED:
                    leaks.append((route.name, key, method, status))
    assert leaks == [], "\n".join(map(str, leaks))


def test_the_county_admin_opens_its_own_record_on_every_route(client: Client, world: World) -> None:
    client.force_login(world.logins[("county_a1", Role.ADMIN)])
    closed = []
    for route in routes():
        if route.model is None or route.args is None or route.name in NOT_OPENED_AT_HOME:
            continue
        for key in ("county_a1", "town_a1"):
            url = route.url(route.args(world.rows[route.model][key]))
            status = client.get(url).status_code
            if status != 200:
                closed.append((route.name, key, status))
    assert closed == [], "\n".join(map(str, closed))


def _outside_words(world: World, position: str) -> list[str]:
    tree = world.tree
    outside = [k for k in tree.centers if k not in tree.below(position)]
    return [
        *(tree.departments[k].name for k in outside),
        *(tree.centers[k].name for k in outside),
        *(f"W-{k}" for k in outside),
    ]


@pytest.mark.parametrize("position, role", PERSONAS, ids=[f"{k}-{r}" for k, r in PERSONAS])
def test_no_route_without_a_record_names_a_center_outside_the_personas_subtree(
    client: Client, world: World, position: str, role: str
) -> None:
    client.force_login(world.logins[(position, role)])
    words = _outside_words(world, position)
    tree = world.tree
    aside = [k for k in tree.centers if k not in tree.below(position)]
    leaks: list[tuple[str, Any, Any]] = []
    for route in routes():
        if route.model is not None or route.name in NO_DATA or re.search(r"<|\(\?P<", route.regex):
            continue
        url = route.url([])
        plain = client.get(url)
        # The nearest outside: a sibling or the parent; then a cousin by name.
        asks: list[dict[str, Any]] = [{}]
        if aside:  # the province has nothing outside
            near, far = aside[0], aside[-1]
            asks += [
                {"center": tree.centers[near].pk, "with_children": "true"},
                {"center": tree.centers[far].name},
                {"department": tree.departments[near].pk},
            ]
        for query in asks:
            answer = client.get(url, query) if query else plain
            if answer.status_code != 200 or answer.get("Content-Disposition"):
                continue
            text = answer.content.decode("utf-8", errors="replace")
            named = [w for w in words if w in text]
            if named:
                leaks.append((route.name, query, named[:3]))
            elif (
                query
                and route.api
                and "json" in answer.get("Content-Type", "")
                and answer.json() != plain.json()
            ):
                leaks.append((route.name, query, "answers for the center asked"))
    assert leaks == [], "\n".join(map(str, leaks))


def test_the_admin_site_opens_no_record_outside_a_county_admins_subtree(
    client: Client, world: World
) -> None:
    """/admin/ too: a county admin made staff as ``adduser --role admin`` makes one."""
    from django.contrib import admin
    from django.contrib.auth.models import Permission

    from servicehall.accounts.services import ADMIN_APPS

    user = world.logins[("county_a1", Role.ADMIN)]
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    client.force_login(user)
    inside = world.tree.below("county_a1")
    leaks, opened = [], 0
    for model, by_center in world.rows.items():
        if model not in admin.site._registry:
            continue
        meta = model._meta
        for key, row in by_center.items():
            url = f"/admin/{meta.app_label}/{meta.model_name}/{row.pk}/change/"
            status = client.get(url).status_code
            if key in inside:
                opened += status == 200
            elif status == 200:
                leaks.append((meta.label, key))
    assert leaks == []
    assert opened > 20  # the county's own records open: the test reads real change pages

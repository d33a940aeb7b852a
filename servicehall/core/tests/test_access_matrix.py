"""Who may do what, proven by trying every API route × every persona × every action against
one table, the one in docs/security.md ("Access by route"). A route without a row there, or a
row whose letters a persona does not get, fails here.

Letters: R reads (the row is listed and opens), C creates (refused only for want of data: 400,
or 201), U updates (PATCH: 200), D deletes (204). For a liaison, "own" is a row of its
department and "other" one of another department; a row of no department is both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Model
from django.test import Client

from servicehall.accounts.models import User
from servicehall.org.models import Department
from servicehall.testing.factories import FACTORIES

pytestmark = pytest.mark.django_db

TABLE = Path(settings.BASE_DIR).parent / "docs" / "security.md"
# (column of the table, persona fixture, department fixture the row belongs to)
COLUMNS = [
    ("staff", "clerk", "police"),
    ("liaison, own", "police_liaison", "police"),
    ("liaison, other", "police_liaison", "water"),
    ("leader", "leader", "police"),
    ("admin", "center_admin", "police"),
]
# Rows that need more than the factory's defaults to be the row the table speaks of.
VARIANTS: dict[str, dict[str, Any]] = {
    "reports.Issue (draft)": {"status": "draft"},
    "reports.Issue (published)": {"status": "published"},
}


def api_routes() -> dict[str, tuple[str, type[Model]]]:
    """model label → (route prefix, model) of every route of /api/."""
    from servicehall.api_urls import router

    routes = {}
    for prefix, viewset, _ in router.registry:
        model: type[Model] = viewset.queryset.model  # type: ignore[attr-defined]  # every route has one
        routes[model._meta.label] = (prefix, model)
    return routes


def access_table() -> dict[str, dict[str, str]]:
    """The "Access by route" table of docs/security.md: row label → column → letters."""
    text = TABLE.read_text(encoding="utf-8")
    section = text.split("## Access by route", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    if not lines:
        return {}
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[2:]:
        cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        table[cells[0]] = dict(zip(header[2:], cells[2:], strict=True))
    return table


def row_for(model: type[Model], department: Any, **extra: Any) -> Any:
    """A saved row of ``model`` belonging to ``department`` by its ``scope_department_path``."""
    path: str | None = getattr(model, "scope_department_path", None)
    if path == "pk":
        return department
    factory = FACTORIES[model]
    field = model._meta.get_field(path.split("__")[0]) if path else None
    if path and field is not None and field.many_to_many:
        row = factory(**extra)
        getattr(row, path).set([department])
        return row
    return factory(**({path: department} if path else {}), **extra)


def letters(client: Any, prefix: str, row: Model) -> str:
    """What this client gets on ``row`` through /api/PREFIX/, as letters."""
    found = ""
    base = f"/api/{prefix}/"
    listed = client.get(base, {"limit": 1000})
    if listed.status_code == 200 and client.get(f"{base}{row.pk}/").status_code == 200:
        body = listed.json()
        if str(row.pk) in {str(r.get("id")) for r in body.get("results", body)}:
            found += "R"
    if client.post(base, {}, content_type="application/json").status_code in (201, 400):
        found += "C"
    if client.patch(f"{base}{row.pk}/", {}, content_type="application/json").status_code == 200:
        found += "U"
    # A row with recorded facts is deleted with a reason only: one is given.
    if client.delete(f"{base}{row.pk}/?reason=access-table").status_code == 204:
        found += "D"
    return found or "—"


CASES = [
    (label, column, persona, department)
    for label in access_table()
    for column, persona, department in COLUMNS
]


@pytest.mark.parametrize(
    "label, column, persona, department", CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES]
)
def test_each_persona_gets_exactly_the_letters_of_the_table(
    client: Client,
    request: pytest.FixtureRequest,
    label: str,
    column: str,
    persona: str,
    department: str,
) -> None:
    model_label = label.split(" (")[0]
    prefix, model = api_routes()[model_label]
    row = row_for(model, request.getfixturevalue(department), **VARIANTS.get(label, {}))
    client.force_login(request.getfixturevalue(persona))
    assert letters(client, prefix, row) == access_table()[label][column]


def test_every_route_of_the_api_has_a_row_in_the_table() -> None:
    covered = {label.split(" (")[0] for label in access_table()}
    assert sorted(set(api_routes()) - covered) == []
    assert sorted(covered - set(api_routes())) == []


@pytest.mark.parametrize("label", sorted(api_routes()))
def test_anonymous_gets_401_on_every_route(client: Client, label: str, police: Department) -> None:
    prefix, model = api_routes()[label]
    row = row_for(model, police)
    base = f"/api/{prefix}/"
    answers = {
        client.get(base).status_code,
        client.get(f"{base}{row.pk}/").status_code,
        client.post(base, {}, content_type="application/json").status_code,
        client.patch(f"{base}{row.pk}/", {}, content_type="application/json").status_code,
        client.delete(f"{base}{row.pk}/").status_code,
    }
    assert answers == {401}


def test_deleting_a_row_others_still_refer_to_is_a_409_naming_them(
    client: Client, center_admin: User, police: Department
) -> None:
    row_for(api_routes()["catalog.ServiceItem"][1], police)
    client.force_login(center_admin)
    answer = client.delete(f"/api/departments/{police.pk}/")
    assert answer.status_code == 409
    assert re.search(r"进驻部门“公安厅”仍被.*事项.*引用，不能删除", answer.json()["detail"])

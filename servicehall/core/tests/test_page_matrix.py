"""Every page of the app answers each persona as the access table says (docs/security.md):
register pages are derived from the table's letters, the other pages have their own rows in
``core/tests/test_pages.py`` or a test named here. A new URL without one fails the suite."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from servicehall.core.tests.test_access_matrix import COLUMNS, access_table, row_for
from servicehall.core.tests.test_pages import PAGES
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

# Pages whose answers are asserted elsewhere: name → the test that does.
ELSEWHERE = {
    "api-schema": "reports/tests/test_draft_access.py (login needed)",
    "api-docs": "reports/tests/test_draft_access.py (login needed, no inline script)",
    "core:job": "cases/tests/test_import_page.py, reports/tests/test_views.py",
    "login": "core/tests/test_pages.py, accounts/tests/test_login_security.py",
    "logout": "core/tests/test_pages.py",
    "admin-login": "accounts/tests/test_sign_in.py (Django admin's form, one transaction)",
    "password_change": "accounts/tests/test_login_security.py",
    "password_change_done": "accounts/tests/test_login_security.py",
    "cases:event_list": "cases/tests/test_event_list_export.py",
    "history:object": "history/tests/test_history_pages.py",
    "reports:list": "reports/tests/test_draft_access.py",
    "reports:detail": "reports/tests/test_draft_access.py",
    "reports:draft": "reports/tests/test_views.py",
    "reports:paragraph": "reports/tests/test_workflow_rules.py",
    "reports:action": "reports/tests/test_workflow_rules.py",
    "reports:download": "reports/tests/test_views.py",
    "reports:layouts": "reports/tests/test_views.py",
    "reports:layout_edit": "reports/tests/test_views.py",
    "archive:upload": "reports/tests/test_views.py",
    "reports:trend": "reports/tests/test_views.py",
    "reports:audit": "reports/tests/test_audit.py",
    "reports:waiting": "reports/tests/test_review_screen.py",
    "reports:review": "reports/tests/test_review_screen.py",
    "reports:erratum": "reports/tests/test_corrections.py",
    "reports:erratum_figure": "reports/tests/test_corrections.py",
    "reports:withdraw": "reports/tests/test_corrections.py",
    "reports:figure_override": "reports/tests/test_editor_views.py",
    "reports:figure_acknowledge": "reports/tests/test_editor_views.py",
    "reports:redraft": "reports/tests/test_editor_views.py",
    "archive:search": "archive/tests/test_search.py",
    "archive:facts": "archive/tests/test_search.py (drafts 404 to whom may not read them)",
    "archive:fact_chart": "archive/tests/test_search.py",
    "archive:confirm_number": "archive/tests/test_ocr_review.py (POST, report editors only)",
    "archive:documents": "archive/tests/test_search.py (login needed)",
    "archive:document": "archive/tests/test_search.py (login needed)",
    "reports:wording_accept": "reports/tests/test_secretariat.py (the editor takes a wording fix)",
    "archive:resolve_document": "archive/tests/test_pending.py (POST, center admins only)",
    "cases:batch_rollback": "cases/tests/test_batches.py (center admins only, POST)",
    "cases:desk_items": "cases/tests/test_window_desk.py (window roles, the desk's item search)",
    "cases:desk_handbook": "cases/tests/test_desk_workbench.py (the handbook beside the desk)",
    "cases:desk_open": "cases/tests/test_desk_workbench.py (the window's open cases)",
    "network": "figures/tests/test_network.py (a center of the reader's subtree only)",
    "federation:children": "federation/tests/test_federation.py (federated children of the subtree only)",
    "cases:case_slip": "cases/tests/test_desk_workbench.py (slips as PDF/DOCX, scoping)",
    "catalog:spec_item": "catalog/tests/test_specs.py (scoped; upload by who may change the item)",
    "catalog:spec_download": "catalog/tests/test_specs.py (scoped, attachment headers)",
    "case_flow": "figures/tests/test_case_flow.py (scoped, export)",
    "journal:rectification_detail": "journal/tests/test_rectification_pages.py (scoped, step form)",
    "journal:rectification_reassign": "journal/tests/test_rectification_pages.py (admins only)",
    "journal:rectification_evidence": "journal/tests/test_rectification_pages.py (scoped)",
    "workcal:list": "workcal/tests/test_pages.py",
    "workcal:year": "workcal/tests/test_pages.py",
    "workcal:edit": "workcal/tests/test_pages.py (center admins only)",
    "workcal:estimate": "workcal/tests/test_pages.py (center admins only)",
    "workcal:local": "workcal/tests/test_local_days.py (own center's admin keeps, parent reads)",
    "workcal:local_delete": "workcal/tests/test_local_days.py (403 to the parent, 404 to a sibling)",
    "liaison:deadline": "liaison/tests/test_deadline.py (the countdown's refresh)",
    "liaison:bulk_status": "liaison/tests/test_portal.py (POST, own department's items only)",
    "liaison:remind": "liaison/tests/test_reminders.py (POST, center admins only)",
    "liaison:notices_read": "liaison/tests/test_reminders.py (POST, own notices only)",
    "indicator_cases": "figures/tests/test_indicator_dimensions.py (leaders and admins, scoped)",
    "reports:submissions": "reports/tests/test_center_reports.py (own subtree, admins and leaders)",
    "reports:submissions_remind": "reports/tests/test_center_reports.py (POST, the parent's admin)",
    "reports:submissions_rule": "reports/tests/test_center_reports.py (POST, the parent's admin)",
    "reports:submit_upward": "reports/tests/test_center_reports.py (POST, the child's own admin)",
}


def named_pages() -> dict[str, Any]:
    """URL name → its view's model (or None), for every page outside /admin/ and /api/…/."""
    found: dict[str, Any] = {}

    def walk(patterns: list[Any], namespace: str | None, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin" or (route.startswith("api/") and route != "api/"):
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if route.startswith("api/") and pattern.name not in ("api-schema", "api-docs"):
                    continue
                view = getattr(pattern.callback, "view_class", None)
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = getattr(view, "model", None)

    walk(get_resolver().url_patterns, None, "")
    return found


def register_pages() -> list[tuple[str, str]]:
    """(URL name, model label) of the add and edit pages of the table's models."""
    table = access_table()
    return [
        (name, model._meta.label)
        for name, model in sorted(named_pages().items())
        if model is not None and model._meta.label in table and name.endswith(("_add", "_edit"))
    ]


def test_every_page_has_its_expected_answers_written_down() -> None:
    derived = {name for name, _ in register_pages()}
    lists = {name for name, model in named_pages().items() if name.endswith("_list") and model}
    listed = {name for name, _, _ in PAGES}
    unknown = set(named_pages()) - derived - listed - lists - set(ELSEWHERE)
    assert sorted(unknown) == []


CASES = [
    (name, label, column, persona, department)
    for name, label in register_pages()
    for column, persona, department in COLUMNS
]


@pytest.mark.parametrize(
    "name, label, column, persona, department", CASES, ids=[f"{c[0]}|{c[2]}" for c in CASES]
)
def test_register_pages_answer_as_the_table_says(
    client: Client,
    request: pytest.FixtureRequest,
    name: str,
    label: str,
    column: str,
    persona: str,
    department: str,
) -> None:
    from django.apps import apps

    letters = access_table()[label][column]
    model = apps.get_model(label)
    client.force_login(request.getfixturevalue(persona))
    if name.endswith("_add"):
        expected = 200 if "C" in letters else 403
        assert client.get(reverse(name)).status_code == expected
        return
    row = row_for(model, request.getfixturevalue(department))
    expected = 200 if "U" in letters else 403 if "R" in letters else 404
    assert client.get(reverse(name, args=[row.pk])).status_code == expected


# Lists that show a part of their register, their scoping asserted where they are tested.
PART_LISTS = {"cases:open_list": "cases/tests/test_open_cases.py (open cases only)"}
LISTS = sorted(
    n
    for n, m in named_pages().items()
    if n.endswith("_list") and m is not None and n not in PART_LISTS
)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("persona", ["clerk", "police_liaison", "leader", "center_admin"])
def test_each_list_and_its_export_show_exactly_the_rows_the_persona_may_read(
    client: Client,
    request: pytest.FixtureRequest,
    name: str,
    persona: str,
    police: Department,
    water: Department,
) -> None:
    model = named_pages()[name]
    for department in (police, water):
        row_for(model, department)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 200
    exported = client.get(reverse(name), {"export": "csv"})
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) - 1 == model.objects.for_user(user).count()

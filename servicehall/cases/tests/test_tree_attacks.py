"""What an attacker's pass over the merged tree found, each fixed: a city admin reaches no import,
department or login of another center, and the indicators refuse the ends of the calendar."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from servicehall.accounts.services import ADMIN_APPS
from servicehall.cases.importer import import_events
from servicehall.cases.models import CaseEvent, ImportBatch
from servicehall.core.roles import Role
from servicehall.core.tabular import ImportRejected
from servicehall.testing.tree import Tree

FILE = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "P-1,PC-1,consult,2024-01-22T09:00:00,{dept},,,x\n"
)


def test_a_city_admin_cannot_take_back_the_provinces_import_batch(
    client: Client, tree: Tree, tmp_path: Path
) -> None:
    path = tmp_path / "prov.csv"
    path.write_text(FILE.format(dept=tree.departments["province"].name), encoding="utf-8")
    import_events(path, strict=False)
    batch = ImportBatch.objects.get()
    city_admin = tree.login("city_a", Role.ADMIN)
    client.force_login(city_admin)
    answer = client.post(reverse("cases:batch_rollback", args=[batch.pk]), {"reason": "越权"})
    assert answer.status_code == 404
    assert CaseEvent.objects.filter(event_id="P-1").count() == 1


def test_a_city_admins_import_names_no_department_of_a_sibling(tree: Tree, tmp_path: Path) -> None:
    # The importer's department register is Department.objects.all(): a city admin's file
    # lands rows in 乙市's department. Here through the service the job runs (imported_by).
    path = tmp_path / "cross.csv"
    path.write_text(FILE.format(dept=tree.departments["city_b"].name), encoding="utf-8")
    city_admin = tree.login("city_a", Role.ADMIN)
    with pytest.raises(ImportRejected) as refused:
        import_events(path, strict=True, imported_by=city_admin.username)
    assert refused.value.errors[0].field == "department"
    assert not CaseEvent.objects.filter(department=tree.departments["city_b"]).exists()
    # The same file from the command line (no login) may name any department.
    import_events(path, strict=True)
    assert CaseEvent.objects.filter(department=tree.departments["city_b"]).count() == 1


def test_a_city_admin_cannot_reset_the_province_leaders_password(
    client: Client, tree: Tree
) -> None:
    leader = tree.login("province", Role.LEADER)
    city_admin = tree.login("city_a", Role.ADMIN)
    city_admin.is_staff = True  # as `servicehall adduser --role admin` makes a center admin
    city_admin.save()
    city_admin.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
    )
    client.force_login(city_admin)
    url = f"/admin/accounts/user/{leader.pk}/password/"
    assert client.get(url).status_code in (403, 404)
    assert client.post(
        url, {"password1": "Pwned-2026-x", "password2": "Pwned-2026-x"}
    ).status_code in (403, 404)
    leader.refresh_from_db()
    assert not leader.check_password("Pwned-2026-x")
    listed = client.get("/admin/accounts/user/").content.decode()
    assert leader.username not in listed  # the province's logins are not the city's to list


@pytest.mark.parametrize(
    "query", ["from=0001-01-01&to=2024-01-01", "from=2024-01-01&to=9999-12-31"]
)
def test_indicators_at_the_ends_of_the_calendar_answer_400(
    client: Client, tree: Tree, query: str
) -> None:
    admin = tree.login("province", Role.ADMIN)
    client.force_login(admin)
    answer = client.get(f"/api/indicators/?{query}")
    assert answer.status_code == 400
    assert "统计期间须在" in str(answer.json()["from"])

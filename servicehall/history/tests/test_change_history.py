"""The change history is always on: every save and delete, with who and through what."""

from __future__ import annotations

import pytest
from django.db.models import Model, QuerySet

from servicehall.accounts.services import create_login
from servicehall.core.context import acting_as
from servicehall.history.models import ChangeRecord
from servicehall.journal.models import NewsCategory, NewsItem
from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db


def records_for(obj: Model) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        app_label=obj._meta.app_label, model_name=obj._meta.model_name, object_id=str(obj.pk)
    ).order_by("id")


def test_create_update_and_delete_are_recorded_with_before_and_after() -> None:
    admin = create_login("center_admin", role="admin", password="pw-1234567890")
    with acting_as(admin, source="web"):
        dept = Department.objects.create(center=Center.default(), name="水利厅", sort_order=5)
        dept.sort_order = 6
        dept.save()
        pk = dept.pk
        dept.delete()
    create, update, delete = ChangeRecord.objects.filter(
        model_name="department", object_id=str(pk)
    ).order_by("id")
    assert (create.action, update.action, delete.action) == ("create", "update", "delete")
    assert create.before is None and create.after is not None
    assert create.after["name"] == "水利厅"
    assert update.before is not None and update.after is not None
    assert (update.before["sort_order"], update.after["sort_order"]) == (5, 6)
    assert update.changed_fields() == ["sort_order"]
    assert delete.after is None and delete.before is not None
    assert delete.before["sort_order"] == 6
    assert {r.username for r in (create, update, delete)} == {"center_admin"}
    assert {r.source for r in (create, update, delete)} == {"web"}
    assert len({r.request_id for r in (create, update, delete)}) == 1


def test_saving_without_a_change_writes_no_record() -> None:
    dept = Department.objects.create(center=Center.default(), name="公安厅")
    dept.save()
    assert [r.action for r in records_for(dept)] == ["create"]


def test_changes_outside_a_request_are_attributed_to_the_system() -> None:
    category = NewsCategory.objects.create(name="政务工作动态")
    record = records_for(category).get()
    assert (record.username, record.source) == ("", "system")


def test_passwords_are_never_copied_into_the_history() -> None:
    user = create_login("clerk", role="staff", password="secret-pw-1")
    record = records_for(user).get()
    assert record.after is not None
    assert "password" not in record.after and record.after["role"] == "staff"


def test_foreign_keys_are_stored_as_ids() -> None:
    dept = Department.objects.create(center=Center.default(), name="公安厅")
    item = NewsItem.objects.create(
        category=NewsCategory.objects.create(name="动态"),
        department=dept,
        occurred_on="2024-01-22",
        text="公安厅印发通知",
    )
    after = records_for(item).get().after
    assert after is not None and after["department"] == dept.pk


def test_many_to_many_fields_are_stored_as_ids_read_without_loading_the_rows() -> None:
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from servicehall.history.signals import snapshot

    admin = create_login("center_admin", role="admin", password="pw-1234567890")
    permissions = list(admin.user_permissions.all())
    assert len(permissions) > 100  # every permission of the admin's apps
    with CaptureQueriesContext(connection) as queries:
        data = snapshot(admin)
    assert data["user_permissions"] == [p.pk for p in permissions]  # the relation's own order
    assert data["groups"] == []
    # One query per relation, reading the key alone: a center admin's ~300 permissions were
    # loaded as rows on every save of the login (each login's last_login), twice.
    permission_table = Permission._meta.db_table
    read = [q["sql"] for q in queries.captured_queries if permission_table in q["sql"]]
    assert len(read) == 1
    columns = read[0].split(" FROM ")[0]
    assert columns in (
        f'SELECT "{permission_table}"."id"',
        f'SELECT "{permission_table}"."id" AS "pk"',
    )


def test_every_model_of_the_project_has_a_history_or_says_why_not() -> None:
    from django.apps import apps

    from servicehall.history.signals import _tracked

    silent = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("servicehall.")
        and not _tracked(model)
        and not _reason(getattr(model, "history_exempt", None))
    ]
    assert silent == []


def _reason(value: object) -> bool:
    """An exemption states its reason in words (``True`` is no reason)."""
    return isinstance(value, str) and bool(value.strip())

"""Every model of the data core is in the admin, in Chinese, for the center admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db

APPS = {"org", "catalog", "cases", "journal", "accounts", "history"}


def registered_models() -> list[tuple[str, str | None]]:
    return sorted(
        (m._meta.app_label, m._meta.model_name)
        for m in admin.site._registry
        if m._meta.app_label in APPS
    )


def test_every_model_of_the_data_core_is_registered() -> None:
    from django.apps import apps

    expected = sorted(
        (m._meta.app_label, m._meta.model_name)
        for label in APPS
        for m in apps.get_app_config(label).get_models()
    )
    assert registered_models() == expected


@pytest.mark.parametrize(("app_label", "model_name"), registered_models())
def test_the_center_admin_opens_each_admin_list(
    client: Client, center_admin: User, app_label: str, model_name: str
) -> None:
    client.force_login(center_admin)
    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 200


def test_the_user_admin_shows_role_and_department(
    client: Client, center_admin: User, police_liaison: User
) -> None:
    client.force_login(center_admin)
    html = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "部门联络员" in html and "公安厅" in html
    change = client.get(reverse("admin:accounts_user_change", args=[police_liaison.pk]))
    assert "角色与部门" in change.content.decode()


def test_the_change_history_is_read_only_in_the_admin(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    assert client.get(reverse("admin:history_changerecord_add")).status_code == 403


def test_a_center_admin_cannot_raise_any_account_to_superuser(
    client: Client, center_admin: User, clerk: User
) -> None:
    from servicehall.accounts.models import User

    client.force_login(center_admin)
    for target in (center_admin, clerk):
        url = reverse("admin:accounts_user_change", args=[target.pk])
        page = client.get(url).content.decode()
        assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
        data = {
            "username": target.username,
            "role": target.role,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "08:00:00",
        }
        client.post(url, data)
        assert not User.objects.get(pk=target.pk).is_superuser


def test_a_center_admin_cannot_change_or_delete_a_superuser(
    client: Client, center_admin: User
) -> None:
    from servicehall.accounts.models import User

    root = User.objects.create_superuser("root", "root@example.org", "root-mima-2024")
    client.force_login(center_admin)
    assert (
        client.get(reverse("admin:accounts_user_change", args=[root.pk])).status_code
        in (
            302,
            403,
        )
        or 'name="username"'
        not in client.get(reverse("admin:accounts_user_change", args=[root.pk])).content.decode()
    )
    assert (
        client.post(
            reverse("admin:accounts_user_delete", args=[root.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert User.objects.filter(pk=root.pk, is_superuser=True).exists()

"""Every model of the data core is in the admin, in Chinese, for the center admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

APPS = {"org", "catalog", "cases", "journal", "accounts", "history"}


def registered_models():
    return sorted(
        (m._meta.app_label, m._meta.model_name)
        for m in admin.site._registry
        if m._meta.app_label in APPS
    )


def test_every_model_of_the_data_core_is_registered():
    from django.apps import apps

    expected = sorted(
        (m._meta.app_label, m._meta.model_name)
        for label in APPS
        for m in apps.get_app_config(label).get_models()
    )
    assert registered_models() == expected


@pytest.mark.parametrize(("app_label", "model_name"), registered_models())
def test_the_center_admin_opens_each_admin_list(client, center_admin, app_label, model_name):
    client.force_login(center_admin)
    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 200


def test_the_user_admin_shows_role_and_department(client, center_admin, police_liaison):
    client.force_login(center_admin)
    html = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "部门联络员" in html and "公安厅" in html
    change = client.get(reverse("admin:accounts_user_change", args=[police_liaison.pk]))
    assert "角色与部门" in change.content.decode()


def test_the_change_history_is_read_only_in_the_admin(client, center_admin):
    client.force_login(center_admin)
    assert client.get(reverse("admin:history_changerecord_add")).status_code == 403

"""Departments and windows: read-only lists for everybody but the center admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.org.models import Center, Department, Window

pytestmark = pytest.mark.django_db


def test_a_liaison_reads_the_department_list_without_edit_links(
    client: Client, police_liaison: User, water: Department
) -> None:
    client.force_login(police_liaison)
    response = client.get(reverse("org:department_list"))
    assert {row["object"].name for row in response.context["rows"]} == {"公安厅", "水利厅"}
    assert not any(row["edit_url"] for row in response.context["rows"])
    assert response.context["add_url"] == ""
    assert client.get(reverse("org:department_edit", args=[water.pk])).status_code == 403


def test_a_clerk_cannot_change_a_window(client: Client, clerk: User, center: Center) -> None:
    window = Window.objects.create(
        center=center,
        code="A01",
        kind=Window.Kind.COMPREHENSIVE_ACCEPT,
        opened_on=dt.date(2023, 1, 1),
    )
    client.force_login(clerk)
    assert client.get(reverse("org:window_edit", args=[window.pk])).status_code == 403
    response = client.patch(
        f"/api/windows/{window.pk}/", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_an_admin_adds_a_window_and_the_list_shows_it(
    client: Client, center_admin: User, center: Center, police: Department
) -> None:
    client.force_login(center_admin)
    data = {
        "center": center.pk,
        "code": "B02",
        "name": "出件窗口",
        "kind": "issue",
        "opened_on": "2024-01-22",
    }
    assert client.post(reverse("org:window_add"), data).status_code == 302
    html = client.get(reverse("org:window_list"), {"kind": "issue"}).content.decode()
    assert "B02" in html and "出件窗口" in html


def test_an_admin_renames_a_department(
    client: Client, center_admin: User, police: Department
) -> None:
    client.force_login(center_admin)
    data = {
        "center": police.center_id,
        "name": "四川省公安厅",
        "aliases": "公安厅",
        "sort_order": 1,
    }
    assert client.post(reverse("org:department_edit", args=[police.pk]), data).status_code == 302
    assert Department.objects.get(pk=police.pk).name == "四川省公安厅"


def test_a_window_number_in_use_cannot_be_opened_again_until_it_closes(
    client: Client, center_admin: User, center: Center
) -> None:
    Window.objects.create(
        center=center, code="A01", kind=Window.Kind.COMPREHENSIVE_ACCEPT,
        opened_on=dt.date(2023, 1, 1), closed_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    client.force_login(center_admin)
    data = {"center": center.pk, "code": "A01", "kind": "accept", "opened_on": "2023-06-01"}
    page = client.post(reverse("org:window_add"), data).content.decode()
    assert "窗口号 A01 已由“A01 无差别综合受理窗口”使用（2023-01-01 起至 2024-01-01）" in page
    assert Window.objects.filter(code="A01").count() == 1
    # From the day it closed, the number may serve a new window; the API says the same.
    assert (
        client.post(reverse("org:window_add"), {**data, "opened_on": "2024-01-01"}).status_code
        == 302
    )
    answer = client.post(
        "/api/windows/",
        {**data, "opened_on": "2024-03-01"},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "窗口号 A01 已由" in answer.content.decode()

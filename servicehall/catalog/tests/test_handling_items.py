"""Handling items show their current authorisation and handbook status; a liaison changes its
own department's, each change kept as a dated row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from servicehall import figures
from servicehall.accounts.models import User
from servicehall.catalog.models import (
    AuthorizationChange,
    HandbookChange,
    HandlingItem,
    ItemKind,
    ServiceItem,
)
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(police: Department, water: Department) -> tuple[HandlingItem, HandlingItem]:
    police_item = ServiceItem.objects.create(
        department=police, code="S-GA", name="户籍迁移", kind=ItemKind.LICENSE
    )
    water_item = ServiceItem.objects.create(
        department=water, code="S-SL", name="取水许可", kind=ItemKind.LICENSE
    )
    a = HandlingItem.objects.create(
        service_item=police_item, code="H-GA-1", name="户籍迁入", listed_on=dt.date(2020, 1, 1)
    )
    b = HandlingItem.objects.create(
        service_item=water_item, code="H-SL-1", name="取水许可新办", listed_on=dt.date(2020, 1, 1)
    )
    AuthorizationChange.objects.create(
        handling_item=a, effective_on=dt.date(2023, 1, 1), authorized=True
    )
    return a, b


def status_form(item: HandlingItem, **changes: str | int) -> dict[str, str | int]:
    data: dict[str, str | int] = {
        "service_item": item.service_item_id,
        "code": item.code,
        "name": item.name,
        "listed_on": "2020-01-01",
        "authorized": "0",
        "handbook": "0",
        "status_on": "2024-01-24",
    }
    data.update(changes)
    return data


def test_the_list_shows_and_filters_the_current_status(
    client: Client, leader: User, items: tuple[HandlingItem, HandlingItem]
) -> None:
    client.force_login(leader)
    response = client.get(reverse("catalog:handlingitem_list"), {"authorized": "true"})
    codes = [row["object"].code for row in response.context["rows"]]
    assert codes == ["H-GA-1"]
    response = client.get(reverse("catalog:handlingitem_list"), {"authorized": "false"})
    assert [row["object"].code for row in response.context["rows"]] == ["H-SL-1"]
    api = client.get("/api/handling-items/", {"authorized": "true"}).json()
    assert [(r["code"], r["authorized"]) for r in api["results"]] == [("H-GA-1", True)]


def test_a_liaison_marks_its_handbook_compiled_as_a_dated_change(
    client: Client, police_liaison: User, items: tuple[HandlingItem, HandlingItem]
) -> None:
    police_item, _ = items
    client.force_login(police_liaison)
    url = reverse("catalog:handlingitem_edit", args=[police_item.pk])
    response = client.post(url, status_form(police_item, authorized="1", handbook="1"))
    assert response.status_code == 302
    change = HandbookChange.objects.get(handling_item=police_item)
    assert (change.effective_on, change.compiled) == (dt.date(2024, 1, 24), True)
    # Authorisation did not change, so no new row for it.
    assert AuthorizationChange.objects.filter(handling_item=police_item).count() == 1
    assert figures.handbook_done(dt.date(2024, 1, 24)) == 1


def test_a_liaison_cannot_edit_another_departments_handling_item(
    client: Client, police_liaison: User, items: tuple[HandlingItem, HandlingItem]
) -> None:
    _, water_item = items
    client.force_login(police_liaison)
    url = reverse("catalog:handlingitem_edit", args=[water_item.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, status_form(water_item, handbook="1")).status_code == 404
    assert (
        client.patch(
            f"/api/handling-items/{water_item.pk}/", {"name": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert not HandbookChange.objects.exists()


def test_a_liaison_sees_only_its_departments_items(
    client: Client, water_liaison: User, items: tuple[HandlingItem, HandlingItem]
) -> None:
    client.force_login(water_liaison)
    response = client.get(reverse("catalog:handlingitem_list"))
    assert [row["object"].code for row in response.context["rows"]] == ["H-SL-1"]
    assert all(row["edit_url"] for row in response.context["rows"])


def test_the_indicator_facts_are_edited_in_the_register_with_history(
    client: Client, police_liaison: User, items: tuple[HandlingItem, HandlingItem]
) -> None:
    from servicehall.history.models import ChangeRecord

    police_item, _ = items
    client.force_login(police_liaison)
    url = reverse("catalog:handlingitem_edit", args=[police_item.pk])
    page = client.get(url).content.decode()
    for label in ("法定时限（工作日）", "即办件", "到现场次数", "网办深度", "全程网办"):
        assert label in page
    facts = {
        "statutory_days": "20",
        "time_limit_days": "5",
        "immediate": "on",
        "visits": "0",
        "online_depth": "4",
        "fully_online": "on",
    }
    assert client.post(url, status_form(police_item, authorized="1", **facts)).status_code == 302
    police_item.refresh_from_db()
    assert (
        police_item.statutory_days,
        police_item.time_limit_days,
        police_item.immediate,
        police_item.visits,
        police_item.online_depth,
        police_item.fully_online,
    ) == (20, 5, True, 0, 4, True)
    change = ChangeRecord.objects.filter(
        model_name="handlingitem", object_id=str(police_item.pk), action="update"
    ).get()
    assert change.before is not None and change.after is not None
    assert change.before["statutory_days"] is None and change.after["statutory_days"] == 20
    assert change.after["visits"] == 0 and change.after["fully_online"] is True
    refused = client.post(url, status_form(police_item, visits="3", online_depth="5"))
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"visits", "online_depth"}

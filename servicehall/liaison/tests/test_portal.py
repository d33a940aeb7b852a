"""The liaison's portal: its department's items with their status and the week's submissions,
scoped to the department, and status changes of many items recorded all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.catalog.models import AuthorizationChange, HandbookChange, HandlingItem
from servicehall.history.models import ChangeRecord
from servicehall.liaison import services
from servicehall.org.models import Department
from servicehall.testing.factories import (
    AuthorizationChangeFactory,
    BenefitFulfilmentFactory,
    HandlingItemFactory,
    LeaderVisitFactory,
    NewsItemFactory,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

WEEK = "2024-01-22"


@pytest.fixture
def items(police: Department, water: Department) -> tuple[HandlingItem, HandlingItem, HandlingItem]:
    """Two 公安厅 items (the first authorised since 2024-01-22) and one of 水利厅."""
    first = HandlingItemFactory(
        code="GA-1", name="户籍迁移", service_item__department=police, listed_on=dt.date(2023, 1, 1)
    )
    second = HandlingItemFactory(
        code="GA-2",
        name="身份证换领",
        service_item__department=police,
        listed_on=dt.date(2023, 1, 1),
    )
    other = HandlingItemFactory(
        code="SL-1", name="取水许可", service_item__department=water, listed_on=dt.date(2023, 1, 1)
    )
    AuthorizationChangeFactory(handling_item=first, effective_on=dt.date(2024, 1, 22))
    return first, second, other


def _rows(response: TestResponse) -> dict[str, tuple[bool, bool]]:
    return {r["item"].code: (r["authorized"], r["handbook"]) for r in response.context["items"]}


def test_a_liaison_sees_its_departments_items_with_their_status_and_the_weeks_counts(
    client: Client,
    police_liaison: User,
    police: Department,
    water: Department,
    items: tuple[HandlingItem, HandlingItem, HandlingItem],
) -> None:
    NewsItemFactory(department=police, occurred_on=dt.date(2024, 1, 23))
    NewsItemFactory(department=police, occurred_on=dt.date(2024, 1, 26))
    NewsItemFactory(department=police, occurred_on=dt.date(2024, 1, 29))  # the next week
    NewsItemFactory(department=water, occurred_on=dt.date(2024, 1, 23))
    LeaderVisitFactory(department=police, visited_on=dt.date(2024, 1, 25))
    BenefitFulfilmentFactory(policy__department=police, as_of=dt.date(2024, 1, 19))  # before
    client.force_login(police_liaison)
    response = client.get(reverse("liaison:portal"), {"week": WEEK})
    assert response.status_code == 200
    assert _rows(response) == {"GA-1": (True, False), "GA-2": (False, False)}
    assert {k["key"]: k["count"] for k in response.context["kinds"]} == {
        "news": 2,
        "visits": 1,
        "policies": 0,
    }
    news = next(k for k in response.context["kinds"] if k["key"] == "news")
    assert news["add_url"] == f"/journal/news/add/?department={police.pk}&occurred_on=2024-01-22"
    html = response.content.decode()
    assert "取水许可" not in html and "户籍迁移" in html


def test_the_add_link_opens_the_form_with_the_department_and_day_filled_in(
    client: Client, police_liaison: User, police: Department
) -> None:
    client.force_login(police_liaison)
    query: dict[str, str | int] = {"department": police.pk, "occurred_on": "2024-01-22"}
    form = client.get("/journal/news/add/", query).context["form"]
    assert form.initial["department"] == str(police.pk)
    assert form.initial["occurred_on"] == "2024-01-22"


def test_a_liaison_cannot_open_another_departments_portal(
    client: Client, police_liaison: User, water: Department
) -> None:
    client.force_login(police_liaison)
    assert client.get(reverse("liaison:portal"), {"department": water.pk}).status_code == 404


def test_a_center_admin_opens_any_department_by_the_selector(
    client: Client,
    center_admin: User,
    water: Department,
    items: tuple[HandlingItem, HandlingItem, HandlingItem],
) -> None:
    client.force_login(center_admin)
    response = client.get(reverse("liaison:portal"), {"week": WEEK})
    assert response.status_code == 200 and "items" not in response.context
    assert "请选择部门" in response.content.decode()
    query: dict[str, str | int] = {"week": WEEK, "department": water.pk}
    response = client.get(reverse("liaison:portal"), query)
    assert _rows(response) == {"SL-1": (False, False)}


def test_window_staff_and_leaders_have_no_portal(client: Client, clerk: User, leader: User) -> None:
    for user in (clerk, leader):
        client.force_login(user)
        assert client.get(reverse("liaison:portal")).status_code == 403


def _post(
    client: Client, items: Sequence[HandlingItem], follow: bool = False, **extra: str | int
) -> TestResponse:
    data: dict[str, str | int | list[int]] = {
        "week": WEEK,
        "kind": "handbook",
        "value": "1",
        "day": "2024-01-24",
        "note": "批量编制",
        "items": [i.pk for i in items],
        **extra,
    }
    return client.post(reverse("liaison:bulk_status"), data, follow=follow)


def test_a_bulk_handbook_change_is_recorded_for_every_chosen_item_with_its_history(
    client: Client, police_liaison: User, items: tuple[HandlingItem, HandlingItem, HandlingItem]
) -> None:
    first, second, _ = items
    client.force_login(police_liaison)
    history_before = ChangeRecord.objects.filter(model_name="handbookchange").count()
    response = _post(client, [first, second])
    assert response.status_code == 302
    rows = HandbookChange.objects.order_by("handling_item__code")
    assert [(r.handling_item.code, r.effective_on, r.compiled, r.note) for r in rows] == [
        ("GA-1", dt.date(2024, 1, 24), True, "批量编制"),
        ("GA-2", dt.date(2024, 1, 24), True, "批量编制"),
    ]
    assert ChangeRecord.objects.filter(model_name="handbookchange").count() == history_before + 2
    record = ChangeRecord.objects.filter(model_name="handbookchange").first()
    assert record is not None and record.username == "gat"
    # The portal reads the new status back through the catalog's own query.
    assert police_liaison.department is not None
    status = {
        # department_items is typed QuerySet[HandlingItem]: its with_status annotation
        # (current_handbook) is not in that type.
        i.code: i.current_handbook  # type: ignore[attr-defined]
        for i in services.department_items(police_liaison.department, dt.date(2024, 1, 24))
    }
    assert status == {"GA-1": True, "GA-2": True}


def test_revoking_authorisation_of_several_items_writes_only_what_changes(
    client: Client, police_liaison: User, items: tuple[HandlingItem, HandlingItem, HandlingItem]
) -> None:
    first, second, _ = items
    client.force_login(police_liaison)
    _post(client, [first, second], kind="authorization", value="0", day="2024-01-25")
    # GA-2 was never authorised: nothing to revoke, so only GA-1 gets a row.
    assert list(
        AuthorizationChange.objects.filter(authorized=False).values_list(
            "handling_item__code", "effective_on"
        )
    ) == [("GA-1", dt.date(2024, 1, 25))]


def test_an_item_of_another_department_refuses_the_whole_batch(
    client: Client, police_liaison: User, items: tuple[HandlingItem, HandlingItem, HandlingItem]
) -> None:
    first, second, other = items
    client.force_login(police_liaison)
    response = _post(client, [first, second, other])
    assert response.status_code == 403
    assert HandbookChange.objects.count() == 0


def test_an_item_not_listed_on_the_day_refuses_the_whole_batch_naming_it(
    client: Client,
    police_liaison: User,
    police: Department,
    items: tuple[HandlingItem, HandlingItem, HandlingItem],
) -> None:
    first, second, _ = items
    late = HandlingItemFactory(
        code="GA-3",
        name="居住证签注",
        service_item__department=police,
        listed_on=dt.date(2024, 2, 1),
    )
    client.force_login(police_liaison)
    response = _post(client, [first, second, late], follow=True)
    assert HandbookChange.objects.count() == 0
    texts = [str(m) for m in response.context["messages"]]
    assert texts == ["居住证签注（GA-3）在2024年1月24日未纳入大厅事项（纳入 2024-02-01）"]


def test_a_bulk_change_with_no_item_or_no_date_is_refused_with_a_message(
    client: Client, police_liaison: User, items: tuple[HandlingItem, HandlingItem, HandlingItem]
) -> None:
    client.force_login(police_liaison)
    response = _post(client, [], follow=True)
    assert [str(m) for m in response.context["messages"]] == ["请至少选择一个办理项"]
    response = _post(client, items[:1], day="", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "生效日期：请填写日期，格式 YYYY-MM-DD（如 2024-01-26）"
    ]
    assert HandbookChange.objects.count() == 0


def test_a_center_admin_records_for_the_chosen_department(
    client: Client,
    center_admin: User,
    water: Department,
    items: tuple[HandlingItem, HandlingItem, HandlingItem],
) -> None:
    client.force_login(center_admin)
    assert _post(client, [items[2]], department=water.pk).status_code == 302
    assert list(HandbookChange.objects.values_list("handling_item__code", flat=True)) == ["SL-1"]


def test_an_item_of_another_department_than_the_chosen_one_refuses_the_batch(
    client: Client,
    center_admin: User,
    water: Department,
    items: tuple[HandlingItem, HandlingItem, HandlingItem],
) -> None:
    first, _, other = items
    client.force_login(center_admin)
    response = _post(client, [first, other], department=water.pk, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "不是水利厅的办理项：户籍迁移（GA-1）"
    ]
    assert HandbookChange.objects.count() == 0

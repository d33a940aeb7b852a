"""The entry rules of a 受理 (cases.entry), each through every way in: the window desk, the API,
the Django admin and the events import (strict: row errors naming row and column, nothing
written; lenient: a named warning).

- a 受理 names its 办理项 (and so its department);
- the desk, the API and the admin ask an applicant;
- at a department's window an item of another department is refused, or taken as 代收 with its
  reason when the center says so (``Center.cross_department``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.cases.importer import import_events
from servicehall.cases.models import Case, CaseEvent
from servicehall.catalog.models import HandlingItem
from servicehall.core.tabular import ImportRejected
from servicehall.org.models import Center, Department, Window
from servicehall.testing.factories import HandlingItemFactory

pytestmark = pytest.mark.django_db

HEADER = "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
DAY = "2024-01-22"


@pytest.fixture
def permit(police: Department) -> HandlingItem:
    return HandlingItemFactory(code="H-GA-1", name="首次申领", service_item__department=police)


@pytest.fixture
def windows(center: Center, water: Department) -> dict[str, Window]:
    return {
        "A01": Window.objects.create(
            center=center, code="A01", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
        ),
        # 水利厅's own window.
        "B05": Window.objects.create(
            center=center,
            code="B05",
            kind=Window.Kind.DEPARTMENT,
            department=water,
            opened_on="2020-01-01",
        ),
    }


def _proxy(center: Center) -> None:
    center.cross_department = Center.CrossDepartment.PROXY
    center.save()


# ---- one acceptance through each way in: (accepted case or None, the words it was refused in)


def through_desk(
    client: Client,
    clerk: User,
    *,
    item: HandlingItem | None = None,
    applicant: str = "",
    window: str = "",
    reason: str = "",
    department: Department | None = None,
) -> tuple[Case | None, str]:
    client.force_login(clerk)
    body: dict[str, str | int] = {
        "kind": "accept",
        "case_no": "R-1",
        "applicant": applicant,
        "window_code": window,
    }
    body |= {"proxy_reason": reason}
    if item is not None:
        body["handling_item"] = item.pk
    if department is not None:
        body["department"] = department.pk
    response = client.post(reverse("cases:desk"), body)
    said = "" if response.status_code == 302 else response.content.decode()
    return Case.objects.filter(case_no="R-1").first(), said


def through_api(
    client: Client,
    clerk: User,
    *,
    item: HandlingItem | None = None,
    applicant: str = "",
    window: str = "",
    reason: str = "",
    department: Department | None = None,
) -> tuple[Case | None, str]:
    client.force_login(clerk)
    body: dict[str, str | int | None] = {
        "kind": "accept",
        "case_no": "R-1",
        "applicant": applicant,
        "window_code": window,
    }
    body |= {"proxy_reason": reason, "handling_item": item.pk if item else None}
    body["department"] = department.pk if department else None
    response = client.post("/api/case-events/", body, content_type="application/json")
    said = "" if response.status_code == 201 else response.content.decode()
    assert response.status_code in (201, 400), response.content
    return Case.objects.filter(case_no="R-1").first(), said


def through_admin(
    client: Client,
    admin: User,
    *,
    item: HandlingItem | None = None,
    applicant: str = "",
    window: str = "",
    reason: str = "",
    department: Department | None = None,
) -> tuple[Case | None, str]:
    client.force_login(admin)
    body = {
        "case_no": "R-1",
        "applicant": applicant,
        "accepted_window": window,
        "proxy_reason": reason,
        "handling_item": item.pk if item else "",
        "department": department.pk if department else "",
        "accepted_at_0": DAY,
        "accepted_at_1": "09:30:00",
    }
    response = client.post("/admin/cases/case/add/", body)
    said = "" if response.status_code == 302 else response.content.decode()
    return Case.objects.filter(case_no="R-1").first(), said


WAYS = {"desk": through_desk, "api": through_api, "admin": through_admin}


def _user(way: str, clerk: User, center_admin: User) -> User:
    return center_admin if way == "admin" else clerk


@pytest.mark.parametrize("way", WAYS)
def test_an_acceptance_without_its_item_is_refused(
    way: str, client: Client, clerk: User, center_admin: User, police: Department
) -> None:
    case, said = WAYS[way](client, _user(way, clerk, center_admin), applicant="张三")
    assert case is None and "受理须选定办理项（办理部门随办理项确定）" in said


@pytest.mark.parametrize("way", WAYS)
def test_an_acceptance_without_its_applicant_is_refused(
    way: str, client: Client, clerk: User, center_admin: User, permit: HandlingItem
) -> None:
    case, said = WAYS[way](client, _user(way, clerk, center_admin), item=permit)
    assert case is None and "受理须填写申请人" in said


@pytest.mark.parametrize("way", WAYS)
def test_an_item_of_another_department_than_the_one_named_is_refused(
    way: str,
    client: Client,
    clerk: User,
    center_admin: User,
    permit: HandlingItem,
    water: Department,
) -> None:
    case, said = WAYS[way](
        client, _user(way, clerk, center_admin), item=permit, applicant="张三", department=water
    )
    assert case is None and "办理项“首次申领”属于公安厅，不是水利厅的办理项" in said


@pytest.mark.parametrize("way", WAYS)
def test_a_department_window_refuses_another_departments_item_by_default(
    way: str,
    client: Client,
    clerk: User,
    center_admin: User,
    permit: HandlingItem,
    windows: dict[str, Window],
) -> None:
    user = _user(way, clerk, center_admin)
    case, said = WAYS[way](client, user, item=permit, applicant="张三", window="B05")
    assert case is None
    assert "窗口 B05 是水利厅的部门窗口，不能受理公安厅的办理项" in said
    # A comprehensive window takes every department's items, and no 代收 is recorded there.
    case, said = WAYS[way](client, user, item=permit, applicant="张三", window="A01", reason="x")
    assert said == "" and case is not None and case.department is not None
    assert (case.department.name, case.proxy_reason) == ("公安厅", "")


@pytest.mark.parametrize("way", WAYS)
def test_a_center_that_takes_others_items_as_proxy_asks_and_records_the_reason(
    way: str,
    client: Client,
    clerk: User,
    center_admin: User,
    center: Center,
    permit: HandlingItem,
    windows: dict[str, Window],
) -> None:
    _proxy(center)
    user = _user(way, clerk, center_admin)
    case, said = WAYS[way](client, user, item=permit, applicant="张三", window="B05")
    assert case is None
    assert "窗口 B05 是水利厅的部门窗口，代收公安厅的办理项须填写代收原因" in said
    case, said = WAYS[way](
        client, user, item=permit, applicant="张三", window="B05", reason="申请人行动不便，就近代收"
    )
    assert said == "" and case is not None and case.department is not None
    assert (case.department.name, case.accepted_window or "B05", case.proxy_reason) == (
        "公安厅",
        "B05",
        "申请人行动不便，就近代收",
    )


def test_the_desk_says_each_reason_beside_its_field_and_names_the_proxy(
    client: Client, clerk: User, center: Center, permit: HandlingItem, windows: dict[str, Window]
) -> None:
    _proxy(center)
    client.force_login(clerk)
    page = client.post(reverse("cases:desk"), {"kind": "accept", "window_code": "B05"})
    form = page.context["form"]
    assert form.errors["handling_item"] == ["受理须选定办理项（办理部门随办理项确定）"]
    assert form.errors["applicant"] == ["受理须填写申请人"]
    done = client.post(
        reverse("cases:desk"),
        {
            "kind": "accept",
            "case_no": "R-2",
            "handling_item": permit.pk,
            "applicant": "张三",
            "window_code": "B05",
            "proxy_reason": "就近代收",
        },
        follow=True,
    ).content.decode()
    assert "已登记受理：办件 R-2" in done and "（代收，原因：就近代收）" in done
    department = CaseEvent.objects.get(case_no="R-2").department
    assert department is not None and department.name == "公安厅"


def test_the_api_names_the_field_of_each_reason(
    client: Client, clerk: User, permit: HandlingItem, windows: dict[str, Window]
) -> None:
    client.force_login(clerk)
    response = client.post(
        "/api/case-events/",
        {"kind": "accept", "handling_item": permit.pk, "window_code": "B05"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "applicant": ["受理须填写申请人"],
        "window_code": [
            "窗口 B05 是水利厅的部门窗口，不能受理公安厅的办理项（本中心部门窗口不代收其他部门事项）"
        ],
    }


# ---- the events import -------------------------------------------------------------------


def _file(tmp_path: Path, *rows: str, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


GOOD = f"E1,C1,受理,{DAY}T09:00:00,公安厅,H-GA-1,A01,张三"


def test_an_import_refuses_an_acceptance_without_its_item_naming_row_and_column(
    tmp_path: Path, permit: HandlingItem, windows: dict[str, Window]
) -> None:
    path = _file(tmp_path, GOOD, f"E2,C2,受理,{DAY}T09:10:00,公安厅,,A01,张三")
    with pytest.raises(ImportRejected) as refused:
        import_events(path, strict=True)
    assert [(e.row, e.field, e.message) for e in refused.value.errors] == [
        (3, "item_code", "办件 C2：受理须选定办理项（办理部门随办理项确定）")
    ]
    assert not Case.objects.exists() and not CaseEvent.objects.exists()  # all or nothing


def test_an_import_refuses_another_departments_item_at_a_department_window(
    tmp_path: Path, permit: HandlingItem, windows: dict[str, Window]
) -> None:
    path = _file(
        tmp_path,
        GOOD,
        f"E2,C2,受理,{DAY}T09:10:00,公安厅,H-GA-1,B05,张三",
        f"E3,C2,办结,{DAY}T10:10:00,公安厅,H-GA-1,B05,张三",
    )
    with pytest.raises(ImportRejected) as refused:
        import_events(path, strict=True)
    assert [(e.row, e.field, e.message) for e in refused.value.errors] == [
        (
            3,
            "window",
            "窗口 B05 是水利厅的部门窗口，不能受理公安厅的办理项（本中心部门窗口不代收其他部门事项）",
        )
    ]
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


def test_an_import_names_an_item_of_another_department_than_its_row(
    tmp_path: Path, permit: HandlingItem, water: Department
) -> None:
    path = _file(tmp_path, f"E1,C1,受理,{DAY}T09:00:00,水利厅,H-GA-1,,张三")
    with pytest.raises(ImportRejected) as refused:
        import_events(path, strict=True)
    assert [(e.row, e.field, e.message) for e in refused.value.errors] == [
        (2, "item_code", "办理项“H-GA-1”属于公安厅，不是水利厅的办理项")
    ]


def test_an_import_at_a_proxy_center_records_the_file_as_the_proxys_record(
    tmp_path: Path, center: Center, permit: HandlingItem, windows: dict[str, Window]
) -> None:
    _proxy(center)
    path = _file(tmp_path, GOOD, f"E2,C2,受理,{DAY}T09:10:00,公安厅,H-GA-1,B05,张三")
    result = import_events(path, strict=True, name="一月代收.csv")
    assert result.created == 2
    assert dict(Case.objects.values_list("case_no", "proxy_reason")) == {
        "C1": "",
        "C2": "事件文件“一月代收.csv”导入的代收，文件未载明原因",
    }


def test_a_lenient_import_keeps_the_rows_and_names_each_broken_rule(
    tmp_path: Path, permit: HandlingItem, windows: dict[str, Window]
) -> None:
    path = _file(
        tmp_path,
        GOOD,
        f"E2,C2,受理,{DAY}T09:10:00,公安厅,,A01,张三",
        f"E3,C3,受理,{DAY}T09:20:00,公安厅,H-GA-1,B05,张三",
    )
    result = import_events(path, strict=False)
    assert result.created == 3
    assert result.warnings == [
        "未填办理项的受理（1 行，已按原文保存）：C2",
        "部门窗口受理其他部门的办理项（1 行，已按原文保存）：B05",
    ]


def test_a_case_changed_in_the_admin_is_not_asked_again_for_what_an_import_left_out(
    client: Client, center_admin: User, police: Department
) -> None:
    case = Case.objects.create(case_no="OLD-1", department=police)
    client.force_login(center_admin)
    response = client.post(
        f"/admin/cases/case/{case.pk}/change/",
        {
            "case_no": "OLD-1",
            "department": police.pk,
            "promised_by": "2024-02-01",
            "accepted_window": "",
            "proxy_reason": "",
            "applicant": "",
            "handling_item": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.promised_by == dt.date(2024, 2, 1)


def test_the_admin_reads_a_window_number_in_the_items_own_center(
    client: Client,
    center_admin: User,
    center: Center,
    water: Department,
    windows: dict[str, Window],
) -> None:
    """Every county numbers its windows from A01 too: the admin, as the desk and the API do,
    looks the number up in the center of the item's department. It took the first window of
    that number anywhere — here the province's 水利厅 window B05 — and refused the county's
    own comprehensive B05."""
    county = Center.objects.create(name="测试县政务服务中心", short_name="测试县", parent=center)
    Window.objects.create(
        center=county, code="B05", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
    )
    police_of_county = county.departments.create(name="县公安局", stationed_on=dt.date(2020, 1, 1))
    item = HandlingItemFactory(
        code="H-XGA-1", name="户口迁移", service_item__department=police_of_county
    )
    case, said = through_admin(client, center_admin, item=item, applicant="张三", window="B05")
    assert case is not None
    assert said == ""
    assert (case.department, case.accepted_window, case.proxy_reason) == (
        police_of_county,
        "B05",
        "",
    )

"""The staff register (工作人员) on the web: who sees whom, dated window assignments, and their
change history in Chinese."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.history.models import ChangeRecord
from servicehall.org.models import Center, Department, Staff, StaffAssignment, Window

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def a01(center: Center) -> Window:
    return Window.objects.create(
        center=center,
        code="A01",
        kind=Window.Kind.COMPREHENSIVE_ACCEPT,
        opened_on=dt.date(2020, 1, 1),
    )


@pytest.fixture
def b02(center: Center, police: Department) -> Window:
    return Window.objects.create(
        center=center,
        code="B02",
        kind=Window.Kind.DEPARTMENT,
        department=police,
        opened_on=dt.date(2020, 1, 1),
    )


@pytest.fixture
def people(
    center: Center, police: Department, water: Department, a01: Window, b02: Window
) -> tuple[Staff, Staff, Staff]:
    """张三 at A01 (综窗) since 2023, 李四 of 公安厅 moved from A01 to B02, 王五 of 水利厅 gone."""
    zhang = Staff.objects.create(center=center, name="张三", staff_no="Z001")
    li = Staff.objects.create(center=center, name="李四", staff_no="G001", department=police)
    wang = Staff.objects.create(
        center=center,
        name="王五",
        staff_no="S001",
        department=water,
        joined_on=dt.date(2022, 1, 1),
        left_on=dt.date(2023, 6, 1),
    )
    StaffAssignment.objects.create(staff=zhang, window=a01, started_on=dt.date(2023, 1, 1))
    StaffAssignment.objects.create(
        staff=li, window=a01, started_on=dt.date(2022, 1, 1), ended_on=dt.date(2024, 1, 1)
    )
    StaffAssignment.objects.create(staff=li, window=b02, started_on=dt.date(2024, 1, 1))
    return zhang, li, wang


def names(response: TestResponse) -> list[str]:
    return [row["object"].name for row in response.context["rows"]]


def formset_data(
    prefix: str, rows: list[dict[str, str | int]], initial: int = 0
) -> dict[str, str | int]:
    data: dict[str, str | int] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def test_the_list_shows_each_persons_current_window_and_filters_by_window_and_status(
    client: Client,
    center_admin: User,
    people: tuple[Staff, Staff, Staff],
    a01: Window,
    b02: Window,
    police: Department,
) -> None:
    client.force_login(center_admin)
    response = client.get(reverse("org:staff_list"))
    assert response.status_code == 200
    cells = {row["object"].name: row["cells"] for row in response.context["rows"]}
    # 工号, 姓名, 所属部门, 现任窗口, 入岗, 离岗, 状态
    assert cells["张三"][2:4] == ["综合窗口", "A01 无差别综合受理窗口"]
    assert cells["李四"][2:4] == [police, "B02 部门窗口"]  # moved from A01 on 2024-01-01
    assert cells["王五"][3] == "未分配" and cells["王五"][6] == "离岗"
    assert names(client.get(reverse("org:staff_list"), {"window": a01.pk})) == ["张三"]
    assert names(client.get(reverse("org:staff_list"), {"window": b02.pk})) == ["李四"]
    assert names(client.get(reverse("org:staff_list"), {"active": "false"})) == ["王五"]
    assert names(client.get(reverse("org:staff_list"), {"active": "true"})) == ["李四", "张三"]
    assert names(client.get(reverse("org:staff_list"), {"department": police.pk})) == ["李四"]
    html = response.content.decode()
    assert "现任窗口" in html and "在岗" in html and "新增工作人员" in html
    # The yes/no filter offers 全部 / 在岗 / 离岗, not Django's 未知 / 是 / 否.
    assert '<option value="true">在岗</option>' in html and "未知" not in html


def test_a_liaison_sees_only_its_departments_staff_and_changes_none(
    client: Client, police_liaison: User, people: tuple[Staff, Staff, Staff]
) -> None:
    zhang, li, wang = people
    client.force_login(police_liaison)
    response = client.get(reverse("org:staff_list"))
    assert names(response) == ["李四"]
    assert response.context["add_url"] == "" and not response.context["rows"][0]["edit_url"]
    assert client.get(reverse("org:staff_add")).status_code == 403
    assert client.get(reverse("org:staff_edit", args=[li.pk])).status_code == 403
    assert client.get(reverse("org:staff_edit", args=[wang.pk])).status_code == 404
    assert client.get(reverse("org:staff_edit", args=[zhang.pk])).status_code == 404


def test_clerk_and_leader_read_every_person_and_change_none(
    client: Client, clerk: User, leader: User, people: tuple[Staff, Staff, Staff]
) -> None:
    zhang, _, _ = people
    for user in (clerk, leader):
        client.force_login(user)
        assert names(client.get(reverse("org:staff_list"))) == ["李四", "王五", "张三"]
        assert client.get(reverse("org:staff_edit", args=[zhang.pk])).status_code == 403


def test_an_admin_adds_a_person_with_a_window_and_later_moves_them(
    client: Client, center_admin: User, a01: Window, b02: Window, center: Center
) -> None:
    client.force_login(center_admin)
    data = {
        "center": center.pk,
        "name": "赵六",
        "staff_no": "Z009",
        "joined_on": "2024-03-01",
        **formset_data("assignments", [{"window": a01.pk, "started_on": "2024-03-01"}]),
    }
    response = client.post(reverse("org:staff_add"), data)
    assert response.status_code == 302, response.context["formset"].errors
    zhao = Staff.objects.get(staff_no="Z009")
    first = zhao.assignments.get()
    assert (first.window, first.started_on, first.ended_on) == (a01, dt.date(2024, 3, 1), None)

    # The move: the A01 stint ends on 2024-05-06, B02 starts that day; A01 stays in the record.
    data = {
        "center": center.pk,
        "name": "赵六",
        "staff_no": "Z009",
        "joined_on": "2024-03-01",
        **formset_data(
            "assignments",
            [
                {
                    "id": first.pk,
                    "window": a01.pk,
                    "started_on": "2024-03-01",
                    "ended_on": "2024-05-06",
                },
                {"window": b02.pk, "started_on": "2024-05-06"},
            ],
            initial=1,
        ),
    }
    response = client.post(reverse("org:staff_edit", args=[zhao.pk]), data)
    assert response.status_code == 302
    assert [
        (a.window.code, a.started_on, a.ended_on) for a in zhao.assignments.order_by("started_on")
    ] == [
        ("A01", dt.date(2024, 3, 1), dt.date(2024, 5, 6)),
        ("B02", dt.date(2024, 5, 6), None),
    ]
    assert zhao.window_on(dt.date(2024, 5, 5)) == a01
    assert zhao.window_on(dt.date(2024, 5, 6)) == b02


def test_two_windows_at_once_are_refused_naming_both(
    client: Client, center_admin: User, a01: Window, b02: Window, center: Center
) -> None:
    client.force_login(center_admin)
    data = {
        "center": center.pk,
        "name": "赵六",
        "staff_no": "Z009",
        **formset_data(
            "assignments",
            [
                {"window": a01.pk, "started_on": "2024-03-01"},
                {"window": b02.pk, "started_on": "2024-05-06"},
            ],
        ),
    }
    response = client.post(reverse("org:staff_add"), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "同一时间只能在一个窗口：2024-05-06 起的窗口 B02 与 2024-03-01 起至今的窗口 A01 重叠，"
        "请先填写前一段的调离日期"
    ]
    assert not Staff.objects.filter(staff_no="Z009").exists()


def test_a_stint_at_a_closed_window_or_past_leaving_is_refused(
    client: Client,
    center_admin: User,
    people: tuple[Staff, Staff, Staff],
    a01: Window,
    center: Center,
) -> None:
    _, _, wang = people
    a01.closed_on = dt.date(2024, 6, 1)
    a01.save()
    client.force_login(center_admin)
    data = {
        "center": center.pk,
        "name": "王五",
        "staff_no": "S001",
        "joined_on": "2022-01-01",
        "left_on": "2023-06-01",
        **formset_data("assignments", [{"window": a01.pk, "started_on": "2022-02-01"}]),
    }
    response = client.post(reverse("org:staff_edit", args=[wang.pk]), data)
    assert response.status_code == 200
    errors = response.context["formset"].errors[0]
    assert errors["ended_on"] == ["窗口 A01 已于 2024-06-01 撤销，调离日期不得晚于此日"]
    data["assignments-0-ended_on"] = "2023-09-01"
    response = client.post(reverse("org:staff_edit", args=[wang.pk]), data)
    assert response.context["formset"].non_form_errors() == [
        "已于 2023-06-01 离岗：窗口 A01 的调离日期应不晚于此日"
    ]
    assert not wang.assignments.exists()


def test_the_change_history_of_a_person_and_a_move_reads_in_chinese(
    client: Client,
    center_admin: User,
    people: tuple[Staff, Staff, Staff],
    b02: Window,
    center: Center,
) -> None:
    zhang, _, _ = people
    client.force_login(center_admin)
    stint = zhang.assignments.get()
    data = {
        "center": center.pk,
        "name": "张三",
        "staff_no": "Z001",
        "left_on": "2024-08-01",
        **formset_data(
            "assignments",
            [
                {
                    "id": stint.pk,
                    "window": stint.window_id,
                    "started_on": "2023-01-01",
                    "ended_on": "2024-08-01",
                }
            ],
            initial=1,
        ),
    }
    assert client.post(reverse("org:staff_edit", args=[zhang.pk]), data).status_code == 302
    html = client.get(reverse("history:object", args=["org", "staff", zhang.pk])).content.decode()
    assert "<strong>离岗日期</strong>：— → 2024-08-01" in html
    assert "left_on" not in html
    html = client.get(
        reverse("history:object", args=["org", "staffassignment", stint.pk])
    ).content.decode()
    assert "<strong>调离日期</strong>：— → 2024-08-01" in html
    assert "ended_on" not in html
    record = ChangeRecord.objects.filter(model_name="staffassignment").latest("id")
    assert record.object_repr == "张三（Z001） A01（2023-01-01 起至 2024-08-01）"


def test_a_new_persons_stint_is_checked_against_the_joining_date_typed_with_it(
    client: Client, center_admin: User, a01: Window, center: Center
) -> None:
    client.force_login(center_admin)
    data = {
        "center": center.pk,
        "name": "赵六",
        "staff_no": "Z009",
        "joined_on": "2024-03-01",
        **formset_data("assignments", [{"window": a01.pk, "started_on": "2024-01-02"}]),
    }
    response = client.post(reverse("org:staff_add"), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "窗口 A01 的上岗日期 2024-01-02 早于入岗日期 2024-03-01"
    ]
    assert not Staff.objects.filter(staff_no="Z009").exists()

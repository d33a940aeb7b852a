"""The window desk registers each step through record_event, and lists today's events."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from servicehall.accounts.models import User
from servicehall.cases.models import Case, CaseEvent, DailyCount
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(police: Department) -> HandlingItem:
    item = ServiceItem.objects.create(
        department=police, code="S-GA-1", name="居民身份证办理", kind=ItemKind.PUBLIC
    )
    return HandlingItem.objects.create(
        service_item=item, code="H-GA-1", name="首次申领", time_limit_days=5, listed_on="2020-01-01"
    )


def test_a_clerk_accepts_transfers_issues_and_completes_a_case(
    client: Client, clerk: User, police: Department, permit: HandlingItem
) -> None:
    client.force_login(clerk)
    steps = [
        {"kind": "accept", "case_no": "GA-0001", "handling_item": permit.pk, "applicant": "张三"},
        {"kind": "transfer", "case_no": "GA-0001"},
        {"kind": "issue", "case_no": "GA-0001"},
        {"kind": "complete", "case_no": "GA-0001"},
    ]
    for step in steps:
        assert client.post(reverse("cases:desk"), step).status_code == 302
    case = Case.objects.get(case_no="GA-0001")
    assert case.department == police and case.applicant == "张三"
    assert case.promised_days == 5 and case.completed_at is not None
    events = CaseEvent.objects.filter(case=case).order_by("id")
    assert [e.kind for e in events] == ["accept", "transfer", "issue", "complete"]
    assert {e.staff_ref for e in events} == {"王综窗"} and {e.item_code for e in events} == {
        "H-GA-1"
    }
    assert sum(DailyCount.objects.values_list("count", flat=True)) == 4


def test_a_case_the_desk_accepts_came_in_by_the_window(
    client: Client, clerk: User, permit: HandlingItem
) -> None:
    # 办件渠道: the desk is the window, so its cases count as 窗口 in 网上办件占比's denominator.
    client.force_login(clerk)
    post = {"kind": "accept", "case_no": "GA-0009", "handling_item": permit.pk, "applicant": "李四"}
    assert client.post(reverse("cases:desk"), post).status_code == 302
    client.post(reverse("cases:desk"), {"kind": "complete", "case_no": "GA-0009"})
    assert Case.objects.get(case_no="GA-0009").channel == "window"
    channels = dict(CaseEvent.objects.values_list("kind", "channel"))
    assert channels == {"accept": "window", "complete": ""}


def test_a_consultation_needs_no_case_number(
    client: Client, clerk: User, water: Department
) -> None:
    client.force_login(clerk)
    client.post(reverse("cases:desk"), {"kind": "consult", "department": water.pk})
    event = CaseEvent.objects.get()
    assert (event.kind, event.case_id, event.department) == ("consult", None, water)


def test_a_transfer_of_an_unknown_case_is_refused_with_a_message(
    client: Client, clerk: User
) -> None:
    client.force_login(clerk)
    response = client.post(reverse("cases:desk"), {"kind": "transfer", "case_no": "NOPE-1"})
    assert response.status_code == 200
    assert "办件编号 NOPE-1 不存在，请先受理" in response.content.decode()
    assert not CaseEvent.objects.exists()


def test_a_case_number_cannot_be_accepted_twice(
    client: Client, clerk: User, permit: HandlingItem
) -> None:
    client.force_login(clerk)
    step = {"kind": "accept", "case_no": "X-1", "handling_item": permit.pk, "applicant": "张三"}
    client.post(reverse("cases:desk"), step)
    response = client.post(reverse("cases:desk"), step)
    assert "已存在，不能重复受理" in response.content.decode()
    assert CaseEvent.objects.count() == 1


def test_todays_events_refresh_as_an_htmx_partial(
    client: Client, clerk: User, permit: HandlingItem
) -> None:
    client.force_login(clerk)
    client.post(
        reverse("cases:desk"),
        {"kind": "accept", "case_no": "P-77", "handling_item": permit.pk, "applicant": "张三"},
    )
    response = client.get(reverse("cases:events_today"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "P-77" in html and "受理" in html
    assert "<html" not in html  # the fragment only
    desk = client.get(reverse("cases:desk")).content.decode()
    assert 'hx-get="/cases/today/"' in desk


def test_a_liaison_and_a_leader_cannot_post_to_the_window(
    client: Client, police_liaison: User, leader: User
) -> None:
    for user in (police_liaison, leader):
        client.force_login(user)
        assert client.post(reverse("cases:desk"), {"kind": "consult"}).status_code == 403
    assert not CaseEvent.objects.exists()


def test_a_clerk_registers_an_event_through_the_api(
    client: Client, clerk: User, police: Department, permit: HandlingItem
) -> None:
    client.force_login(clerk)
    response = client.post(
        "/api/case-events/",
        {
            "kind": "accept",
            "case_no": "API-1",
            "department": police.pk,
            "handling_item": permit.pk,
            "applicant": "张三",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["case_no"] == "API-1" and response.json()["kind"] == "accept"
    assert client.get("/api/case-events/").json()["count"] == 1


def test_a_liaison_cannot_register_events_through_the_api(
    client: Client, police_liaison: User
) -> None:
    client.force_login(police_liaison)
    response = client.post(
        "/api/case-events/", {"kind": "consult"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_case_number_accepted_again_through_the_api_is_a_409_with_a_clear_message(
    client: Client, clerk: User, permit: HandlingItem
) -> None:
    client.force_login(clerk)
    body = {"kind": "accept", "case_no": "GA-0042", "handling_item": permit.pk, "applicant": "张三"}
    first = client.post("/api/case-events/", body, content_type="application/json")
    again = client.post("/api/case-events/", body, content_type="application/json")
    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json() == {"detail": "办件编号 GA-0042 已存在，不能重复受理"}
    assert Case.objects.filter(case_no="GA-0042").count() == 1


def test_a_race_lost_at_the_unique_index_is_the_same_clear_refusal(
    clerk: User, permit: HandlingItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clerks both pass the existence check (PostgreSQL, READ COMMITTED): the index decides."""
    from servicehall.cases import window

    Case.objects.create(case_no="GA-0043")
    real_filter = Case.objects.filter

    def blind_filter(*args: Any, **kwargs: Any) -> QuerySet[Case]:  # Case.objects.filter's
        # The check of the losing clerk ran before the winner's commit: it saw no case.
        return (
            Case.objects.none()
            if kwargs == {"case_no": "GA-0043"}
            else real_filter(*args, **kwargs)
        )

    monkeypatch.setattr(Case.objects, "filter", blind_filter)
    with pytest.raises(window.DuplicateCase, match="GA-0043 已存在"):
        window.register(
            clerk, kind="accept", case_no="GA-0043", handling_item=permit, applicant="张三"
        )
    monkeypatch.undo()
    assert Case.objects.filter(case_no="GA-0043").count() == 1
    assert not CaseEvent.objects.filter(case_no="GA-0043").exists()


def test_a_step_out_of_the_cases_life_is_refused_and_nothing_recorded(
    client: Client, clerk: User, permit: HandlingItem
) -> None:
    client.force_login(clerk)
    accept = {"handling_item": permit.pk, "applicant": "张三"}
    for kind in ("accept", "complete"):
        client.post(reverse("cases:desk"), {"kind": kind, "case_no": "GA-0002", **accept})
    before = CaseEvent.objects.count()
    for kind, said in (
        ("transfer", "办件 GA-0002 已办结，不能再流转"),
        ("complete", "办件 GA-0002 已办结，不能再办结"),
    ):
        page = client.post(reverse("cases:desk"), {"kind": kind, "case_no": "GA-0002"})
        assert said in page.content.decode()
    assert CaseEvent.objects.count() == before
    # 颁发 may follow 办结: the certificate handed out after the case is done.
    assert (
        client.post(reverse("cases:desk"), {"kind": "issue", "case_no": "GA-0002"}).status_code
        == 302
    )


def test_an_item_of_another_department_is_refused_at_acceptance(
    client: Client, clerk: User, water: Department, permit: HandlingItem
) -> None:
    client.force_login(clerk)
    page = client.post(
        reverse("cases:desk"),
        {"kind": "accept", "case_no": "SL-1", "department": water.pk, "handling_item": permit.pk},
    ).content.decode()
    assert "属于公安厅，不是水利厅的办理项" in page
    assert not Case.objects.filter(case_no="SL-1").exists()


def test_a_case_imported_without_its_acceptance_is_taken_as_accepted_elsewhere(
    client: Client, clerk: User, police: Department, tmp_path: Path
) -> None:
    from servicehall.cases.importer import import_events

    path = tmp_path / "later-steps.csv"
    path.write_text(
        "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
        "E1,OLD-1,流转,2024-01-22T09:30:00,公安厅,,,\n",
        encoding="utf-8",
    )
    result = import_events(path)
    assert result.warnings == ["1 件办件在本文件和系统中都没有受理记录，其后续环节按他处受理计"]
    assert Case.objects.get(case_no="OLD-1").accepted_elsewhere is True
    client.force_login(clerk)
    assert (
        client.post(reverse("cases:desk"), {"kind": "issue", "case_no": "OLD-1"}).status_code == 302
    )


def test_an_acceptance_without_a_number_gets_the_next_of_its_day(
    client: Client, clerk: User, permit: HandlingItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from servicehall.core.localtime import SHANGHAI

    # 23:59 in Shanghai: the number follows the hall's day, not UTC's.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2024, 1, 22, 23, 59, tzinfo=SHANGHAI))
    client.force_login(clerk)
    for _ in range(2):
        page = client.post(
            reverse("cases:desk"),
            {"kind": "accept", "handling_item": permit.pk, "applicant": "张三"},
            follow=True,
        ).content.decode()
    assert "已登记受理：办件 SL202401220002" in page
    assert set(Case.objects.values_list("case_no", flat=True)) == {
        "SL202401220001",
        "SL202401220002",
    }


def test_the_desk_keeps_the_last_step_and_window_for_the_next(
    client: Client, clerk: User, center: Center
) -> None:
    from servicehall.org.models import Window

    Window.objects.create(
        center=center, code="A03", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
    )
    client.force_login(clerk)
    # In the address the step leads to, not in the session: a desk opened afresh starts anew.
    response = client.post(reverse("cases:desk"), {"kind": "transfer", "window_code": "A03"})
    assert response.status_code == 200  # 流转 without a case is refused; the form keeps both
    form = response.context["form"]
    assert (form["kind"].value(), form["window_code"].value()) == ("transfer", "A03")
    response = client.post(reverse("cases:desk"), {"kind": "consult", "window_code": "A03"})
    assert response["Location"] == "/cases/?kind=consult&window_code=A03"
    form = client.get(response["Location"]).context["form"]
    assert (form["kind"].value(), form["window_code"].value()) == ("consult", "A03")
    form = client.get(reverse("cases:desk")).context["form"]
    assert (form["kind"].value(), form["window_code"].value()) == ("consult", "")


def test_the_item_search_finds_by_initials_name_or_code_within_the_department(
    client: Client, clerk: User, police: Department, water: Department, permit: HandlingItem
) -> None:
    water_item = HandlingItem.objects.create(
        service_item=ServiceItem.objects.create(
            department=water, code="S-SL-1", name="取水许可", kind=ItemKind.LICENSE
        ),
        code="H-SL-1",
        name="取水许可新办",
        listed_on="2020-01-01",
    )
    assert (permit.name_initials, water_item.name_initials) == ("scsl", "qsxkxb")
    client.force_login(clerk)
    desk = client.get(reverse("cases:desk")).content.decode()
    assert 'hx-get="/cases/items/"' in desk and 'hx-target="#item-results"' in desk

    def found(**params: str | int) -> list[str]:
        html = client.get(reverse("cases:desk_items"), params).content.decode()
        return re.findall(r'data-item="(\d+)"', html)

    assert found(item_query="qsxk") == [str(water_item.pk)]  # pinyin initials
    assert found(item_query="QSXK") == [str(water_item.pk)]  # typed in capitals
    assert found(item_query="申领") == [str(permit.pk)]  # a part of the name
    assert found(item_query="h-ga") == [str(permit.pk)]  # the start of the code
    assert found(item_query="H-") == [str(permit.pk), str(water_item.pk)]
    assert found(item_query="H-", department=police.pk) == [str(permit.pk)]
    assert found(item_query="") == []
    nothing = client.get(reverse("cases:desk_items"), {"item_query": "zzz"}).content.decode()
    assert "没有与“zzz”相符的办理项" in nothing


def test_a_delisted_item_is_not_offered(client: Client, clerk: User, permit: HandlingItem) -> None:
    permit.delisted_on = "2021-01-01"
    permit.save()
    client.force_login(clerk)
    html = client.get(reverse("cases:desk_items"), {"item_query": "scsl"}).content.decode()
    assert "data-item" not in html


def test_typing_an_item_without_picking_it_is_refused_at_acceptance(
    client: Client, clerk: User
) -> None:
    client.force_login(clerk)
    response = client.post(reverse("cases:desk"), {"kind": "accept", "item_query": "身份证"})
    assert "请从检索结果中选择办理项（“身份证”未选定）" in response.content.decode()
    assert not Case.objects.exists()

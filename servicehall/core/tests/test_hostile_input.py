"""Hostile input found by trying the new pages as an attacker would (a garbled id, a date at the
end of the calendar, a figure of a thousand digits): each is a clear refusal, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.cases.models import Case
from servicehall.core.text import record_id
from servicehall.org.models import Department
from servicehall.reports.bindings import parse_value

pytestmark = pytest.mark.django_db


def test_a_record_id_is_ascii_digits_only() -> None:
    assert [record_id(t) for t in ("12", " 7 ", "²", "١٢", "1" * 19, "-1", "", None)] == [
        12,
        7,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("-5", "是负数"),
        ("1e309", "超出范围"),
        ("1e999999", "超出范围"),
        ("0.0000001", "超出范围"),
        ("1" * 5000, "不是合理的数字"),
        ("NaN", "不是数字"),
    ],
)
def test_a_typed_figure_out_of_reason_is_refused(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_value(text)
    assert parse_value("1,290") == 1290 and str(parse_value("67.48")) == "67.48"


def test_garbled_ids_and_far_dates_are_404_not_500(
    client: Client, police_liaison: User, clerk: User, center_admin: User
) -> None:
    client.force_login(police_liaison)
    for url in ("/liaison/?week=9999-12-31", "/liaison/?week=0001-01-01"):
        # The page says why in Chinese and shows this week (core.dates, liaison.views._week).
        answer = client.get(url)
        said = [str(m) for m in answer.context["messages"]]
        assert answer.status_code == 200 and "超出范围" in said[0] and "已显示本周" in said[0], url
    assert client.get("/api/submissions/?week=9999-12-31").status_code == 400
    assert client.post("/liaison/notices/read/", {"notice": "²"}).status_code == 404
    assert client.post("/liaison/notices/read/", {"notice": "9" * 30}).status_code == 404
    client.force_login(center_admin)
    assert client.get("/liaison/", {"department": "²"}).status_code == 404
    client.force_login(clerk)
    found = client.get(reverse("cases:desk_items"), {"department": "²", "item_query": "a\x00"})
    assert found.status_code == 200


def test_a_desk_case_number_with_a_slash_or_a_direction_mark_is_refused(
    client: Client, clerk: User
) -> None:
    client.force_login(clerk)
    for number in ("ATK/1", "<b>X</b>", "..", "\u202eATK7", "A B"):
        page = client.post(reverse("cases:desk"), {"kind": "accept", "case_no": number})
        assert "含不允许的字符" in page.content.decode(), number
    assert not Case.objects.exists()
    from servicehall.testing.factories import HandlingItemFactory

    item = HandlingItemFactory.create()
    client.post(
        reverse("cases:desk"),
        {
            "kind": "accept",
            "case_no": "GA-2024_0001号",
            "handling_item": item.pk,
            "applicant": "张三",
        },
    )
    assert Case.objects.filter(case_no="GA-2024_0001号").exists()


def test_an_api_404_is_said_in_chinese(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    response = client.get("/api/evaluations/99999999/")
    assert response.status_code == 404 and response.json() == {"detail": "未找到。"}


@override_settings(DEBUG=False)
def test_a_server_error_page_is_chinese(center_admin: User) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "服务器出错" in html and 'lang="zh-CN"' in html


def test_a_rectification_step_with_no_file_as_evidence_is_a_400(
    client: Client, center_admin: User
) -> None:
    from servicehall.journal.models import ServiceEvaluation
    from servicehall.testing.factories import ServiceEvaluationFactory

    ServiceEvaluationFactory(level=1)
    evaluation = ServiceEvaluation.objects.get()
    client.force_login(center_admin)
    url = f"/api/rectifications/{evaluation.rectification.pk}/advance/"
    sent = client.post(
        url, {"to_state": "rectify", "evidence": "x.pdf"}, content_type="application/json"
    )
    assert sent.status_code == 400 and "evidence" in sent.json()
    listed = client.post(url, [1, 2], content_type="application/json")
    assert listed.status_code == 400
    evaluation.rectification.refresh_from_db()
    assert evaluation.rectification.state == "verify"


def test_a_platform_count_beyond_the_column_is_a_row_error(tmp_path: Path) -> None:
    from servicehall.core.tabular import ImportRejected
    from servicehall.journal.models import PlatformDailyCount
    from servicehall.journal.platform_import import import_platform_counts

    path = tmp_path / "huge.csv"
    path.write_text(
        "day,item_kind,accepted,completed\n2023-01-03,license,99999999999,3\n"
        "2023-01-04,license,1" + "0" * 300 + ",3\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as refused:
        import_platform_counts(path)
    text = str(refused.value)
    assert "“99999999999”过大" in text and text.count("过大") == 2
    assert not PlatformDailyCount.objects.exists()


def test_a_spec_version_cannot_take_effect_years_ahead(police: Department) -> None:
    import datetime as dt

    from servicehall.catalog.models import ItemKind, ServiceItem
    from servicehall.catalog.specs import SpecRefused, add_version

    item = ServiceItem.objects.create(
        department=police, code="S-1", name="事项", kind=ItemKind.PUBLIC
    )
    with pytest.raises(SpecRefused, match="生效日期 9999-12-31 太远"):
        add_version(item, part="list", effective_on=dt.date(9999, 12, 31), content="x")
    assert (
        add_version(item, part="list", effective_on=dt.date(2024, 1, 1), content="x").version == 1
    )


def test_a_leader_refused_a_transfer_slip_goes_back_to_the_case_list(
    client: Client, leader: User, police: Department
) -> None:
    Case.objects.create(case_no="GA-7", department=police, accepted_elsewhere=True)
    client.force_login(leader)
    response = client.get(reverse("cases:case_slip", args=["GA-7", "transfer"]))
    assert response.status_code == 302 and response["Location"] == reverse("cases:case_list")

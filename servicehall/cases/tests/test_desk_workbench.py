"""The desk's handbook, the window's open cases with their countdown, and the slips it prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from servicehall.accounts.models import User
from servicehall.cases import desk, slips
from servicehall.cases.models import Case, CaseEvent
from servicehall.catalog.models import (
    AuthorizationChange,
    HandlingItem,
    ItemKind,
    ItemSpecVersion,
    ServiceItem,
)
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Center, Department, Window

pytestmark = pytest.mark.django_db

# Monday before the 2026 National Day holiday (10月1日—7日, 9月20日 and 10月10日 worked).
MONDAY = dt.datetime(2026, 9, 28, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def permit(police: Department) -> HandlingItem:
    item = ServiceItem.objects.create(
        department=police, code="S-GA-1", name="居民身份证办理", kind=ItemKind.PUBLIC
    )
    return HandlingItem.objects.create(
        service_item=item,
        code="H-GA-1",
        name="首次申领",
        time_limit_days=5,
        listed_on="2020-01-01",
        materials="申请表\n\n户口簿（核验原件）\n近期免冠证件照（2张）",
        fees="工本费20元/证",
    )


@pytest.fixture
def windows(center: Center) -> list[Window]:
    return [
        Window.objects.create(
            center=center, code=code, kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
        )
        for code in ("A01", "A02")
    ]


@pytest.fixture
def monday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)
    monkeypatch.setattr(timezone, "localdate", lambda *a: MONDAY.date())


def test_the_handbook_lists_materials_fees_status_specs_and_the_promised_date(
    permit: HandlingItem,
) -> None:
    AuthorizationChange.objects.create(
        handling_item=permit, effective_on="2024-01-01", authorized=True
    )
    for version, day in ((1, "2023-01-01"), (2, "2024-03-01"), (3, "2027-01-01")):
        ItemSpecVersion.objects.create(
            service_item=permit.service_item, part="list", version=version, effective_on=day
        )
    book = desk.handbook(permit, MONDAY.date())
    assert book.materials == ["申请表", "户口簿（核验原件）", "近期免冠证件照（2张）"]
    # 5 working days from Monday 28 September 2026: 29 and 30 September, then (1–7 October
    # off) 8, 9 and Saturday 10 October, a 调休 workday. Monday–Friday would say 5 October.
    assert book.promised_by == dt.date(2026, 10, 10)
    assert (book.authorized, book.compiled) == (True, False)
    assert [(s.part, s.version) for s in book.specs] == [("list", 2)]  # v3 is not yet in force


def test_the_handbook_page_shows_the_checklist(
    client: Client, clerk: User, permit: HandlingItem, monday: None
) -> None:
    client.force_login(clerk)
    html = client.get(reverse("cases:desk_handbook", args=[permit.pk])).content.decode()
    assert "申请材料（3项）" in html and "近期免冠证件照（2张）" in html
    assert "工本费20元/证" in html and "今日受理则承诺 2026年10月10日 办结" in html
    assert "未授权综合窗口" in html and "尚未编制" in html


def test_the_window_lists_its_open_cases_and_steps_them_from_the_row(
    client: Client, clerk: User, permit: HandlingItem, windows: list[Window], monday: None
) -> None:
    client.force_login(clerk)
    for window_code, case_no in (("A01", "GA-1"), ("A01", "GA-2"), ("A02", "GA-3")):
        step = {"kind": "accept", "case_no": case_no, "handling_item": permit.pk}
        step |= {"applicant": "张三", "window_code": window_code}
        response = client.post(reverse("cases:desk"), step)
    assert Case.objects.get(case_no="GA-3").accepted_window == "A02"
    # The page the last step leads to keeps A02; the desk lists that window's case only.
    page = client.get(response["Location"])
    assert [r.case.case_no for r in page.context["open_rows"]] == ["GA-3"]
    rows, total = desk.window_cases(clerk, "A01", MONDAY.date())
    assert ([r.case.case_no for r in rows], total) == (["GA-1", "GA-2"], 2)
    assert [r.days_left for r in rows] == [5, 5]
    assert rows[0].steps == [("transfer", "流转"), ("issue", "颁发"), ("complete", "办结")]

    # A row's 办结 button posts the step with the case number: the case leaves the list.
    client.post(
        reverse("cases:desk"), {"kind": "complete", "case_no": "GA-1", "window_code": "A01"}
    )
    part = client.get(reverse("cases:desk_open"), {"window_code": "A01"}).content.decode()
    assert "GA-2" in part and "GA-1" not in part and "共 1 件" in part
    assert 'data-step="transfer"' in part and "剩 5 个工作日" in part


def test_an_overdue_case_is_marked_in_working_days(
    clerk: User, permit: HandlingItem, windows: list[Window]
) -> None:
    Case.objects.create(
        case_no="OLD-1",
        handling_item=permit,
        department=permit.service_item.department,
        accepted_at=dt.datetime(2026, 9, 1, 9, tzinfo=SHANGHAI),
        accepted_window="A01",
        promised_by=dt.date(2026, 9, 30),
    )
    rows, _ = desk.window_cases(clerk, "A01", dt.date(2026, 10, 9))
    # 30 September was due; 8 October (the holiday ended the 7th) was the first working day
    # after it, 9 October the second.
    assert (rows[0].days_left, rows[0].overdue, rows[0].countdown) == (-2, True, "逾期 2 个工作日")


def test_a_desk_remembers_the_case_just_accepted_for_its_next_step(
    client: Client, clerk: User, permit: HandlingItem, windows: list[Window], monday: None
) -> None:
    client.force_login(clerk)
    response = client.post(
        reverse("cases:desk"),
        {"kind": "accept", "handling_item": permit.pk, "window_code": "A01", "applicant": "李四"},
    )
    assert response["Location"] == "/cases/?kind=accept&window_code=A01&last_case=SL202609280001"
    page = client.get(response["Location"])
    assert page.context["last_case"] == "SL202609280001"
    html = page.content.decode()
    assert 'data-last-case="SL202609280001"' in html
    assert '<input type="hidden" name="last_case" value="SL202609280001">' in html
    # A 咨询 between two steps of the case keeps it for the next one, through the posted form.
    after = client.post(
        reverse("cases:desk"),
        {"kind": "consult", "window_code": "A01", "last_case": "SL202609280001"},
    )
    assert after["Location"] == "/cases/?kind=consult&window_code=A01&last_case=SL202609280001"
    # Nothing of it is in the session: another tab's desk opens with no case of its own.
    assert "last_case" not in str(dict(client.session))
    assert client.get(reverse("cases:desk")).context["last_case"] == ""


def test_the_acceptance_message_names_the_promised_date(
    client: Client, clerk: User, permit: HandlingItem, windows: list[Window], monday: None
) -> None:
    client.force_login(clerk)
    page = client.post(
        reverse("cases:desk"),
        {"kind": "accept", "handling_item": permit.pk, "window_code": "A01", "applicant": "张三"},
        follow=True,
    ).content.decode()
    assert "已登记受理：办件 SL202609280001，承诺办结日期 2026年10月10日" in page


@pytest.mark.slow
def test_the_slips_print_as_pdf_with_the_case(
    client: Client, clerk: User, permit: HandlingItem, windows: list[Window], monday: None
) -> None:
    from servicehall.gbt9704.pdf import pdftotext

    client.force_login(clerk)
    accept = {"kind": "accept", "handling_item": permit.pk, "window_code": "A01"}
    client.post(reverse("cases:desk"), {**accept, "case_no": "GA-9", "applicant": "张三"})
    notice = client.get(reverse("cases:case_slip", args=["GA-9", "accept"]))
    assert notice["Content-Type"] == "application/pdf"
    text = pdftotext(notice.content).replace(" ", "")
    for expected in ("受理通知书", "编号：GA-9", "张三：", "首次申领", "2026年10月10日",
                     "户口簿（核验原件）", "工本费20元/证", "A01", "王综窗"):  # fmt: skip
        assert expected in text, expected

    # No 流转 yet: no transfer slip, and the desk says why.
    refused = client.get(reverse("cases:case_slip", args=["GA-9", "transfer"]), follow=True)
    assert "办件 GA-9 尚未流转，没有流转单" in refused.content.decode()
    client.post(
        reverse("cases:desk"), {"kind": "transfer", "case_no": "GA-9", "window_code": "A01"}
    )
    slip = client.get(reverse("cases:case_slip", args=["GA-9", "transfer"]))
    text = pdftotext(slip.content).replace(" ", "")
    assert "办件流转单" in text and "第1次流转" in text and "接收人（签字）" in text

    docx = client.get(reverse("cases:case_slip", args=["GA-9", "accept"]), {"format": "docx"})
    assert docx.content[:2] == b"PK" and "attachment" in docx["Content-Disposition"]


def test_a_slip_of_another_department_is_not_found(
    client: Client, water_liaison: User, permit: HandlingItem
) -> None:
    Case.objects.create(case_no="GA-5", department=permit.service_item.department)
    client.force_login(water_liaison)
    assert client.get(reverse("cases:case_slip", args=["GA-5", "accept"])).status_code == 404
    assert client.get(reverse("cases:case_slip", args=["GA-5", "bogus"])).status_code == 404


def test_a_case_accepted_elsewhere_has_no_acceptance_notice() -> None:
    case = Case(case_no="X-1", accepted_elsewhere=True)
    with pytest.raises(slips.SlipUnavailable, match="未在本中心受理"):
        slips.acceptance_notice(case)


def test_an_imported_acceptance_keeps_its_window(
    tmp_path: Path, permit: HandlingItem, windows: list[Window]
) -> None:
    from servicehall.cases.importer import import_events

    events = tmp_path / "events.csv"
    events.write_text(
        "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
        "E1,IMP-1,accept,2024-01-22 09:00,公安厅,H-GA-1,A07,张\n"
        "E2,IMP-2,transfer,2024-01-22 10:00,公安厅,H-GA-1,A08,张\n",
        encoding="utf-8",
    )
    import_events(events)
    accepted_windows = dict(Case.objects.values_list("case_no", "accepted_window"))
    assert accepted_windows == {"IMP-1": "A07", "IMP-2": ""}
    assert CaseEvent.objects.count() == 2

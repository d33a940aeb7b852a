"""Patrols with findings, policies with amounts, and evaluations with a follow-up date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from servicehall.cases.models import Case
from servicehall.journal.models import (
    BenefitPolicy,
    BenefitPolicyBatch,
    Patrol,
    ServiceEvaluation,
)

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import Settings

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db


def formset(
    prefix: str, rows: list[dict[str, str]], extra_total: int, blank: dict[str, str] | None = None
) -> dict[str, str]:
    """POST data of an inline formset as a browser sends it (blank rows keep their initials)."""
    rows = rows + [blank or {}] * (extra_total - len(rows))
    data = {
        f"{prefix}-TOTAL_FORMS": str(extra_total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_an_admin_records_a_patrol_with_its_findings(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    data = {"patrolled_at": "2024-01-23T09:00", "inspector": "中心督查组"}
    data.update(
        formset(
            "findings",
            [
                {"check_item": "on_time", "rating": "good", "remarks": ""},
                {"check_item": "dress", "rating": "fair", "remarks": "个别人员未着工装"},
            ],
            6,
            blank={"check_item": "", "rating": "good", "remarks": ""},
        )
    )
    response = client.post(reverse("journal:patrol_add"), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    patrol = Patrol.objects.get()
    assert patrol.findings.count() == 2
    html = client.get(reverse("journal:patrol_list")).content.decode()
    assert "着装情况：一般（个别人员未着工装）" in html


def test_a_liaison_sees_no_patrols_and_cannot_add_one(client: Client, police_liaison: User) -> None:
    client.force_login(police_liaison)
    Patrol.objects.create(patrolled_at=dt.datetime(2024, 1, 23, 9, tzinfo=dt.UTC), inspector="督查")
    assert "督查" not in client.get(reverse("journal:patrol_list")).content.decode()
    assert client.get(reverse("journal:patrol_add")).status_code == 403


def test_a_liaison_records_its_policy_with_fulfilled_amounts(
    client: Client, police_liaison: User, police: Department
) -> None:
    batch = BenefitPolicyBatch.objects.create(name="2024年第一批", year=2024)
    client.force_login(police_liaison)
    data = {
        "batch": batch.pk,
        "department": police.pk,
        "name": "交通违法处理减免",
        "mode": "reduction",
    }
    data.update(formset("fulfilments", [{"as_of": "2024-01-26", "amount_yuan": "1200000.00"}], 2))
    assert client.post(reverse("journal:policy_add"), data).status_code == 302
    policy = BenefitPolicy.objects.get()
    assert policy.fulfilments.get().amount_yuan == 1200000
    assert "1,200,000.00 元" in client.get(reverse("journal:policy_list")).content.decode()


def test_a_bad_evaluation_gets_a_follow_up_date_in_working_days(
    client: Client, clerk: User, police: Department, settings: Settings
) -> None:
    settings.SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS = 5
    case = Case.objects.create(case_no="GA-9", department=police)
    client.force_login(clerk)
    data = {
        "case": case.case_no,
        "evaluated_at": "2024-01-26T10:00",
        "level": 1,
        "comment": "等候太久",
    }
    assert client.post(reverse("journal:evaluation_add"), data).status_code == 302
    evaluation = ServiceEvaluation.objects.get()
    # Friday 2024-01-26 + 5 working days = Friday 2024-02-02.
    assert evaluation.follow_up_due == dt.date(2024, 2, 2)
    html = client.get(reverse("journal:evaluation_list"), {"bad": "true"}).content.decode()
    assert "等候太久" in html and "2024-02-02" in html


def test_a_good_evaluation_has_no_follow_up(
    client: Client, clerk: User, police: Department
) -> None:
    case = Case.objects.create(case_no="GA-10", department=police)
    client.force_login(clerk)
    data = {"case": case.case_no, "evaluated_at": "2024-01-26T10:00", "level": 5}
    client.post(reverse("journal:evaluation_add"), data)
    assert ServiceEvaluation.objects.get().follow_up_due is None


def test_the_evaluation_form_takes_the_case_by_its_number_and_stays_light(
    client: Client, clerk: User, police: Department, water: Department
) -> None:
    """A text field, not a select of every case: the page does not grow with the register."""
    Case.objects.bulk_create(Case(case_no=f"GA-{n:05d}", department=police) for n in range(3000))
    Case.objects.create(case_no="SL-1", department=water)
    client.force_login(clerk)
    page = client.get(reverse("journal:evaluation_add"))
    assert len(page.content) < 40_000 and "GA-02999" not in page.content.decode()
    bad = {"case": "NO-SUCH", "evaluated_at": "2024-01-26T10:00", "level": 5}
    said = client.post(reverse("journal:evaluation_add"), bad).content.decode()
    assert "没有这个办件编号，或不在您可查看的部门" in said
    good = {**bad, "case": "GA-00042"}
    assert client.post(reverse("journal:evaluation_add"), good).status_code == 302
    assert ServiceEvaluation.objects.get().case.case_no == "GA-00042"


def test_overdue_means_past_its_deadline_open_or_followed_up_late(
    client: Client, clerk: User, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2024, 3, 1))
    case = Case.objects.create(case_no="GA-1", department=police)
    at = dt.datetime(2024, 1, 26, 10, tzinfo=dt.UTC)
    rows = {
        "open-late": (dt.date(2024, 2, 20), None),
        "done-late": (dt.date(2024, 2, 20), dt.date(2024, 2, 22)),
        "done-in-time": (dt.date(2024, 2, 20), dt.date(2024, 2, 19)),
        "open-in-time": (dt.date(2024, 3, 5), None),
    }
    for comment, (due, done) in rows.items():
        ServiceEvaluation.objects.create(
            case=case, evaluated_at=at, level=1, comment=comment,
            follow_up_due=due, followed_up_on=done,
        )  # fmt: skip
    client.force_login(clerk)
    listed = client.get(reverse("journal:evaluation_list"), {"overdue": "true"})
    assert {row["object"].comment for row in listed.context["rows"]} == {"open-late", "done-late"}
    others = client.get(reverse("journal:evaluation_list"), {"overdue": "false"})
    assert {row["object"].comment for row in others.context["rows"]} == {
        "done-in-time",
        "open-in-time",
    }


def test_a_bad_rating_is_followed_up_within_15_working_days_by_default(
    client: Client, clerk: User, police: Department
) -> None:
    """The default (差评整改期限 15 个工作日), counted across the 2026 National Day: rated on
    Monday 2026-09-28, due on 2026-10-23 (Monday–Friday would say 10-19)."""
    from django.conf import settings

    assert settings.SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS == 15
    case = Case.objects.create(case_no="GA-15", department=police)
    client.force_login(clerk)
    data = {"case": case.case_no, "evaluated_at": "2026-09-28T10:00", "level": 2}
    assert client.post(reverse("journal:evaluation_add"), data).status_code == 302
    assert ServiceEvaluation.objects.get().follow_up_due == dt.date(2026, 10, 23)


def test_a_bad_rating_is_recorded_real_name_with_its_content_classes(
    client: Client, clerk: User, police: Department
) -> None:
    case = Case.objects.create(case_no="GA-11", department=police)
    client.force_login(clerk)
    page = client.get(reverse("journal:evaluation_add")).content.decode()
    assert 'type="checkbox" name="bad_classes" value="service_attitude"' in page
    assert "办事指南精确度" in page and "实名评价" in page
    data = {
        "case": case.case_no,
        "evaluated_at": "2024-01-26T10:00",
        "level": 2,
        "real_name": "on",
        "bad_classes": ["service_attitude", "service_efficiency"],
    }
    assert client.post(reverse("journal:evaluation_add"), data).status_code == 302
    rating = ServiceEvaluation.objects.get()
    assert rating.real_name is True
    assert rating.bad_classes == ["service_attitude", "service_efficiency"]
    unknown = {**data, "bad_classes": ["rudeness"]}
    said = client.post(reverse("journal:evaluation_add"), unknown).content.decode()
    assert "rudeness" in said and ServiceEvaluation.objects.count() == 1

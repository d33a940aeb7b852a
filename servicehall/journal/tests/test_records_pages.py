"""Patrols with findings, policies with amounts, and evaluations with a follow-up date."""

import datetime as dt

import pytest
from django.urls import reverse

from servicehall.cases.models import Case
from servicehall.journal.models import (
    BenefitPolicy,
    BenefitPolicyBatch,
    Patrol,
    ServiceEvaluation,
)

pytestmark = pytest.mark.django_db


def formset(prefix: str, rows: list[dict], extra_total: int, blank: dict | None = None) -> dict:
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


def test_an_admin_records_a_patrol_with_its_findings(client, center_admin):
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


def test_a_liaison_sees_no_patrols_and_cannot_add_one(client, police_liaison):
    client.force_login(police_liaison)
    Patrol.objects.create(patrolled_at=dt.datetime(2024, 1, 23, 9, tzinfo=dt.UTC), inspector="督查")
    assert "督查" not in client.get(reverse("journal:patrol_list")).content.decode()
    assert client.get(reverse("journal:patrol_add")).status_code == 403


def test_a_liaison_records_its_policy_with_fulfilled_amounts(client, police_liaison, police):
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


def test_a_bad_evaluation_gets_a_follow_up_date_in_working_days(client, clerk, police, settings):
    settings.SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS = 5
    case = Case.objects.create(case_no="GA-9", department=police)
    client.force_login(clerk)
    data = {"case": case.pk, "evaluated_at": "2024-01-26T10:00", "level": 1, "comment": "等候太久"}
    assert client.post(reverse("journal:evaluation_add"), data).status_code == 302
    evaluation = ServiceEvaluation.objects.get()
    # Friday 2024-01-26 + 5 working days = Friday 2024-02-02.
    assert evaluation.follow_up_due == dt.date(2024, 2, 2)
    html = client.get(reverse("journal:evaluation_list"), {"bad": "true"}).content.decode()
    assert "等候太久" in html and "2024-02-02" in html


def test_a_good_evaluation_has_no_follow_up(client, clerk, police):
    case = Case.objects.create(case_no="GA-10", department=police)
    client.force_login(clerk)
    data = {"case": case.pk, "evaluated_at": "2024-01-26T10:00", "level": 5}
    client.post(reverse("journal:evaluation_add"), data)
    assert ServiceEvaluation.objects.get().follow_up_due is None

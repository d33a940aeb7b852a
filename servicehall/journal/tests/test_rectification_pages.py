"""差评整改 pages and API: opened from the web form and the API, listed and filtered as each
persona may see them (a liaison: its department's), moved on the detail page and through
``advance``, reassigned by the center admin only; evidence downloaded by those who see it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone

from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.journal import followup
from servicehall.journal.models import Rectification, ServiceEvaluation
from servicehall.journal.rectification import State

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse
    from pytest_django import Settings

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2024, 1, 22, 10, 0, tzinfo=SHANGHAI)  # its deadline long past


def bad(
    department: Department, case_no: str, at: dt.datetime = LONG_AGO, level: int = 1
) -> Rectification:
    case = Case.objects.create(case_no=case_no, department=department)
    evaluation = ServiceEvaluation.objects.create(case=case, evaluated_at=at, level=level)
    return evaluation.rectification


@pytest.fixture
def three(police: Department, water: Department, police_liaison: User) -> dict[str, Rectification]:
    """Police (owned by its liaison): one overdue, one fresh; water (no liaison): one overdue."""
    return {
        "GA-OLD": bad(police, "GA-OLD"),
        "GA-NEW": bad(police, "GA-NEW", at=timezone.now()),
        "SL-OLD": bad(water, "SL-OLD"),
    }


def rows(page: _MonkeyPatchedWSGIResponse) -> list[str]:
    return sorted(str(r.evaluation.case) for r in page.context["object_list"])


def test_the_web_form_opens_the_rectification_and_goes_on_to_it(
    client: Client, clerk: User, police: Department
) -> None:
    Case.objects.create(case_no="GA-9", department=police)
    client.force_login(clerk)
    data = {"case": "GA-9", "evaluated_at": "2026-09-28T10:00", "level": 2, "comment": "态度差"}
    answer = client.post(reverse("journal:evaluation_add"), data, follow=True)
    rectification = Rectification.objects.get()
    assert answer.redirect_chain[-1][0] == reverse(
        "journal:rectification_detail", args=[rectification.pk]
    )
    html = answer.content.decode()
    assert "已开启差评整改，整改期限：2026年10月23日" in html
    assert '<dd id="rectification-due">2026年10月23日</dd>' in html


def test_the_api_opens_it_too(client: Client, clerk: User, police: Department) -> None:
    case = Case.objects.create(case_no="GA-9", department=police)
    client.force_login(clerk)
    body = {"case": case.pk, "evaluated_at": "2026-09-28T10:00:00+08:00", "level": 1}
    assert (
        client.post("/api/evaluations/", body, content_type="application/json").status_code == 201
    )
    made = client.get("/api/rectifications/").json()["results"]
    assert [(r["case_no"], r["state"], r["due"]) for r in made] == [
        ("GA-9", "verify", "2026-10-23")
    ]
    evaluation = client.get(f"/api/evaluations/{made[0]['evaluation']}/").json()
    assert evaluation["follow_up_due"] == "2026-10-23"


def test_a_liaison_lists_only_its_departments(
    client: Client, three: dict[str, Rectification], police_liaison: User, leader: User
) -> None:
    client.force_login(police_liaison)
    assert rows(client.get(reverse("journal:rectification_list"))) == ["GA-NEW", "GA-OLD"]
    assert rows(client.get(reverse("journal:rectification_overdue"))) == ["GA-OLD"]
    api = client.get("/api/rectifications/").json()["results"]
    assert sorted(r["case_no"] for r in api) == ["GA-NEW", "GA-OLD"]
    other = three["SL-OLD"].pk
    assert client.get(reverse("journal:rectification_detail", args=[other])).status_code == 404
    assert client.get(f"/api/rectifications/{other}/").status_code == 404
    client.force_login(leader)
    assert rows(client.get(reverse("journal:rectification_overdue"))) == ["GA-OLD", "SL-OLD"]


def test_the_list_filters_by_state_department_owner_and_overdue(
    client: Client,
    three: dict[str, Rectification],
    center_admin: User,
    police_liaison: User,
    water: Department,
) -> None:
    followup.advance(three["GA-OLD"], State.RECTIFY, by=center_admin, note="属实")
    client.force_login(center_admin)
    url = reverse("journal:rectification_list")
    assert rows(client.get(url, {"state": "rectify"})) == ["GA-OLD"]
    assert rows(client.get(url, {"department": water.pk})) == ["SL-OLD"]
    assert rows(client.get(url, {"owner": police_liaison.pk})) == ["GA-NEW", "GA-OLD"]
    assert rows(client.get(url, {"unassigned": "true"})) == ["SL-OLD"]
    assert rows(client.get(url, {"overdue": "true"})) == ["GA-OLD", "SL-OLD"]
    assert rows(client.get(url, {"overdue": "false"})) == ["GA-NEW"]
    query: dict[str, str | int] = {"overdue": "true", "department": water.pk}
    api = client.get("/api/rectifications/", query).json()
    assert [r["case_no"] for r in api["results"]] == ["SL-OLD"]


def test_the_detail_page_moves_it_and_shows_the_history(
    client: Client,
    three: dict[str, Rectification],
    police_liaison: User,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    rectification = three["GA-OLD"]
    url = reverse("journal:rectification_detail", args=[rectification.pk])
    client.force_login(police_liaison)
    page = client.get(url).content.decode()
    assert '<option value="rectify">核实属实，转整改</option>' in page and "逾期" in page
    assert '<option value="appeal">核实不属实，提请申诉复核</option>' in page
    refused = client.post(url, {"to_state": "rectify", "note": ""}).content.decode()
    assert "核实须填写情况说明（核实属实，转整改的理由）" in refused
    pdf = SimpleUploadedFile("核实记录.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    moved = client.post(url, {"to_state": "rectify", "note": "情况属实", "evidence": pdf})
    assert moved.status_code == 302
    rectification.refresh_from_db()
    assert rectification.state == State.RECTIFY
    html = client.get(url).content.decode()
    assert "核实 → 整改" in html and "情况属实" in html
    step = rectification.steps.get(to_state="rectify")
    download = client.get(reverse("journal:rectification_evidence", args=[step.pk]))
    assert download.status_code == 200
    assert isinstance(download, FileResponse)  # the evidence is streamed back as it was kept
    assert b"".join(download).startswith(b"%PDF")


def test_who_may_move_and_download(
    client: Client,
    three: dict[str, Rectification],
    water_liaison: User,
    leader: User,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    rectification = three["GA-OLD"]
    step = followup.advance(
        rectification,
        State.RECTIFY,
        by=None,
        note="x",
        evidence=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n"),
    )
    url = reverse("journal:rectification_detail", args=[rectification.pk])
    client.force_login(leader)  # reads, never writes
    assert 'id="step-form"' not in client.get(url).content.decode()
    assert client.post(url, {"to_state": "revisit", "note": "x"}).status_code == 403
    advance = f"/api/rectifications/{rectification.pk}/advance/"
    assert client.post(advance, {"to_state": "revisit"}).status_code == 403
    assert client.get(reverse("journal:rectification_evidence", args=[step.pk])).status_code == 200
    client.force_login(water_liaison)
    assert client.get(reverse("journal:rectification_evidence", args=[step.pk])).status_code == 404
    assert client.post(advance, {"to_state": "revisit"}).status_code == 404


def test_the_api_advances_with_chinese_refusals(
    client: Client, three: dict[str, Rectification], clerk: User
) -> None:
    client.force_login(clerk)
    url = f"/api/rectifications/{three['GA-OLD'].pk}/advance/"
    refused = client.post(url, {"to_state": "revisit"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {
        "to_state": ["当前状态为“核实”，不能转为“回访”（可转为：整改、申诉复核）"]
    }
    assert client.post(url, {"to_state": "rectify", "note": "属实"}).status_code == 200
    closed = client.post(url, {"to_state": "closed", "note": "已整改（非实名评价）"})
    assert closed.status_code == 200
    body = closed.json()
    assert (body["state"], body["state_label"], body["on_time"], body["overdue"]) == (
        "closed",
        "办结",
        False,
        True,
    )
    assert [s["to_state"] for s in body["steps"]] == ["verify", "rectify", "closed"]
    assert body["finding"] == "founded"


def test_only_the_center_admin_reassigns(
    client: Client,
    three: dict[str, Rectification],
    clerk: User,
    center_admin: User,
    leader: User,
) -> None:
    rectification = three["SL-OLD"]
    url = reverse("journal:rectification_reassign", args=[rectification.pk])
    client.force_login(clerk)
    assert client.post(url, {"owner": clerk.pk}).status_code == 403
    client.force_login(center_admin)
    detail = client.get(reverse("journal:rectification_detail", args=[rectification.pk]))
    assert "改派负责人" in detail.content.decode()
    assert client.post(url, {"owner": leader.pk}).status_code == 302
    assert Rectification.objects.get(pk=rectification.pk).owner == leader


def test_the_ratings_edit_page_links_to_its_rectification(
    client: Client, three: dict[str, Rectification], clerk: User
) -> None:
    rectification = three["GA-OLD"]
    client.force_login(clerk)
    page = client.get(reverse("journal:evaluation_edit", args=[rectification.evaluation_id]))
    link = reverse("journal:rectification_detail", args=[rectification.pk])
    assert f'<a href="{link}">核实，期限 2024年2月9日</a>' in page.content.decode()

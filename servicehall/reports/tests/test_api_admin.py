"""A published issue cannot be edited through the API or the admin; drafts go through services."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from servicehall.archive.services import store_report
from servicehall.reports.models import Issue
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client: Client, center_admin: User) -> User:
    client.force_login(center_admin)
    return center_admin


def test_the_api_lists_issues_in_the_parsed_form(client: Client, admin: User) -> None:
    store_report(SEED_2024_4)
    data = client.get("/api/issues/?number=4").json()
    (issue,) = data["results"]
    assert (issue["series"], issue["year"], issue["number"], issue["serial"]) == (
        "窗口工作周报",
        2024,
        4,
        475,
    )
    assert issue["parsed"]["figures"]["window.ytd.transfer"] == 21220
    assert issue["parsed"]["distribution"]["发"].startswith("省级相关部门（单位）窗口")


def test_a_published_issue_refuses_every_write_through_the_api(client: Client, admin: User) -> None:
    issue = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    assert (
        client.patch(
            f"/api/issues/{issue.pk}/", {"figures": {}}, content_type="application/json"
        ).status_code
        == 405
    )
    assert client.delete(f"/api/issues/{issue.pk}/").status_code == 405
    edit = client.post(
        f"/api/issues/{issue.pk}/paragraph/",
        {"path": [0, 0], "text": "改"},
        content_type="application/json",
    )
    assert edit.status_code == 409 and "只有草稿" in edit.json()["detail"]
    assert client.post(f"/api/issues/{issue.pk}/submit/").status_code == 409
    assert Issue.objects.get(pk=issue.pk).document == issue.document


def test_drafting_and_review_through_the_api(client: Client, admin: User) -> None:
    created = client.post(
        "/api/issues/draft/",
        {"series": "窗口工作周报", "week": "2024-01-24"},
        content_type="application/json",
    )
    assert created.status_code == 201
    issue_id = created.json()["id"]
    assert created.json()["parsed"]["period"] == {"start": "2024-01-22", "end": "2024-01-26"}
    edited = client.post(
        f"/api/issues/{issue_id}/paragraph/",
        {"path": [0, 0], "text": "本周综窗改革稳步推进。"},
        content_type="application/json",
    )
    # An empty database: only 综窗改革攻坚行动 has content, the empty sections are left out.
    parsed = edited.json()["parsed"]
    assert [s["heading"] for s in parsed["sections"]] == ["综窗改革攻坚行动"]
    assert parsed["sections"][0]["paragraphs"] == ["本周综窗改革稳步推进。"]
    assert client.post(f"/api/issues/{issue_id}/submit/").json()["status"] == "submitted"
    refused = client.post(f"/api/issues/{issue_id}/approve/")
    assert refused.status_code == 403  # an admin does not approve: a leader does
    assert refused.json()["detail"] == "admin 无权执行“审核通过”"
    bad = client.post(
        "/api/issues/draft/",
        {"series": "窗口工作周报", "week": "2024-02-30"},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_the_admin_shows_a_published_issue_read_only(client: Client) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-1")
    )
    issue = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    page = client.get(f"/admin/reports/issue/{issue.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    posted = client.post(
        f"/admin/reports/issue/{issue.pk}/change/", {"figures": "{}", "document": "{}"}
    )
    assert posted.status_code == 403
    assert (
        client.post(f"/admin/reports/issue/{issue.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Issue.objects.filter(pk=issue.pk).exists()


def test_the_figure_source_links_open_the_filtered_records(client: Client) -> None:
    from django.contrib.auth import get_user_model

    from servicehall.reports.display import source_link
    from servicehall.reports.drafting import draft_issue, find_series

    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-1")
    )
    import datetime as dt

    issue = draft_issue(find_series("政务服务工作"), dt.date(2023, 3, 8))
    keys = ["window.week.accept", "window.ytd.transfer", "handbook.done", "windows.accept", "training.sessions",
            "benefit.total", "departments.unauthorized", "platform.license.accept"]  # fmt: skip
    for key in keys:
        link = source_link(key, issue)
        response = client.get(link)
        assert response.status_code == 200, (key, link, response.status_code)
        assert "?e=1" not in response.get("Location", "")

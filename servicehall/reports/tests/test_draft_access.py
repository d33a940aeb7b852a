"""An issue before publication is read by the report's editors and the leaders only; window
staff and department liaisons see published issues, on every page and in the API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db


@pytest.fixture
def issues(center: Center) -> tuple[Issue, Issue]:
    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    published = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 31))
    # Published as the workflow leaves it, without rendering its files (LibreOffice, seconds).
    Issue.objects.filter(pk=published.pk).update(status=Issue.Status.PUBLISHED, number=5, year=2024)
    return draft, Issue.objects.get(pk=published.pk)


@pytest.mark.parametrize(
    "persona, sees_draft",
    [("center_admin", True), ("leader", True), ("clerk", False), ("police_liaison", False)],
)
def test_a_draft_is_read_only_by_editors_and_leaders(
    client: Client,
    issues: tuple[Issue, Issue],
    persona: str,
    sees_draft: bool,
    request: pytest.FixtureRequest,
) -> None:
    draft, published = issues
    client.force_login(request.getfixturevalue(persona))
    listed = {row["id"] for row in client.get("/api/issues/").json()["results"]}
    assert listed == ({draft.pk, published.pk} if sees_draft else {published.pk})
    assert client.get(f"/api/issues/{draft.pk}/").status_code == (200 if sees_draft else 404)
    assert client.get(f"/reports/{draft.pk}/").status_code == (200 if sees_draft else 404)
    assert client.get(f"/api/issues/{published.pk}/").status_code == 200
    assert client.get(f"/reports/{published.pk}/").status_code == 200
    page = client.get("/reports/").content.decode()
    assert (f'href="/reports/{draft.pk}/"' in page) is sees_draft


def test_the_api_schema_and_its_docs_need_a_login(client: Client, clerk: User) -> None:
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)
    client.force_login(clerk)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"<script>" not in docs.content  # no inline script (CSP)

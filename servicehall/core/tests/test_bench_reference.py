"""The bench's reference for the API (issue 24): a bare view that authenticates the same token
and inserts one row, nothing more; and the page-time bench's table."""

from __future__ import annotations

import pytest

from servicehall.accounts.services import api_token
from servicehall.cases.models import CaseEvent, DailyCount

pytestmark = pytest.mark.django_db


@pytest.mark.urls("servicehall.bench.urls")
def test_the_bare_view_authenticates_the_token_and_inserts_one_row(client, center_admin):
    token = api_token(center_admin.username)
    assert client.post("/bench/bare-insert/").status_code == 401
    wrong = client.post("/bench/bare-insert/", HTTP_AUTHORIZATION="Token " + "x" * len(token))
    assert wrong.status_code == 401 and not CaseEvent.objects.exists()
    answer = client.post(
        "/bench/bare-insert/", "{}", content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )  # fmt: skip
    assert answer.status_code == 201
    row = CaseEvent.objects.get()
    assert answer.json() == {"id": row.pk} and (row.kind, row.window_code) == ("consult", "A01")
    assert not DailyCount.objects.exists()  # the reference does no more than one insert
    # The project's own URLs are served beside it, by the same server.
    assert client.get("/accounts/login/").status_code == 200


def test_the_page_bench_marks_pages_over_the_target():
    from servicehall.bench.pages import PageTime, markdown

    table = markdown(
        [
            PageTime("admin", "admin", "/", 200, 120.0, 80.0, 30),
            PageTime("admin", "admin", "/flow/", 200, 450.0, 300.0, 13),
        ]
    )
    assert "| admin | admin | `/` | 200 | 120 | 80 | 30 |" in table
    assert "| admin | admin | `/flow/` | 200 | 450 ✗ | 300 | 13 |" in table
    assert "Slowest: `/flow/` for admin, 450 ms; 1 of 2 pages within 300 ms." in table


def test_the_bench_measures_a_chart_pages_first_visit_and_the_publish_request(
    clerk, center_admin, week_records
):
    from servicehall.bench import web
    from servicehall.core.models import Job

    sizes = web.first_visit_bytes(clerk)
    assert 0 < sizes["html"] < sizes["assets"] and sizes["total"] <= web.CHART_PAGE_LIMIT
    assert web.publish_request_ms(center_admin) > 0
    assert Job.objects.get().status == Job.Status.QUEUED  # queued, not rendered in the request

"""/api/stats/ and /api/figures/ return the figures module's values as JSON."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from servicehall import figures
from servicehall.accounts.models import User
from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(police: Department, water: Department) -> None:
    rows = [
        ("consult", dt.datetime(2024, 1, 22, 9, tzinfo=SHANGHAI), police),
        ("accept", dt.datetime(2024, 1, 23, 9, tzinfo=SHANGHAI), water),
        ("transfer", dt.datetime(2024, 1, 23, 10, tzinfo=SHANGHAI), water),
        ("accept", dt.datetime(2024, 1, 3, 9, tzinfo=SHANGHAI), police),
    ]
    for i, (kind, when, department) in enumerate(rows):
        record_event(event_id=f"E{i}", kind=kind, occurred_at=when, department=department)


def test_the_stats_endpoint_equals_figures_stats(
    client: Client, police_liaison: User, events: None
) -> None:
    client.force_login(police_liaison)
    response = client.get("/api/stats/", {"from": "2024-01-22", "to": "2024-01-26"})
    assert response.status_code == 200
    period = figures.Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    assert response.json() == figures.stats(period)
    assert response.json()["ytd"]["accept"] == 2


def test_the_figures_endpoint_gives_every_figure_key_with_decimals_as_numbers(
    client: Client, leader: User, events: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(leader)
    response = client.get("/api/figures/", {"from": "2024-01-22", "to": "2024-01-26"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == set(figures.FIGURES)
    assert data["window.week.accept"] == 1 and data["window.ytd.accept"] == 2
    assert data["handbook.percent"] == 0.0 and isinstance(data["handbook.percent"], float)
    assert data["benefit.total"] is None


def test_a_decimal_figure_is_a_json_number(
    client: Client, leader: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        figures, "compute_all", lambda period, scope=None: {"handbook.percent": Decimal("67.48")}
    )
    client.force_login(leader)
    response = client.get("/api/figures/?from=2024-01-22&to=2024-01-26")
    assert b'"handbook.percent":67.48' in response.content


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"from": "2024-01-22"},
        {"from": "2024-13-01", "to": "2024-01-26"},
        {"from": "2024-02-01", "to": "2024-01-01"},
    ],
)
def test_the_stats_endpoint_refuses_a_missing_or_wrong_period(
    client: Client, leader: User, query: dict[str, str]
) -> None:
    client.force_login(leader)
    response = client.get("/api/stats/", query)
    assert response.status_code == 400


def test_the_api_requires_a_login(client: Client) -> None:
    response = client.get("/api/stats/?from=2024-01-22&to=2024-01-26")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_the_openapi_schema_is_served(client: Client, leader: User) -> None:
    client.force_login(leader)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/stats/" in response.content and b"/api/news/" in response.content


def test_the_api_docs_load_their_scripts_from_our_own_static_files(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html

"""Sessions are saved only by the request that changed them; a request that changes nothing
moves the idle end alone, so an overlapping request never writes an older copy back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from servicehall.accounts.models import User
from servicehall.cases.desk import Handbook
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
from servicehall.core import sessions
from servicehall.org.models import Department
from servicehall.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, clerk: User) -> Client:
    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def permit(police: Department) -> HandlingItem:
    service = ServiceItem.objects.create(
        department=police, code="S-GA-1", name="居民身份证办理", kind=ItemKind.PUBLIC
    )
    return HandlingItem.objects.create(
        service_item=service, code="H-GA-1", name="首次申领", listed_on="2020-01-01"
    )


def _session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]


def test_a_request_that_changes_nothing_does_not_save_the_session(
    signed_in: Client, permit: HandlingItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = []
    monkeypatch.setattr(sessions.SessionStore, "save", lambda self, *a, **k: saved.append(self))
    for url in (
        "/",
        reverse("cases:desk"),
        reverse("cases:desk_handbook", args=[permit.pk]),
        reverse("cases:desk_open") + "?window_code=A01",
        reverse("cases:events_today"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(url).status_code == 200, url
        assert _session_writes(queries) == [], url
    assert saved == []


def test_an_overlapping_request_does_not_write_an_older_copy_back(
    signed_in: Client, permit: HandlingItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handbook fetch reads the session, another request of the same browser changes it
    meanwhile; the fetch ends without undoing that change."""
    from servicehall.cases import desk

    key = signed_in.cookies["sessionid"].value
    real_handbook = desk.handbook

    def handbook_while_another_request_saves(item: HandlingItem, today: dt.date) -> Handbook:
        other = sessions.SessionStore(session_key=key)
        other["changed_meanwhile"] = "another tab"
        other.save()
        return real_handbook(item, today)

    monkeypatch.setattr(desk, "handbook", handbook_while_another_request_saves)
    assert signed_in.get(reverse("cases:desk_handbook", args=[permit.pk])).status_code == 200
    assert sessions.SessionStore(session_key=key).load()["changed_meanwhile"] == "another tab"


def test_a_request_moves_the_idle_end_without_writing_the_data(signed_in: Client) -> None:
    row = Session.objects.get()
    data = row.session_data
    # Ten minutes since the last request: the end moves to an hour from now, the data stays.
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=50))
    with CaptureQueriesContext(connection) as queries:
        signed_in.get("/")
    row.refresh_from_db()
    assert row.session_data == data
    left = row.expire_date - timezone.now()
    assert dt.timedelta(minutes=59) < left <= dt.timedelta(minutes=60)
    [update] = _session_writes(queries)
    assert "expire_date" in update and "session_data" not in update
    # Within the minute after, a request writes nothing at all.
    with CaptureQueriesContext(connection) as queries:
        signed_in.get("/")
    assert _session_writes(queries) == []


def test_signing_out_ends_the_session_and_a_late_request_does_not_bring_it_back(
    signed_in: Client,
) -> None:
    key = signed_in.cookies["sessionid"].value
    stale = sessions.SessionStore(session_key=key)
    stale.load()
    stale.stored_expiry = timezone.now() + dt.timedelta(minutes=50)  # read ten minutes ago
    assert signed_in.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # A request that read the session before the sign-out ends after it: nothing comes back.
    assert sessions.touch(stale) is False
    assert not Session.objects.filter(session_key=key).exists()
    assert signed_in.get("/")["Location"].startswith(reverse("login"))

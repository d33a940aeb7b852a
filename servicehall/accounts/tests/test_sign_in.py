"""A sign-in writes in one transaction: on SQLite, whose one writer an import holds a chunk at a
time, a login waits for its turn once, not once for each of its writes (issue 23, part 6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.core.sessions import SessionStore
from servicehall.testing.personas import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

WRITES = ("INSERT", "UPDATE", "DELETE")


def _sign_in(client: Client) -> TestResponse:
    return client.post(
        reverse("login"), {"username": "clerk", "password": PASSWORD}, REMOTE_ADDR="10.7.7.7"
    )


class WriteTransactions:
    """The write statements run while it is on, each with the outermost transaction holding it
    (None: autocommit, a transaction of its own)."""

    def __init__(self) -> None:
        self.writes: list[tuple[str, object]] = []

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:  # what the cursor's execute returns, passed through (Django's execute_wrapper)
        if sql.lstrip().split(None, 1)[0].upper() in WRITES:
            outer = connection.atomic_blocks[0] if connection.atomic_blocks else None
            self.writes.append((sql.split('"')[1] if '"' in sql else sql[:40], outer))
        return execute(sql, params, many, context)

    @property
    def tables(self) -> set[str]:
        return {table for table, _ in self.writes}

    @property
    def count(self) -> int:
        """How many write transactions: one per outermost block, one per autocommit write."""
        blocks = {id(outer) for _, outer in self.writes if outer is not None}
        return len(blocks) + sum(1 for _, outer in self.writes if outer is None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_write_of_a_sign_in_is_in_one_transaction(client: Client, clerk: User) -> None:
    client.get(reverse("login"))
    recorded = WriteTransactions()
    with connection.execute_wrapper(recorded):
        response = _sign_in(client)
    assert response.status_code == 302
    # The new session, axes' access log and last_login: all written …
    assert {"django_session", "axes_accesslog", "accounts_user"} <= recorded.tables, recorded.writes
    # … inside one outermost transaction (before: six transactions of their own).
    assert all(outer is not None for _, outer in recorded.writes), recorded.writes
    assert recorded.count == 1, recorded.writes
    # SessionMiddleware's save after the view wrote nothing more; the session is the clerk's.
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.get_decoded()["_auth_user_id"] == str(clerk.pk)
    assert client.get(reverse("password_change")).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_django_admins_sign_in_writes_in_one_transaction_too(
    client: Client, center_admin: User, clerk: User
) -> None:
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    # Still the admin's own page and form (staff only), posting to itself.
    assert "ServiceHall 政务大厅管理" in html and 'name="next" value="/admin/"' in html
    refused = client.post(
        "/admin/login/", {"username": "clerk", "password": PASSWORD, "next": "/admin/"}
    )
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "请输入一个正确的" in refused.content.decode()

    recorded = WriteTransactions()
    with connection.execute_wrapper(recorded):
        response = client.post(
            "/admin/login/",
            {"username": center_admin.username, "password": PASSWORD, "next": "/admin/"},
            REMOTE_ADDR="10.7.7.8",
        )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert {"django_session", "axes_accesslog", "accounts_user"} <= recorded.tables
    # Django's own admin login wrote these in five transactions.
    assert recorded.count == 1, recorded.writes
    assert client.session["_auth_user_id"] == str(center_admin.pk)
    assert client.get("/admin/").status_code == 200
    # Signed in, the login page sends the admin on to the index, as Django's does.
    assert client.get("/admin/login/")["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_session_saved_again_unchanged_writes_nothing_and_changed_writes_once() -> None:
    store = SessionStore()
    store["step"] = 1
    store.save()
    with CaptureQueriesContext(connection) as unchanged:
        store.save()
    assert [q["sql"] for q in unchanged.captured_queries] == []
    store["step"] = 2
    with CaptureQueriesContext(connection) as changed:
        store.save()
    updates = [q["sql"] for q in changed.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert SessionStore(store.session_key).load()["step"] == 2

"""A sign-in writes in one transaction: on SQLite, whose one writer an import holds a chunk at a
time, a login waits for its turn once, not once for each of its writes (issue 23, part 6)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicehall.core.sessions import SessionStore
from servicehall.testing.personas import PASSWORD

WRITES = ("INSERT", "UPDATE", "DELETE")


def _sign_in(client):
    return client.post(
        reverse("login"), {"username": "clerk", "password": PASSWORD}, REMOTE_ADDR="10.7.7.7"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_write_of_a_sign_in_is_in_one_transaction(client, clerk):
    writes: list[tuple[str, object]] = []

    def record(execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb in WRITES:
            outer = connection.atomic_blocks[0] if connection.atomic_blocks else None
            writes.append((sql.split('"')[1] if '"' in sql else sql[:40], outer))
        return execute(sql, params, many, context)

    client.get(reverse("login"))
    with connection.execute_wrapper(record):
        response = _sign_in(client)
    assert response.status_code == 302
    tables = {table for table, _ in writes}
    # The new session, axes' access log and last_login: all written …
    assert {"django_session", "axes_accesslog", "accounts_user"} <= tables, writes
    # … inside one outermost transaction (before: six transactions of their own).
    assert all(outer is not None for _, outer in writes), writes
    assert len({id(outer) for _, outer in writes}) == 1, writes
    # SessionMiddleware's save after the view wrote nothing more; the session is the clerk's.
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.get_decoded()["_auth_user_id"] == str(clerk.pk)
    assert client.get(reverse("password_change")).status_code == 200


@pytest.mark.django_db
def test_a_session_saved_again_unchanged_writes_nothing_and_changed_writes_once():
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

"""A connection opened while an event loop runs in the thread (Playwright's sync API runs one
during every browser test) is closed by the browser fixtures' teardown: left open, it kept the
PostgreSQL test database from being dropped at the end of the run."""

from __future__ import annotations

import asyncio
import time

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from servicehall.testing.browser import close_loop_connections


def _other_sessions() -> int:
    """Sessions on this test database but this thread's (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_made_while_a_loop_runs_is_closed_before_the_loop_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # as the browser tests set it
    outside = connections["default"]
    outside.ensure_connection()

    async def browser_test() -> BaseDatabaseWrapper:
        inside = connections["default"]
        inside.ensure_connection()
        # Not the thread's connection: the loop's own, which the test's teardown never sees.
        assert inside is not outside and inside.connection is not None
        close_loop_connections()
        return inside

    inside = asyncio.run(browser_test())
    assert outside.connection is not None  # the thread's own is the teardown's to close
    # (SQLite's test database is in memory, whose connections Django never closes.)
    if connection.vendor == "postgresql":
        assert inside.connection is None
        deadline = time.monotonic() + 5
        while _other_sessions() and time.monotonic() < deadline:
            time.sleep(0.05)  # a closed session's server process ends a moment later
        assert _other_sessions() == 0

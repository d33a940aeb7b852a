"""The test database migrated once per run on SQLite (迁移一次), issue 24.

Each xdist worker makes its own in-memory test database, and the project's 113 migrations cost
~5 s of CPU each time (Django renders the models' state operation by operation). The first
worker to get here migrates and saves a copy of what the migrations made; the other waits for
the copy and loads it instead of migrating again. Every worker then tests the database this
run's migrations made, as before; the copy lives for one run only (its id is xdist's).

The root conftest installs it in xdist workers; a lone process migrates as before. Under xdist
the controller, idle while its workers start and collect (~6 s), migrates the copy itself in a
thread begun before they exist (``migrate_beside_collection``): a worker then waits for nothing
the other worker does, and loads the copy as the second one did (session 10).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any


def template_path(run: str | None = None) -> Path | None:
    """This run's copy, named by xdist's run id (a worker's, unless ``run`` names it); None
    outside xdist."""
    run = run or os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        return None
    return Path(tempfile.gettempdir()) / f"servicehall-migrated-{run}.sqlite3"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate_once(
    path: Path, database: Callable[[], sqlite3.Connection], migrate: Callable[[], object]
) -> bool:
    """Fill ``database()`` from the copy at ``path``, or run ``migrate`` and save the copy
    there. True when the copy was loaded (the migrations ran in another worker)."""
    with _locked(path):
        if path.exists():
            source = sqlite3.connect(path)
            try:
                source.backup(database())
            finally:
                source.close()
            return True
        migrate()
        _save(path, database())
        return False


def _save(path: Path, database: sqlite3.Connection) -> None:
    partial = path.with_suffix(".partial")
    target = sqlite3.connect(partial)
    try:
        database.backup(target)
    finally:
        target.close()
    partial.rename(path)  # whole or absent: a failed migration leaves no copy


_beside: list[threading.Thread] = []
# In a worker: True when its test database was loaded from the run's copy, False when it
# migrated (and saved the copy), None when it made its database as Django does.
loaded: bool | None = None


def _django_test_database() -> sqlite3.Connection:
    """The test database as pytest-django's django_db_setup makes it in a worker (serializing
    aside: each worker serializes its own for its serialized rollbacks), in this thread."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]  # this thread's own
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection.connection  # type: ignore[no-any-return]


def migrate_beside_collection(
    path: Path,
    unblocked: Callable[[], AbstractContextManager[None]],
    make: Callable[[], sqlite3.Connection] = _django_test_database,
) -> None:
    """In xdist's controller, before it starts the workers: take the lock of the copy at
    ``path`` now, and make (``make``) and save the copy in a thread that then releases it. The
    workers' first migrate (``install``) waits for the lock and loads the copy. Should ``make``
    fail, no copy is saved and the first worker migrates itself, showing the error as before.
    ``unblocked`` lets the thread through pytest-django's block on the database (the
    controller runs no test and uses no database otherwise)."""
    lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 — the thread closes it
    fcntl.flock(lock, fcntl.LOCK_EX)

    def migrate() -> None:
        try:
            with unblocked():
                _save(path, make())
        except Exception:  # the workers migrate themselves and report it
            path.with_suffix(".partial").unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    thread = threading.Thread(target=migrate, name="servicehall-templatedb", daemon=True)
    thread.start()
    _beside.append(thread)


def controller_may_migrate(vendor: str, test_name: str | None) -> bool:
    """Whether the controller's copy is the workers' database: SQLite in memory only (the
    workers' test database on PostgreSQL or in a file is made as Django makes it)."""
    return vendor == "sqlite" and test_name in (None, "", ":memory:")


def forget_beside(path: Path) -> None:
    """At the controller's end: its thread done, the copy and its lock removed."""
    for thread in _beside:
        thread.join()
    _beside.clear()
    path.unlink(missing_ok=True)
    path.with_suffix(".lock").unlink(missing_ok=True)


def forget() -> None:
    """Remove this run's copy (each worker at its end; the other has loaded it by then, or
    migrates itself if it has not)."""
    path = template_path()
    if path is None:
        return
    with _locked(path):
        path.unlink(missing_ok=True)
    # The lock's own file too: a worker still waiting on it holds it open and is not disturbed.
    path.with_suffix(".lock").unlink(missing_ok=True)


def install() -> None:
    """Let the first ``migrate`` of this process (the test database's creation, ``run_syncdb``
    on an in-memory SQLite database) go through ``migrate_once``; every later one, and every
    other database, migrates as Django does."""
    from django.core.management.commands import migrate as command
    from django.db import connections

    original = command.Command.handle
    armed = [True]

    def handle(self: command.Command, *args: Any, **options: Any) -> str | None:
        path = template_path()
        connection = connections[options["database"]]
        if (
            not armed[0]
            or path is None
            or connection.vendor != "sqlite"
            or not connection.is_in_memory_db()  # type: ignore[attr-defined]
            or not options.get("run_syncdb")
            or options.get("app_label")
        ):
            return original(self, *args, **options)
        armed[0] = False

        def database() -> sqlite3.Connection:
            connection.ensure_connection()
            return connection.connection  # type: ignore[no-any-return]

        global loaded
        loaded = migrate_once(path, database, lambda: original(self, *args, **options))
        return None

    command.Command.handle = handle  # type: ignore[method-assign,assignment]

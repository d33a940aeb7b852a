"""The test database migrated once per run on SQLite (迁移一次), issue 24.

Each xdist worker makes its own in-memory test database, and the project's 113 migrations cost
~5 s of CPU each time (Django renders the models' state operation by operation). The first
worker to get here migrates and saves a copy of what the migrations made; the other waits for
the copy and loads it instead of migrating again. Every worker then tests the database this
run's migrations made, as before; the copy lives for one run only (its id is xdist's).

The root conftest installs it in xdist workers; a lone process migrates as before.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def template_path() -> Path | None:
    """This run's copy, named by xdist's run id; None outside xdist."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
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
        partial = path.with_suffix(".partial")
        target = sqlite3.connect(partial)
        try:
            database().backup(target)
        finally:
            target.close()
        partial.rename(path)  # whole or absent: a failed migration leaves no copy
        return False


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

        migrate_once(path, database, lambda: original(self, *args, **options))
        return None

    command.Command.handle = handle  # type: ignore[method-assign,assignment]

"""Empty databases of this run's kind for tests that drive the `servicehall` command in
subprocesses (后台进程测试库): an SQLite file each, or a new PostgreSQL database each on the
run's server, dropped afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit


@contextmanager
def scratch_environments(tmp_path: Path, *names: str) -> Iterator[tuple[dict[str, str], ...]]:
    """One environment (os.environ plus the database) per name, each on its own database."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base["DJANGO_SETTINGS_MODULE"] = "servicehall.settings"
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield tuple(
            {**base, "SERVICEHALL_SQLITE_PATH": str(tmp_path / f"{name}.sqlite3")} for name in names
        )
        return
    import psycopg

    parts = urlsplit(server)
    admin = parts._replace(path="/postgres").geturl()
    databases = [f"scratch_{name}_{uuid.uuid4().hex[:8]}" for name in names]
    with psycopg.connect(admin, autocommit=True) as con:
        for database in databases:
            con.execute(f"CREATE DATABASE {database}")
    try:
        yield tuple(
            {**base, "DATABASE_URL": parts._replace(path=f"/{d}").geturl()} for d in databases
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            for database in databases:
                con.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def cli(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`servicehall ARGS` in a fresh process on ``env``'s database."""
    return subprocess.run(
        [sys.executable, "-m", "servicehall.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def python(
    env: dict[str, str], code: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Python ``code`` after ``django.setup()`` in a fresh process on ``env``'s database."""
    return subprocess.run(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )

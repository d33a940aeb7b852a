"""Settings read from the environment, each loaded in a fresh interpreter as production would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

pytestmark = [pytest.mark.nodb, pytest.mark.slow]


def settings_of(env: dict[str, str], expression: str) -> object:
    """``expression`` evaluated on django.conf.settings under ``env`` (plus PATH), as JSON."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "servicehall.settings", **env},
        capture_output=True,
        text=True,
        timeout=300,  # Django's start-up on a loaded machine (the full suite beside other work)
    )
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout)


@pytest.mark.parametrize("named", ["default", "url"])
def test_sqlite_gets_wal_immediate_and_a_busy_timeout_however_it_is_named(
    named: str, tmp_path: Path
) -> None:
    env = {"SERVICEHALL_VAR_DIR": str(tmp_path)}
    if named == "url":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path}/hall.sqlite3"
    options = settings_of(env, "settings.DATABASES['default']['OPTIONS']")
    assert options == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }


def test_postgresql_connections_run_without_jit_compilation() -> None:
    # Issue 22: every indicator for a month over a 20M-event province, 148 ms with PostgreSQL's
    # JIT and 101 ms without it; the connection asks for it whatever DATABASE_URL says.
    env = {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/hall?options=-c%20statement_timeout%3D0"}
    options = settings_of(env, "settings.DATABASES['default']['OPTIONS']")
    assert isinstance(options, dict)
    assert options["options"].startswith("-c jit=off")


def test_postgresql_statements_gather_no_parallel_workers_unless_configured() -> None:
    # Issue 22: on 2 cores a statement's parallel workers take the core of another request
    # (every indicator over a 20M-event province: 95 ms without, 116 ms with 2, interleaved).
    url = {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/hall"}
    options = settings_of(url, "settings.DATABASES['default']['OPTIONS']['options']")
    assert options == "-c jit=off -c max_parallel_workers_per_gather=0"
    options = settings_of(
        {**url, "SERVICEHALL_PG_PARALLEL_WORKERS": "2"},
        "settings.DATABASES['default']['OPTIONS']['options']",
    )
    assert options == "-c jit=off -c max_parallel_workers_per_gather=2"


@pytest.mark.parametrize("named", ["default", "url"])
def test_a_sqlite_connection_outlives_the_request_as_a_postgresql_one_does(
    named: str, tmp_path: Path
) -> None:
    # Issue 24: a new connection per request parsed the schema again and read every page from
    # the OS (GET /api/stats/ p99 75 ms on SQLite, 25 ms on PostgreSQL). Two requests' start
    # and end signals, as gunicorn's handler sends them: the second reuses the first's link.
    env = {"SERVICEHALL_VAR_DIR": str(tmp_path)}
    if named == "url":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path}/hall.sqlite3"
    expression = (
        "[settings.DATABASES['default']['CONN_MAX_AGE'], "
        "__import__('servicehall.core.tests.test_settings', fromlist=['x']).links_of_two()]"
    )
    result = cast(list[Any], settings_of(env, expression))
    max_age, links = result
    assert max_age == 60
    assert links[0] == links[1] != 0


def links_of_two() -> list[int]:
    """The raw connection's id in each of two requests (0: closed after the request)."""
    from django.core.signals import request_finished, request_started
    from django.db import connection

    links = []
    for _ in range(2):
        request_started.send(sender=None)
        connection.cursor().execute("SELECT 1")
        links.append(id(connection.connection))
        request_finished.send(sender=None)
    links.append(id(connection.connection) if connection.connection is not None else 0)
    return links[:2] if links[2] else [0, 0]


def test_production_refuses_to_start_without_a_strong_secret_key(tmp_path: Path) -> None:
    env = {"SERVICEHALL_VAR_DIR": str(tmp_path), "SERVICEHALL_REQUIRE_SECRET": "true"}
    assert "DJANGO_SECRET_KEY must be set" in str(settings_of(env, "settings.SECRET_KEY"))
    short = {**env, "DJANGO_SECRET_KEY": "too-short"}
    assert "DJANGO_SECRET_KEY must be set" in str(settings_of(short, "settings.SECRET_KEY"))


def test_without_a_key_an_installation_makes_its_own_once(tmp_path: Path) -> None:
    env = {"SERVICEHALL_VAR_DIR": str(tmp_path)}
    first = settings_of(env, "settings.SECRET_KEY")
    assert isinstance(first, str) and len(first) >= 60
    assert settings_of(env, "settings.SECRET_KEY") == first  # kept across restarts
    stored = tmp_path / "secret_key"
    assert stored.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "other"
    assert settings_of({"SERVICEHALL_VAR_DIR": str(other)}, "settings.SECRET_KEY") != first


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "servicehall.settings",
        "SERVICEHALL_VAR_DIR": str(tmp_path),
        "SERVICEHALL_REQUIRE_SECRET": "true",
        "DJANGO_SECRET_KEY": "k" * 10 + "-Zx9#Qw2$Er4%Ty6^Ui8&Op0*As1(Df3)Gh5_Jk7+Lz9",
        "DJANGO_ALLOWED_HOSTS": "hall.example.gov.cn",
        "SERVICEHALL_HTTPS": "true",
        "SERVICEHALL_PROXIES": "127.0.0.1",
    }
    # Migrated, as a production server is: its calendar (2027 estimated) is loaded, and its
    # warning belongs on the admins' home page, not in `check` (issue 23).
    migrated = subprocess.run(
        [sys.executable, "-m", "servicehall.cli", "migrate", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr
    done = subprocess.run(
        [sys.executable, "-m", "servicehall.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    # Nothing but the PDF faces' list (reports.I001, information) is said.
    said = done.stdout + done.stderr
    assert "ERRORS" not in said and "WARNINGS" not in said, said
    assert "reports.I001" in said
    headers = settings_of(
        env,
        "[settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, "
        "settings.SECURE_PROXY_SSL_HEADER]",
    )
    assert headers == [True, True, True, 31_536_000, ["HTTP_X_FORWARDED_PROTO", "https"]]

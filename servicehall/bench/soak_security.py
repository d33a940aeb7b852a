"""`make soak`'s security scenarios (issue 23), run against the soak's own database and
gunicorn: the poisoned events file, the sockpuppet approval, backup → restore into a fresh
installation with files, and each tampering of the archive named by `verify-issues`."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PASSWORD = "soak-mima-2024-x"
POISONED = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "SOAK-N1,SOAK-C1,受理,2024-01-22\x00T09:30:00,公安\x00厅,,A01,张三\n"
).encode()
GOOD = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "SOAK-G1,SOAK-C2,受理,2024-01-22T09:30:00,,,,\n"
).encode()


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicehall.cli", *args],
        capture_output=True,
        text=True,
        env=env or os.environ.copy(),
        timeout=900,
        check=False,
    )


def run(base: str, work: Path, figures: dict[str, Any], problems: list[str]) -> None:
    poisoned_file(figures, problems)
    sockpuppet(base, figures, problems)
    backup_restore(work, figures, problems)
    tampering(figures, problems)


def poisoned_file(figures: dict[str, Any], problems: list[str]) -> None:
    """The NUL-byte events file of issue 23 ends as failed with its row errors; the job behind
    it runs; the worker survives."""
    from servicehall.cases.jobs import IMPORT_EVENTS_JOB
    from servicehall.core import jobs
    from servicehall.core.models import Job

    poisoned = jobs.enqueue(
        IMPORT_EVENTS_JOB, [("poisoned.csv", POISONED)], options={"strict": False}
    )
    good = jobs.enqueue(IMPORT_EVENTS_JOB, [("good.csv", GOOD)], options={"strict": False})
    start = time.perf_counter()
    done = cli("worker", "--once")
    seconds = time.perf_counter() - start
    poisoned.refresh_from_db()
    good.refresh_from_db()
    figures["poisoned_file"] = {
        "worker_rc": done.returncode,
        "poisoned": poisoned.status,
        "error": poisoned.error,
        "next_job": good.status,
        "seconds": round(seconds, 1),
    }
    if done.returncode or poisoned.status != Job.Status.FAILED or good.status != Job.Status.DONE:
        problems.append(f"poisoned file: {figures['poisoned_file']}")


def sockpuppet(base: str, figures: dict[str, Any], problems: list[str]) -> None:
    """A superuser makes a second login a leader, drafts and submits; the puppet's approval
    over the API is refused 403 with the reason."""
    from servicehall.accounts.models import User
    from servicehall.accounts.services import api_token
    from servicehall.bench.soak import Client
    from servicehall.core.context import acting_as
    from servicehall.core.roles import Role

    User.objects.create_superuser("soak-boss", password=PASSWORD)
    with acting_as(User.objects.get(username="soak-boss"), source="admin"):
        User.objects.create_user("soak-puppet", password=PASSWORD, role=Role.LEADER)
    boss = Client(base, api_token("soak-boss"))
    puppet = Client(base, api_token("soak-puppet"))
    status, drafted, _ = boss.request(
        "POST", "/api/issues/draft/", {"series": "窗口工作周报", "week": "2024-01-24"}
    )
    pk = drafted["id"] if status in (200, 201) else None
    submitted = boss.request("POST", f"/api/issues/{pk}/submit/")[0] if pk else None
    approved, answer, _ = puppet.request("POST", f"/api/issues/{pk}/approve/")
    figures["sockpuppet_approval"] = {
        "draft": status,
        "submit": submitted,
        "approve": approved,
        "reason": (answer or {}).get("detail", "") if isinstance(answer, dict) else answer,
    }
    if approved != 403:
        problems.append(f"sockpuppet approval: {figures['sockpuppet_approval']}")


def _counts(env: dict[str, str]) -> dict[str, int]:
    code = (
        "import json, django; django.setup(); from django.db import connection\n"
        "c = connection.cursor(); out = {}\n"
        "for n in sorted(connection.introspection.table_names()):\n"
        "    c.execute(f'SELECT COUNT(*) FROM {connection.ops.quote_name(n)}'); out[n] = c.fetchone()[0]\n"
        "print(json.dumps(out))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    return json.loads(done.stdout) if done.returncode == 0 else {"error": done.returncode}


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def backup_restore(work: Path, figures: dict[str, Any], problems: list[str]) -> None:
    """Backup, then restore into a fresh database and media folder: the same rows and files."""
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from servicehall.archive.services import store_report
    from servicehall.reports.corrections import withdraw
    from servicehall.reports.disputes import accept_stated
    from servicehall.reports.models import Issue
    from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

    for seed in (SEED_2023_9, SEED_2024_4):
        issue = Issue.objects.get(pk=store_report(seed).object_id)
        if issue.status == Issue.Status.DISPUTED:  # the soak's events contradict it
            accept_stated(issue, None, "soak：采用原文数字")
    withdraw(Issue.objects.get(number=4, year=2024), None, "soak：撤回一期")
    default_storage.save("item-specs/2024/soak-办事指南.pdf", ContentFile(b"%PDF-1.4 soak"))
    default_storage.save("evidence/soak-整改照片.png", ContentFile(bytes(range(256)) * 40))
    source_env = os.environ.copy()
    archive = work / "hall.backup"
    before, media = _counts(source_env), _files(Path(settings.MEDIA_ROOT))
    start = time.perf_counter()
    made = cli("backup", str(archive))
    backup_s = time.perf_counter() - start
    fresh = {**source_env, "DJANGO_MEDIA_ROOT": str(work / "restored-media")}
    cleanups: list[Any] = []
    if source_env.get("DATABASE_URL", "").startswith("postgres"):
        import psycopg

        parts = urlsplit(source_env["DATABASE_URL"])
        admin = parts._replace(path="/postgres").geturl()
        name = f"{parts.path.lstrip('/')}_restored"
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        fresh["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as con:
                con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

        cleanups.append(drop)
    else:
        fresh["SERVICEHALL_SQLITE_PATH"] = str(work / "restored.sqlite3")
    try:
        start = time.perf_counter()
        restored = cli("restore", str(archive), env=fresh)
        restore_s = time.perf_counter() - start
        after = _counts(fresh)
        verified = cli("verify-issues", env=fresh)
    finally:
        for cleanup in cleanups:
            cleanup()
    same_files = _files(Path(fresh["DJANGO_MEDIA_ROOT"])) == media
    figures["backup_restore"] = {
        "backup_rc": made.returncode,
        "bytes": archive.stat().st_size if archive.exists() else 0,
        "mode": oct(archive.stat().st_mode & 0o777) if archive.exists() else "",
        "backup_s": round(backup_s, 1),
        "restore_rc": restored.returncode,
        "restore_s": round(restore_s, 1),
        "tables_equal": after == before,
        "files": len(media),
        "files_equal": same_files,
        "verify_rc": verified.returncode,
    }
    if (
        made.returncode
        or restored.returncode
        or after != before
        or not same_files
        or verified.returncode
        or archive.stat().st_mode & 0o077
    ):
        problems.append(
            f"backup → restore: {figures['backup_restore']} {made.stderr[-300:]}"
            f"{restored.stderr[-300:]}"
        )


def tampering(figures: dict[str, Any], problems: list[str]) -> None:
    """Each tampering of issue 23, done as the table owner (PostgreSQL's triggers off), is
    named by `verify-issues`: a file changed with its stored hash, a row changed, an issue
    un-published with its files deleted, re-ordered ledger entries."""
    from django.db import connection

    from servicehall.reports.models import Issue

    clean = cli("verify-issues")
    first, second = Issue.objects.filter(status="published").order_by("pk")[:2]
    forged = b"forged report"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE reports_issuefile SET content = %s, sha256 = %s, size = %s WHERE issue_id = %s",
            [forged, hashlib.sha256(forged).hexdigest(), len(forged), first.pk],
        )
        cursor.execute(
            "UPDATE reports_issue SET period_end = %s WHERE id = %s", ["2024-01-27", second.pk]
        )
        cursor.execute("UPDATE reports_ledgerentry SET seq = 1000 WHERE seq = 1")
        cursor.execute("UPDATE reports_ledgerentry SET seq = 1 WHERE seq = 2")
        cursor.execute("UPDATE reports_ledgerentry SET seq = 2 WHERE seq = 1000")
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    tampered = cli("verify-issues", "--json")
    try:
        found = json.loads(tampered.stdout)["breaks"]
    except (ValueError, KeyError):
        found = []
    kinds = sorted({b["kind"] for b in found})
    figures["tampering"] = {
        "clean_rc": clean.returncode,
        "tampered_rc": tampered.returncode,
        "breaks": len(found),
        "kinds": kinds,
    }
    if clean.returncode or tampered.returncode != 1 or not {"file", "row", "order"} <= set(kinds):
        problems.append(f"tampering: {figures['tampering']} {tampered.stderr[-300:]}")

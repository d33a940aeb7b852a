"""`make soak`'s security scenarios (issue 23), run against the soak's own database and
gunicorn, each through the real thing (HTTP as a browser or an API client, the real commands):
the poisoned events files uploaded on the import page while `servicehall worker` runs, the
sockpuppet approval (the leader made in Django admin), backup → restore into a fresh
installation with files, and each tampering of the archive named by `verify-issues`."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

PASSWORD = "soak-mima-2024-x"
POISONED = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "SOAK-N1,SOAK-C1,受理,2024-01-22\x00T09:30:00,公安\x00厅,,A01,张三\n"
).encode()
GOOD = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "SOAK-G1,SOAK-C2,受理,2024-01-22T09:30:00,,SOAK-H,,\n"
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


class Browser:
    """A browser's session over HTTP: its cookies, the CSRF token of the page it last read."""

    def __init__(self, base: str) -> None:
        self.base = base
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str, str]:
        """(status, body, Location)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        headers = {"Referer": self.base + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        if found := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text):
            self.csrf = found.group(1)
        return response.status, text, response.getheader("Location") or ""

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        body = urlencode({"csrfmiddlewaretoken": self.csrf, **fields}).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")

    def upload(
        self, path: str, fields: dict[str, str], name: str, data: bytes
    ) -> tuple[int, str, str]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {"csrfmiddlewaretoken": self.csrf, **fields}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}"
        )

    def sign_in(self, username: str, password: str, page: str = "/accounts/login/") -> bool:
        self.request("GET", page)
        status, _, _ = self.post(page, {"username": username, "password": password})
        return status == 302


def run(base: str, work: Path, figures: dict[str, Any], problems: list[str]) -> None:
    poisoned_file(base, figures, problems)
    sockpuppet(base, figures, problems)
    backup_restore(work, figures, problems)
    tampering(work, figures, problems)


def workbook_with_external_link() -> bytes:
    """An events workbook whose B2 reads another file (``testing.hostile``)."""
    from servicehall.testing.hostile import workbook_with_external_link as linked

    return linked(
        GOOD.decode().splitlines()[0].split(","),
        ["SOAK-X1", "SOAK-C3", "受理", "2024-01-22T09:00:00", "", "", "", ""],
    )


JOB_WAIT_S = 300


def poisoned_file(base: str, figures: dict[str, Any], problems: list[str]) -> None:
    """Issue 23's poisoned files uploaded on the import page by a center admin while
    `servicehall worker` runs: the events CSV with NUL bytes and the workbook with an external
    link each end as failed with their row errors, the good file uploaded after them is
    imported, and the worker is still running."""
    from servicehall.accounts.models import User
    from servicehall.core.models import Job
    from servicehall.core.roles import Role

    User.objects.create_user("soak-importer", password=PASSWORD, role=Role.ADMIN)
    worker = subprocess.Popen(
        [sys.executable, "-m", "servicehall.cli", "worker", "--poll", "0.5"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    try:
        browser = Browser(base)
        signed_in = browser.sign_in("soak-importer", PASSWORD)
        uploads = [
            ("poisoned.csv", POISONED),
            ("external-link.xlsx", workbook_with_external_link()),
            ("good.csv", GOOD),
        ]
        jobs: list[int] = []
        start = time.perf_counter()
        for name, data in uploads:
            browser.request("GET", "/cases/import/")
            status, _, location = browser.upload("/cases/import/", {}, name, data)
            found = re.search(r"/jobs/(\d+)/", location)
            if status != 302 or not found:
                problems.append(f"poisoned file: uploading {name} answered {status}")
                return
            jobs.append(int(found.group(1)))
        deadline = time.monotonic() + JOB_WAIT_S
        ended = {Job.Status.DONE, Job.Status.FAILED}
        while time.monotonic() < deadline:
            states = list(Job.objects.filter(pk__in=jobs).values_list("status", flat=True))
            if len(states) == len(jobs) and set(states) <= ended:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - start
        alive = worker.poll() is None
        pages = [browser.request("GET", f"/jobs/{pk}/")[0] for pk in jobs]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    found_jobs = {job.pk: job for job in Job.objects.filter(pk__in=jobs)}
    outcome = {}
    for (name, _), pk in zip(uploads, jobs, strict=True):
        job = found_jobs[pk]
        rows = [e for r in job.results for e in r.get("errors", [])]
        outcome[name] = {
            "status": job.status,
            "error": job.error,
            "row_error": f"第{rows[0]['row']}行 {rows[0]['field']}：{rows[0]['message']}"[:160]
            if rows
            else "",
        }
    figures["poisoned_file"] = {
        "signed_in": signed_in,
        "worker_alive": alive,
        "job_pages": pages,
        "seconds": round(seconds, 1),
        **outcome,
    }
    refused_with_rows = all(
        outcome[name]["status"] == Job.Status.FAILED and outcome[name]["row_error"]
        for name in ("poisoned.csv", "external-link.xlsx")
    )
    if (
        not signed_in
        or not alive
        or not refused_with_rows
        or outcome["good.csv"]["status"] != Job.Status.DONE
        or set(pages) != {200}
    ):
        problems.append(f"poisoned file: {figures['poisoned_file']}")


def sockpuppet(base: str, figures: dict[str, Any], problems: list[str]) -> None:
    """A superuser makes a second login a leader in Django admin (over HTTP, as a person would),
    drafts and submits an issue; that puppet's approval over the API is refused 403 with the
    reason."""
    from servicehall.accounts.models import User
    from servicehall.accounts.services import api_token
    from servicehall.bench.soak import Client
    from servicehall.core.roles import Role

    User.objects.create_superuser("soak-boss", password=PASSWORD)
    admin = Browser(base)
    signed_in = admin.sign_in("soak-boss", PASSWORD, page="/admin/login/")
    admin.request("GET", "/admin/accounts/user/add/")
    made, page, _ = admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "soak-puppet",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": Role.LEADER,
            "department": "",
            "_save": "保存",
        },
    )
    puppet_user = User.objects.filter(username="soak-puppet").first()
    if puppet_user is None or puppet_user.role != Role.LEADER:
        problems.append(f"sockpuppet: Django admin answered {made}, no leader made: {page[:300]}")
        return
    boss = Client(base, api_token("soak-boss"))
    puppet = Client(base, api_token("soak-puppet"))
    status, drafted, _ = boss.request(
        "POST", "/api/issues/draft/", {"series": "窗口工作周报", "week": "2024-01-24"}
    )
    pk = drafted["id"] if status in (200, 201) else None
    submitted = boss.request("POST", f"/api/issues/{pk}/submit/")[0] if pk else None
    approved, answer, _ = puppet.request("POST", f"/api/issues/{pk}/approve/")
    reason = (answer or {}).get("detail", "") if isinstance(answer, dict) else str(answer)
    figures["sockpuppet_approval"] = {
        "admin_signed_in": signed_in,
        "leader_made_in_admin": made,
        "draft": status,
        "submit": submitted,
        "approve": approved,
        "reason": reason,
    }
    if approved != 403 or "不能审核" not in reason or submitted not in (200, 201):
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


def _token_rows(env: dict[str, str], token: str) -> dict[str, int]:
    """In the database of ``env``: the rows of the token tables, and how many hold ``token``
    in plain text (a dump of PostgreSQL is compressed: its bytes cannot show it)."""
    code = (
        "import json, sys, django; django.setup(); from django.db import connection\n"
        "c = connection.cursor(); rows = plain = 0\n"
        "for n in connection.introspection.table_names():\n"
        "    if 'token' in n:\n"
        "        c.execute(f'SELECT * FROM {connection.ops.quote_name(n)}')\n"
        "        for row in c.fetchall():\n"
        "            rows += 1; plain += sys.argv[1] in repr(row)\n"
        "print(json.dumps({'rows': rows, 'plain': plain}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, token], capture_output=True, text=True, env=env, check=False
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
    # A token made by the command, as a center makes one: the archive holds its digest only.
    token = cli("api-token", "soak-boss", "--rotate").stdout.strip()
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
        tokens = _token_rows(fresh, token)
        verified = cli("verify-issues", env=fresh)
    finally:
        for cleanup in cleanups:
            cleanup()
    same_files = _files(Path(fresh["DJANGO_MEDIA_ROOT"])) == media
    token_kept = bool(token) and archive.exists() and token.encode() in archive.read_bytes()
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
        "token_in_archive": token_kept,
        "restored_tokens": tokens,
    }
    if (
        made.returncode
        or restored.returncode
        or after != before
        or not same_files
        or verified.returncode
        or archive.stat().st_mode & 0o077
        or not token
        or token_kept
        or tokens.get("plain") != 0
        or not tokens.get("rows")
    ):
        problems.append(
            f"backup → restore: {figures['backup_restore']} {made.stderr[-300:]}"
            f"{restored.stderr[-300:]}"
        )


def third_issue(work: Path) -> Any:
    """A third published issue for the tampering: the 2023 seed moved on a week (第10期)."""
    from servicehall.archive.services import store_report
    from servicehall.reports.disputes import accept_stated
    from servicehall.reports.models import Issue
    from servicehall.testing.seeds import SEED_2023_9

    text = SEED_2023_9.read_text(encoding="utf-8")
    for old, new in (
        ("第 9期（总第 429期）", "第 10期（总第 430期）"),
        ("2023年 3月 21日", "2023年 3月 28日"),
        ("（3月 6日—3月 10日）", "（3月 13日—3月 17日）"),
    ):
        text = text.replace(old, new, 1)
    path = work / "政务服务工作2023年第10期.txt"
    path.write_text(text, encoding="utf-8")
    issue = Issue.objects.get(pk=store_report(path).object_id)
    if issue.status == Issue.Status.DISPUTED:  # the soak's events contradict it
        accept_stated(issue, None, "soak：采用原文数字")
        issue.refresh_from_db()
    return issue


def tampering(work: Path, figures: dict[str, Any], problems: list[str]) -> None:
    """Each tampering of issue 23, done as the table owner (PostgreSQL's triggers off), is
    named by `verify-issues`: a file changed with its stored hash, a row changed, an issue
    un-published with its files deleted, re-ordered ledger entries."""
    from django.db import connection

    from servicehall.reports.models import Issue

    third = third_issue(work)
    if third.status != Issue.Status.PUBLISHED:
        problems.append(f"tampering: the third issue is {third.status}, not published")
        return
    clean = cli("verify-issues")
    first, second = Issue.objects.filter(status="published").exclude(pk=third.pk).order_by("pk")[:2]
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
        cursor.execute("UPDATE reports_issue SET status = 'draft' WHERE id = %s", [third.pk])
        cursor.execute("DELETE FROM reports_issuefile WHERE issue_id = %s", [third.pk])
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
    unpublished = sorted({b["kind"] for b in found if str(third) in b["where"]})
    figures["tampering"] = {
        "clean_rc": clean.returncode,
        "tampered_rc": tampered.returncode,
        "breaks": len(found),
        "kinds": kinds,
        "unpublished_named": unpublished,
        "named": [f"{b['kind']}: {b['where']}：{b['detail']}" for b in found],
    }
    if (
        clean.returncode
        or tampered.returncode != 1
        or not {"file", "row", "order", "missing"} <= set(kinds)
        or not {"row", "missing"} <= set(unpublished)
    ):
        problems.append(f"tampering: {figures['tampering']} {tampered.stderr[-300:]}")

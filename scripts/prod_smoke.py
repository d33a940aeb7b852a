"""The HTTP half of `make prod-smoke`: a center admin and a leader at work, as a browser and an
API client would send it. Exits non-zero on the first thing that is not as expected."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

BASE = sys.argv[1].rstrip("/")
SEED = Path(__file__).resolve().parent.parent / "servicehall/demo/data/past_issues"


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        sys.exit(1)


class Browser:
    """A session with cookies and CSRF, as a person's browser would hold it."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(BASE + path) as response:
            return response.read().decode()

    def post(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> str:
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in {**fields, "csrfmiddlewaretoken": self.csrf()}.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, data) in (files or {}).items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
            )
            body.write(data + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            BASE + path,
            data=body.getvalue(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": BASE + path,
            },
        )
        with self.opener.open(request) as response:
            return response.read().decode()


def api(method: str, path: str, token: str, payload: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        BASE + path,
        method=method,
        data=json.dumps(payload).encode() if payload is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def events_file(n: int) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(
        ["event_id", "case_id", "kind", "occurred_at", "department", "item_code", "window", "staff"]
    )
    for i in range(n):
        kind = ("consult", "accept", "transfer", "issue")[i % 4]
        writer.writerow(
            [
                f"SMOKE{i:06d}",
                f"SC{i // 4:05d}",
                kind,
                # A case's steps in their order (受理 before 流转 and 颁发), day by day.
                f"2024-01-{22 + (i // 4) % 5}T{9 + (i // 4) % 8:02d}:{10 + i % 4:02d}:00",
                "冒烟测试厅",
                "SMOKE-1",
                "Z01",
                "",
            ]
        )
    return text.getvalue().encode()


def main() -> None:
    admin, leader = os.environ["SMOKE_ADMIN_TOKEN"], os.environ["SMOKE_LEADER_TOKEN"]
    browser = Browser()
    browser.get("/accounts/login/")
    page = browser.post(
        "/accounts/login/", {"username": "smoke_admin", "password": "smoke-admin-mima-2024"}
    )
    check("退出" in page or "首页" in page, "a center admin logs in through the login page")

    browser.get("/cases/import/")
    started = time.perf_counter()
    page = wait_for_job(
        browser, browser.post("/cases/import/", {}, {"file": ("events.csv", events_file(4000))})
    )
    check(
        "新增 4000 条" in page,
        f"an events file of 4,000 rows is imported by the worker, the page watching ({time.perf_counter() - started:.1f} s)",
    )
    page = wait_for_job(
        browser, browser.post("/cases/import/", {}, {"file": ("events.csv", events_file(4000))})
    )
    check("新增 0 条" in page, "the same file again changes nothing")

    status, stats = api("GET", "/api/stats/?from=2024-01-22&to=2024-01-26", admin)
    check(
        status == 200 and stats["period"]["consult"] == 1000 and stats["period"]["accept"] == 1000,
        f"the stats API counts the imported week: {stats.get('period')}",
    )
    check(
        api("GET", "/api/stats/?from=2024-01-22&to=2024-01-26", "wrong")[0] == 401,
        "a wrong token is refused",
    )

    status, issue = api(
        "POST", "/api/issues/draft/", admin, {"series": "窗口工作周报", "week": "2024-01-24"}
    )
    check(
        status == 201 and issue["figures"].get("window.week.accept") == 1000,
        "an admin drafts the week's issue over the API, its figures from the import",
    )
    pk = issue["id"]
    check(api("POST", f"/api/issues/{pk}/submit/", admin)[0] == 200, "the admin submits it")
    check(
        api("POST", f"/api/issues/{pk}/publish/", admin)[0] == 409,
        "it cannot be published before approval",
    )
    check(
        api("POST", f"/api/issues/{pk}/approve/", leader, {"note": "同意"})[0] == 200,
        "the leader approves it",
    )
    started = time.perf_counter()
    status, queued = api("POST", f"/api/issues/{pk}/publish/", admin, {"issue_date": "2024-01-29"})
    answered = time.perf_counter() - started
    check(
        status == 202 and queued["issue"]["status"] == "approved",
        f"the admin publishes it: queued as job #{queued.get('job')} in {answered:.2f} s",
    )
    deadline = time.monotonic() + 300
    published: dict = {}
    while time.monotonic() < deadline:
        published = api("GET", f"/api/issues/{pk}/", admin)[1]
        if published.get("status") == "published":
            break
        time.sleep(1)
    check(
        published.get("status") == "published" and published.get("number") == 1,
        f"the worker renders, audits and publishes it: 2024年第{published.get('number')}期 "
        f"({time.perf_counter() - started:.1f} s, DOCX and PDF rendered)",
    )
    pdf = (
        urllib.request.build_opener(urllib.request.HTTPCookieProcessor(browser.jar))
        .open(f"{BASE}/reports/{pk}/download/pdf/")
        .read()
    )
    check(pdf.startswith(b"%PDF") and len(pdf) > 10_000, f"its PDF downloads ({len(pdf):,} bytes)")

    browser.get("/archive/upload/")
    seed = next(SEED.glob("*.txt"))
    page = browser.post("/archive/upload/", {}, {"files": (seed.name, seed.read_bytes())})
    check(re.search(r"后台任务 #(\d+)", page) is not None, "a past report is uploaded and queued")
    check("已完成" in wait_for_job(browser, page), "the worker imports it")


def wait_for_job(browser: Browser, page: str) -> str:
    """Follow a job page (the app redirected to it) until the worker has finished the job."""
    job = re.search(r"后台任务 #(\d+)", page)
    check(job is not None, "the upload is queued as a background job")
    assert job is not None
    for _ in range(200):
        if "已完成" in page or "失败" in page:
            return page
        time.sleep(0.3)
        page = browser.get(f"/jobs/{job.group(1)}/")
    return page


if __name__ == "__main__":
    main()

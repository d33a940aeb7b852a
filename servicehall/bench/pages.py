"""Each page's server time for each demo login (issue 24: ≤ 300 ms on the demo).

    servicehall demo && python -m servicehall.bench.pages [--repeat 5] [--markdown]

Every menu entry a login's role sees, plus the pages behind them that people open most (the
period report, the trend pages, a case list); each requested once to warm up, then
``--repeat`` times through Django's test client in this process (no network: the server's
own time), the median kept, with the number of SQL queries."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TARGET_MS = 300.0
# Pages not in the menu that the menu's pages link to, and the demo's people open.
EXTRA = ["/flow/", "/ranking/", "/reports/trends/", "/cases/all/", "/archive/trends/"]


@dataclass
class PageTime:
    """One page for one login: its median server time and its queries."""

    login: str
    role: str
    path: str
    status: int
    median_ms: float
    cpu_ms: float  # this process's CPU time: the server's own work, whatever the machine's load
    queries: int

    @property
    def ok(self) -> bool:
        return self.median_ms <= TARGET_MS


def measure(repeat: int = 5, logins: list[str] | None = None) -> list[PageTime]:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from servicehall.accounts.models import User
    from servicehall.core.hooks import menu_entries
    from servicehall.demo.people import DEMO_LOGINS

    rows: list[PageTime] = []
    for username, role, _department in DEMO_LOGINS:
        if logins and username not in logins:
            continue
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        paths = []
        for entry in menu_entries():
            if entry.roles is not None and user.effective_role not in entry.roles:
                continue
            try:
                path = entry.target if entry.target.startswith("/") else reverse(entry.target)
            except NoReverseMatch:
                continue
            paths.append(path)
        paths += [p for p in EXTRA if p not in paths]
        for path in paths:
            first = client.get(path)  # warm: templates compiled, caches filled
            if first.status_code in (403, 404):
                continue  # not this role's page
            times = []
            queries: list[str] = []

            def count(
                execute: Callable[..., Any],
                sql: str,
                params: Any,
                many: bool,
                context: dict[str, Any],
                queries: list[str] = queries,
            ) -> Any:
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(path)
            cpu = []
            for _ in range(repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            rows.append(
                PageTime(
                    username,
                    role,
                    path,
                    first.status_code,
                    statistics.median(times),
                    statistics.median(cpu),
                    len(queries),
                )
            )
    return rows


def markdown(rows: list[PageTime]) -> str:
    lines = [
        f"| login | role | page | status | median server ms (target ≤ {TARGET_MS:.0f}) "
        "| of which CPU ms | SQL queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        mark = "" if r.ok else " ✗"
        lines.append(
            f"| {r.login} | {r.role} | `{r.path}` | {r.status} | {r.median_ms:.0f}{mark} "
            f"| {r.cpu_ms:.0f} | {r.queries} |"
        )
    slowest = max(rows, key=lambda r: r.median_ms)
    lines.append("")
    lines.append(
        f"Slowest: `{slowest.path}` for {slowest.login}, {slowest.median_ms:.0f} ms; "
        f"{sum(1 for r in rows if r.ok)} of {len(rows)} pages within {TARGET_MS:.0f} ms."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="only paths starting with this")
    parser.add_argument("--login", action="append", help="only these demo logins")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    import django

    django.setup()
    from django.conf import settings

    # The test client's host, and the plain static storage (no collectstatic needed).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rows = measure(args.repeat, args.login)
    if args.only:
        rows = [r for r in rows if r.path.startswith(args.only)]
    print(markdown(rows))
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

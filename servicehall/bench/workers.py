"""gunicorn's worker class and count for this machine, by measurement (issue 24):

    scripts/with-postgres.sh sh -c 'DATABASE_URL=$THROWAWAY_POSTGRES_URL \\
        .venv/bin/python -m servicehall.bench.workers'

Loads the demo into the database the environment names (if empty), then serves it with each
candidate — sync workers 2, 3, 4 and 5; gthread 2×4 and 3×2 — and drives the bare insert,
POST /api/case-events/ and GET /api/stats/ with wrk at 4 and 8 connections. Prints a Markdown
table for docs/deployment.md."""

from __future__ import annotations

import os
import sys

CANDIDATES = [  # (label, worker class, workers, threads)
    ("sync ×2", "sync", 2, 1),
    ("sync ×3", "sync", 3, 1),
    ("sync ×4", "sync", 4, 1),
    ("sync ×5", "sync", 5, 1),
    ("gthread 2×4", "gthread", 2, 4),
    ("gthread 3×2", "gthread", 3, 2),
]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from servicehall.accounts.models import User
    from servicehall.accounts.services import api_token
    from servicehall.bench import load
    from servicehall.cases.models import CaseEvent
    from servicehall.core.roles import Role

    call_command("migrate", verbosity=0)
    if not CaseEvent.objects.exists():
        call_command("demo", verbosity=0)
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    token = api_token(admin.username, rotate=True)
    stats = "/api/stats/?from=2024-01-22&to=2024-01-26"
    lines = [
        "| gunicorn | connections | bare insert req/s | POST case-events req/s (p99 ms) "
        "| ratio | GET stats req/s (p99 ms) |",
        "|---|---|---|---|---|---|",
    ]
    for label, worker_class, workers, threads in CANDIDATES:
        env = {
            **os.environ,
            "SERVICEHALL_WORKER_CLASS": worker_class,
            "SERVICEHALL_THREADS": str(threads),
        }
        with load.gunicorn("servicehall.bench.wsgi", env, workers=workers) as url:
            for connections in (4, 8):
                bare = load.wrk(url + "/bench/bare-insert/", token=token, body="{}", seconds=2)
                bare = load.wrk(
                    url + "/bench/bare-insert/", token=token, body="{}", connections=connections
                )
                body = '{"kind": "consult", "window_code": "A01"}'
                load.wrk(url + "/api/case-events/", token=token, body=body, seconds=2)
                post = load.wrk(
                    url + "/api/case-events/", token=token, body=body, connections=connections
                )
                load.wrk(url + stats, token=token, seconds=2)
                get = load.wrk(url + stats, token=token, connections=connections)
                lines.append(
                    f"| {label} | {connections} | {bare.requests_per_s:,.0f} "
                    f"| {post.requests_per_s:,.0f} ({post.raw_p99_ms:.0f}) "
                    f"| {post.requests_per_s / bare.requests_per_s:.2f}× "
                    f"| {get.requests_per_s:,.0f} ({get.raw_p99_ms:.0f}) |"
                )
                print(lines[-1], flush=True)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

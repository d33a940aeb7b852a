"""One window write, statement by statement: what ``make soak``'s clients pay per request.

``python -m servicehall.bench.write_profile sqlite|postgresql [--repeat 200]`` migrates a fresh
database as the soak does (``SOAK_POSTGRES_URL`` for PostgreSQL), posts a 受理 and a 流转
through the API in this process (Django's test client: no server, no network), prints each
statement of one of them with its time, then the median time of ``--repeat`` more of each
(wall clock, and this process's CPU time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from servicehall.bench.soak import PASSWORD, _database, acceptance, soak_item


@contextmanager
def statements() -> Iterator[list[tuple[float, str]]]:
    """Each statement this process sends while inside, with its seconds."""
    from django.db import connection

    seen: list[tuple[float, str]] = []

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((time.perf_counter() - start, sql))

    with connection.execute_wrapper(timed):
        yield seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", choices=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="servicehall-write-profile-"))
    dropdb = _database(args.database, work)
    try:
        return _profile(args.repeat)
    finally:
        dropdb()


def _profile(repeat: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.accounts.services import api_token
    from servicehall.core.roles import Role

    call_command("migrate", verbosity=0)
    User.objects.create_user("soak-clerk", password=PASSWORD, role=Role.STAFF)
    token = api_token("soak-clerk", rotate=True)
    item = soak_item()
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", SERVER_NAME="127.0.0.1")

    cpu: dict[str, list[float]] = {"accept": [], "transfer": []}

    def post(body: dict[str, Any]) -> float:
        start, used = time.perf_counter(), time.process_time()
        answer = client.post("/api/case-events/", body, content_type="application/json")
        assert answer.status_code == 201, answer.content
        cpu[body["kind"]].append(time.process_time() - used)
        return time.perf_counter() - start

    def accept() -> tuple[float, str]:
        case_no = f"PROFILE-{uuid.uuid4().hex[:10]}"
        return post(acceptance(case_no, item)), case_no

    _, case_no = accept()  # the first loads the URLs and the working calendar
    post({"kind": "transfer", "case_no": case_no})
    for kind, step in (
        ("accept", lambda: accept()[1]),
        ("transfer", lambda: post({"kind": "transfer", "case_no": case_no})),
    ):
        with statements() as seen:
            step()
        total = sum(seconds for seconds, _ in seen)
        print(f"== one {kind}: {len(seen)} statements, {total * 1000:.2f} ms in the database")
        for seconds, sql in seen:
            print(f"{seconds * 1000:8.2f} ms  {' '.join(sql.split())[:150]}")
    for spent in cpu.values():
        spent.clear()
    accepts = [accept()[0] for _ in range(repeat)]
    transfers = [post({"kind": "transfer", "case_no": case_no}) for _ in range(repeat)]
    # The CPU time is this process's own (Python and SQLite's work): what a gunicorn worker's
    # core pays per request, whatever the disk's fsync at COMMIT and the machine's load add.
    print(
        f"== median of {repeat}: accept {statistics.median(accepts) * 1000:.1f} ms "
        f"({statistics.median(cpu['accept']) * 1000:.1f} ms CPU), "
        f"transfer {statistics.median(transfers) * 1000:.1f} ms "
        f"({statistics.median(cpu['transfer']) * 1000:.1f} ms CPU) (whole request, in process)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

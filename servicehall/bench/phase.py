"""One database's figures (``python -m servicehall.bench.phase NAME WORKDIR``): the demo, draft,
DOCX and PDF; the scale files imported in fresh processes; figures after each; the API under load.

The database is the one the environment names (``DATABASE_URL`` or ``SERVICEHALL_SQLITE_PATH``),
migrated here. Results go to ``WORKDIR/results-NAME.json``; progress lines to stdout.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WEEK = (dt.date(2025, 6, 2), dt.date(2025, 6, 6))  # a week of the scale files' year
DEMO_WEEK = (dt.date(2024, 1, 22), dt.date(2024, 1, 26))  # 2024年第4期


def say(text: str) -> None:
    print(text, flush=True)


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def import_in_child(path: Path) -> dict[str, Any]:
    """``servicehall import-events`` in a fresh process: seconds, its own peak RSS, its answer."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "servicehall.bench.child", str(path)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    seconds = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    report.update(seconds=seconds, returncode=done.returncode)
    if done.returncode and "error" not in report:
        report["error"] = (done.stderr or done.stdout).strip()[-300:]
    return report


def steps_line(steps: dict[str, float]) -> str:
    """Each step of an import with its seconds and share of their sum."""
    total = sum(steps.values()) or 1.0
    return ", ".join(f"{step} {s:.1f} s ({s / total:.0%})" for step, s in steps.items())


def imports_only(name: str, work: Path, scales: list[int]) -> None:
    """``BENCH_ONLY=import``: the scale files imported one after the other into a fresh
    database, each step's seconds, rows/s and peak RSS; then each re-imported."""
    import django

    django.setup()
    from django.core.management import call_command

    from servicehall.cases.models import CaseEvent

    call_command("migrate", verbosity=0)
    out: dict[str, Any] = {"database": name, "scales": []}
    for rows in scales:
        report = import_in_child(work / f"scale-{rows}.csv")
        figures = {"rows": rows, "events": CaseEvent.objects.count(), **report}
        out["scales"].append(figures)
        say(
            f"[{name}] import {rows:,}: {report['seconds']:.1f} s = "
            f"{rows / report['seconds']:,.0f} rows/s (target ≥ 150,000), peak RSS "
            f"{report.get('rss_mib', 0):,.0f} MiB (target ≤ 1,024); CPU "
            f"{report.get('cpu_s', 0):.1f} s + server {report.get('server_cpu_s', 0):.1f} s; "
            f"{report.get('error', '')}"
        )
        say(f"[{name}]   steps: {steps_line(report.get('steps', {}))}")
        again = import_in_child(work / f"scale-{rows}.csv")
        figures["reimport_s"] = again["seconds"]
        say(f"[{name}]   re-import: {again['seconds']:.1f} s")
    (work / f"results-{name}.json").write_text(json.dumps(out, default=str), encoding="utf-8")


def main(name: str, work: Path, scales: list[int]) -> None:
    if os.environ.get("BENCH_ONLY") == "import":
        imports_only(name, work, scales)
        return
    import django

    django.setup()
    from django.core.management import call_command

    from servicehall.accounts.models import User
    from servicehall.bench import load
    from servicehall.cases.importer import import_events
    from servicehall.cases.models import CaseEvent
    from servicehall.core.context import acting_as
    from servicehall.core.roles import Role
    from servicehall.figures import Period, case_counts_by_department, stats
    from servicehall.gbt9704 import render_docx
    from servicehall.gbt9704.document import document_from_json
    from servicehall.gbt9704.pdf import render_pdf
    from servicehall.reports.drafting import draft_issue, find_series

    out: dict[str, Any] = {"database": name}
    call_command("migrate", verbosity=0)
    with acting_as(None, source="command"):
        start = time.perf_counter()
        call_command("demo", verbosity=0, stdout=io.StringIO())  # not its list of logins
        out["demo_s"] = time.perf_counter() - start
        out["demo_events"] = CaseEvent.objects.count()
        say(f"[{name}] demo: {out['demo_s']:.1f} s, {out['demo_events']:,} events")
        small = work / "demo-year-60k.csv"
        start = time.perf_counter()
        import_events(small)
        out["small_import_s"] = time.perf_counter() - start
        start = time.perf_counter()
        import_events(small)
        out["small_reimport_s"] = time.perf_counter() - start
        week = Period(*DEMO_WEEK)
        out["demo_stats_ms"] = median_ms(lambda: stats(week), 50)
        series = find_series("窗口工作周报")
        day = dt.date(2024, 1, 24)
        out["draft_ms"] = median_ms(lambda: draft_issue(series, day), 5)
        out["draft_docx_ms"] = median_ms(
            lambda: render_docx(document_from_json(draft_issue(series, day).document)), 5
        )
        doc = document_from_json(draft_issue(series, day).document)
        start = time.perf_counter()
        render_pdf(doc)
        out["pdf_first_ms"] = (time.perf_counter() - start) * 1000  # LibreOffice starts
        out["pdf_ms"] = median_ms(lambda: render_pdf(doc), 5)
        say(
            f"[{name}] draft {out['draft_ms']:.0f} ms, draft+DOCX {out['draft_docx_ms']:.0f} ms,"
            f" PDF {out['pdf_ms']:.0f} ms (first {out['pdf_first_ms']:.0f} ms)"
        )

        from servicehall.bench import web

        clerk = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
        out["chart_page"] = web.first_visit_bytes(clerk)
        admin_login = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
        out["publish_request_ms"] = web.publish_request_ms(admin_login)
        say(
            f"[{name}] chart page first visit {out['chart_page']['total']:,} bytes; "
            f"publish request {out['publish_request_ms']:.0f} ms (the worker renders)"
        )

        from servicehall.bench import archive

        out["archive"] = archive.measure()
        say(f"[{name}] {archive.line(out['archive'])}")

    out["scales"] = []
    if scales:
        before = CaseEvent.objects.count()
        bad = import_in_child(work / f"bad-{scales[0]}.csv")
        out["bad"] = {**bad, "unchanged": CaseEvent.objects.count() == before}
        say(
            f"[{name}] bad file: {bad['seconds']:.1f} s, nothing written: {out['bad']['unchanged']}"
        )
    period = Period(*WEEK)
    for rows in scales:
        report = import_in_child(work / f"scale-{rows}.csv")
        events = CaseEvent.objects.count()
        figures = {
            "rows": rows,
            "events": events,
            **report,
            "stats_ms": median_ms(lambda: stats(period), 50),
            "by_department_ms": median_ms(lambda: case_counts_by_department(period), 20),
            "stats": stats(period),
        }
        out["scales"].append(figures)
        say(
            f"[{name}] import {rows:,}: {report['seconds']:.1f} s = "
            f"{rows / report['seconds']:,.0f} rows/s, peak RSS {report.get('rss_mib', 0):,.0f} MiB; "
            f"stats at {events:,} events {figures['stats_ms']:.2f} ms"
        )
        say(f"[{name}]   steps: {steps_line(report.get('steps', {}))}")
        again = import_in_child(work / f"scale-{rows}.csv")
        figures["reimport_s"] = again["seconds"]

    if name == "postgresql" and scales:
        out["copy_rows_per_s"] = copy_rate(work / f"scale-{scales[-1]}.csv", scales[-1])
        say(f"[{name}] COPY into a plain table: {out['copy_rows_per_s']:,.0f} rows/s")

    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    from servicehall.accounts.services import api_token

    token = api_token(admin.username, rotate=True)
    env = os.environ.copy()
    # As deployed (deploy/gunicorn.conf.py): sync workers, 2 per core.
    workers = int(env.get("SERVICEHALL_WORKERS") or 2 * (os.cpu_count() or 1))
    out["workers"] = workers
    with load.gunicorn("servicehall.bench.hello:application", env, workers=workers) as url:
        out["hello"] = load.measure(url + "/").as_dict()
    # The API and its reference, a bare view inserting one row, on one server (bench.wsgi),
    # measured in turns so that the machine's drift falls on both alike.
    with load.gunicorn("servicehall.bench.wsgi", env, workers=workers) as url:
        bare, post = load.in_turns(
            [
                (url + "/bench/bare-insert/", "{}"),
                (url + "/api/case-events/", '{"kind": "consult", "window_code": "A01"}'),
            ],
            token=token,
        )
        out["bare_post"], out["api_post"] = bare.as_dict(), post.as_dict()
        out["post_ratio"] = load.median_ratio(post, bare)
        stats_week = WEEK if scales else DEMO_WEEK  # the scale files' year, or the demo's
        query = f"/api/stats/?from={stats_week[0]}&to={stats_week[1]}"
        out["api_stats"] = load.measure(url + query, token=token).as_dict()
    out["stats_events"] = CaseEvent.objects.count()
    say(
        f"[{name}] hello {out['hello']['requests_per_s']:,.0f} req/s; "
        f"bare insert {out['bare_post']['requests_per_s']:,.0f} req/s; "
        f"POST case-events {out['api_post']['requests_per_s']:,.0f} req/s "
        f"(p99 {out['api_post']['raw_p99_ms']:.0f} ms) = {out['post_ratio']:.2f}× the bare insert "
        f"(target ≥ 0.7×); GET stats at {out['stats_events']:,} events "
        f"{out['api_stats']['requests_per_s']:,.0f} req/s (p99 {out['api_stats']['raw_p99_ms']:.0f}"
        f" ms, target ≤ 50 ms; wrk's corrected p99 {out['api_stats']['p99_ms']:.0f} ms, slowest "
        f"{out['api_stats']['max_ms']:.0f} ms)"
    )
    (work / f"results-{name}.json").write_text(json.dumps(out, default=str), encoding="utf-8")


def copy_rate(path: Path, rows: int) -> float:
    """PostgreSQL ``COPY`` of the file into a plain logged table (no index, no constraint):
    the server's own load rate, the ceiling of any import."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_copy (event_id text, case_id text, kind text, "
            "occurred_at timestamp, department text, item_code text, window_code text, "
            "staff text)"
        )
        start = time.perf_counter()
        with (
            path.open("rb") as source,
            cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_copy")
    return rows / seconds


if __name__ == "__main__":
    wanted = sys.argv[3]
    main(
        sys.argv[1],
        Path(sys.argv[2]),
        [] if wanted == "none" else [int(n) for n in wanted.split(",")],
    )

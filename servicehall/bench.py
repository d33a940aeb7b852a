"""`make bench`: the timings that matter, on a throwaway SQLite database (or DATABASE_URL).

Prints figures only; no assertion here: targets are read by people, not by the test suite.
Targets: draft + DOCX under 1 s, PDF under 2 s on the demo data; an events file of
BENCH_ROWS rows (2,000,000 by default: random event ids, 60 departments, a year) imported at
150,000 rows/s in under 1 GiB, and rejected whole when its last row is bad.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _setup() -> Path:
    work = Path(tempfile.mkdtemp(prefix="servicehall-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["SERVICEHALL_SQLITE_PATH"] = str(work / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return work


def timed(label: str, fn, repeat: int = 1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    suffix = f"（{repeat} 次，最快 {best * 1000:.0f} ms）" if repeat > 1 else ""
    print(f"{label:<36} {median * 1000:>9.0f} ms{suffix}")
    sys.stdout.flush()
    return result


def write_events(path: Path, n: int, seed: int = 1) -> None:
    """Events of the demo's 2024 into its departments, for the import on top of the demo."""
    write_acceptance_events(path, n, seed=seed, start=dt.datetime(2024, 1, 1), days=120)


def main() -> None:
    work = _setup()
    from django.core.management import call_command

    from servicehall.cases.importer import import_events
    from servicehall.figures import Period, stats
    from servicehall.history.context import acting_as
    from servicehall.reports.document import document_from_json
    from servicehall.reports.drafting import draft_issue, find_series
    from servicehall.reports.render import render_docx, render_pdf

    print(
        f"ServiceHall bench — database: {os.environ.get('DATABASE_URL') or os.environ['SERVICEHALL_SQLITE_PATH']}"
    )
    with acting_as(None, source="command"):
        timed("demo data set (servicehall demo)", lambda: call_command("demo", verbosity=0))
        events = work / "events.csv"
        write_events(events, 60_000)
        timed("import-events, 60,000 rows", lambda: import_events(events))
        timed("re-import of the same file", lambda: import_events(events))
        week = Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
        timed("stats (week + year to date)", lambda: stats(week), repeat=20)
        series = find_series("窗口工作周报")
        issue = timed(
            "draft-issue 2024-01-22 (窗口工作周报)",
            lambda: draft_issue(series, dt.date(2024, 1, 24)),
            repeat=5,
        )
        doc = document_from_json(issue.document)
        timed("render DOCX", lambda: render_docx(doc), repeat=5)
        timed(
            "draft + DOCX",
            lambda: render_docx(
                document_from_json(draft_issue(series, dt.date(2024, 1, 24)).document)
            ),
            repeat=5,
        )
        timed("render PDF (LibreOffice)", lambda: render_pdf(doc), repeat=3)
    scale(work)


def write_acceptance_events(
    path: Path,
    n: int,
    seed: int = 7,
    bad_last: bool = False,
    start: dt.datetime = dt.datetime(2025, 1, 1),
    days: int = 365,
) -> None:
    """Events as the acceptance checks make them: random ids, 60 departments, a year."""
    from servicehall.cases.eventfile import COLUMNS
    from servicehall.cases.models import EventKind
    from servicehall.demo.departments import DEPARTMENT_NAMES

    rng = random.Random(seed)
    kinds = list(EventKind.values)
    departments = [*DEPARTMENT_NAMES, *(f"市级部门{i}" for i in range(60 - len(DEPARTMENT_NAMES)))]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for _ in range(n):
            when = start + dt.timedelta(seconds=rng.randrange(days * 86400))
            writer.writerow(
                [
                    f"{rng.getrandbits(64):016x}",
                    f"SC{rng.randrange(n // 3 or 1):09d}",
                    rng.choice(kinds),
                    when.isoformat(timespec="seconds"),
                    rng.choice(departments),
                    f"ITEM-{rng.randrange(2000)}",
                    f"A{rng.randrange(30):02d}",
                    f"S{rng.randrange(500):04d}",
                ]
            )
        if bad_last:
            writer.writerow(["BAD", "SC1", "accept", "2025-13-01T09:00:00", "公安厅", "", "", ""])


def _import_in_child(path: Path) -> tuple[float, float, str]:
    """``servicehall import-events`` in a fresh process: seconds, its peak RSS in MiB, output."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "servicehall.cli", "import-events", str(path), "--quiet"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, (done.stdout + done.stderr).strip()


def scale(work: Path) -> None:
    from servicehall.cases.models import CaseEvent
    from servicehall.figures import Period, stats

    rows = int(os.environ.get("BENCH_ROWS", "2000000"))
    good, bad = work / "scale.csv", work / "scale-bad.csv"
    write_acceptance_events(good, rows)
    write_acceptance_events(bad, rows, seed=8, bad_last=True)
    before = CaseEvent.objects.count()
    seconds, rss, out = _import_in_child(bad)
    unchanged = CaseEvent.objects.count() == before
    print(
        f"{'import-events, bad last row (rejected)':<36} {seconds:>9.1f} s  "
        f"nothing written: {unchanged}; {out.splitlines()[-1][:60] if out else ''}"
    )
    seconds, rss, out = _import_in_child(good)
    print(
        f"{f'import-events, {rows:,} rows':<36} {seconds:>9.1f} s  {rows / seconds:,.0f} rows/s, "
        f"peak RSS {rss:,.0f} MiB (target 150,000 rows/s)"
    )
    seconds, _, _ = _import_in_child(good)
    print(f"{'re-import of the same file':<36} {seconds:>9.1f} s")
    events = CaseEvent.objects.count()
    week = Period(dt.date(2025, 6, 2), dt.date(2025, 6, 6))
    timed(f"stats week + YTD at {events:,} events", lambda: stats(week), repeat=50)


if __name__ == "__main__":
    main()

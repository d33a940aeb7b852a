"""``python -m servicehall.bench`` (``make bench``): see the package's docstring.

SQLite runs in a throwaway file; PostgreSQL on the server of ``BENCH_POSTGRES_URL`` (``make
bench`` starts a throwaway one); without it the PostgreSQL half is left out and says so.
``BENCH_SCALES`` (default ``2000000,10000000``) are the sizes of the files imported one after
the other, so the second's figures are taken with both in the log; ``BENCH_SCALES=none``
leaves the imports out (the API, pages and documents only, at the demo's size). ``BENCH_ONLY=import``
(``make bench-import``) runs only the imports: each step's seconds and share, rows/s and peak
RSS against their targets, kept in docs/benchmarks.md's import section.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from servicehall.bench import data
from servicehall.bench.phase import WEEK
from servicehall.bench.report import write_import_markdown, write_markdown

ROOT = Path(__file__).resolve().parents[2]


def duckdb_reference(files: list[Path]) -> dict[str, Any]:
    """The same week + year-to-date counts and per-department week, by DuckDB over the files."""
    import duckdb

    con = duckdb.connect()
    source = (
        "read_csv([" + ", ".join(f"'{f}'" for f in files) + "], header=true, "
        "columns={'event_id': 'VARCHAR', 'case_id': 'VARCHAR', 'kind': 'VARCHAR', "
        "'occurred_at': 'TIMESTAMP', 'department': 'VARCHAR', 'item_code': 'VARCHAR', "
        "'window': 'VARCHAR', 'staff': 'VARCHAR'})"
    )
    start, end = WEEK
    year = dt.date(end.year, 1, 1)

    def counts(since: dt.date) -> dict[str, int]:
        rows = con.execute(
            f"SELECT kind, count(*) FROM {source} WHERE occurred_at::DATE BETWEEN ? AND ? "
            "GROUP BY kind",
            [since, end],
        ).fetchall()
        return {kind: int(n) for kind, n in rows}

    def figures() -> dict[str, dict[str, int]]:
        return {"period": counts(start), "ytd": counts(year)}

    def by_department() -> int:
        return len(
            con.execute(
                f"SELECT department, kind, count(*) FROM {source} "
                "WHERE occurred_at::DATE BETWEEN ? AND ? GROUP BY department, kind",
                [start, end],
            ).fetchall()
        )

    times, result = [], {}
    for _ in range(3):
        t = time.perf_counter()
        result = figures()
        times.append(time.perf_counter() - t)
    dept_times = []
    for _ in range(3):
        t = time.perf_counter()
        by_department()
        dept_times.append(time.perf_counter() - t)
    return {
        "stats_ms": sorted(times)[1] * 1000,
        "by_department_ms": sorted(dept_times)[1] * 1000,
        "stats": result,
    }


def machine() -> dict[str, str]:
    def first(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "-"

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    import sqlite3

    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores, {memory} GiB",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": first(["sh", "-c", "ls /usr/lib/postgresql | sort -V | tail -n 1"]),
        "libreoffice": first(["soffice", "--version"]).split(" (")[0].split(" 4")[0],
        "date": dt.date.today().isoformat(),
    }


def main() -> int:
    wanted = os.environ.get("BENCH_SCALES", "2000000,10000000")
    scales = [] if wanted == "none" else [int(n) for n in wanted.split(",")]
    work = Path(tempfile.mkdtemp(prefix="servicehall-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    import django

    django.setup()
    started = time.perf_counter()
    print(f"ServiceHall bench — files in {work}; scales {scales}", flush=True)
    t = time.perf_counter()
    only_import = os.environ.get("BENCH_ONLY") == "import"
    if not only_import:
        data.write_demo_year_events(work / "demo-year-60k.csv", 60_000)
    if scales and not only_import:
        data.write_acceptance_events(
            work / f"bad-{scales[0]}.csv", scales[0], seed=8, bad_last=True
        )
    for i, rows in enumerate(scales):
        data.write_acceptance_events(work / f"scale-{rows}.csv", rows, seed=7 + 10 * i)
    print(f"event files written in {time.perf_counter() - t:.0f} s", flush=True)

    references = []
    for i, rows in enumerate([] if only_import else scales):
        files = [work / f"scale-{n}.csv" for n in scales[: i + 1]]
        references.append({"rows": rows, **duckdb_reference(files)})
        print(f"DuckDB at {sum(scales[: i + 1]):,} file rows: {references[-1]['stats_ms']:.0f} ms")

    databases: list[tuple[str, dict[str, str]]] = [
        ("sqlite", {"SERVICEHALL_SQLITE_PATH": str(work / "bench.sqlite3"), "DATABASE_URL": ""})
    ]
    if os.environ.get("BENCH_POSTGRES_URL"):
        databases.append(("postgresql", {"DATABASE_URL": os.environ["BENCH_POSTGRES_URL"]}))
    else:
        print("BENCH_POSTGRES_URL not set: PostgreSQL left out (make bench starts one)")
    results = []
    for name, env in databases:
        environment = {**os.environ, **env, "SERVICEHALL_VAR_DIR": str(work / f"var-{name}")}
        if not env.get("DATABASE_URL"):
            environment.pop("DATABASE_URL", None)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "servicehall.bench.phase",
                name,
                str(work),
                ",".join(map(str, scales)) or "none",
            ],
            env=environment,
            cwd=ROOT,
        )
        if done.returncode:
            print(f"{name}: the phase failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode
        results.append(json.loads((work / f"results-{name}.json").read_text(encoding="utf-8")))
    total = time.perf_counter() - started
    if only_import:
        text = write_import_markdown(ROOT / "docs" / "benchmarks.md", machine(), results, total)
        print()
        print(text)
        return 0
    text = write_markdown(ROOT / "docs" / "benchmarks.md", machine(), results, references, total)
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where an API figure's tail goes (issue 24): ``GET /api/stats/`` (or any URL) under wrk, with
the server watched while it runs.

    PG_OPTIONS='-c log_min_duration_statement=50 -c log_checkpoints=on \\
        -c log_autovacuum_min_duration=0' scripts/with-postgres.sh sh -c \\
        'DATABASE_URL=$THROWAWAY_POSTGRES_URL .venv/bin/python -m servicehall.bench.stalls'

Loads the demo into the database the environment names if it holds no events, then for each
round serves ``bench.timed`` (the bench's gunicorn app, each request's wall, CPU, statements and
garbage collection logged by the worker) and drives the URL with wrk. Meanwhile, every 0.1 s,
PostgreSQL's own processes (``pg_stat_activity``: autovacuum workers, the checkpointer's
phase, what client backends wait on, ``pg_stat_progress_vacuum``), and every second the CPU
seconds of each process on the machine (gunicorn's workers, PostgreSQL, wrk, everything else)
and the kernel's pressure stall figures. Before and after each round: ``pg_stat_bgwriter``, the
tables' vacuum and analyze counts, and the TCP counters. Prints what it saw beside wrk's p99.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK")
TABLES = ("cases_caseevent", "cases_centerdailycount", "cases_centermonthlycount",
          "cases_centeryearlycount", "cases_dailycount", "knox_authtoken")  # fmt: skip


def proc_cpu() -> dict[int, tuple[str, float]]:
    """Each process's command and CPU seconds so far."""
    seen = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            command = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        seen[int(entry.name)] = (command or stat, (int(fields[11]) + int(fields[12])) / TICK)
    return seen


def kind_of(command: str, workers: set[int], pid: int) -> str:
    if pid in workers or "servicehall.bench.timed" in command:
        return "gunicorn"
    if command.startswith("postgres") or "postgres:" in command:
        return "postgresql"
    if command.startswith("wrk"):
        return "wrk"
    return "other"


def pressure() -> dict[str, float]:
    """The kernel's stall totals (µs in which some task waited for a core / for I/O)."""
    out = {}
    for name in ("cpu", "io"):
        try:
            line = Path(f"/proc/pressure/{name}").read_text().splitlines()[0]
            out[name] = float(line.rsplit("total=", 1)[1])
        except (OSError, IndexError):
            out[name] = 0.0
    return out


def tcp_counters() -> dict[str, int]:
    text = Path("/proc/net/netstat").read_text().splitlines()
    wanted = ("ListenOverflows", "ListenDrops", "TCPTimeWaitOverflow", "TWRecycled", "TW")
    out = {}
    for names, values in zip(text[::2], text[1::2], strict=False):
        for name, value in zip(names.split()[1:], values.split()[1:], strict=False):
            if name in wanted:
                out[name] = int(value)
    return out


class Watch(threading.Thread):
    """Samples the server and the machine until stopped."""

    def __init__(self, dsn: str, workers_of: Any) -> None:
        super().__init__(daemon=True)
        self.dsn, self.workers_of = dsn, workers_of
        self.stop = threading.Event()
        self.samples: list[dict[str, Any]] = []
        self.cpu_first: dict[int, tuple[str, float]] = {}
        self.cpu_last: dict[int, tuple[str, float]] = {}

    def run(self) -> None:
        import psycopg

        self.cpu_first = proc_cpu()
        self.cpu_last = dict(self.cpu_first)
        last_proc = time.monotonic()
        with psycopg.connect(self.dsn, autocommit=True) as db:
            while not self.stop.wait(0.1):
                rows = db.execute(
                    "SELECT backend_type, coalesce(state, ''), coalesce(wait_event_type, ''), "
                    "coalesce(wait_event, ''), left(query, 70) FROM pg_stat_activity "
                    "WHERE pid <> pg_backend_pid() AND (backend_type <> 'client backend' "
                    "OR state = 'active')"
                ).fetchall()
                vacuum = db.execute(
                    "SELECT relid::regclass::text, phase, heap_blks_scanned, heap_blks_total "
                    "FROM pg_stat_progress_vacuum"
                ).fetchall()
                self.samples.append({"t": time.time(), "rows": rows, "vacuum": vacuum})
                if time.monotonic() - last_proc >= 1:
                    last_proc = time.monotonic()
                    for pid, value in proc_cpu().items():
                        self.cpu_last[pid] = value

    def cpu_by_kind(self) -> dict[str, float]:
        workers = self.workers_of()
        spent: dict[str, float] = {}
        for pid, (command, seconds) in self.cpu_last.items():
            before = self.cpu_first.get(pid, (command, 0.0))[1]
            kind = kind_of(command, workers, pid)
            spent[kind] = spent.get(kind, 0.0) + seconds - before
        return spent


def server_stats(dsn: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as db:
        bgwriter = db.execute("SELECT * FROM pg_stat_bgwriter").fetchone()
        names = [
            c.name for c in db.execute("SELECT * FROM pg_stat_bgwriter LIMIT 0").description or []
        ]
        tables = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT relname, n_live_tup, n_dead_tup, n_ins_since_vacuum, "
                "n_mod_since_analyze, vacuum_count + autovacuum_count, "
                "analyze_count + autoanalyze_count, n_tup_hot_upd, n_tup_upd "
                "FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                [list(TABLES)],
            )
        }
        settings: dict[str, str] = dict(
            db.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN ('shared_buffers', "
                "'log_min_duration_statement', 'log_checkpoints', 'log_autovacuum_min_duration', "
                "'data_directory', 'checkpoint_timeout', 'max_wal_size', 'fsync', 'jit')"
            ).fetchall()
        )
    return {"bgwriter": dict(zip(names, bgwriter or (), strict=False)), "tables": tables,
            "settings": settings}  # fmt: skip


def server_log(settings: dict[str, str]) -> Path | None:
    """The throwaway server's log (``scripts/with-postgres.sh`` writes it beside its data)."""
    path = Path(settings.get("data_directory", "/nonexistent")).parent / "log"
    return path if path.exists() else None


def read_timings(folder: Path) -> list[dict[str, Any]]:
    from servicehall.bench.timed import FIELDS

    rows = []
    for file in folder.glob("*.tsv"):
        for line in file.read_text().splitlines():
            values = line.split("\t")
            if len(values) != len(FIELDS):
                continue
            row: dict[str, Any] = {
                k: float(v) for k, v in zip(FIELDS[:-1], values[:-1], strict=True)
            }
            row.update(pid=int(file.stem), status=values[-1])
            rows.append(row)
    return sorted(rows, key=lambda row: row["started"])


def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(
    requests: list[dict[str, Any]], samples: list[dict[str, Any]], slow_ms: float
) -> dict[str, Any]:
    """What the slow requests did (CPU, statements, GC, a new connection, a worker's first
    requests) and what PostgreSQL was doing while they ran."""
    walls = [r["wall_ms"] for r in requests]
    slow = [r for r in requests if r["wall_ms"] >= slow_ms]
    background: Counter[str] = Counter()
    waits: Counter[str] = Counter()
    vacuumed: Counter[str] = Counter()
    for sample in samples:
        for backend, state, wait_type, wait, query in sample["rows"]:
            if backend == "autovacuum worker" and query:
                background[f"autovacuum: {query.removeprefix('autovacuum: ')}"] += 1
            elif backend == "checkpointer" and wait not in ("CheckpointerMain", ""):
                background[f"checkpointer {wait}"] += 1
            elif backend == "client backend" and state == "active":
                waits[f"{wait_type}:{wait}" if wait_type else "CPU (no wait event)"] += 1
        for table, phase, *_ in sample["vacuum"]:
            vacuumed[f"{table} {phase}"] += 1

    def during(request: dict[str, Any]) -> list[str]:
        start, end = request["started"], request["started"] + request["wall_ms"] / 1000
        seen = set()
        for sample in samples:
            if start <= sample["t"] <= end:
                for backend, _state, _type, wait, query in sample["rows"]:
                    if backend == "autovacuum worker" and query:
                        seen.add("autovacuum")
                    elif backend == "checkpointer" and wait not in ("CheckpointerMain", ""):
                        seen.add(f"checkpoint {wait}")
        return sorted(seen)

    def mean(key: str, rows: list[dict[str, Any]]) -> float:
        return statistics.fmean(r[key] for r in rows) if rows else 0.0

    return {
        "requests": len(requests),
        "wall_p50_ms": quantile(walls, 0.5),
        "wall_p99_ms": quantile(walls, 0.99),
        "cpu_p50_ms": quantile([r["cpu_ms"] for r in requests], 0.5),
        "db_p50_ms": quantile([r["db_ms"] for r in requests], 0.5),
        "queries_p50": quantile([r["queries"] for r in requests], 0.5),
        "workers": len({r["pid"] for r in requests}),
        "slow": len(slow),
        "slow_mean": {k: mean(k, slow) for k in ("wall_ms", "cpu_ms", "db_ms", "gc_ms")},
        "slow_new_connection": sum(int(r["connected"]) for r in slow),
        "slow_first_20_of_a_worker": sum(r["nth"] <= 20 for r in slow),
        "slow_during": Counter(x for r in slow for x in during(r) or ["nothing of the server's"]),
        "samples": len(samples),
        "background": background.most_common(8),
        "client_waits": waits.most_common(8),
        "vacuum_progress": vacuumed.most_common(6),
        "slowest": [
            {
                k: r[k]
                for k in ("wall_ms", "cpu_ms", "db_ms", "queries", "gc_ms", "connected", "nth")
            }
            for r in sorted(slow, key=lambda r: -r["wall_ms"])[:8]
        ],
    }


def per_second(requests: list[dict[str, Any]], since: float) -> list[int]:
    """Requests finished in each second of the run: a stall is a second with few."""
    counts: Counter[int] = Counter(
        int(r["started"] + r["wall_ms"] / 1000 - since) for r in requests
    )
    return [counts[i] for i in range(max(counts, default=-1) + 1)]


def delta(after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    return {
        k: after[k] - before[k] for k in after if isinstance(after[k], int | float) and k in before
    }


def autovacuum_busy(dsn: str) -> list[str]:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as db:
        return [
            row[0]
            for row in db.execute(
                "SELECT query FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' "
                "AND query <> ''"
            )
        ]


def round_(
    label: str, url: str, token: str, seconds: int, env: dict[str, str], workers: int, dsn: str
) -> dict[str, Any]:
    from servicehall.bench import load

    timing = Path(tempfile.mkdtemp(prefix="servicehall-timing-"))
    env = {**env, "SERVICEHALL_BENCH_TIMING_DIR": str(timing)}
    if "nopreload" in label:  # each worker imports the app and its views itself
        env["SERVICEHALL_PRELOAD"] = "0"
    before = server_stats(dsn)
    log = server_log(before["settings"])
    log_at = log.stat().st_size if log else 0
    tcp_before = tcp_counters()
    loadavg_before = Path("/proc/loadavg").read_text().split()[0]
    turns: dict[str, Any] = {}
    with load.gunicorn("servicehall.bench.timed", env, workers=workers) as base:
        if label.startswith("bench"):
            # As `make bench` does on the same server before GET stats: the bare insert and
            # the POST in three alternating turns.
            bare, post = load.in_turns(
                [
                    (base + "/bench/bare-insert/", "{}"),
                    (base + "/api/case-events/", '{"kind": "consult", "window_code": "A01"}'),
                ],
                token=token,
            )
            turns = {"bare": bare.as_dict(), "post": post.as_dict(),
                     "ratio": load.median_ratio(post, bare)}  # fmt: skip
        load.wrk(base + url, token=token, seconds=2)  # warm-up, dropped (as `make bench`)
        watch = Watch(dsn, lambda: {int(f.stem) for f in timing.glob("*.tsv")})
        watch.start()
        started, since, pressure_before = time.monotonic(), time.time(), pressure()
        measured = load.wrk(base + url, token=token, seconds=seconds)
        took = time.monotonic() - started
        pressure_after = pressure()
        watch.stop.set()
        watch.join()
    after = server_stats(dsn)
    requests = [r for r in read_timings(timing) if r["started"] >= since]
    lines = log.read_bytes()[log_at:].decode(errors="replace").splitlines() if log else []
    result = {
        "round": label,
        "wrk": measured.as_dict(),
        "turns": turns,
        "recycled_workers": sorted({r["pid"] for r in requests if r["nth"] <= 3}),
        "per_second": per_second(requests, since),
        "load_average": f"{loadavg_before} → {Path('/proc/loadavg').read_text().split()[0]}",
        "server": summary(requests, watch.samples, max(50.0, measured.p99_ms * 0.8)),
        "cpu_s": {
            k: round(v, 1) for k, v in sorted(watch.cpu_by_kind().items(), key=lambda kv: -kv[1])
        },
        "cpu_available_s": round(took * (os.cpu_count() or 1), 1),
        "stall_share": {
            k: round((pressure_after[k] - pressure_before[k]) / 1e6 / took, 2)
            for k in pressure_after
        },
        "tcp": delta(tcp_counters(), tcp_before),
        "bgwriter": delta(after["bgwriter"], before["bgwriter"]),
        "tables": {
            name: {
                "dead": row[1],
                "vacuums": row[4] - before["tables"].get(name, row)[4],
                "analyzes": row[5] - before["tables"].get(name, row)[5],
                "updates": row[7] - before["tables"].get(name, row)[7],
            }
            for name, row in after["tables"].items()
        },
        "server_log": [
            line for line in lines if re.search(r"duration|checkpoint|vacuum|analyze", line)
        ][:40],
    }
    return result


def plans(url: str) -> list[str]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of each statement ``figures.stats`` sends for the URL's
    period (the login's default scope), as the server runs them now."""
    from urllib.parse import parse_qs, urlsplit

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from servicehall import figures
    from servicehall.core.dates import parse_date

    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    period = figures.Period(parse_date(query["from"], "from"), parse_date(query["to"], "to"))
    figures.stats(period)
    with CaptureQueriesContext(connection) as captured:
        figures.stats(period)
    out = []
    with connection.cursor() as cursor:
        for done in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + done["sql"])
            out.append(done["sql"] + "\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="/api/stats/?from=2024-01-22&to=2024-01-26")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", default="as-loaded", help="comma-separated labels: "
                        "wait-autovacuum and vacuum-analyze act first; bench… runs the bench's "
                        "POST turns first on the same server; …nopreload… serves without "
                        "preload_app")  # fmt: skip
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--no-demo", action="store_true", help="measure the log as it is")
    parser.add_argument("--explain", action="store_true", help="print the statements' plans")
    parser.add_argument("--keep-log", type=Path, help="copy the server's whole log here")
    parser.add_argument("--json", type=Path, help="write every round's figures here")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from servicehall.accounts.models import User
    from servicehall.accounts.services import api_token
    from servicehall.cases.models import CaseEvent
    from servicehall.core.context import acting_as
    from servicehall.core.roles import Role

    dsn = os.environ["DATABASE_URL"]
    call_command("migrate", verbosity=0)
    if not args.no_demo and not CaseEvent.objects.exists():
        started = time.perf_counter()
        with acting_as(None, source="command"):
            call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    token = api_token(admin.username, rotate=True)
    if args.explain:
        print("\n\n".join(plans(args.url)), flush=True)
    connection.close()
    results = []
    for label in args.rounds.split(","):
        if label == "wait-autovacuum":
            started = time.monotonic()
            while busy := autovacuum_busy(dsn):
                print(f"  autovacuum still at work: {busy}", flush=True)
                time.sleep(5)
            print(f"waited {time.monotonic() - started:.0f} s for autovacuum", flush=True)
        elif label == "vacuum-analyze":
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            connection.close()
            print(f"VACUUM ANALYZE took {time.monotonic() - started:.0f} s", flush=True)
        result = round_(label, args.url, token, args.seconds, dict(os.environ), args.workers, dsn)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str), flush=True)
    if args.explain:
        print("\n\n".join(plans(args.url)), flush=True)
    log = server_log(server_stats(dsn)["settings"])
    if args.keep_log and log:
        args.keep_log.write_text(log.read_text(errors="replace"))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

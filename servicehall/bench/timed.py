"""``servicehall.bench.wsgi`` with each request's time taken apart, for ``bench.stalls``: per
request, one line in ``$SERVICEHALL_BENCH_TIMING_DIR/<pid>.tsv`` — when it started (epoch s),
its wall, its process CPU, its statements' time and number, the garbage collector's time, whether
it opened a database connection, the worker's count of requests and the status. A slow request
whose wall is CPU was working; whose wall is neither CPU nor statements waited (for a core)."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import Any

from servicehall.bench.wsgi import application as _inner

FIELDS = ("started", "wall_ms", "cpu_ms", "db_ms", "queries", "gc_ms", "connected", "nth", "status")
_state: dict[str, Any] = {"nth": 0, "gc": 0.0, "gc_started": 0.0, "file": None}


def _gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _state["gc_started"] = time.perf_counter()
    else:
        _state["gc"] += time.perf_counter() - _state["gc_started"]


gc.callbacks.append(_gc)


def _log() -> Any:
    if _state["file"] is None:
        folder = Path(os.environ["SERVICEHALL_BENCH_TIMING_DIR"])
        _state["file"] = (folder / f"{os.getpid()}.tsv").open("a", buffering=1)
    return _state["file"]


def application(environ: dict[str, Any], start_response: Any) -> Any:
    from django.db import connection

    statements = [0.0, 0]

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements[0] += time.perf_counter() - began
            statements[1] += 1

    status: list[str] = []

    def starting(code: str, headers: Any, *rest: Any) -> Any:
        status.append(code.split()[0])
        return start_response(code, headers, *rest)

    _state["nth"] += 1
    link = id(connection.connection) if connection.connection is not None else None
    gc_before = _state["gc"]
    started, wall, cpu = time.time(), time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        response = _inner(environ, starting)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    connected = connection.connection is not None and id(connection.connection) != link
    row = (
        f"{started:.4f}",
        f"{wall * 1000:.2f}",
        f"{cpu * 1000:.2f}",
        f"{statements[0] * 1000:.2f}",
        str(statements[1]),
        f"{(_state['gc'] - gc_before) * 1000:.2f}",
        str(int(connected)),
        str(_state["nth"]),
        status[0] if status else "-",
    )
    _log().write("\t".join(row) + "\n")
    return response

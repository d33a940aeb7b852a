"""HTTP load on loopback: gunicorn as deployed (deploy/gunicorn.conf.py, 2 sync workers) driven
by wrk, bounded in time; requests/s, p99 and the failed responses."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))  # two per sync worker
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))


@dataclass
class Load:
    """What wrk measured against one URL. ``p50_ms``/``p99_ms`` are wrk's own percentiles,
    which it corrects for coordinated omission: every response slower than twice the mean
    interval adds samples at each interval below it, so one stall of a second at ~100
    requests a second per connection becomes ~100 samples from 0 to 1 s (issue 24: a single
    slow request of a 10 s run put its p99 near 750 ms). ``raw_p50_ms``/``raw_p99_ms`` are the
    requests' own latencies, each timed by the script from the request to its response, and
    ``max_ms`` the slowest: the figure a stall cannot hide in."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int  # non-2xx/3xx answers and socket errors
    raw_p50_ms: float = 0.0
    raw_p99_ms: float = 0.0
    max_ms: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return self.__dict__.copy()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_COLLECTED: set[str] = set()


def collect_static(env: dict[str, str]) -> None:
    """collectstatic once per static root: pages link the hashed names of its manifest."""
    root = env.get("DJANGO_STATIC_ROOT", "") + "|" + env.get("SERVICEHALL_VAR_DIR", "")
    if root in _COLLECTED:
        return
    command = [str(Path(sys.executable).with_name("servicehall")), "collectstatic", "--noinput"]
    subprocess.run([*command, "-v", "0"], env=env, cwd=ROOT, check=True)
    _COLLECTED.add(root)


@contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """gunicorn with the deployed configuration and ``workers`` workers (its class and threads
    as ``env`` says); yields its base URL."""
    if app in ("servicehall.wsgi", "servicehall.bench.wsgi"):
        collect_static(env)
    port = free_port()
    env = {**env, "SERVICEHALL_BIND": f"127.0.0.1:{port}", "SERVICEHALL_WORKERS": str(workers)}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--access-logfile",
            "/dev/null",
            app,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn {app} did not listen on {port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(
    url: str,
    *,
    token: str = "",
    body: str = "",
    seconds: int = SECONDS,
    connections: int = CONNECTIONS,
) -> Load:
    """Drive ``url`` for ``seconds`` (POST ``body`` as JSON when given); one connection per
    wrk thread, so that the script times each request of its thread's one connection."""
    lines = [f'wrk.headers["Authorization"] = "Token {token}"'] if token else []
    if body:
        lines += [
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/json"',
            f"wrk.body = [[{body}]]",
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + "\n" + EACH_REQUEST)
    try:
        done = subprocess.run(
            [
                "wrk",
                f"-t{connections}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        os.unlink(script.name)
    return parse_wrk(done.stdout)


# Each request timed by wrk's own LuaJIT (a monotonic clock through its FFI), from the
# request's making to its response; the threads' lists merged at the end.
EACH_REQUEST = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } servicehall_timespec;
int clock_gettime(int clock, servicehall_timespec *now);
]]
local clock = ffi.new("servicehall_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) each, began = {}, 0 end
function request() began = now_us(); return wrk.format() end
function response(status, headers, body) each[#each + 1] = now_us() - began end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for _, us in ipairs(thread:get("each")) do all[#all + 1] = us end
  end
  table.sort(all)
  if #all == 0 then return end
  local function at(p) return all[math.max(1, math.ceil(#all * p / 100))] / 1000 end
  io.write(string.format("EACH n=%d p50=%.3f p99=%.3f max=%.3f\\n", #all, at(50), at(99),
    all[#all] / 1000))
end
"""


def measure(url: str, *, token: str = "", body: str = "") -> Load:
    """``wrk`` after a 2 s warm-up whose figures are dropped: each worker's first requests load
    Django's URLs, templates and DRF, which would otherwise be the measured p99."""
    wrk(url, token=token, body=body, seconds=2)
    return wrk(url, token=token, body=body)


@dataclass
class Turns(Load):
    """A URL measured in several turns: the median turn's figures, and each turn's req/s."""

    turns: tuple[float, ...] = ()


def in_turns(
    targets: list[tuple[str, str]], *, token: str = "", rounds: int = 3, seconds: int = 5
) -> list[Turns]:
    """Each ``(url, body)`` driven in turn, ``rounds`` times, after a warm-up of each: on a
    shared machine the load of others drifts over a minute, and turns put the same drift on
    every URL, so their ratio holds where their absolute figures do not."""
    for url, body in targets:
        wrk(url, token=token, body=body, seconds=2)
    runs: list[list[Load]] = [[] for _ in targets]
    for _ in range(rounds):
        for i, (url, body) in enumerate(targets):
            runs[i].append(wrk(url, token=token, body=body, seconds=seconds))
    result = []
    for loads in runs:
        middle = sorted(loads, key=lambda load: load.requests_per_s)[len(loads) // 2]
        result.append(
            Turns(
                middle.requests_per_s,
                middle.p50_ms,
                max(load.p99_ms for load in loads),
                sum(load.requests for load in loads),
                sum(load.failed for load in loads),
                raw_p50_ms=middle.raw_p50_ms,
                raw_p99_ms=max(load.raw_p99_ms for load in loads),
                max_ms=max(load.max_ms for load in loads),
                turns=tuple(load.requests_per_s for load in loads),
            )
        )
    return result


def median_ratio(measured: Turns, reference: Turns) -> float:
    """The median over the turns of ``measured``'s req/s against ``reference``'s same turn.
    A turn in which either served nothing (the loaded machine stalled the server: seen on the
    first turn after the warm-ups) says nothing and is left out; of an even number left, the
    lower middle one."""
    ratios = sorted(m / r for m, r in zip(measured.turns, reference.turns, strict=True) if m and r)
    return ratios[(len(ratios) - 1) // 2] if ratios else 0.0


def parse_wrk(output: str) -> Load:
    """The figures of wrk's ``--latency`` report."""

    def ms(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not found:
            raise ValueError(f"no {label}% latency in wrk's output:\n{output}")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total:
        raise ValueError(f"not a wrk report:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failed = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0
    )
    each = re.search(r"^EACH n=\d+ p50=([\d.]+) p99=([\d.]+) max=([\d.]+)$", output, re.M)
    raw = [float(v) for v in each.groups()] if each else [0.0, 0.0, 0.0]
    return Load(float(rate.group(1)), ms("50"), ms("99"), int(total.group(1)), failed, *raw)

"""The bench's reference for the API (issue 24): a bare view that authenticates the same token
and inserts one row, nothing more; and the page-time bench's table."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from servicehall.accounts.models import User
from servicehall.accounts.services import api_token
from servicehall.cases.models import CaseEvent, DailyCount

pytestmark = pytest.mark.django_db


@pytest.mark.urls("servicehall.bench.urls")
def test_the_bare_view_authenticates_the_token_and_inserts_one_row(
    client: Client, center_admin: User
) -> None:
    token = api_token(center_admin.username)
    assert client.post("/bench/bare-insert/").status_code == 401
    wrong = client.post("/bench/bare-insert/", HTTP_AUTHORIZATION="Token " + "x" * len(token))
    assert wrong.status_code == 401 and not CaseEvent.objects.exists()
    answer = client.post(
        "/bench/bare-insert/", "{}", content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )  # fmt: skip
    assert answer.status_code == 201
    row = CaseEvent.objects.get()
    assert answer.json() == {"id": row.pk} and (row.kind, row.window_code) == ("consult", "A01")
    assert not DailyCount.objects.exists()  # the reference does no more than one insert
    # The project's own URLs are served beside it, by the same server.
    assert client.get("/accounts/login/").status_code == 200


def test_the_page_bench_marks_pages_over_the_target() -> None:
    from servicehall.bench.pages import PageTime, markdown

    table = markdown(
        [
            PageTime("admin", "admin", "/", 200, 120.0, 80.0, 30),
            PageTime("admin", "admin", "/flow/", 200, 450.0, 300.0, 13),
        ]
    )
    assert "| admin | admin | `/` | 200 | 120 | 80 | 30 |" in table
    assert "| admin | admin | `/flow/` | 200 | 450 ✗ | 300 | 13 |" in table
    assert "Slowest: `/flow/` for admin, 450 ms; 1 of 2 pages within 300 ms." in table


def test_the_bench_measures_a_chart_pages_first_visit_and_the_publish_request(
    clerk: User, center_admin: User, week_records: CaseEvent
) -> None:
    from servicehall.bench import web
    from servicehall.core.models import Job

    sizes = web.first_visit_bytes(clerk)
    assert 0 < sizes["html"] < sizes["assets"] and sizes["total"] <= web.CHART_PAGE_LIMIT
    assert web.publish_request_ms(center_admin) > 0
    assert Job.objects.get().status == Job.Status.QUEUED  # queued, not rendered in the request


def _result(
    database: str, *, ratio_turns: tuple[float, ...], p99: float, rss: float
) -> dict[str, Any]:
    from servicehall.bench.load import Turns, median_ratio

    bare = Turns(400.0, 5.0, 20.0, 6000, 0, turns=(400.0, 420.0, 380.0))
    post = Turns(
        300.0,
        6.0,
        30.0,
        4500,
        0,
        turns=tuple(r * b for r, b in zip(ratio_turns, bare.turns, strict=True)),
    )
    return {
        "database": database,
        "scales": [
            {"rows": 2_000_000, "events": 2_300_000, "seconds": 10.0, "rss_mib": rss,
             "steps": {"读取": 6.0, "写入": 4.0}},
        ],
        "bare_post": bare.as_dict(),
        "api_post": post.as_dict(),
        "post_ratio": median_ratio(post, bare),
        "api_stats": {"requests_per_s": 200.0, "p99_ms": p99},
        "stats_events": 12_300_000,
        "publish_request_ms": 40.0,
        "chart_page": {"total": 300 * 1024},
    }  # fmt: skip


def test_the_bench_table_says_pass_or_miss_for_each_target_and_names_who_misses() -> None:
    from servicehall.bench.report import targets_table

    table = targets_table(
        [
            _result("sqlite", ratio_turns=(0.72, 0.80, 0.75), p99=31, rss=700),
            _result("postgresql", ratio_turns=(0.9, 0.6, 0.65), p99=60, rss=1500),
        ]
    )
    lines = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines()}
    assert lines["import 2,000,000 rows (log before: 300,000 events)"].endswith(
        "| 200,000 rows/s (10.0 s) | 200,000 rows/s (10.0 s) | PASS |"
    )
    assert lines["its peak RSS"].endswith("| 700 MiB | 1,500 MiB | MISS (postgresql) |")
    assert "读取 6.0 s (60%); 写入 4.0 s (40%)" in lines["its steps (seconds, share)"]
    # The median of the turns' ratios: 0.75 and 0.65, not the ratio of the medians.
    post = next(v for k, v in lines.items() if k.startswith("POST /api/case-events/"))
    assert "| 0.75× (" in post and "| 0.65× (" in post and post.endswith("MISS (postgresql) |")
    stats = next(v for k, v in lines.items() if k.startswith("GET /api/stats/ p99"))
    assert "12,300,000 / 12,300,000 events" in stats and stats.endswith("MISS (postgresql) |")
    assert lines["chart page, first visit over the wire"].endswith("| 300 KB | 300 KB | PASS |")
    assert lines["publish request (queues the job; the worker renders)"].endswith("| PASS |")


def test_the_turns_ratio_leaves_out_a_stalled_turn_and_takes_the_lower_middle() -> None:
    from servicehall.bench.load import Turns, median_ratio

    def turns(*rates: float) -> Turns:
        return Turns(0.0, 0.0, 0.0, 0, 0, turns=rates)

    assert median_ratio(turns(60, 70, 80), turns(100, 100, 100)) == 0.7
    # The first turn of the reference served nothing: 0.64 and 0.65 are left; the lower.
    assert median_ratio(turns(45, 64, 70.2), turns(0, 100, 108)) == 0.64
    assert median_ratio(turns(0, 0), turns(100, 100)) == 0.0


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/api/stats/
  4 threads and 4 connections
  Latency Distribution
     50%    8.92ms
     75%   10.01ms
     90%   12.50ms
     99%  739.77ms
  4177 requests in 10.04s, 1.22MB read
Requests/sec:    415.89
EACH n=4177 p50=8.801 p99=15.204 max=1012.345
"""


def test_a_stall_is_printed_as_the_slowest_request_and_not_as_the_p99_of_wrks_correction() -> None:
    """Issue 24: wrk corrects its percentiles for coordinated omission (one 1 s stall adds a
    sample at each mean interval below it), so one slow request of a 10 s run made GET stats'
    p99 740 ms. The bench reads each request's own latency from its script, judges the target
    on that p99 and still prints wrk's figure and the slowest request."""
    from servicehall.bench.load import parse_wrk
    from servicehall.bench.report import targets_table

    load = parse_wrk(WRK_OUTPUT)
    assert (load.p99_ms, load.raw_p50_ms, load.raw_p99_ms, load.max_ms) == (
        739.77,
        8.801,
        15.204,
        1012.345,
    )
    result = _result("postgresql", ratio_turns=(0.8, 0.8, 0.8), p99=0, rss=500)
    result["api_stats"] = load.as_dict()
    stats = next(
        line for line in targets_table([result]).splitlines() if "GET /api/stats/ p99" in line
    )
    assert "| 15 ms (416 req/s; wrk 740 ms; slowest 1012 ms) | PASS |" in stats


def test_the_stall_finder_says_what_the_slow_requests_did_and_what_the_server_was_doing() -> None:
    """``bench.stalls`` (issue 24): a slow request is told apart by its CPU, statements, garbage
    collection and whether it was a new worker's first, beside what PostgreSQL was doing."""
    from servicehall.bench.stalls import per_second, summary

    def request(at: float, wall: float, nth: int, cpu: float = 3.0) -> dict[str, Any]:
        return {"started": at, "wall_ms": wall, "cpu_ms": cpu, "db_ms": 1.0, "queries": 3.0,
                "gc_ms": 0.0, "connected": 0.0, "nth": nth, "pid": 7, "status": "200"}  # fmt: skip

    requests = [request(100.0 + i / 100, 8.0, 100 + i) for i in range(200)]
    requests.append(request(101.0, 1200.0, 1, cpu=580.0))  # a new worker's first request
    vacuum = ("autovacuum worker", "active", "", "", "autovacuum: VACUUM public.cases_caseevent")
    samples = [
        {"t": 101.5, "rows": [vacuum], "vacuum": [("cases_caseevent", "scanning heap", 1, 9)]},
        {"t": 105.0, "rows": [("client backend", "active", "", "", "SELECT 1")], "vacuum": []},
    ]
    seen = summary(requests, samples, slow_ms=100.0)
    assert seen["slow"] == 1 and seen["slow_first_20_of_a_worker"] == 1
    assert seen["slow_mean"]["cpu_ms"] == 580.0
    assert seen["slow_during"] == {"autovacuum": 1}
    assert seen["background"] == [("autovacuum: VACUUM public.cases_caseevent", 1)]
    assert seen["client_waits"] == [("CPU (no wait event)", 1)]
    assert per_second(requests, 100.0) == [100, 100, 1]

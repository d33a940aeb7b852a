"""The archive's figures (issue 8): 300 past issues in one zip, then search and a fact's trend.

``python -m servicehall.bench.archive`` runs it alone on a throwaway SQLite database (or on
``DATABASE_URL``); ``make bench`` runs it in each database's phase. The issues are the two
seeds' texts renumbered week by week over six years, their figures varied, so that every file
is new to the importer and 公安厅 stands in two paragraphs of each.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from typing import Any

from servicehall.bench.phase import median_ms

ISSUES = 300
FIRST_MONDAY = dt.date(2012, 1, 2)  # six years that end before the demo's issues


def past_issue_text(n: int, seeds: list[str]) -> tuple[str, str]:
    """The n-th generated issue: (file name, text)."""
    monday = FIRST_MONDAY + dt.timedelta(weeks=n)
    friday = monday + dt.timedelta(days=4)
    issued = friday + dt.timedelta(days=3)
    year, number = monday.year, (monday - dt.date(monday.year, 1, 1)).days // 7 + 1
    seed = seeds[n % len(seeds)]
    body = seed.split("一、", 1)[1]
    body = re.sub(r"(?<=[咨询受理颁发流转] )(\d+)", lambda m: str(int(m.group(1)) + n), body)
    masthead = (
        f"{year}年第{number}期（总第{100 + n}期）\n窗口工作周报\n"
        f"（{monday.month}月{monday.day}日—{friday.month}月{friday.day}日）\n"
        f"四川省政府政务服务和公共资源交易服务中心\n"
        f"{issued.year}年{issued.month}月{issued.day}日\n"
    )
    return f"往期/{year}/{year}-{number:02d}.txt", masthead + "一、" + body


def zip_of_past_issues(count: int = ISSUES) -> bytes:
    from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

    seeds = [path.read_text(encoding="utf-8") for path in (SEED_2024_4, SEED_2023_9)]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            name, text = past_issue_text(n, seeds)
            archive.writestr(name, text.encode("utf-8"))
    return packed.getvalue()


def measure(count: int = ISSUES) -> dict[str, Any]:
    """Import the zip as the worker does, then time a search and a fact's trend."""
    from servicehall.archive import search, trends
    from servicehall.archive.jobs import IMPORT_REPORTS_JOB
    from servicehall.archive.models import StatedFact
    from servicehall.core import jobs

    packed = zip_of_past_issues(count)
    job = jobs.enqueue(IMPORT_REPORTS_JOB, [("往期周报.zip", packed)])
    start = time.perf_counter()
    jobs.run(job)
    seconds = time.perf_counter() - start
    summary = job.results[-1]["summary"]
    every, total = search.search("公安厅", limit=10_000)
    years = {hit.passage.issue.year for hit in every if hit.passage.issue}
    points = trends.fact_points("受理", "件")
    return {
        "issues": count,
        "zip_bytes": len(packed),
        "import_s": seconds,
        "created": summary.get("created", 0),
        "errors": summary.get("error", 0),
        "search_hits": total,
        "search_years": len(years),
        "search_ms": median_ms(lambda: search.search("公安厅"), 50),
        "facts": StatedFact.objects.count(),
        "trend_points": len(points),
        "trend_ms": median_ms(lambda: trends.fact_points("受理", "件"), 20),
    }


def line(result: dict[str, Any]) -> str:
    return (
        f"{result['issues']} past issues in one zip ({result['zip_bytes'] / 1024:.0f} KiB): "
        f"imported in {result['import_s']:.1f} s ({result['created']} created, "
        f"{result['errors']} failed); search 公安厅: {result['search_hits']} paragraphs over "
        f"{result['search_years']} years, median {result['search_ms']:.1f} ms; "
        f"{result['facts']:,} stated facts, trend of 受理 件 over {result['trend_points']} issues "
        f"{result['trend_ms']:.1f} ms"
    )


def main() -> None:
    import os
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    with tempfile.TemporaryDirectory(prefix="servicehall-bench-archive-") as tmp:
        if "DATABASE_URL" not in os.environ:
            os.environ["SERVICEHALL_SQLITE_PATH"] = f"{tmp}/archive.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command

        from servicehall.core.context import acting_as
        from servicehall.reports.layouts import ensure_shipped_series

        call_command("migrate", verbosity=0)
        with acting_as(None, source="command"):
            ensure_shipped_series()
        print(line(measure()))


if __name__ == "__main__":
    main()

"""The figures of one ``make bench`` run as a Markdown section of docs/benchmarks.md."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
IMPORT_TARGET = 150_000  # rows/s
RSS_TARGET_MIB = 1024
DOCX_TARGET_MS, PDF_TARGET_MS = 1000, 2000
FIGURES_SHARE = 0.1  # of DuckDB's time
API_SHARE, API_P99_MS = 0.5, 50
BARE_SHARE = 0.7  # issue 24: the case-event POST against a bare view that does one insert


CHART_PAGE_KB, PUBLISH_REQUEST_MS = 400, 1000


def _mark(ok: bool) -> str:
    return "✔" if ok else "✘"


def _verdict(names: list[str], oks: list[bool]) -> str:
    """PASS when every database meets the target; else MISS and the ones that do not."""
    if all(oks):
        return "PASS"
    return "MISS (" + ", ".join(n for n, ok in zip(names, oks, strict=True) if not ok) + ")"


def p99(load: dict[str, Any]) -> float:
    """A load's p99 over its requests' own latencies (``load.Load``); wrk's corrected figure
    for a result written before they were measured."""
    return float(load.get("raw_p99_ms") or load["p99_ms"])


def post_ratio(result: dict[str, Any]) -> float:
    """The POST's req/s against the bare view's: the median of their turns where measured so."""
    if "post_ratio" in result:
        return float(result["post_ratio"])
    return float(result["api_post"]["requests_per_s"] / result["bare_post"]["requests_per_s"])


def targets_table(results: list[dict[str, Any]]) -> str:
    """Issue 24's targets, one line each, every database's figure and PASS or MISS."""
    names = [r["database"] for r in results]
    rows = [
        "| issue 24 | target | " + " | ".join(names) + " | result |",
        "|---|---|" + "---|" * len(names) + "---|",
    ]

    def line(label: str, target: str, cells: list[str], oks: list[bool] | None) -> None:
        verdict = _verdict(names, oks) if oks is not None else ""
        rows.append(f"| {label} | {target} | " + " | ".join(cells) + f" | {verdict} |")

    for i, scale in enumerate(results[0]["scales"]):
        n = scale["rows"]
        figures = [r["scales"][i] for r in results]
        rates = [n / f["seconds"] for f in figures]
        line(
            f"import {n:,} rows (log before: {scale['events'] - n:,} events)",
            f"≥ {IMPORT_TARGET:,} rows/s",
            [
                f"{rate:,.0f} rows/s ({f['seconds']:.1f} s)"
                for rate, f in zip(rates, figures, strict=True)
            ],
            [rate >= IMPORT_TARGET for rate in rates],
        )
        line(
            "its peak RSS",
            f"≤ {RSS_TARGET_MIB:,} MiB",
            [f"{f.get('rss_mib', 0):,.0f} MiB" for f in figures],
            [f.get("rss_mib", 1e9) <= RSS_TARGET_MIB for f in figures],
        )
        line(
            "its steps (seconds, share)",
            "each step's share",
            [steps_cell(f.get("steps", {})) or "—" for f in figures],
            None,
        )
    if all("bare_post" in r for r in results):
        line(
            "POST /api/case-events/ against the bare view (same server, token, one INSERT)",
            f"≥ {BARE_SHARE}×",
            [
                f"{post_ratio(r):.2f}× ({r['api_post']['requests_per_s']:,.0f} / "
                f"{r['bare_post']['requests_per_s']:,.0f} req/s)"
                for r in results
            ],
            [post_ratio(r) >= BARE_SHARE for r in results],
        )
        line(
            "GET /api/stats/ p99 at "
            + " / ".join(f"{r.get('stats_events', 0):,}" for r in results)
            + " events (each request's; wrk's estimate corrected for omitted requests; the "
            "slowest)",
            f"≤ {API_P99_MS} ms",
            [
                f"{p99(r['api_stats']):.0f} ms ({r['api_stats']['requests_per_s']:,.0f} req/s; "
                f"wrk {r['api_stats']['p99_ms']:.0f} ms; slowest "
                f"{r['api_stats'].get('max_ms', 0):.0f} ms)"
                for r in results
            ],
            [p99(r["api_stats"]) <= API_P99_MS for r in results],
        )
    if all("chart_page" in r for r in results):
        line(
            "publish request (queues the job; the worker renders)",
            f"≤ {PUBLISH_REQUEST_MS:,} ms",
            [f"{r['publish_request_ms']:.0f} ms" for r in results],
            [r["publish_request_ms"] <= PUBLISH_REQUEST_MS for r in results],
        )
        line(
            "chart page, first visit over the wire",
            f"≤ {CHART_PAGE_KB} KB",
            [f"{r['chart_page']['total'] / 1024:,.0f} KB" for r in results],
            [r["chart_page"]["total"] <= CHART_PAGE_KB * 1024 for r in results],
        )
    return "\n".join(rows)


def table(
    machine: dict[str, str], results: list[dict[str, Any]], refs: list[dict[str, Any]]
) -> str:
    names = [r["database"] for r in results]
    head = "| figure | " + " | ".join(names) + " | reference | target |"
    rows = [head, "|---" * (len(names) + 3) + "|"]

    def row(label: str, cells: list[str], reference: str = "", target: str = "") -> None:
        rows.append(f"| {label} | " + " | ".join(cells) + f" | {reference} | {target} |")

    row("demo data set", [f"{r['demo_s']:.1f} s ({r['demo_events']:,} events)" for r in results])
    row(
        "`import-events` 60,000 rows into the demo",
        [f"{r['small_import_s']:.2f} s" for r in results],
    )
    row(
        "re-import of that file (SHA-256)",
        [f"{r['small_reimport_s'] * 1000:.0f} ms" for r in results],
    )
    if refs:
        row(
            f"`import-events`, a {refs[0]['rows']:,}-row file whose last row is bad",
            [
                f"{r['bad']['seconds']:.1f} s, rejected: {_mark(r['bad']['returncode'] != 0)}, "
                f"nothing written: {_mark(r['bad']['unchanged'])}"
                for r in results
            ],
        )
    if all("archive" in r for r in results):
        row(
            f"{results[0]['archive']['issues']} past issues in one zip, as the worker imports them",
            [
                f"{r['archive']['import_s']:.1f} s, {r['archive']['created']} created, "
                f"{r['archive']['errors']} failed"
                for r in results
            ],
        )
        row(
            "search 公安厅 over them (median of 50)",
            [
                f"{r['archive']['search_ms']:.1f} ms: {r['archive']['search_hits']} paragraphs, "
                f"{r['archive']['search_years']} years {_mark(r['archive']['search_ms'] < 200)}"
                for r in results
            ],
            "",
            "< 200 ms",
        )
        row(
            "trend of one stated quantity (受理 件) over them",
            [f"{r['archive']['trend_ms']:.1f} ms" for r in results],
        )
    copy = next((r.get("copy_rows_per_s") for r in results if r.get("copy_rows_per_s")), None)
    for i, ref in enumerate(refs):
        scale = [r["scales"][i] for r in results]
        n = ref["rows"]
        row(
            f"`import-events` {n:,} rows (fresh process)",
            [
                f"{s['seconds']:.1f} s = **{n / s['seconds']:,.0f} rows/s** "
                f"{_mark(n / s['seconds'] >= IMPORT_TARGET)}"
                for s in scale
            ],
            f"PostgreSQL COPY, plain table: {copy:,.0f} rows/s"
            if copy and i == len(refs) - 1
            else "",
            f"≥ {IMPORT_TARGET:,} rows/s",
        )
        row(
            "peak RSS of that import",
            [
                f"{s.get('rss_mib', 0):,.0f} MiB {_mark(s.get('rss_mib', 1e9) <= RSS_TARGET_MIB)}"
                for s in scale
            ],
            "",
            f"≤ {RSS_TARGET_MIB:,} MiB",
        )
        row("its steps (seconds, share)", [steps_cell(s.get("steps", {})) for s in scale])
        row("re-import of that file", [f"{s['reimport_s']:.1f} s" for s in scale])
        row(
            f"week + YTD figures at {scale[0]['events']:,} events (in-process, median of 50)",
            [
                f"{s['stats_ms']:.2f} ms = {s['stats_ms'] / ref['stats_ms']:.3f}× "
                f"{_mark(s['stats_ms'] <= FIGURES_SHARE * ref['stats_ms'])}"
                for s in scale
            ],
            f"DuckDB over the file(s): {ref['stats_ms']:.0f} ms",
            f"≤ {FIGURES_SHARE}× DuckDB",
        )
        row(
            "per-department week figures (median of 20)",
            [f"{s['by_department_ms']:.2f} ms" for s in scale],
            f"DuckDB: {ref['by_department_ms']:.0f} ms",
        )
        row(
            "the same counts as DuckDB's",
            [_mark(_same(s["stats"], ref["stats"])) for s in scale],
        )
    row("draft-issue (2024-4's week)", [f"{r['draft_ms']:.0f} ms" for r in results])
    row(
        "draft + DOCX",
        [
            f"{r['draft_docx_ms']:.0f} ms {_mark(r['draft_docx_ms'] < DOCX_TARGET_MS)}"
            for r in results
        ],
        "",
        "< 1 s",
    )
    row(
        "PDF (two passes, resident LibreOffice)",
        [f"{r['pdf_ms']:.0f} ms {_mark(r['pdf_ms'] < PDF_TARGET_MS)}" for r in results],
        "",
        "< 2 s",
    )
    row(
        "first PDF of a process (LibreOffice starts)",
        [f"{r['pdf_first_ms']:.0f} ms" for r in results],
    )
    if all("chart_page" in r for r in results):
        row(
            "chart page, first visit over the wire (home page, brotli)",
            [
                f"{r['chart_page']['total'] / 1024:,.0f} KB "
                f"{_mark(r['chart_page']['total'] <= 400 * 1024)}"
                for r in results
            ],
            "",
            "≤ 400 KB",
        )
        row(
            "publish request (queues the job; the worker renders)",
            [
                f"{r['publish_request_ms']:.0f} ms {_mark(r['publish_request_ms'] <= 1000)}"
                for r in results
            ],
            "",
            "≤ 1 s",
        )
    if all("bare_post" in r for r in results):
        row(
            "POST /api/case-events/ against a bare Django view (same token, one INSERT, same server)",
            [
                f"{r['api_post']['requests_per_s']:,.0f} / {r['bare_post']['requests_per_s']:,.0f} "
                f"req/s, turns' median {post_ratio(r):.2f}× {_mark(post_ratio(r) >= BARE_SHARE)}"
                for r in results
            ],
            "",
            f"≥ {BARE_SHARE}× the bare view",
        )
    for key, label in (("api_post", "POST /api/case-events/"), ("api_stats", "GET /api/stats/")):
        row(
            f"{label} (token, gunicorn {results[0].get('workers', 2)} sync workers)",
            [
                f"{r[key]['requests_per_s']:,.0f} req/s = "
                f"{r[key]['requests_per_s'] / r['hello']['requests_per_s']:.2f}× "
                f"{_mark(r[key]['requests_per_s'] >= API_SHARE * r['hello']['requests_per_s'])}, "
                f"p99 {p99(r[key]):.0f} ms {_mark(p99(r[key]) <= API_P99_MS)} (wrk "
                f"{r[key]['p99_ms']:.0f} ms, slowest {r[key].get('max_ms', 0):.0f} ms), "
                f"failed {r[key]['failed']}"
                for r in results
            ],
            "hello-world WSGI: "
            + ", ".join(f"{r['hello']['requests_per_s']:,.0f}" for r in results)
            + " req/s",
            f"≥ {API_SHARE}× hello-world, p99 ≤ {API_P99_MS} ms",
        )
    return "\n".join(rows)


def _same(ours: dict[str, dict[str, int]], duck: dict[str, dict[str, int]]) -> bool:
    return all(
        ours[part].get(kind, 0) == duck[part].get(kind, 0)
        for part in ("period", "ytd")
        for kind in set(ours[part]) | set(duck[part])
    )


def section(
    machine: dict[str, str],
    results: list[dict[str, Any]],
    refs: list[dict[str, Any]],
    seconds: float,
) -> str:
    return "\n".join(
        [
            START,
            f"## Latest `make bench` ({machine['date']}, {seconds / 60:.1f} min)",
            "",
            f"Machine: {machine['cpu']}; Python {machine['python']}, SQLite {machine['sqlite']}, "
            f"PostgreSQL {machine['postgresql']} (throwaway server, Debian defaults: shared_buffers 128 MB, fsync on), "
            f"{machine['libreoffice']}. Load: wrk, 4 connections, 10 s per URL after a 2 s "
            "warm-up, on loopback; the bare view and the POST in three turns of 5 s each, the "
            "ratio the median of the turns'.",
            "",
            targets_table(results),
            "",
            "Every figure of the run:",
            "",
            table(machine, results, refs),
            "",
            END,
        ]
    )


def write_markdown(
    path: Path,
    machine: dict[str, str],
    results: list[dict[str, Any]],
    refs: list[dict[str, Any]],
    seconds: float,
) -> str:
    """Replace the section between the markers (or add it after the title); return it."""
    text = section(machine, results, refs, seconds)
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = old[: old.index(START)] + text + old[old.index(END) + len(END) :]
    else:
        title, _, rest = old.partition("\n")
        new = f"{title}\n\n{text}\n{rest}"
    path.write_text(new, encoding="utf-8")
    return text


IMPORT_START, IMPORT_END = "<!-- bench-import:start -->", "<!-- bench-import:end -->"


def steps_cell(steps: dict[str, float]) -> str:
    """An import's steps, each with its seconds and share of their sum."""
    total = sum(steps.values()) or 1.0
    return "; ".join(f"{step} {s:.1f} s ({s / total:.0%})" for step, s in steps.items())


def _cpu_cells(scale: dict[str, Any]) -> str:
    """The import's CPU seconds (the child's and its PostgreSQL backend's) and rows per CPU
    second: what the import costs whatever else the shared machine runs."""
    cpu, server = scale.get("cpu_s"), scale.get("server_cpu_s") or 0.0
    if cpu is None:
        return "– | –"
    total = cpu + server
    return f"{cpu:.1f} + {server:.1f} | {scale['rows'] / total:,.0f}"


def import_table(results: list[dict[str, Any]]) -> str:
    """The imports of ``BENCH_ONLY=import``: rows/s, peak RSS and each step, per database."""
    rows = [
        "| database | file rows (log before) | seconds | rows/s | CPU s (process + server) "
        "| rows per CPU s | peak RSS | re-import | steps |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for s in result["scales"]:
            n = s["rows"]
            rate = n / s["seconds"]
            rows.append(
                f"| {result['database']} | {n:,} ({s['events'] - n:,}) | {s['seconds']:.1f} | "
                f"**{rate:,.0f}** {_mark(rate >= IMPORT_TARGET)} | {_cpu_cells(s)} | "
                f"{s.get('rss_mib', 0):,.0f} MiB {_mark(s.get('rss_mib', 1e9) <= RSS_TARGET_MIB)} | "
                f"{s['reimport_s']:.1f} s | {steps_cell(s.get('steps', {}))} |"
            )
    return "\n".join(rows)


def write_import_markdown(
    path: Path, machine: dict[str, str], results: list[dict[str, Any]], seconds: float
) -> str:
    """Replace the import section between its markers (or add it at the end); return it."""
    text = "\n".join(
        [
            IMPORT_START,
            f"## Latest `make bench-import` ({machine['date']}, {seconds / 60:.1f} min)",
            "",
            f"Machine: {machine['cpu']}; Python {machine['python']}, SQLite {machine['sqlite']}, "
            f"PostgreSQL {machine['postgresql']}. Targets: ≥ {IMPORT_TARGET:,} rows/s, peak RSS "
            f"≤ {RSS_TARGET_MIB:,} MiB. Each file is imported into the log the one before it left. "
            f"Load average at the end: {os.getloadavg()[0]:.1f} (the machine is shared).",
            "",
            import_table(results),
            "",
            IMPORT_END,
        ]
    )
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if IMPORT_START in old and IMPORT_END in old:
        new = old[: old.index(IMPORT_START)] + text + old[old.index(IMPORT_END) + len(IMPORT_END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")
    return text

"""The `servicehall` console script as a user runs it, on a new embedded database."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from servicehall.cases.eventfile import COLUMNS
from servicehall.testing.seeds import SEED_2023_9

# LibreOffice and fresh processes take seconds: outside `make check`, inside `make test`.
pytestmark = pytest.mark.slow


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SERVICEHALL_SQLITE_PATH"] = str(tmp_path / "cli.sqlite3")
    return subprocess.run(
        [sys.executable, "-m", "servicehall.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_import_events_then_stats_work_on_a_database_never_migrated(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    with events.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerow(["E1", "C1", "受理", "2024-01-22T23:59:59", "公安厅", "X", "A01", "S1"])
        writer.writerow(["E2", "C1", "transfer", "2024-01-27T00:00:00", "公安厅", "X", "A01", "S1"])
        writer.writerow(["E3", "", "consult", "2023-12-31T23:59:59", "", "", "A01", "S1"])
    imported = run(tmp_path, "import-events", str(events))
    assert imported.returncode == 0, imported.stderr
    assert "新增 3 条" in imported.stdout
    again = run(tmp_path, "import-events", str(events))
    assert "新增 0 条，已存在 3 条" in again.stdout
    stats = run(
        tmp_path, "stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json", "--repeat", "5"
    )
    assert json.loads(stats.stdout) == {
        "period": {"consult": 0, "accept": 1, "transfer": 0, "issue": 0, "complete": 0},
        "ytd": {"consult": 0, "accept": 1, "transfer": 0, "issue": 0, "complete": 0},
    }


def test_a_bad_file_exits_non_zero_naming_the_row(tmp_path: Path) -> None:
    events = tmp_path / "bad.csv"
    events.write_text(
        "event_id,case_id,kind,occurred_at,department,item_code,window,staff\nE1,C1,accept,yesterday,,,,\n",
        encoding="utf-8",
    )
    result = run(tmp_path, "import-events", str(events))
    assert result.returncode != 0 and "第 2 行，occurred_at" in result.stderr


def test_import_report_then_render_issue_round_trip_through_the_console_script(
    tmp_path: Path,
) -> None:
    imported = run(tmp_path, "import-report", str(SEED_2023_9), "--json")
    assert imported.returncode == 0, imported.stderr
    parsed = json.loads(imported.stdout)
    assert (parsed["title"], parsed["year"], parsed["number"], parsed["serial"]) == (
        "政务服务工作",
        2023,
        9,
        429,
    )
    out = tmp_path / "2023-9.docx"
    rendered = run(tmp_path, "render-issue", "2023-9", "--format", "docx", "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    again = run(tmp_path, "import-report", str(out), "--json")
    assert again.returncode == 0, again.stderr  # the same report in another format: no conflict
    assert json.loads(again.stdout) == parsed

"""The demo's literal data lives in files under demo/data, each one read, none left over."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servicehall.demo import catalog_data, departments, events, journal, people
from servicehall.demo.tables import DATA_DIR, csv_table, json_table

DEMO = Path(departments.__file__).resolve().parent
TABLE_FILES = sorted(p for p in DATA_DIR.iterdir() if p.suffix in (".csv", ".json"))


def test_every_data_file_is_read_by_the_generator_and_no_module_reads_a_missing_one() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in DEMO.glob("*.py"))
    read = set(re.findall(r'(?:json|csv)_table\("(\w+)"\)', source))
    assert read == {p.stem for p in TABLE_FILES}


@pytest.mark.parametrize("path", TABLE_FILES, ids=lambda p: p.name)
def test_each_table_loads_and_is_not_empty(path: Path) -> None:
    table = json_table(path.stem) if path.suffix == ".json" else csv_table(path.stem)
    assert len(table) > 0


def test_the_tables_hold_the_seed_reports_numbers() -> None:
    # 1,645 办理项 listed on 2024-01-26 across 44 departments; 36 policies of 14 departments.
    assert sum(catalog_data.TARGETS.values()) == 1645
    assert len(departments.DEPARTMENTS) == len(catalog_data.ITEMS) == 44
    assert len(journal.FULFILLED) == 36 and len({f[0] for f in journal.FULFILLED}) == 14
    assert events.CALIBRATION[1] == (
        departments.D(2023, 3, 6),
        departments.D(2023, 3, 10),
        {"consult": 815, "accept": 168, "issue": 1185, "transfer": 1682},
    )
    assert events.CALIBRATION[2][2]["consult"] == 5501 - 1291
    assert people.DEMO_LOGINS[3] == ("liaison_police", "liaison", "公安厅")

"""The events file's optional ``channel`` column (办件渠道): read into the log and the case."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.test import Client

from servicehall.accounts.models import User
from servicehall.cases.importer import import_events
from servicehall.cases.models import Case, CaseEvent, Channel
from servicehall.core.tabular import ImportRejected
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

BASE = ["event_id", "case_id", "kind", "occurred_at", "department", "item_code", "window", "staff"]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_channel_by_chinese_name_or_code_reaches_the_event_and_the_case(
    tmp_path: Path, police: Department
) -> None:
    rows = [
        ["E1", "C1", "accept", "2024-03-04T09:00:00", "公安厅", "", "A01", "S1", "网上申报"],
        ["E2", "C1", "complete", "2024-03-05T09:00:00", "公安厅", "", "A01", "S1", ""],
        ["E3", "C2", "受理", "2024-03-04T10:00:00", "公安厅", "", "A01", "S1", "MAIL"],
        ["E4", "C3", "accept", "2024-03-04T11:00:00", "公安厅", "", "A01", "S1", ""],
    ]
    import_events(write(tmp_path / "e.csv", [*BASE, "channel"], rows))
    cases = dict(Case.objects.values_list("case_no", "channel"))
    assert cases == {"C1": Channel.ONLINE, "C2": Channel.MAIL, "C3": ""}
    events = dict(CaseEvent.objects.values_list("event_id", "channel"))
    assert events == {"E1": "online", "E2": "", "E3": "mail", "E4": ""}


def test_a_file_without_the_column_imports_with_no_channel(
    tmp_path: Path, police: Department
) -> None:
    rows = [["E1", "C1", "accept", "2024-03-04T09:00:00", "公安厅", "", "A01", "S1"]]
    import_events(write(tmp_path / "e.csv", BASE, rows))
    assert Case.objects.get().channel == ""


def test_an_unknown_channel_rejects_the_file_naming_row_and_column(
    tmp_path: Path, police: Department
) -> None:
    rows = [["E1", "C1", "accept", "2024-03-04T09:00:00", "公安厅", "", "A01", "S1", "电话"]]
    with pytest.raises(ImportRejected) as caught:
        import_events(write(tmp_path / "e.csv", [*BASE, "channel"], rows))
    error = caught.value.errors[0]
    assert (error.row, error.field) == (2, "channel")
    assert "电话" in error.message and "跨域代收" in error.message
    assert not Case.objects.exists()


def test_the_import_page_names_the_optional_column_and_its_values(
    client: Client, center_admin: User
) -> None:
    from django.urls import reverse

    client.force_login(center_admin)
    page = client.get(reverse("cases:import")).content.decode()
    assert "staff, channel, center</code>（其中 channel、center 可省略）" in page
    assert "渠道可写 窗口、网上申报、自助、邮寄、跨域代收" in page

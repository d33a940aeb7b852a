"""The records behind a count: the event list, its filters and its exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from servicehall.accounts.models import User
from servicehall.cases.services import record_event
from servicehall.figures import Period, case_counts
from servicehall.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(police: Department, water: Department) -> tuple[Department, Department]:
    for i, (kind, day, dept) in enumerate(
        [
            ("accept", 22, police),
            ("accept", 23, water),
            ("accept", 29, police),
            ("consult", 22, police),
        ]
    ):
        record_event(
            event_id=f"E{i}",
            kind=kind,
            occurred_at=dt.datetime(2024, 1, day, 10),
            department=dept,
            staff_ref="=HYPERLINK(1)",
        )
    return police, water


def test_the_filtered_list_holds_exactly_the_events_a_figure_counts(
    client: Client, events: tuple[Department, Department], leader: User
) -> None:
    client.force_login(leader)
    html = client.get(
        "/cases/events/?kind=accept&occurred_on_after=2024-01-22&occurred_on_before=2024-01-26"
    ).content.decode()
    listed = {e for e in ("E0", "E1", "E2", "E3") if f">{e}<" in html}
    assert listed == {"E0", "E1"}
    assert len(listed) == case_counts(Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26)))["accept"]


def test_a_liaison_lists_only_its_departments_events(
    client: Client, events: tuple[Department, Department], water_liaison: User
) -> None:
    client.force_login(water_liaison)
    html = client.get("/cases/events/").content.decode()
    assert ">E1<" in html and ">E0<" not in html


def test_csv_export_has_every_filtered_row_and_defuses_formulas(
    client: Client, events: tuple[Department, Department], center_admin: User
) -> None:
    client.force_login(center_admin)
    response = client.get("/cases/events/?kind=accept&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "事件编号,办件编号,环节,发生时间,部门,办理项编码,窗口,工作人员,办件渠道,中心"
    assert len(lines) == 4  # three accepts
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_xlsx_export_opens_with_the_same_rows(
    client: Client, events: tuple[Department, Department], center_admin: User
) -> None:
    client.force_login(center_admin)
    response = client.get(f"/cases/events/?department={events[0].pk}&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert isinstance(sheet, Worksheet)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "事件编号" and len(rows) == 4  # header + three events of 公安厅
    assert {r[2] for r in rows[1:]} == {"受理", "咨询"}
    assert rows[1][7] == "'=HYPERLINK(1)"

"""An import batch taken back by a center admin: its events, their counts and the cases it
created go; the cases it moved on return to the rest of the log; the file may come again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.cases import rollups
from servicehall.cases.batches import RollbackRefused, roll_back
from servicehall.cases.importer import import_events
from servicehall.cases.models import Case, CaseEvent, DailyCount, ImportBatch
from servicehall.cases.window import register
from servicehall.core.localtime import SHANGHAI
from servicehall.history.models import ChangeRecord
from servicehall.org.models import Department
from servicehall.testing.factories import HandlingItemFactory

pytestmark = pytest.mark.django_db

FILE = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "E1,C1,受理,2024-01-22T09:30:00,公安厅,,,\n"
    "E2,C1,办结,2024-01-23T09:30:00,公安厅,,,\n"
    "E3,W-1,办结,2024-01-24T09:30:00,公安厅,,,\n"
    "E4,,咨询,2024-01-24T10:00:00,公安厅,,,\n"
)


@pytest.fixture
def imported(tmp_path: Path, clerk: User, police: Department) -> tuple[Path, ImportBatch]:
    register(
        clerk,
        kind="accept",
        case_no="W-1",
        department=police,
        handling_item=HandlingItemFactory(service_item__department=police),
        applicant="张三",
        occurred_at=dt.datetime(2024, 1, 22, 9, tzinfo=SHANGHAI),
    )
    path = tmp_path / "week4.csv"
    path.write_text(FILE, encoding="utf-8")
    result = import_events(path)
    assert result.created == 4
    assert result.batch_id is not None
    return path, ImportBatch.objects.get(pk=result.batch_id)


def test_taking_a_batch_back_leaves_the_log_and_its_counts_as_before(
    imported: tuple[Path, ImportBatch],
) -> None:
    path, batch = imported
    assert Case.objects.get(case_no="W-1").completed_at is not None  # moved on by the file
    assert roll_back(batch, user="admin", reason="部门名称填错") == 4
    assert list(CaseEvent.objects.values_list("case_no", "kind")) == [("W-1", "accept")]
    assert sum(DailyCount.objects.values_list("count", flat=True)) == 1
    assert rollups.mismatches() == 0
    assert not Case.objects.filter(case_no="C1").exists()
    window_case = Case.objects.get(case_no="W-1")
    assert window_case.accepted_at is not None and window_case.completed_at is None
    batch.refresh_from_db()
    assert (batch.rolled_back_by, batch.rollback_reason) == ("admin", "部门名称填错")
    record = ChangeRecord.objects.filter(model_name="importbatch", object_id=str(batch.pk)).get(
        reason="部门名称填错"
    )
    assert record.after is not None
    assert (record.action, record.after["rolled_back_by"]) == ("update", "admin")
    # The same file may be imported again once its batch is taken back.
    assert import_events(path).created == 4
    assert rollups.mismatches() == 0


def test_a_batch_is_taken_back_once_and_only_with_a_reason(
    imported: tuple[Path, ImportBatch],
) -> None:
    _, batch = imported
    with pytest.raises(RollbackRefused, match="请写明撤销原因"):
        roll_back(batch, user="admin", reason="  ")
    roll_back(batch, user="admin", reason="重复导入")
    with pytest.raises(RollbackRefused, match=r"该批次已于 .* 撤销"):
        roll_back(batch, user="admin", reason="再撤一次")


def test_the_import_page_lists_batches_and_an_admin_takes_one_back(
    client: Client, imported: tuple[Path, ImportBatch], center_admin: User, clerk: User
) -> None:
    _, batch = imported
    client.force_login(clerk)
    assert (
        client.post(reverse("cases:batch_rollback", args=[batch.pk]), {"reason": "x"}).status_code
        == 403
    )
    client.force_login(center_admin)
    page = client.get(reverse("cases:import")).content.decode()
    assert "week4.csv" in page and f'action="/cases/batches/{batch.pk}/rollback/"' in page
    answer = client.post(
        reverse("cases:batch_rollback", args=[batch.pk]), {"reason": "文件有误"}, follow=True
    )
    assert "已撤销导入批次“week4.csv”：删除 4 条事件" in answer.content.decode()
    assert CaseEvent.objects.count() == 1
    refused = client.post(
        reverse("cases:batch_rollback", args=[batch.pk]), {"reason": "again"}, follow=True
    )
    assert "该批次已于" in refused.content.decode()

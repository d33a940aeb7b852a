"""Imported past issues reconciled with the records (导入核对): a contradicted import is 争议,
an import that reads nothing stores nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.management import CommandError, call_command

from servicehall.archive.models import Passage, PastDocument
from servicehall.archive.services import NothingReadError, store_report
from servicehall.cases.services import record_event
from servicehall.history.models import ChangeRecord
from servicehall.reports import disputes, workflow
from servicehall.reports.checks import check_year_to_date
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.reports.trends import figure_trend
from servicehall.testing.factories import HandlingItemFactory
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.demo.loader import LoadResult
    from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db
D = dt.date


def crafted_2024_3(tmp_path: Path) -> Path:
    """The seed 2024-4 passed off as 2024年第3期 for the week before: its figures (咨询 1291 this
    week, 5501 this year) are not those of 1月15日—19日."""
    text = (
        SEED_2024_4.read_text(encoding="utf-8")
        .replace("2024年第4期（总第475期）", "2024年第3期（总第474期）")
        .replace("（1月22日—1月26日）", "（1月15日—1月19日）")
        .replace("2024年2月8日", "2024年1月25日")
    )
    path = tmp_path / "2024-3.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def records(center: Center, police: Department) -> None:
    """The log of January 2024 as the system holds it: 3 咨询 and 1 受理 up to 1月19日."""
    for i, (kind, day) in enumerate(
        [("consult", 3), ("consult", 16), ("consult", 17), ("accept", 17), ("consult", 23)]
    ):
        record_event(
            event_id=f"J{i}",
            kind=kind,
            occurred_at=dt.datetime(2024, 1, day, 10),
            department=police,
        )
    HandlingItemFactory(service_item__department=police)


def test_an_import_the_records_contradict_is_disputed_with_each_difference(
    records: None, tmp_path: Path
) -> None:
    stored = store_report(crafted_2024_3(tmp_path))
    issue = Issue.objects.get(pk=stored.object_id)
    assert (stored.kind, issue.status, issue.get_status_display()) == (
        "disputed",
        "disputed",
        "争议",
    )
    assert issue.published_at is None
    table = [(d["key"], d["stated"], d["records"]) for d in issue.differences]
    # The item register holds 1 办理项 without a handbook: 1110 and 67.48 % are contradicted;
    # no window, no training, no benefit statistics: those figures have nothing to compare with.
    assert table == [
        ("window.week.consult", 1291, 2),
        ("window.ytd.consult", 5501, 3),
        ("window.week.accept", 631, 1),
        ("window.ytd.accept", 2475, 1),
        ("window.week.transfer", 2185, 0),
        ("window.ytd.transfer", 21220, 0),
        ("window.week.issue", 1017, 0),
        ("window.ytd.issue", 11631, 0),
        ("handbook.done", 1110, 0),
        ("handbook.percent", 67.48, 0.0),
    ]
    assert disputes.describe(issue.differences[1]) == "今年以来咨询：原文 5501人次，记录 3人次"
    assert any("10 处数字与记录不符，按争议期次保存" in w for w in stored.document.warnings)
    # Out of the trends and the search until resolved.
    assert figure_trend("window.ytd.consult", Issue.objects.all()) == []
    assert not Passage.objects.filter(issue=issue).exists()
    # Re-importing the same file changes nothing.
    again = store_report(crafted_2024_3(tmp_path))
    assert (again.created, again.object_id) == (False, issue.pk)


def test_a_disputed_import_holds_its_number_but_not_the_ytd_check(
    records: None, tmp_path: Path
) -> None:
    store_report(crafted_2024_3(tmp_path))
    draft = draft_issue(find_series("窗口工作周报"), D(2024, 1, 24))
    # Measured against a published 2024-3 stating 5501, the week would be 1 , not 5502.
    assert check_year_to_date(draft) == []
    workflow.submit(draft)
    workflow.approve(draft)
    published = workflow.publish(draft, issue_date=D(2024, 2, 8), office_files=False)
    assert (published.year, published.number) == (2024, 4)


def test_accepting_the_stated_values_publishes_the_import_with_the_reason(
    records: None, tmp_path: Path, center_admin: User
) -> None:
    issue = Issue.objects.get(pk=store_report(crafted_2024_3(tmp_path)).object_id)
    with pytest.raises(disputes.DisputeError, match="请填写处理理由"):
        disputes.accept_stated(issue, center_admin, " ")
    accepted = disputes.accept_stated(issue, center_admin, "纸质原件核对无误，系统缺1月上旬记录")
    assert accepted.status == Issue.Status.PUBLISHED and accepted.published_at is not None
    note = accepted.actions.get(action="accept-stated").note
    assert note.startswith(
        "理由：纸质原件核对无误，系统缺1月上旬记录；与记录不符：本周咨询：原文 1291人次"
    )
    assert [p["value"] for p in figure_trend("window.ytd.consult", Issue.objects.all())] == [5501]
    assert Passage.objects.filter(issue=accepted).exists()
    with pytest.raises(disputes.DisputeError, match="不是有争议的导入期次"):
        disputes.withdraw_import(accepted, center_admin, "重复")


def test_withdrawing_removes_the_import_and_the_history_keeps_why(
    records: None, tmp_path: Path, center_admin: User
) -> None:
    issue = Issue.objects.get(pk=store_report(crafted_2024_3(tmp_path)).object_id)
    label = disputes.withdraw_import(issue, center_admin, "文件为改过期号的2024年第4期")
    assert label == "窗口工作周报 2024年第3期（总第474期）"
    assert not Issue.objects.filter(pk=issue.pk).exists()
    record = ChangeRecord.objects.get(
        app_label="reports", model_name="issue", object_id=str(issue.pk), action="delete"
    )
    assert record.reason == "撤回有争议的导入：文件为改过期号的2024年第4期"
    assert record.before is not None
    assert record.before["differences"][1]["stated"] == 5501


def test_an_editor_resolves_a_disputed_import_on_its_page(
    records: None, tmp_path: Path, client: Client, center_admin: User
) -> None:
    issue = Issue.objects.get(pk=store_report(crafted_2024_3(tmp_path)).object_id)
    client.force_login(center_admin)
    page = client.get(f"/reports/{issue.pk}/").content.decode()
    assert "争议：导入的数字与记录不符（10 处）" in page
    assert "今年以来咨询</td><td>5501人次</td><td>3人次" in page
    assert "window.ytd.consult" not in page  # the figure by its name, never its key
    listed = client.get("/reports/").content.decode()
    assert '<span class="badge">争议</span>' in listed  # the row says it, not only the filter
    response = client.post(f"/reports/{issue.pk}/accept-stated/", {"reason": "核对纸质原件"})
    assert response.status_code == 302
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.PUBLISHED


def test_an_import_without_records_for_its_period_is_published_as_before(
    center: Center, tmp_path: Path
) -> None:
    stored = store_report(crafted_2024_3(tmp_path))
    issue = Issue.objects.get(pk=stored.object_id)
    assert (stored.kind, issue.status, issue.differences) == ("issue", "published", [])


# ---- an import that reads nothing --------------------------------------------------------------


def test_a_junk_text_file_is_refused_and_nothing_is_stored(db: None, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello world\nthis is nothing\n", encoding="utf-8")
    with pytest.raises(NothingReadError, match=r"^未读出任何报告内容"):
        store_report(junk)
    with pytest.raises(CommandError, match=r"notes.txt：未读出任何报告内容.*未导入"):
        call_command("import_report", str(junk))
    assert (Issue.objects.count(), PastDocument.objects.count()) == (0, 0)


def test_a_short_bulletin_with_a_quantity_still_imports(db: None, tmp_path: Path) -> None:
    bulletin = tmp_path / "bulletin.txt"
    bulletin.write_text("全区一体化平台办件数3382件。\n", encoding="utf-8")
    stored = store_report(bulletin)
    assert stored.kind == "document" and stored.created


# ---- on the demo: the crafted 2024-3 beside the published one ------------------------------------


def test_the_crafted_2024_3_on_the_demo_lists_its_difference_with_the_records(
    demo_db: LoadResult, tmp_path: Path
) -> None:
    stored = store_report(crafted_2024_3(tmp_path))
    # The demo published its own 2024年第3期: the file is kept beside it, to be compared.
    assert stored.kind == "conflict"
    (line,) = [w for w in stored.document.warnings if "处数字与记录不符" in w]
    assert "今年以来咨询：原文 5501人次，记录 4210人次" in line
    assert "本周咨询：原文 1291人次，记录" in line

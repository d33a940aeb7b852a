"""Imports waiting for a person (待核对): out of every trend, resolved on their page with a
reason — taken (an erratum of the issue holding the number, the place of a disputed import, or
an ordinary past document) or deleted — and a withdrawn issue marked where the search finds it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from servicehall.archive import pending, trends
from servicehall.archive.models import Passage, PastDocument, StatedFact
from servicehall.archive.services import store_report
from servicehall.archive.tests.test_reconcile import crafted_2024_3, records  # noqa: F401
from servicehall.history.models import ChangeRecord
from servicehall.reports import corrections
from servicehall.reports.models import Issue, IssueAction
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db


def _changed(tmp_path: Path, source: Path, name: str) -> Path:
    """The report with one number changed: 本周咨询 1292 for 1291."""
    path = tmp_path / name
    path.write_text(
        source.read_text(encoding="utf-8").replace("咨询 1291 人次", "咨询 1292 人次"),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def beside(center: Center, tmp_path: Path) -> tuple[Issue, PastDocument]:
    """2024年第4期 imported (published: no records to contradict it), and a file with the
    same number and one number changed, kept beside it: 待核对."""
    issue = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    stored = store_report(_changed(tmp_path, SEED_2024_4, "2024-4-changed.txt"))
    assert stored.kind == "conflict"
    candidate = PastDocument.objects.get(pk=stored.object_id)
    assert candidate.pending and candidate.conflicts_with == issue
    assert candidate.pending_reason == f"期号已由{issue}占用，但内容不同"
    return issue, candidate


def _consult_points() -> list[tuple[str, list[int]]]:
    return [(p.owner, [int(v) for v in p.values]) for p in trends.fact_points("咨询", "人次")]


def test_a_waiting_import_is_in_no_trend_but_is_found_and_marked(
    beside: tuple[Issue, PastDocument], client: Client, center_admin: User
) -> None:
    issue, candidate = beside
    # One point: the issue's (1291 this week, 5501 this year) — not the candidate's 1292 beside it.
    assert _consult_points() == [(str(issue), [1291, 5501])]
    assert not StatedFact.objects.filter(document=candidate).exists()
    assert Passage.objects.filter(document=candidate).exists()
    client.force_login(center_admin)
    page = client.get("/archive/search/?q=咨询").content.decode()
    assert f'title="{candidate.pending_reason}">待核对</span>' in page
    listed = client.get("/archive/documents/").content.decode()
    assert ">待核对</span>" in listed


def test_taking_the_file_beside_a_published_issue_opens_an_erratum_of_it(
    beside: tuple[Issue, PastDocument], center_admin: User, leader: User
) -> None:
    issue, candidate = beside
    with pytest.raises(pending.PendingError, match="无权"):
        pending.accept_document(candidate, leader, "纸质原件为1292")
    with pytest.raises(pending.PendingError, match="请填写处理理由"):
        pending.accept_document(candidate, center_admin, "  ")
    done = pending.accept_document(candidate, center_admin, "纸质原件为1292")
    erratum = done.issue
    assert erratum is not None and erratum.corrects == issue
    assert (erratum.status, erratum.figures["window.week.consult"]) == (Issue.Status.DRAFT, 1292)
    assert [a.get_action_display() for a in erratum.actions.order_by("pk")] == [
        "发起勘误",
        "采用待核对文件",
    ]
    assert "纸质原件为1292" in erratum.correction_reason
    assert not PastDocument.objects.filter(pk=candidate.pk).exists()
    record = ChangeRecord.objects.get(
        app_label="archive", model_name="pastdocument", object_id=str(candidate.pk), action="delete"
    )
    assert record.action == "delete" and "勘误草稿" in record.reason
    # Until the erratum is published, the trend still reads the issue as printed.
    assert _consult_points() == [(str(issue), [1291, 5501])]


def test_deleting_the_file_keeps_why_in_the_history_and_the_issues_log(
    beside: tuple[Issue, PastDocument], center_admin: User
) -> None:
    issue, candidate = beside
    done = pending.delete_document(candidate, center_admin, "草稿件，非正式印发")
    assert done.message == f"已删除待核对文件：{candidate}"
    assert not PastDocument.objects.filter(pk=candidate.pk).exists()
    assert not Passage.objects.filter(document_id=candidate.pk).exists()
    record = ChangeRecord.objects.get(
        app_label="archive", model_name="pastdocument", object_id=str(candidate.pk), action="delete"
    )
    assert (record.action, record.reason) == ("delete", "删除待核对文件：草稿件，非正式印发")
    assert (
        issue.actions.get(action=IssueAction.Kind.DELETE_DOCUMENT).note
        == "2024-4-changed.txt：草稿件，非正式印发"
    )
    with pytest.raises(PastDocument.DoesNotExist):
        pending.delete_document(candidate, center_admin, "再删一次")


def test_a_held_import_with_nothing_beside_it_counts_once_taken(
    center: Center, center_admin: User, tmp_path: Path
) -> None:
    bulletin = tmp_path / "bulletin.txt"
    bulletin.write_text("全区一体化平台办件数3382件。\n", encoding="utf-8")
    past = PastDocument.objects.get(pk=store_report(bulletin).object_id)
    assert [p.owner for p in trends.fact_points("全区一体化平台办件数", "件")] == [str(past)]
    # Another rule (the security checks of imports) holds it: out of the trend, marked.
    pending.hold(past, "文件内容可疑：请核对来源")
    assert trends.fact_points("全区一体化平台办件数", "件") == []
    done = pending.accept_document(past, center_admin, "来源已核实")
    assert done.document == past and done.issue is None
    assert [p.owner for p in trends.fact_points("全区一体化平台办件数", "件")] == [str(past)]
    past.refresh_from_db()
    assert (past.pending, past.pending_reason) == (False, "")
    with pytest.raises(pending.PendingError, match="不是待核对的文件"):
        pending.delete_document(past, center_admin, "已处理")


def test_taking_the_file_beside_a_disputed_import_takes_its_place(
    records: None,  # noqa: F811
    tmp_path: Path,
    center_admin: User,
) -> None:
    disputed = Issue.objects.get(pk=store_report(crafted_2024_3(tmp_path)).object_id)
    assert disputed.status == Issue.Status.DISPUTED
    other = store_report(_changed(tmp_path, crafted_2024_3(tmp_path), "2024-3-b.txt"))
    candidate = PastDocument.objects.get(pk=other.object_id)
    assert candidate.pending and candidate.conflicts_with == disputed
    done = pending.accept_document(candidate, center_admin, "第二份为印发稿")
    assert not Issue.objects.filter(pk=disputed.pk).exists()
    taken = done.issue
    assert taken is not None and taken.source_name == "2024-3-b.txt"
    assert (taken.number, taken.figures["window.week.consult"]) == (3, 1292)
    assert (
        taken.actions.get(action=IssueAction.Kind.ACCEPT_DOCUMENT).note
        == "2024-3-b.txt：第二份为印发稿"
    )


def test_the_page_offers_the_resolutions_to_the_editor_only(
    beside: tuple[Issue, PastDocument], client: Client, center_admin: User, leader: User
) -> None:
    issue, candidate = beside
    url = f"/archive/documents/{candidate.pk}/"
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert 'id="pending"' in page and "采用本文件的数字" not in page
    assert client.post(f"{url}delete/", {"reason": "x"}).status_code == 403
    assert client.get(f"{url}delete/").status_code == 405
    client.force_login(center_admin)
    page = client.get(url).content.decode()
    assert "采用本文件的数字" in page and "删除本文件" in page and "转为该期的勘误草稿" in page
    refused = client.post(f"{url}delete/", {"reason": ""}, follow=True).content.decode()
    assert "请填写处理理由" in refused and PastDocument.objects.filter(pk=candidate.pk).exists()
    response = client.post(f"{url}delete/", {"reason": "草稿件"})
    assert response.status_code == 302 and response["Location"] == f"/reports/{issue.pk}/"
    assert not PastDocument.objects.filter(pk=candidate.pk).exists()


def test_a_withdrawn_issue_is_found_by_the_search_with_its_mark(
    center: Center, client: Client, center_admin: User
) -> None:
    issue = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    client.force_login(center_admin)
    assert ">已撤回</span>" not in client.get("/archive/search/?q=咨询").content.decode()
    corrections.withdraw(issue, center_admin, "导入文件有误")
    page = client.get("/archive/search/?q=咨询").content.decode()
    assert 'title="撤回理由：导入文件有误">已撤回</span>' in page
    assert str(issue) in page


def test_the_migration_holds_the_conflicts_stored_before_it(
    beside: tuple[Issue, PastDocument],
) -> None:
    from importlib import import_module

    from django.apps import apps

    _, candidate = beside
    PastDocument.objects.filter(pk=candidate.pk).update(pending=False, pending_reason="")
    StatedFact.objects.create(
        document=candidate, position=0, date=dt.date(2024, 1, 26), label="咨询", value=1292,
        unit="人次", text="咨询1292人次",
    )  # fmt: skip
    migration = import_module("servicehall.archive.migrations.0006_pending_imports")
    migration.hold_conflicts(apps, None)
    candidate.refresh_from_db()
    assert candidate.pending and not StatedFact.objects.filter(document=candidate).exists()

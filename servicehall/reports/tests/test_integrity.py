"""What is published stays as published: triggers on PostgreSQL, the ORM everywhere, and
`servicehall verify-issues` to prove the stored files still match their checksums."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from servicehall.archive.services import store_report
from servicehall.history.models import ChangeRecord, HistoryIsReadOnly
from servicehall.reports.models import Issue, IssueFile, PublishedIssueError
from servicehall.reports.workflow import issue_file
from servicehall.testing.seeds import SEED_2024_4

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> Issue:
    return Issue.objects.get(pk=store_report(SEED_2024_4).object_id)


def raw(sql: str, params: list[bytes | int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_orm_refuses_to_change_or_delete_a_published_issue(published: Issue) -> None:
    published.number = 99
    with pytest.raises(PublishedIssueError):
        published.save()
    with pytest.raises(PublishedIssueError):
        published.delete()


def test_postgresql_refuses_even_raw_sql_on_published_issues_and_their_files(
    published: Issue,
) -> None:
    if connection.vendor != "postgresql":
        # SQLite has no such trigger: verify-issues is what catches a change there (below).
        raw("UPDATE reports_issuefile SET content = %s WHERE issue_id = %s", [b"x", published.pk])
        assert bytes(IssueFile.objects.get(issue=published).content) == b"x"
        return
    for sql in (
        "UPDATE reports_issue SET number = 99 WHERE id = %s",
        "DELETE FROM reports_issue WHERE id = %s",
        "UPDATE reports_issuefile SET content = 'x' WHERE issue_id = %s",
        "DELETE FROM reports_issuefile WHERE issue_id = %s",
    ):
        with pytest.raises(IntegrityError, match="frozen"), transaction.atomic():
            raw(sql, [published.pk])
    assert Issue.objects.get(pk=published.pk).number == 4


def test_change_records_are_never_changed_or_deleted(published: Issue) -> None:
    record = ChangeRecord.objects.filter(model_name="issue").first()
    assert record is not None
    record.object_repr = "forged"
    with pytest.raises(HistoryIsReadOnly):
        record.save()
    with pytest.raises(HistoryIsReadOnly):
        record.delete()
    with pytest.raises(HistoryIsReadOnly):
        ChangeRecord.objects.all().delete()
    with pytest.raises(HistoryIsReadOnly):
        ChangeRecord.objects.update(reason="x")
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="never"), transaction.atomic():
            raw("UPDATE history_changerecord SET object_repr = 'forged' WHERE id = %s", [record.pk])
        with pytest.raises(IntegrityError, match="never"), transaction.atomic():
            raw("DELETE FROM history_changerecord WHERE id = %s", [record.pk])


def test_verify_issues_passes_then_names_a_tampered_file(
    published: Issue, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("verify_issues")
    assert "已沿台账核对 2 条记录、1 期已发布周报的 1 个文件" in capsys.readouterr().out
    # What a superuser with psql could do: on PostgreSQL, with the triggers switched off.
    if connection.vendor == "postgresql":
        raw("SET session_replication_role = replica", [])
    raw(
        "UPDATE reports_issuefile SET content = %s WHERE issue_id = %s", [b"tampered", published.pk]
    )
    if connection.vendor == "postgresql":
        raw("SET session_replication_role = DEFAULT", [])
    with pytest.raises(CommandError, match="3 处不符"):
        call_command("verify_issues")
    out = capsys.readouterr().out
    assert "source 文件被改动：SHA-256 为" in out  # the ledger's break
    assert "source：SHA-256 为" in out and "8 字节" in out  # and the file's own checksum


def test_an_imported_issue_gets_its_docx_rendered_once_then_frozen(published: Issue) -> None:
    first = issue_file(published, "docx")
    stored = IssueFile.objects.get(issue=published, format="docx")
    assert bytes(stored.content) == first and stored.size == len(first)
    assert issue_file(published, "docx") == first
    assert IssueFile.objects.filter(issue=published, format="docx").count() == 1

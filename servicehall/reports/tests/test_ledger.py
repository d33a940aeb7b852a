"""The archive's ledger (issue 23): every publication, file and withdrawal is chained under a
key kept outside the database, and `servicehall verify-issues` names each break — a changed
row, a changed file with its hash, a missing issue, a re-ordered or edited entry — on SQLite and
PostgreSQL alike, even when the intruder can switch PostgreSQL's triggers off."""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from servicehall.archive.services import store_report
from servicehall.reports import ledger
from servicehall.reports.corrections import withdraw
from servicehall.reports.models import Issue, IssueFile, LedgerEntry
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.backends.utils import CursorWrapper
    from django.test import Client
    from pytest_django import Settings

    from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ledger_key(settings: Settings) -> None:
    settings.SERVICEHALL_LEDGER_KEY = "测试用的台账密钥-kept-outside-the-database"


@pytest.fixture
def archive(center_admin: User) -> tuple[Issue, Issue]:
    """Two published issues, their source files, the second withdrawn."""
    first = Issue.objects.get(pk=store_report(SEED_2023_9).object_id)
    second = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    withdraw(second, center_admin, "数据口径有误")
    return first, second


@contextmanager
def as_table_owner() -> Iterator[CursorWrapper]:
    """Raw SQL with PostgreSQL's triggers off, as the table owner or a superuser can."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def breaks() -> list[tuple[str, str]]:
    return [(b.kind, str(b)) for b in ledger.verify().breaks]


def test_each_publication_file_and_withdrawal_is_entered_in_order_and_verifies(
    archive: tuple[Issue, Issue],
) -> None:
    first, second = archive
    entries = list(LedgerEntry.objects.values_list("seq", "kind", "issue_ref"))
    assert entries == [
        (1, "publication", first.pk),
        (2, "file", first.pk),
        (3, "publication", second.pk),
        (4, "file", second.pk),
        (5, "withdrawal", second.pk),
    ]
    report = ledger.verify()
    assert (report.entries, report.issues, report.files, report.breaks) == (5, 2, 2, [])
    assert report.head_mac == LedgerEntry.objects.get(seq=5).mac


def test_a_file_changed_with_its_stored_checksum_is_named_with_its_hash(
    archive: tuple[Issue, Issue],
) -> None:
    first, _ = archive
    import hashlib

    forged = b"forged report"
    with as_table_owner() as cursor:
        cursor.execute(
            "UPDATE reports_issuefile SET content = %s, sha256 = %s, size = %s WHERE issue_id = %s",
            [forged, hashlib.sha256(forged).hexdigest(), len(forged), first.pk],
        )
    (found,) = breaks()
    assert found[0] == "file"
    assert f"source 文件被改动：SHA-256 为 {hashlib.sha256(forged).hexdigest()}" in found[1]
    assert found[1].startswith("台账第 2 条（固定文件 政务服务工作 2023年第9期")


def test_a_changed_row_names_its_fields(archive: tuple[Issue, Issue]) -> None:
    first, _ = archive
    with as_table_owner() as cursor:
        cursor.execute(
            "UPDATE reports_issue SET period_end = %s, document = %s WHERE id = %s",
            ["2023-03-11", '{"blocks": []}', first.pk],
        )
    (found,) = breaks()
    assert found == ("row", f"台账第 1 条（发布 {first}）：期次的截止日、文档内容被改动")


def test_an_issue_unpublished_and_its_files_deleted_is_named(archive: tuple[Issue, Issue]) -> None:
    first, _ = archive
    with as_table_owner() as cursor:
        cursor.execute("DELETE FROM reports_issuefile WHERE issue_id = %s", [first.pk])
        cursor.execute("UPDATE reports_issue SET status = 'draft' WHERE id = %s", [first.pk])
    found = breaks()
    assert ("row", f"台账第 1 条（发布 {first}）：期次已不是已发布状态（现为“草稿”）") in found
    assert any(kind == "missing" and "source 文件已不存在" in text for kind, text in found)
    assert ledger.verify().issues == 1


def test_a_deleted_issue_is_named_missing(archive: tuple[Issue, Issue]) -> None:
    _, second = archive
    with as_table_owner() as cursor:
        # Everything that names it first (its files, withdrawal, actions, search passages …).
        for relation in Issue._meta.related_objects:
            if relation.one_to_many or relation.one_to_one:
                assert isinstance(relation.related_model, type)  # a model, not "self"
                table = relation.related_model._meta.db_table
                column = relation.field.column
                cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [second.pk])
        cursor.execute("DELETE FROM reports_issue WHERE id = %s", [second.pk])
    found = breaks()
    assert ("missing", f"台账第 3 条（发布 {second}）：期次（编号 {second.pk}）已不存在") in found
    assert [k for k, _ in found] == ["missing", "missing", "missing"]


def test_re_ordered_entries_are_named(archive: tuple[Issue, Issue]) -> None:
    with as_table_owner() as cursor:
        cursor.execute("UPDATE reports_ledgerentry SET seq = 100 WHERE seq = 3")
        cursor.execute("UPDATE reports_ledgerentry SET seq = 3 WHERE seq = 4")
        cursor.execute("UPDATE reports_ledgerentry SET seq = 4 WHERE seq = 100")
    found = breaks()
    assert [k for k, _ in found] == ["order", "order", "order"]
    assert found[0][1].startswith("台账第 3 条（固定文件") and "记录顺序被调换" in found[0][1]


def test_an_entry_rewritten_without_the_key_is_named(archive: tuple[Issue, Issue]) -> None:
    first, _ = archive
    forged = ledger.file_payload(first.pk, "source", b"forged")
    with as_table_owner() as cursor:
        cursor.execute(
            "UPDATE reports_issuefile SET content = %s WHERE issue_id = %s", [b"forged", first.pk]
        )
        entry = LedgerEntry.objects.get(seq=2)
        # The intruder recomputes the entry's code, but with a key of their own.
        mac = ledger.code("猜的密钥", entry.prev, entry.kind, entry.issue_ref, forged)
        cursor.execute(
            "UPDATE reports_ledgerentry SET payload = %s, mac = %s WHERE seq = 2",
            [__import__("json").dumps(forged), mac],
        )
    found = breaks()
    assert ("entry", f"台账第 2 条（固定文件 {first} source）：记录被改动：校验码不符") in found
    assert any(kind == "order" and text.startswith("台账第 3 条") for kind, text in found)


def test_a_deleted_entry_and_an_unrecorded_issue_are_named(archive: tuple[Issue, Issue]) -> None:
    first, _ = archive
    with as_table_owner() as cursor:
        cursor.execute("DELETE FROM reports_ledgerentry WHERE seq = 1")
    found = breaks()
    assert ("unrecorded", f"{first}：已发布却不在台账中") in found
    assert found[0][0] == "missing" and "之前缺少第 1—1 条记录" in found[0][1]


def test_verify_issues_exits_non_zero_naming_each_break(
    archive: tuple[Issue, Issue], capsys: pytest.CaptureFixture[str]
) -> None:
    first, _ = archive
    call_command("verify_issues")
    out = capsys.readouterr().out
    head = LedgerEntry.objects.get(seq=5)
    assert "已沿台账核对 5 条记录、2 期已发布周报的 2 个文件" in out
    assert f"台账链首：第 5 条 {head.mac}" in out
    with as_table_owner() as cursor:
        cursor.execute("UPDATE reports_issue SET serial = 1 WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match="1 处不符"):
        call_command("verify_issues")
    assert "期次的总期号被改动" in capsys.readouterr().out


def test_the_issue_page_shows_the_chain_head(
    archive: tuple[Issue, Issue], client: Client, center_admin: User
) -> None:
    first, _ = archive
    client.force_login(center_admin)
    page = client.get(f"/reports/{first.pk}/").content.decode()
    head = LedgerEntry.objects.order_by("-seq").first()
    assert head is not None and head.mac in page and "台账链首" in page


def test_the_migration_enters_issues_published_before_the_ledger(
    archive: tuple[Issue, Issue],
) -> None:
    expected = list(LedgerEntry.objects.values_list("seq", "kind", "issue_ref", "mac"))
    with as_table_owner() as cursor:
        cursor.execute("DELETE FROM reports_ledgerentry")
    migration = importlib.import_module("servicehall.reports.migrations.0014_archive_ledger")
    migration.backfill(apps, None)
    assert list(LedgerEntry.objects.values_list("seq", "kind", "issue_ref", "mac")) == expected
    assert ledger.verify().breaks == []


def test_no_entry_can_be_changed_or_deleted_through_the_orm(archive: tuple[Issue, Issue]) -> None:
    entry = LedgerEntry.objects.first()
    assert entry is not None
    from servicehall.reports.models import PublishedIssueError

    with pytest.raises(PublishedIssueError):
        entry.save()
    with pytest.raises(PublishedIssueError):
        entry.delete()
    assert IssueFile.objects.count() == 2


def test_an_erratum_is_entered_as_such_and_a_changed_withdrawal_is_named(
    archive: tuple[Issue, Issue],
) -> None:
    from servicehall.testing.factories import IssueFactory

    first, second = archive
    erratum = IssueFactory(series=first.series, status="published", corrects=first)
    entry = LedgerEntry.objects.get(issue_ref=erratum.pk)
    assert (entry.kind, entry.seq) == ("erratum", 6)
    with as_table_owner() as cursor:
        cursor.execute(
            "UPDATE reports_issuewithdrawal SET reason = %s WHERE issue_id = %s",
            ["另一个理由", second.pk],
        )
    assert breaks() == [("row", f"台账第 5 条（撤回 {second}）：撤回记录被改动")]

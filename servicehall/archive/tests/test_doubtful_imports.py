"""Imports that publish nothing doubtful (issue 23): a numbered past report missing its issuer,
its period or any section is kept as 争议/待核对, each lack listed, and never published until a
person completes or withdraws it; a complete one is published as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from docx import Document as DocxDocument

from servicehall.archive.services import store_report
from servicehall.reports import disputes
from servicehall.reports.ledger import verify
from servicehall.reports.models import Issue, LedgerEntry
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db


def junk_docx(tmp_path: Path, *lines: str) -> Path:
    document = DocxDocument()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "第9期.docx"
    document.save(str(path))
    return path


def test_a_docx_with_no_issuer_dates_or_sections_is_kept_to_check_never_published(
    tmp_path: Path,
) -> None:
    stored = store_report(junk_docx(tmp_path, "窗口工作周报", "2024年第9期", "本周工作正常开展。"))
    issue = Issue.objects.get(pk=stored.object_id)
    assert (stored.kind, issue.status, issue.published_at) == ("disputed", "disputed", None)
    assert [(d["key"], d["label"], d["stated"]) for d in issue.differences] == [
        ("issuer", "发文单位", "未读出"),
        ("period", "统计期间", "未读出"),
        ("sections", "正文章节", "未读出"),
    ]
    assert (
        "未读出发文单位、统计期间、正文章节：按待核对期次保存，不发布"
        in stored.document.warnings[-1]
    )
    # Not in the archive's ledger, not counted as published.
    assert not LedgerEntry.objects.filter(issue_ref=issue.pk).exists()
    assert verify().issues == 0
    # A person withdraws it (or accepts it with a reason): nothing was ever published.
    disputes.withdraw_import(issue, None, "不是周报，是误传的文件")
    assert not Issue.objects.filter(pk=issue.pk).exists()


def test_a_report_missing_only_its_issuer_is_kept_to_check(center: Center, tmp_path: Path) -> None:
    text = SEED_2024_4.read_text(encoding="utf-8")
    without = tmp_path / "2024-4-无发文单位.txt"
    without.write_text(text.replace("四川省政府政务服务和公共资源交易服务中心\n", ""), "utf-8")
    stored = store_report(without)
    issue = Issue.objects.get(pk=stored.object_id)
    assert (issue.status, [d["key"] for d in issue.differences]) == ("disputed", ["issuer"])
    assert issue.period_start is not None and issue.document["sections"]


def test_a_complete_report_is_published_as_before(center: Center) -> None:
    stored = store_report(SEED_2024_4)
    issue = Issue.objects.get(pk=stored.object_id)
    assert (stored.kind, issue.status, issue.differences) == ("issue", "published", [])

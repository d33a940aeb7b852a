"""OCR never changes a number silently (issue 26): a number read with low confidence is marked
for review in the facts, shown on the document's page, kept out of the trends until a person
confirms it, and listed by import-report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from servicehall.archive import search
from servicehall.archive.extract import ExtractedText, extract_text
from servicehall.archive.importer import read_extracted
from servicehall.archive.models import StatedFact
from servicehall.archive.services import store_document
from servicehall.archive.trends import fact_points
from servicehall.reading.facts import extract_facts, mark_for_review
from servicehall.reports.models import Issue
from servicehall.testing import scans
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center


def test_a_fact_whose_number_ocr_was_unsure_of_is_marked_and_no_other() -> None:
    facts = mark_for_review(
        extract_facts("累计咨询5501人次、受理2475件，兑现3.6亿元，服务2.5万人次。"),
        ["5501", "2.5"],
    )
    assert [(f.value, f.review) for f in facts] == [
        (5501, True),
        (2475, False),
        (3.6, False),
        (25000, True),
    ]


def ocr_read(text: str, unsure: list[str]) -> ExtractedText:
    return ExtractedText(text=text, source_format="pdf", unsure_numbers=unsure)


@pytest.mark.django_db
def test_an_unsure_number_stays_out_of_the_trend_until_confirmed(
    center: Center, center_admin: User, client: Client
) -> None:
    doc = read_extracted(ocr_read(SEED_2024_4.read_text(encoding="utf-8"), ["5501"]))
    marked = [f for f in doc.facts if f.review]
    assert [(f.label, f.value) for f in marked] == [("咨询", 5501)]
    assert any("请核对后确认：咨询5501人次" in w for w in doc.warnings)
    assert [f["value"] for f in doc.to_parsed()["facts"] if f["review"]] == [5501]
    issue = Issue.objects.get(pk=store_document(doc, digest="0" * 64, name="scan.pdf").object_id)
    search.index_issue(issue)
    stated = StatedFact.objects.get(issue=issue, value=5501)
    assert stated.review
    assert fact_points("咨询", "人次") and all(
        5501 not in point.values for point in fact_points("咨询", "人次")
    )

    client.force_login(center_admin)
    page = client.get(f"/archive/issues/{issue.pk}/facts/").content.decode()
    assert page.count("待核对（OCR 识别置信度低）") == 1 and "确认无误" in page
    response = client.post(
        "/archive/facts/confirm/",
        {"issue": issue.pk, "position": stated.position, "value": "5501", "text": stated.text},
    )
    assert response.status_code == 302
    assert not StatedFact.objects.get(pk=stated.pk).review
    assert any(5501 in point.values for point in fact_points("咨询", "人次"))
    # The confirmation outlives a rebuilt index.
    search.reindex()
    assert not StatedFact.objects.get(issue=issue, value=5501).review
    assert "已确认" in client.get(f"/archive/issues/{issue.pk}/facts/").content.decode()


@pytest.mark.django_db
def test_only_an_editor_confirms_a_number(center: Center, leader: User, client: Client) -> None:
    doc = read_extracted(ocr_read(SEED_2024_4.read_text(encoding="utf-8"), ["5501"]))
    issue = Issue.objects.get(pk=store_document(doc, digest="1" * 64, name="scan.pdf").object_id)
    search.index_issue(issue)
    stated = StatedFact.objects.get(issue=issue, value=5501)
    client.force_login(leader)
    response = client.post(
        "/archive/facts/confirm/",
        {"issue": issue.pk, "position": stated.position, "value": "5501", "text": stated.text},
    )
    assert response.status_code == 403
    assert StatedFact.objects.get(pk=stated.pk).review


@pytest.mark.slow
def test_a_scanned_report_marks_the_number_tesseract_was_unsure_of() -> None:
    """2024-4 scanned: chi_sim reads "67.48%" with confidence 41; read again it comes back
    right, but it is still marked for a person to confirm."""
    from servicehall.archive.importer import read_report
    from servicehall.gbt9704.pdf import render_pdf

    original = read_report(SEED_2024_4.read_text(encoding="utf-8"))
    extracted = extract_text(scans.scan_of(render_pdf(original)), ".pdf")
    assert extracted.unsure_numbers
    doc = read_extracted(extracted)
    review = [f for f in doc.facts if f.review]
    assert 67.48 in [f.value for f in review]
    assert len(review) < len(doc.facts)

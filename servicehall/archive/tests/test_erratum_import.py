"""An erratum (勘误) imported back: linked to the issue it corrects, read at its corrected value."""

from __future__ import annotations

import pytest

from servicehall.archive.importer import read_report
from servicehall.archive.services import store_report
from servicehall.reports.models import Issue
from servicehall.reports.trends import figure_trend
from servicehall.testing.seeds import SEED_2024_4

pytestmark = pytest.mark.django_db

REASON = "今年以来咨询人次录入有误"
NOTICES = {
    "plain": "关于窗口工作周报2024年第4期（总第475期）的勘误",
    "series in 《》": "关于《窗口工作周报》2024年第4期（总第475期）的勘误",
}


def erratum_text(title: str) -> str:
    """The seed 2024-4 as its erratum 2024-5 prints it: its own masthead, the notice quoting the
    wrong number, then the corrected full text."""
    text = SEED_2024_4.read_text(encoding="utf-8")
    text = text.replace("2024年第4期（总第475期）", "2024年第5期（总第476期）", 1)
    text = text.replace("2024年2月8日", "2024年2月20日", 1).replace("5501", "4210")
    notice = "\n".join(
        (
            title,
            f"{REASON}。经核，窗口工作周报2024年第4期（总第475期）有误，现更正如下：",
            "1. “省本级综窗办件情况”部分第1段“今年以来，累计咨询5501人次”更正为“今年以来，"
            "累计咨询4210人次”。",
            "统计数据相应更正：今年以来咨询5501人次更正为4210人次。",
            "特此更正。更正后的全文如下。",
        )
    )
    return text.replace("2024年2月20日", f"2024年2月20日\n\n{notice}\n", 1)


@pytest.mark.parametrize("form", NOTICES)
def test_an_erratum_reads_the_corrected_value_not_the_one_its_notice_quotes(form):
    doc = read_report(erratum_text(NOTICES[form]))
    assert (doc.year, doc.number, doc.serial) == (2024, 5, 476)
    assert doc.figures["window.ytd.consult"] == 4210
    assert 5501 not in [fact.value for fact in doc.facts]
    assert 4210 in [fact.value for fact in doc.facts]


@pytest.mark.parametrize("form", NOTICES)
def test_an_imported_erratum_is_linked_to_its_issue_and_the_trend_reads_the_correction(
    form, center, tmp_path
):
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    path = tmp_path / "勘误.txt"
    path.write_text(erratum_text(NOTICES[form]), encoding="utf-8")
    stored = store_report(path)
    erratum = Issue.objects.get(pk=stored.object_id)
    assert erratum.corrects == original
    assert erratum.correction_reason == REASON
    assert any("勘误：已关联" in w for w in stored.document.warnings)
    points = figure_trend("window.ytd.consult", Issue.objects.all())
    assert [(p["label"], p["value"], p["corrected"]) for p in points] == [("2024-4", 4210, True)]


def test_an_erratum_of_an_issue_not_imported_says_so(center, tmp_path):
    path = tmp_path / "勘误.txt"
    path.write_text(erratum_text(NOTICES["plain"]), encoding="utf-8")
    stored = store_report(path)
    assert Issue.objects.get(pk=stored.object_id).corrects is None
    assert any("尚未导入" in w for w in stored.document.warnings)


def test_the_erratum_this_system_publishes_reads_back_at_its_corrected_value(
    center, center_admin, leader
):
    from servicehall.reports.tests.test_corrections import publish_erratum

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    erratum = publish_erratum(original, center_admin, leader)
    text = bytes(erratum.files.get(format="txt").content).decode()
    doc = read_report(text)
    assert (doc.number, doc.serial) == (5, 476)
    assert doc.figures["window.ytd.consult"] == 4210
    assert 5501 not in [fact.value for fact in doc.facts]

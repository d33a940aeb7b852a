"""An erratum (勘误) imported back: linked to the issue it corrects, read at its corrected value."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from servicehall.archive.importer import read_report
from servicehall.archive.services import store_report
from servicehall.reports.models import Issue
from servicehall.reports.trends import figure_trend
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from servicehall.accounts.models import User
    from servicehall.gbt9704.document import Document
    from servicehall.org.models import Center

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
def test_an_erratum_reads_the_corrected_value_not_the_one_its_notice_quotes(form: str) -> None:
    doc = read_report(erratum_text(NOTICES[form]))
    assert (doc.year, doc.number, doc.serial) == (2024, 5, 476)
    assert doc.figures["window.ytd.consult"] == 4210
    assert 5501 not in [fact.value for fact in doc.facts]
    assert 4210 in [fact.value for fact in doc.facts]


@pytest.mark.parametrize("form", NOTICES)
def test_an_imported_erratum_is_linked_to_its_issue_and_the_trend_reads_the_correction(
    form: str, center: Center, tmp_path: Path
) -> None:
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


def test_an_erratum_of_an_issue_not_imported_says_so(center: Center, tmp_path: Path) -> None:
    path = tmp_path / "勘误.txt"
    path.write_text(erratum_text(NOTICES["plain"]), encoding="utf-8")
    stored = store_report(path)
    assert Issue.objects.get(pk=stored.object_id).corrects is None
    assert any("尚未导入" in w for w in stored.document.warnings)


def test_the_erratum_this_system_publishes_reads_back_at_its_corrected_value(
    center: Center, center_admin: User, leader: User
) -> None:
    from servicehall.reports.tests.test_corrections import publish_erratum

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    erratum = publish_erratum(original, center_admin, leader)
    text = bytes(erratum.files.get(format="txt").content).decode()
    doc = read_report(text)
    assert (doc.number, doc.serial) == (5, 476)
    assert doc.figures["window.ytd.consult"] == 4210
    assert 5501 not in [fact.value for fact in doc.facts]


@pytest.fixture
def published_erratum_files(
    center: Center, center_admin: User, leader: User, tmp_path: Path
) -> tuple[Issue, Document, dict[str, Path], str]:
    """The erratum this system publishes for 2024-4 (2024年第5期, 今年以来咨询 5501 → 4210),
    as the DOCX and the PDF a user keeps; the erratum itself rolled back, so that importing
    its files is what links it to its original again."""
    from django.db import transaction

    from servicehall.gbt9704.document import document_from_json
    from servicehall.gbt9704.docx import render_docx
    from servicehall.gbt9704.pdf import render_pdf
    from servicehall.reports.tests.test_corrections import REASON as PUBLISHED_REASON
    from servicehall.reports.tests.test_corrections import publish_erratum

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    with transaction.atomic():
        doc = document_from_json(publish_erratum(original, center_admin, leader).document)
        transaction.set_rollback(True)
    assert not Issue.objects.filter(corrects=original).exists()
    files = {}
    for suffix, data in ((".docx", render_docx(doc)), (".pdf", render_pdf(doc))):
        files[suffix] = tmp_path / f"勘误{suffix}"
        files[suffix].write_bytes(data)
    return original, doc, files, PUBLISHED_REASON


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_the_erratum_this_system_publishes_imported_back_links_to_its_original(
    published_erratum_files: tuple[Issue, Document, dict[str, Path], str], suffix: str
) -> None:
    """Its own DOCX or PDF imported (not a hand-made text): linked to 2024-4 by its notice,
    with its reason, at the corrected value, which the original's trend then reads."""
    original, _, files, reason = published_erratum_files
    stored = store_report(files[suffix])
    erratum = Issue.objects.get(pk=stored.object_id)
    assert (erratum.year, erratum.number, erratum.serial) == (2024, 5, 476)
    assert erratum.corrects == original and erratum.correction_reason == reason
    assert erratum.figures["window.ytd.consult"] == 4210
    assert erratum.issue_date is not None and erratum.issue_date.isoformat() == "2024-02-20"
    points = figure_trend("window.ytd.consult", Issue.objects.all())
    assert [(p["label"], p["value"], p["corrected"]) for p in points] == [("2024-4", 4210, True)]


def test_the_erratums_pdf_sets_its_notice_as_a_title_under_its_own_masthead(
    published_erratum_files: tuple[Issue, Document, dict[str, Path], str],
) -> None:
    """§7.3.1 in the PDF itself: the notice's title (the series in 《》) centred in the type
    area at 二号 in the 小标宋 face; over it, the erratum's own 期号, date and week, not the
    original's."""
    from servicehall.gbt9704.audit import _read
    from servicehall.gbt9704.docx import MARGIN_LEFT_MM, TYPE_AREA_WIDTH_MM
    from servicehall.gbt9704.pdf import PT_PER_MM, embedded_pattern

    _, doc, files, _ = published_erratum_files
    assert doc.notice == "关于《窗口工作周报》2024年第4期（总第475期）的勘误"
    _, _, lines, _ = _read(files[".pdf"].read_bytes())
    at = next(i for i, line in enumerate(lines) if line.text.startswith("关于《窗口工作周报》"))
    title = lines[at : at + 2]
    # Broken where the words allow (before: "…2024年第4期（总第" / "475期）的勘误").
    assert [line.text.replace(" ", "") for line in title] == [
        "关于《窗口工作周报》",
        "2024年第4期（总第475期）的勘误",
    ]
    centre = (MARGIN_LEFT_MM + TYPE_AREA_WIDTH_MM / 2) * PT_PER_MM
    for line in title:
        assert line.page == 1 and line.sizes == {22.0}, line
        chinese = {f for f in line.fonts if not f.startswith("Liberation")}  # digits: Times
        assert chinese and all(re.search(embedded_pattern("方正小标宋简体"), f) for f in chinese)
        assert (line.x0 + line.x1) / 2 == pytest.approx(centre, abs=2.9)  # 1 mm
    # The body under the two-line title stays on the grid, and every other clause holds.
    from servicehall.gbt9704.audit import audit_pdf

    clauses = audit_pdf(doc, files[".pdf"].read_bytes())
    assert [(c.item, c.measured) for c in clauses if not c.ok] == []
    masthead = "".join(line.text for line in lines[:at])
    assert "2024年第5期（总第476期）" in masthead and "2024年2月20日" in masthead
    assert "（2月19日—2月23日）" in masthead and "1月22日" not in masthead


def test_a_notice_title_a_pdf_wrapped_over_two_lines_is_read_whole() -> None:
    """A PDF's text breaks the title where the line ends ("…（总第" / "475期）的勘误"): the two
    lines are the title, and the notice's first sentence stays a paragraph of its own."""
    text = erratum_text(NOTICES["series in 《》"]).replace(
        "关于《窗口工作周报》2024年第4期（总第475期）的勘误",
        "关于《窗口工作周报》2024 年第4 期（总第\n475 期）的勘误",
    )
    doc = read_report(text)
    assert doc.notice is None or doc.notice.endswith("的勘误")
    texts = [p.text for _, p in doc.paragraphs_under_headings()]
    assert any(t.replace(" ", "") == NOTICES["series in 《》"] for t in texts), texts[:3]
    assert any(t.startswith(REASON) for t in texts), texts[:3]


# A real center's erratum (ninth round): the notice alone, its title the page's, quoting the
# wrong passage and the right one, then 特此更正 and the 落款 — no 期号 of its own, no full text.
REAL_SHAPED_ERRATUM = (
    "关于《窗口工作周报》2024年第4期的更正\n\n"
    "本刊2024年第4期（总第475期）“省本级综窗办件情况”部分第1段中“今年以来，累计咨询5501人次”"
    "有误，应为“今年以来，累计咨询4210人次”。特此更正，敬请谅解。\n\n"
    "省政务服务中心办公室\n2024年2月20日\n"
)


def test_a_real_shaped_erratum_reads_the_passage_it_gives_as_right_not_the_wrong_one() -> None:
    doc = read_report(REAL_SHAPED_ERRATUM)
    values = [fact.value for fact in doc.facts]
    assert 4210 in values and 5501 not in values


def test_a_real_shaped_erratum_is_linked_and_the_original_reads_corrected_in_the_trend(
    center: Center, tmp_path: Path
) -> None:
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    path = tmp_path / "更正.txt"
    path.write_text(REAL_SHAPED_ERRATUM, encoding="utf-8")
    stored = store_report(path)
    erratum = Issue.objects.get(pk=stored.object_id)
    assert erratum.corrects == original
    assert erratum.figures["window.ytd.consult"] == 4210
    # the other figures of the issue stand as the original printed them
    assert erratum.figures["window.ytd.accept"] == original.figures["window.ytd.accept"] == 2475
    points = figure_trend("window.ytd.consult", Issue.objects.all())
    assert [(p["label"], p["value"], p["corrected"]) for p in points] == [("2024-4", 4210, True)]
    assert store_report(path).object_id == erratum.pk  # imported again: nothing new


def test_a_real_shaped_erratum_quoting_what_the_issue_does_not_say_is_not_linked(
    center: Center, tmp_path: Path
) -> None:
    store_report(SEED_2024_4)
    path = tmp_path / "更正.txt"
    path.write_text(REAL_SHAPED_ERRATUM.replace("5501", "5510"), encoding="utf-8")
    stored = store_report(path)
    assert not Issue.objects.filter(corrects__isnull=False).exists()
    assert any("不见于" in w for w in stored.document.warnings)

"""The GB/T 9704 audit, measured from the PDF: the seeds pass every clause, a plain Word-style
PDF of the same text fails where it differs, and publication refuses what fails."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from servicehall.archive import read_report
from servicehall.archive.gold.render import text_to_docx
from servicehall.gbt9704 import render_txt
from servicehall.gbt9704.audit import audit_pdf
from servicehall.gbt9704.pdf import docx_to_pdf, render_pdf
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.cases.models import CaseEvent
    from servicehall.demo.loader import LoadResult
    from servicehall.gbt9704.audit import Clause
    from servicehall.gbt9704.document import Document
    from servicehall.org.models import Center

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("seed", [SEED_2024_4, SEED_2023_9], ids=["2024-4", "2023-9"])
def test_both_seeds_pass_every_clause(seed: Path) -> None:
    doc = read_report(seed.read_text(encoding="utf-8"))
    clauses = audit_pdf(doc, render_pdf(doc))
    assert [(c.item, c.measured) for c in clauses if not c.ok] == []
    measured = {c.item: c.measured for c in clauses}
    assert measured["订口（左白边）"] == "28.0 mm"
    assert measured["红色分隔线"].startswith("156.0 mm")
    assert measured["逐字印出"] == "无缺字"
    assert measured["二级标题"].startswith("LXGWWenKai-Regular")
    heading_ink = dict(part.split() for part in measured["标题字重"].split("（")[0].split("、"))
    assert 0.9 <= float(heading_ink["楷体"]) <= 1.1 and float(heading_ink["黑体"]) >= 1.1
    assert len(clauses) == 22
    clause = {c.item: c for c in clauses}
    assert clause["幅面"].clause == "5.1" and clause["订口（左白边）"].clause == "5.2.1"
    assert clause["订口（左白边）"].tolerance == "±1 mm（5.2.1）"
    assert clause["页码距版心下边缘"].measured == "7.2 mm"  # the dash's ink, not its box


# GB/T 9704-2012's clauses (its table of contents): a number the audit cites must be one of them.
STANDARD_CLAUSES = {
    "4", "5.1", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "6.1", "6.2", "6.3", "7.1", "7.2.1",
    "7.2.2", "7.2.3", "7.2.4", "7.2.5", "7.2.6", "7.2.7", "7.3.1", "7.3.2", "7.3.3", "7.3.4",
    "7.3.5.1", "7.3.5.2", "7.3.5.3", "7.3.5.4", "7.3.5.5", "7.3.6", "7.3.7", "7.4", "7.4.1",
    "7.4.2", "7.4.3", "7.5", "8", "9", "10.1", "10.2", "10.3",
}  # fmt: skip


@pytest.mark.parametrize("form", ["title_first", "issuer_first", "briefing", "file"])
def test_every_clause_cites_the_standard_or_says_it_is_not_the_standards(form: str) -> None:
    """Before: 幅面 cited 5.2.1, the margins 5.2.2, the 标志 7.2.3, the 字号 7.2.4, the red rule
    7.2.5 and the 落款 7.3.5.3; every tolerance came from nowhere."""
    doc = read_report(SEED_2024_4.read_text(encoding="utf-8"))
    doc.masthead, doc.file_code = form, "川政服"
    clauses = audit_pdf(doc, render_pdf(doc))
    for c in clauses:
        numbers = c.clause.removeprefix("参照").split("、")
        assert c.clause == "—" or set(numbers) <= STANDARD_CLAUSES, c
    assert [c.item for c in clauses if not c.tolerance] == []
    forms = [c for c in clauses if c.item.startswith("报头") or c.clause.startswith("7.2.")]
    assert forms and all(c.ok for c in forms), forms


def test_the_file_form_measures_the_mark_on_its_ink_and_fails_it_2_8_mm_low(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The 标志 set as before (37.8 mm: its box placed at 35 mm) fails 7.2.4 on the ink."""
    from servicehall.gbt9704 import docx as docx_module

    a, b = docx_module.AUTHORITY_INK_OFFSET_PT
    monkeypatch.setattr(docx_module, "AUTHORITY_INK_OFFSET_PT", (a - 2.8 * 72 / 25.4, b))
    doc = read_report(SEED_2024_4.read_text(encoding="utf-8"))
    doc.masthead, doc.file_code = "file", "川政服"
    mark = next(c for c in audit_pdf(doc, render_pdf(doc)) if c.clause == "7.2.4")
    assert not mark.ok and mark.measured.startswith("37.8 mm"), mark


def test_a_kaiti_paler_than_the_body_fails_the_weight_clause(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """LXGW WenKai Light (shipped beside the Regular) prints 二级标题 with 0.87 of the body's
    ink per hanzi (AR PL UKai was paler still): measured from the page's pixels, it fails."""
    from servicehall.gbt9704 import pdf as pdf_module
    from servicehall.gbt9704.docx import render_docx

    conf = tmp_path / "fonts.conf"
    conf.write_text(
        pdf_module.FONTS_CONF.read_text(encoding="utf-8").replace(
            "<string>LXGW WenKai</string>", "<string>LXGW WenKai Light</string>"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(pdf_module, "FONTS_CONF", conf)
    doc = read_report(SEED_2024_4.read_text(encoding="utf-8"))
    clauses = audit_pdf(doc, pdf_module.oneshot_docx_to_pdf(render_docx(doc)))
    weight = next(c for c in clauses if c.item == "标题字重")
    assert not weight.ok
    kaiti = float(weight.measured.split("楷体 ")[1][:4])
    assert 0.8 <= kaiti < 0.9, weight.measured  # per hanzi: 0.87 (Regular: 1.06)


def plain_pdf(doc: Document) -> bytes:
    """The same text typed into Word's default page (Letter, 1-inch margins, no grid)."""
    return docx_to_pdf(text_to_docx(render_txt(doc)))


def test_a_pdf_that_is_not_set_to_the_standard_fails_where_it_differs() -> None:
    doc = read_report(SEED_2024_4.read_text(encoding="utf-8"))
    failed = {c.item for c in audit_pdf(doc, plain_pdf(doc)) if not c.ok}
    assert {"幅面", "订口（左白边）", "红色分隔线", "页码", "版记分隔线"} <= failed
    assert "逐字印出" not in failed  # every character is there, set the wrong way


@pytest.mark.django_db
def test_audit_issue_prints_the_table_and_its_json(
    center: Center, capsys: pytest.CaptureFixture[str]
) -> None:
    from servicehall.archive.services import store_report

    store_report(SEED_2024_4)
    call_command("audit_issue", "2024-4")
    out = capsys.readouterr().out
    assert "GB/T 9704-2012 版式核查" in out and "共 22 项，不符合 0 项" in out
    assert "5.2.1  订口（左白边）：要求 28 mm（±1 mm（5.2.1））；实测 28.0 mm" in out
    call_command("audit_issue", "2024-4", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and len(report["clauses"]) == 22
    assert set(report["clauses"][0]) == {
        "clause", "item", "required", "measured", "ok", "tolerance",
    }  # fmt: skip
    with pytest.raises(CommandError, match="没有 2024年第99期"):
        call_command("audit_issue", "2024-99")


@pytest.mark.django_db
def test_the_audit_page_shows_the_clauses(client: Client, clerk: User, center: Center) -> None:
    from servicehall.archive.services import store_report

    issue_id = store_report(SEED_2023_9).object_id
    client.force_login(clerk)
    page = client.get(f"/reports/{issue_id}/audit/").content.decode()
    assert "全部 22 项符合" in page and "红色分隔线" in page and "156.0 mm" in page
    assert "±1 mm（6.1 误差不超过1mm）" in page


@pytest.mark.django_db
def test_publication_refuses_a_pdf_that_fails_the_audit(
    center: Center, week_records: CaseEvent, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servicehall.gbt9704.docx import render_docx
    from servicehall.reports import workflow
    from servicehall.reports.drafting import draft_issue, find_series
    from servicehall.reports.models import Issue

    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    workflow.submit(draft)
    workflow.approve(draft)
    monkeypatch.setattr(
        workflow, "render_docx_and_pdf", lambda doc: (render_docx(doc), plain_pdf(doc))
    )
    with pytest.raises(workflow.WorkflowError, match=r"PDF 不符合 GB/T 9704，未发布：5\.1 幅面"):
        workflow.publish(draft, issue_date=dt.date(2024, 2, 9))
    assert Issue.objects.get(pk=draft.pk).status == Issue.Status.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize("week", ["2023-01-11", "2023-07-05", "2023-11-15", "2024-01-24"])
def test_demo_drafts_of_both_series_pass_every_clause(demo_db: LoadResult, week: str) -> None:
    """A sample of the demo's year of issues; ``python -m servicehall.bench.audit`` audits
    all 116 (2023-01 … 2024-02, both series)."""
    from servicehall.gbt9704.document import document_from_json
    from servicehall.reports.drafting import draft_issue, find_series

    for title in ("窗口工作周报", "政务服务工作"):
        issue = draft_issue(find_series(title), dt.date.fromisoformat(week))
        doc = document_from_json(issue.document)
        clauses = audit_pdf(doc, render_pdf(doc))
        failed = [(c.item, c.measured) for c in clauses if not c.ok]
        assert failed == [], (title, week)
        assert_weight_is_the_faces(clauses)


def assert_weight_is_the_faces(clauses: list[Clause]) -> None:
    """The 标题字重 measure reads the faces, not what an issue's lines hold: 楷体 (LXGW WenKai
    Regular) within a tenth of the body, 黑体 a fifth above it, whatever the week."""
    weight = next(c for c in clauses if c.item == "标题字重")
    if weight.measured == "本期没有此要素":
        return
    shares = {
        face: float(share)
        for face, share in (p.split() for p in weight.measured.split("（")[0].split("、"))
    }
    assert 0.93 <= shares.get("楷体", 1.0) <= 1.1, weight.measured
    assert 1.12 <= shares.get("黑体", 1.2) <= 1.35, weight.measured


@pytest.mark.django_db
def test_the_demos_issues_12_and_13_pass_the_weight_clause(demo_db: LoadResult) -> None:
    """政务服务工作 2023 第12、13期 as the demo publishes them: before, the clause weighed each
    line's inked share of its box against the 4–5 full lines after page 1, and these issues'
    楷体 headings fell under the 0.85 it asked (at full scale 0.91 and 0.94)."""
    from servicehall.gbt9704.document import document_from_json
    from servicehall.reports.models import Issue

    issues = Issue.objects.filter(number__in=(12, 13), year=2023).order_by("number")
    assert [i.number for i in issues] == [12, 13]
    for issue in issues:
        doc = document_from_json(issue.document)
        clauses = audit_pdf(doc, render_pdf(doc))
        assert [(c.item, c.measured) for c in clauses if not c.ok] == [], issue
        assert_weight_is_the_faces(clauses)


@pytest.mark.parametrize("seed", [SEED_2024_4, SEED_2023_9], ids=["2024-4", "2023-9"])
def test_the_briefing_masthead_passes_the_audit_and_reads_back_to_the_same_masthead(
    seed: Path, tmp_path: Path
) -> None:
    from servicehall.archive import parse_file

    doc = read_report(seed.read_text(encoding="utf-8"))
    doc.masthead = "briefing"
    pdf = render_pdf(doc)
    clauses = audit_pdf(doc, pdf)
    assert [(c.item, c.measured) for c in clauses if not c.ok] == []
    assert next(c for c in clauses if c.item.startswith("标题")).measured.endswith("36 pt")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf)
    back = parse_file(path)

    def masthead(d: Document) -> tuple[object, ...]:
        return (d.title, d.number, d.serial, d.issuer, d.issue_date, d.period_start, d.masthead)

    assert masthead(back) == masthead(doc) and back.warnings == []


@pytest.mark.django_db
def test_both_shipped_series_print_the_briefing_masthead(center: Center) -> None:
    from servicehall.gbt9704.document import document_from_json
    from servicehall.reports.drafting import draft_issue, find_series
    from servicehall.reports.models import ReportSeries

    assert set(ReportSeries.objects.values_list("title", "masthead")) >= {
        ("窗口工作周报", "briefing"),
        ("政务服务工作", "briefing"),
    }
    draft = draft_issue(find_series("政务服务工作"), dt.date(2023, 3, 8))
    assert document_from_json(draft.document).masthead == "briefing"


@pytest.mark.parametrize("seed", [SEED_2024_4, SEED_2023_9], ids=["2024-4", "2023-9"])
def test_the_file_form_passes_the_audit_and_reads_back_to_the_same_masthead(
    seed: Path, tmp_path: Path
) -> None:
    """红头文件: four clauses of its own (标志 35 mm down, the 字号, the rule 4 mm under it, the
    落款), measured from the PDF, the first and third on the ink; its text reads back to the
    same issuer, 字号, 总期号, period and date."""
    from servicehall.archive import parse_file

    doc = read_report(seed.read_text(encoding="utf-8"))
    doc.masthead, doc.file_code = "file", "川政服"
    pdf = render_pdf(doc)
    clauses = audit_pdf(doc, pdf)
    assert [(c.item, c.measured) for c in clauses if not c.ok] == []
    measured = {c.item: c.measured for c in clauses}
    assert len(clauses) == 25
    assert measured["发文机关标志位置"].startswith("35.0 mm")
    assert measured["发文字号下分隔线"] == "4.0 mm"
    assert measured["落款"].startswith("右空 11.2 mm，日期右移 1")
    path = tmp_path / "file.pdf"
    path.write_bytes(pdf)
    back = parse_file(path)

    def masthead(d: Document) -> tuple[object, ...]:
        return (
            d.title, d.issuer, d.year, d.number, d.serial, d.file_code, d.issue_date,
            d.period_start, d.period_end, d.masthead, d.copies,
        )  # fmt: skip

    assert masthead(back) == masthead(doc) and back.warnings == []


def test_a_file_form_without_its_file_number_fails_that_clause() -> None:
    doc = read_report(SEED_2024_4.read_text(encoding="utf-8"))
    doc.masthead, doc.file_code = "file", None
    failed = {c.item: c.measured for c in audit_pdf(doc, render_pdf(doc)) if not c.ok}
    assert failed == {"发文字号": "未见", "发文字号下分隔线": "未见"}

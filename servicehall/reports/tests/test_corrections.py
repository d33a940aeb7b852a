"""Corrections after publication (勘误与撤回): an erratum is a numbered issue of its own whose
figures and text supersede its original's; a withdrawn issue stays, frozen, and counts nowhere."""

from __future__ import annotations

import copy
import datetime as dt
import io
from typing import TYPE_CHECKING

import docx as python_docx
import pytest

from servicehall.archive.services import store_report
from servicehall.gbt9704.document import document_from_json
from servicehall.gbt9704.docx import render_docx
from servicehall.reports import checks, corrections
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue, IssueWithdrawal, PublishedIssueError
from servicehall.reports.trends import figure_trend
from servicehall.reports.workflow import (
    WorkflowError,
    approve,
    covering_issues,
    edit_paragraph,
    next_numbers,
    publish,
    submit,
)
from servicehall.testing.factories import IssueFactory
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.cases.models import CaseEvent
    from servicehall.gbt9704.document import Section
    from servicehall.org.models import Center
    from servicehall.reports.checks import Finding

pytestmark = pytest.mark.django_db

REASON = "今年以来咨询人次录入有误，应为4210人次"


@pytest.fixture
def imported(center: Center) -> Issue:
    """2024年第4期（总第475期）as imported: 今年以来咨询 5501 人次."""
    issue = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    assert (issue.year, issue.number, issue.serial) == (2024, 4, 475)
    assert issue.figures["window.ytd.consult"] == 5501
    return issue


def _paragraph_path(issue: Issue, needle: str) -> list[int]:
    doc = document_from_json(issue.document)

    def find(sections: list[Section], path: list[int]) -> list[int] | None:
        for i, section in enumerate(sections):
            for j, paragraph in enumerate(section.paragraphs):
                if needle in paragraph.text:
                    return [*path, i, j]
            if found := find(section.subsections, [*path, i]):
                return found
        return None

    path = find(doc.sections, [])
    assert path is not None, needle
    return path


def publish_erratum(
    original: Issue, admin: User, leader: User, day: dt.date = dt.date(2024, 2, 20)
) -> Issue:
    erratum = corrections.start_erratum(original, admin, REASON)
    # The imported paragraph is bound to its figures: the number in it is corrected too.
    assert corrections.correct_figure(erratum, "window.ytd.consult", "4210", admin) == 1
    path = _paragraph_path(erratum, "累计咨询4210人次")
    edit_paragraph(erratum, [*path[:-1], path[-1] + 1], "以上数字以本勘误为准。", admin)
    submit(erratum, admin)
    approve(erratum, leader, "同意更正")
    return publish(erratum, admin, issue_date=day, office_files=False)


def test_a_number_inside_a_longer_one_does_not_stop_the_correction(
    imported: Issue, center_admin: User, leader: User
) -> None:
    """本周受理 631 → 641 in 2024-4, whose paragraph also prints 颁发11631件: the 631 inside
    11631 is no second print of the figure, so the paragraph's 受理631件 is corrected (it was
    left as it was, and publishing then refused 本周受理写为 631，数据为 641)."""
    erratum = corrections.start_erratum(imported, center_admin, "本周受理件数录入有误")
    assert corrections.correct_figure(erratum, "window.week.accept", "641", center_admin) == 1
    assert corrections.correct_figure(erratum, "window.ytd.accept", "2485", center_admin) == 1
    path = _paragraph_path(erratum, "受理641件")
    doc = document_from_json(erratum.document)
    section = doc.sections[path[0]]
    for i in path[1:-1]:
        section = section.subsections[i]
    assert section.paragraphs[path[-1]].text == (
        "本周，共计咨询1291人次、受理641件、颁发1017件、流转2185件次。今年以来，"
        "累计咨询5501人次、受理2485件、颁发11631件、流转21220件次。"
    )
    submit(erratum, center_admin)
    approve(erratum, leader, "同意更正")
    published = publish(erratum, center_admin, issue_date=dt.date(2024, 2, 20), office_files=False)
    assert published.figures["window.week.accept"] == 641


def test_an_erratum_of_an_imported_issue_takes_the_series_next_numbers_and_supersedes_its_figures(
    imported: Issue, center_admin: User, leader: User
) -> None:
    erratum = publish_erratum(imported, center_admin, leader)
    # A separate numbered document of the series: the next 年度期号 and 总期号.
    assert (erratum.year, erratum.number, erratum.serial) == (2024, 5, 476)
    assert erratum.corrects == imported and erratum.correction_reason == REASON
    assert erratum.figures["window.ytd.consult"] == 4210
    # The original stays as published, frozen.
    imported.refresh_from_db()
    assert imported.figures["window.ytd.consult"] == 5501
    assert imported.status == Issue.Status.PUBLISHED
    # The trends read the corrected figure for the original's week; the erratum is no point.
    points = figure_trend("window.ytd.consult", Issue.objects.all())
    assert [(p["label"], p["value"], p["corrected"]) for p in points] == [("2024-4", 4210, True)]
    week = figure_trend("window.week.consult", Issue.objects.all())
    assert [(p["label"], p["value"]) for p in week] == [("2024-4", 1291)]
    assert corrections.superseding_erratum(imported) == erratum
    assert corrections.effective_figures(imported)["window.ytd.consult"] == 4210


def test_the_erratum_prints_a_notice_naming_what_was_wrong_before_the_corrected_text(
    imported: Issue, center_admin: User, leader: User
) -> None:
    erratum = publish_erratum(imported, center_admin, leader)
    doc = document_from_json(erratum.document)
    # Its title is a title (§7.3.1), the series in 《》; before, bold body text without 《》.
    assert doc.notice == "关于《窗口工作周报》2024年第4期（总第475期）的勘误"
    notice = [p.text for p in doc.preamble]
    assert (
        notice[0] == f"{REASON}。经核，《窗口工作周报》2024年第4期（总第475期）有误，现更正如下："
    )
    assert notice[1] == (
        "1. “省本级综窗办件情况”部分第1段“今年以来，累计咨询5501人次、受理2475件、颁发11631件、"
        "流转21220件次”更正为“今年以来，累计咨询4210人次、受理2475件、颁发11631件、流转21220件次”。"
    )
    assert notice[2] == "2. “省本级综窗办件情况”部分第2段增加“以上数字以本勘误为准”。"
    assert notice[-2] == "统计数据相应更正：今年以来咨询5501人次更正为4210人次。"
    assert notice[-1] == "特此更正。更正后的全文如下。"
    text = bytes(erratum.files.get(format="txt").content).decode()
    masthead, body = text.split("关于《窗口工作周报》2024年第4期（总第475期）的勘误")
    # Its own number, date and week on its masthead; the original's week is not printed there.
    assert "2024年第5期" in masthead and "2024年2月20日" in masthead
    assert "（2月19日—2月23日）" in masthead and "1月22日" not in masthead
    assert "4210" in body
    # The figures still stand for the original's week.
    assert (erratum.period_start, erratum.period_end) == (
        imported.period_start,
        imported.period_end,
    )
    word = python_docx.Document(io.BytesIO(render_docx(doc)))
    # Broken where its words allow (§7.3.1; gbt9704.blocks.title_lines), by the DOCX itself.
    [title] = [p for p in word.paragraphs if p.text.replace("\n", "") == doc.notice]
    assert title.text == "关于《窗口工作周报》\n2024年第4期（总第475期）的勘误"
    assert title.style is not None and title.style.name == "GB Headline"
    assert "gw-headline gw-notice" in bytes(erratum.files.get(format="html").content).decode()


def test_a_second_erratum_starts_from_the_first_ones_text_and_the_original_is_corrected_once(
    imported: Issue, center_admin: User, leader: User
) -> None:
    first = publish_erratum(imported, center_admin, leader)
    second = corrections.start_erratum(first, center_admin, "再次更正受理件数")
    assert second.corrects == imported  # an erratum of an erratum corrects the same original
    assert second.figures["window.ytd.consult"] == 4210
    assert not document_from_json(second.document).preamble  # the notice is not carried over
    # One draft at a time: asking again returns it.
    assert corrections.start_erratum(imported, center_admin, "又一次") == second


def test_a_withdrawn_issue_stays_frozen_with_its_numbers_and_counts_nowhere(
    imported: Issue, center_admin: User
) -> None:
    withdrawal = corrections.withdraw(imported, center_admin, "导入文件有误")
    imported.refresh_from_db()
    assert imported.status == Issue.Status.PUBLISHED and imported.withdrawn == withdrawal
    assert withdrawal.reason == "导入文件有误" and withdrawal.username == "admin"
    last = imported.actions.last()
    assert last is not None and last.action == "withdraw"
    assert figure_trend("window.ytd.consult", Issue.objects.all()) == []
    # Its numbers are never reused: the next 2024 issue is 第5期, 总第476期.
    later = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 31))
    assert next_numbers(later, 2024) == (5, 476)
    # Nothing undoes it, nothing deletes the issue.
    with pytest.raises(PublishedIssueError):
        imported.delete()
    with pytest.raises(PublishedIssueError):
        withdrawal.delete()
    with pytest.raises(PublishedIssueError):
        withdrawal.save()
    with pytest.raises(WorkflowError, match="已撤回"):
        corrections.withdraw(imported, center_admin, "再撤一次")
    with pytest.raises(WorkflowError, match="已撤回，不能勘误"):
        corrections.start_erratum(imported, center_admin, REASON)
    assert IssueWithdrawal.objects.count() == 1


def test_a_withdrawn_week_no_longer_covers_its_period(
    imported: Issue, center_admin: User, leader: User, week_records: CaseEvent
) -> None:
    redraft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    assert covering_issues(redraft) == [imported]
    corrections.withdraw(imported, center_admin, "导入文件有误")
    assert covering_issues(redraft) == []
    submit(redraft, center_admin)
    approve(redraft, leader)
    redraft = publish(redraft, center_admin, issue_date=dt.date(2024, 2, 8), office_files=False)
    assert (redraft.number, redraft.serial) == (5, 476)


def test_the_year_to_date_check_reads_the_corrected_figures_of_the_last_issue(
    imported: Issue, center_admin: User, leader: User
) -> None:
    series = find_series("窗口工作周报")
    following = IssueFactory(
        series=series,
        period_start=dt.date(2024, 1, 29),
        period_end=dt.date(2024, 2, 2),
        figures={"window.ytd.consult": 4210},
    )

    def consult_findings() -> list[Finding]:
        return [f for f in checks.check_year_to_date(following) if "咨询" in f.message]

    # No records after 1月26日: YTD must equal last issue's. As imported it was 5501.
    (finding,) = consult_findings()
    assert finding.message == "今年以来咨询与上期累计不衔接（相差 -1291）"
    publish_erratum(imported, center_admin, leader)
    assert consult_findings() == []
    corrections.withdraw(imported, center_admin, "导入文件有误")
    assert checks.previous_issue(following) is None


def test_a_withdrawn_erratum_gives_the_original_its_figures_back(
    imported: Issue, center_admin: User, leader: User
) -> None:
    erratum = publish_erratum(imported, center_admin, leader)
    corrections.withdraw(erratum, center_admin, "勘误本身有误")
    points = figure_trend("window.ytd.consult", Issue.objects.all())
    assert [(p["label"], p["value"], p["corrected"]) for p in points] == [("2024-4", 5501, False)]
    # Its numbers stay taken too.
    assert next_numbers(imported, 2024) == (6, 477)


def test_an_erratum_issued_the_next_year_counts_in_that_year(
    imported: Issue, center_admin: User, leader: User
) -> None:
    erratum = publish_erratum(imported, center_admin, leader, day=dt.date(2025, 1, 6))
    assert (erratum.year, erratum.number, erratum.serial) == (2025, 1, 476)


def test_only_the_editors_correct_and_only_published_issues_are_corrected(
    imported: Issue, center_admin: User, leader: User
) -> None:
    with pytest.raises(WorkflowError, match="无权"):
        corrections.start_erratum(imported, leader, REASON)
    with pytest.raises(WorkflowError, match="无权"):
        corrections.withdraw(imported, leader, "x")
    with pytest.raises(WorkflowError, match="勘误理由"):
        corrections.start_erratum(imported, center_admin, "  ")
    draft = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 31))
    with pytest.raises(WorkflowError, match="尚未发布"):
        corrections.withdraw(draft, center_admin, "x")
    with pytest.raises(WorkflowError, match="只有勘误草稿"):
        corrections.correct_figure(draft, "window.ytd.consult", "1", center_admin)
    erratum = corrections.start_erratum(imported, center_admin, REASON)
    with pytest.raises(WorkflowError, match="今年以来咨询：“五千”不是数字"):
        corrections.correct_figure(erratum, "window.ytd.consult", "五千", center_admin)


def test_correcting_a_figure_rewrites_the_number_in_the_paragraphs_bound_to_it(
    center: Center, center_admin: User
) -> None:
    series = find_series("窗口工作周报")
    document = {
        "title": "窗口工作周报",
        "sections": [
            {
                "number": "一",
                "heading": "综窗办件情况",
                "paragraphs": [
                    {
                        "runs": [["本周咨询1291人次，今年以来咨询5501人次。", False]],
                        "figure_keys": ["window.week.consult", "window.ytd.consult"],
                    },
                    {"runs": [["另有5501份材料。", False]], "figure_keys": []},
                ],
            }
        ],
    }
    original = IssueFactory(
        series=series,
        document=document,
        figures={"window.week.consult": 1291, "window.ytd.consult": 5501},
    )
    Issue.objects.filter(pk=original.pk).update(
        status=Issue.Status.PUBLISHED, year=2024, number=4, serial=475
    )
    original.refresh_from_db()
    erratum = corrections.start_erratum(original, center_admin, REASON)
    assert corrections.correct_figure(erratum, "window.ytd.consult", "4210", center_admin) == 1
    paragraphs = document_from_json(erratum.document).sections[0].paragraphs
    assert paragraphs[0].text == "本周咨询1291人次，今年以来咨询4210人次。"
    assert paragraphs[1].text == "另有5501份材料。"  # not bound to the figure: left alone
    last = erratum.actions.last()
    assert last is not None and last.note == "今年以来咨询：5501 → 4210"


def test_the_notice_words_each_change_of_the_text() -> None:
    from servicehall.gbt9704.document import Document, Paragraph, Section

    before = Document(
        sections=[
            Section(
                "一",
                "综窗办件情况",
                paragraphs=[Paragraph.of("本周咨询1291人次。今年以来咨询5501人次。")],
            )
        ]
    )
    after = Document(
        sections=[
            Section(
                "一",
                "综窗办件情况",
                paragraphs=[
                    Paragraph.of("本周咨询1291人次。今年以来咨询4210人次。"),
                    Paragraph.of("特此说明。"),
                ],
            )
        ]
    )
    assert corrections.text_corrections(before, after) == [
        "“综窗办件情况”部分第1段“今年以来咨询5501人次”更正为“今年以来咨询4210人次”。",
        "“综窗办件情况”部分第2段增加“特此说明”。",
    ]


# ---- the pages ------------------------------------------------------------------------------


def test_the_admin_starts_an_erratum_and_withdraws_from_the_issue_page(
    client: Client, imported: Issue, center_admin: User, leader: User
) -> None:
    client.force_login(center_admin)
    page = client.get(f"/reports/{imported.pk}/").content.decode()
    assert "发起勘误" in page and "撤回本期" in page
    answer = client.post(f"/reports/{imported.pk}/erratum/", {"reason": REASON})
    erratum = Issue.objects.get(corrects=imported)
    assert answer.status_code == 302 and answer["Location"] == f"/reports/{erratum.pk}/"
    page = client.get(f"/reports/{erratum.pk}/").content.decode()
    assert "本期更正" in page and 'id="erratum-figure"' in page
    assert "今年以来咨询（现为 5501）" in page
    client.post(
        f"/reports/{erratum.pk}/erratum/figure/", {"key": "window.ytd.consult", "value": "4,210"}
    )
    erratum.refresh_from_db()
    assert erratum.figures["window.ytd.consult"] == 4210
    # A withdrawal needs its reason.
    refused = client.post(f"/reports/{imported.pk}/withdraw/", {"reason": ""}, follow=True)
    assert "撤回理由：请填写撤回的原因" in refused.content.decode()
    assert not IssueWithdrawal.objects.exists()
    withdrawn = client.post(
        f"/reports/{imported.pk}/withdraw/", {"reason": "导入文件有误"}, follow=True
    )
    body = withdrawn.content.decode()
    assert 'id="withdrawn"' in body and "导入文件有误" in body and "撤回本期" not in body
    listing = client.get("/reports/").content.decode()
    assert 'title="导入文件有误">已撤回</span>' in listing
    assert f'title="更正 {imported}">勘误</span>' in listing
    # The leader reads, never corrects.
    client.force_login(leader)
    assert client.post(f"/reports/{erratum.pk}/withdraw/", {"reason": "x"}).status_code == 403
    assert client.post(f"/reports/{imported.pk}/erratum/", {"reason": "x"}).status_code == 403
    assert 'id="withdrawn"' in client.get(f"/reports/{imported.pk}/").content.decode()
    assert f"/reports/{erratum.pk}/" in client.get(f"/reports/{imported.pk}/").content.decode()


def test_a_liaison_reads_a_corrected_issue_but_not_its_draft_erratum(
    client: Client, imported: Issue, center_admin: User, police_liaison: User
) -> None:
    erratum = corrections.start_erratum(imported, center_admin, REASON)
    client.force_login(police_liaison)
    page = client.get(f"/reports/{imported.pk}/").content.decode()
    assert f"/reports/{erratum.pk}/" not in page and "发起勘误" not in page
    assert client.get(f"/reports/{erratum.pk}/").status_code == 404


def test_the_original_page_names_the_erratum_that_corrects_it(
    client: Client, imported: Issue, center_admin: User, leader: User
) -> None:
    erratum = publish_erratum(imported, center_admin, leader)
    client.force_login(leader)
    page = client.get(f"/reports/{imported.pk}/").content.decode()
    assert 'id="superseded"' in page and f"/reports/{erratum.pk}/" in page
    assert str(erratum) in page


def test_postgresql_refuses_to_change_or_delete_a_withdrawal_even_in_raw_sql(
    imported: Issue, center_admin: User
) -> None:
    from django.db import IntegrityError, connection, transaction

    withdrawal = corrections.withdraw(imported, center_admin, "导入文件有误")
    if connection.vendor != "postgresql":
        return  # the ORM refuses (above); the trigger is PostgreSQL's
    for sql in (
        "UPDATE reports_issuewithdrawal SET reason = 'x' WHERE id = %s",
        "DELETE FROM reports_issuewithdrawal WHERE id = %s",
    ):
        with (
            pytest.raises(IntegrityError, match="frozen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [withdrawal.pk])
    assert IssueWithdrawal.objects.get(pk=withdrawal.pk).reason == "导入文件有误"


def test_an_erratum_of_a_past_report_is_not_checked_against_this_weeks_journal(
    imported: Issue, center_admin: User
) -> None:
    erratum = corrections.start_erratum(imported, center_admin, REASON)
    # The imported 2024-4 names 住房城乡建设厅, 公安厅 …; none is in this test's registers.
    assert checks.check_department_entries(erratum) == []
    assert [f.check for f in checks.run_checks(erratum)] == []


def test_the_api_tells_a_withdrawn_issue_and_an_erratum_and_refuses_a_send_back_without_note(
    client: Client, imported: Issue, center_admin: User, leader: User
) -> None:
    erratum = corrections.start_erratum(imported, center_admin, REASON)
    corrections.withdraw(imported, center_admin, "导入文件有误")
    client.force_login(center_admin)
    data = client.get(f"/api/issues/{imported.pk}/").json()
    assert data["withdrawal"]["reason"] == "导入文件有误"
    assert data["withdrawal"]["username"] == "admin"
    data = client.get(f"/api/issues/{erratum.pk}/").json()
    assert (data["corrects"], data["correction_reason"], data["withdrawal"]) == (
        imported.pk,
        REASON,
        None,
    )
    submit(erratum, center_admin)
    client.force_login(leader)
    refused = client.post(f"/api/issues/{erratum.pk}/send-back/", {"note": ""})
    assert refused.status_code == 409 and "退回原因" in refused.json()["detail"]
    sent = client.post(f"/api/issues/{erratum.pk}/send-back/", {"note": "数字再核一遍"})
    assert sent.json()["status"] == "draft"


def test_the_archives_quantity_trend_reads_the_erratum_and_leaves_a_withdrawn_issue_out(
    imported: Issue, center_admin: User, leader: User
) -> None:
    from servicehall.archive import trends

    def consult() -> list[tuple[dt.date | None, str, list[int]]]:
        return [
            (p.date, p.owner, [int(v) for v in p.values])
            for p in trends.fact_points("咨询", "人次")
        ]

    assert consult() == [(dt.date(2024, 1, 26), str(imported), [1291, 5501])]
    erratum = publish_erratum(imported, center_admin, leader)
    # The erratum's corrected text stands for the week; its notice's quotes count for nothing.
    assert consult() == [(dt.date(2024, 1, 26), str(erratum), [1291, 4210])]
    corrections.withdraw(imported, center_admin, "导入文件有误")
    assert consult() == []


# A drafted 2024-4 (its figures printed as tokens), its text one paragraph.
DRAFTED_2024_4 = {
    "title": "窗口工作周报",
    "sections": [
        {
            "number": "一",
            "heading": "综窗办件情况",
            "paragraphs": [
                {
                    "runs": [
                        ["今年以来，累计咨询", False],
                        ["5501", False, "window.ytd.consult"],
                        ["人次；另收到材料5501份。", False],
                    ],
                    "figure_keys": ["window.ytd.consult"],
                },
            ],
        }
    ],
}


def test_an_erratum_of_a_drafted_issue_moves_the_figures_tokens(
    center: Center, center_admin: User
) -> None:
    """A drafted original prints its figures as tokens: the erratum's correction moves every
    token of the figure (the same rule as a draft's 数据更正), and the text then reads back as
    its figures: no typed-number finding."""
    from servicehall.reports.bindings import figure_text_mismatches

    series = find_series("窗口工作周报")
    document = copy.deepcopy(DRAFTED_2024_4)
    original = IssueFactory(series=series, document=document, figures={"window.ytd.consult": 5501})
    Issue.objects.filter(pk=original.pk).update(
        status=Issue.Status.PUBLISHED, year=2024, number=4, serial=475
    )
    erratum = corrections.start_erratum(original, center_admin, REASON)
    assert corrections.correct_figure(erratum, "window.ytd.consult", "4210", center_admin) == 1
    paragraph = document_from_json(erratum.document).sections[0].paragraphs[0]
    # The token moved; the same digits outside it (a count of papers) did not.
    assert paragraph.text == "今年以来，累计咨询4210人次；另收到材料5501份。"
    assert [r.figure for r in paragraph.runs] == [None, "window.ytd.consult", None]
    assert erratum.figures == {"window.ytd.consult": 4210}
    assert figure_text_mismatches(erratum.document, erratum.figures) == []

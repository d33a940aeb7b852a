"""An editor can trust the draft: numbers stay bound to their figures, and drafting a week
again keeps the editor's changes (issue 11, parts 1 and 2). Real values: the demo's week of
2024年第4期 (咨询1291人次, 受理631件 …)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.gbt9704.document import Paragraph, document_from_json, paragraph_to_markup
from servicehall.history.models import ChangeRecord
from servicehall.journal.models import LeaderVisit
from servicehall.org.models import Department
from servicehall.reports import redrafting
from servicehall.reports.bindings import figure_text_mismatches, is_edited
from servicehall.reports.checks import run_checks
from servicehall.reports.display import sections_for_display
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import FigureOverride, Issue
from servicehall.reports.workflow import (
    WorkflowError,
    acknowledge_figure_text,
    approve,
    edit_paragraph,
    override_figure,
    publish,
    submit,
)

if TYPE_CHECKING:
    from servicehall.accounts.models import User
    from servicehall.demo.loader import LoadResult

pytestmark = pytest.mark.django_db

WEEK = dt.date(2024, 1, 24)  # 2024-01-22 … 26, the week of 2024年第4期
WINDOW = [3, 0, 0]  # 综窗改革攻坚行动 › 省本级综窗办件情况, first paragraph
VISITS = [1, 0]  # 厅（局）长进大厅


def paragraph(issue: Issue, path: list[int]) -> Paragraph:
    doc = document_from_json(issue.document)
    sections, section = doc.sections, None
    for i in path[:-1]:
        section = sections[i]
        sections = section.subsections
    assert section is not None
    return section.paragraphs[path[-1]]


def tokens(issue: Issue, path: list[int]) -> dict[str, str]:
    return {r.figure: r.text for r in paragraph(issue, path).runs if r.figure}


@pytest.fixture
def center_admin(demo_db: LoadResult) -> User:
    """The demo's center admin (中心管理员), who drafts and edits the report."""
    from servicehall.accounts.models import User

    return User.objects.get(username="admin")


@pytest.fixture
def leader(demo_db: LoadResult) -> User:
    from servicehall.accounts.models import User

    return User.objects.get(username="leader")


@pytest.fixture
def issue(demo_db: LoadResult) -> Issue:
    return draft_issue(find_series("窗口工作周报"), WEEK)


@pytest.fixture
def visit_with_a_wrong_title(demo_db: LoadResult) -> LeaderVisit:
    """The visit the demo printed as "人民银行成都分行厅长": its head is a 行长."""
    return LeaderVisit.objects.create(
        visited_on=dt.date(2024, 1, 26),
        department=Department.objects.get(name="人民银行成都分行"),
        title="厅长",
        name="张宏",
    )


def another_consultation(n: int = 1) -> None:
    for i in range(n):
        record_event(
            event_id=f"EDITOR-TEST-{i}",
            kind="consult",
            occurred_at=dt.datetime(2024, 1, 25, 10, i, tzinfo=SHANGHAI),
        )


# ---- part 1: numbers bound to their figures -------------------------------------------------


def test_a_drafted_number_is_a_token_of_its_figure(issue: Issue) -> None:
    window = paragraph(issue, WINDOW)
    assert tokens(issue, WINDOW) == {
        "window.week.consult": "1291",
        "window.week.accept": "631",
        "window.week.issue": "1017",
        "window.week.transfer": "2185",
        "window.ytd.consult": "5501",
        "window.ytd.accept": "2475",
        "window.ytd.issue": "11631",
        "window.ytd.transfer": "21220",
    }
    assert window.drafted == paragraph_to_markup(window)
    assert window.text.startswith("本周，共计咨询1291人次、受理631件")


@pytest.mark.parametrize(
    ("layout", "day"), [("窗口工作周报", WEEK), ("政务服务工作", dt.date(2023, 3, 8))]
)
def test_the_seeds_weeks_state_every_figure_as_the_data_says(
    demo_db: LoadResult, layout: str, day: dt.date
) -> None:
    """The figure-text check stays silent on the drafts of the seeds' weeks."""
    issue = draft_issue(find_series(layout), day)
    assert figure_text_mismatches(issue.document, issue.figures) == []
    assert [f for f in run_checks(issue) if f.check in ("figure_text", "override")] == []


def test_no_issue_the_demo_published_states_a_number_other_than_its_figure(
    demo_db: LoadResult,
) -> None:
    """The demo publishes a year of drafts through ``workflow.publish``, which refuses a
    mismatch: every one of them reads back as its figures."""
    drafted = Issue.objects.filter(status=Issue.Status.PUBLISHED, origin=Issue.Origin.DRAFTED)
    assert drafted.count() >= 40
    for issue in drafted:
        assert figure_text_mismatches(issue.document, issue.figures) == [], issue


def test_the_token_editor_changes_the_words_never_the_number(
    issue: Issue, center_admin: User
) -> None:
    # The form posts the texts between the tokens; the token is the figure's, whatever is typed.
    edit_paragraph(
        issue,
        WINDOW,
        "本周共接待咨询 ⟦window.week.consult⟧ 人次。",
        user=center_admin,
    )
    issue.refresh_from_db()
    edited = paragraph(issue, WINDOW)
    assert edited.text == "本周共接待咨询 1291 人次。"
    assert tokens(issue, WINDOW) == {"window.week.consult": "1291"}
    assert edited.drafted is not None and edited.drafted.startswith("本周，共计咨询1291")
    with pytest.raises(WorkflowError, match=r"“window\.week\.bogus”不是本期的数据"):
        edit_paragraph(issue, WINDOW, "咨询 ⟦window.week.bogus⟧ 人次", user=center_admin)


def test_overriding_a_figure_changes_the_number_the_label_and_the_figures(
    issue: Issue, center_admin: User
) -> None:
    with pytest.raises(WorkflowError, match="更正“本周咨询”须填写理由"):
        override_figure(issue, "window.week.consult", "1290", "  ", center_admin)
    with pytest.raises(WorkflowError, match="不是数字"):
        override_figure(issue, "window.week.consult", "一千", "核实", center_admin)
    override_figure(
        issue, "window.week.consult", "1290", "一条咨询重复登记，已核实删除", center_admin
    )
    issue.refresh_from_db()
    assert issue.figures["window.week.consult"] == 1290
    assert tokens(issue, WINDOW)["window.week.consult"] == "1290"
    assert "咨询1290人次" in paragraph(issue, WINDOW).text
    # The label under the paragraph follows.
    _, rows = sections_for_display(issue)
    sources = [s for row in rows for p in row["paragraphs"] for s in p["sources"]]
    assert {s["key"]: s["value"] for s in sources}["window.week.consult"] == 1290
    # An override is not an edit of the words: the paragraph reads as unedited.
    assert not redrafting.has_edits(issue.document)
    # Recorded on the issue, in its log, in the change history; listed by the checks.
    override = FigureOverride.objects.get(issue=issue)
    assert (override.old_value, override.new_value, override.username) == (
        1291,
        1290,
        center_admin.username,
    )
    assert issue.actions.filter(action="override").get().note == (
        "本周咨询：1291 → 1290；理由：一条咨询重复登记，已核实删除"
    )
    record = ChangeRecord.objects.filter(model_name="figureoverride").get()
    assert record.reason == "更正本周咨询：一条咨询重复登记，已核实删除"
    assert ChangeRecord.objects.filter(
        model_name="issue", object_id=str(issue.pk), reason=record.reason
    ).exists()
    found = [f for f in run_checks(issue) if f.check == "override"]
    assert [f.message for f in found] == ["本周咨询已由 1291 更正为 1290"]
    assert "理由：一条咨询重复登记，已核实删除" in found[0].details[0]
    assert [f for f in run_checks(issue) if f.check == "figure_text"] == []


def test_a_number_typed_over_a_figure_blocks_publication_until_acknowledged(
    issue: Issue, center_admin: User, leader: User
) -> None:
    text = paragraph_to_markup(paragraph(issue, WINDOW)).replace("咨询1291人次", "咨询1290人次")
    edit_paragraph(issue, WINDOW, text, user=center_admin)  # free text: no tokens
    issue.refresh_from_db()
    assert tokens(issue, WINDOW) == {}
    blocking = [f for f in run_checks(issue) if f.blocking]
    assert [(f.key, f.message) for f in blocking] == [
        (
            "figure_text:window.week.consult:1290",
            "文中数字与数据不符：“综窗改革攻坚行动 › 省本级综窗办件情况”中本周咨询写为 1290，数据为 1291",
        )
    ]
    submit(issue, center_admin)
    approve(issue, leader)
    with pytest.raises(
        WorkflowError, match=r"文中数字与数据不符，未发布.*本周咨询写为 1290，数据为 1291"
    ):
        publish(issue, center_admin, overlap_reason="勘误重发", office_files=False)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.APPROVED and issue.number is None
    with pytest.raises(WorkflowError, match="须填写理由"):
        acknowledge_figure_text(issue, "figure_text:window.week.consult:1290", "", center_admin)
    with pytest.raises(WorkflowError, match="该提示已不存在"):
        acknowledge_figure_text(issue, "figure_text:window.week.consult:1280", "x", center_admin)
    with pytest.raises(WorkflowError, match="无权确认数字不符"):
        acknowledge_figure_text(issue, "figure_text:window.week.consult:1290", "x", leader)
    acknowledge_figure_text(
        issue, "figure_text:window.week.consult:1290", "按窗口台账核实数印发", center_admin
    )
    finding = next(f for f in run_checks(issue) if f.check == "figure_text")
    assert not finding.blocking and "按窗口台账核实数印发" in finding.acknowledged
    # (The demo published this week already: a second issue of it states why.)
    published = publish(issue, center_admin, overlap_reason="勘误重发", office_files=False)
    assert published.status == Issue.Status.PUBLISHED
    assert "咨询1290人次" in paragraph(published, WINDOW).text


def test_a_changed_number_needs_a_new_acknowledgement(issue: Issue, center_admin: User) -> None:
    text = paragraph_to_markup(paragraph(issue, WINDOW))
    edit_paragraph(issue, WINDOW, text.replace("咨询1291", "咨询1290"), user=center_admin)
    acknowledge_figure_text(issue, "figure_text:window.week.consult:1290", "核实", center_admin)
    issue.refresh_from_db()
    edit_paragraph(issue, WINDOW, text.replace("咨询1291", "咨询1280"), user=center_admin)
    issue.refresh_from_db()
    assert [f.key for f in run_checks(issue) if f.blocking] == [
        "figure_text:window.week.consult:1280"
    ]


# ---- part 2: drafting a week again keeps the edits ------------------------------------------


def edit_the_title(issue: Issue, user: User) -> None:
    text = paragraph_to_markup(paragraph(issue, VISITS))
    assert "**人民银行成都分行**厅长张宏" in text
    edit_paragraph(issue, VISITS, text.replace("厅长张宏", "行长张宏"), user=user)
    issue.refresh_from_db()


def test_redrafting_an_edited_week_keeps_the_edit_and_shows_the_differences(
    issue: Issue, visit_with_a_wrong_title: LeaderVisit, center_admin: User
) -> None:
    issue = draft_issue(find_series("窗口工作周报"), WEEK)  # the visit is in
    edit_the_title(issue, center_admin)
    before = issue.document
    another_consultation()
    again = draft_issue(find_series("窗口工作周报"), WEEK, user=center_admin)
    # redraft_differences: set on the instance by drafting.draft_issue, not a model field.
    assert again.pk == issue.pk and again.redraft_differences == 2  # type: ignore[attr-defined]
    again.refresh_from_db()
    assert again.document == before  # nothing overwritten
    assert "行长张宏" in paragraph(again, VISITS).text
    diffs = redrafting.differences(again)
    assert [(d.section, d.labels, d.default) for d in diffs] == [
        ("厅（局）长进大厅", ["编辑修改"], "mine"),
        ("综窗改革攻坚行动 › 省本级综窗办件情况", ["数据变化"], "data"),
    ]
    assert diffs[0].mine is not None and diffs[0].theirs is not None
    assert diffs[1].mine is not None and diffs[1].theirs is not None
    assert "行长张宏" in diffs[0].mine and "厅长张宏" in diffs[0].theirs
    assert "咨询1292人次" in diffs[1].theirs and "咨询1291人次" in diffs[1].mine
    assert again.actions.filter(action="redraft").exists()
    with pytest.raises(WorkflowError, match="尚有段落差异待选择"):
        submit(again, center_admin)

    merged = redrafting.resolve(again, {}, center_admin)  # the defaults
    assert "行长张宏" in paragraph(merged, VISITS).text
    assert is_edited(paragraph(merged, VISITS))  # still shown as edited
    assert "咨询1292人次" in paragraph(merged, WINDOW).text
    assert merged.figures["window.week.consult"] == 1292
    assert merged.pending_redraft is None
    # Drafting once more with the same data: the edit still stands, only it differs.
    third = draft_issue(find_series("窗口工作周报"), WEEK, user=center_admin)
    assert third.redraft_differences == 1  # type: ignore[attr-defined]  # set by draft_issue
    assert [d.labels for d in redrafting.differences(third)] == [["编辑修改"]]


def test_taking_the_data_side_replaces_the_edit(
    issue: Issue, visit_with_a_wrong_title: LeaderVisit, center_admin: User
) -> None:
    issue = draft_issue(find_series("窗口工作周报"), WEEK)
    edit_the_title(issue, center_admin)
    another_consultation()
    again = draft_issue(find_series("窗口工作周报"), WEEK, user=center_admin)
    visit = next(d for d in redrafting.differences(again) if d.labels == ["编辑修改"])
    merged = redrafting.resolve(again, {visit.id: "data"}, center_admin)
    assert "厅长张宏" in paragraph(merged, VISITS).text
    assert not redrafting.has_edits(merged.document)
    assert (
        merged.actions.filter(action="merge-redraft").get().note
        == "保留编辑修改 0 段，采用新数据 2 段"
    )


def test_a_kept_edit_keeps_its_words_and_its_numbers_follow_the_data(
    issue: Issue, center_admin: User
) -> None:
    edit_paragraph(issue, WINDOW, "本周共接待咨询 ⟦window.week.consult⟧ 人次。", user=center_admin)
    another_consultation(2)
    again = draft_issue(find_series("窗口工作周报"), WEEK, user=center_admin)
    (diff,) = redrafting.differences(again)
    assert diff.labels == ["编辑修改", "数据变化"] and diff.default == "mine"
    merged = redrafting.resolve(again, {diff.id: "mine"}, center_admin)
    assert paragraph(merged, WINDOW).text == "本周共接待咨询 1293 人次。"
    assert figure_text_mismatches(merged.document, merged.figures) == []


def test_a_deleted_paragraph_stays_deleted_and_an_added_one_stays(
    issue: Issue, visit_with_a_wrong_title: LeaderVisit, center_admin: User
) -> None:
    issue = draft_issue(find_series("窗口工作周报"), WEEK)
    edit_paragraph(issue, VISITS, "", user=center_admin)  # the editor deletes the visits
    issue.refresh_from_db()
    end = len(document_from_json(issue.document).sections[3].subsections[2].paragraphs)
    edit_paragraph(issue, [3, 2, end], "中心召开综窗业务例会。", user=center_admin)  # adds one
    issue.refresh_from_db()
    again = draft_issue(find_series("窗口工作周报"), WEEK, user=center_admin)
    diffs = {d.section: d for d in redrafting.differences(again)}
    assert diffs["厅（局）长进大厅"].mine is None and diffs["厅（局）长进大厅"].default == "mine"
    added = diffs["综窗改革攻坚行动 › 其它工作开展情况"]
    assert added.theirs is None and added.note == "编辑新增的段落" and added.default == "mine"
    merged = redrafting.resolve(again, {}, center_admin)
    doc = document_from_json(merged.document)
    assert doc.sections[1].paragraphs == []
    assert doc.sections[3].subsections[2].paragraphs[-1].text == "中心召开综窗业务例会。"


def test_an_unedited_draft_is_simply_drafted_again(issue: Issue) -> None:
    another_consultation()
    again = draft_issue(find_series("窗口工作周报"), WEEK)
    # redraft_differences: set on the instance by drafting.draft_issue, not a model field.
    assert again.redraft_differences is None  # type: ignore[attr-defined]
    assert again.pending_redraft is None
    assert tokens(again, WINDOW)["window.week.consult"] == "1292"


def test_draft_issue_keeps_the_edits_and_prints_the_data_side(
    issue: Issue,
    visit_with_a_wrong_title: LeaderVisit,
    center_admin: User,
    capsys: pytest.CaptureFixture[str],
) -> None:
    issue = draft_issue(find_series("窗口工作周报"), WEEK)
    edit_the_title(issue, center_admin)
    call_command("draft_issue", "--week", "2024-01-24", "--layout", "窗口工作周报", "--json")
    out, err = capsys.readouterr()
    parsed = json.loads(out)
    assert set(parsed) == {
        "title", "issuer", "year", "number", "serial", "period", "issue_date", "copies",
        "distribution", "sections", "figures", "facts", "rankings",
    }  # fmt: skip
    assert "厅长张宏" in parsed["sections"][1]["paragraphs"][0]  # the data's side
    assert f"草稿 #{issue.pk} 已有编辑修改，未覆盖" in err and "1 段不同" in err
    issue.refresh_from_db()
    assert "行长张宏" in paragraph(issue, VISITS).text

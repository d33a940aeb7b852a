"""The second reader (审稿意见): a secretariat's corrections found in a draft, each with a
suggestion the editor takes with one click; the list is data and a center adds to it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from servicehall.archive import read_report
from servicehall.archive.services import store_report
from servicehall.gbt9704.document import document_from_json
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import WordingRule
from servicehall.reports.secretariat import text_findings, wording_findings
from servicehall.reports.workflow import edit_paragraph
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center
    from servicehall.reports.models import Issue

pytestmark = pytest.mark.django_db

# One sentence per case the issue names, as a secretariat would send it back.
TEST_TEXT = (
    "1.1月22日召开会议。截止目前，其它部门积极的推进工作，任务落实的好。"
    "3月9-10日集中培训,部署工作；全年完成２０２３件(含延期办件)。"
)
EXPECTED = {
    ("序号后接数字", "1.", "1. "),
    ("截止→截至", "截止", "截至"),
    ("其它→其他", "其它", "其他"),
    ("的→地（状语）", "积极的", "积极地"),
    ("的→得（补语）", "落实的", "落实得"),
    ("范围用一字线", "9-10日", "9—10日"),
    ("半角逗号", ",", "，"),
    ("全角数字", "２０２３", "2023"),
    ("半角括号", "(含延期办件)", "（含延期办件）"),
}


@pytest.fixture
def draft(center: Center, center_admin: User) -> Issue:
    """The week after the imported 2024-4 (printed 期号、标题… on top), drafted in the series'
    简报 form, with the test sentence added to its first section."""
    store_report(SEED_2024_4)
    issue = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 31))
    first = document_from_json(issue.document).sections[0]
    edit_paragraph(issue, [0, len(first.paragraphs)], TEST_TEXT, center_admin)
    return issue


def test_each_case_is_flagged_with_its_suggestion(draft: Issue) -> None:
    found = wording_findings(draft)
    texts = {(f.rule, f.found, f.suggestion) for f in found if f.path and f.context in TEST_TEXT}
    assert texts == EXPECTED
    [masthead] = [f for f in found if f.rule == "版头样式"]
    # The form's name, as the page shows it (before: "建议改为“title_first”", its code).
    assert masthead.found == "简报式" and masthead.suggestion == "期号、标题、时段、发文单位、日期"
    assert "上一期用“期号、标题、时段、发文单位、日期”版头" in masthead.message


def test_on_both_seeds_only_the_cases_are_found(center: Center) -> None:
    """Silent on the seeds' other text: 截止 and the heading 其它工作开展情况 (2024), 其它 and
    9-10日 (2023), and the list numbers run into a date, nothing else."""
    rules = list(WordingRule.objects.filter(enabled=True))
    found = {
        seed.name[-12:-4]: sorted(
            (f.rule, f.found)
            for f in text_findings(read_report(seed.read_text(encoding="utf-8")), rules)
        )
        for seed in (SEED_2024_4, SEED_2023_9)
    }
    assert found == {
        # 其它 twice in 2024-4's text: none in a paragraph, one in the heading
        # "（三）其它工作开展情况" (before, headings were not read).
        "2024年第4期": sorted(
            [("序号后接数字", "1."), ("截止→截至", "截止"), ("其它→其他", "其它")]
        ),
        "2023年第9期": sorted(
            [
                ("其它→其他", "其它"),
                ("范围用一字线", "9-10日"),
                *[("序号后接数字", n) for n in ("1.", "3.", "4.", "1.", "2.")],
            ]
        ),
    }


def test_the_editor_accepts_a_suggestion_with_one_click(
    draft: Issue, client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert "审稿意见" in page and 'name="rule" value="截止→截至"' in page
    [finding] = [f for f in wording_findings(draft) if f.rule == "截止→截至"]
    response = client.post(
        f"/reports/{draft.pk}/wording/accept/",
        {"rule": finding.rule, "path": finding.path_param, "found": finding.found},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    text = document_from_json(draft.document).sections[0].paragraphs[-1].text
    assert "截至目前，其它部门" in text
    assert "截止→截至" not in {f.rule for f in wording_findings(draft)}
    # The masthead: one click prints the series' previous form again.
    client.post(
        f"/reports/{draft.pk}/wording/accept/", {"rule": "版头样式", "path": "", "found": "简报式"}
    )
    draft.refresh_from_db()
    assert document_from_json(draft.document).masthead == "title_first"
    assert "版头样式" not in {f.rule for f in wording_findings(draft)}


def test_a_center_adds_its_own_rule(draft: Issue) -> None:
    WordingRule.objects.create(
        name="集中培训→集中轮训", pattern="集中培训", replacement="集中轮训", message="本中心用语"
    )
    assert ("集中培训→集中轮训", "集中培训", "集中轮训") in {
        (f.rule, f.found, f.suggestion) for f in wording_findings(draft)
    }


def test_a_heading_is_read_and_corrected_in_the_draft_and_the_series_layout(
    draft: Issue, center_admin: User
) -> None:
    """Headings are read too (the seed's "（三）其它工作开展情况" comes from 窗口工作周报's
    layout). Taking a heading's finding rewords the draft's heading and the layout's (a new
    version), so the series' next drafts print it corrected and a redraft, which pairs sections
    by their headings, still finds the section. Shown with a rule a center adds."""
    from servicehall.reports.secretariat import HEADING, accept

    WordingRule.objects.create(
        name="攻坚行动→攻坚",
        pattern="改革攻坚行动",
        replacement="改革攻坚",
        message="本中心用语",
    )
    [finding] = [f for f in wording_findings(draft) if f.path and f.path[-1] == HEADING]
    assert (finding.found, finding.suggestion, finding.path) == (
        "改革攻坚行动",
        "改革攻坚",
        (0, -1),
    )
    versions = draft.series.layouts.count()
    accept(draft, finding.rule, finding.path_param, finding.found, center_admin)
    draft.refresh_from_db()
    doc = document_from_json(draft.document)
    assert doc.sections[0].heading == "综窗改革攻坚"
    assert doc.sections[0].paragraphs[-1].text == TEST_TEXT  # its paragraphs untouched
    assert draft.series.layouts.count() == versions + 1
    layout = draft.series.current_layout()
    assert layout is not None
    headings = [node["heading"] for node in layout.definition["sections"]]
    assert "综窗改革攻坚" in headings and "综窗改革攻坚行动" not in headings
    assert not [f for f in wording_findings(draft) if f.path and f.path[-1] == HEADING]


CORRECTED = (
    "1. 1月22日召开会议。截至目前，其他部门积极地推进工作，任务落实得好。"
    "3月9—10日集中培训，部署工作；全年完成2023件（含延期办件）。"
)


def test_every_finding_is_taken_with_one_click_and_then_is_gone(
    draft: Issue, client: Client, center_admin: User
) -> None:
    """Each case of the test sentence, taken by its own 采纳 button in turn (the page's form,
    posted as the browser posts it): the sentence ends as a secretariat would send it back and
    the second reader has nothing left to say on it, nor on the masthead."""
    client.force_login(center_admin)
    first = document_from_json(draft.document).sections[0]
    path = (0, len(first.paragraphs) - 1)  # the test sentence, the first section's last
    for rule, found, _ in sorted(EXPECTED):
        [finding] = [
            f for f in wording_findings(draft) if (f.rule, f.found, f.path) == (rule, found, path)
        ]
        page = client.get(f"/reports/{draft.pk}/").content.decode()
        assert f'name="rule" value="{rule}"' in page  # its button is on the page
        response = client.post(
            f"/reports/{draft.pk}/wording/accept/",
            {"rule": rule, "path": finding.path_param, "found": found},
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        left = {(f.rule, f.found) for f in wording_findings(draft) if f.path == path}
        assert (rule, found) not in left, (rule, left)
    text = document_from_json(draft.document).sections[0].paragraphs[-1].text
    assert text == CORRECTED
    [masthead] = [f for f in wording_findings(draft) if f.rule == "版头样式"]
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert "建议改为“期号、标题、时段、发文单位、日期”" in page and "title_first" not in page
    client.post(
        f"/reports/{draft.pk}/wording/accept/",
        {"rule": masthead.rule, "path": masthead.path_param, "found": masthead.found},
    )
    draft.refresh_from_db()
    assert [f for f in wording_findings(draft) if f.path in ((), path)] == []


def test_a_database_loaded_with_the_old_list_number_rule_takes_the_new_one() -> None:
    """Migration 0017: the shipped row still holding the pattern that found its own fix gets
    0012's (the list's one definition); a rule a center has reworded is left alone."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "servicehall.reports.migrations.0017_list_number_rule_spares_its_own_fix"
    )
    rule = WordingRule.objects.get(name="序号后接数字")
    new = rule.pattern
    WordingRule.objects.filter(pk=rule.pk).update(pattern=migration.OLD_PATTERN)
    migration.update(apps, None)
    rule.refresh_from_db()
    assert rule.pattern == new == r"^(\d{1,2})\.(?=\d)"
    WordingRule.objects.filter(pk=rule.pk).update(pattern=r"^(\d)\.(?=\d)")
    migration.update(apps, None)
    rule.refresh_from_db()
    assert rule.pattern == r"^(\d)\.(?=\d)"

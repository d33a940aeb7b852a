"""The layout block ``indicators`` (考核指标 in a report): chosen national indicators of the
issue's week, 本级 or 本级及下级, the province's targets and who misses them, every printed
number a bound figure of the issue — checked like any other, printed in DOCX and PDF.

The week 2024-01-22 … 26, counted by hand:
- 公安厅 (本级): C1 受理 1-22 9:00, 办结 1-22 15:00, 承诺 1-26 (on time, same day), rated 非常满意;
  C2 受理 1-22, 办结 1-25, 承诺 1-24 (late), rated 非常不满意.
- 水利厅 (本级): C3 受理 1-23, 办结 1-24, 承诺 1-30 (on time), not rated.
- 下级 甲市's 民政局: C4 受理 1-24, 办结 1-24, 承诺 1-25 (on time), rated 满意.
本级: 按时办结率 2/3 = 66.67%, 超期件 1, 好评率 1/2 = 50%.
本级及下级: 按时办结率 3/4 = 75%, 好评率 2/3 = 66.67%.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.figures.models import IndicatorTarget
from servicehall.gbt9704.document import document_from_json
from servicehall.journal.models import ServiceEvaluation
from servicehall.org.models import Center, Department
from servicehall.reports import workflow
from servicehall.reports.bindings import figure_text_mismatches, label
from servicehall.reports.checks import run_checks
from servicehall.reports.drafting import build_document, draft_issue
from servicehall.reports.layouts import LayoutError, validate_definition
from servicehall.reports.models import Issue, ReportLayout, ReportSeries
from servicehall.reports.scoping import series_scope

if TYPE_CHECKING:
    from typing import Any

    from django.test import Client

    from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db

WEEK = dt.date(2024, 1, 24)
WEEK_END = dt.date(2024, 1, 26)
KEYS = ["on_time_rate", "overdue_completed", "good_rating_rate"]


def layout(**block: object) -> dict[str, Any]:
    return {
        "sections": [
            {
                "heading": "考核指标",
                "blocks": [{"type": "indicators", "indicators": KEYS, **block}],
            }
        ]
    }


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, 1, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def week(center: Center, police: Department, water: Department) -> Center:
    city = Center.objects.create(
        name="甲市政务服务中心", short_name="甲市中心", level=Center.Level.CITY, parent=center
    )
    civil = Department.objects.create(
        center=city, name="甲市民政局", stationed_on=dt.date(2020, 1, 1)
    )

    def case(
        no: str,
        department: Department,
        accepted: dt.datetime,
        completed: dt.datetime,
        promised_by: dt.date,
        level: int | None = None,
    ) -> None:
        made = Case.objects.create(
            case_no=no,
            department=department,
            accepted_at=accepted,
            completed_at=completed,
            promised_by=promised_by,
        )
        if level is not None:
            ServiceEvaluation.objects.create(
                case=made, level=level, evaluated_at=completed + dt.timedelta(hours=1)
            )

    d = dt.date
    case("C1", police, at(22), at(22, 15), d(2024, 1, 26), level=5)
    case("C2", police, at(22), at(25), d(2024, 1, 24), level=1)
    case("C3", water, at(23), at(24), d(2024, 1, 30))
    case("C4", civil, at(24), at(24, 16), d(2024, 1, 25), level=4)
    # The province's targets: 按时办结率 不低于 90 (missed), 好评率 不低于 50 (met).
    IndicatorTarget.objects.create(
        indicator="on_time_rate", value=Decimal(90), effective_on=d(2024, 1, 1)
    )
    IndicatorTarget.objects.create(
        indicator="good_rating_rate", value=Decimal(50), effective_on=d(2024, 1, 1)
    )
    return center


def series_with(
    center: Center, definition: dict[str, Any], title: str = "考核周报"
) -> ReportSeries:
    series = ReportSeries.objects.create(
        title=title, issuer=center.name, center=center, masthead="title_first"
    )
    ReportLayout.objects.create(series=series, version=1, definition=definition)
    return series


def texts(issue: Issue) -> list[str]:
    doc = document_from_json(issue.document)
    return [p.text for s in doc.walk() for p in s.paragraphs]


def test_the_block_prints_the_hand_counted_indicators_with_targets_and_misses(week: Center) -> None:
    issue = draft_issue(series_with(week, layout(targets=True)), WEEK)
    assert texts(issue) == [
        "统计期间：1月22日至1月26日；统计范围：本级。",
        "按时办结率为66.67%（2/3），目标不低于90%，未达标。",
        "超期件为1件。",
        "好评率为50%（1/2），目标不低于50%，达标。",
    ]
    # Bound: each number is a token of its figure, and the issue keeps the figure.
    doc = document_from_json(issue.document)
    rows = doc.sections[0].paragraphs
    assert {r.figure: r.text for r in rows[1].runs if r.figure} == {
        "indicator.on_time_rate": "66.67",
        "indicator.on_time_rate.numerator": "2",
        "indicator.on_time_rate.denominator": "3",
    }
    assert issue.figures["indicator.on_time_rate"] == 66.67
    assert issue.figures["indicator.overdue_completed"] == 1
    assert issue.figures["indicator.good_rating_rate.denominator"] == 2
    assert "未达标" in [r.text for r in rows[1].runs if r.bold]
    assert label("indicator.on_time_rate.numerator") == "按时办结率（分子）"
    # A drafted issue's tokens agree with its figures: nothing to flag.
    assert figure_text_mismatches(issue.document, issue.figures) == []


def test_without_targets_none_is_printed(week: Center) -> None:
    issue = draft_issue(series_with(week, layout()), WEEK)
    assert texts(issue)[1] == "按时办结率为66.67%（2/3）。"


def test_the_layouts_scope_or_the_blocks_own(week: Center) -> None:
    whole = draft_issue(series_with(week, {"with_children": True, **layout()}), WEEK)
    assert texts(whole)[:2] == [
        "统计期间：1月22日至1月26日；统计范围：本级及下级。",
        "按时办结率为75%（3/4）。",
    ]
    assert texts(whole)[3] == "好评率为66.67%（2/3）。"
    assert whole.figures["indicator.on_time_rate"] == 75
    # A 本级 issue may print a block over 本级及下级: its tokens are keyed apart.
    both = {
        "sections": [
            *layout()["sections"],
            {
                "heading": "全市考核指标",
                "blocks": [
                    {
                        "type": "indicators",
                        "indicators": ["on_time_rate"],
                        "with_children": True,
                        "lead": "",
                    }
                ],
            },
        ]
    }
    series = series_with(week, both, title="考核周报（含全市）")
    current = series.current_layout()
    assert current is not None
    doc = build_document(series, current, Period(dt.date(2024, 1, 22), WEEK_END))
    assert [p.text for p in doc.sections[1].paragraphs] == ["按时办结率为75%（3/4）。"]
    assert doc.figures["indicator.on_time_rate"] == 66.67
    assert doc.figures["indicator.on_time_rate@with_children"] == 75
    assert (
        label("indicator.on_time_rate@with_children.denominator")
        == "按时办结率（分母，本级及下级）"
    )
    assert series_scope(series).with_children is False


def test_an_override_moves_the_number_and_a_number_typed_over_it_is_flagged(
    week: Center, center_admin: User
) -> None:
    issue = draft_issue(series_with(week, layout(targets=True)), WEEK)
    # The number changes through the figure, with a reason, never by typing.
    workflow.override_figure(
        issue, "indicator.on_time_rate", "70", "补录一件按时办结", center_admin
    )
    issue.refresh_from_db()
    assert texts(issue)[1] == "按时办结率为70%（2/3），目标不低于90%，未达标。"
    assert issue.figures["indicator.on_time_rate"] == 70
    assert [f.message for f in run_checks(issue) if f.check == "override"] == [
        "按时办结率已由 66.67 更正为 70"
    ]
    # Rewritten as free text (the API's way): 70 typed as 96.67.
    workflow.edit_paragraph(
        issue, [0, 1], "按时办结率为96.67%（2/3），目标不低于90%，达标。", user=center_admin
    )
    issue.refresh_from_db()
    found = [f for f in run_checks(issue) if f.check == "figure_text"]
    assert [f.message for f in found] == [
        "文中数字与数据不符：“考核指标”中按时办结率写为 96.67%，按数据起草为 70%"
    ]
    assert found[0].blocking


def test_a_layout_names_known_indicators_only() -> None:
    validate_definition(layout(targets=True, with_children=False))
    for block, message in (
        ({"indicators": []}, "须以 indicators 列出指标代码"),
        ({"indicators": ["on_time"]}, "未知的指标代码：on_time"),
        ({"indicators": ["on_time_rate", "on_time_rate"]}, "指标代码重复"),
        ({"indicators": ["on_time_rate"], "targets": "yes"}, "targets 应为 true 或 false"),
    ):
        definition = {
            "sections": [{"heading": "考核指标", "blocks": [{"type": "indicators", **block}]}]
        }
        with pytest.raises(LayoutError, match=message):
            validate_definition(definition)


def test_the_layout_editor_offers_the_block_and_previews_it(
    client: Client, week: Center, center_admin: User
) -> None:
    series = series_with(
        week,
        {"sections": [{"heading": "说明", "blocks": [{"type": "free", "text": "本周情况如下。"}]}]},
    )
    client.force_login(center_admin)
    url = reverse("reports:layout_edit", args=[series.pk])
    page = client.get(url).content.decode()
    assert 'name="add_indicators"' in page
    assert '<input type="checkbox" name="indicator" value="on_time_rate"' in page
    assert "按时办结率" in page
    saved_layout = series.current_layout()
    assert saved_layout is not None
    current = json.dumps(saved_layout.definition, ensure_ascii=False)
    inserted = client.post(
        url,
        {
            "definition": current,
            "add_indicators": "1",
            "indicator": ["on_time_rate", "good_rating_rate"],
            "indicator_targets": "on",
            "indicator_scope": "with_children",
            "indicator_heading": "考核指标完成情况",
            "week": "2024-01-24",
        },
    )
    assert inserted.status_code == 200
    text = inserted.context["definition"]
    definition = json.loads(text)
    assert definition["sections"][-1] == {
        "heading": "考核指标完成情况",
        "blocks": [
            {
                "type": "indicators",
                "indicators": ["on_time_rate", "good_rating_rate"],
                "targets": True,
                "with_children": True,
            }
        ],
    }
    assert series.layouts.count() == 1  # offered, not saved
    preview = client.post(url, {"definition": text, "preview": "1", "week": "2024-01-24"})
    shown = preview.content.decode()
    assert (
        "<strong>按时办结率</strong>为75%（3/4），目标不低于90%，<strong>未达标</strong>。" in shown
    )
    saved = client.post(url, {"definition": text, "note": "加考核指标", "week": "2024-01-24"})
    assert saved.status_code == 302
    saved_layout = series.current_layout()
    assert saved_layout is not None and saved_layout.definition == definition


@pytest.mark.slow  # LibreOffice renders the DOCX into the PDF
def test_the_docx_and_the_pdf_print_the_hand_counted_values(week: Center) -> None:
    import io
    import zipfile

    from servicehall.gbt9704.glyphs import pdf_text
    from servicehall.gbt9704.pdf import render_docx_and_pdf

    issue = draft_issue(series_with(week, {"with_children": True, **layout(targets=True)}), WEEK)
    docx, pdf = render_docx_and_pdf(document_from_json(issue.document))
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert ">75<" in xml and ">66.67<" in xml  # the tokens, each its own run
    printed = "".join(pdf_text(pdf).split())
    assert "统计期间：1月22日至1月26日；统计范围：本级及下级。" in printed
    assert "按时办结率为75%（3/4），目标不低于90%，未达标。" in printed
    assert "好评率为66.67%（2/3），目标不低于50%，达标。" in printed


def test_an_erratum_names_a_corrected_indicator_in_words() -> None:
    from servicehall.reports.corrections import figure_corrections

    assert figure_corrections(
        {"indicator.on_time_rate": 66.67, "indicator.on_time_rate.numerator": 2},
        {"indicator.on_time_rate": 70, "indicator.on_time_rate.numerator": 3},
    ) == ["按时办结率66.67%更正为70%。", "按时办结率（分子）2更正为3。"]


def test_the_parents_submission_check_recounts_the_printed_indicator_tokens(week: Center) -> None:
    """报送: 甲市 prints its own 按时办结率 (C4 on time: 1/1), 超期件 0 and 好评率 (1/1), and
    submits the issue. A late case of the week recorded afterwards (C5: 受理 1-23, 办结 1-26,
    承诺 1-24) moves 按时办结率 to 1/2 = 50% and 超期件 to 1; the parent's check names each
    changed token the issue printed, the unchanged ones (the numerator 1, 好评率) not."""
    from servicehall.reports import submission

    city = Center.objects.get(short_name="甲市中心")
    issue = draft_issue(series_with(city, layout()), WEEK)
    # Published as far as 报送 asks (this hall keeps no other register for the publication's
    # source checks to find: test_center_reports publishes through the workflow).
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.PUBLISHED)
    issue.refresh_from_db()
    assert texts(issue)[1:] == [
        "按时办结率为100%（1/1）。",
        "超期件为0件。",
        "好评率为100%（1/1）。",
    ]
    sent = submission.submit(issue)
    assert submission.differences(sent) == []
    # PostgreSQL's jsonb gives the figures back in an order of its own: the list keeps its own.
    sent.figures = dict(reversed(list(sent.figures.items())))
    Case.objects.create(
        case_no="C5",
        department=Department.objects.get(name="甲市民政局"),
        accepted_at=at(23),
        completed_at=at(26),
        promised_by=dt.date(2024, 1, 24),
    )
    assert [d.text for d in submission.differences(sent)] == [
        "按时办结率印为100%，现有记录为50%",
        "按时办结率（分母）印为1，现有记录为2",
        "超期件印为0件，现有记录为1件",
    ]

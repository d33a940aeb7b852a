"""From the demo data, the drafts of the seeds' weeks are the seeds, figure for figure."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from servicehall.core.tests.seed_figures import FIGURES_2023_9, FIGURES_2024_4
from servicehall.gbt9704 import render_txt
from servicehall.gbt9704.document import document_from_json
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from servicehall.demo.loader import LoadResult

pytestmark = pytest.mark.django_db


def body(text: str) -> str:
    """The text from the first section on, without whitespace or bold markers."""
    text = text.replace("**", "")
    text = re.sub(r"^\s*[—－-]\s*\d+\s*[—－-]\s*$", "", text, flags=re.M)
    return re.sub(r"\s+", "", text[text.index("一、") :])


@pytest.mark.parametrize(
    ("layout", "day", "seed", "figures"),
    [
        ("窗口工作周报", dt.date(2024, 1, 24), SEED_2024_4, FIGURES_2024_4),
        ("政务服务工作", dt.date(2023, 3, 8), SEED_2023_9, FIGURES_2023_9),
    ],
    ids=["2024-4", "2023-9"],
)
def test_the_draft_of_a_seed_week_states_exactly_the_seeds_figures_and_text(
    demo_db: LoadResult, layout: str, day: dt.date, seed: Path, figures: dict[str, int]
) -> None:
    issue = draft_issue(find_series(layout), day)
    doc = document_from_json(issue.document)
    assert doc.to_parsed()["figures"] == figures
    ratio = difflib.SequenceMatcher(
        None,
        body(seed.read_text(encoding="utf-8")),
        body(render_txt(doc)),
        autojunk=False,
    ).ratio()
    assert ratio >= 0.99, ratio


def test_draft_issue_prints_the_2023_9_draft_in_the_parsed_form(
    demo_db: LoadResult, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("draft_issue", "--week", "2023-03-06", "--layout", "政务服务工作", "--json")
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["period"] == {"start": "2023-03-06", "end": "2023-03-10"}
    assert parsed["figures"] == FIGURES_2023_9
    unauthorized = parsed["sections"][0]["subsections"][1]["paragraphs"][0]
    assert unauthorized.endswith(
        "科技厅、民政厅、住房和城乡建设厅、农业农村厅、成都海关、省消防救援总队、省贸促会。"
    )
    patrol = parsed["sections"][3]["subsections"]
    assert [s["heading"] for s in patrol][:2] == ["按时到岗情况", "工作区域标准化执行情况"]
    assert patrol[0]["paragraphs"] == ["总体情况良好。"]
    # The draft states its quantities like any parsed report: those of the seed it reproduces.
    from servicehall.archive import read_report
    from servicehall.testing.seeds import SEED_2023_9

    seed_facts = read_report(SEED_2023_9.read_text(encoding="utf-8")).to_parsed()["facts"]
    key = ("label", "value", "unit", "scope", "comparison")
    assert [{k: f[k] for k in key} for f in parsed["facts"]] == [
        {k: f[k] for k in key} for f in seed_facts
    ]
    assert len(parsed["facts"]) == 17


def test_the_next_weeks_draft_continues_the_imported_2024_4_without_a_ytd_gap(
    demo_db: LoadResult,
) -> None:
    from servicehall.reports.checks import check_year_to_date
    from servicehall.reports.models import Issue

    imported = Issue.objects.get(series__title="窗口工作周报", year=2024, number=4)
    assert (imported.serial, imported.origin, imported.figures["window.ytd.consult"]) == (
        475,
        "imported",
        5501,
    )
    issue = draft_issue(find_series("窗口工作周报"), dt.date(2024, 2, 1))
    assert check_year_to_date(issue) == []


@pytest.mark.parametrize(
    ("layout", "week", "serial"),
    [("窗口工作周报", "2024-01-24", 475), ("政务服务工作", "2023-06-07", 442)],
    ids=["imported-2024-4", "published-2023-22"],
)
def test_draft_issue_for_a_published_week_drafts_beside_the_published_issue(
    demo_db: LoadResult, capsys: pytest.CaptureFixture[str], layout: str, week: str, serial: int
) -> None:
    from servicehall.reports.models import Issue

    published = Issue.objects.get(serial=serial, status=Issue.Status.PUBLISHED)
    frozen = (published.document, published.figures, published.number)
    call_command("draft_issue", "--week", week, "--layout", layout, "--json")
    parsed = json.loads(capsys.readouterr().out)
    assert published.period_start is not None
    assert parsed["period"]["start"] == published.period_start.isoformat()
    assert (parsed["number"], parsed["serial"]) == (None, None)
    same_week = Issue.objects.filter(series=published.series, period_start=published.period_start)
    assert sorted(same_week.values_list("status", flat=True)) == ["draft", "published"]
    published.refresh_from_db()
    assert (published.document, published.figures, published.number) == frozen
    assert parsed["figures"]["window.week.consult"] == published.figures["window.week.consult"]

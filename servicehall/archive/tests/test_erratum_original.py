"""One rule for the issue an erratum corrects (``reports.corrections.original_of``, session 10):
the erratum this system publishes (its full text after the notice) and a real center's notice
alone find their original alike — the importer's own center only, the notice's year or else the
erratum's own, 期号 then 总期号, never a withdrawn issue, and a clear warning when none."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from servicehall.archive.services import store_report
from servicehall.archive.tests.test_erratum_hostile import CONSULT, erratum
from servicehall.archive.tests.test_erratum_import import NOTICES, erratum_text
from servicehall.reading.erratum import ErratumNotice
from servicehall.reports import corrections
from servicehall.reports.models import Issue
from servicehall.reports.workflow import WorkflowError
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from servicehall.accounts.models import User
    from servicehall.org.models import Center
    from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db


def notice(year: int | None = 2024, number: int = 4, serial: int | None = None) -> ErratumNotice:
    return ErratumNotice("窗口工作周报", year, number, serial, "", 0, 1)


def imported(center: Center | None = None) -> Issue:
    return Issue.objects.get(pk=store_report(SEED_2024_4, center=center).object_id)


def as_2023(issue: Issue) -> Issue:
    """A copy of ``issue`` as the series' 2023年第4期（总第423期）."""
    copy = Issue.objects.get(pk=issue.pk)
    copy.pk = None
    copy.year, copy.serial, copy.source_sha256 = 2023, 423, "2023-4"
    copy.save()
    return copy


def store(
    tmp_path: Path, text: str, center: Center | None = None
) -> tuple[Issue | None, list[str]]:
    path = tmp_path / "勘误.txt"
    path.write_text(text, encoding="utf-8")
    stored = store_report(path, center=center)
    issue = Issue.objects.filter(pk=stored.object_id).first() if stored.kind == "issue" else None
    return (issue.corrects if issue else None), stored.document.warnings


def test_the_importers_center_only(tree: Tree) -> None:
    county = tree.centers["county_a1"]
    provinces, counties = imported(), imported(county)
    assert corrections.original_of(notice(), county, None) == counties
    assert corrections.original_of(notice(), None, None) == provinces
    with pytest.raises(WorkflowError, match="尚未导入"):
        corrections.original_of(notice(), tree.centers["county_a2"], None)


def test_the_systems_own_erratum_imported_by_a_county_links_to_the_countys_issue(
    tree: Tree, tmp_path: Path
) -> None:
    county = tree.centers["county_a1"]
    imported()
    counties = imported(county)
    corrected, warnings = store(tmp_path, erratum_text(NOTICES["plain"]), county)
    assert corrected == counties, warnings


def test_the_year_of_the_notice_else_of_the_erratums_date(center: Center) -> None:
    of_2024 = imported()
    of_2023 = as_2023(of_2024)
    assert corrections.original_of(notice(2023), center, 2024) == of_2023
    assert corrections.original_of(notice(None), center, 2023) == of_2023
    assert corrections.original_of(notice(None), center, 2024) == of_2024
    assert corrections.original_of(notice(None), center, None) == of_2024  # the latest


def test_a_notice_without_its_year_dated_in_the_year_before_links_that_years_issue(
    center: Center, tmp_path: Path
) -> None:
    of_2023 = as_2023(imported())
    text = CONSULT.replace("2024年第4期", "第4期").replace("2024年2月20日", "2023年2月20日")
    text = text.replace("（总第475期）", "")
    assert store(tmp_path, text)[0] == of_2023


def test_the_serial_when_the_number_is_not_the_years(center: Center) -> None:
    original = imported()
    assert corrections.original_of(notice(None, 4, 475), center, 2025) == original
    assert corrections.original_of(notice(2025, 9, 475), center, None) == original
    with pytest.raises(WorkflowError, match="总期号不符"):
        corrections.original_of(notice(2024, 4, 476), center, None)


def test_a_withdrawn_issue_is_refused_by_either_shape(
    center: Center, center_admin: User, tmp_path: Path
) -> None:
    corrections.withdraw(imported(), center_admin, "导入文件有误")
    with pytest.raises(WorkflowError, match="已撤回"):
        corrections.original_of(notice(), center, None)
    # the erratum this system publishes (its full text after): stored, not linked, told
    corrected, warnings = store(tmp_path, erratum_text(NOTICES["plain"]))
    assert corrected is None
    assert any("已撤回" in w for w in warnings), warnings


def test_a_notice_alone_whose_issue_is_not_imported_says_so(center: Center, tmp_path: Path) -> None:
    corrected, warnings = store(tmp_path, erratum("受理 631 件", "受理 613 件"))
    assert corrected is None
    assert any("窗口工作周报2024年第4期尚未导入" in w for w in warnings), warnings


def test_the_same_rule_for_a_notice_alone_and_a_full_text(center: Center, tmp_path: Path) -> None:
    original = imported()
    assert store(tmp_path, CONSULT)[0] == original
    issue_date = dt.date(2024, 2, 20)
    assert corrections.original_of(notice(), center, issue_date.year) == original

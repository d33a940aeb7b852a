"""A past report lands in the archive of the center whose staff imported it (导入归属中心,
session 10): a county's numbered issue is an issue of the county's own series, found in its
archive, never in its parent's series or a sibling's, never clashing with the parent's issue of
the same number; the command line stays the default center's."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from servicehall.archive import search
from servicehall.archive.models import PastDocument
from servicehall.archive.services import store_report
from servicehall.cases.services import record_event
from servicehall.core.jobs import work
from servicehall.core.roles import Role
from servicehall.reports.drafting import center_series
from servicehall.reports.layouts import shipped_definitions
from servicehall.reports.models import Issue, ReportSeries
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from servicehall.org.models import Center
    from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db


def issue_of(stored_id: int) -> Issue:
    return Issue.objects.select_related("series").get(pk=stored_id)


def found_issues(tree: Tree, key: str) -> set[int]:
    user = tree.login(key, Role.STAFF)
    return {h.passage.issue_id for h in search.search("咨询", user=user)[0] if h.passage.issue_id}


def test_a_countys_numbered_issue_is_its_own_series_beside_the_provinces(tree: Tree) -> None:
    county = tree.centers["county_a1"]
    provinces = store_report(SEED_2024_4)
    counties = store_report(SEED_2024_4, center=county)
    assert (provinces.kind, counties.kind) == ("issue", "issue")
    assert counties.created and counties.object_id != provinces.object_id
    mine, parents = issue_of(counties.object_id), issue_of(provinces.object_id)
    assert mine.series.center == county and mine.series.title == "窗口工作周报"
    assert (mine.year, mine.number, mine.serial) == (2024, 4, 475)
    assert center_series(tree.centers["province"]).filter(pk=parents.series_id).exists()
    assert not Issue.objects.filter(series=parents.series, pk=mine.pk).exists()
    # No clash and no 待核对 copy: each center's 2024-4 is its own.
    assert not PastDocument.objects.exists()
    # The county's series can draft its next week: the layout a shipped series has.
    layout = mine.series.current_layout()
    assert layout is not None
    assert layout.definition["sections"] == shipped_definitions()["窗口工作周报"]["sections"]
    assert center_series(county).get() == mine.series


def test_re_importing_is_idempotent_per_center(tree: Tree) -> None:
    county, sibling = tree.centers["county_a1"], tree.centers["county_a2"]
    first = store_report(SEED_2024_4, center=county)
    again = store_report(SEED_2024_4, center=county)
    siblings = store_report(SEED_2024_4, center=sibling)
    assert (again.created, again.object_id) == (False, first.object_id)
    assert siblings.created and issue_of(siblings.object_id).series.center == sibling
    assert Issue.objects.count() == 2
    assert ReportSeries.objects.filter(title="窗口工作周报", center=county).count() == 1


def test_a_countys_issue_is_found_in_its_archive_not_a_siblings(tree: Tree) -> None:
    counties = store_report(SEED_2024_4, center=tree.centers["county_a1"]).object_id
    assert counties in found_issues(tree, "county_a1")
    assert counties not in found_issues(tree, "county_a2")
    assert found_issues(tree, "city_b") == set()


def test_a_countys_import_is_reconciled_with_its_own_records(tree: Tree) -> None:
    # The province holds a 咨询 of the week (so 1291 is contradicted there); the county none.
    record_event(
        event_id="P1",
        kind="consult",
        occurred_at=dt.datetime(2024, 1, 23, 10),
        department=tree.departments["province"],
    )
    assert store_report(SEED_2024_4).kind == "disputed"
    assert store_report(SEED_2024_4, center=tree.centers["county_a1"]).kind == "issue"


def test_the_upload_page_imports_into_the_uploaders_center(client: Client, tree: Tree) -> None:
    client.force_login(tree.login("county_a1", Role.ADMIN))
    upload = SimpleUploadedFile(SEED_2024_4.name, SEED_2024_4.read_bytes())
    assert client.post("/archive/upload/", {"files": [upload]}).status_code == 302
    assert work(once=True) == 1
    (issue,) = Issue.objects.select_related("series")
    assert issue.series.center == tree.centers["county_a1"]


def test_the_command_imports_into_the_default_center(tree: Tree) -> None:
    call_command("import_report", str(SEED_2024_4), stdout=StringIO())
    (issue,) = Issue.objects.all()
    assert center_series(tree.centers["province"]).filter(pk=issue.series_id).exists()


def past_document(tmp_path: Path) -> Path:
    path = tmp_path / "通知.txt"
    path.write_text(
        "关于做好春节期间政务服务工作的通知\n\n各窗口：春节期间综窗咨询照常受理。\n",
        encoding="utf-8",
    )
    return path


def test_a_past_document_is_kept_once_per_center(tree: Tree, tmp_path: Path) -> None:
    path = past_document(tmp_path)
    county: Center = tree.centers["county_a1"]
    provinces = store_report(path)
    counties = store_report(path, center=county)
    again = store_report(path, center=county)
    assert (provinces.kind, counties.kind) == ("document", "document")
    assert counties.created and counties.object_id != provinces.object_id
    assert (again.created, again.object_id) == (False, counties.object_id)
    assert PastDocument.objects.get(pk=counties.object_id).center == county
    assert PastDocument.objects.get(pk=provinces.object_id).center == tree.centers["province"]

"""The archive is each center's (往期档案按中心): the search, the quantity chart and the documents
list of a county hold its own and its townships' reports, never its parent's or a sibling's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from servicehall.archive import search, trends
from servicehall.archive.models import PastDocument
from servicehall.core.roles import Role
from servicehall.gbt9704.document import Document, Paragraph, Run, Section, document_to_json
from servicehall.testing.factories import PastDocumentFactory

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db


def report_of(tree: Tree, key: str, accepted: int) -> PastDocument:
    name = tree.centers[key].short_name
    doc = Document(
        title=f"{name}政务服务月报",
        sections=[
            Section("一", "综窗办件", paragraphs=[Paragraph([Run(f"本月受理{accepted}件。")])])
        ],
    )
    past: PastDocument = PastDocumentFactory(
        center=tree.centers[key], title=doc.title, document=document_to_json(doc)
    )
    search.index_document(past)
    return past


@pytest.fixture
def reports(tree: Tree) -> dict[str, PastDocument]:
    return {key: report_of(tree, key, 100 + n) for n, key in enumerate(tree.centers)}


def test_a_county_finds_and_charts_its_subtrees_reports_only(
    client: Client, tree: Tree, reports: dict[str, PastDocument]
) -> None:
    county = tree.login("county_a1", Role.STAFF)
    found = {hit.passage.document_id for hit in search.search("受理", user=county)[0]}
    assert found == {reports["county_a1"].pk, reports["town_a1"].pk}
    charted = trends.fact_points("受理", "件", user=county)
    assert sorted(int(v) for p in charted for v in p.values) == [
        100 + list(tree.centers).index("county_a1"),
        100 + list(tree.centers).index("town_a1"),
    ]
    client.force_login(county)
    page = client.get("/archive/search/", {"q": "受理"}).content.decode()
    chart = client.get("/archive/facts/", {"label": "受理", "unit": "件"}).content.decode()
    documents = client.get("/archive/documents/").content.decode()
    for n, (key, past) in enumerate(reports.items()):
        shown = key in tree.below("county_a1")
        assert (f"受理{100 + n}件" in page.replace("<mark>", "").replace("</mark>", "")) is shown
        assert (past.title in chart) is shown, key
        assert (past.title in documents) is shown, key
    # The province reads every one; the command line (no login) too.
    province = tree.login("province", Role.LEADER)
    assert search.search("受理", user=province)[1] == len(reports)
    assert search.search("受理")[1] == len(reports)

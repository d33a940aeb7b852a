"""docs/gbt9704.md lists every check of the audit with the clause it cites: the table and the
audit's output for each masthead form (and an issue without 版记) are the same set of rows, so a
check added, renamed or re-numbered in ``audit.py`` shows here until the table says so too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servicehall.gbt9704.audit import REPORT_FORMS, Clause, audit_pdf
from servicehall.gbt9704.pdf import render_pdf
from servicehall.testing.documents import document_2024_4

DOC = Path(__file__).resolve().parents[3] / "docs" / "gbt9704.md"
FORMS = ("briefing", "file", "title_first", "issuer_first")
# GB/T 9704-2012's clauses, as its table of contents numbers them (5.1 幅面尺寸 … 7.5 页码).
STANDARD_CLAUSES = {
    "5.1", "5.2.1", "5.2.2", "5.2.3", "6.1", "6.3", "7.2.4", "7.2.5", "7.2.7", "7.3.1",
    "7.3.3", "7.3.5.2", "7.4", "7.4.1", "7.4.2", "7.4.3", "7.5",
}  # fmt: skip


def documented() -> set[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- audit-table -->")[1].split("<!-- /audit-table -->")[0]
    lines = [line for line in table.splitlines() if line.startswith("|")][2:]  # no header
    rows = [line.split("|")[1:3] for line in lines]
    return {(clause.strip(), item.strip()) for clause, item in rows}


@pytest.fixture(scope="module")
def by_form() -> dict[str, list[Clause]]:
    """The audit of 2024-4 in each masthead form, and of an issue without 版记 ("bare")."""
    found = {}
    for form in FORMS:
        doc = document_2024_4()
        doc.masthead, doc.file_code = form, "川政服"
        found[form] = audit_pdf(doc, render_pdf(doc))
    bare = document_2024_4()
    bare.copies, bare.distribution = None, {}
    found["bare"] = audit_pdf(bare, render_pdf(bare))
    return found


@pytest.fixture(scope="module")
def audited(by_form: dict[str, list[Clause]]) -> set[tuple[str, str]]:
    return {(c.clause, c.item) for clauses in by_form.values() for c in clauses}


def test_the_docs_table_lists_every_check_of_the_audit_and_no_other(
    audited: set[tuple[str, str]],
) -> None:
    assert documented() == audited


def test_every_clause_cited_is_one_of_the_standards_or_marked_as_not(
    audited: set[tuple[str, str]],
) -> None:
    for clause, item in audited:
        numbers = re.sub(r"^参照", "", clause).split("、")
        assert clause == "—" or set(numbers) <= STANDARD_CLAUSES, (clause, item)


# The tolerances GB/T 9704-2012 gives, and where: 5.2.1 "天头…37mm±1mm，…订口…28mm±1mm",
# 6.1 "版心不斜，误差不超过1mm", 6.3 "裁切后的成品尺寸允许误差±2mm".
STANDARD_TOLERANCES = {"5.2.1": "±1 mm", "6.1": "±1 mm", "6.3": "±2 mm"}
NOT_THE_STANDARDS = ("本系统", "标准未给允差", "标准之外", "计数，无允差", "推荐值，不作允差")


def test_every_tolerance_is_the_standards_with_its_clause_or_says_it_is_not(
    by_form: dict[str, list[Clause]],
) -> None:
    """A tolerance in millimetres is one the standard gives, with the clause that gives it;
    every other says it is this system's reading rule, a count, or outside the standard."""
    for clauses in by_form.values():
        for c in clauses:
            cited = re.findall(r"（(\d+(?:\.\d+)+)", c.tolerance)
            if "±" in c.tolerance:
                [number] = cited
                assert c.tolerance.startswith(STANDARD_TOLERANCES[number]), c
            else:
                assert any(words in c.tolerance for words in NOT_THE_STANDARDS), c
                assert set(cited) <= STANDARD_CLAUSES, c


@pytest.mark.parametrize("form", FORMS)
def test_each_masthead_form_is_checked_by_its_own_clause_and_passes(
    by_form: dict[str, list[Clause]], form: str
) -> None:
    """The 红头 file form by 7.2.4, 7.2.5, 7.2.7 (the rule's place and its length) and 7.3.5.2
    (and no 简报 row); each 简报 form by the one 报头 row naming it, its rule's length by
    "参照7.2.7" (and none of 7.2's own)."""
    clauses = by_form[form]
    masthead = [c for c in clauses if c.item.startswith("报头") or c.clause.startswith("7.2.")]
    signature = [c for c in clauses if c.clause == "7.3.5.2"]
    if form == "file":
        assert sorted((c.clause, c.item) for c in masthead) == [
            ("7.2.4", "发文机关标志位置"),
            ("7.2.5", "发文字号"),
            ("7.2.7", "发文字号下分隔线"),
            ("7.2.7", "红色分隔线"),
        ]
        assert len(signature) == 1
    else:
        assert [c.item for c in masthead] == [f"报头（{REPORT_FORMS[form][0]}）"]
        assert signature == []
    assert all(c.ok for c in masthead + signature), masthead + signature
    assert [c.item for c in clauses if not c.ok] == []

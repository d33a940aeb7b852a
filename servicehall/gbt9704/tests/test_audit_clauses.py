"""docs/gbt9704.md lists every check of the audit with the clause it cites: the table and the
audit's output for each masthead form (and an issue without 版记) are the same set of rows, so a
check added, renamed or re-numbered in ``audit.py`` shows here until the table says so too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servicehall.gbt9704.audit import audit_pdf
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
def audited() -> set[tuple[str, str]]:
    found = set()
    for form in FORMS:
        doc = document_2024_4()
        doc.masthead, doc.file_code = form, "川政服"
        found |= {(c.clause, c.item) for c in audit_pdf(doc, render_pdf(doc))}
    bare = document_2024_4()
    bare.copies, bare.distribution = None, {}
    found |= {(c.clause, c.item) for c in audit_pdf(bare, render_pdf(bare))}
    return found


def test_the_docs_table_lists_every_check_of_the_audit_and_no_other(audited):
    assert documented() == audited


def test_every_clause_cited_is_one_of_the_standards_or_marked_as_not(audited):
    for clause, item in audited:
        numbers = re.sub(r"^参照", "", clause).split("、")
        assert clause == "—" or set(numbers) <= STANDARD_CLAUSES, (clause, item)

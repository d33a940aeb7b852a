"""The GB/T 9704 audit of an issue (版式核查): its frozen PDF if published, else a fresh one."""

from __future__ import annotations

from servicehall.gbt9704 import render
from servicehall.gbt9704.audit import Clause, audit_pdf
from servicehall.gbt9704.document import document_from_json
from servicehall.reports.models import Issue


def issue_pdf(issue: Issue) -> bytes:
    """The PDF the audit measures: the stored one of a published issue, else rendered now
    (and not stored: an audit never freezes an imported issue's first PDF)."""
    stored = issue.files.filter(format="pdf").first()
    if stored is not None:
        return bytes(stored.content)
    return render(document_from_json(issue.document), "pdf")


def audit_issue(issue: Issue) -> list[Clause]:
    """Every clause of the audit, measured on the issue's PDF."""
    return audit_pdf(document_from_json(issue.document), issue_pdf(issue))

"""A year of demo issues through the GB/T 9704 audit: ``python -m servicehall.bench.audit``.

Drafts every working week the demo data covers (2023-01-04 … 2024-02-07) in both shipped
series, renders each to PDF and audits it; prints the pages and every failing clause. Run it on
a database holding ``servicehall demo`` (the default SQLite file, or ``DATABASE_URL``).
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import time

FIRST, LAST = dt.date(2023, 1, 4), dt.date(2024, 2, 7)
SERIES = ("窗口工作周报", "政务服务工作")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    import django

    django.setup()
    from django.db import transaction

    from servicehall.core.context import acting_as
    from servicehall.gbt9704.audit import audit_pdf
    from servicehall.gbt9704.document import document_from_json
    from servicehall.gbt9704.pdf import pdf_pages, render_pdf
    from servicehall.reports.drafting import draft_issue, find_series

    pages: collections.Counter[int] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    audited, start = 0, time.perf_counter()
    with acting_as(None, source="command"):
        for title in SERIES:
            day = FIRST
            while day <= LAST:
                with transaction.atomic():  # the drafts are measured, then left out
                    issue = draft_issue(find_series(title), day)
                    doc = document_from_json(issue.document)
                    transaction.set_rollback(True)
                pdf = render_pdf(doc)
                pages[len(pdf_pages(pdf))] += 1
                for clause in audit_pdf(doc, pdf):
                    if not clause.ok:
                        failures[f"{clause.clause} {clause.item}"] += 1
                        print(f"{title} {day}: {clause.item} — {clause.measured}")
                audited += 1
                day += dt.timedelta(days=7)
    shown = "、".join(f"{n} 页 {c} 期" for n, c in sorted(pages.items()))
    print(
        f"{audited} issues audited ({shown}) in {time.perf_counter() - start:.0f} s; "
        f"failing clauses: {dict(failures) or 'none'}"
    )


if __name__ == "__main__":
    main()

"""In a real browser (Debian's Chromium): a 待核对 import is resolved from its page with a
reason, and the archive's trend never drew it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from servicehall.accounts.models import User

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_waiting_import_is_taken_as_an_erratum_from_its_page(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    center_admin: User,
    tmp_path: Path,
) -> None:
    from servicehall.archive.models import PastDocument
    from servicehall.archive.services import store_report
    from servicehall.reports.models import Issue
    from servicehall.testing.seeds import SEED_2024_4

    issue = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    changed = tmp_path / "2024-4-changed.txt"
    changed.write_text(
        SEED_2024_4.read_text(encoding="utf-8").replace("咨询 1291 人次", "咨询 1292 人次"),
        encoding="utf-8",
    )
    candidate = PastDocument.objects.get(pk=store_report(changed).object_id)
    page = browser_page
    seen = watch(page, live_server.url)
    sign_in(page, live_server.url, center_admin.username)

    # The trend of 咨询 draws one point: the issue's, not the waiting file's beside it.
    page.goto(f"{live_server.url}/archive/facts/?label=咨询&unit=人次")
    rows = page.locator("#fact-points tbody tr")
    assert rows.count() == 1 and str(issue) in rows.first.inner_text()
    assert "1292" not in page.inner_text("#fact-points")

    page.goto(f"{live_server.url}/archive/documents/{candidate.pk}/")
    assert "待核对" in page.inner_text("#pending")
    form = page.locator("form.resolve").first
    form.locator("input[name=reason]").fill("纸质原件为1292人次")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/reports/*/")
    assert "已采用" in page.inner_text("body")
    erratum = Issue.objects.get(corrects=issue)
    assert page.url.endswith(f"/reports/{erratum.pk}/")
    assert erratum.figures["window.week.consult"] == 1292
    assert not PastDocument.objects.filter(pk=candidate.pk).exists()
    assert seen.errors == [] and seen.outside == []

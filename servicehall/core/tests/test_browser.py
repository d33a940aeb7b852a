"""In a real browser: a clerk registers a consultation and sees it on the dashboard's chart."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from servicehall.accounts.models import User
from servicehall.cases.models import CaseEvent
from servicehall.org.models import Center
from servicehall.testing.browser import close_loop_connections, publish_in_browser, sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOT = "/tmp/servicehall-dashboard.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page() -> Iterator[Page]:
    from playwright import sync_api

    # make test installs Debian's Chromium; its absence is a broken set-up, not a skip.
    assert os.path.exists("/usr/bin/chromium"), (
        "Debian's Chromium is not installed (apt-get install chromium)"
    )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 1000}, locale="zh-CN")
        yield page
        close_loop_connections()  # while the loop runs: the connections it holds
        browser.close()


@pytest.mark.browser
# serialized_rollback: the flush after a transactional test must not take the shipped series with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_clerk_registers_a_consultation_and_sees_it_on_the_dashboard(
    live_server: LiveServer, browser_page: Page, clerk: User
) -> None:
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside

    sign_in(page, live_server.url, "clerk")
    assert page.inner_text("[data-kind=consult] .count") == "0"

    page.click("text=综窗登记")
    page.check("#window-form input[name=kind][value=consult]")
    page.click("#window-form button[type=submit]")
    page.wait_for_selector("text=已登记咨询")
    assert "咨询" in page.inner_text("#events-today")

    page.click("text=首页")
    page.wait_for_selector("#trend-chart canvas")
    assert page.inner_text("[data-kind=consult] .count") == "1"
    assert page.inner_text("[data-kind=consult] .ytd-count") == "1"
    width = page.eval_on_selector("#trend-chart canvas", "c => c.width")
    assert width > 300
    page.wait_for_timeout(1500)  # let the line animation finish before the picture
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert errors == []
    assert outside == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_issue_is_drafted_edited_approved_and_published_in_the_browser(
    live_server: LiveServer,
    browser_page: Page,
    center_admin: User,
    leader: User,
    week_records: CaseEvent,
) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def log_in(user: User) -> None:
        sign_in(page, live_server.url, user.username)

    log_in(center_admin)
    page.goto(f"{live_server.url}/reports/")
    page.select_option("select#series", label="窗口工作周报")
    page.fill("input#week", "2024-01-24")
    page.click("text=生成草稿")
    page.wait_for_selector("text=内容与数据来源")
    # The first 修改 link opens the paragraph's editor in place (htmx), saving reloads the page.
    # Only 综窗改革攻坚行动 has content that week: the empty sections are left out.
    page.click("#para-0-0-0 >> text=修改")
    page.wait_for_selector("#para-0-0-0 textarea")
    page.fill("#para-0-0-0 textarea", "本周**咨询**办件情况平稳。")
    page.click("#para-0-0-0 >> text=保存")
    page.wait_for_selector("text=本周咨询办件情况平稳。")
    assert page.inner_text("#para-0-0-0 strong") == "咨询"
    assert "本周咨询办件情况平稳。" in page.inner_text(".report-preview")
    issue_url = page.url
    page.click("text=提交审核")
    page.wait_for_selector("text=待审核")

    log_in(leader)
    page.goto(issue_url)
    page.fill("input[name=note]", "同意印发")
    page.click("text=审核通过")
    page.wait_for_selector("text=已审核")

    log_in(center_admin)
    page.goto(issue_url)
    page.fill("input[name=issue_date]", "2024-02-08")
    publish_in_browser(page)  # the worker renders, audits and publishes; the job page shows it
    page.wait_for_selector("text=定稿文件", timeout=60_000)
    assert "2024年第1期（总第1期）" in page.inner_text("h1")
    # Frozen: no editing links any more (the "已修改" mark of an edited paragraph stays).
    assert page.locator(".report-edit a[hx-get]").count() == 0
    with page.expect_download() as download:
        page.click("a.button >> text=DOCX")
    assert download.value.suggested_filename.endswith(".docx")
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_events_file_uploaded_in_the_browser_is_imported_by_the_worker_as_the_page_watches(
    live_server: LiveServer,
    browser_page: Page,
    center_admin: User,
    center: Center,
    tmp_path: Path,
) -> None:
    import threading

    from django.db import connections

    from servicehall.core.jobs import work
    from servicehall.org.models import Window

    # The upload is strict: the window the rows name is in the register (咨询 need no 办理项).
    Window.objects.create(
        center=center, code="A01", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on="2020-01-01"
    )

    rows = "".join(
        f"E{i},C{i},咨询,2024-01-22T09:{i % 60:02d}:00,公安厅,,A01,张三\n" for i in range(120)
    )
    events = tmp_path / "week4.csv"
    events.write_text(
        "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n" + rows,
        encoding="utf-8",
    )
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, center_admin.username)
    page.goto(f"{live_server.url}/cases/import/")
    page.set_input_files("#id_file", str(events))
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("text=等待后台进程")
    url = page.url

    def worker_run() -> None:
        try:
            work(once=True)
        finally:
            connections.close_all()  # the thread's own connection, or teardown cannot drop the db

    worker = threading.Thread(target=worker_run)
    worker.start()
    worker.join(timeout=300)  # a loaded machine (issue 24)
    # The page was not reloaded: its polling fragment replaced itself with the result.
    page.wait_for_selector("#import-result", timeout=60_000)
    assert page.url == url
    assert "共 120 行，新增 120 条，已存在 0 条" in page.inner_text("#import-result")
    assert "已完成" in page.inner_text("#job-status")
    assert errors == []

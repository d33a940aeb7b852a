"""The center admin keeps the staff, the 一单一图一表 and the platform figures in a real browser
(Debian's Chromium) at a phone's width (390 px): each page answers without a script error,
nothing leaves 127.0.0.1, no page is wider than the screen (wide tables scroll in their own
box), and a screenshot of each is kept for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from servicehall.accounts.models import User
from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.core.tests.test_browser_roles import PHONE, SCREENS
from servicehall.org.models import Department
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import FilePayload, Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIGURES = (
    "day,item_kind,accepted,completed\n2024-01-22,行政许可,120,98\n2024-01-22,公共服务,45,45\n"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_center_admin_keeps_the_registers_at_a_phones_width(
    live_server: LiveServer,
    browser_page: Page,  # noqa: F811
    center_admin: User,
    police: Department,
    settings: Settings,
    tmp_path: Path,
) -> None:
    from servicehall.catalog.models import ItemKind, ItemSpecVersion, ServiceItem
    from servicehall.core.jobs import work
    from servicehall.journal.models import PlatformDailyCount
    from servicehall.org.models import Staff, StaffAssignment, Window

    settings.MEDIA_ROOT = tmp_path / "media"
    window = Window.objects.create(
        center=police.center,
        code="A01",
        kind=Window.Kind.COMPREHENSIVE_ACCEPT,
        opened_on=dt.date(2020, 1, 1),
    )
    zhang = Staff.objects.create(center=police.center, name="张三", staff_no="Z001")
    StaffAssignment.objects.create(staff=zhang, window=window, started_on=dt.date(2023, 1, 1))
    item = ServiceItem.objects.create(
        department=police, code="GA-001", name="普通护照签发", kind=ItemKind.LICENSE
    )
    page = browser_page
    seen = watch(page, live_server.url)
    errors, outside = seen.errors, seen.outside
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, center_admin.username)
    folder = SCREENS / "registers"
    folder.mkdir(parents=True, exist_ok=True)
    widths: dict[str, int] = {}

    def shot(name: str) -> None:
        body = page.inner_text("main")
        assert "Traceback" not in body and "Server Error" not in body, name
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    # 工作人员: the list from the menu, then the person's page with the window stint.
    page.click("nav[aria-label=主菜单] >> text=工作人员")
    assert "A01" in page.inner_text("main")
    shot("01-工作人员")
    page.click("text=编辑")
    page.fill("#id_assignments-0-ended_on", "2024-08-01")
    shot("02-工作人员编辑")
    page.click("button:has-text('保存')")
    assert "已保存工作人员" in page.inner_text("main")
    assert StaffAssignment.objects.get().ended_on == dt.date(2024, 8, 1)

    # 一单一图一表: the list, the item, a new version uploaded and listed with its download.
    page.click("nav[aria-label=主菜单] >> text=一单一图一表")
    shot("03-一单一图一表")
    page.click("text=版本与附件")
    page.select_option("#id_part", "map")
    page.fill("#id_effective_on", "2024-03-01")
    spec_file: FilePayload = {"name": "图谱.pdf", "mimeType": "application/pdf", "buffer": PDF}
    page.set_input_files("#id_file", files=[spec_file])
    page.click("button:has-text('上传')")
    assert "已上传普通护照签发 运行图谱 v1" in page.inner_text("main")
    assert ItemSpecVersion.objects.get(service_item=item).part == "map"
    shot("04-一单一图一表事项")
    with page.expect_download() as download:
        page.click("a[href*='/catalog/specs/files/']")
    assert download.value.suggested_filename == "GA-001-运行图谱-v1.pdf"

    # 平台数据导入: the file, the job run by a worker, its page listing what was added.
    page.click("nav[aria-label=主菜单] >> text=平台数据导入")
    shot("05-平台数据导入")
    figures_file: FilePayload = {
        "name": "平台.csv",
        "mimeType": "text/csv",
        "buffer": FIGURES.encode(),
    }
    page.set_input_files("#id_file", files=[figures_file])
    page.click("button:has-text('导入')")
    page.wait_for_url(f"{live_server.url}/jobs/*/")
    assert work(once=True) == 1
    page.reload()
    page.wait_for_selector("#import-result")
    assert "新增 2 条，更新 0 条，未变 0 条" in page.inner_text("#import-result")
    shot("06-平台数据导入结果")
    assert PlatformDailyCount.objects.count() == 2
    page.click("nav[aria-label=主菜单] >> text=平台数据导入")
    page.click("text=查看平台办件统计")
    shot("07-平台办件统计")

    assert widths == dict.fromkeys(widths, PHONE["width"]), widths
    assert errors == [] and outside == []

"""Issue 22's Done-when walked on the demo in a real browser (Debian's Chromium), as a demanding
leader: after `servicehall demo` the province's leader opens 考核指标 on the last full month
(January 2024) with numbers in it (当天办结率 too), opens 按时办结率's 超期件 — each naming the
stage that made it late — and exports both; the files hold what the pages show. Then 成都's
admin reads its city 本级 and 本级及下级, and 双流区 its county, each with its own cases and
ratings counted: the page's numbers are `servicehall indicators --json`'s, each value its
numerator over its denominator (SPEC.md).

The JSON is taken before the browser's first step (the demo is served from this test's
connection on SQLite: see ``test_browser_network_walk``)."""

from __future__ import annotations

import io
import json
import os
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.core.tests.test_browser_demo import demo_site  # noqa: F401  (the fixture)
from servicehall.demo.people import DEMO_PASSWORD
from servicehall.org.models import Center
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Download, Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROWS = """() => Array.from(document.querySelectorAll("#indicators tbody tr")).map(r => [
  r.dataset.key, ...Array.from(r.cells).map(c => c.innerText.trim().split("\\n")[0])])"""
# Indicators the demo's January must give a number other than 0.
NON_ZERO = [
    "on_time_rate", "overdue_completed", "same_day_rate", "immediate_share", "time_limit_compression",
    "handling_days_mean", "handling_days_p90", "at_most_once_share", "zero_visit_share",
    "fully_online_rate", "online_case_share", "active_rating_rate", "good_rating_rate",
    "rating_mean_score", "bad_rectified_on_time_rate", "real_name_bad_revisit_rate",
    "stationed_rate", "authorized_rate",
]  # fmt: skip
# What a city's and a county's registers give (their 办理项 and departments), and what their
# own cases and ratings give (the cases the network's 受理 events open, docs/demo.md).
ITEM_KEYS = ["immediate_share", "at_most_once_share", "stationed_rate"]
CASE_KEYS = [
    "on_time_rate", "same_day_rate", "handling_days_mean", "online_case_share",
    "active_rating_rate", "good_rating_rate", "rating_mean_score",
]  # fmt: skip


def indicators_json(*args: str) -> dict[str, dict[str, Any]]:
    out = StringIO()
    call_command(
        "indicators", "--from", "2024-01-01", "--to", "2024-01-31", "--json", *args, stdout=out
    )
    found: dict[str, dict[str, Any]] = json.loads(out.getvalue())  # JSON: an entry per indicator
    return found


# Counted in whole units, printed without places (the rest print two: 100.00%, 11.10 工作日).
WHOLE = {"overdue_completed", "handling_days_p90"}


def shown(key: str, value: float | None, unit: str) -> str:
    """A value as the page prints it (a JSON or Excel number: 100, 100.0 or 99.5)."""
    if value is None:
        return "—"
    text = str(int(value)) if key in WHOLE else f"{Decimal(str(value)):.2f}"
    return {"%": f"{text}%", "件": f"{text}件", "工作日": f"{text} 工作日", "分": f"{text}分"}[unit]


def is_ratio(entry: dict[str, Any]) -> bool:
    """SPEC.md: the value is the numerator over the denominator (×100 for %), two places."""
    numerator, denominator, value = entry["numerator"], entry["denominator"], entry["value"]
    if denominator is None:
        return bool(value == numerator)
    if denominator == 0:
        return value is None
    ratio = Decimal(numerator) / Decimal(denominator) * (100 if entry["unit"] == "%" else 1)
    return Decimal(str(value)) == ratio.quantize(Decimal("0.01"), ROUND_HALF_UP)


def read_xlsx(download: Download) -> list[tuple[Any, ...]]:  # cells of any kind
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.browser
@pytest.mark.django_db
def test_a_leader_walks_the_indicators_of_the_demo_and_the_json_agrees(
    demo_site: str,  # noqa: F811
    browser_page: Page,  # noqa: F811
) -> None:
    ids = {c.short_name: c.pk for c in Center.objects.all()}
    scopes = {
        "成都（本级）": (("--center", "成都市中心"), f"center={ids['成都市中心']}"),
        "成都（本级及下级）": (
            ("--center", "成都市中心", "--with-children"),
            f"center={ids['成都市中心']}&with_children=1",
        ),
        "双流区（本级）": (("--center", "双流区中心"), f"center={ids['双流区中心']}"),
    }
    expected = {name: indicators_json(*args) for name, (args, _) in scopes.items()}
    for name, found in expected.items():
        assert all(is_ratio(entry) for entry in found.values()), name
        for key in ITEM_KEYS:
            assert found[key]["denominator"], (name, key)
        for key in CASE_KEYS:
            assert found[key]["denominator"] and found[key]["value"], (name, key)
    page = browser_page
    seen = watch(page, demo_site)

    # 1. The province's leader: January 2024, numbers in it.
    sign_in(page, demo_site, "leader", DEMO_PASSWORD)
    page.click("nav >> text=考核指标")
    assert "2024年1月1日—2024年1月31日" in page.inner_text("main")
    rows = {row[0]: row[1:] for row in page.evaluate(ROWS)}
    for key in NON_ZERO:
        value = rows[key][1]
        assert value != "—" and Decimal(value.rstrip("%件分 工作日")) != 0, key
    late = int(rows["overdue_completed"][2])
    on_time, completed = int(rows["on_time_rate"][2]), int(rows["on_time_rate"][3])
    assert late == completed - on_time > 0

    # … exported: the file's rows are the page's, number for number.
    with page.expect_download() as download:
        page.click("#export")
    assert download.value.suggested_filename == "考核指标_2024-01-01_2024-01-31.xlsx"
    table = read_xlsx(download.value)
    assert table[0][:7] == ("维度", "对象", "指标", "数值", "单位", "分子", "分母")
    assert [r[2] for r in table[1:]] == [rows[key][0] for key in rows]
    for line, key in zip(table[1:], rows, strict=True):
        _label, value, numerator, denominator = rows[key][:4]
        assert shown(key, line[3], line[4]) == value, key
        assert str(line[5]) == numerator and (str(line[6]) if line[6] is not None else "—") == (
            denominator
        ), key

    # 2. 按时办结率's late cases, each with the stage that made it late.
    page.click("#indicators tr[data-key=on_time_rate] a.rest")
    assert page.inner_text("h1") == "按时办结率：超期件的办件"
    assert f"共 {late} 件" in page.inner_text(".pagination")
    stages = page.eval_on_selector_all("#cases tbody td.late-stage", "e => e.map(x => x.innerText)")
    assert len(stages) == 50 and all("用时" in s and "应分" in s for s in stages)
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename == "按时办结率_超期件_2024-01-01_2024-01-31.xlsx"
    cases = read_xlsx(download.value)
    assert cases[0][-1] == "延误环节" and len(cases) == late + 1
    assert all(row[-1] and "用时" in row[-1] for row in cases[1:])
    first = page.eval_on_selector_all("#cases tbody tr", "e => e.map(x => x.dataset.case)")
    assert [row[0] for row in cases[1:51]] == first

    # 3. A city, 本级 and 本级及下级, and a county: the page's numbers are the JSON's.
    for login, names in (
        ("city_admin", ["成都（本级）", "成都（本级及下级）"]),
        ("county_clerk", []),  # a clerk has no 考核指标: only leaders and admins
        ("province_leader", ["双流区（本级）"]),
    ):
        sign_in(page, demo_site, login, DEMO_PASSWORD)
        if not names:
            assert page.locator("nav >> text=考核指标").count() == 0
        for name in names:
            page.goto(f"{demo_site}/indicators/?from=2024-01-01&to=2024-01-31&{scopes[name][1]}")
            shown_rows = {row[0]: row[1:] for row in page.evaluate(ROWS)}
            assert list(shown_rows) == list(expected[name]), name
            assert all(shown_rows[key][1] not in ("—", "0.00%") for key in CASE_KEYS), name
            for key, entry in expected[name].items():
                numerator = "—" if entry["numerator"] is None else str(entry["numerator"])
                denominator = "—" if entry["denominator"] is None else str(entry["denominator"])
                assert shown_rows[key][1:4] == [
                    shown(key, entry["value"], entry["unit"]),
                    numerator,
                    denominator,
                ], (name, key)
    assert seen.errors == [] and seen.outside == []

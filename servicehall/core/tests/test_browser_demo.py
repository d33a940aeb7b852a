"""In a real browser, on the demo data set: the leader's home page opens on the latest week with
work, every count non-zero, a year of weekly points on its chart, and the chart's table shows
the same numbers; the trend page's line reaches each of the demo's published issues.

The demo is committed to the session's test database (``demo_db``) and must outlive this
test, so the test runs in an ordinary (rolled-back) transaction and serves the pages from its
own server thread: pytest-django's ``live_server`` would make it a transactional test and flush
the demo away afterwards. On SQLite's in-memory test database the thread shares the test's
connection, as Django's LiveServerTestCase does; on PostgreSQL it reads the committed demo.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django import Settings

from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.demo.loader import LoadResult
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The chart's option as ECharts holds it: what the reader sees drawn.
CHART_OPTION = """id => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  const option = chart.getOption();
  return {
    x: option.xAxis[0].data,
    animation: option.animation,
    series: option.series.map(s => ({name: s.name, data: s.data})),
  };
}"""

# Every point of the first line, placed by ECharts inside the plotting grid.
POINTS_DRAWN = """id => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  const data = chart.getOption().series[0].data;
  return data.map((v, i) => {
    const at = chart.convertToPixel({seriesIndex: 0}, [i, v]);
    return at !== undefined && chart.containPixel("grid", at);
  });
}"""

TABLE_CELLS = """id => Array.from(document.querySelectorAll("#" + id + " tbody tr")).map(
  tr => Array.from(tr.cells).map(td => td.textContent.trim()))"""


@pytest.fixture
def demo_site(demo_db: LoadResult, db: None, settings: Settings) -> Iterator[str]:
    """The demo hall served on 127.0.0.1 from a thread of this test (its base URL)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
    from django.test.testcases import LiveServerThread

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    shared: dict[str, BaseDatabaseWrapper] = {
        conn.alias: conn
        for conn in connections.all()
        if isinstance(conn, SQLiteWrapper) and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()


@pytest.mark.browser
@pytest.mark.django_db
def test_the_leader_sees_a_year_of_weeks_on_the_demo_and_the_tables_agree(
    demo_site: str,
    browser_page: Page,  # noqa: F811
) -> None:
    from servicehall.demo.people import DEMO_PASSWORD

    page = browser_page
    seen = watch(page, demo_site)
    errors, outside = seen.errors, seen.outside
    sign_in(page, demo_site, "leader", DEMO_PASSWORD)

    # It opens on the last week with work (2024-02-05 … 09): every card counts something.
    assert "2024年2月9日所在周" in page.inner_text("#opening-notice")
    weeks = [
        int(x) for x in page.eval_on_selector_all(".card .count", "e => e.map(x => x.textContent)")
    ]
    ytds = [
        int(x)
        for x in page.eval_on_selector_all(".card .ytd-count", "e => e.map(x => x.textContent)")
    ]
    assert len(weeks) == 5 and min(weeks) > 0 and min(ytds) > 0

    page.wait_for_selector("#weekly-chart canvas")
    chart = page.evaluate(CHART_OPTION, "weekly-chart")
    assert len(chart["x"]) >= 52
    assert [s["name"] for s in chart["series"]] == ["咨询", "受理", "流转", "颁发", "办结"]
    consult = chart["series"][0]["data"]
    assert len(consult) == len(chart["x"]) and sum(1 for n in consult if n > 0) >= 52
    assert chart["x"][-1] == "2024-02-05"

    page.click("button[data-table-toggle=table-weekly]")
    assert page.is_visible("#table-weekly")
    rows = page.evaluate(TABLE_CELLS, "table-weekly")
    assert len(rows) == len(chart["x"])
    for i, row in enumerate(rows):
        assert row[0].startswith(chart["x"][i])
        assert [int(c) for c in row[1:]] == [s["data"][i] for s in chart["series"]]
    page.click("button[data-table-toggle=table-weekly]")
    assert not page.is_visible("#table-weekly")

    # The trend page: one point per published issue, each on the line, and the table agrees.
    page.goto(f"{demo_site}/reports/trends/?key=window.week.consult")
    page.wait_for_selector("#trend-chart canvas")
    trend = page.evaluate(CHART_OPTION, "trend-chart")
    assert trend["animation"] is False  # drawn whole at once: no line stopping short
    assert len(trend["x"]) == 55 and trend["x"][0] == "2023-1" and trend["x"][-1] == "2024-4"
    values = trend["series"][0]["data"]
    assert None not in values and values[trend["x"].index("2024-4")] == 1291
    assert values[trend["x"].index("2023-9")] == 815
    assert all(page.evaluate(POINTS_DRAWN, "trend-chart"))
    last_year = trend["series"][1]
    assert last_year["name"] == "去年同期"
    assert last_year["data"][trend["x"].index("2024-1")] == values[trend["x"].index("2023-1")]
    page.click("button[data-table-toggle=table-trend]")
    rows = page.evaluate(TABLE_CELLS, "table-trend")
    assert [r[0] for r in rows] == trend["x"]
    assert [int(r[3]) for r in rows] == values
    with page.expect_download() as download:
        page.click("#table-trend-panel >> text=导出 CSV")
    assert download.value.suggested_filename.endswith(".csv")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert exported[-1].startswith("2024-4,窗口工作周报,2024-01-22—2024-01-26,1291,")
    assert errors == [] and outside == []

"""Leaders see what waits for them (待审核): the home page's panel, the menu's count, the
approval screen with the checks and the differences from last week, and data-source links that
open the records in the app."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicehall.archive.services import store_report
from servicehall.catalog.models import ItemKind
from servicehall.core.periods import Period
from servicehall.figures.registry import FIGURES
from servicehall.reports import corrections
from servicehall.reports.comparison import text_diff
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.reports.waiting import queues, waiting_count
from servicehall.reports.workflow import approve, send_back, submit
from servicehall.testing.factories import PlatformDailyCountFactory
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db


@pytest.fixture
def weeks(center: Center, center_admin: User, leader: User) -> tuple[Issue, Issue]:
    """2024年第4期 as imported (published) and the next week's draft, submitted (after the
    leader's role was granted: four eyes ask for that order)."""
    published = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    following = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 31))
    submit(following, center_admin)
    return published, following


def menu_badge(html: str, label: str = "待审核") -> str | None:
    match = re.search(rf">{label}(?: <span[^>]*menu-count[^>]*>(\d+)</span>)?</a>", html)
    assert match is not None, f"no menu entry {label}"
    return match.group(1)


def test_the_leader_finds_the_submitted_issue_on_the_home_page_and_in_the_menu(
    client: Client, weeks: tuple[Issue, Issue], leader: User, clerk: User
) -> None:
    _, following = weeks
    client.force_login(leader)
    home = client.get("/").content.decode()
    assert 'id="review-waiting"' in home
    assert f'href="/reports/{following.pk}/review/"' in home
    assert "待审核（1）" in home
    assert menu_badge(home) == "1"
    waiting = client.get("/reports/waiting/").content.decode()
    assert f"/reports/{following.pk}/review/" in waiting
    # Nobody else's business: a clerk has neither the panel nor the entry nor the page.
    client.force_login(clerk)
    home = client.get("/").content.decode()
    assert 'id="review-waiting"' not in home and ">待审核" not in home
    assert client.get("/reports/waiting/").status_code == 403


def test_the_admin_sees_what_was_sent_back_with_the_note_and_what_awaits_publication(
    client: Client, weeks: tuple[Issue, Issue], center_admin: User, leader: User
) -> None:
    _, following = weeks
    client.force_login(center_admin)
    home = client.get("/").content.decode()
    assert "待领导审核（1）" in home and menu_badge(home) is None  # the leader's step, not mine
    send_back(following, leader, "本周动态缺少公安厅的内容")
    home = client.get("/").content.decode()
    assert "被退回修改（1）" in home and "本周动态缺少公安厅的内容" in home
    assert menu_badge(home) == "1"
    submit(following, center_admin)
    approve(following, leader, "同意")
    home = client.get("/").content.decode()
    assert "被退回修改（0）" in home and "已审核待发布（1）" in home and menu_badge(home) == "1"


def test_the_approval_screen_shows_the_checks_and_last_weeks_figures_and_text_beside(
    client: Client, weeks: tuple[Issue, Issue], leader: User
) -> None:
    _, following = weeks
    client.force_login(leader)
    page = client.get(f"/reports/{following.pk}/review/").content.decode()
    # Last week's issue: 2024年第4期, its figures beside this week's (no records: 0).
    assert "与上期对比（窗口工作周报 2024年第4期（总第475期））" in page
    found = re.search(r'<tr data-key="window.week.consult">(.*?)</tr>', page, re.S)
    assert found is not None
    row = found.group(1)
    assert re.findall(r'class="num[^"]*">([^<]*)<', row) == ["1291", "0", "-1291（-100.0%）"]
    found = re.search(r'<tr data-key="window.ytd.consult">(.*?)</tr>', page, re.S)
    assert found is not None
    row = found.group(1)
    assert re.findall(r'class="num[^"]*">([^<]*)<', row) == ["5501", "0", "-5501（-100.0%）"]
    # The paragraph's changed numbers, marked.
    assert re.search(r"咨询<del>1291</del><ins>\s*0\s*</ins>\s*人次", page)
    # The checks: this week's YTD does not follow from last week's.
    assert "今年以来咨询与上期累计不衔接（相差 -5501）" in page
    # The leader's two steps, each returning to the list.
    assert re.findall(r'data-step="([\w-]+)"', page) == ["approve", "send-back"]
    assert 'name="next" value="/reports/waiting/"' in page


def test_the_leader_approves_from_the_screen_and_a_send_back_needs_its_note(
    client: Client, weeks: tuple[Issue, Issue], leader: User
) -> None:
    _, following = weeks
    client.force_login(leader)
    answer = client.post(
        f"/reports/{following.pk}/send-back/", {"note": " ", "next": "/reports/waiting/"}
    )
    following.refresh_from_db()
    assert following.status == Issue.Status.SUBMITTED
    assert answer["Location"] == f"/reports/{following.pk}/"
    page = client.get(answer["Location"]).content.decode()
    assert "退回原因：退回修改须写明原因" in page
    answer = client.post(
        f"/reports/{following.pk}/approve/", {"note": "同意印发", "next": "/reports/waiting/"}
    )
    assert answer["Location"] == "/reports/waiting/"
    following.refresh_from_db()
    assert following.status == Issue.Status.APPROVED
    last = following.actions.last()
    assert last is not None and last.note == "同意印发"
    # An outside address is never followed.
    other = draft_issue(find_series("窗口工作周报"), dt.date(2024, 2, 7))
    Issue.objects.filter(pk=other.pk).update(status=Issue.Status.SUBMITTED)
    answer = client.post(
        f"/reports/{other.pk}/approve/", {"note": "同意", "next": "https://example.org/"}
    )
    assert answer["Location"] == f"/reports/{other.pk}/"


def test_an_erratum_is_reviewed_against_the_issue_it_corrects(
    client: Client, weeks: tuple[Issue, Issue], center_admin: User, leader: User
) -> None:
    published, _ = weeks
    erratum = corrections.start_erratum(published, center_admin, "今年以来咨询有误")
    corrections.correct_figure(erratum, "window.ytd.consult", "4210", center_admin)
    submit(erratum, center_admin)
    client.force_login(leader)
    page = client.get(f"/reports/{erratum.pk}/review/").content.decode()
    assert "与原期对比" in page
    found = re.search(r'<tr data-key="window.ytd.consult">(.*?)</tr>', page, re.S)
    assert found is not None
    row = found.group(1)
    assert re.findall(r'class="num[^"]*">([^<]*)<', row) == ["5501", "4210", "-1291（-23.5%）"]
    assert "累计咨询<del>5501</del><ins>4210</ins>人次" in page and "正文对比（1 段有变化）" in page
    assert "本期时段已由" not in page  # an erratum restates its original's week by design
    home = client.get("/").content.decode()
    assert "勘误：窗口工作周报 2024年第4期（总第475期）" in home


def test_a_published_issue_has_no_approval_screen(
    client: Client, weeks: tuple[Issue, Issue], leader: User
) -> None:
    published, _ = weeks
    client.force_login(leader)
    answer = client.get(f"/reports/{published.pk}/review/")
    assert answer.status_code == 302 and answer["Location"] == f"/reports/{published.pk}/"


def test_the_text_difference_marks_what_went_and_what_came() -> None:
    assert text_diff("咨询1291人次", "咨询1290人次<b>") == (
        "咨询<del>1291</del><ins>1290</ins>人次<ins>&lt;b&gt;</ins>"
    )
    # a number with thousands separators is one number (the one number pattern)
    assert text_diff("受理1,291件", "受理1,290件") == "受理<del>1,291</del><ins>1,290</ins>件"


def test_every_figure_source_opens_a_page_of_the_app_never_the_admin_or_the_api(
    client: Client, leader: User
) -> None:
    period = Period(dt.date(2023, 3, 6), dt.date(2023, 3, 10))
    links = {key: figure.records_link(period) for key, figure in FIGURES.items()}
    assert all(link and not link.startswith(("/admin/", "/api/")) for link in links.values())
    assert links["platform.other.accept"] == (
        "/journal/platform/?date_from=2023-01-01&date_to=2023-03-10&group=other"
    )
    assert links["benefit.reduction"] == "/journal/policies/?mode=reduction"
    assert links["window.week.accept"] == (
        "/cases/events/?kind=accept&occurred_on_after=2023-03-06&occurred_on_before=2023-03-10"
    )
    PlatformDailyCountFactory(day=dt.date(2023, 3, 6), item_kind=ItemKind.LICENSE, accepted=86756)
    PlatformDailyCountFactory(
        day=dt.date(2023, 3, 7), item_kind=ItemKind.CONFIRMATION, accepted=7389
    )
    client.force_login(leader)
    other = client.get(links["platform.other.accept"]).content.decode()
    assert "7389" in other and "86756" not in other
    license_page = client.get(links["platform.license.accept"]).content.decode()
    assert "86756" in license_page and "7389" not in license_page


def test_the_admins_menu_count_is_counted_by_the_database_and_agrees_with_the_lists(
    weeks: tuple[Issue, Issue], center_admin: User, leader: User
) -> None:
    _, following = weeks
    send_back(following, leader, "请补充")
    # A second issue of the series approved: one sent back and one to publish wait for the admin.
    approved = draft_issue(find_series("窗口工作周报"), dt.date(2024, 2, 7))
    submit(approved, center_admin)
    approve(approved, leader, "同意")
    with CaptureQueriesContext(connection) as counted:
        count = waiting_count(center_admin)
    assert count == 2 == sum(len(q.issues) for q in queues(center_admin) if q.mine)
    # Two COUNT queries, no issue rows read (every page's menu pays for this).
    selects = [q["sql"] for q in counted.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert len(selects) == 2 and all("COUNT(" in sql.upper() for sql in selects), selects

"""Dates typed by people (core.dates): one parser, one Chinese message, at every entry point."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from servicehall.accounts.models import User
from servicehall.core.dates import DateError, date_or, parse_date, parse_month, parse_year
from servicehall.org.models import Department
from servicehall.reports.drafting import find_series
from servicehall.reports.models import Issue

PYTHON = ("month must be", "day is out of range", "Invalid isoformat", "invalid literal")


def no_python(text: str) -> None:
    for words in PYTHON:
        assert words not in text


@pytest.mark.nodb
@pytest.mark.parametrize(
    "text", ["2024-13-01", "2024-02-30", "2024/01/26", "20240126", "2024-1-5", "明天", "0000-01-01"]
)
def test_a_wrong_date_is_one_chinese_message_naming_what_was_typed(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, "印发日期")
    assert str(caught.value) == (
        f"印发日期“{text}”不是有效的日期，应为 YYYY-MM-DD（如 2024-01-26）"
    )


@pytest.mark.nodb
def test_dates_months_and_years_read_as_people_type_them() -> None:
    assert parse_date(" 2024-02-29 ") == dt.date(2024, 2, 29)
    assert parse_month("2024-02") == dt.date(2024, 2, 1)
    assert parse_year("2028") == 2028
    with pytest.raises(DateError, match=r"^印发日期：请填写日期"):
        parse_date("", "印发日期")
    with pytest.raises(DateError, match=r"^月份“2024-13”不是有效的月份，应为 YYYY-MM"):
        parse_month("2024-13")
    with pytest.raises(DateError, match=r"^年度“二〇二八”不是有效的年份"):
        parse_year("二〇二八")
    assert date_or("", dt.date(2024, 1, 1)) == (dt.date(2024, 1, 1), "")
    assert date_or("2024-13-01", dt.date(2024, 1, 1))[1].startswith("日期“2024-13-01”")


if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

BAD = "2024-13-01"
MESSAGE = f"“{BAD}”不是有效的日期，应为 YYYY-MM-DD（如 2024-01-26）"


def api_error(response: TestResponse, field: str) -> str:
    """The API's error for ``field`` (one message, or a list of one)."""
    assert response.status_code == 400
    error = response.json()[field]
    said = error[0] if isinstance(error, list) else error
    assert isinstance(said, str)
    return said


def page_messages(response: TestResponse) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def admin_client(client: Client, center_admin: User) -> Client:
    client.force_login(center_admin)
    return client


@pytest.fixture
def draft(admin_client: Client) -> Issue:
    series = find_series("窗口工作周报")
    admin_client.post("/reports/draft/", {"series": series.pk, "week": "2024-01-24"})
    return Issue.objects.get(series=series, origin="drafted")


def test_a_publication_date_with_month_13_is_one_chinese_message_on_the_page(
    admin_client: Client, draft: Issue
) -> None:
    answer = admin_client.post(f"/reports/{draft.pk}/publish/", {"issue_date": BAD}, follow=True)
    said = page_messages(answer)
    assert f"印发日期{MESSAGE}" in said
    no_python(answer.content.decode())


def test_a_publication_date_with_month_13_is_one_chinese_message_in_the_api(
    admin_client: Client, draft: Issue
) -> None:
    answer = admin_client.post(f"/api/issues/{draft.pk}/publish/", {"issue_date": BAD})
    assert api_error(answer, "issue_date") == f"印发日期{MESSAGE}"


def test_a_wrong_week_to_draft_is_one_chinese_message_on_the_page_and_in_the_api(
    admin_client: Client,
) -> None:
    series = find_series("窗口工作周报")
    answer = admin_client.post("/reports/draft/", {"series": series.pk, "week": BAD}, follow=True)
    assert f"无法生成草稿：周内日期{MESSAGE}" in page_messages(answer)
    api = admin_client.post("/api/issues/draft/", {"series": series.title, "week": BAD})
    assert api_error(api, "week") == f"周内日期{MESSAGE}"
    assert not Issue.objects.exists()


def test_a_wrong_preview_date_of_a_layout_is_one_chinese_message(admin_client: Client) -> None:
    series = find_series("窗口工作周报")
    layout = series.current_layout()
    assert layout is not None
    definition = json.dumps(layout.definition, ensure_ascii=False)
    answer = admin_client.post(
        f"/reports/layouts/{series.pk}/edit/",
        {"definition": definition, "preview": "1", "week": BAD},
    )
    html = answer.content.decode()
    assert f"预览日期{MESSAGE}" in html
    no_python(html)


def test_the_commands_say_a_wrong_date_in_chinese() -> None:
    with pytest.raises(CommandError) as caught:
        call_command("draft_issue", "--week", BAD)
    assert str(caught.value) == f"--week{MESSAGE}"
    with pytest.raises(CommandError) as caught:
        call_command("stats", "--from", "2024-01-01", "--to", BAD)
    assert str(caught.value) == f"--to{MESSAGE}"


def test_the_figures_api_says_a_wrong_date_or_month_in_chinese(admin_client: Client) -> None:
    stats = admin_client.get("/api/stats/", {"from": BAD, "to": "2024-01-26"})
    assert api_error(stats, "from") == f"起始日期{MESSAGE}"
    figures = admin_client.get("/api/figures/", {"from": "2024-01-22", "to": ""})
    assert api_error(figures, "to") == "截止日期：请填写日期，格式 YYYY-MM-DD（如 2024-01-26）"
    ranking = admin_client.get("/api/ranking/", {"month": "2024-13"})
    assert api_error(ranking, "month") == "月份“2024-13”不是有效的月份，应为 YYYY-MM（如 2024-01）"


def test_the_figures_pages_say_a_wrong_date_and_show_the_default(admin_client: Client) -> None:
    home = admin_client.get("/", {"week": BAD})
    assert home.status_code == 200 and f"周{MESSAGE}" in page_messages(home)
    flow = admin_client.get("/flow/", {"start": BAD, "end": "2024-01-26"})
    assert flow.status_code == 200 and f"起始日期{MESSAGE}" in page_messages(flow)
    ranking = admin_client.get("/ranking/", {"month": "2024-13"})
    assert ranking.status_code == 200
    assert "月份“2024-13”不是有效的月份" in page_messages(ranking)


def test_the_liaison_pages_and_api_say_a_wrong_week_or_day_in_chinese(
    client: Client, center_admin: User, police: Department
) -> None:
    client.force_login(center_admin)
    center = client.get("/liaison/center/", {"week": BAD})
    assert center.status_code == 200
    assert f"周{MESSAGE}；已显示本周" in page_messages(center)
    api = client.get("/api/submissions/", {"week": BAD})
    assert api_error(api, "week") == f"周{MESSAGE}"
    status = client.post(
        "/liaison/status/",
        {"department": police.pk, "day": BAD, "kind": "authorization", "value": "1"},
        follow=True,
    )
    assert f"生效日期{MESSAGE}" in page_messages(status)


def test_a_wrong_year_to_estimate_is_a_chinese_message(admin_client: Client) -> None:
    answer = admin_client.post("/calendar/estimate/", {"year": "20x8"}, follow=True)
    assert "年度“20x8”不是有效的年份，应为四位数字（如 2024）" in page_messages(answer)

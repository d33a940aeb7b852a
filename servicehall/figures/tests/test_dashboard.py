"""The dashboard shows the figures module's numbers for the chosen working week."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse

from servicehall import figures
from servicehall.accounts.models import User
from servicehall.cases.services import record_event
from servicehall.catalog.models import HandbookChange, HandlingItem, ItemKind, ServiceItem
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Center, Department, Window

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def card_counts(response: TestResponse) -> dict[str, tuple[int, int]]:
    return {card.kind: (card.week, card.ytd) for card in response.context["cards"]}


def test_registering_a_consultation_at_the_window_raises_the_dashboard_count(
    client: Client, clerk: User
) -> None:
    client.force_login(clerk)
    before = card_counts(client.get(reverse("home")))
    response = client.post(reverse("cases:desk"), {"kind": "consult"})
    assert response.status_code == 302
    after = card_counts(client.get(reverse("home")))
    assert after["consult"] == (before["consult"][0] + 1, before["consult"][1] + 1)
    assert after["accept"] == before["accept"]


def test_the_dashboard_counts_are_those_of_figures_for_the_working_week(
    client: Client, leader: User, police: Department
) -> None:
    # 2024-01-22..26 is an ordinary Monday–Friday working week; 2024-01-02 is earlier that year.
    for i, day in enumerate([dt.date(2024, 1, 22), dt.date(2024, 1, 26), dt.date(2024, 1, 2)]):
        record_event(
            event_id=f"E{i}",
            kind="accept",
            occurred_at=dt.datetime.combine(day, dt.time(10), SHANGHAI),
            department=police,
        )
    client.force_login(leader)
    response = client.get(reverse("home"), {"week": "2024-01-24"})
    period = response.context["period"]
    assert (period.start, period.end) == (dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    expected = figures.stats(period)
    assert card_counts(response)["accept"] == (
        expected["period"]["accept"],
        expected["ytd"]["accept"],
    )
    assert card_counts(response)["accept"] == (2, 3)
    assert response.context["department_rows"] == [{"name": "公安厅", "counts": [0, 2, 0, 0, 0]}]


def test_the_trend_chart_data_is_rendered_as_json_for_echarts(
    client: Client, leader: User, police: Department
) -> None:
    record_event(
        event_id="T1",
        kind="consult",
        occurred_at=dt.datetime(2024, 1, 23, 9, 0, tzinfo=SHANGHAI),
        department=police,
    )
    client.force_login(leader)
    html = client.get(reverse("home"), {"week": "2024-01-23"}).content.decode()
    start = html.index('<script id="trend-data" type="application/json">') + len(
        '<script id="trend-data" type="application/json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    consult = next(s for s in data["series"] if s["kind"] == "consult")
    assert consult["name"] == "咨询"
    assert consult["data"][data["days"].index("2024-01-23")] == 1
    assert 'id="trend-chart"' in html


def test_the_dashboard_shows_windows_handbook_progress_and_unauthorised_departments(
    client: Client, leader: User, center: Center, police: Department, water: Department
) -> None:
    Window.objects.create(
        center=center,
        code="A01",
        kind=Window.Kind.COMPREHENSIVE_ACCEPT,
        opened_on=dt.date(2023, 1, 1),
    )
    item = ServiceItem.objects.create(
        department=water, code="S1", name="取水许可", kind=ItemKind.LICENSE
    )
    done = HandlingItem.objects.create(
        service_item=item, code="H1", name="取水许可（新办）", listed_on=dt.date(2023, 1, 1)
    )
    HandlingItem.objects.create(
        service_item=item, code="H2", name="取水许可（延续）", listed_on=dt.date(2023, 1, 1)
    )
    HandbookChange.objects.create(handling_item=done, effective_on=dt.date(2024, 1, 2))
    client.force_login(leader)
    response = client.get(reverse("home"), {"week": "2024-01-24"})
    assert response.context["windows_accept"] == 1
    assert response.context["handbook_done"] == 1
    assert str(response.context["handbook_percent"]) == "50.00"
    assert [d.name for d in response.context["unauthorized"]] == ["水利厅"]
    html = response.content.decode()
    assert "50.00%" in html and "水利厅" in html and "A01" in html


def test_a_week_without_working_days_still_shows_a_dashboard(client: Client, leader: User) -> None:
    client.force_login(leader)
    response = client.get(reverse("home"), {"week": "2020-01-29"})  # 春节（延长假期）
    assert response.status_code == 200
    assert "本周无工作日" in response.content.decode()


def test_a_malformed_week_falls_back_to_today(client: Client, leader: User) -> None:
    client.force_login(leader)
    assert client.get(reverse("home"), {"week": "not-a-date"}).status_code == 200


def test_the_home_page_opens_on_the_latest_week_with_records_and_says_so(
    client: Client, leader: User, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today (2026-11-23) has nothing recorded; the last work was on 2024-01-24: a leader sees
    that week's figures, and the words say why, with a way back to this week."""
    from django.utils import timezone

    record_event(
        event_id="E-last",
        kind="accept",
        occurred_at=dt.datetime(2024, 1, 24, 10, tzinfo=SHANGHAI),
        department=police,
    )
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 11, 23))
    client.force_login(leader)
    response = client.get(reverse("home"))
    assert response.context["period"] == figures.Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    assert card_counts(response)["accept"] == (1, 1)
    page = response.content.decode()
    assert "本周（2026年11月23日起）尚无办件记录，显示最近有记录的一周：2024年1月24日所在周" in page
    # Asked for a week, the page shows that week, empty or not, without the notice.
    asked = client.get(reverse("home") + "?week=2026-11-23")
    assert asked.context["period"].start == dt.date(2026, 11, 23)
    assert "尚无办件记录" not in asked.content.decode()


def test_the_home_page_stays_on_a_week_with_records(
    client: Client, leader: User, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    record_event(
        event_id="E-now",
        kind="consult",
        occurred_at=dt.datetime(2024, 1, 22, 9, tzinfo=SHANGHAI),
        department=police,
    )
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2024, 1, 24))
    client.force_login(leader)
    response = client.get(reverse("home"))
    assert response.context["period"].start == dt.date(2024, 1, 22)
    assert response.context["opening_notice"] == ""


def test_the_home_page_shows_what_waits_past_its_date(
    client: Client, leader: User, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Overdue open cases and 差评 follow-ups at the week's end, each linking to its list."""
    from django.utils import timezone

    from servicehall.cases.models import Case
    from servicehall.journal.models import ServiceEvaluation

    accepted = dt.datetime(2024, 1, 15, 9, tzinfo=SHANGHAI)
    late = Case.objects.create(
        case_no="L-1", department=police, accepted_at=accepted, promised_by=dt.date(2024, 1, 19)
    )
    Case.objects.create(
        case_no="L-2", department=police, accepted_at=accepted, promised_by=dt.date(2024, 2, 1)
    )
    ServiceEvaluation.objects.create(
        case=late, evaluated_at=accepted, level=1, follow_up_due=dt.date(2024, 1, 22)
    )
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2024, 1, 24))
    client.force_login(leader)
    page = client.get(reverse("home") + "?week=2024-01-24")
    assert (page.context["overdue_cases"], page.context["overdue_followups"]) == (1, 1)
    html = page.content.decode()
    assert 'href="/cases/open/?overdue=true"' in html and 'id="overdue-cases">1<' in html


def _data(html: str, element_id: str) -> Any:  # the page's embedded JSON
    tag = f'<script id="{element_id}" type="application/json">'
    start = html.index(tag) + len(tag)
    return json.loads(html[start : html.index("</script>", start)])


def test_a_year_of_working_weeks_counts_each_weeks_work_once(police: Department) -> None:
    # 2023-10-07/08 (Sat/Sun) are the 调休 working days of the National Day week; 2023-10-04 is
    # a holiday and its work belongs to no working week.
    for i, when in enumerate(
        [
            dt.datetime(2023, 10, 7, 9),
            dt.datetime(2023, 10, 8, 9),
            dt.datetime(2023, 10, 4, 9),
            dt.datetime(2024, 1, 22, 9),
            dt.datetime(2024, 1, 26, 16),
            dt.datetime(2023, 1, 27, 9),
        ]
    ):
        record_event(
            event_id=f"W{i}",
            kind="consult",
            occurred_at=when.replace(tzinfo=SHANGHAI),
            department=police,
        )
    points = figures.weekly_case_counts(dt.date(2024, 1, 24))
    assert len(points) == 53
    assert (points[-1]["start"], points[-1]["end"]) == (dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    assert points[-1]["counts"]["consult"] == 2
    national_day = next(p for p in points if p["start"] == dt.date(2023, 10, 7))
    assert (national_day["end"], national_day["counts"]["consult"]) == (dt.date(2023, 10, 8), 2)
    assert sum(p["counts"]["consult"] for p in points) == 4  # the holiday's and January's: none
    # 52 weeks before 2024-01-22: the 2023 Spring Festival week, working only its 调休 weekend
    assert (points[0]["start"], points[0]["end"]) == (dt.date(2023, 1, 28), dt.date(2023, 1, 29))
    starts = [p["start"] for p in points]
    assert starts == sorted(starts) and len(set(starts)) == 53


def test_the_home_charts_show_their_data_as_tables_and_export_them(
    client: Client, leader: User, police: Department
) -> None:
    record_event(
        event_id="X1",
        kind="accept",
        occurred_at=dt.datetime(2024, 1, 23, 10, tzinfo=SHANGHAI),
        department=police,
    )
    client.force_login(leader)
    html = client.get(reverse("home"), {"week": "2024-01-23"}).content.decode()
    weekly = _data(html, "weekly-data")
    assert len(weekly["weeks"]) == 53 and weekly["weeks"][-1] == "2024-01-22"
    accept = next(s for s in weekly["series"] if s["kind"] == "accept")
    assert accept["data"][-1] == 1 and sum(accept["data"]) == 1
    assert 'id="table-weekly" hidden' in html and 'id="table-daily" hidden' in html
    assert 'data-table-toggle="table-weekly"' in html
    assert '<td>2024-01-22—2024-01-26</td><td class="num">0</td><td class="num">1</td>' in html
    assert "week=2024-01-23&amp;export=xlsx&amp;table=weekly" in html
    csv = client.get(reverse("home"), {"week": "2024-01-23", "export": "csv", "table": "weekly"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "统计期间,咨询,受理,流转,颁发,办结"
    assert lines[-1] == "2024-01-22—2024-01-26,0,1,0,0,0" and len(lines) == 54
    xlsx = client.get(reverse("home"), {"week": "2024-01-23", "export": "xlsx", "table": "daily"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("日期", "咨询", "受理", "流转", "颁发", "办结")
    assert ("2024-01-23", 0, 1, 0, 0, 0) in rows and len(rows) == 57

"""A center's own days (本地节假日与调休): they move that center's deadlines and its subtree's,
never a sibling's nor the parent's; the nearest center's day wins; each computation that belongs
to a center (promised dates and overdue days, 差评 deadlines, stage times, 报送 deadlines) counts
on the record's center's calendar. Expected dates by hand, on the calendar of January 2024
(no national holiday from 1月2日 to 2月3日; 22日 is a Monday)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from servicehall.cases import queries, stages
from servicehall.cases.models import Case
from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.core.roles import Role
from servicehall.journal.models import Rectification, ServiceEvaluation
from servicehall.reports import submission
from servicehall.reports.models import SubmissionRule
from servicehall.testing import factories as f
from servicehall.testing.tree import Tree
from servicehall.workcal import local, workdays
from servicehall.workcal.models import LocalDay

pytestmark = pytest.mark.django_db

MON = dt.date(2024, 1, 22)
HOLIDAY, WORKDAY = "holiday", "workday"


def day_off(tree: Tree, key: str, day: dt.date, name: str = "县庆放假") -> LocalDay:
    return LocalDay.objects.create(center=tree.centers[key], date=day, kind=HOLIDAY, name=name)


def test_a_county_holiday_moves_its_own_deadline_and_its_townships_not_a_siblings_nor_its_citys(
    tree: Tree,
) -> None:
    day_off(tree, "county_a1", dt.date(2024, 1, 26))  # Friday
    due = {key: workdays.add_working_days(MON, 5, tree.centers[key]) for key in tree.centers}
    assert due == {
        "province": dt.date(2024, 1, 29),
        "city_a": dt.date(2024, 1, 29),
        "city_b": dt.date(2024, 1, 29),
        "county_a1": dt.date(2024, 1, 30),  # 23 24 25 (26 off) 29 30
        "county_a2": dt.date(2024, 1, 29),
        "county_b1": dt.date(2024, 1, 29),
        "town_a1": dt.date(2024, 1, 30),  # below 甲一县: its day counts there too
    }
    assert workdays.add_working_days(MON, 5) == dt.date(2024, 1, 29)  # the national table


def test_a_citys_day_holds_for_its_counties_unless_a_county_says_otherwise(tree: Tree) -> None:
    day_off(tree, "city_a", dt.date(2024, 1, 25), name="市庆放假")  # Thursday
    day_off(tree, "county_a1", dt.date(2024, 1, 26))
    LocalDay.objects.create(
        center=tree.centers["county_a2"], date=dt.date(2024, 1, 25), kind=WORKDAY, name="照常上班"
    )
    LocalDay.objects.create(
        center=tree.centers["county_b1"], date=dt.date(2024, 1, 27), kind=WORKDAY, name="补班"
    )
    due = {key: workdays.add_working_days(MON, 5, tree.centers[key]) for key in tree.centers}
    assert due == {
        "province": dt.date(2024, 1, 29),
        "city_a": dt.date(2024, 1, 30),  # 23 24 (25 off) 26 29 30
        "city_b": dt.date(2024, 1, 29),
        "county_a1": dt.date(2024, 1, 31),  # 23 24 (25) (26) 29 30 31
        "county_a2": dt.date(2024, 1, 29),  # 25 worked: 23 24 25 26 29
        "county_b1": dt.date(2024, 1, 27),  # Saturday 27 worked: 23 24 25 26 27
        "town_a1": dt.date(2024, 1, 31),
    }
    # A center by its id or path, or a record of any register (its center's), alike.
    county = tree.centers["county_a1"]
    assert workdays.add_working_days(MON, 5, county.pk) == dt.date(2024, 1, 31)
    assert workdays.add_working_days(MON, 5, county.path) == dt.date(2024, 1, 31)
    case = f.CaseFactory(department=tree.departments["county_a1"])
    assert workdays.add_working_days(MON, 5, case) == dt.date(2024, 1, 31)
    assert workdays.working_week(MON, county).days == (
        MON,
        dt.date(2024, 1, 23),
        dt.date(2024, 1, 24),
    )


def test_a_case_accepted_in_the_county_is_promised_and_overdue_on_its_calendar(tree: Tree) -> None:
    day_off(tree, "county_a1", dt.date(2024, 1, 26))
    promised = {}
    for key in ("county_a1", "county_a2", "city_a"):
        item = f.HandlingItemFactory(
            service_item__department=tree.departments[key], time_limit_days=5
        )
        case = f.CaseFactory(department=tree.departments[key], handling_item=item)
        record_event(
            event_id=f"E-{key}",
            kind="accept",
            occurred_at=dt.datetime(2024, 1, 22, 10, tzinfo=SHANGHAI),
            case=case,
        )
        case.refresh_from_db()
        promised[key] = case
    assert {k: c.promised_by for k, c in promised.items()} == {
        "county_a1": dt.date(2024, 1, 30),
        "county_a2": dt.date(2024, 1, 29),
        "city_a": dt.date(2024, 1, 29),
    }
    # On 2月2日 (Friday): 甲一县's is overdue 31 1 2 = 3 working days, 甲二县's 30 31 1 2 = 4.
    today = dt.date(2024, 2, 2)
    assert queries.countdown(promised["county_a1"], today) == "逾期 3 个工作日"
    assert queries.countdown(promised["county_a2"], today) == "逾期 4 个工作日"
    # Due 1月29日, seen on 1月25日 in 甲一县 (26 off): 29 is the next working day.
    promised["county_a1"].promised_by = dt.date(2024, 1, 29)
    assert queries.countdown(promised["county_a1"], dt.date(2024, 1, 25)) == "剩 1 个工作日"


def test_a_bad_rating_is_due_by_its_centers_own_working_days(tree: Tree) -> None:
    day_off(tree, "county_a1", dt.date(2024, 1, 26))
    for key in ("county_a1", "county_a2", "city_a"):
        tree.centers[key].bad_rating_days = 5
        tree.centers[key].save()
    due = {}
    for key in ("county_a1", "county_a2", "city_a"):
        evaluation = f.ServiceEvaluationFactory(
            case=f.CaseFactory(department=tree.departments[key]),
            evaluated_at=dt.datetime(2024, 1, 22, 10, tzinfo=SHANGHAI),
            level=ServiceEvaluation.Level.DISSATISFIED,
        )
        due[key] = Rectification.objects.get(evaluation=evaluation)
    assert {k: r.due for k, r in due.items()} == {
        "county_a1": dt.date(2024, 1, 30),
        "county_a2": dt.date(2024, 1, 29),
        "city_a": dt.date(2024, 1, 29),
    }
    from servicehall.journal import followup

    # Its clock counts the same days: 23 24 25 29 30 allowed, on 1月29日 23 24 25 29 used.
    clock = followup.clock(due["county_a1"], dt.date(2024, 1, 29))
    assert (clock.allowed, clock.used, clock.left) == (5, 4, 1)
    sibling = followup.clock(due["county_a2"], dt.date(2024, 1, 29))
    assert (sibling.allowed, sibling.used, sibling.left) == (5, 5, 0)


def test_a_stage_counts_the_working_days_of_its_cases_center(tree: Tree) -> None:
    day_off(tree, "county_a1", dt.date(2024, 1, 26))
    days = {}
    for key in ("county_a1", "county_a2"):
        case = f.CaseFactory(
            department=tree.departments[key],
            accepted_at=dt.datetime(2024, 1, 22, 10, tzinfo=SHANGHAI),
            completed_at=dt.datetime(2024, 1, 30, 10, tzinfo=SHANGHAI),
            promised_days=5,
            promised_by=dt.date(2024, 1, 29),
        )
        days[key] = stages.case_time(case, [], dt.date(2024, 2, 1)).stages[0].days
    assert days == {"county_a1": 5, "county_a2": 6}  # 23 24 25 (26) 29 30 against 23–30


def test_a_parents_submission_deadline_counts_on_the_parents_calendar(tree: Tree) -> None:
    day_off(tree, "county_a1", dt.date(2024, 1, 29))  # Monday
    week = workdays.working_week(dt.date(2024, 1, 24))
    for key in ("county_a1", "county_a2", "city_a"):
        SubmissionRule.objects.create(center=tree.centers[key], working_days=1, at=dt.time(17))
    deadlines = {
        key: submission.deadline(tree.centers[key], week)
        for key in ("county_a1", "county_a2", "city_a")
    }
    assert deadlines == {
        "county_a1": dt.datetime(2024, 1, 30, 17, tzinfo=SHANGHAI),
        "county_a2": dt.datetime(2024, 1, 29, 17, tzinfo=SHANGHAI),
        "city_a": dt.datetime(2024, 1, 29, 17, tzinfo=SHANGHAI),
    }


def test_a_local_day_must_change_something_and_is_kept_by_its_own_center_only(tree: Tree) -> None:
    county = tree.centers["county_a1"]
    admin = tree.login("county_a1", Role.ADMIN)
    with pytest.raises(local.LocalDayError, match=r"2024-01-27（星期六）本就不上班"):
        local.add(county, dt.date(2024, 1, 27), HOLIDAY, "休", by=admin)
    with pytest.raises(local.LocalDayError, match=r"2024-01-26（星期五）本就上班"):
        local.add(county, dt.date(2024, 1, 26), WORKDAY, "补班", by=admin)
    # The Spring Festival's 2月12日 is off nationally: a county may work it.
    local.add(county, dt.date(2024, 2, 12), WORKDAY, "值班", by=admin)
    from django.core.exceptions import PermissionDenied

    for other in (tree.login("city_a", Role.ADMIN), tree.login("county_a2", Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            local.add(county, dt.date(2024, 1, 26), HOLIDAY, "县庆", by=other)
    with pytest.raises(PermissionDenied):
        local.add(
            county, dt.date(2024, 1, 26), HOLIDAY, "县庆", by=tree.login("county_a1", Role.STAFF)
        )
    # A county's day that overrides its city's is checked against the city's calendar.
    day_off(tree, "city_a", dt.date(2024, 1, 25))
    local.add(county, dt.date(2024, 1, 25), WORKDAY, "照常上班", by=admin)
    assert workdays.is_workday(dt.date(2024, 1, 25), county)
    assert not workdays.is_workday(dt.date(2024, 1, 25), tree.centers["county_a2"])


def test_the_page_lets_the_county_admin_keep_its_days_the_city_read_them_and_a_sibling_not_see_them(
    client: Client, tree: Tree
) -> None:
    client.force_login(tree.login("county_a1", Role.ADMIN))
    answer = client.post(
        "/calendar/local/", {"date": "2024-01-26", "kind": HOLIDAY, "name": "县庆放假", "note": ""}
    )
    assert answer.status_code == 302
    row = LocalDay.objects.get()
    assert (row.center, row.date, row.kind) == (
        tree.centers["county_a1"],
        dt.date(2024, 1, 26),
        HOLIDAY,
    )
    refused = client.post(
        "/calendar/local/", {"date": "2024-01-27", "kind": HOLIDAY, "name": "周六", "note": ""}
    )
    assert refused.status_code == 200 and LocalDay.objects.count() == 1
    assert "2024-01-27（星期六）本就不上班" in refused.content.decode()

    client.force_login(tree.login("city_a", Role.ADMIN))
    page = client.get("/calendar/local/").content.decode()
    assert 'data-center="甲一县政务服务中心" data-date="2024-01-26"' in page
    assert 'id="local-form"' in page  # its own days: it may add them
    assert f"/calendar/local/{row.pk}/delete/" not in page  # the county's: read only
    assert client.post(f"/calendar/local/{row.pk}/delete/").status_code == 403

    client.force_login(tree.login("county_a2", Role.ADMIN))
    page = client.get("/calendar/local/").content.decode()
    assert "甲一县政务服务中心" not in page
    assert client.post(f"/calendar/local/{row.pk}/delete/").status_code == 404

    client.force_login(tree.login("county_a1", Role.STAFF))
    assert 'id="local-form"' not in client.get("/calendar/local/").content.decode()
    assert (
        client.post(
            "/calendar/local/", {"date": "2024-01-25", "kind": HOLIDAY, "name": "x", "note": ""}
        ).status_code
        == 403
    )

    client.force_login(tree.login("county_a1", Role.ADMIN))
    assert client.post(f"/calendar/local/{row.pk}/delete/").status_code == 302
    assert not LocalDay.objects.exists()
    assert workdays.add_working_days(MON, 5, tree.centers["county_a1"]) == dt.date(2024, 1, 29)


def test_an_imported_case_is_promised_on_its_centers_calendar(tree: Tree, tmp_path: Path) -> None:
    from servicehall.cases.importer import import_events

    day_off(tree, "county_a1", dt.date(2024, 1, 26))
    lines = ["event_id,case_id,kind,occurred_at,department,item_code,window,staff"]
    for key in ("county_a1", "county_a2"):
        item = f.HandlingItemFactory(
            service_item__department=tree.departments[key], time_limit_days=5, code=f"IT-{key}"
        )
        lines.append(
            f"E-{key},C-{key},accept,2024-01-22 10:00,{tree.departments[key].name},{item.code},,"
        )
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_events(path)
    promised = dict(Case.objects.values_list("case_no", "promised_by"))
    assert promised == {
        "C-county_a1": dt.date(2024, 1, 30),  # 23 24 25 (26 off) 29 30
        "C-county_a2": dt.date(2024, 1, 29),
    }

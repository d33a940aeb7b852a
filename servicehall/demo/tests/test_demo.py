"""`servicehall demo`: the demo hall gives every figure of the two seed reports exactly."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from servicehall import figures
from servicehall.core.tests.seed_figures import FIGURES_2023_9, FIGURES_2024_4, as_decimals
from servicehall.figures import Period

if TYPE_CHECKING:
    from servicehall.demo.data import DemoData
    from servicehall.demo.loader import LoadResult

pytestmark = pytest.mark.django_db

WEEK_2024 = Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
WEEK_2023 = Period(dt.date(2023, 3, 6), dt.date(2023, 3, 10))


def _table_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"org", "catalog", "cases", "journal", "accounts", "history"}
    }


def test_the_2024_4_figures_come_out_of_the_data(demo_db: LoadResult) -> None:
    values = figures.compute_all(WEEK_2024, list(FIGURES_2024_4))
    assert values == as_decimals(FIGURES_2024_4)


def test_the_2023_9_figures_come_out_of_the_data(demo_db: LoadResult) -> None:
    values = figures.compute_all(WEEK_2023, list(FIGURES_2023_9))
    assert values == as_decimals(FIGURES_2023_9)


def test_the_2023_9_week_has_no_benefit_statistics_yet(demo_db: LoadResult) -> None:
    assert figures.benefit_summary(WEEK_2023.end) is None


def test_stats_prints_the_seed_counts(demo_db: LoadResult) -> None:
    out = io.StringIO()
    call_command("stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json", stdout=out)
    assert '"consult": 1291, "accept": 631, "transfer": 2185, "issue": 1017' in out.getvalue()
    assert '"consult": 5501, "accept": 2475, "transfer": 21220, "issue": 11631' in out.getvalue()


def test_cases_done_on_the_spot_keep_every_weeks_and_months_counts(demo_db: LoadResult) -> None:
    """办结 moved to the day of 受理 only inside its week and month (``events.finish_on_the_spot``):
    the counts are those of the demo before any case was done on the spot (ec6289d's build)."""
    from django.db.models import F

    from servicehall.cases.models import Case, CaseEvent
    from servicehall.core.localtime import SHANGHAI
    from servicehall.org.models import Center

    for week, completed in ((WEEK_2024, (607, 2331)), (WEEK_2023, (170, 1538))):
        found = figures.stats(week)
        assert (found["period"]["complete"], found["ytd"]["complete"]) == completed
    out = io.StringIO()
    call_command("indicators", "--from", "2024-01-01", "--to", "2024-01-31", "--json", stdout=out)
    same_day = json.loads(out.getvalue())["same_day_rate"]
    assert same_day["denominator"] == 16105  # the month's cases done, as before
    province = Center.default()
    january = Case.objects.filter(
        department__center=province,
        completed_at__gte=dt.datetime(2024, 1, 1, tzinfo=SHANGHAI),
        completed_at__lt=dt.datetime(2024, 2, 1, tzinfo=SHANGHAI),
    )
    on_the_day = []
    for c in january.exclude(accepted_at=None):
        assert c.accepted_at is not None and c.completed_at is not None  # both filtered above
        if c.accepted_at.astimezone(SHANGHAI).date() == c.completed_at.astimezone(SHANGHAI).date():
            on_the_day.append(c)
    assert same_day["numerator"] == len(on_the_day) > 300
    # Every 办结 event is the case's 办结, the moved ones included.
    done = CaseEvent.objects.filter(kind="complete", department__center=province)
    assert done.filter(case__in=on_the_day).count() > 100
    assert not done.exclude(occurred_at=F("case__completed_at")).exists()


def test_the_seven_unauthorised_departments_come_in_the_reports_order(demo_db: LoadResult) -> None:
    names = [d.name for d in figures.unauthorized_departments(WEEK_2023.end)]
    assert names == [
        "科技厅",
        "民政厅",
        "住房和城乡建设厅",
        "农业农村厅",
        "成都海关",
        "省消防救援总队",
        "省贸促会",
    ]


def test_some_of_the_seven_have_authorised_by_2024(demo_db: LoadResult) -> None:
    names = [d.name for d in figures.unauthorized_departments(WEEK_2024.end)]
    assert names == ["成都海关", "省消防救援总队", "省贸促会"]


def test_the_weeks_handbooks_are_five_of_kejitings(demo_db: LoadResult) -> None:
    assert [(d.name, n) for d, n in figures.handbook_completions(WEEK_2024)] == [("科技厅", 5)]


def test_the_weeks_window_change_is_two_accept_and_one_issue_window(demo_db: LoadResult) -> None:
    changes = figures.window_changes(WEEK_2024)
    assert changes["accept"] == {"before": 5, "after": 7, "change": 2}
    assert changes["issue"] == {"before": 1, "after": 2, "change": 1}
    assert figures.window_changes(WEEK_2023)["accept"]["change"] == 0


def test_trainings_name_their_organisers_and_trainees(demo_db: LoadResult) -> None:
    organizers = sorted(
        {d.name for t in figures.trainings(WEEK_2024) for d in t.organizers.all()},
        key=["公安厅", "交通运输厅", "四川省税务局"].index,
    )
    assert organizers == ["公安厅", "交通运输厅", "四川省税务局"]
    assert {t.topic for t in figures.trainings(WEEK_2024)} == {"高频事项受办业务培训"}
    assert {d.name for t in figures.trainings(WEEK_2023) for d in t.organizers.all()} == {"公安厅"}
    assert figures.training_trainees(WEEK_2023) == 14


def test_the_benefit_sentence_names_its_first_six_departments(demo_db: LoadResult) -> None:
    summary = figures.benefit_summary(WEEK_2024.end)
    assert summary is not None
    assert summary.batch_name == "2023年省级惠企政策事项清单（第一批）"
    assert summary.as_of == dt.date(2023, 12, 31)
    assert [d.name for d in summary.departments[:6]] == [
        "省发展改革委",
        "人力资源社会保障厅",
        "自然资源厅",
        "交通运输厅",
        "农业农村厅",
        "四川省税务局",
    ]
    from servicehall.journal.models import BenefitPolicy

    assert BenefitPolicy.objects.filter(batch__name=summary.batch_name).count() > 36


def test_the_seed_weeks_journal_entries_are_there(demo_db: LoadResult) -> None:
    from servicehall.journal.models import LeaderVisit, NewsItem, PatrolFinding

    week = NewsItem.objects.filter(occurred_on__range=(WEEK_2024.start, WEEK_2024.end))
    assert list(week.filter(group=3).values_list("department__name", flat=True)) == [
        "经济和信息化厅",
        "住房和城乡建设厅",
        "省市场监管局",
    ]
    assert list(week.filter(group=4).values_list("department__name", flat=True)) == [
        "自然资源厅",
        "省卫生健康委",
        "省林草局",
    ]
    assert week.filter(department__isnull=True).count() == 2
    visits = LeaderVisit.objects.filter(visited_on__range=(WEEK_2024.start, WEEK_2024.end))
    assert [(v.unit_name, v.title, v.name) for v in visits] == [
        ("经济和信息化厅", "二级巡视员", "陈岚"),
        ("公安厅", "二级警务专员", "王建明"),
        ("水利厅", "二级巡视员", "刘金山"),
    ]
    visits = LeaderVisit.objects.filter(visited_on__range=(WEEK_2023.start, WEEK_2023.end))
    assert [v.unit_name for v in visits] == ["水利厅", "文化和旅游部市场管理司"]
    assert visits[1].companions == "二级巡视员邹端等一行人"
    findings = PatrolFinding.objects.filter(
        patrol__patrolled_at__date__range=(WEEK_2023.start, WEEK_2023.end)
    )
    assert {f.rating for f in findings} == {"good"}
    assert findings.get(check_item="prevention").remarks.startswith("大厅人员管控到位")


def test_other_weeks_have_news_visits_and_patrols_too(demo_db: LoadResult) -> None:
    from servicehall.journal.models import NewsItem, Patrol

    for monday in (dt.date(2023, 6, 5), dt.date(2023, 11, 13), dt.date(2024, 2, 5)):
        week = (monday, monday + dt.timedelta(days=6))
        assert NewsItem.objects.filter(occurred_on__range=week).exists()
        assert Patrol.objects.filter(patrolled_at__date__range=week).exists()


def test_the_centers_form_a_hierarchy(demo_db: LoadResult) -> None:
    from servicehall.org.models import Center

    province = Center.default()
    assert province.name == "四川省政府政务服务和公共资源交易服务中心"
    assert province.level == "province"
    cities = list(province.children.order_by("path"))
    assert len(cities) == 21 and {c.level for c in cities} == {"city"}
    assert [c.short_name for c in cities[:2]] == ["成都市中心", "自贡市中心"]
    county = cities[0].children.get(short_name="双流区中心")
    assert county.level == "county" and county.children.get().level == "township"
    assert county.children.get().path.startswith(province.path)


def test_department_aliases_resolve(demo_db: LoadResult) -> None:
    from servicehall.org.models import Department

    housing = Department.objects.get(name="住房和城乡建设厅")
    assert "住房城乡建设厅" in housing.alias_list()


def test_cases_accepted_in_2022_finish_in_the_log(demo_db: LoadResult) -> None:
    from servicehall.cases.models import Case

    assert Case.objects.filter(
        accepted_at__lt=dt.datetime(2023, 1, 1, tzinfo=dt.UTC), events__isnull=False
    ).exists()


def test_bad_evaluations_have_a_follow_up_due_date(demo_db: LoadResult) -> None:
    from django.db.models import F

    from servicehall.journal.models import ServiceEvaluation

    bad = ServiceEvaluation.objects.filter(level__lte=2)
    assert bad.exists() and not bad.filter(follow_up_due__isnull=True).exists()
    assert ServiceEvaluation.objects.filter(level=5).count() > 10 * bad.count()
    # Each opened its rectification (差评整改) with the same deadline and follow-up date.
    unmatched = bad.exclude(
        rectification__due=F("follow_up_due"),
        rectification__closed_on__isnull=True,
        followed_up_on__isnull=True,
    ).exclude(rectification__due=F("follow_up_due"), rectification__closed_on=F("followed_up_on"))
    assert not unmatched.exists()
    # The departments with a demo liaison (公安厅, 水利厅) have them as owners; the rest none.
    owners = set(bad.values_list("rectification__owner__username", flat=True))
    assert owners == {"liaison_police", "liaison_water", None}


def test_the_demo_logins_authenticate(demo_db: LoadResult) -> None:
    from servicehall.demo.people import DEMO_LOGINS, DEMO_PASSWORD

    for username, role, department in DEMO_LOGINS:
        user = authenticate(
            RequestFactory().post("/accounts/login/"), username=username, password=DEMO_PASSWORD
        )
        assert user is not None, username
        assert user.role == role
        assert (user.department.name if user.department is not None else None) == department


def test_demo_if_empty_on_a_loaded_database_changes_nothing(demo_db: LoadResult) -> None:
    before = _table_counts()
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "已载入" in out.getvalue()
    assert _table_counts() == before


def test_demo_refuses_a_database_with_departments(demo_db: LoadResult) -> None:
    with pytest.raises(CommandError, match="空数据库"):
        call_command("demo", stdout=io.StringIO())


def test_demo_logins_prints_the_table() -> None:
    out = io.StringIO()
    call_command("demo", "--logins", stdout=out)
    text = out.getvalue()
    assert "liaison_police" in text and "servicehall2024" in text and "公安厅" in text


# ---- determinism -------------------------------------------------------------------------------

DIGEST_SCRIPT = (
    "import django; django.setup(); "
    "from servicehall.demo.data import build, sample, digest; print(digest(sample(build())))"
)


@pytest.fixture(scope="module")
def generated() -> DemoData:
    from servicehall.demo.data import build

    return build()


@pytest.mark.slow  # a fresh interpreter generates the data set again
def test_generation_is_the_same_in_another_process(generated: DemoData) -> None:
    from servicehall.demo.data import digest, sample

    env = {
        **os.environ,
        "PYTHONHASHSEED": "12345",
        "DJANGO_SETTINGS_MODULE": "servicehall.settings",
    }
    other = subprocess.run(
        [sys.executable, "-c", DIGEST_SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    assert other.stdout.strip() == digest(sample(generated))


def test_the_database_holds_what_was_generated(demo_db: LoadResult, generated: DemoData) -> None:
    from django.utils import timezone

    from servicehall.cases.models import CaseEvent

    sampled = generated.work.events[::997]
    stored = {
        e.event_id: (
            e.case_no,
            e.kind,
            timezone.localtime(e.occurred_at).isoformat(),
            e.department_name,
            e.item_code,
            e.window_code,
            e.staff_ref,
        )
        for e in CaseEvent.objects.filter(event_id__in=[e.event_id for e in sampled])
    }
    assert stored == {
        e.event_id: (
            e.case_no,
            e.kind,
            e.occurred_at.isoformat(),
            e.department or "",
            e.item_code,
            e.window_code,
            e.staff_ref,
        )
        for e in sampled
    }


@pytest.mark.django_db
def test_events_fall_on_working_days_in_hall_hours(generated: DemoData) -> None:
    """On working days of the calendar table (the demo generates from the same data)."""
    from servicehall.workcal.workdays import is_workday

    days = {e.occurred_at.date() for e in generated.work.events}
    assert all(is_workday(day) for day in days)
    assert min(days) == dt.date(2023, 1, 3) and max(days) == dt.date(2024, 2, 9)
    times = {e.occurred_at.time() for e in generated.work.events}
    assert min(times) >= dt.time(8, 30) and max(times) < dt.time(17, 30)


def test_a_cases_events_come_in_order(generated: DemoData) -> None:
    order = {"accept": 0, "transfer": 1, "complete": 2, "issue": 3}
    last: dict[str, tuple[str, dt.datetime]] = {}
    for event in sorted(generated.work.events, key=lambda e: (e.occurred_at, e.event_id)):
        if not event.case_no:
            continue
        previous = last.get(event.case_no)
        if previous is not None and event.kind != "transfer":
            assert order[event.kind] >= order[previous[0]], (event, previous)
        last[event.case_no] = (event.kind, event.occurred_at)


def test_every_demo_acceptance_keeps_the_entry_rules(demo_db: LoadResult) -> None:
    """The demo's cases — the province's and the child centers' — name their item, its
    department and an applicant; a department's window accepts only that department's items
    (cases.entry). A window number is looked up in the item's center, as a 受理 at the desk
    does (``cases.window.register``): every county numbers its windows from A01 too."""
    from servicehall.cases import entry
    from servicehall.cases.models import Case
    from servicehall.core.localtime import SHANGHAI
    from servicehall.org.models import Window

    accepted = Case.objects.filter(accepted_at__isnull=False).select_related(
        "handling_item__service_item__department__center", "department"
    )
    assert accepted.count() > 1000
    assert not accepted.filter(handling_item__isnull=True).exists()
    assert not accepted.filter(applicant="").exists()
    assert accepted.exclude(department__center__parent=None).count() > 1000
    windows: dict[tuple[str, dt.date, int], Window | None] = {}
    for case in accepted.exclude(accepted_window="").iterator():
        assert case.accepted_at is not None and case.department is not None  # filtered above
        day = case.accepted_at.astimezone(SHANGHAI).date()
        key = (case.accepted_window, day, case.department.center_id)
        if key not in windows:
            windows[key] = entry.window_on(*key)
        problems = entry.acceptance_problems(
            item=case.handling_item,
            department=case.department,
            window=windows[key],
            applicant=case.applicant,
            proxy_reason=case.proxy_reason,
        )
        assert problems == [], case.case_no

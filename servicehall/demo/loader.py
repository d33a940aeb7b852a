"""Writing the demo data set into the database (演示数据写入), in one transaction.

Registers that people edit (departments, windows, staff, trainings, news, visits, patrols,
policies) are saved one by one, so the change history records them as made by the `demo`
command; the large tables (catalog, cases, the event log, platform counts, evaluations) are
bulk-inserted, and the daily rollups are recounted from the log at the end.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from servicehall.accounts.services import create_login
from servicehall.cases.eventlog import LogRow, append_events
from servicehall.cases.models import Case
from servicehall.catalog.models import (
    AuthorizationChange,
    HandbookChange,
    HandlingItem,
    ItemSpecVersion,
    ServiceItem,
)
from servicehall.catalog.search import initials
from servicehall.core.bulk import db_datetime, insert_rows
from servicehall.core.context import acting_as
from servicehall.demo import indicators, materials
from servicehall.demo.data import DemoData, build
from servicehall.demo.departments import CENTERS, DEPARTMENTS
from servicehall.demo.events import CASE_COLUMNS
from servicehall.demo.journal import CATEGORIES
from servicehall.demo.network import NETWORK_LOGINS, write_network
from servicehall.demo.people import DEMO_LOGINS, DEMO_PASSWORD
from servicehall.figures import indicator_rollups
from servicehall.figures.models import IndicatorTarget
from servicehall.journal.followup import open_rectifications
from servicehall.journal.models import (
    BenefitFulfilment,
    BenefitPolicy,
    BenefitPolicyBatch,
    LeaderVisit,
    NewsCategory,
    NewsItem,
    Patrol,
    PatrolFinding,
    PlatformDailyCount,
    ServiceEvaluation,
)
from servicehall.org.models import Center, Department, Staff, TrainingSession, Window

BATCH = 5000


class AlreadyLoaded(RuntimeError):
    """The database already holds departments; the demo goes only into an empty one."""


@dataclass
class LoadResult:
    """What the load wrote and how long it took (写入结果)."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def is_loaded() -> bool:
    return Department.objects.exists()


def load(data: DemoData | None = None, *, network_scale: float = 1.0) -> LoadResult:
    """Generate (unless given) and write the demo data set; refuses a database with departments.
    ``network_scale`` multiplies the child centers' events (``demo.network``; the tests' demo
    takes a tenth)."""
    result = LoadResult()
    started = time.perf_counter()
    if data is None:
        data = build()
    result.seconds["generate"] = time.perf_counter() - started
    with transaction.atomic(), acting_as(None, source="command"):
        if is_loaded():
            raise AlreadyLoaded("数据库中已有进驻部门，演示数据只能载入空数据库")
        writer = _Writer(data, result, network_scale)
        for step in (
            writer.org,
            writer.catalog,
            writer.cases,
            writer.network,  # the children's own departments and events: the province's 本级 stays
            writer.logins,  # before the journal: the 差评 rectifications find their owners
            writer.journal,
            writer.targets,
            writer.past_issues,
            writer.city_reports,
        ):
            began = time.perf_counter()
            step()
            result.seconds[step.__name__] = time.perf_counter() - began
    # The planner's statistics of a data set written whole: without them SQLite reads a
    # period's 差评 through every case of each department instead of the ratings' index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return result


class _Writer:
    def __init__(self, data: DemoData, result: LoadResult, network_scale: float = 1.0):
        self.data, self.result = data, result
        self.network_scale = network_scale
        self.dept_ids: dict[str | None, int] = {}
        self.item_ids: dict[str, int] = {}
        self.case_ids: dict[str, int] = {}

    def past_issues(self) -> None:
        """A year of published issues (``demo.issues``): the two real ones imported in their
        places, every other week drafted from the records and published through the workflow,
        so numbering continues from them and trends and year-to-date checks have a history."""
        from servicehall.accounts.models import User
        from servicehall.demo.issues import publish_history

        editor = User.objects.get(username="admin")
        leader = User.objects.get(username="leader")
        for name, n in publish_history(editor, leader).items():
            self._count(name, n)

    def city_reports(self) -> None:
        """成都市中心's own 周报 (``demo.center_reports``): two issues, submitted upward."""
        from servicehall.accounts.models import User
        from servicehall.demo.center_reports import write_city_reports

        for name, n in write_city_reports(User.objects.get(username="city_admin")).items():
            self._count(name, n)

    def targets(self) -> None:
        """The province's indicator targets (考核目标值, ``demo.indicators.TARGETS``)."""
        for key, direction, value in indicators.TARGETS:
            IndicatorTarget.objects.create(
                indicator=key,
                direction=direction,
                value=Decimal(value),
                effective_on=dt.date(2024, 1, 1),
                basis="演示数据",
            )
        self._count("indicator_targets", len(indicators.TARGETS))

    def _count(self, name: str, n: int) -> None:
        self.result.counts[name] = self.result.counts.get(name, 0) + n

    # ---- 机构 -------------------------------------------------------------------------------

    def org(self) -> None:
        centers: dict[str, Center] = {}
        has_default = Center.objects.filter(is_default=True).exists()
        for name, short, level, parent in CENTERS:
            center = Center.objects.filter(name=name).first() or Center(name=name)
            center.short_name, center.level = short, level
            center.parent = centers[parent] if parent else None
            if parent is None and not has_default:
                center.is_default = True
            center.save()
            centers[name] = center
        province = centers[CENTERS[0][0]]
        self.center = province
        self._count("centers", len(centers))
        for n, spec in enumerate(DEPARTMENTS, start=1):
            dept = Department.objects.create(
                center=province,
                name=spec.name,
                aliases=spec.aliases,
                sort_order=n * 10,
                stationed_on=spec.stationed_on,
            )
            self.dept_ids[spec.name] = dept.pk
        self._count("departments", len(DEPARTMENTS))
        for w in self.data.windows:
            Window.objects.create(
                center=province,
                code=w.code,
                name=w.name,
                kind=w.kind,
                department_id=self.dept_ids.get(w.department),
                opened_on=w.opened_on,
                closed_on=w.closed_on,
            )
        self._count("windows", len(self.data.windows))
        staff_ids = {}
        for s in self.data.staff:
            staff_ids[s.staff_no] = Staff.objects.create(
                center=province,
                name=s.name,
                staff_no=s.staff_no,
                department_id=self.dept_ids.get(s.department),
                joined_on=s.joined_on,
                left_on=s.left_on,
            ).pk
        self._count("staff", len(self.data.staff))
        for t in self.data.trainings:
            session = TrainingSession.objects.create(
                center=province,
                held_on=t.held_on,
                topic=t.topic,
                trainee_count=t.trainee_count,
                audience=t.audience,
            )
            session.organizers.set([self.dept_ids[name] for name in t.organizers])
            if t.trainees:
                session.trainees.set([staff_ids[no] for no in t.trainees])
        self._count("trainings", len(self.data.trainings))

    # ---- 事项目录 ------------------------------------------------------------------------------

    def catalog(self) -> None:
        catalog = self.data.catalog
        services = ServiceItem.objects.bulk_create(
            [
                ServiceItem(
                    department_id=self.dept_ids[s.department], code=s.code, name=s.name, kind=s.kind
                )
                for s in catalog.services
            ],
            batch_size=BATCH,
        )
        service_ids = {s.code: s.pk for s in services}
        items = HandlingItem.objects.bulk_create(
            [
                HandlingItem(
                    service_item_id=service_ids[i.service_code],
                    code=i.code,
                    name=i.name,
                    time_limit_days=i.time_limit_days,
                    **asdict(indicators.item_facts(i.code, i.time_limit_days)),
                    listed_on=i.listed_on,
                    delisted_on=i.delisted_on,
                    materials=materials.materials(i.code, i.kind),
                    fees=materials.fees(i.code, i.kind),
                    name_initials=initials(i.name),
                )
                for i in catalog.items
            ],
            batch_size=BATCH,
        )
        self.item_ids = {i.code: i.pk for i in items}
        AuthorizationChange.objects.bulk_create(
            [
                AuthorizationChange(
                    handling_item_id=self.item_ids[r.item_code],
                    effective_on=r.effective_on,
                    authorized=r.value,
                    note=r.note,
                )
                for r in catalog.authorizations
            ],
            batch_size=BATCH,
        )
        HandbookChange.objects.bulk_create(
            [
                HandbookChange(
                    handling_item_id=self.item_ids[r.item_code],
                    effective_on=r.effective_on,
                    compiled=r.value,
                    note=r.note,
                )
                for r in catalog.handbooks
            ],
            batch_size=BATCH,
        )
        ItemSpecVersion.objects.bulk_create(
            [
                ItemSpecVersion(
                    service_item_id=service_ids[r.service_code],
                    part=r.part,
                    version=r.version,
                    effective_on=r.effective_on,
                    content=r.content,
                )
                for r in catalog.specs
            ],
            batch_size=BATCH,
        )
        for name, rows in (
            ("service_items", catalog.services),
            ("handling_items", catalog.items),
            ("authorization_changes", catalog.authorizations),
            ("handbook_changes", catalog.handbooks),
            ("item_spec_versions", catalog.specs),
        ):
            self._count(name, len(rows))

    # ---- 办件 ---------------------------------------------------------------------------------

    def cases(self) -> None:
        work = self.data.work
        insert_rows(
            Case,
            CASE_COLUMNS,
            (
                (
                    c.no,
                    self.dept_ids[c.department],
                    self.item_ids[c.item_code],
                    c.applicant,
                    db_datetime(c.accepted_at),
                    c.window if c.accepted_at else "",
                    c.promised_days,
                    c.promised_by,
                    db_datetime(c.completed_at),
                    indicators.case_channel(c.no),
                )
                for c in work.cases
            ),
        )
        self.case_ids = dict(Case.objects.values_list("case_no", "pk"))
        self._count("cases", len(work.cases))
        # The log has one way in for a data set written whole: cases.eventlog, which also
        # brings the daily rollups of every day it touched up to date.
        written = append_events(
            LogRow(
                event_id=e.event_id,
                case_id=self.case_ids.get(e.case_no),
                case_no=e.case_no,
                kind=e.kind,
                occurred_at=e.occurred_at,
                department_id=self.dept_ids.get(e.department),
                department_name=e.department or "",
                item_code=e.item_code,
                window_code=e.window_code,
                staff_ref=e.staff_ref,
            )
            for e in work.events
        )
        self._count("case_events", written)
        ServiceEvaluation.objects.bulk_create(
            indicators.ratings(work.evaluations, self.case_ids), batch_size=BATCH
        )
        self._count("evaluations", len(work.evaluations))

    # ---- 工作记录 ------------------------------------------------------------------------------

    def journal(self) -> None:
        journal = self.data.journal
        categories = {
            name: NewsCategory.objects.get_or_create(
                name=name, defaults={"sort_order": (n + 1) * 10}
            )[0]
            for n, name in enumerate(CATEGORIES)
        }
        for n in journal.news:
            NewsItem.objects.create(
                category=categories[n.category],
                department_id=self.dept_ids.get(n.department),
                occurred_on=n.occurred_on,
                text=n.text,
                group=n.group,
                sort_order=n.sort_order,
                author=f"{n.department}联络员" if n.department else "中心综合窗口处",
            )
        self._count("news", len(journal.news))
        for v in journal.visits:
            LeaderVisit.objects.create(
                visited_on=v.visited_on,
                department_id=self.dept_ids.get(v.department),
                organization=v.organization,
                title=v.title,
                name=v.name,
                companions=v.companions,
                activity=v.activity,
                remarks=v.remarks,
            )
        self._count("visits", len(journal.visits))
        for p in journal.patrols:
            patrol = Patrol.objects.create(
                patrolled_at=timezone.make_aware(p.patrolled_at), inspector=p.inspector
            )
            for item, rating, remarks in p.findings:
                PatrolFinding.objects.create(
                    patrol=patrol, check_item=item, rating=rating, remarks=remarks
                )
        self._count("patrols", len(journal.patrols))
        for name, year, published in journal.batches:
            batch = BenefitPolicyBatch.objects.create(name=name, year=year, published_on=published)
            for policy in journal.policies[name]:
                row = BenefitPolicy.objects.create(
                    batch=batch,
                    department_id=self.dept_ids[policy.department],
                    name=policy.name,
                    mode=policy.mode,
                )
                for as_of, amount in policy.amounts:
                    BenefitFulfilment.objects.create(policy=row, as_of=as_of, amount_yuan=amount)
                self._count("benefit_policies", 1)
        PlatformDailyCount.objects.bulk_create(
            [
                PlatformDailyCount(day=d, item_kind=k, accepted=a, completed=c)
                for d, k, a, c in journal.platform
            ],
            batch_size=BATCH,
        )
        self._count("platform_counts", len(journal.platform))
        # Every 差评 opens its rectification (差评整改), in bulk, with the deadline it was given.
        self._count(
            "rectifications", open_rectifications(ServiceEvaluation.objects.filter(level__lte=2))
        )

    # ---- 账号 ---------------------------------------------------------------------------------

    def logins(self) -> None:
        for username, role, department in DEMO_LOGINS:
            create_login(username, role=role, password=DEMO_PASSWORD, department_name=department)
        for login in NETWORK_LOGINS:
            create_login(
                login.username,
                role=login.role,
                password=DEMO_PASSWORD,
                department_name=login.department,
                center_name=login.center,
            )
        self._count("logins", len(DEMO_LOGINS) + len(NETWORK_LOGINS))

    # ---- 下级中心 -------------------------------------------------------------------------------

    def network(self) -> None:
        for name, n in write_network(self.center, self.network_scale).items():
            self._count(name, n)
        # Cases and ratings written whole in bulk (no signal), the province's and the
        # children's, into an empty database: the indicators' monthly rollups are counted once
        # from what is there.
        indicator_rollups.rebuild()

"""Factories of every model (测试数据工厂): a valid row in one call, related rows made as needed.

``DepartmentFactory()`` saves a stationed department of the default center; pass what the test
is about and let the rest default (``CaseEventFactory(kind="accept", department=police)``).
Rows are built directly, never from the demo data set. ``FACTORIES`` maps each model to its
factory, so a test can check that every model has one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.db.models import Model
from factory.django import DjangoModelFactory

from servicehall.accounts.models import RoleGrant, User
from servicehall.archive.models import Passage, PastDocument, ReviewConfirmation, StatedFact
from servicehall.cases.models import (
    Case,
    CaseEvent,
    CenterDailyCount,
    CenterMonthlyCount,
    CenterYearlyCount,
    DailyCount,
    EventKind,
    ImportBatch,
)
from servicehall.catalog.models import (
    AuthorizationChange,
    HandbookChange,
    HandlingItem,
    ItemKind,
    ItemSpecVersion,
    ServiceItem,
)
from servicehall.core.localtime import SHANGHAI
from servicehall.core.models import Job, JobFile
from servicehall.core.roles import Role
from servicehall.federation.models import (
    ChildKey,
    PushedDay,
    ReceivedBundle,
    ReceivedIssue,
    ReceivedIssueFile,
    SentBundle,
)
from servicehall.figures.models import IndicatorCenterCount, IndicatorCount, IndicatorTarget
from servicehall.history.models import ChangeRecord
from servicehall.journal.models import (
    BenefitFulfilment,
    BenefitPolicy,
    BenefitPolicyBatch,
    CheckItem,
    LeaderVisit,
    NewsCategory,
    NewsItem,
    Patrol,
    PatrolFinding,
    PlatformDailyCount,
    Rating,
    Rectification,
    RectificationStep,
    ServiceEvaluation,
)
from servicehall.liaison.models import Notice
from servicehall.org.models import (
    Center,
    Department,
    Staff,
    StaffAssignment,
    TrainingSession,
    Window,
)
from servicehall.reports.models import (
    DistributionLine,
    FigureOverride,
    FigureTextAcknowledgement,
    Issue,
    IssueAction,
    IssueFile,
    IssueSubmission,
    IssueWithdrawal,
    LedgerEntry,
    ReportLayout,
    ReportSeries,
    SubmissionRule,
    WordingRule,
)
from servicehall.workcal.models import CalendarDay, CalendarYear, LocalDay

DAY = dt.date(2024, 1, 22)  # the Monday of the 2024-4 issue's week
MOMENT = dt.datetime(2024, 1, 22, 9, 30, tzinfo=SHANGHAI)


class CenterFactory(DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("name",)

    name = "测试政务服务中心"
    short_name = "测试中心"
    is_default = True


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"测试厅{n}")
    sort_order = factory.Sequence(lambda n: n + 10)
    stationed_on = dt.date(2020, 1, 1)


class WindowFactory(DjangoModelFactory):
    class Meta:
        model = Window

    center = factory.SubFactory(CenterFactory)
    code = factory.Sequence(lambda n: f"A{n:02d}")
    kind = Window.Kind.COMPREHENSIVE_ACCEPT
    opened_on = dt.date(2023, 1, 1)


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"工作人员{n}")
    staff_no = factory.Sequence(lambda n: f"S{n:04d}")


class StaffAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    staff = factory.SubFactory(StaffFactory)
    window = factory.SubFactory(WindowFactory)
    started_on = dt.date(2023, 3, 1)


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    center = factory.SubFactory(CenterFactory)
    held_on = DAY
    topic = "高频事项受办业务培训"
    trainee_count = 12


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    password = factory.django.Password("ceshi-mima-2024")


class RoleGrantFactory(DjangoModelFactory):
    """A grant record (角色授予记录); real ones are written by ``accounts.grants`` on save."""

    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory, role=Role.LEADER)
    role = Role.LEADER
    source = "system"


class LiaisonFactory(UserFactory):
    role = Role.LIAISON
    department = factory.SubFactory(DepartmentFactory)


class ServiceItemFactory(DjangoModelFactory):
    class Meta:
        model = ServiceItem

    department = factory.SubFactory(DepartmentFactory)
    code = factory.Sequence(lambda n: f"11510000MB{n:06d}")
    name = factory.Sequence(lambda n: f"测试事项{n}")
    kind = ItemKind.LICENSE


class HandlingItemFactory(DjangoModelFactory):
    class Meta:
        model = HandlingItem

    service_item = factory.SubFactory(ServiceItemFactory)
    code = factory.Sequence(lambda n: f"ITEM-{n}")
    name = factory.Sequence(lambda n: f"测试办理项{n}")
    time_limit_days = 5
    listed_on = dt.date(2023, 1, 1)


class AuthorizationChangeFactory(DjangoModelFactory):
    class Meta:
        model = AuthorizationChange

    handling_item = factory.SubFactory(HandlingItemFactory)
    effective_on = DAY
    authorized = True


class HandbookChangeFactory(DjangoModelFactory):
    class Meta:
        model = HandbookChange

    handling_item = factory.SubFactory(HandlingItemFactory)
    effective_on = DAY
    compiled = True


class ItemSpecVersionFactory(DjangoModelFactory):
    class Meta:
        model = ItemSpecVersion

    service_item = factory.SubFactory(ServiceItemFactory)
    part = ItemSpecVersion.Part.LIST
    version = factory.Sequence(lambda n: n + 1)
    effective_on = DAY
    content = "事项清单"


class ImportBatchFactory(DjangoModelFactory):
    class Meta:
        model = ImportBatch

    file_name = "events.csv"
    sha256 = "0" * 64
    rows = 1
    created_rows = 1
    skipped_rows = 0


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    case_no = factory.Sequence(lambda n: f"C{n:06d}")
    department = factory.SubFactory(DepartmentFactory)


class CaseEventFactory(DjangoModelFactory):
    """An event row as it stands in the log; to count it, write through ``cases.services``."""

    class Meta:
        model = CaseEvent

    event_id = factory.Sequence(lambda n: f"E{n:07d}")
    kind = EventKind.ACCEPT
    occurred_at = MOMENT
    occurred_on = factory.LazyAttribute(lambda e: e.occurred_at.astimezone(SHANGHAI).date())
    department = factory.SubFactory(DepartmentFactory)
    department_name = factory.LazyAttribute(lambda e: e.department.name if e.department else "")


class DailyCountFactory(DjangoModelFactory):
    class Meta:
        model = DailyCount

    day = DAY
    kind = EventKind.ACCEPT
    department = factory.SubFactory(DepartmentFactory)
    count = 1


class CenterDailyCountFactory(DjangoModelFactory):
    class Meta:
        model = CenterDailyCount

    day = DAY
    kind = EventKind.ACCEPT
    center = factory.SubFactory(CenterFactory)
    count = 1


class CenterMonthlyCountFactory(DjangoModelFactory):
    class Meta:
        model = CenterMonthlyCount

    month = factory.LazyFunction(lambda: DAY.replace(day=1))
    kind = EventKind.ACCEPT
    center = factory.SubFactory(CenterFactory)
    count = 1


class CenterYearlyCountFactory(DjangoModelFactory):
    class Meta:
        model = CenterYearlyCount

    year = factory.LazyFunction(lambda: DAY.replace(month=1, day=1))
    kind = EventKind.ACCEPT
    center = factory.SubFactory(CenterFactory)
    count = 1


class NewsCategoryFactory(DjangoModelFactory):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("name",)

    name = "政务工作动态"


class NewsItemFactory(DjangoModelFactory):
    class Meta:
        model = NewsItem

    category = factory.SubFactory(NewsCategoryFactory)
    department = factory.SubFactory(DepartmentFactory)
    occurred_on = DAY
    text = "本周，召开工作推进会。"


class LeaderVisitFactory(DjangoModelFactory):
    class Meta:
        model = LeaderVisit

    visited_on = DAY
    department = factory.SubFactory(DepartmentFactory)
    title = "厅长"
    name = "王建明"


class PatrolFactory(DjangoModelFactory):
    class Meta:
        model = Patrol

    patrolled_at = MOMENT
    inspector = "中心督查组"


class PatrolFindingFactory(DjangoModelFactory):
    class Meta:
        model = PatrolFinding

    patrol = factory.SubFactory(PatrolFactory)
    check_item = CheckItem.ON_TIME
    rating = Rating.GOOD


class BenefitPolicyBatchFactory(DjangoModelFactory):
    class Meta:
        model = BenefitPolicyBatch

    name = factory.Sequence(lambda n: f"第{n + 1}批惠企政策清单")
    year = 2024


class BenefitPolicyFactory(DjangoModelFactory):
    class Meta:
        model = BenefitPolicy

    batch = factory.SubFactory(BenefitPolicyBatchFactory)
    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"惠企政策{n}")
    mode = BenefitPolicy.Mode.REDUCTION


class BenefitFulfilmentFactory(DjangoModelFactory):
    class Meta:
        model = BenefitFulfilment

    policy = factory.SubFactory(BenefitPolicyFactory)
    as_of = DAY
    amount_yuan = Decimal("1000000.00")


class PlatformDailyCountFactory(DjangoModelFactory):
    class Meta:
        model = PlatformDailyCount

    # One row a day and kind: each row its own day.
    day = factory.Sequence(lambda n: DAY + dt.timedelta(days=n))
    item_kind = ItemKind.LICENSE
    accepted = 10
    completed = 9


class ServiceEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceEvaluation

    case = factory.SubFactory(CaseFactory)
    evaluated_at = MOMENT
    level = ServiceEvaluation.Level.SATISFIED


class RectificationFactory(DjangoModelFactory):
    """The rectification a 差评 opens when saved, with the attributes asked for."""

    class Meta:
        model = Rectification

    evaluation = factory.SubFactory(
        ServiceEvaluationFactory, level=ServiceEvaluation.Level.DISSATISFIED
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        evaluation = kwargs.pop("evaluation")
        row = Rectification.objects.get(evaluation=evaluation)  # opened by the rating's save
        for name, value in kwargs.items():
            setattr(row, name, value)
        if kwargs:
            row.save()
        return row


class RectificationStepFactory(DjangoModelFactory):
    class Meta:
        model = RectificationStep

    rectification = factory.SubFactory(RectificationFactory)
    from_state = "verify"
    to_state = "rectify"
    note = "已核实情况属实"
    at = MOMENT


class ReportSeriesFactory(DjangoModelFactory):
    class Meta:
        model = ReportSeries
        django_get_or_create = ("title",)

    title = factory.Sequence(lambda n: f"测试周报{n}")
    issuer = "测试政务服务中心"


class DistributionLineFactory(DjangoModelFactory):
    class Meta:
        model = DistributionLine

    series = factory.SubFactory(ReportSeriesFactory)
    line = DistributionLine.Line.REPORT
    text = "省政府办公厅"
    copies = 3


class ReportLayoutFactory(DjangoModelFactory):
    class Meta:
        model = ReportLayout

    series = factory.SubFactory(ReportSeriesFactory)
    version = factory.Sequence(lambda n: n + 1)
    definition = factory.LazyFunction(lambda: {"sections": []})


class IssueFactory(DjangoModelFactory):
    """A draft issue of a week (期); publish it through ``reports.workflow``, never here."""

    class Meta:
        model = Issue

    series = factory.SubFactory(ReportSeriesFactory)
    year = 2024
    period_start = DAY
    period_end = dt.date(2024, 1, 26)
    document = factory.LazyFunction(lambda: {"title": "测试周报", "sections": []})
    figures = factory.LazyFunction(lambda: {"window.week.accept": 631})


class IssueFileFactory(DjangoModelFactory):
    class Meta:
        model = IssueFile

    issue = factory.SubFactory(IssueFactory)
    format = "txt"
    content = b"test"
    sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    size = 4


class IssueActionFactory(DjangoModelFactory):
    class Meta:
        model = IssueAction

    issue = factory.SubFactory(IssueFactory)
    action = "submit"
    username = "admin"


class IssueWithdrawalFactory(DjangoModelFactory):
    """A withdrawal (撤回); real ones go through ``reports.corrections.withdraw``."""

    class Meta:
        model = IssueWithdrawal

    issue = factory.SubFactory(IssueFactory)
    reason = "导入文件有误"


class SubmissionRuleFactory(DjangoModelFactory):
    """A parent center's deadline for its children's issues (报送时限)."""

    class Meta:
        model = SubmissionRule
        django_get_or_create = ("center",)

    center = factory.SubFactory(CenterFactory)
    working_days = 1


class IssueSubmissionFactory(DjangoModelFactory):
    """A submission (报送) as stored; real ones go through ``reports.submission.submit``."""

    class Meta:
        model = IssueSubmission

    issue = factory.SubFactory(IssueFactory)
    center = factory.LazyAttribute(lambda o: o.issue.series.center or Center.default())
    parent = factory.LazyAttribute(lambda o: o.center.parent or o.center)
    period_start = factory.LazyAttribute(lambda o: o.issue.period_start)
    period_end = factory.LazyAttribute(lambda o: o.issue.period_end)
    figures = factory.LazyAttribute(lambda o: dict(o.issue.figures))


class FigureOverrideFactory(DjangoModelFactory):
    class Meta:
        model = FigureOverride

    issue = factory.SubFactory(IssueFactory)
    key = "window.week.accept"
    old_value = 631
    new_value = 630
    reason = "一件受理记录重复登记，已核实"
    username = "admin"


class FigureTextAcknowledgementFactory(DjangoModelFactory):
    class Meta:
        model = FigureTextAcknowledgement

    issue = factory.SubFactory(IssueFactory)
    finding = "figure_text:window.week.accept:630"
    message = "“省本级综窗办件情况”中本周受理写为 630，数据为 631"
    reason = "按部门核实数印发"
    username = "admin"


class PastDocumentFactory(DjangoModelFactory):
    class Meta:
        model = PastDocument

    title = "全区政务服务月报"
    document = factory.LazyFunction(lambda: {"title": "全区政务服务月报", "sections": []})
    figures = factory.LazyFunction(lambda: {"window.week.accept": 631})
    source_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    source_name = factory.Sequence(lambda n: f"report-{n}.txt")


class PassageFactory(DjangoModelFactory):
    class Meta:
        model = Passage

    document = factory.SubFactory(PastDocumentFactory)
    position = factory.Sequence(lambda n: n)
    heading = "综窗办件情况"
    text = "本周，公安厅窗口受理 12 件。"
    words = "本周 公安 公安厅 窗口 受理 12 件"


class StatedFactFactory(DjangoModelFactory):
    class Meta:
        model = StatedFact

    document = factory.SubFactory(PastDocumentFactory)
    position = factory.Sequence(lambda n: n)
    date = dt.date(2024, 1, 26)
    label = "受理"
    value = 631
    unit = "件"
    text = "受理631件"


class ReviewConfirmationFactory(DjangoModelFactory):
    class Meta:
        model = ReviewConfirmation

    document = factory.SubFactory(PastDocumentFactory)
    position = 0
    value = 5501
    text = "累计咨询5501人次"
    confirmed_by = "admin"


class LedgerEntryFactory(DjangoModelFactory):
    """A ledger entry (发布台账) as ``reports.ledger`` appends one: after the head, keyed."""

    class Meta:
        model = LedgerEntry

    @classmethod
    def _create(cls, model_class: type[LedgerEntry], *args: Any, **kwargs: Any) -> LedgerEntry:
        from servicehall.reports import ledger

        issue: Issue = kwargs.get("issue") or IssueFactory.create()
        payload = ledger.publication_payload(issue)
        return ledger.append(LedgerEntry.Kind.PUBLICATION, issue.pk, str(issue), payload)


class JobFactory(DjangoModelFactory):
    class Meta:
        model = Job

    kind = "import_reports"
    total = 1
    results = factory.LazyFunction(lambda: [{"name": "report.txt", "status": "queued"}])


class JobFileFactory(DjangoModelFactory):
    class Meta:
        model = JobFile

    job = factory.SubFactory(JobFactory)
    name = "report.txt"
    content = "窗口工作周报".encode()


class WordingRuleFactory(DjangoModelFactory):
    """A secretariat's wording rule (审稿措辞规则) a center adds."""

    class Meta:
        model = WordingRule

    name = factory.Sequence(lambda n: f"措辞规则{n}")
    pattern = "其它"
    replacement = "其他"
    message = "“其它”应为“其他”"


class ChangeRecordFactory(DjangoModelFactory):
    class Meta:
        model = ChangeRecord

    source = "web"
    action = "update"
    app_label = "org"
    model_name = "department"
    object_id = "1"
    object_repr = "公安厅"
    before = factory.LazyFunction(lambda: {"sort_order": 1})
    after = factory.LazyFunction(lambda: {"sort_order": 2})


class NoticeFactory(DjangoModelFactory):
    class Meta:
        model = Notice

    recipient = factory.SubFactory(LiaisonFactory)
    text = "请报送公安厅2024年1月22日至2024年1月26日一周的工作动态"
    link = "/liaison/?week=2024-01-22"


class CalendarYearFactory(DjangoModelFactory):
    class Meta:
        model = CalendarYear

    # The migration holds 2004–2027: factory years come later.
    year = factory.Sequence(lambda n: 2040 + n)
    status = CalendarYear.Status.PUBLISHED
    source = factory.LazyAttribute(lambda o: f"国务院办公厅关于{o.year}年部分节假日安排的通知")


class CalendarDayFactory(DjangoModelFactory):
    class Meta:
        model = CalendarDay

    calendar = factory.SubFactory(CalendarYearFactory)
    date = factory.LazyAttribute(lambda o: dt.date(o.calendar.year, 1, 1))
    kind = CalendarDay.Kind.HOLIDAY
    name = "元旦"


class LocalDayFactory(DjangoModelFactory):
    class Meta:
        model = LocalDay

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2024, 1, 19)  # a Friday: a local holiday off
    kind = CalendarDay.Kind.HOLIDAY
    name = "县庆放假"


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = "on_time_rate"
    value = Decimal("95.00")
    effective_on = dt.date(2024, 1, 1)


class IndicatorCountFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorCount

    month = factory.LazyFunction(lambda: DAY.replace(day=1))
    department_key = 0
    item_key = 0
    window_code = "A01"
    measure = "accepted"
    count = 1


class IndicatorCenterCountFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorCenterCount

    month = factory.LazyFunction(lambda: DAY.replace(day=1))
    center_key = 0
    measure = "accepted"
    count = 1


class FederatedCenterFactory(CenterFactory):
    """A county running its own copy (联网报送), below the factories' own center."""

    name = "联网县政务服务中心"
    short_name = "联网县"
    is_default = False
    federated = True
    parent = factory.SubFactory(CenterFactory)


class ChildKeyFactory(DjangoModelFactory):
    class Meta:
        model = ChildKey

    center = factory.SubFactory(FederatedCenterFactory)
    public_key = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    fingerprint = factory.Sequence(lambda n: f"{n:016x}")


class ReceivedBundleFactory(DjangoModelFactory):
    class Meta:
        model = ReceivedBundle

    center = factory.SubFactory(FederatedCenterFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    sha256 = "0" * 64
    since = DAY
    through = dt.date(2024, 1, 28)
    made_at = MOMENT
    via = ReceivedBundle.Via.FILE


class PushedDayFactory(DjangoModelFactory):
    class Meta:
        model = PushedDay

    center = factory.SubFactory(FederatedCenterFactory)
    day = DAY
    checksum = "0" * 64
    pushed_at = MOMENT


class ReceivedIssueFactory(DjangoModelFactory):
    class Meta:
        model = ReceivedIssue

    center = factory.SubFactory(FederatedCenterFactory)
    series = "窗口工作周报"
    year = 2024
    number = factory.Sequence(lambda n: n + 1)
    published_at = MOMENT
    bundle = factory.SubFactory(ReceivedBundleFactory, center=factory.SelfAttribute("..center"))


class ReceivedIssueFileFactory(DjangoModelFactory):
    class Meta:
        model = ReceivedIssueFile

    issue = factory.SubFactory(ReceivedIssueFactory)
    format = "txt"
    content = b"test"
    sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    size = 4


class SentBundleFactory(DjangoModelFactory):
    class Meta:
        model = SentBundle

    center = factory.SubFactory(CenterFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    since = DAY
    through = dt.date(2024, 1, 28)
    sha256 = "0" * 64
    made_at = MOMENT


FACTORIES: dict[type[Model], type[DjangoModelFactory]] = {
    factory_class._meta.model: factory_class
    for factory_class in (
        CenterFactory,
        DepartmentFactory,
        WindowFactory,
        StaffAssignmentFactory,
        StaffFactory,
        TrainingSessionFactory,
        UserFactory,
        RoleGrantFactory,
        ServiceItemFactory,
        HandlingItemFactory,
        AuthorizationChangeFactory,
        HandbookChangeFactory,
        ItemSpecVersionFactory,
        ImportBatchFactory,
        CaseFactory,
        CaseEventFactory,
        DailyCountFactory,
        CenterDailyCountFactory,
        CenterMonthlyCountFactory,
        CenterYearlyCountFactory,
        NewsCategoryFactory,
        NewsItemFactory,
        LeaderVisitFactory,
        PatrolFactory,
        PatrolFindingFactory,
        BenefitPolicyBatchFactory,
        BenefitPolicyFactory,
        BenefitFulfilmentFactory,
        PlatformDailyCountFactory,
        ServiceEvaluationFactory,
        RectificationFactory,
        RectificationStepFactory,
        ReportSeriesFactory,
        DistributionLineFactory,
        ReportLayoutFactory,
        IssueFactory,
        IssueFileFactory,
        IssueActionFactory,
        IssueWithdrawalFactory,
        SubmissionRuleFactory,
        IssueSubmissionFactory,
        LedgerEntryFactory,
        WordingRuleFactory,
        FigureOverrideFactory,
        FigureTextAcknowledgementFactory,
        PastDocumentFactory,
        PassageFactory,
        StatedFactFactory,
        ReviewConfirmationFactory,
        JobFactory,
        JobFileFactory,
        ChangeRecordFactory,
        CalendarYearFactory,
        CalendarDayFactory,
        LocalDayFactory,
        IndicatorTargetFactory,
        IndicatorCountFactory,
        IndicatorCenterCountFactory,
        NoticeFactory,
        ChildKeyFactory,
        ReceivedBundleFactory,
        PushedDayFactory,
        ReceivedIssueFactory,
        ReceivedIssueFileFactory,
        SentBundleFactory,
    )
}

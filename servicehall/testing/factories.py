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

from django.db.models import Model

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
from servicehall.testing.declarations import (
    LazyAttribute,
    LazyFunction,
    ModelFactory,
    Password,
    SelfAttribute,
    Sequence,
    SubFactory,
)
from servicehall.workcal.models import CalendarDay, CalendarYear, LocalDay

DAY = dt.date(2024, 1, 22)  # the Monday of the 2024-4 issue's week
MOMENT = dt.datetime(2024, 1, 22, 9, 30, tzinfo=SHANGHAI)


class CenterFactory(ModelFactory[Center]):
    class Meta:
        model = Center
        django_get_or_create = ("name",)

    name = "测试政务服务中心"
    short_name = "测试中心"
    is_default = True


class DepartmentFactory(ModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    center = SubFactory(CenterFactory)
    name = Sequence(lambda n: f"测试厅{n}")
    sort_order = Sequence(lambda n: n + 10)
    stationed_on = dt.date(2020, 1, 1)


class WindowFactory(ModelFactory[Window]):
    class Meta:
        model = Window

    center = SubFactory(CenterFactory)
    code = Sequence(lambda n: f"A{n:02d}")
    kind = Window.Kind.COMPREHENSIVE_ACCEPT
    opened_on = dt.date(2023, 1, 1)


class StaffFactory(ModelFactory[Staff]):
    class Meta:
        model = Staff

    center = SubFactory(CenterFactory)
    name = Sequence(lambda n: f"工作人员{n}")
    staff_no = Sequence(lambda n: f"S{n:04d}")


class StaffAssignmentFactory(ModelFactory[StaffAssignment]):
    class Meta:
        model = StaffAssignment

    staff = SubFactory(StaffFactory)
    window = SubFactory(WindowFactory)
    started_on = dt.date(2023, 3, 1)


class TrainingSessionFactory(ModelFactory[TrainingSession]):
    class Meta:
        model = TrainingSession

    center = SubFactory(CenterFactory)
    held_on = DAY
    topic = "高频事项受办业务培训"
    trainee_count = 12


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    password = Password("ceshi-mima-2024")


class RoleGrantFactory(ModelFactory[RoleGrant]):
    """A grant record (角色授予记录); real ones are written by ``accounts.grants`` on save."""

    class Meta:
        model = RoleGrant

    user = SubFactory(UserFactory, role=Role.LEADER)
    role = Role.LEADER
    source = "system"


class LiaisonFactory(UserFactory):
    role = Role.LIAISON
    department = SubFactory(DepartmentFactory)


class ServiceItemFactory(ModelFactory[ServiceItem]):
    class Meta:
        model = ServiceItem

    department = SubFactory(DepartmentFactory)
    code = Sequence(lambda n: f"11510000MB{n:06d}")
    name = Sequence(lambda n: f"测试事项{n}")
    kind = ItemKind.LICENSE


class HandlingItemFactory(ModelFactory[HandlingItem]):
    class Meta:
        model = HandlingItem

    service_item = SubFactory(ServiceItemFactory)
    code = Sequence(lambda n: f"ITEM-{n}")
    name = Sequence(lambda n: f"测试办理项{n}")
    time_limit_days = 5
    listed_on = dt.date(2023, 1, 1)


class AuthorizationChangeFactory(ModelFactory[AuthorizationChange]):
    class Meta:
        model = AuthorizationChange

    handling_item = SubFactory(HandlingItemFactory)
    effective_on = DAY
    authorized = True


class HandbookChangeFactory(ModelFactory[HandbookChange]):
    class Meta:
        model = HandbookChange

    handling_item = SubFactory(HandlingItemFactory)
    effective_on = DAY
    compiled = True


class ItemSpecVersionFactory(ModelFactory[ItemSpecVersion]):
    class Meta:
        model = ItemSpecVersion

    service_item = SubFactory(ServiceItemFactory)
    part = ItemSpecVersion.Part.LIST
    version = Sequence(lambda n: n + 1)
    effective_on = DAY
    content = "事项清单"


class ImportBatchFactory(ModelFactory[ImportBatch]):
    class Meta:
        model = ImportBatch

    file_name = "events.csv"
    sha256 = "0" * 64
    rows = 1
    created_rows = 1
    skipped_rows = 0


class CaseFactory(ModelFactory[Case]):
    class Meta:
        model = Case

    case_no = Sequence(lambda n: f"C{n:06d}")
    department = SubFactory(DepartmentFactory)


class CaseEventFactory(ModelFactory[CaseEvent]):
    """An event row as it stands in the log; to count it, write through ``cases.services``."""

    class Meta:
        model = CaseEvent

    event_id = Sequence(lambda n: f"E{n:07d}")
    kind = EventKind.ACCEPT
    occurred_at = MOMENT
    occurred_on = LazyAttribute(lambda e: e.occurred_at.astimezone(SHANGHAI).date())
    department = SubFactory(DepartmentFactory)
    department_name = LazyAttribute(lambda e: e.department.name if e.department else "")


class DailyCountFactory(ModelFactory[DailyCount]):
    class Meta:
        model = DailyCount

    day = DAY
    kind = EventKind.ACCEPT
    department = SubFactory(DepartmentFactory)
    count = 1


class CenterDailyCountFactory(ModelFactory[CenterDailyCount]):
    class Meta:
        model = CenterDailyCount

    day = DAY
    kind = EventKind.ACCEPT
    center = SubFactory(CenterFactory)
    count = 1


class CenterMonthlyCountFactory(ModelFactory[CenterMonthlyCount]):
    class Meta:
        model = CenterMonthlyCount

    month = LazyFunction(lambda: DAY.replace(day=1))
    kind = EventKind.ACCEPT
    center = SubFactory(CenterFactory)
    count = 1


class CenterYearlyCountFactory(ModelFactory[CenterYearlyCount]):
    class Meta:
        model = CenterYearlyCount

    year = LazyFunction(lambda: DAY.replace(month=1, day=1))
    kind = EventKind.ACCEPT
    center = SubFactory(CenterFactory)
    count = 1


class NewsCategoryFactory(ModelFactory[NewsCategory]):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("name",)

    name = "政务工作动态"


class NewsItemFactory(ModelFactory[NewsItem]):
    class Meta:
        model = NewsItem

    category = SubFactory(NewsCategoryFactory)
    department = SubFactory(DepartmentFactory)
    occurred_on = DAY
    text = "本周，召开工作推进会。"


class LeaderVisitFactory(ModelFactory[LeaderVisit]):
    class Meta:
        model = LeaderVisit

    visited_on = DAY
    department = SubFactory(DepartmentFactory)
    title = "厅长"
    name = "王建明"


class PatrolFactory(ModelFactory[Patrol]):
    class Meta:
        model = Patrol

    patrolled_at = MOMENT
    inspector = "中心督查组"


class PatrolFindingFactory(ModelFactory[PatrolFinding]):
    class Meta:
        model = PatrolFinding

    patrol = SubFactory(PatrolFactory)
    check_item = CheckItem.ON_TIME
    rating = Rating.GOOD


class BenefitPolicyBatchFactory(ModelFactory[BenefitPolicyBatch]):
    class Meta:
        model = BenefitPolicyBatch

    name = Sequence(lambda n: f"第{n + 1}批惠企政策清单")
    year = 2024


class BenefitPolicyFactory(ModelFactory[BenefitPolicy]):
    class Meta:
        model = BenefitPolicy

    batch = SubFactory(BenefitPolicyBatchFactory)
    department = SubFactory(DepartmentFactory)
    name = Sequence(lambda n: f"惠企政策{n}")
    mode = BenefitPolicy.Mode.REDUCTION


class BenefitFulfilmentFactory(ModelFactory[BenefitFulfilment]):
    class Meta:
        model = BenefitFulfilment

    policy = SubFactory(BenefitPolicyFactory)
    as_of = DAY
    amount_yuan = Decimal("1000000.00")


class PlatformDailyCountFactory(ModelFactory[PlatformDailyCount]):
    class Meta:
        model = PlatformDailyCount

    # One row a day and kind: each row its own day.
    day = Sequence(lambda n: DAY + dt.timedelta(days=n))
    item_kind = ItemKind.LICENSE
    accepted = 10
    completed = 9


class ServiceEvaluationFactory(ModelFactory[ServiceEvaluation]):
    class Meta:
        model = ServiceEvaluation

    case = SubFactory(CaseFactory)
    evaluated_at = MOMENT
    level = ServiceEvaluation.Level.SATISFIED


class RectificationFactory(ModelFactory[Rectification]):
    """The rectification a 差评 opens when saved, with the attributes asked for."""

    class Meta:
        model = Rectification

    evaluation = SubFactory(ServiceEvaluationFactory, level=ServiceEvaluation.Level.DISSATISFIED)

    @classmethod
    def _create(cls, model_class: type[Rectification], *args: Any, **kwargs: Any) -> Rectification:
        evaluation = kwargs.pop("evaluation")
        row = Rectification.objects.get(evaluation=evaluation)  # opened by the rating's save
        for name, value in kwargs.items():
            setattr(row, name, value)
        if kwargs:
            row.save()
        return row


class RectificationStepFactory(ModelFactory[RectificationStep]):
    class Meta:
        model = RectificationStep

    rectification = SubFactory(RectificationFactory)
    from_state = "verify"
    to_state = "rectify"
    note = "已核实情况属实"
    at = MOMENT


class ReportSeriesFactory(ModelFactory[ReportSeries]):
    class Meta:
        model = ReportSeries
        django_get_or_create = ("title",)

    title = Sequence(lambda n: f"测试周报{n}")
    issuer = "测试政务服务中心"


class DistributionLineFactory(ModelFactory[DistributionLine]):
    class Meta:
        model = DistributionLine

    series = SubFactory(ReportSeriesFactory)
    line = DistributionLine.Line.REPORT
    text = "省政府办公厅"
    copies = 3


class ReportLayoutFactory(ModelFactory[ReportLayout]):
    class Meta:
        model = ReportLayout

    series = SubFactory(ReportSeriesFactory)
    version = Sequence(lambda n: n + 1)
    definition = LazyFunction(lambda: {"sections": []})


class IssueFactory(ModelFactory[Issue]):
    """A draft issue of a week (期); publish it through ``reports.workflow``, never here."""

    class Meta:
        model = Issue

    series = SubFactory(ReportSeriesFactory)
    year = 2024
    period_start = DAY
    period_end = dt.date(2024, 1, 26)
    document = LazyFunction(lambda: {"title": "测试周报", "sections": []})
    figures = LazyFunction(lambda: {"window.week.accept": 631})


class IssueFileFactory(ModelFactory[IssueFile]):
    class Meta:
        model = IssueFile

    issue = SubFactory(IssueFactory)
    format = "txt"
    content = b"test"
    sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    size = 4


class IssueActionFactory(ModelFactory[IssueAction]):
    class Meta:
        model = IssueAction

    issue = SubFactory(IssueFactory)
    action = "submit"
    username = "admin"


class IssueWithdrawalFactory(ModelFactory[IssueWithdrawal]):
    """A withdrawal (撤回); real ones go through ``reports.corrections.withdraw``."""

    class Meta:
        model = IssueWithdrawal

    issue = SubFactory(IssueFactory)
    reason = "导入文件有误"


class SubmissionRuleFactory(ModelFactory[SubmissionRule]):
    """A parent center's deadline for its children's issues (报送时限)."""

    class Meta:
        model = SubmissionRule
        django_get_or_create = ("center",)

    center = SubFactory(CenterFactory)
    working_days = 1


class IssueSubmissionFactory(ModelFactory[IssueSubmission]):
    """A submission (报送) as stored; real ones go through ``reports.submission.submit``."""

    class Meta:
        model = IssueSubmission

    issue = SubFactory(IssueFactory)
    center = LazyAttribute(lambda o: o.issue.series.center or Center.default())
    parent = LazyAttribute(lambda o: o.center.parent or o.center)
    period_start = LazyAttribute(lambda o: o.issue.period_start)
    period_end = LazyAttribute(lambda o: o.issue.period_end)
    figures = LazyAttribute(lambda o: dict(o.issue.figures))


class FigureOverrideFactory(ModelFactory[FigureOverride]):
    class Meta:
        model = FigureOverride

    issue = SubFactory(IssueFactory)
    key = "window.week.accept"
    old_value = 631
    new_value = 630
    reason = "一件受理记录重复登记，已核实"
    username = "admin"


class FigureTextAcknowledgementFactory(ModelFactory[FigureTextAcknowledgement]):
    class Meta:
        model = FigureTextAcknowledgement

    issue = SubFactory(IssueFactory)
    finding = "figure_text:window.week.accept:630"
    message = "“省本级综窗办件情况”中本周受理写为 630，数据为 631"
    reason = "按部门核实数印发"
    username = "admin"


class PastDocumentFactory(ModelFactory[PastDocument]):
    class Meta:
        model = PastDocument

    title = "全区政务服务月报"
    document = LazyFunction(lambda: {"title": "全区政务服务月报", "sections": []})
    figures = LazyFunction(lambda: {"window.week.accept": 631})
    source_sha256 = Sequence(lambda n: f"{n:064x}")
    source_name = Sequence(lambda n: f"report-{n}.txt")


class PassageFactory(ModelFactory[Passage]):
    class Meta:
        model = Passage

    document = SubFactory(PastDocumentFactory)
    position = Sequence(lambda n: n)
    heading = "综窗办件情况"
    text = "本周，公安厅窗口受理 12 件。"
    words = "本周 公安 公安厅 窗口 受理 12 件"


class StatedFactFactory(ModelFactory[StatedFact]):
    class Meta:
        model = StatedFact

    document = SubFactory(PastDocumentFactory)
    position = Sequence(lambda n: n)
    date = dt.date(2024, 1, 26)
    label = "受理"
    value = 631
    unit = "件"
    text = "受理631件"


class ReviewConfirmationFactory(ModelFactory[ReviewConfirmation]):
    class Meta:
        model = ReviewConfirmation

    document = SubFactory(PastDocumentFactory)
    position = 0
    value = 5501
    text = "累计咨询5501人次"
    confirmed_by = "admin"


class LedgerEntryFactory(ModelFactory[LedgerEntry]):
    """A ledger entry (发布台账) as ``reports.ledger`` appends one: after the head, keyed."""

    class Meta:
        model = LedgerEntry

    @classmethod
    def _create(cls, model_class: type[LedgerEntry], *args: Any, **kwargs: Any) -> LedgerEntry:
        from servicehall.reports import ledger

        issue: Issue = kwargs.get("issue") or IssueFactory.create()
        payload = ledger.publication_payload(issue)
        entry = ledger.append(LedgerEntry.Kind.PUBLICATION, issue.pk, str(issue), payload)
        assert isinstance(
            entry, LedgerEntry
        )  # append returns Any: a migration passes its historical model
        return entry


class JobFactory(ModelFactory[Job]):
    class Meta:
        model = Job

    kind = "import_reports"
    total = 1
    results = LazyFunction(lambda: [{"name": "report.txt", "status": "queued"}])


class JobFileFactory(ModelFactory[JobFile]):
    class Meta:
        model = JobFile

    job = SubFactory(JobFactory)
    name = "report.txt"
    content = "窗口工作周报".encode()


class WordingRuleFactory(ModelFactory[WordingRule]):
    """A secretariat's wording rule (审稿措辞规则) a center adds."""

    class Meta:
        model = WordingRule

    name = Sequence(lambda n: f"措辞规则{n}")
    pattern = "其它"
    replacement = "其他"
    message = "“其它”应为“其他”"


class ChangeRecordFactory(ModelFactory[ChangeRecord]):
    class Meta:
        model = ChangeRecord

    source = "web"
    action = "update"
    app_label = "org"
    model_name = "department"
    object_id = "1"
    object_repr = "公安厅"
    before = LazyFunction(lambda: {"sort_order": 1})
    after = LazyFunction(lambda: {"sort_order": 2})


class NoticeFactory(ModelFactory[Notice]):
    class Meta:
        model = Notice

    recipient = SubFactory(LiaisonFactory)
    text = "请报送公安厅2024年1月22日至2024年1月26日一周的工作动态"
    link = "/liaison/?week=2024-01-22"


class CalendarYearFactory(ModelFactory[CalendarYear]):
    class Meta:
        model = CalendarYear

    # The migration holds 2004–2027: factory years come later.
    year = Sequence(lambda n: 2040 + n)
    status = CalendarYear.Status.PUBLISHED
    source = LazyAttribute(lambda o: f"国务院办公厅关于{o.year}年部分节假日安排的通知")


class CalendarDayFactory(ModelFactory[CalendarDay]):
    class Meta:
        model = CalendarDay

    calendar = SubFactory(CalendarYearFactory)
    date = LazyAttribute(lambda o: dt.date(o.calendar.year, 1, 1))
    kind = CalendarDay.Kind.HOLIDAY
    name = "元旦"


class LocalDayFactory(ModelFactory[LocalDay]):
    class Meta:
        model = LocalDay

    center = SubFactory(CenterFactory)
    date = dt.date(2024, 1, 19)  # a Friday: a local holiday off
    kind = CalendarDay.Kind.HOLIDAY
    name = "县庆放假"


class IndicatorTargetFactory(ModelFactory[IndicatorTarget]):
    class Meta:
        model = IndicatorTarget

    indicator = "on_time_rate"
    value = Decimal("95.00")
    effective_on = dt.date(2024, 1, 1)


class IndicatorCountFactory(ModelFactory[IndicatorCount]):
    class Meta:
        model = IndicatorCount

    month = LazyFunction(lambda: DAY.replace(day=1))
    department_key = 0
    item_key = 0
    window_code = "A01"
    measure = "accepted"
    count = 1


class IndicatorCenterCountFactory(ModelFactory[IndicatorCenterCount]):
    class Meta:
        model = IndicatorCenterCount

    month = LazyFunction(lambda: DAY.replace(day=1))
    center_key = 0
    measure = "accepted"
    count = 1


class FederatedCenterFactory(CenterFactory):
    """A county running its own copy (联网报送), below the factories' own center."""

    name = "联网县政务服务中心"
    short_name = "联网县"
    is_default = False
    federated = True
    parent = SubFactory(CenterFactory)


class ChildKeyFactory(ModelFactory[ChildKey]):
    class Meta:
        model = ChildKey

    center = SubFactory(FederatedCenterFactory)
    public_key = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    fingerprint = Sequence(lambda n: f"{n:016x}")


class ReceivedBundleFactory(ModelFactory[ReceivedBundle]):
    class Meta:
        model = ReceivedBundle

    center = SubFactory(FederatedCenterFactory)
    sequence = Sequence(lambda n: n + 1)
    sha256 = "0" * 64
    since = DAY
    through = dt.date(2024, 1, 28)
    made_at = MOMENT
    via = ReceivedBundle.Via.FILE


class PushedDayFactory(ModelFactory[PushedDay]):
    class Meta:
        model = PushedDay

    center = SubFactory(FederatedCenterFactory)
    day = DAY
    checksum = "0" * 64
    pushed_at = MOMENT


class ReceivedIssueFactory(ModelFactory[ReceivedIssue]):
    class Meta:
        model = ReceivedIssue

    center = SubFactory(FederatedCenterFactory)
    series = "窗口工作周报"
    year = 2024
    number = Sequence(lambda n: n + 1)
    published_at = MOMENT
    bundle = SubFactory(ReceivedBundleFactory, center=SelfAttribute("..center"))


class ReceivedIssueFileFactory(ModelFactory[ReceivedIssueFile]):
    class Meta:
        model = ReceivedIssueFile

    issue = SubFactory(ReceivedIssueFactory)
    format = "txt"
    content = b"test"
    sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    size = 4


class SentBundleFactory(ModelFactory[SentBundle]):
    class Meta:
        model = SentBundle

    center = SubFactory(CenterFactory)
    sequence = Sequence(lambda n: n + 1)
    since = DAY
    through = dt.date(2024, 1, 28)
    sha256 = "0" * 64
    made_at = MOMENT


FACTORIES: dict[type[Model], type[ModelFactory[Any]]] = {
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

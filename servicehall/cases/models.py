"""Case work at the comprehensive windows (综窗办件): cases and their event log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from servicehall.core.models import ScopedManager
from servicehall.org.models import center_field


class EventKind(models.TextChoices):
    """What happened at the window (办件环节); 咨询 counts 人次, 流转 件次, the rest 件."""

    CONSULT = "consult", "咨询"
    ACCEPT = "accept", "受理"
    TRANSFER = "transfer", "流转"
    # 颁发/出件: handing the result to the applicant. The wire value stays "issue" (SPEC.md's
    # event files and stats JSON); the code name avoids the report's 期 (reports.Issue).
    HANDOUT = "issue", "颁发"
    COMPLETE = "complete", "办结"

    @property
    def unit(self) -> str:
        """What one event counts: 咨询 people (人次), 流转 transfers (件次), the rest cases (件)."""
        return {"consult": "人次", "transfer": "件次"}.get(self.value, "件")

    @classmethod
    def accepted_names(cls) -> dict[str, str]:
        """Every name a file may give a kind → its value: the code (``accept``, any case is
        lowered by the reader), the Chinese name (受理), and 出件 for 颁发."""
        names = {name: kind.value for kind in cls for name in (kind.value, kind.label)}
        names["出件"] = cls.HANDOUT.value
        return names


class Channel(models.TextChoices):
    """How a case came in (办件渠道): the events file's optional ``channel`` column."""

    WINDOW = "window", "窗口"
    ONLINE = "online", "网上申报"
    SELF_SERVICE = "self_service", "自助"
    MAIL = "mail", "邮寄"
    CROSS_REGION = "cross_region", "跨域代收"

    @classmethod
    def accepted_names(cls) -> dict[str, str]:
        """Every name a file may give a channel → its value: the code or the Chinese name."""
        return {name: channel.value for channel in cls for name in (channel.value, channel.label)}


class ImportBatch(models.Model):
    """One imported file of events or platform figures (导入批次), for tracing every row."""

    kind = models.CharField("类别", max_length=20, default="events")
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64, db_index=True)
    rows = models.PositiveIntegerField("行数")
    created_rows = models.PositiveIntegerField("新增")
    skipped_rows = models.PositiveIntegerField("已存在")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.CharField("导入人", max_length=150, blank=True)
    rolled_back_at = models.DateTimeField("撤销时间", null=True, blank=True)
    rolled_back_by = models.CharField("撤销人", max_length=150, blank=True)
    rollback_reason = models.CharField("撤销原因", max_length=200, blank=True)
    # "host:pid" of the import writing this batch's rows in short transactions (分段发布);
    # blank once all of them are in. A batch marked by a dead process is taken back.
    publishing_by = models.CharField("发布中的导入进程", max_length=100, blank=True, default="")

    center = center_field()

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.created_rows}/{self.rows}）"


class Case(models.Model):
    """A case handled through the comprehensive window (办件), with its promised completion."""

    case_no = models.CharField("办件编号", max_length=64, unique=True)
    department = models.ForeignKey(
        "org.Department",
        verbose_name="办理部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    handling_item = models.ForeignKey(
        "catalog.HandlingItem",
        verbose_name="办理项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    applicant = models.CharField("申请人", max_length=100, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    # The window that accepted it: the desk lists that window's open cases.
    accepted_window = models.CharField(
        "受理窗口", max_length=20, blank=True, default="", db_default=""
    )
    promised_days = models.PositiveIntegerField("承诺时限（工作日）", null=True, blank=True)
    # Blank: not recorded (files before the column, the desk's own cases are 窗口).
    channel = models.CharField(
        "办件渠道", max_length=12, choices=Channel.choices, blank=True, default="", db_default=""
    )
    promised_by = models.DateField("承诺办结日期", null=True, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    accepted_elsewhere = models.BooleanField(
        "他处受理",
        default=False,
        db_default=False,  # the importer's and the demo's plain INSERTs leave it out
        help_text="导入文件中此办件没有受理记录，其后续环节按他处（其他系统或导入前）已受理计",
    )

    # 代收: a department's window took another department's item, by the center's setting
    # (``org.Center.cross_department``), for the reason the clerk gave (cases.entry).
    proxy_reason = models.CharField(
        "代收原因",
        max_length=200,
        blank=True,
        default="",
        db_default="",  # the importer's and the demo's plain INSERTs leave it out
        help_text="部门窗口代收其他部门办理项的原因；空表示非代收",
    )
    # The events file that registered the case: a failed or killed import takes back the cases
    # it made (importer.unpublish). Checked by that code, not by the database (as the log's).
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name="登记它的导入批次",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="created_cases",
        db_constraint=False,
        db_index=False,
    )

    objects = ScopedManager()
    scope_department_path = "department"
    # A case or event without a department belongs to the default center.
    scope_center_path = "department__center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-accepted_at", "-id"]
        indexes = [
            # The period report counts only the cases open at its start or received in it
            # (cases.flow.counted_q), the case list pages by acceptance, and the indicators count
            # a period's cases by when they were accepted or completed: all read these.
            models.Index(fields=["completed_at"], name="case_completed_at"),
            models.Index(fields=["accepted_at"], name="case_accepted_at"),
            # The indicators count a period's cases of a department (or of a center's
            # departments): without these every line of a breakdown read the whole table.
            models.Index(fields=["department", "completed_at"], name="case_dept_completed"),
            models.Index(fields=["department", "accepted_at"], name="case_dept_accepted"),
        ]

    def __str__(self) -> str:
        return self.case_no


class CaseEvent(models.Model):
    """One step of window work in the event log (办件事件): the source of every count."""

    history_exempt = "the log is its own history: rows are appended, never edited"

    # The log takes millions of rows a year: it keeps the indexes its readers need (the unique
    # event id, and day × kind × department for the event list), and its foreign keys are
    # checked by the writers (PROTECT still holds through the ORM), not by the database on
    # every row (NOTES-performance: 4–10× on a bulk import).
    event_id = models.CharField("事件编号", max_length=64)
    case = models.ForeignKey(
        Case,
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        db_constraint=False,
        db_index=False,
    )
    case_no = models.CharField("办件编号", max_length=64, blank=True)
    kind = models.CharField("环节", max_length=10, choices=EventKind.choices)
    occurred_at = models.DateTimeField("发生时间")
    # The local (Asia/Shanghai) calendar day, stored so that daily counts need no time-zone math.
    occurred_on = models.DateField("发生日期")
    department = models.ForeignKey(
        "org.Department",
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_events",
        db_constraint=False,
        db_index=False,
    )
    department_name = models.CharField("部门（原文）", max_length=100, blank=True)
    item_code = models.CharField("办理项编码", max_length=80, blank=True)
    window_code = models.CharField("窗口", max_length=20, blank=True)
    staff_ref = models.CharField("工作人员", max_length=50, blank=True)
    channel = models.CharField(
        "办件渠道", max_length=12, choices=Channel.choices, blank=True, default="", db_default=""
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        db_constraint=False,
        db_index=False,
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = "department"
    # A case or event without a department belongs to the default center.
    scope_center_path = "department__center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "办件事件"
        verbose_name_plural = "办件事件"
        ordering = ["occurred_at", "id"]
        indexes = [
            # The event list's filters (a period, a kind, a department) and a recount.
            models.Index(
                fields=["occurred_on", "kind", "department"], name="caseevent_day_kind_dept"
            ),
        ]
        constraints = [
            # A constraint, not unique=True: on PostgreSQL that adds a second (LIKE) index.
            models.UniqueConstraint(fields=["event_id"], name="caseevent_one_per_event_id"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"


class DailyCount(models.Model):
    """Events per local day, kind and department (每日办件汇总), kept in step with the log.

    Every write of the log adds its events here in the same transaction (``cases.rollups``), so
    a count read from here always equals a count of the log itself.
    """

    history_exempt = "a count derived from the log, rebuilt from it at any time"

    day = models.DateField("日期")
    kind = models.CharField("环节", max_length=10, choices=EventKind.choices)
    department = models.ForeignKey(
        "org.Department",
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveIntegerField("数量")

    objects = ScopedManager()
    scope_department_path = "department"
    # A case or event without a department belongs to the default center.
    scope_center_path = "department__center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "每日办件汇总"
        verbose_name_plural = "每日办件汇总"
        indexes = [models.Index(fields=["day", "kind"], name="dailycount_day_kind")]
        # One row per day, kind and department (the unregistered department, NULL, included):
        # the targets of the upserts that add events, so parallel writers add up.
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "department"],
                condition=Q(department__isnull=False),
                name="dailycount_one_per_department",
            ),
            models.UniqueConstraint(
                fields=["day", "kind"],
                condition=Q(department__isnull=True),
                name="dailycount_one_unregistered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.count}"


class CenterCount(models.Model):
    """What the center rollups share (中心办件汇总): events of one kind at one center in one
    period (a day, a month, a year), summed from the daily rollups by the center of their
    department and kept in step by the same writes (``cases.rollups.add_to_centers``)."""

    history_exempt = "a count derived from the daily rollups, recounted from them at any time"

    kind = models.CharField("环节", max_length=10, choices=EventKind.choices)
    # NULL: events of no registered department, which belong to the default center.
    center = models.ForeignKey(
        "org.Center",
        verbose_name="中心",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A plain integer: a negative addition (a rollback) is applied as an upsert.
    count = models.IntegerField("数量")

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center__path"
    scope_center_nullable = True

    class Meta:
        abstract = True


def center_count_rules(period: str, prefix: str) -> dict[str, list[Any]]:
    """A center rollup's index and constraints: a period's rows of some centers read from the
    index alone (the partial unique indexes serve the upserts, not a read grouped by center);
    one row per period, kind and center, the unregistered (NULL) included, the targets of the
    upserts so parallel writers add up."""
    return {
        "indexes": [
            models.Index(fields=[period, "center", "kind", "count"], name=f"{prefix}_read"),
        ],
        "constraints": [
            models.UniqueConstraint(
                fields=[period, "kind", "center"],
                condition=Q(center__isnull=False),
                name=f"{prefix}_one_per_center",
            ),
            models.UniqueConstraint(
                fields=[period, "kind"],
                condition=Q(center__isnull=True),
                name=f"{prefix}_one_unregistered",
            ),
        ],
    }


class CenterDailyCount(CenterCount):
    """Events per local day, kind and center (每日中心办件汇总): a province's roll-up reads a
    few hundred centers' rows instead of thousands of departments' (docs/benchmarks.md)."""

    day = models.DateField("日期")

    class Meta:
        verbose_name = "每日中心办件汇总"
        verbose_name_plural = "每日中心办件汇总"
        indexes = center_count_rules("day", "centerdaily")["indexes"]
        constraints = center_count_rules("day", "centerdaily")["constraints"]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.count}"


class CenterMonthlyCount(CenterCount):
    """Events per calendar month, kind and center (每月中心办件汇总): ``month`` is its first
    day; a year to date reads at most eleven months of these and the days of the last."""

    month = models.DateField("月份（首日）")

    class Meta:
        verbose_name = "每月中心办件汇总"
        verbose_name_plural = "每月中心办件汇总"
        indexes = center_count_rules("month", "centermonthly")["indexes"]
        constraints = center_count_rules("month", "centermonthly")["constraints"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.count}"


class CenterYearlyCount(CenterCount):
    """Events per calendar year, kind and center (每年中心办件汇总): ``year`` is its first day;
    a period of several years reads one row per year, kind and center for its whole years."""

    year = models.DateField("年份（首日）")

    class Meta:
        verbose_name = "每年中心办件汇总"
        verbose_name_plural = "每年中心办件汇总"
        indexes = center_count_rules("year", "centeryearly")["indexes"]
        constraints = center_count_rules("year", "centeryearly")["constraints"]

    def __str__(self) -> str:
        return f"{self.year:%Y} {self.kind} {self.count}"

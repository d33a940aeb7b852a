"""What happens in the hall week by week (工作记录): news, visits, patrols, policies, platform
figures and service evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from servicehall.catalog.models import ItemKind
from servicehall.core.models import ScopedManager
from servicehall.journal.rectification import Finding, RevisitMethod, State
from servicehall.org.models import center_field


class NewsCategory(models.Model):
    """A category of news entries (动态类别), e.g. 政务工作动态, 优化营商环境."""

    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = None  # a vocabulary shared by every center

    class Meta:
        verbose_name = "动态类别"
        verbose_name_plural = "动态类别"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class NewsItem(models.Model):
    """A news entry for the weekly report (工作动态), written by a liaison or the center."""

    center = center_field()
    category = models.ForeignKey(
        NewsCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="items"
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="news",
        help_text="中心自身工作留空",
    )
    occurred_on = models.DateField("日期", db_index=True)
    text = models.TextField("内容", help_text="报告中的原文；部门名称出现时以粗体印出")
    # Entries of one week that the report prints as one numbered item share a group number.
    group = models.PositiveSmallIntegerField("合并序号", null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    author = models.CharField("填报人", max_length=150, blank=True)

    objects = ScopedManager()
    scope_department_path = "department"
    scope_center_path = "center__path"
    scope_center_nullable = True  # rows saved before the tree: the default center

    class Meta:
        verbose_name = "工作动态"
        verbose_name_plural = "工作动态"
        ordering = ["occurred_on", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.text[:30]}"


class LeaderVisit(models.Model):
    """A head of a department visiting the hall (厅（局）长进大厅)."""

    visited_on = models.DateField("日期", db_index=True)
    center = center_field()
    department = models.ForeignKey(
        "org.Department",
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leader_visits",
    )
    # Visitors from outside the hall's departments (文化和旅游部市场管理司).
    organization = models.CharField("单位（非进驻部门）", max_length=100, blank=True)
    title = models.CharField("职务", max_length=100)
    name = models.CharField("姓名", max_length=50)
    companions = models.CharField(
        "同行人员", max_length=200, blank=True, help_text="如：二级巡视员邹端等一行人"
    )
    activity = models.CharField("活动", max_length=100, default="窗口调研值守")
    remarks = models.TextField("讲话要点", blank=True)

    objects = ScopedManager()
    scope_department_path = "department"
    scope_center_path = "center__path"
    scope_center_nullable = True  # rows saved before the tree: the default center

    class Meta:
        verbose_name = "厅（局）长进大厅"
        verbose_name_plural = "厅（局）长进大厅"
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.unit_name}{self.title}{self.name}"

    @property
    def unit_name(self) -> str:
        return self.department.name if self.department is not None else self.organization


class CheckItem(models.TextChoices):
    """The six check items of a hall patrol (巡查项目), in the report's order."""

    ON_TIME = "on_time", "按时到岗情况"
    WORK_AREA = "work_area", "工作区域标准化执行情况"
    DRESS = "dress", "着装情况"
    BADGE = "badge", "工作牌佩戴情况"
    DISCIPLINE = "discipline", "纪律秩序"
    PREVENTION = "prevention", "大厅防控情况"


class Rating(models.TextChoices):
    GOOD = "good", "良好"
    FAIR = "fair", "一般"
    POOR = "poor", "较差"


class Patrol(models.Model):
    """One patrol of the hall (大厅巡查)."""

    patrolled_at = models.DateTimeField("巡查时间", db_index=True)
    inspector = models.CharField("巡查人", max_length=100)
    center = center_field()

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center__path"
    scope_center_nullable = True  # rows saved before the tree: the default center

    class Meta:
        verbose_name = "大厅巡查"
        verbose_name_plural = "大厅巡查"
        ordering = ["patrolled_at"]

    def __str__(self) -> str:
        return f"{self.patrolled_at:%Y-%m-%d %H:%M} {self.inspector}"


class PatrolFinding(models.Model):
    """A patrol's rating of one check item, with what was found (巡查情况)."""

    patrol = models.ForeignKey(
        Patrol, verbose_name="巡查", on_delete=models.CASCADE, related_name="findings"
    )
    check_item = models.CharField("巡查项目", max_length=12, choices=CheckItem.choices)
    rating = models.CharField("评价", max_length=6, choices=Rating.choices, default=Rating.GOOD)
    remarks = models.TextField("情况说明", blank=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "patrol__center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "巡查情况"
        verbose_name_plural = "巡查情况"
        constraints = [
            models.UniqueConstraint(fields=["patrol", "check_item"], name="one_finding_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.get_check_item_display()} {self.get_rating_display()}"


class BenefitPolicyBatch(models.Model):
    """A published list of enterprise-benefit policies (惠企政策事项清单批次)."""

    name = models.CharField("清单名称", max_length=100, unique=True)
    year = models.PositiveIntegerField("年度")
    published_on = models.DateField("发布日期", null=True, blank=True)
    center = center_field()

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "center__path"
    scope_center_nullable = True  # rows saved before the tree: the default center

    class Meta:
        verbose_name = "惠企政策清单"
        verbose_name_plural = "惠企政策清单"
        ordering = ["year", "name"]

    def __str__(self) -> str:
        return self.name


class BenefitPolicy(models.Model):
    """One enterprise-benefit policy of a list (惠企政策事项), by reduction or payout."""

    class Mode(models.TextChoices):
        REDUCTION = "reduction", "减免"
        PAYOUT = "payout", "兑现"

    batch = models.ForeignKey(
        BenefitPolicyBatch, verbose_name="清单", on_delete=models.PROTECT, related_name="policies"
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name="部门",
        on_delete=models.PROTECT,
        related_name="benefit_policies",
    )
    name = models.CharField("政策事项", max_length=200)
    mode = models.CharField("兑享方式", max_length=10, choices=Mode.choices)

    objects = ScopedManager()
    scope_department_path = "department"
    scope_center_path = "department__center__path"

    class Meta:
        verbose_name = "惠企政策事项"
        verbose_name_plural = "惠企政策事项"
        ordering = ["batch", "department", "id"]

    def __str__(self) -> str:
        return self.name


class BenefitFulfilment(models.Model):
    """A policy's cumulative fulfilled amount as of a date (兑享金额，截至某日累计)."""

    policy = models.ForeignKey(
        BenefitPolicy, verbose_name="政策事项", on_delete=models.CASCADE, related_name="fulfilments"
    )
    as_of = models.DateField("统计截止日期")
    amount_yuan = models.DecimalField("累计兑享金额（元）", max_digits=18, decimal_places=2)

    objects = ScopedManager()
    scope_department_path = "policy__department"
    scope_center_path = "policy__department__center__path"

    class Meta:
        verbose_name = "惠企政策兑享"
        verbose_name_plural = "惠企政策兑享"
        ordering = ["as_of"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "as_of"], name="one_fulfilment_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.as_of} {self.amount_yuan}"


class PlatformDailyCount(models.Model):
    """Cases accepted and completed on the integrated platform per day and kind (一体化平台办件)."""

    day = models.DateField("日期")
    item_kind = models.CharField("事项类型", max_length=15, choices=ItemKind.choices)
    accepted = models.PositiveIntegerField("受理")
    completed = models.PositiveIntegerField("办结")
    center = center_field()
    batch = models.ForeignKey(
        "cases.ImportBatch",
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="platform_counts",
    )

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "center__path"
    scope_center_nullable = True  # rows saved before the tree: the default center

    class Meta:
        verbose_name = "一体化平台办件统计"
        verbose_name_plural = "一体化平台办件统计"
        ordering = ["day", "item_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "day", "item_kind"], name="one_platform_count_per_center"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.day} {self.get_item_kind_display()} 受理 {self.accepted} 办结 {self.completed}"
        )


class BadRatingClass(models.TextChoices):
    """What a 差评 is about (差评评价内容), the second-level evaluation contents of the national
    好差评 system: on-site 服务效率/服务水平/服务态度, online 办事效率/办事指南精确度/办事便捷度/
    平台操作性 (docs/indicators.md gives the source)."""

    SERVICE_EFFICIENCY = "service_efficiency", "服务效率"
    SERVICE_LEVEL = "service_level", "服务水平"
    SERVICE_ATTITUDE = "service_attitude", "服务态度"
    ONLINE_EFFICIENCY = "online_efficiency", "办事效率"
    GUIDE_ACCURACY = "guide_accuracy", "办事指南精确度"
    CONVENIENCE = "convenience", "办事便捷度"
    PLATFORM_USABILITY = "platform_usability", "平台操作性"


def check_bad_classes(value: object) -> None:
    """A list of known 差评 content classes, each once."""
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or len(set(value)) != len(value):
        raise ValidationError("差评内容分类应为不重复的分类列表")
    unknown = [v for v in value if v not in BadRatingClass.values]
    if unknown:
        raise ValidationError(f"未知的差评内容分类：{'、'.join(map(str, unknown))}")


class ServiceEvaluation(models.Model):
    """A rating of a case by the applicant (好差评), bad ones followed up in working days."""

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 5, "非常满意"
        SATISFIED = 4, "满意"
        BASIC = 3, "基本满意"
        DISSATISFIED = 2, "不满意"
        VERY_DISSATISFIED = 1, "非常不满意"

    case = models.ForeignKey(
        "cases.Case", verbose_name="办件", on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluated_at = models.DateTimeField("评价时间")
    level = models.PositiveSmallIntegerField("评价等级", choices=Level.choices)
    channel = models.CharField("评价渠道", max_length=20, blank=True)
    comment = models.TextField("评价内容", blank=True)
    real_name = models.BooleanField(
        "实名评价", default=False, db_default=False, help_text="评价人实名认证后作出的评价"
    )
    bad_classes = models.JSONField(
        "差评内容分类",
        default=list,
        blank=True,
        validators=[check_bad_classes],
        help_text="差评涉及的评价内容，可多选",
    )
    # Copies of the rating's rectification (差评整改), written by it only (journal.followup):
    # kept for the API's readers and the platform's export. A value given on creation (the
    # platform's own deadline, the demo's) is the rectification's when it is opened.
    follow_up_due = models.DateField("整改期限", null=True, blank=True)
    followed_up_on = models.DateField("整改日期", null=True, blank=True)
    follow_up_note = models.TextField("整改情况", blank=True)

    objects = ScopedManager()
    scope_department_path = "case__department"
    scope_center_path = "case__department__center__path"
    scope_center_nullable = True  # a case without a department: the default center
    # The applicant's rating as recorded: window staff and liaisons follow it up, never rewrite it.
    locked_fields = ("case", "evaluated_at", "level", "channel", "comment", "real_name")
    # Ratings are only ever added: no role deletes one, on a page, in the API or the admin.
    append_only = True

    class Meta:
        verbose_name = "好差评"
        verbose_name_plural = "好差评"
        ordering = ["-evaluated_at"]
        # A period's 差评 (差评按时整改率, 实名差评回访率) without reading its other ratings.
        indexes = [models.Index(fields=["level", "evaluated_at"], name="evaluation_level_moment")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_level_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saved with its rectification: every 差评 opens one, wherever it was recorded."""
        from servicehall.journal import followup

        with transaction.atomic():
            super().save(*args, **kwargs)
            followup.open_rectifications([self])

    @property
    def is_bad(self) -> bool:
        return self.level <= self.Level.DISSATISFIED


class Rectification(models.Model):
    """The follow-up of one bad rating (差评整改): 核实 → 整改 → 回访 → 办结 by a deadline."""

    evaluation = models.OneToOneField(
        ServiceEvaluation,
        verbose_name="好差评",
        on_delete=models.PROTECT,
        related_name="rectification",
    )
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.VERIFY, db_index=True
    )
    opened_on = models.DateField("评价日期")
    due = models.DateField("整改期限", db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # Written by the work order's moves only (journal.rectification.MOVES).
    finding = models.CharField("核实结论", max_length=10, choices=Finding.choices, blank=True)
    appeal_upheld = models.BooleanField("申诉复核成立", null=True, blank=True)

    objects = ScopedManager()
    scope_department_path = "evaluation__case__department"
    scope_center_path = "evaluation__case__department__center__path"
    scope_center_nullable = True  # a case without a department: the default center

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation.case} {self.get_state_display()}"

    @property
    def on_time(self) -> bool | None:
        """办结 by its deadline; None while open."""
        return None if self.closed_on is None else self.closed_on <= self.due

    def is_overdue(self, today: dt.date) -> bool:
        """Past its deadline on ``today`` and open, or closed after it (整改逾期)."""
        return self.closed_on > self.due if self.closed_on is not None else self.due < today


def evidence_path(step: RectificationStep, filename: str) -> str:
    return f"rectifications/{timezone.localdate():%Y}/{step.rectification_id}/{filename}"


# A step that is a 回访 record, or the one step of a work order imported already 办结 (the
# platform's follow-up): what 实名差评回访率 counts (``figures.indicators``), and the condition of
# the partial index that finds those few steps among a province's hundreds of thousands.
FOLLOWED_UP_STEP = Q(revisited_on__isnull=False) | Q(from_state="", to_state=State.CLOSED)


class RectificationStep(models.Model):
    """One step of a rectification (整改记录): its move, what was done, evidence, who, when."""

    rectification = models.ForeignKey(
        Rectification, verbose_name="差评整改", on_delete=models.PROTECT, related_name="steps"
    )
    from_state = models.CharField("原状态", max_length=10, choices=State.choices, blank=True)
    to_state = models.CharField("新状态", max_length=10, choices=State.choices)
    note = models.TextField("情况说明", blank=True)
    evidence = models.FileField("佐证材料", upload_to=evidence_path, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_steps",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    # The 回访 record (回访记录), on the step that leaves 回访: the day the citizen was called
    # back, how, and how satisfied they were afterwards.
    revisited_on = models.DateField("回访日期", null=True, blank=True)
    revisit_method = models.CharField(
        "回访方式", max_length=10, choices=RevisitMethod.choices, blank=True
    )
    revisit_satisfaction = models.PositiveSmallIntegerField(
        "回访满意度", choices=ServiceEvaluation.Level.choices, null=True, blank=True
    )

    objects = ScopedManager()
    scope_department_path = "rectification__evaluation__case__department"
    scope_center_path = "rectification__evaluation__case__department__center__path"
    scope_center_nullable = True  # a case without a department: the default center

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["at", "id"]
        indexes = [
            models.Index(
                fields=["rectification"], condition=FOLLOWED_UP_STEP, name="step_followed_up"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_from_state_display() or '开启'} → {self.get_to_state_display()}"

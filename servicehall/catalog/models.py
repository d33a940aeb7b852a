"""Service items and their handling items (政务服务事项与办理项), with dated status changes."""

from __future__ import annotations

from typing import Any

from django.db import models

from servicehall.core.models import ScopedManager


class ItemKind(models.TextChoices):
    """The kinds of administrative power (事项类型)."""

    LICENSE = "license", "行政许可"
    PUBLIC = "public", "公共服务"
    CONFIRMATION = "confirmation", "行政确认"
    BENEFIT = "benefit", "行政给付"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    LEVY = "levy", "行政征收"
    INSPECTION = "inspection", "行政检查"
    PENALTY = "penalty", "行政处罚"
    ENFORCEMENT = "enforcement", "行政强制"
    OTHER = "other", "其他行政权力"


# The report groups the nine kinds other than 行政许可 and 公共服务 as 其它9类行权事项.
OTHER_POWER_KINDS = [k for k in ItemKind.values if k not in (ItemKind.LICENSE, ItemKind.PUBLIC)]


class Visits(models.IntegerChoices):
    """How many times an applicant comes to the hall for a handling item (到现场次数)."""

    ZERO = 0, "0次（零跑动）"
    ONE = 1, "1次（最多跑一次）"
    TWO_OR_MORE = 2, "2次及以上"


class OnlineDepth(models.IntegerChoices):
    """How far a handling item is done online (网办深度), 一级 (information) to 四级 (fully)."""

    LEVEL_1 = 1, "一级（网上咨询、下载表格）"
    LEVEL_2 = 2, "二级（网上预审）"
    LEVEL_3 = 3, "三级（网上受理、现场领取）"
    LEVEL_4 = 4, "四级（全程网办）"


class ServiceItem(models.Model):
    """A government service item of a department (政务服务事项)."""

    department = models.ForeignKey(
        "org.Department",
        verbose_name="实施部门",
        on_delete=models.PROTECT,
        related_name="service_items",
    )
    code = models.CharField("事项编码", max_length=60, unique=True)
    name = models.CharField("事项名称", max_length=200)
    kind = models.CharField("事项类型", max_length=15, choices=ItemKind.choices)

    objects = ScopedManager()
    scope_department_path = "department"
    scope_center_path = "department__center__path"

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class HandlingItem(models.Model):
    """One way of handling a service item (办理项), the unit of authorisation and handbooks."""

    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name="政务服务事项",
        on_delete=models.PROTECT,
        related_name="handling_items",
    )
    code = models.CharField("办理项编码", max_length=80, unique=True)
    name = models.CharField("办理项名称", max_length=200)
    time_limit_days = models.PositiveIntegerField("承诺时限（工作日）", null=True, blank=True)
    # The national indicators (docs/indicators.md) read these: 承诺时限压缩比, 即办件, 跑动次数, 网办.
    statutory_days = models.PositiveIntegerField("法定时限（工作日）", null=True, blank=True)
    immediate = models.BooleanField(
        "即办件", default=False, db_default=False, help_text="受理后当场办结的事项"
    )
    visits = models.PositiveSmallIntegerField(
        "到现场次数", choices=Visits.choices, null=True, blank=True
    )
    online_depth = models.PositiveSmallIntegerField(
        "网办深度", choices=OnlineDepth.choices, null=True, blank=True
    )
    fully_online = models.BooleanField(
        "全程网办", default=False, db_default=False, help_text="申请、受理、办理、出件全程在网上"
    )
    listed_on = models.DateField("纳入日期", help_text="纳入省本级大厅事项之日")
    delisted_on = models.DateField("取消日期", null=True, blank=True)
    materials = models.TextField("申请材料", blank=True, help_text="受理时核对的材料清单，每行一项")
    fees = models.CharField("收费标准", max_length=200, blank=True, default="不收费")
    # The desk finds an item by the initials of its name (居民身份证 → jmsfz); kept on save.
    name_initials = models.CharField(
        "名称拼音首字母", max_length=200, blank=True, editable=False, db_index=True
    )

    objects = ScopedManager()
    scope_department_path = "service_item__department"
    scope_center_path = "service_item__department__center__path"

    class Meta:
        verbose_name = "办理项"
        verbose_name_plural = "办理项"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        from servicehall.catalog.search import initials

        self.name_initials = initials(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_initials"}
        super().save(*args, **kwargs)

    @property
    def material_list(self) -> list[str]:
        """The materials checklist, one entry per non-empty line."""
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class AuthorizationChange(models.Model):
    """A dated change of a handling item's authorisation to the comprehensive window (综窗授权变更)."""

    handling_item = models.ForeignKey(
        HandlingItem,
        verbose_name="办理项",
        on_delete=models.CASCADE,
        related_name="authorization_changes",
    )
    effective_on = models.DateField("生效日期")
    authorized = models.BooleanField("已授权综合窗口")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()
    scope_department_path = "handling_item__service_item__department"
    scope_center_path = "handling_item__service_item__department__center__path"

    class Meta:
        verbose_name = "综窗授权变更"
        verbose_name_plural = "综窗授权变更"
        ordering = ["effective_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["handling_item", "effective_on"], name="one_authorization_change_a_day"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.handling_item} {self.effective_on} {'授权' if self.authorized else '取消授权'}"
        )


class HandbookChange(models.Model):
    """A dated change of a handling item's acceptance handbook status (受理工作手册编制)."""

    handling_item = models.ForeignKey(
        HandlingItem,
        verbose_name="办理项",
        on_delete=models.CASCADE,
        related_name="handbook_changes",
    )
    effective_on = models.DateField("完成日期")
    compiled = models.BooleanField("已编制", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()
    scope_department_path = "handling_item__service_item__department"
    scope_center_path = "handling_item__service_item__department__center__path"

    class Meta:
        verbose_name = "受理手册编制记录"
        verbose_name_plural = "受理手册编制记录"
        ordering = ["effective_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["handling_item", "effective_on"], name="one_handbook_change_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.handling_item} {self.effective_on} {'已编制' if self.compiled else '撤回'}"


class ItemSpecVersion(models.Model):
    """A version of a service item's 一单一图一表 document (事项清单、运行图谱、实施要素一览表)."""

    class Part(models.TextChoices):
        LIST = "list", "事项清单"
        MAP = "map", "运行图谱"
        TABLE = "table", "实施要素一览表"

    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name="政务服务事项",
        on_delete=models.CASCADE,
        related_name="spec_versions",
    )
    part = models.CharField("类别", max_length=10, choices=Part.choices)
    version = models.PositiveIntegerField("版本")
    effective_on = models.DateField("生效日期")
    content = models.TextField("内容", blank=True)
    file = models.FileField("附件", upload_to="item-specs/%Y/", blank=True)

    objects = ScopedManager()
    scope_department_path = "service_item__department"
    scope_center_path = "service_item__department__center__path"

    class Meta:
        verbose_name = "一单一图一表版本"
        verbose_name_plural = "一单一图一表版本"
        ordering = ["service_item", "part", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_item", "part", "version"], name="unique_spec_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_item.name} {self.get_part_display()} v{self.version}"

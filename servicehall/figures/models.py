"""The province's targets for the national indicators (考核目标值)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from servicehall.core.models import ScopedManager
from servicehall.org.models import Center


def indicator_choices() -> list[tuple[str, str]]:
    """Every indicator of the registry (``figures.indicators.INDICATORS``): key → label."""
    from servicehall.figures.indicators import INDICATORS

    return [(indicator.key, indicator.label) for indicator in INDICATORS]


class IndicatorTarget(models.Model):
    """A target value of one indicator (考核目标值), for one center, for every center of a level,
    or for all, from a date: a new target is a new row, so the history of targets stays."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "不低于"
        AT_MOST = "at_most", "不高于"

    indicator = models.CharField("指标", max_length=40, choices=indicator_choices)
    center = models.ForeignKey(
        Center,
        verbose_name="中心",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_targets",
        help_text="只对这个中心；留空则按层级（或全部中心）",
    )
    level = models.CharField(
        "中心层级",
        max_length=10,
        choices=Center.Level.choices,
        blank=True,
        help_text="对这一层级的所有中心；与“中心”都留空则对全部中心",
    )
    direction = models.CharField(
        "要求", max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    value = models.DecimalField("目标值", max_digits=12, decimal_places=2)
    effective_on = models.DateField("生效日期", help_text="自该日起的统计期间按此目标考核")
    basis = models.CharField("依据", max_length=200, blank=True, help_text="如：省政务服务考核办法")

    objects = ScopedManager()
    scope_department_path = None
    # A target of no center (a level's, or all centers') is the province's: set at the top.
    scope_center_path = "center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "考核目标值"
        verbose_name_plural = "考核目标值"
        ordering = ["indicator", "-effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.get_direction_display()} {self.value}"

    def clean(self) -> None:
        if self.center_id is not None and self.level:
            raise ValidationError({"level": "已指定中心时不再填写层级"})

    @property
    def whom(self) -> str:
        """Whom the target is for, in words."""
        if self.center is not None:
            return self.center.short_name or self.center.name
        return f"全部{self.get_level_display()}中心" if self.level else "全部中心"

    def missed_by(self, value: Decimal | int | None) -> bool:
        """Whether ``value`` misses the target (no value misses nothing)."""
        if value is None:
            return False
        if self.direction == self.Direction.AT_MOST:
            return Decimal(value) > self.value
        return Decimal(value) < self.value

    @classmethod
    def in_force(cls, center: Center | None, day: dt.date) -> dict[str, IndicatorTarget]:
        """The target of each indicator for ``center`` on ``day``: the center's own, else its
        level's, else all centers', the latest in force on that day."""
        rows = cls.objects.filter(effective_on__lte=day).select_related("center")
        if center is None:
            rows = rows.filter(center__isnull=True, level="")
        else:
            rows = rows.filter(
                Q(center=center)
                | Q(center__isnull=True, level=center.level)
                | Q(center__isnull=True, level="")
            )
        found: dict[str, tuple[int, dt.date, int, IndicatorTarget]] = {}
        for row in rows:
            rank = 2 if row.center_id is not None else 1 if row.level else 0
            best = found.get(row.indicator)
            if best is None or (rank, row.effective_on, row.pk) > best[:3]:
                found[row.indicator] = (rank, row.effective_on, row.pk, row)
        return {key: entry[3] for key, entry in found.items()}


class IndicatorCount(models.Model):
    """One monthly count behind the national indicators (考核指标月汇总): how many records of one
    of the indicators' record sets (``figures.indicators.ROLLED``), or the sum of one of their
    fields, fell in a local month, per department, 办理项 and accepting window — kept in the
    transaction of every write of a case or a rating (``figures.indicator_rollups``), so a whole
    month of a province is a sum of a few thousand rows instead of a count of its cases."""

    history_exempt = "a count derived from the cases and ratings, recounted from them at any time"

    month = models.DateField("月份（首日）")
    # Plain keys, not foreign keys: 0 / "" stand for none, so one unique index serves the upsert
    # on both databases (a NULL is never equal to another in a unique index).
    department_key = models.IntegerField("部门编号（0：未登记）")
    item_key = models.IntegerField("办理项编号（0：无）")
    window_code = models.CharField("受理窗口", max_length=20)
    measure = models.CharField("计数项", max_length=40)
    count = models.BigIntegerField("数量")

    class Meta:
        verbose_name = "考核指标月汇总"
        verbose_name_plural = "考核指标月汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "department_key", "item_key", "window_code", "measure"],
                name="indicatorcount_one_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} {self.count}"


class IndicatorCenterCount(models.Model):
    """The monthly rollups of the indicators summed per center (考核指标中心月汇总): each
    department's totals (``IndicatorCount`` over all its 办理项 and windows) added to its
    center's row in the same write, so a province's month is a sum of its centers' few thousand
    rows instead of its 3,344 departments' hundred thousand (issue 22: ≤ 100 ms)."""

    history_exempt = "a count derived from the indicators' monthly rollups, recounted at any time"

    month = models.DateField("月份（首日）")
    center_key = models.IntegerField("中心编号")
    measure = models.CharField("计数项", max_length=40)
    count = models.BigIntegerField("数量")

    class Meta:
        verbose_name = "考核指标中心月汇总"
        verbose_name_plural = "考核指标中心月汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "center_key", "measure"], name="indicatorcentercount_one_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.center_key} {self.measure} {self.count}"

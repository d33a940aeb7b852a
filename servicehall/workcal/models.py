"""The working-day calendar as data (工作日历): each year's status and source, and the days that
differ from Monday–Friday (holidays off, 调休 weekend days on)."""

from __future__ import annotations

from django.db import models

from servicehall.core.models import ScopedManager


class CalendarYear(models.Model):
    """One year of the calendar (年度日历): published by the State Council, or estimated."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "已公布"
        ESTIMATED = "estimated", "预估（国务院通知未公布）"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    source = models.CharField(
        "依据",
        max_length=200,
        help_text="国务院办公厅通知的标题和文号，如“国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）”",
    )
    source_url = models.URLField("通知链接", blank=True)
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度日历"
        verbose_name_plural = "年度日历"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.get_status_display()}）"


class CalendarDay(models.Model):
    """A day that is not as Monday–Friday says (节假日或调休上班日)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "休"
        WORKDAY = "workday", "班"

    calendar = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=40, help_text="如 春节、国庆节调休上班")

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.date and self.calendar_id and self.date.year != self.calendar.year:
            raise ValidationError({"date": f"{self.date} 不在 {self.calendar.year} 年"})
        if self.date and self.kind == self.Kind.WORKDAY and self.date.weekday() < 5:
            raise ValidationError({"kind": "周一至周五本就上班，不必标“班”"})


class LocalDay(models.Model):
    """A center's own day (本地节假日与调休): a local holiday off, or a make-up working day on.

    It holds for its center and every center below it, unless one of them says otherwise for
    the same date (the nearest center's day wins); a sibling or the parent never counts it
    (``workdays.calendar``). Kept by its own center's admin, read by the centers above.
    """

    # The center is named by its label, not imported: workcal sits below org in the layers.
    center = models.ForeignKey(
        "org.Center",
        on_delete=models.CASCADE,
        related_name="local_days",
        verbose_name="所属中心",
    )
    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=10, choices=CalendarDay.Kind.choices)
    name = models.CharField("名称", max_length=40, help_text="如 彝族年、县庆放假、补班")
    note = models.CharField("依据", max_length=200, blank=True, help_text="当地通知的标题和文号")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True  # a center's days off are public: every login of it reads them
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "本地节假日与调休"
        verbose_name_plural = "本地节假日与调休"
        ordering = ["date", "center_id"]
        constraints = [
            models.UniqueConstraint(fields=["center", "date"], name="one_local_day_per_center")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"

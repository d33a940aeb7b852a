"""The hall's organisation (机构): centers, departments, windows, staff and their training."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

from servicehall.core.models import ScopedManager

PATH_STEP = 6  # digits of one center's id in a path: "000001.000007." (a million centers)


class Center(models.Model):
    """A government service center (政务服务中心): province → city → county → township, any depth.

    ``path`` is the materialised path of ids from the root ("000001.000007.000012."): a center's
    subtree is ``path__startswith`` its path (docs/decisions.md, "The tree of centers").
    """

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇"

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    level = models.CharField("层级", max_length=10, choices=Level.choices, default=Level.PROVINCE)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级中心",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_default = models.BooleanField("默认中心", default=False)
    path = models.CharField("层级路径", max_length=255, blank=True, editable=False, db_index=True)
    # A center that runs its own ServiceHall and pushes its daily rollups upward (联网报送,
    # servicehall.federation): its departments here are mirrors and its counts arrive signed,
    # never from this database's event log (docs/decisions.md, "Halls that run their own copy").
    federated = models.BooleanField(
        "独立部署（联网报送）",
        default=False,
        help_text="该中心运行自己的系统，按日汇总数据由其签名报送到本实例",
    )

    class CrossDepartment(models.TextChoices):
        """What a department's window does with another department's item (部门窗口收件规则)."""

        REFUSE = "refuse", "不予受理"
        PROXY = "proxy", "作为代收受理，须写明代收原因"

    cross_department = models.CharField(
        "部门窗口收他部门事项",
        max_length=10,
        choices=CrossDepartment.choices,
        default=CrossDepartment.REFUSE,
        db_default=CrossDepartment.REFUSE,
        help_text="部门窗口受理其他部门的办理项时：不予受理，或作为代收受理并记录代收原因",
    )
    bad_rating_days = models.PositiveSmallIntegerField(
        "差评整改时限（工作日）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="差评工单自评价之日起的办结时限，按工作日历计算（常用 5、7、15）；留空按系统默认",
    )

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "path"

    class Meta:
        verbose_name = "政务服务中心"
        verbose_name_plural = "政务服务中心"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_center"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep ``path`` (and every descendant's, when the center moves) in step with ``parent``."""
        from django.core.exceptions import ValidationError
        from django.db import transaction

        with transaction.atomic():
            parent_path = (
                Center.objects.get(pk=self.parent_id).path if self.parent_id is not None else ""
            )
            if self.pk is None:
                super().save(*args, **kwargs)
                self.path = f"{parent_path}{self.pk:0{PATH_STEP}d}."
                Center.objects.filter(pk=self.pk).update(path=self.path)
                return
            old = Center.objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""
            if old and parent_path.startswith(old):
                raise ValidationError("上级中心不能是本中心或其下级中心")
            self.path = f"{parent_path}{self.pk:0{PATH_STEP}d}."
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "path"}
            super().save(*args, **kwargs)
            if old and old != self.path:
                Center.objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old) + 1))
                )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.pk is not None and self.parent_id is not None:
            parent = Center.objects.get(pk=self.parent_id)
            if parent.pk == self.pk or (self.path and parent.path.startswith(self.path)):
                raise ValidationError({"parent": "上级中心不能是本中心或其下级中心"})

    def subtree(self) -> models.QuerySet[Center]:
        """This center and every center below it (本级及下级)."""
        return Center.objects.filter(path__startswith=self.path)

    @classmethod
    def default(cls) -> Center:
        center = cls.objects.filter(is_default=True).first() or cls.objects.order_by("pk").first()
        if center is None:
            center = cls.objects.create(
                name="四川省政府政务服务和公共资源交易服务中心",
                short_name="省中心",
                is_default=True,
            )
        return center


def default_center_id() -> int | None:
    """The default center's id, for records made without naming a center (None before any)."""
    ids = Center.objects.order_by("-is_default", "pk").values_list("pk", flat=True)
    return ids.first()


def center_field() -> models.ForeignKey[Center | None, Center | None]:
    """The center a record belongs to (所属中心): its maker's, the default center when unsaid.
    One declaration for every register that names its center directly."""
    return models.ForeignKey(
        "org.Center",
        verbose_name="中心",
        null=True,
        blank=True,
        default=default_center_id,
        on_delete=models.PROTECT,
        related_name="+",
    )


def default_center() -> Center | None:
    """The default center, or None before any center exists (never creates one)."""
    return Center.objects.order_by("-is_default", "pk").first()


class Department(models.Model):
    """A department or unit stationed in the hall (进驻部门/单位)."""

    center = models.ForeignKey(
        Center, verbose_name="中心", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    # Other names the same department goes by in files and texts (住房城乡建设厅 / 住房和城乡建设厅).
    aliases = models.CharField("别名", max_length=300, blank=True, help_text="以顿号或逗号分隔")
    sort_order = models.PositiveIntegerField("排序", default=100)
    stationed_on = models.DateField("进驻日期", null=True, blank=True)
    left_on = models.DateField("撤出日期", null=True, blank=True)

    objects = ScopedManager()
    scope_department_path = "pk"
    scope_visible_to_all = True
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "进驻部门"
        verbose_name_plural = "进驻部门"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="unique_department_name")
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(
        cls, name: str, center: Center | None = None, among: models.Q | None = None
    ) -> Department | None:
        """The department called ``name``, by its name or one of its aliases (of ``center``
        when given: every county has its own 公安局; of the departments ``among`` selects)."""
        departments = cls.objects.all() if center is None else cls.objects.filter(center=center)
        if among is not None:
            departments = departments.filter(among)
        found = departments.filter(name=name).first()
        if found is None:
            found = next(
                (d for d in departments.exclude(aliases="") if name in d.alias_list()), None
            )
        return found

    def alias_list(self) -> list[str]:
        raw = self.aliases.replace("、", ",").replace("，", ",")
        return [part.strip() for part in raw.split(",") if part.strip()]

    def stationed_as_of(self, day: dt.date) -> bool:
        return stationed_between(self.stationed_on, self.left_on, day)


def stationed_between(stationed_on: dt.date | None, left_on: dt.date | None, day: dt.date) -> bool:
    """A department is stationed (进驻) on ``day``: arrived by then (or no date kept), not yet
    left — the rule of ``Department.stationed_as_of``, for its dates read without the row."""
    return (stationed_on is None or stationed_on <= day) and (left_on is None or left_on > day)


class Window(models.Model):
    """A service window of the hall (窗口), open from one date until another."""

    class Kind(models.TextChoices):
        COMPREHENSIVE_ACCEPT = "accept", "无差别综合受理窗口"
        ISSUE = "issue", "出件窗口"
        DEPARTMENT = "department", "部门窗口"

    center = models.ForeignKey(
        Center, verbose_name="中心", on_delete=models.PROTECT, related_name="windows"
    )
    code = models.CharField("窗口号", max_length=20)
    name = models.CharField("名称", max_length=100, blank=True)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="windows",
    )
    opened_on = models.DateField("启用日期")
    closed_on = models.DateField("撤销日期", null=True, blank=True, help_text="此日起不再开放")

    objects = ScopedManager()
    scope_department_path = "department"
    scope_visible_to_all = True
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "窗口"
        verbose_name_plural = "窗口"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "code", "opened_on"], name="unique_window_code"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=models.F("opened_on")),
                name="window_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name or self.get_kind_display()}"

    def clean(self) -> None:
        """One window number is one window at a time: a code may be used again only after the
        window holding it closed (the database's unique key alone allowed two at once)."""
        from django.core.exceptions import ValidationError

        if not (self.code and self.opened_on and self.center_id):
            return
        others = Window.objects.filter(center_id=self.center_id, code=self.code).exclude(pk=self.pk)
        overlapping = others.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=self.opened_on))
        if self.closed_on is not None:
            overlapping = overlapping.filter(opened_on__lt=self.closed_on)
        if clash := overlapping.first():
            until = f"至 {clash.closed_on}" if clash.closed_on else "至今"
            raise ValidationError(
                {"code": f"窗口号 {self.code} 已由“{clash}”使用（{clash.opened_on} 起{until}）"}
            )

    @staticmethod
    def open_on_q(day: dt.date) -> Q:
        """Windows open on ``day``: opened on or before it and not yet closed."""
        return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class Staff(models.Model):
    """A person working in the hall (工作人员): comprehensive-window staff or a department's."""

    center = models.ForeignKey(
        Center, verbose_name="中心", on_delete=models.PROTECT, related_name="staff"
    )
    name = models.CharField("姓名", max_length=50)
    staff_no = models.CharField("工号", max_length=30, unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="综窗人员留空",
    )
    joined_on = models.DateField("入岗日期", null=True, blank=True)
    left_on = models.DateField("离岗日期", null=True, blank=True)

    objects = ScopedManager()
    scope_department_path = "department"
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["staff_no"]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    def in_post_on(self, day: dt.date) -> bool:
        return (self.joined_on is None or self.joined_on <= day) and (
            self.left_on is None or self.left_on > day
        )

    def window_on(self, day: dt.date) -> Window | None:
        """The window this person sat at on ``day`` (None when unassigned)."""
        found = next(
            (a for a in self.assignments.all() if a.covers(day)),
            None,
        )
        return found.window if found is not None else None


class StaffAssignment(models.Model):
    """A person's stint at one window, from one date until another (窗口分配).

    Staff rotate between windows, so the assignment is dated rather than a field of the person:
    who sat at a window on a past day stays answerable after the next rotation.
    """

    staff = models.ForeignKey(
        Staff, verbose_name="工作人员", on_delete=models.CASCADE, related_name="assignments"
    )
    window = models.ForeignKey(
        Window, verbose_name="窗口", on_delete=models.PROTECT, related_name="assignments"
    )
    started_on = models.DateField("上岗日期")
    ended_on = models.DateField("调离日期", null=True, blank=True, help_text="此日起不在该窗口")

    objects = ScopedManager()
    scope_department_path = "staff__department"
    scope_center_path = "staff__center__path"

    class Meta:
        verbose_name = "窗口分配"
        verbose_name_plural = "窗口分配"
        ordering = ["staff", "-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        until = f"至 {self.ended_on}" if self.ended_on else "至今"
        return f"{self.staff} {self.window.code}（{self.started_on} 起{until}）"

    def covers(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)

    def clean(self) -> None:
        """The window must be open for the whole stint (a closed window has nobody at it)."""
        from django.core.exceptions import ValidationError

        if self.ended_on is not None and self.started_on and self.ended_on <= self.started_on:
            raise ValidationError({"ended_on": "调离日期应晚于上岗日期"})
        if not (self.window_id and self.started_on):
            return
        window = self.window
        if self.started_on < window.opened_on:
            raise ValidationError(
                {"started_on": f"窗口 {window.code} 于 {window.opened_on} 才启用"}
            )
        if window.closed_on is not None and (
            self.ended_on is None or self.ended_on > window.closed_on
        ):
            raise ValidationError(
                {
                    "ended_on": f"窗口 {window.code} 已于 {window.closed_on} 撤销，调离日期不得晚于此日"
                }
            )


class TrainingSession(models.Model):
    """One training session held for window staff (业务培训), counted in 次."""

    center = models.ForeignKey(
        Center, verbose_name="中心", on_delete=models.PROTECT, related_name="trainings"
    )
    held_on = models.DateField("日期", db_index=True)
    topic = models.CharField("培训内容", max_length=200)
    organizers = models.ManyToManyField(
        Department, verbose_name="组织部门", related_name="trainings_given"
    )
    trainees = models.ManyToManyField(
        Staff, verbose_name="参训人员", blank=True, related_name="trainings"
    )
    # When the names of the trainees are not recorded, the headcount still is.
    trainee_count = models.PositiveIntegerField("参训人数", null=True, blank=True)
    audience = models.CharField("培训对象", max_length=100, blank=True, default="综合窗口工作人员")

    objects = ScopedManager()
    scope_department_path = "organizers"
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

"""What a federated child center pushes (联网报送) and the keys that prove it is the child's.

At the parent: ``ChildKey`` (the child's public key, written only by the operator's command,
never by a bundle), ``ReceivedBundle`` (each bundle taken in, by its sequence number),
``PushedDay`` (each day's checksum as last pushed) and ``ReceivedIssue``/``ReceivedIssueFile``
(the child's published issues). The counts themselves land in ``cases.DailyCount`` under the
mirrored departments (docs/decisions.md, "Halls that run their own copy").

At the child: ``SentBundle``, the numbered bundles it made.
"""

from __future__ import annotations

from django.db import models

from servicehall.core.models import ScopedManager


class ChildKey(models.Model):
    """A federated child center's public signing key (联网下级公钥), Ed25519."""

    center = models.ForeignKey(
        "org.Center", verbose_name="中心", on_delete=models.PROTECT, related_name="+"
    )
    public_key = models.CharField("公钥", max_length=100, help_text="ed25519: 加 Base64")
    fingerprint = models.CharField("指纹", max_length=16, db_index=True)
    added_at = models.DateTimeField("登记时间", auto_now_add=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "联网下级公钥"
        verbose_name_plural = "联网下级公钥"
        constraints = [
            models.UniqueConstraint(fields=["center", "fingerprint"], name="one_key_per_print")
        ]

    def __str__(self) -> str:
        return f"{self.center} {self.fingerprint}"


class ReceivedBundle(models.Model):
    """A bundle taken in from a federated child (已接收数据包), by its sequence number."""

    history_exempt = "the record of a push itself: written once per bundle, never edited"

    class Via(models.TextChoices):
        API = "api", "接口推送"
        FILE = "file", "数据包文件"

    center = models.ForeignKey(
        "org.Center", verbose_name="中心", on_delete=models.PROTECT, related_name="+"
    )
    sequence = models.PositiveIntegerField("序号")
    sha256 = models.CharField("摘要", max_length=64)
    since = models.DateField("起始日")
    through = models.DateField("截至日")
    made_at = models.DateTimeField("生成时间")
    received_at = models.DateTimeField("接收时间", auto_now_add=True)
    via = models.CharField("方式", max_length=5, choices=Via.choices)
    username = models.CharField("接收账号", max_length=150, blank=True)
    days_changed = models.PositiveIntegerField("更新天数", default=0)
    issues_added = models.PositiveIntegerField("新收期次", default=0)

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "已接收数据包"
        verbose_name_plural = "已接收数据包"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["center", "sequence"], name="one_bundle_per_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.center} 第{self.sequence}号"


class PushedDay(models.Model):
    """One day of a federated child's rollups as last pushed (报送日汇总): its checksum."""

    history_exempt = "the checksum of pushed counts, replaced by the next push of the day"

    center = models.ForeignKey(
        "org.Center", verbose_name="中心", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("日期")
    checksum = models.CharField("校验值", max_length=64)
    pushed_at = models.DateTimeField("报送时间")

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "报送日汇总"
        verbose_name_plural = "报送日汇总"
        constraints = [models.UniqueConstraint(fields=["center", "day"], name="one_pushed_day")]

    def __str__(self) -> str:
        return f"{self.center} {self.day}"


class ReceivedIssue(models.Model):
    """A published issue of a federated child (下级已发布期次), as it pushed it."""

    history_exempt = "a frozen copy of the child's published issue, recorded by its bundle"

    center = models.ForeignKey(
        "org.Center", verbose_name="中心", on_delete=models.PROTECT, related_name="+"
    )
    series = models.CharField("报告名称", max_length=50)
    year = models.PositiveIntegerField("年度")
    number = models.PositiveIntegerField("年度期号")
    serial = models.PositiveIntegerField("总期号", null=True, blank=True)
    period_start = models.DateField("起始日", null=True, blank=True)
    period_end = models.DateField("截止日", null=True, blank=True)
    issue_date = models.DateField("印发日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间")
    figures = models.JSONField("统计数据", default=dict, blank=True)
    bundle = models.ForeignKey(
        ReceivedBundle, verbose_name="数据包", on_delete=models.PROTECT, related_name="issues"
    )

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "下级已发布期次"
        verbose_name_plural = "下级已发布期次"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "series", "year", "number"], name="one_received_issue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.center} {self.series} {self.year}年第{self.number}期"


class ReceivedIssueFile(models.Model):
    """A file of a child's published issue (下级期次文件), with its SHA-256."""

    history_exempt = "a frozen copy of the child's file, checked against its hash"

    issue = models.ForeignKey(
        ReceivedIssue, verbose_name="期次", on_delete=models.CASCADE, related_name="files"
    )
    format = models.CharField("格式", max_length=10)
    content = models.BinaryField("内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("字节数")

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "issue__center__path"

    class Meta:
        verbose_name = "下级期次文件"
        verbose_name_plural = "下级期次文件"
        constraints = [
            models.UniqueConstraint(fields=["issue", "format"], name="one_received_file_format")
        ]

    def __str__(self) -> str:
        return f"{self.issue}.{self.format}"


class SentBundle(models.Model):
    """A bundle this instance made for its parent (已生成数据包): its number is never reused."""

    history_exempt = "the record of an export itself: written once per bundle"

    center = models.ForeignKey(
        "org.Center", verbose_name="中心", on_delete=models.PROTECT, related_name="+"
    )
    sequence = models.PositiveIntegerField("序号")
    since = models.DateField("起始日")
    through = models.DateField("截至日")
    sha256 = models.CharField("摘要", max_length=64)
    made_at = models.DateTimeField("生成时间")

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "已生成数据包"
        verbose_name_plural = "已生成数据包"
        constraints = [
            models.UniqueConstraint(fields=["center", "sequence"], name="one_sent_per_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.center} 第{self.sequence}号"

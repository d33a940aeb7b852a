"""The weekly report (周报): series, versioned layouts, issues and their frozen files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from servicehall.core.models import ScopedManager
from servicehall.core.periods import Period
from servicehall.org.models import center_field


class PublishedIssueError(Exception):
    """A published issue is frozen (已发布的期次不可修改); a correction is a new issue."""


class ReportSeries(models.Model):
    """A report series (周报系列), e.g. 窗口工作周报: title, issuer, masthead and 版记."""

    class Masthead(models.TextChoices):
        TITLE_FIRST = "title_first", "期号、标题、时段、发文单位、日期"
        ISSUER_FIRST = "issuer_first", "期号、发文单位与日期、标题、时段"
        BRIEFING = "briefing", "简报式：大号红色报名，期号居中，发文单位居左、日期居右，红线"
        FILE = "file", "红头文件式：发文机关标志、发文字号、红线、标题，文末署名和日期"

    # Unique per center (one_series_title_per_center): every center may run its own 窗口工作周报.
    title = models.CharField("报告名称", max_length=50)
    issuer = models.CharField("发文单位", max_length=100)
    masthead = models.CharField(
        "版头样式", max_length=15, choices=Masthead.choices, default=Masthead.TITLE_FIRST
    )
    file_code = models.CharField(
        "发文机关代字",
        max_length=20,
        blank=True,
        help_text="红头文件式版头的发文字号用，如“川政服”印为“川政服〔2024〕4号”",
    )

    center = center_field()

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "center__path"
    scope_center_nullable = True  # series saved before the tree: the default center

    class Meta:
        verbose_name = "周报系列"
        verbose_name_plural = "周报系列"
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["center", "title"], name="one_series_title_per_center")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.masthead == self.Masthead.FILE and not self.file_code.strip():
            raise ValidationError({"file_code": "红头文件式版头须填写发文机关代字（如“川政服”）"})

    def current_layout(self) -> ReportLayout | None:
        return self.layouts.order_by("-version").first()

    def distribution(self) -> dict[str, str]:
        return {line.line: line.text for line in self.distribution_lines.all()}

    def copies(self) -> int:
        return sum(line.copies for line in self.distribution_lines.all())


class DistributionLine(models.Model):
    """One line of the 版记 (报/送/发) with the copies printed for it (分送范围)."""

    class Line(models.TextChoices):
        REPORT = "报", "报"
        SEND = "送", "送"
        ISSUE = "发", "发"

    series = models.ForeignKey(
        ReportSeries,
        verbose_name="周报系列",
        on_delete=models.CASCADE,
        related_name="distribution_lines",
    )
    line = models.CharField("类别", max_length=1, choices=Line.choices)
    text = models.CharField(
        "分送单位",
        max_length=300,
        help_text="如：省政务管理办公室、省级相关部门（单位）、省中心领导",
    )
    copies = models.PositiveIntegerField("份数")

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "series__center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "分送范围"
        verbose_name_plural = "分送范围"
        ordering = ["series", "line"]
        constraints = [
            models.UniqueConstraint(fields=["series", "line"], name="one_distribution_line")
        ]

    def __str__(self) -> str:
        return f"{self.line}：{self.text}（{self.copies}份）"


class ReportLayout(models.Model):
    """A version of a series' section layout and wording (版式与措辞), as data.

    ``definition`` is a tree of sections, each with blocks of content (see reports/layouts.py).
    A layout version is never edited in place once an issue uses it: editing makes a new version.
    """

    series = models.ForeignKey(
        ReportSeries, verbose_name="周报系列", on_delete=models.CASCADE, related_name="layouts"
    )
    version = models.PositiveIntegerField("版本")
    definition = models.JSONField("版式定义")
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.CharField("创建人", max_length=150, blank=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "series__center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "版式版本"
        verbose_name_plural = "版式版本"
        ordering = ["series", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="unique_layout_version")
        ]

    def __str__(self) -> str:
        return f"{self.series.title} 第{self.version}版"


class Issue(models.Model):
    """One issue of a series (期次): drafted from data or imported from a past file."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "已审核"
        PUBLISHED = "published", "已发布"
        # An imported past issue whose figures the records contradict (reports.disputes): kept
        # with its number, out of the trends and the YTD check until a person resolves it.
        DISPUTED = "disputed", "争议"

    class Origin(models.TextChoices):
        DRAFTED = "drafted", "系统生成"
        IMPORTED = "imported", "往期导入"

    series = models.ForeignKey(
        ReportSeries, verbose_name="周报系列", on_delete=models.PROTECT, related_name="issues"
    )
    layout = models.ForeignKey(
        ReportLayout,
        verbose_name="版式版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField("来源", max_length=10, choices=Origin.choices, default=Origin.DRAFTED)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    number = models.PositiveIntegerField("年度期号", null=True, blank=True)
    serial = models.PositiveIntegerField("总期号", null=True, blank=True)
    period_start = models.DateField("起始日", null=True, blank=True)
    period_end = models.DateField("截止日", null=True, blank=True)
    issue_date = models.DateField("印发日期", null=True, blank=True)
    document = models.JSONField("文档内容")
    figures = models.JSONField("统计数据", default=dict)
    differences = models.JSONField(
        "与记录不符的数字",
        default=list,
        blank=True,
        help_text="导入时原文数字与记录不一致之处：指标、原文数值、记录数值",
    )
    source_sha256 = models.CharField("原文件摘要", max_length=64, blank=True, db_index=True)
    source_name = models.CharField("原文件名", max_length=255, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # A 勘误 (erratum): a separate issue of the series correcting a published one; its
    # figures and text supersede the original's once it is published (reports/corrections.py).
    corrects = models.ForeignKey(
        "self",
        verbose_name="勘误的期次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="errata",
    )
    correction_reason = models.TextField("勘误理由", blank=True)
    # A new draft of the week made while the editor's changes wait (reports/redrafting.py):
    # {"document", "figures", "layout", "at", "by"}; cleared when the editor has chosen.
    pending_redraft = models.JSONField("待比对的新草稿", null=True, blank=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "series__center__path"
    scope_center_nullable = True
    scope_public_rows = {"status": "published"}  # drafts: editors and leaders only

    class Meta:
        verbose_name = "周报期次"
        verbose_name_plural = "周报期次"
        ordering = ["-year", "-number", "-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"],
                condition=Q(number__isnull=False),
                name="unique_issue_number",
            ),
            models.UniqueConstraint(
                fields=["series", "serial"],
                condition=Q(serial__isnull=False),
                name="unique_issue_serial",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return (
                f"{self.series.title} {self.year}年第{self.number}期（总第{self.serial or '—'}期）"
            )
        return f"{self.series.title} {self.period_start or ''}—{self.period_end or ''}（{self.get_status_display()}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and Issue.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise PublishedIssueError(
                f"{self} 已发布，内容、数据和文件不可修改；更正请另发一期或勘误。"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if Issue.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise PublishedIssueError(f"{self} 已发布，不可删除。")
        return super().delete(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"{self.year}-{self.number}" if self.number else f"草稿#{self.pk}"

    @property
    def is_erratum(self) -> bool:
        """Whether this issue is a 勘误 of another."""
        return self.corrects_id is not None

    @property
    def withdrawn(self) -> IssueWithdrawal | None:
        """The withdrawal (撤回) of this published issue, or None while it stands."""
        try:
            return self.withdrawal
        except IssueWithdrawal.DoesNotExist:
            return None

    @property
    def period(self) -> Period:
        """The issue's period of statistics (统计期间); an imported report may lack one."""
        if self.period_start is None or self.period_end is None:
            raise ValueError(f"{self} 没有统计期间")
        return Period(self.period_start, self.period_end)


class IssueFile(models.Model):
    """A rendered file of a published issue (期次文件), frozen with its checksum."""

    issue = models.ForeignKey(
        Issue, verbose_name="期次", on_delete=models.PROTECT, related_name="files"
    )
    format = models.CharField(
        "格式", max_length=10, help_text="txt、html、docx、pdf，或 source（导入的原文件）"
    )
    content = models.BinaryField("内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("字节数")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "issue__series__center__path"
    scope_center_nullable = True
    scope_public_rows = {"issue__status": "published"}

    class Meta:
        verbose_name = "期次文件"
        verbose_name_plural = "期次文件"
        constraints = [
            models.UniqueConstraint(fields=["issue", "format"], name="one_file_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.issue.label}.{self.format}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise PublishedIssueError("期次文件生成后不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PublishedIssueError("期次文件不可删除")


class IssueWithdrawal(models.Model):
    """The withdrawal of a published issue, with its reason (撤回记录).

    The issue itself stays as published, frozen, its numbers never reused; this record marks
    it withdrawn: left out of the trends and the year-to-date check, shown with the reason.
    A withdrawal is never changed or removed."""

    issue = models.OneToOneField(
        Issue, verbose_name="期次", on_delete=models.PROTECT, related_name="withdrawal"
    )
    reason = models.TextField("撤回理由")
    # The account's name only: a frozen row holds no key a deleted login would have to clear.
    username = models.CharField("撤回人账号", max_length=150, blank=True)
    at = models.DateTimeField("撤回时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "issue__series__center__path"
    scope_center_nullable = True
    scope_public_rows = {"issue__status": "published"}

    class Meta:
        verbose_name = "撤回记录"
        verbose_name_plural = "撤回记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.issue} 撤回：{self.reason}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise PublishedIssueError("撤回记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PublishedIssueError("撤回记录不可删除；撤回后如需恢复，请另发一期")


class IssueAction(models.Model):
    """Who did what to an issue and when (审核流转记录): draft, submit, approve, publish."""

    class Kind(models.TextChoices):
        """The steps an issue's log names (操作), written once: the review steps' values are
        ``reports.workflow``'s transition names, as in URLs and the API."""

        DRAFT = "draft", "生成草稿"
        REDRAFT = "redraft", "重新生成"
        MERGE_REDRAFT = "merge-redraft", "合并新草稿"
        DISCARD_REDRAFT = "discard-redraft", "放弃新草稿"
        EDIT = "edit", "修改段落"
        SUBMIT = "submit", "提交审核"
        APPROVE = "approve", "审核通过"
        SEND_BACK = "send-back", "退回修改"
        PUBLISH = "publish", "发布"
        OVERRIDE = "override", "更正数据"
        ACKNOWLEDGE = "acknowledge", "确认数字不符"
        ACCEPT_STATED = "accept-stated", "采用原文数字"
        ERRATUM = "erratum", "发起勘误"
        ERRATUM_FIGURE = "erratum-figure", "勘误更正数据"
        WITHDRAW = "withdraw", "撤回"
        # A 待核对 import resolved on its page (archive.pending).
        ACCEPT_DOCUMENT = "accept-document", "采用待核对文件"
        DELETE_DOCUMENT = "delete-document", "删除待核对文件"

        @classmethod
        def of(cls, action: str) -> IssueAction.Kind:
            """The kind of a value or of its Chinese label; ValueError for anything else."""
            for kind in cls:
                if action in (kind.value, kind.label):
                    return kind
            raise ValueError(f"未知的审核流转操作“{action}”")

    issue = models.ForeignKey(
        Issue, verbose_name="期次", on_delete=models.CASCADE, related_name="actions"
    )
    action = models.CharField("操作", max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("操作人账号", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.TextField("意见", blank=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "issue__series__center__path"
    scope_center_nullable = True
    scope_public_rows = {"issue__status": "published"}

    class Meta:
        verbose_name = "审核流转记录"
        verbose_name_plural = "审核流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.issue.label} {self.get_action_display()} {self.username}"

    @classmethod
    def record(cls, issue: Issue, user: Any, action: str, note: str = "") -> IssueAction:
        """Log ``action`` (a ``Kind``, or its value or label) on ``issue`` by ``user`` (None,
        or no saved user: the system); an action not in ``Kind`` is refused."""
        return cls.objects.create(
            issue=issue,
            action=cls.Kind.of(action).value,
            user=user if getattr(user, "pk", None) else None,
            username=getattr(user, "username", "") or "",
            note=note,
        )


class FigureOverride(models.Model):
    """An editor's override of a figure of an issue, with its reason (数据更正).

    The number in the text is the figure's token: it changes only through an override, which
    changes the figure, every token of it and the label under the paragraph together."""

    issue = models.ForeignKey(
        Issue, verbose_name="期次", on_delete=models.CASCADE, related_name="figure_overrides"
    )
    key = models.CharField("指标", max_length=60)
    old_value = models.JSONField("原值")
    new_value = models.JSONField("新值")
    reason = models.TextField("理由")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("操作人账号", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "issue__series__center__path"
    scope_center_nullable = True
    scope_public_rows = {"issue__status": "published"}

    class Meta:
        verbose_name = "数据更正"
        verbose_name_plural = "数据更正"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.issue.label} {self.key}：{self.old_value} → {self.new_value}"


class FigureTextAcknowledgement(models.Model):
    """An editor's acknowledgement that the text states a number other than its figure
    (文中数字与数据不符的确认): the finding no longer blocks publication; who, when, why."""

    issue = models.ForeignKey(
        Issue,
        verbose_name="期次",
        on_delete=models.CASCADE,
        related_name="figure_text_acknowledgements",
    )
    finding = models.CharField(
        "检查提示", max_length=120, help_text="如 figure_text:window.week.consult:1290"
    )
    message = models.CharField("提示内容", max_length=300, blank=True)
    reason = models.TextField("理由")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("操作人账号", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "issue__series__center__path"
    scope_center_nullable = True
    scope_public_rows = {"issue__status": "published"}

    class Meta:
        verbose_name = "数字不符确认"
        verbose_name_plural = "数字不符确认"
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "finding"], name="one_figure_text_acknowledgement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue.label} {self.finding}"


class WordingRule(models.Model):
    """A correction a secretariat makes (审稿措辞规则): where it applies (a regular expression
    over a paragraph's printed text), what it becomes, and why. The shipped list is loaded by a
    data migration; a center adds its own in the admin (`reports.secretariat` reads them all)."""

    name = models.CharField("规则名称", max_length=40, unique=True)
    pattern = models.CharField(
        "查找（正则表达式）", max_length=300, help_text="Python 正则，如 截止(?=\\d|目前)"
    )
    replacement = models.CharField(
        "改为", max_length=100, blank=True, help_text="可用 \\1 等引用分组；空则只提示不建议改法"
    )
    message = models.CharField("说明", max_length=200)
    enabled = models.BooleanField("启用", default=True)
    shipped = models.BooleanField("系统内置", default=False, editable=False)

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = None  # the secretariat's list is shared by every center
    scope_visible_to_all = True

    class Meta:
        verbose_name = "审稿措辞规则"
        verbose_name_plural = "审稿措辞规则"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        import re

        from django.core.exceptions import ValidationError

        try:
            compiled = re.compile(self.pattern)
            compiled.sub(self.replacement, "")
        except (re.error, IndexError) as exc:
            raise ValidationError({"pattern": f"正则表达式有误：{exc}"}) from None


class LedgerEntry(models.Model):
    """One entry of the archive's ledger (发布台账): a publication, erratum, frozen file or
    withdrawal, chained to the entry before it by a keyed hash (reports/ledger.py).

    The entry keeps digests of what it covers, not the rows themselves, and names its issue by
    id and label (no foreign key): it must outlive whatever an intruder deletes."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", "发布"
        ERRATUM = "erratum", "勘误发布"
        FILE = "file", "固定文件"
        WITHDRAWAL = "withdrawal", "撤回"

    seq = models.PositiveIntegerField("序号", unique=True)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    issue_ref = models.PositiveIntegerField("期次编号")
    label = models.CharField("期次", max_length=200)
    payload = models.JSONField("登记内容")
    prev = models.CharField("上一条校验码", max_length=64)
    mac = models.CharField("校验码", max_length=64)
    at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = None  # one ledger for the installation's archive
    history_exempt = "the ledger is its own record: append-only, chained and keyed"

    class Meta:
        verbose_name = "发布台账"
        verbose_name_plural = "发布台账"
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_kind_display()} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise PublishedIssueError("台账记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PublishedIssueError("台账记录不可删除")


class SubmissionRule(models.Model):
    """A parent center's deadline for its children's weekly issues (报送时限): so many working
    days after the week's last working day, at a time of day (``reports.submission.deadline``)."""

    center = models.OneToOneField(
        "org.Center",
        verbose_name="上级中心",
        on_delete=models.CASCADE,
        related_name="submission_rule",
    )
    working_days = models.PositiveSmallIntegerField(
        "报送时限（工作日）",
        default=1,
        help_text="下级中心须在周报所报工作周最后一个工作日之后第几个工作日前报送；0 为当天",
    )
    at = models.TimeField("截止时刻", default=dt.time(17, 0))

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "报送时限"
        verbose_name_plural = "报送时限"

    def __str__(self) -> str:
        return f"{self.center} 报送时限：周末后第{self.working_days}个工作日 {self.at:%H:%M}"


class IssueSubmission(models.Model):
    """A child center's published issue submitted to its parent (周报报送记录): which issue,
    when, by whom, and its figures as printed — never changed afterwards."""

    issue = models.OneToOneField(
        Issue, verbose_name="期次", on_delete=models.PROTECT, related_name="submission"
    )
    center = models.ForeignKey(
        "org.Center",
        verbose_name="报送中心",
        on_delete=models.PROTECT,
        related_name="issue_submissions",
    )
    parent = models.ForeignKey(
        "org.Center",
        verbose_name="报送至",
        on_delete=models.PROTECT,
        related_name="received_submissions",
    )
    period_start = models.DateField("起始日")
    period_end = models.DateField("截止日")
    with_children = models.BooleanField(
        "统计范围含下级", default=False, help_text="周报数字为本级及下级（否则为本级）"
    )
    figures = models.JSONField("报送时的数据", default=dict, help_text="周报印出的各项数字")
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("报送人账号", max_length=150, blank=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    # The child's row: read by the child and by every center above it, never by a sibling.
    scope_center_path = "center__path"

    class Meta:
        verbose_name = "周报报送记录"
        verbose_name_plural = "周报报送记录"
        ordering = ["-period_end", "center__path", "-submitted_at"]

    def __str__(self) -> str:
        return f"{self.center} 报送 {self.issue}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise PublishedIssueError("报送记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PublishedIssueError("报送记录不可删除")

"""Past documents that are not numbered issues of a series (往期文档)."""

from __future__ import annotations

from django.db import models

from servicehall.core.models import ScopedManager
from servicehall.org.models import center_field


class PastDocument(models.Model):
    """An imported report without an issue number (未编号往期文档): a bulletin, a data release."""

    title = models.CharField("标题", max_length=200, blank=True)
    issuer = models.CharField("发文单位", max_length=100, blank=True)
    issue_date = models.DateField("日期", null=True, blank=True)
    period_start = models.DateField("起始日", null=True, blank=True)
    period_end = models.DateField("截止日", null=True, blank=True)
    document = models.JSONField("文档内容")
    figures = models.JSONField("统计数据", default=dict)
    # One file once per center's archive (one_past_document_per_center): a county may keep
    # a copy of a file its parent holds too.
    source_sha256 = models.CharField("原文件摘要", max_length=64, db_index=True)
    source_name = models.CharField("原文件名", max_length=255)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    # A numbered report whose number an issue with other content already holds: kept beside
    # it for a person to compare and choose (待核对), never refused and never overwriting.
    conflicts_with = models.ForeignKey(
        "reports.Issue",
        verbose_name="与之冲突的期次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflicting_imports",
    )
    # 待核对: an import a person must look at before it counts (a number another issue holds
    # with other content, a file that reads oddly): searchable, marked, out of every trend,
    # until resolved on its page (archive/pending.py).
    pending = models.BooleanField("待核对", default=False)
    pending_reason = models.CharField("待核对原因", max_length=500, blank=True)
    # Whose archive it is: the center of who imported it (the default center's from the command
    # line, and for the documents imported before the tree).
    center = center_field()

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    scope_center_path = "center__path"
    scope_center_nullable = True

    class Meta:
        verbose_name = "往期文档"
        verbose_name_plural = "往期文档"
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "source_sha256"], name="one_past_document_per_center"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.source_name


class IssueParagraphRow(models.Model):
    """A row derived from one paragraph of a published issue or a past document (段落派生行):
    rebuilt with the search index (``servicehall reindex``), never from a draft."""

    issue = models.ForeignKey(
        "reports.Issue",
        verbose_name="期次",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    document = models.ForeignKey(
        PastDocument,
        verbose_name="往期文档",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    position = models.PositiveIntegerField("段落序号")

    objects = ScopedManager()
    scope_department_path = None
    scope_visible_to_all = True
    # Its issue's series' center, or its past document's: a county never finds its parent's or
    # a sibling's paragraphs, nor charts their numbers.
    scope_center_path = ("issue__series__center__path", "document__center__path")
    scope_center_nullable = True

    class Meta:
        abstract = True


class Passage(IssueParagraphRow):
    """One paragraph of a published issue or a past document, as the search finds it (检索段落).

    Rebuilt from the documents at any time (``servicehall reindex``); drafts are never in it.
    """

    history_exempt = "a search index derived from the issues, rebuilt at any time"

    heading = models.CharField("所在标题", max_length=300, blank=True)
    text = models.TextField("段落")
    words = models.TextField("检索词")  # jieba's words, space-separated: what the index holds

    class Meta:
        verbose_name = "检索段落"
        verbose_name_plural = "检索段落"
        ordering = ["issue_id", "document_id", "position"]

    def __str__(self) -> str:
        return self.text[:40]


class StatedFact(IssueParagraphRow):
    """One quantity a published or imported issue states (文中数量), for charting across issues.

    Rebuilt with the search index (``servicehall reindex``) from the issues' paragraphs.
    """

    history_exempt = "derived from the issues' paragraphs, rebuilt at any time"

    date = models.DateField("所属日期", null=True, blank=True)  # period end, else issue date
    label = models.CharField("名称", max_length=200)
    value = models.DecimalField("数值", max_digits=24, decimal_places=6)
    unit = models.CharField("单位", max_length=20, blank=True)
    scope = models.CharField("范围", max_length=100, blank=True)
    basis = models.CharField("比较基期", max_length=10, blank=True)  # 环比/同比
    direction = models.CharField("变化", max_length=10, blank=True)  # 增加/减少/持平
    text = models.TextField("原文")
    # Read by OCR with low confidence and not yet confirmed (待核对): out of the trends.
    review = models.BooleanField("待核对", default=False)

    class Meta:
        verbose_name = "文中数量"
        verbose_name_plural = "文中数量"
        ordering = ["date", "issue_id", "document_id", "position"]
        indexes = [models.Index(fields=["label", "unit"], name="archive_fact_label_unit")]

    def __str__(self) -> str:
        return f"{self.label} {self.value}{self.unit}"


class ReviewConfirmation(IssueParagraphRow):
    """A person's word that a number OCR read with low confidence is right (识别数字核对确认):
    from then on the statement counts in the trends. Kept apart from the index, which is
    rebuilt at any time, and from the issue, which is frozen."""

    value = models.DecimalField("数值", max_digits=24, decimal_places=6)
    text = models.TextField("原文")
    confirmed_by = models.CharField("确认人", max_length=150)
    confirmed_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "识别数字确认"
        verbose_name_plural = "识别数字确认"
        ordering = ["confirmed_at"]

    def __str__(self) -> str:
        return f"{self.text[:30]} {self.value}"

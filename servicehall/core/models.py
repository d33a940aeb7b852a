"""Shared model plumbing (公共模型): the permission-aware queryset every read goes through."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from servicehall.core.permissions import VIEW, scope_filter

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset that knows which rows a user may see (按角色和部门限定的查询集).

    A model names the path to its department in ``scope_department_path`` (``None`` for
    center-wide records). Center admins and leaders see every row; window staff see every row
    (they serve all departments at the comprehensive windows); a department liaison sees only
    rows of its own department, and none of the center-wide ones unless the model sets
    ``scope_visible_to_all``.
    """

    def for_user(self, user: Any, action: str = VIEW) -> ScopedQuerySet[_M]:
        return scope_filter(self, user, action)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class Job(models.Model):
    """A piece of long work run by a background worker (后台任务), with visible progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类别", max_length=30)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    created_by = models.CharField("提交人", max_length=150, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    stage = models.CharField("阶段", max_length=30, blank=True)
    results = models.JSONField("结果", default=list)
    error = models.TextField("错误", blank=True)
    # What the submitter chose for this work (e.g. an import's strict or lenient mode).
    options = models.JSONField("选项", default=dict, blank=True)
    # Who runs it (host:pid of the worker) and when it last said so: a running job whose
    # heartbeat stops is reaped as failed (`jobs.reap_stale`), never left running.
    worker = models.CharField("执行进程", max_length=100, blank=True)
    heartbeat_at = models.DateTimeField("最后心跳", null=True, blank=True)
    # The materialised path of the center of who started it (``org.Center.path``): a job, its
    # files and results are read within that center's subtree only. A path and not a foreign
    # key: ``core`` names no app above it, and a job lives minutes, not across a move of centers.
    center_path = models.CharField("所属中心路径", max_length=255, null=True, blank=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "center_path"  # the center of who started it (and its subtree)
    scope_center_nullable = True  # started from the command line: the default center's
    history_exempt = "the queue of long work: its progress is written many times a second"

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(int(self.done * 100 / self.total), 99) if self.total else 0

    @property
    def rate(self) -> float | None:
        """Units done per second since the job started (rows of a file, files of a batch)."""
        if not self.started_at or not self.done:
            return None
        end = self.finished_at or timezone.now()
        seconds = (end - self.started_at).total_seconds()
        return self.done / seconds if seconds > 0 else None

    @property
    def eta_seconds(self) -> int | None:
        """Seconds left at the rate so far, while the job runs and its total is known."""
        rate = self.rate
        if self.status != self.Status.RUNNING or not rate or self.done >= self.total:
            return None
        return round((self.total - self.done) / rate)


class JobFile(models.Model):
    """A file handed to a background job (任务文件), kept until the job has run."""

    job = models.ForeignKey(
        Job, verbose_name="任务", on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField("文件名", max_length=255)
    content = models.BinaryField("内容")

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "job__center_path"  # as its job
    scope_center_nullable = True

    history_exempt = "an upload waiting for its job; removed when the job ends"

    class Meta:
        verbose_name = "任务文件"
        verbose_name_plural = "任务文件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

"""The change history (变更记录): who changed which record, when, before and after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class HistoryIsReadOnly(Exception):
    """A change record is never changed or deleted (变更记录不可修改)."""


class ChangeRecordQuerySet(models.QuerySet["ChangeRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise HistoryIsReadOnly("变更记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HistoryIsReadOnly("变更记录不可删除")


class ChangeRecord(models.Model):
    """One create, update or delete of one record (一条变更记录); always on, never edited.

    The ORM refuses to update or delete one; on PostgreSQL a trigger refuses it too (migration
    0003), whatever client asks.
    """

    history_exempt = "the history itself"

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copied so the record still reads right after the account is renamed or deleted.
    username = models.CharField("操作人账号", max_length=150, blank=True)
    source = models.CharField("来源", max_length=20)
    request_id = models.CharField("请求编号", max_length=32, blank=True, db_index=True)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    app_label = models.CharField("应用", max_length=50)
    model_name = models.CharField("模型", max_length=50)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("原因", blank=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        ordering = ["-time", "-id"]
        # Looking up one object's history is the common read.
        indexes = [models.Index(fields=["app_label", "model_name", "object_id"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username or '系统'} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise HistoryIsReadOnly("变更记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HistoryIsReadOnly("变更记录不可删除")

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))

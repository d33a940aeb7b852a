"""Notices to the people of the hall (站内提醒): a reminder to a liaison to submit the week's news."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notice(models.Model):
    """An in-app notice to one user (站内提醒), read when its recipient marks it so."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notices",
    )
    text = models.CharField("内容", max_length=300)
    link = models.CharField("链接", max_length=300, blank=True)
    created = models.DateTimeField("提醒时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    # Only the recipient reads its notices (services.notices_of), whatever its role: no
    # department scope applies. The path says which department's row a test makes
    # (core/tests/test_access_matrix.row_for); for_user is never asked about notices.
    scope_department_path = "recipient__department"
    scope_center_path = "recipient__center__path"

    class Meta:
        verbose_name = "站内提醒"
        verbose_name_plural = "站内提醒"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.text[:30]}"

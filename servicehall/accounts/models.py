"""Logins and their roles (用户与角色)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from servicehall.core.roles import Role

__all__ = ["Role", "User"]


class User(AbstractUser):
    """A login of the system (用户): one role, and for a liaison, its department."""

    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        "org.Department",
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def clean(self) -> None:
        super().clean()
        if self.role == Role.LIAISON and self.department_id is None:
            raise ValidationError({"department": "部门联络员必须指定所属部门"})

    @property
    def effective_role(self) -> str:
        """The role the permission checks use: a superuser acts as a center admin."""
        return Role.ADMIN if self.is_superuser else self.role

    @property
    def is_center_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_liaison(self) -> bool:
        return self.role == Role.LIAISON and not self.is_superuser

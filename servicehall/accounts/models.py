"""Logins and their roles (用户与角色)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from servicehall.core.roles import Role

__all__ = ["Role", "User"]


class User(AbstractUser):
    """A login of the system (用户): its center, one role there, and for a liaison, its department."""

    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.STAFF)
    # The role applies to this center and every center below it (docs/decisions.md, "The tree
    # of centers"); a login without one belongs to the default center.
    center = models.ForeignKey(
        "org.Center",
        verbose_name="所属中心",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
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
        department = self.department
        if (
            department is not None
            and self.center_id is not None
            and department.center_id != self.center_id
        ):
            raise ValidationError({"department": "所属部门应在本人所属中心"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.center_id is None:
            from servicehall.org.models import default_center_id

            department = self.department
            self.center_id = department.center_id if department else default_center_id()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "center"}
        super().save(*args, **kwargs)

    @property
    def scope_center_path(self) -> str | None:
        """The materialised path of the user's center: what they read is below it.

        A superuser reads the whole tree (None: no center limit); see docs/decisions.md.
        """
        if self.is_superuser:
            return None
        from servicehall.org.models import default_center

        center = self.center if self.center_id is not None else default_center()
        return center.path if center is not None else None

    @property
    def scope_sees_unassigned(self) -> bool:
        """Whether rows that name no center (they belong to the default center) are the user's:
        the default center lies in the user's subtree."""
        path = self.scope_center_path
        if path is None:
            return True
        from servicehall.org.models import default_center

        default = default_center()
        return default is None or default.path.startswith(path)

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

"""Logins and their roles (用户与角色)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save

from servicehall.core.models import ScopedManager
from servicehall.core.roles import Role

__all__ = ["Role", "RoleGrant", "User"]


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

    # A login is a row of its center, seen by the admins of the centers above it.
    scope_center_path = "center__path"

    def _center_scope(self) -> tuple[str | None, bool]:
        """``reader_center_path`` and ``scope_sees_unassigned``, looked up once per loaded login
        (a request loads its own) while its center and the tree of centers stay as they were:
        every scope check of a request asks them, and each asked the database (issue 24)."""
        key = (self.center_id, self.is_superuser, _tree_version)
        memo = self.__dict__.get("_center_scope_memo")
        if memo is not None and memo[0] == key:
            scope: tuple[str | None, bool] = memo[1]
            return scope
        from servicehall.org.models import Center, default_center

        default = None
        own = self.center if type(self).center.is_cached(self) else None
        if self.is_superuser:
            path = None
        elif own is not None and own.is_default:
            # Loaded with the login (the API token's query joins it) and the default center
            # itself: nothing to ask (issue 24, a query of every API request of such a login).
            default = own
            path = own.path
        else:
            # The login's center and the default one in one query.
            found = {
                c.pk: c
                for c in Center.objects.filter(
                    models.Q(pk=self.center_id) | models.Q(is_default=True)
                ).only("pk", "path", "is_default")
            }
            default = next((c for c in found.values() if c.is_default), None) or default_center()
            center = found.get(self.center_id) if self.center_id is not None else default
            path = center.path if center is not None else None
        sees = path is None or default is None or default.path.startswith(path)
        self.__dict__["_center_scope_memo"] = (key, (path, sees))
        return path, sees

    @property
    def reader_center_path(self) -> str | None:
        """The materialised path of the user's center: what they read is below it.

        A superuser reads the whole tree (None: no center limit); see docs/decisions.md.
        """
        return self._center_scope()[0]

    @property
    def scope_sees_unassigned(self) -> bool:
        """Whether rows that name no center (they belong to the default center) are the user's:
        the default center lies in the user's subtree."""
        return self._center_scope()[1]

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


class RoleGrant(models.Model):
    """The granting of a role to a login (角色授予记录): who gave it, when, through what.

    Leader and admin roles (and superuser) are granted only by a superuser over the web and the
    admin, or by the server's operator through `servicehall adduser` (`accounts.grants`); the
    approval of an issue asks who granted its approver's role and when (`reports.workflow`)."""

    user = models.ForeignKey(
        User, verbose_name="账号", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField("授予角色", max_length=10)  # a Role value, or "superuser"
    granted_by = models.ForeignKey(
        User,
        verbose_name="授予人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_by_name = models.CharField("授予人账号", max_length=150, blank=True)
    source = models.CharField("途径", max_length=10)  # web, admin, api, command, system
    at = models.DateTimeField("授予时间", auto_now_add=True)

    objects = ScopedManager()
    scope_department_path = None
    scope_center_path = "user__center__path"  # a grant is its login's center's

    class Meta:
        verbose_name = "角色授予记录"
        verbose_name_plural = "角色授予记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} ← {self.role}（{self.granted_by_name or self.source}）"


_tree_version = 0  # moves on whenever a center is saved or deleted in this process


def _tree_changed(**kwargs: Any) -> None:
    global _tree_version
    _tree_version += 1


post_save.connect(_tree_changed, sender="org.Center", dispatch_uid="accounts.tree_changed")
post_delete.connect(_tree_changed, sender="org.Center", dispatch_uid="accounts.tree_changed_del")

"""Granting leader and admin roles (角色授予): only a superuser may, and each grant is recorded.

A leader approves issues and an admin publishes them; were any admin able to make a leader, one
person could approve their own draft through a second login (issue 23). So every save of a
login that gives it the leader or admin role, or superuser, is checked here whatever made it
(the admin, a page, a fixture): over the web, the admin or the API the acting user must be a
superuser; a command run on the server (`servicehall adduser`) is the operator's. Each grant
is kept as a `RoleGrant` (who, when, through what), which the approval of an issue reads.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save, pre_save

from servicehall.accounts.models import RoleGrant, User
from servicehall.core.context import current
from servicehall.core.roles import Role

PRIVILEGED = (Role.LEADER, Role.ADMIN)
SUPERUSER = "superuser"
REQUEST_SOURCES = ("web", "admin", "api")


class GrantRefused(PermissionDenied):
    """A role only a superuser may grant, asked by someone else (403 with the reason)."""


def granted_now(user: User) -> list[str]:
    """The privileged roles this save would give ``user`` that it does not have yet."""
    before = (
        User.objects.filter(pk=user.pk).values("role", "is_superuser").first() if user.pk else None
    )
    roles = []
    if user.role in PRIVILEGED and (before is None or before["role"] != user.role):
        roles.append(str(user.role))
    if user.is_superuser and (before is None or not before["is_superuser"]):
        roles.append(SUPERUSER)
    return roles


def refusal(roles: list[str]) -> str:
    """Why the acting user may not grant ``roles`` now; empty when they may."""
    context = current()
    if not roles or context.source not in REQUEST_SOURCES:
        return ""
    actor = User.objects.filter(pk=context.user_id).first() if context.user_id else None
    if actor is not None and actor.is_superuser:
        return ""
    names = "、".join(dict(Role.choices).get(r, "超级管理员") for r in roles)
    return f"授予{names}角色须由超级管理员操作（并留有记录）；当前账号无此权限"


def _check(sender: Any, instance: User, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    roles = granted_now(instance)
    if reason := refusal(roles):
        raise GrantRefused(reason)
    instance._granted_now = roles  # type: ignore[attr-defined]


def _record(sender: Any, instance: User, raw: bool = False, **kwargs: Any) -> None:
    roles = getattr(instance, "_granted_now", [])
    if raw or not roles:
        return
    context = current()
    granter = User.objects.filter(pk=context.user_id).first() if context.user_id else None
    for role in roles:  # one by one: each is in the change history too
        RoleGrant.objects.create(
            user=instance,
            role=role,
            granted_by=granter,
            granted_by_name=context.username,
            source=context.source,
        )
    instance._granted_now = []  # type: ignore[attr-defined]


def current_grant(user: Any, role: str) -> RoleGrant | None:
    """The grant of ``role`` that ``user`` holds now: the latest one."""
    return RoleGrant.objects.filter(user=user, role=role).order_by("-at", "-pk").first()


def connect() -> None:
    pre_save.connect(_check, sender=User, dispatch_uid="accounts.grants.check")
    post_save.connect(_record, sender=User, dispatch_uid="accounts.grants.record")

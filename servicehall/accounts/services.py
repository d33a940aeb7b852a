"""Creating logins (账号管理)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from servicehall.accounts.models import Role, User
from servicehall.org.models import Center, Department, default_center


class UserError(ValueError):
    """The login cannot be created as asked."""


@transaction.atomic
def create_login(
    username: str,
    *,
    role: str,
    password: str,
    department_name: str | None = None,
    center_name: str | None = None,
) -> User:
    """Create a login with its role at its center (the default center unless named); a liaison
    must name its department, one of that center's."""
    if role not in Role.values:
        raise UserError(f"未知角色“{role}”，应为 {'/'.join(Role.values)}")
    if not username.strip():
        raise UserError("账号名不能为空")
    if User.objects.filter(username=username).exists():
        raise UserError(f"账号“{username}”已存在")
    if not password:
        raise UserError("密码不能为空")
    center = default_center()
    if center_name:
        found = Center.objects.filter(Q(name=center_name) | Q(short_name=center_name)).first()
        if found is None:
            raise UserError(f"中心“{center_name}”不存在")
        center = found
    department = None
    if department_name:
        department = Department.named(department_name, center=center)
        if department is None:
            raise UserError(f"部门“{department_name}”不在{center or ''}进驻部门名录中")
    if role == Role.LIAISON and department is None:
        raise UserError("部门联络员必须用 --department 指定所属部门")
    user = User(
        username=username,
        role=role,
        center=center,
        department=department,
        is_staff=role == Role.ADMIN,  # the Django admin is for center admins
        is_superuser=False,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise UserError("密码不符合要求：" + "；".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    if role == Role.ADMIN:
        from django.contrib.auth.models import Permission

        user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    return user


ADMIN_APPS = ["org", "catalog", "cases", "journal", "reports", "archive", "accounts", "history"]


@transaction.atomic
def api_token(username: str, *, rotate: bool = False) -> str:
    """A new API token of an active login (接口令牌), returned once: the database keeps only
    its SHA-512 (django-rest-knox). A login has one; ``rotate`` replaces it, and asking again
    without ``rotate`` is refused, since the token cannot be shown twice."""
    from knox.models import AuthToken

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(f"账号“{username}”不存在或已停用")
    held = AuthToken.objects.filter(user=user)
    if held.exists() and not rotate:
        raise UserError(
            f"账号“{username}”已有接口令牌；令牌只在生成时显示一次，数据库只存其摘要。"
            "如已遗失，请用 --rotate 作废旧令牌并生成新令牌"
        )
    held.delete()
    _, token = AuthToken.objects.create(user=user, expiry=None)
    return str(token)


def sign_in(request: Any, user: User) -> None:
    """Sign a checked login in (登录), every write of it in one transaction.

    A sign-in writes the new session, axes' access log and reset, and ``last_login``; each on its
    own is a write transaction, and on SQLite each waits its turn for the database's one writer
    (an import publishing in chunks holds it a chunk at a time): six waits made a login wait
    1.7 s during a 2M-row import. Together they wait once. The password is checked before (by
    the form), outside the transaction, so its hashing never holds the writer's lock."""
    with transaction.atomic():
        login(request, user)
        request.session.save()  # core.sessions: SessionMiddleware's save after it writes nothing

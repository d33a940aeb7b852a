"""Shared model plumbing (公共模型): the permission-aware queryset every read goes through."""

from __future__ import annotations

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which rows a user may see (按角色和部门限定的查询集).

    A model names the path to its department in ``scope_department_path`` (``None`` for
    center-wide records). Center admins and leaders see every row; window staff see every row
    (they serve all departments at the comprehensive windows); a department liaison sees only
    rows of its own department, and none of the center-wide ones unless the model sets
    ``scope_visible_to_all``.
    """

    def for_user(self, user, action: str = "view") -> ScopedQuerySet:
        from servicehall.accounts.permissions import scope_filter

        return scope_filter(self, user, action)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)

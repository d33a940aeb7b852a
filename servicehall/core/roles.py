"""The roles of a login (角色): what each kind of user of the hall may do."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    """What a login may do (角色)."""

    ADMIN = "admin", "中心管理员"
    STAFF = "staff", "综窗工作人员"
    LIAISON = "liaison", "部门联络员"
    LEADER = "leader", "中心领导"

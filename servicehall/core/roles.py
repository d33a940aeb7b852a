"""The roles of a login (角色): what each kind of user of the hall may do."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    """What a login may do (角色)."""

    ADMIN = "admin", "中心管理员"
    STAFF = "staff", "综窗工作人员"
    LIAISON = "liaison", "部门联络员"
    LEADER = "leader", "中心领导"


# Who drafts issues, edits layouts and imports past reports (the report's editors).
REPORT_EDITORS: tuple[str, ...] = (Role.ADMIN,)
# Who may read an issue before it is published: its editors, and the leaders who approve it.
DRAFT_READERS: tuple[str, ...] = (*REPORT_EDITORS, Role.LEADER)

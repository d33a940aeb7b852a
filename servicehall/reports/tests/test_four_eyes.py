"""Four eyes by construction (issue 23): the approver drafted, edited, submitted and corrected
nothing of the issue, and holds a leader role granted before the issue was submitted, by
someone other than themselves and anyone who worked on it; leader and admin roles are granted
by a superuser only, and each grant is recorded; a wrong role gets 403 with the reason."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.urls import reverse

from servicehall.accounts.grants import GrantRefused
from servicehall.accounts.models import RoleGrant, User
from servicehall.core.context import acting_as
from servicehall.core.roles import Role
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.models import Issue
from servicehall.reports.workflow import WorkflowForbidden, approve, edit_paragraph, submit
from servicehall.testing.personas import PASSWORD

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db

WEEK = dt.date(2024, 1, 24)


@pytest.fixture
def boss(db: None, police: Department, water: Department) -> User:
    """A superuser (超级管理员): the one who may grant leader and admin roles."""
    with acting_as(None, source="command"):
        return User.objects.create_superuser("boss", password=PASSWORD)


def make_leader_in_admin(client: Client, by: User, username: str) -> None:
    """Add a login with the leader role through the Django admin, as ``by``."""
    client.force_login(by)
    client.post(
        reverse("admin:accounts_user_add"),
        {"username": username, "password1": "Zz-9-" + PASSWORD, "password2": "Zz-9-" + PASSWORD,
         "role": Role.LEADER, "usable_password": "true", "_save": "1"},
    )  # fmt: skip


def test_a_center_admin_cannot_make_a_leader_in_the_admin(
    client: Client, center_admin: User
) -> None:
    make_leader_in_admin(client, center_admin, "puppet")
    assert not User.objects.filter(username="puppet").exists()
    # Nor by saving through any path that runs as the admin's request.
    puppet = User.objects.create_user("puppet", password=PASSWORD, role=Role.STAFF)
    puppet.role = Role.LEADER
    with acting_as(center_admin, source="admin"), pytest.raises(GrantRefused) as refused:
        puppet.save()
    assert (
        str(refused.value) == "授予中心领导角色须由超级管理员操作（并留有记录）；当前账号无此权限"
    )
    assert User.objects.get(username="puppet").role == Role.STAFF


def test_a_superuser_grants_a_leader_and_the_grant_is_recorded(client: Client, boss: User) -> None:
    make_leader_in_admin(client, boss, "zhao2")
    leader = User.objects.get(username="zhao2")
    assert leader.role == Role.LEADER
    (grant,) = RoleGrant.objects.filter(user=leader)
    assert (grant.role, grant.granted_by, grant.granted_by_name, grant.source) == (
        "leader", boss, "boss", "admin",
    )  # fmt: skip


def test_adduser_records_its_grant_as_the_operators() -> None:
    call_command(
        "adduser", "zhang", "--role", "leader", "--password", PASSWORD, stdout=io.StringIO()
    )
    (grant,) = RoleGrant.objects.filter(user__username="zhang")
    assert (grant.role, grant.granted_by, grant.source) == ("leader", None, "command")


def submitted_by(user: User) -> Issue:
    issue = draft_issue(find_series("窗口工作周报"), WEEK, user=user)
    return submit(issue, user)


def test_the_sockpuppet_approval_is_refused_with_the_reason(client: Client, boss: User) -> None:
    # A superuser makes a second login a leader, then drafts and submits under the first.
    make_leader_in_admin(client, boss, "puppet")
    puppet = User.objects.get(username="puppet")
    issue = submitted_by(boss)
    with pytest.raises(WorkflowForbidden) as refused:
        approve(issue, puppet)
    assert str(refused.value) == (
        "puppet 的中心领导角色由本期的经办人 boss 授予（其曾“生成草稿”本期），不能审核本期"
    )
    # Over the web and the API the same refusal is a 403 with its reason.
    client.force_login(puppet)
    page = client.post(f"/reports/{issue.pk}/approve/", {"note": "同意"})
    assert page.status_code == 403 and "由本期的经办人 boss 授予" in page.content.decode()
    api = client.post(f"/api/issues/{issue.pk}/approve/")
    assert api.status_code == 403 and "由本期的经办人 boss 授予" in api.json()["detail"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SUBMITTED


def test_an_approver_who_worked_on_the_issue_is_refused(boss: User, center_admin: User) -> None:
    issue = draft_issue(find_series("窗口工作周报"), WEEK, user=center_admin)
    edit_paragraph(issue, [0, 0], "本周综窗改革稳步推进。", user=center_admin)
    # Then made a leader by the superuser, before the issue is submitted by someone else.
    with acting_as(boss, source="admin"):
        center_admin.role = Role.LEADER
        center_admin.save()
    submit(issue, boss)
    with pytest.raises(
        WorkflowForbidden, match="审核人不能是本期的起草、修改、提交或更正人：admin 曾"
    ):
        approve(issue, center_admin)


def test_a_leader_granted_after_the_submission_is_refused(boss: User, center_admin: User) -> None:
    issue = submitted_by(center_admin)
    with acting_as(boss, source="admin"):
        late = User.objects.create_user("late", password=PASSWORD, role=Role.LEADER)
    with pytest.raises(WorkflowForbidden, match="late 的中心领导角色授予于本期提交审核之后"):
        approve(issue, late)


def test_a_leader_granted_before_by_someone_else_approves(center_admin: User, leader: User) -> None:
    issue = submitted_by(center_admin)
    assert approve(issue, leader, "同意").status == Issue.Status.APPROVED


def test_a_wrong_role_gets_403_with_the_reason_on_the_page(
    client: Client, center_admin: User, leader: User
) -> None:
    issue = submitted_by(center_admin)
    client.force_login(center_admin)
    page = client.post(f"/reports/{issue.pk}/approve/", {"note": "同意"})
    assert page.status_code == 403 and "admin 无权执行“审核通过”" in page.content.decode()
    approve(issue, leader)
    client.force_login(leader)
    page = client.post(f"/reports/{issue.pk}/publish/", {"issue_date": "2024-02-02"})
    assert page.status_code == 403 and "leader 无权执行“发布”" in page.content.decode()

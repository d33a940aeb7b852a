"""What waits for whom in the review (待审核与待办): the leader's issues to approve, the
center admin's issues sent back or approved and waiting to be published. The home page's panel
and the menu's count (registered in ``core.hooks`` by ``ReportsConfig.ready``) and the
待审核 page all read these functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, OuterRef, QuerySet, Subquery, Value, When
from django.http import HttpRequest
from django.template.loader import render_to_string

from servicehall.core.roles import Role
from servicehall.reports.models import Issue, IssueAction
from servicehall.reports.workflow import SEND_BACK


@dataclass
class Queue:
    """One list of the 待审核 page (待办列表): its title, what the user does, the issues."""

    key: str
    title: str
    hint: str
    issues: list[Issue] = field(default_factory=list)
    mine: bool = True  # the user is the one to act (counted in the menu)


def _with_last_action(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    last = IssueAction.objects.filter(issue=OuterRef("pk")).order_by("-at", "-id")
    return (
        issues.annotate(
            last_action=Subquery(last.values("action")[:1]),
            last_note=Subquery(last.values("note")[:1]),
            last_by=Subquery(last.values("username")[:1]),
            last_at=Subquery(last.values("at")[:1]),
        )
        .annotate(
            last_action_label=Case(
                *(When(last_action=k.value, then=Value(k.label)) for k in IssueAction.Kind),
                default=F("last_action"),
            )
        )
        .select_related("series", "corrects")
        # Every page's menu counts these: the text and figures of each issue are not read.
        .defer("document", "figures", "differences", "pending_redraft")
    )


def _sent_back(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """Drafts whose last step was 退回修改 (被退回修改), of issues annotated by _with_last_action."""
    # last_action is an annotation, which django-stubs cannot see on QuerySet[Issue].
    annotated = {"last_action": SEND_BACK.name}
    return issues.filter(status=Issue.Status.DRAFT, **annotated)


def _role(user: Any) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return str(user.effective_role)


def queues(user: Any) -> list[Queue]:
    """The lists the user's role works from, oldest first in each."""
    role = _role(user)
    if role not in (Role.LEADER, Role.ADMIN):
        return []
    issues = _with_last_action(Issue.objects.for_user(user)).order_by("updated_at", "id")
    submitted = list(issues.filter(status=Issue.Status.SUBMITTED))
    if role == Role.LEADER:
        return [Queue("submitted", "待审核", "请审阅后审核通过或退回修改", submitted)]
    sent_back = list(_sent_back(issues))
    return [
        Queue("sent-back", "被退回修改", "按退回意见修改后重新提交", sent_back),
        Queue(
            "approved",
            "已审核待发布",
            "领导已审核通过，可发布",
            list(issues.filter(status=Issue.Status.APPROVED)),
        ),
        Queue("submitted", "待领导审核", "已提交，等待领导审核", submitted, mine=False),
    ]


def waiting_count(user: Any) -> int:
    """How many issues wait for the user's own step (the menu's badge)."""
    role = _role(user)
    if role == Role.LEADER:
        return Issue.objects.for_user(user).filter(status=Issue.Status.SUBMITTED).count()
    if role == Role.ADMIN:
        # Counted by the database: every page's menu asks, and the lists are the 待审核 page's.
        issues = _with_last_action(Issue.objects.for_user(user))
        approved = issues.filter(status=Issue.Status.APPROVED).count()
        return _sent_back(issues).count() + approved
    return 0


def home_panel(request: HttpRequest) -> str:
    """The home page's 待审核 panel for leaders and center admins; "" for everybody else."""
    lists = queues(request.user)
    if not lists:
        return ""
    return render_to_string(
        "reports/_waiting_panel.html", {"queues": lists, "request": request}, request=request
    )

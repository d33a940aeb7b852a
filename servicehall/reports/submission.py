"""报送: a child center submits its published issue to its parent; the parent tracks the week.

A submission (``IssueSubmission``) keeps which issue, when, by whom and the figures as printed
(the issue's bound figures). The parent's tracker lists each child center for a working week:
submitted on time, submitted late, not yet, or late — against the deadline the parent sets
(``SubmissionRule``: so many working days after the week's last working day, ``workcal``) —
and, for each submission, where the printed figures differ from what the child's records give
now (the same figure functions, in the scope the issue was counted in). The parent reminds a
child's admins through the liaisons' notices (``liaison.services.notify``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from servicehall.accounts.models import User
from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period
from servicehall.core.permissions import CHANGE, VIEW
from servicehall.core.roles import Role
from servicehall.core.text import chinese_date
from servicehall.figures.registry import FIGURES, compute_all
from servicehall.figures.scope import CenterScope
from servicehall.liaison.services import Reminded, deadline_label, notify
from servicehall.org.models import Center
from servicehall.reports import indicator_block
from servicehall.reports.models import Issue, IssueSubmission, SubmissionRule
from servicehall.reports.scoping import issue_scope, series_center
from servicehall.reports.workflow import is_editor
from servicehall.workcal.workdays import WorkingWeek, add_working_days

DEFAULT_WORKING_DAYS = 1  # the working day after the week's last, unless the parent says
DEFAULT_AT = dt.time(17, 0)


class SubmissionError(ValueError):
    """An issue cannot be submitted (not published, withdrawn, no parent, already sent)."""


class SubmissionForbidden(PermissionDenied):
    """The user may not submit for that center (报送须由本中心管理员)."""


# ---- the deadline (报送时限) ---------------------------------------------------------------------


def rule_of(parent: Center) -> tuple[int, dt.time]:
    """The parent's deadline rule: (working days after the week's last working day, time)."""
    rule = SubmissionRule.objects.filter(center=parent).first()
    if rule is None:
        return DEFAULT_WORKING_DAYS, DEFAULT_AT
    return rule.working_days, rule.at


def deadline(parent: Center, week: WorkingWeek) -> dt.datetime:
    """When ``parent`` expects its children's issues of ``week`` (Beijing time): the week's last
    working day moved on by the rule's working days (the calendar's holidays skipped)."""
    days, at = rule_of(parent)
    day = add_working_days(week.end, days, parent) if days else week.end
    return dt.datetime.combine(day, at, tzinfo=SHANGHAI)


def set_rule(parent: Center, working_days: int, at: dt.time, user: Any) -> SubmissionRule:
    """The parent's admin sets its deadline; another center's admin is refused."""
    if user is not None and (
        not is_editor(user) or not Center.objects.for_user(user, CHANGE).filter(pk=parent.pk)
    ):
        raise SubmissionForbidden("只有本中心管理员可以设置报送时限")
    if not 0 <= working_days <= 20:
        raise SubmissionError("报送时限应为 0—20 个工作日")
    rule, _ = SubmissionRule.objects.update_or_create(
        center=parent, defaults={"working_days": working_days, "at": at}
    )
    return rule


# ---- submitting (报送) ---------------------------------------------------------------------------


def refusal(issue: Issue, user: Any) -> str:
    """Why ``user`` may not submit ``issue`` to its center's parent now; "" when they may.
    Only an admin of the issue's own center submits it (a parent never files for a child)."""
    return _who_refusal(issue, user) or _issue_refusal(issue)


def _who_refusal(issue: Issue, user: Any) -> str:
    """Why ``user`` (None: the system) may not submit for the issue's center."""
    if user is None:
        return ""
    center = series_center(issue.series)
    if not is_editor(user):
        return "只有中心管理员可以报送周报"
    if not user.is_superuser and (center is None or user.center_id != center.pk):
        return "只能报送本中心的周报"
    return ""


def _issue_refusal(issue: Issue) -> str:
    """Why the issue cannot go upward now (no parent, not published, withdrawn, sent)."""
    center = series_center(issue.series)
    if center is None or center.parent_id is None:
        return "本中心没有上级中心，无需报送"
    if issue.status != Issue.Status.PUBLISHED:
        return "只能报送已发布的期次"
    if issue.withdrawn is not None:
        return "已撤回的期次不能报送"
    if issue.period_start is None or issue.period_end is None:
        return "没有统计期间的期次不能报送"
    done = IssueSubmission.objects.filter(issue=issue).first()
    if done is not None:
        when = timezone.localtime(done.submitted_at).strftime("%Y-%m-%d %H:%M")
        return f"{issue} 已于 {when} 报送{done.parent.name}"
    return ""


@transaction.atomic
def submit(issue: Issue, user: Any = None) -> IssueSubmission:
    """Submit the published ``issue`` to its center's parent, with its figures as printed."""
    if user is not None and not Issue.objects.for_user(user, VIEW).filter(pk=issue.pk).exists():
        raise SubmissionForbidden("只能报送本中心的周报")
    if forbidden := _who_refusal(issue, user):
        raise SubmissionForbidden(forbidden)
    if reason := _issue_refusal(issue):
        raise SubmissionError(reason)
    center = series_center(issue.series)
    assert center is not None and center.parent is not None
    assert issue.period_start is not None and issue.period_end is not None
    return IssueSubmission.objects.create(
        issue=issue,
        center=center,
        parent=center.parent,
        period_start=issue.period_start,
        period_end=issue.period_end,
        with_children=issue_scope(issue).with_children,
        figures=dict(issue.figures),
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "",
    )


# ---- the parent's tracker (报送情况) ------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A printed figure the child's records no longer give (报送数字与现有记录不符)."""

    key: str
    label: str
    unit: str
    printed: Decimal
    now: Decimal | None

    @property
    def text(self) -> str:
        now = "无数据" if self.now is None else f"{_plain(self.now)}{self.unit}"
        return f"{self.label}印为{_plain(self.printed)}{self.unit}，现有记录为{now}"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def differences(submission: IssueSubmission) -> list[Difference]:
    """Each printed figure of ``submission`` that its center's records, counted again in the
    scope the issue was counted in, no longer give — the registry's figures in its order, then
    the indicator tokens (``reports.indicator_block``) in the order the issue printed them."""
    keys = [key for key in FIGURES if key in submission.figures]
    tokens = sorted(
        (key for key in submission.figures if indicator_block.parse_token(key)),
        key=indicator_block.token_order,
    )
    if not keys and not tokens:
        return []
    scope = CenterScope(submission.center, submission.with_children)
    period = Period(submission.period_start, submission.period_end)
    now = compute_all(period, keys, scope=scope) if keys else {}
    if tokens:
        now.update(indicator_block.recount(tokens, period, scope))
    found = []
    for key in [*keys, *tokens]:
        printed = _decimal(submission.figures[key])
        if printed is None:
            continue
        current = _decimal(now.get(key))
        if current is None or current != printed:
            if key in FIGURES:
                label, unit = FIGURES[key].label, FIGURES[key].unit
            else:
                label = indicator_block.token_label(key) or key
                unit = indicator_block.token_unit(key)
            found.append(Difference(key, label, unit, printed, current))
    return found


class State:
    """A child's 报送 state for the week (the tracker's column)."""

    ON_TIME = "on_time"
    LATE_SUBMITTED = "late_submitted"
    PENDING = "pending"
    LATE = "late"
    LABELS = {
        ON_TIME: "已报送",
        LATE_SUBMITTED: "逾期报送",
        PENDING: "未报送",
        LATE: "逾期未报送",
    }


@dataclass
class ChildRow:
    """One child center in the tracker: its state, its submission, the figures that differ."""

    center: Center
    state: str
    submission: IssueSubmission | None = None
    differences: list[Difference] = field(default_factory=list)
    admins: int = 0  # active admin logins a reminder reaches

    @property
    def label(self) -> str:
        return State.LABELS[self.state]

    @property
    def submitted(self) -> bool:
        return self.submission is not None


@dataclass
class Tracker:
    """The parent's view of a week (报送情况)."""

    parent: Center
    week: WorkingWeek
    deadline: dt.datetime
    rows: list[ChildRow]

    @property
    def deadline_label(self) -> str:
        return deadline_label(self.deadline)

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def unsubmitted(self) -> list[ChildRow]:
        return [row for row in self.rows if row.submission is None]


def child_admins(center: Center) -> Any:
    """The logins a reminder to ``center`` reaches: its active admins, never a superuser."""
    return User.objects.filter(
        center=center, role=Role.ADMIN, is_active=True, is_superuser=False
    ).order_by("pk")


def tracker(parent: Center, week: WorkingWeek, now: dt.datetime | None = None) -> Tracker:
    """Each direct child of ``parent`` for ``week``: its latest submission of an issue whose
    period ends in the week, its state against the parent's deadline at ``now``, and where the
    printed figures differ from its records now."""
    now = now or timezone.now()
    due = deadline(parent, week)
    submissions: dict[int, IssueSubmission] = {}
    found = (
        IssueSubmission.objects.filter(
            parent=parent, period_end__gte=week.start, period_end__lte=week.end
        )
        .select_related("issue__series", "center")
        .order_by("submitted_at", "pk")
    )
    for each in found:
        submissions[each.center_id] = each  # the latest wins
    rows = []
    for child in Center.objects.filter(parent=parent).order_by("path"):
        submission = submissions.get(child.pk)
        if submission is not None:
            state = State.ON_TIME if submission.submitted_at <= due else State.LATE_SUBMITTED
            diffs = differences(submission)
        else:
            state = State.LATE if now > due else State.PENDING
            diffs = []
        rows.append(ChildRow(child, state, submission, diffs, admins=child_admins(child).count()))
    return Tracker(parent, week, due, rows)


def tracker_for(user: Any, parent: Center, week: WorkingWeek) -> Tracker:
    """The tracker of ``parent`` as ``user`` may see it: a center of the user's subtree only
    (a sibling's, or the parent's, is refused)."""
    if not Center.objects.for_user(user, VIEW).filter(pk=parent.pk).exists():
        raise SubmissionForbidden("只能查看本中心及下级中心的报送情况")
    return tracker(parent, week)


# ---- reminders (提醒报送) ------------------------------------------------------------------------


def tracker_link(week: WorkingWeek) -> str:
    return f"{reverse('reports:submissions')}?week={week.start.isoformat()}"


def remind(
    parent: Center, children: list[Center], week: WorkingWeek, user: Any, *, site: str = ""
) -> list[tuple[Center, Reminded]]:
    """Remind each child's admins to submit the week's issue (one in-app notice each, not a
    second while the first is unread; e-mail where configured). Only ``parent``'s own admin
    reminds, and only its direct children."""
    if user is not None and (
        not is_editor(user) or not (user.is_superuser or user.center_id == parent.pk)
    ):
        raise SubmissionForbidden("只有上级中心管理员可以提醒下级中心报送")
    due = deadline_label(deadline(parent, week))
    link = f"{reverse('reports:list')}?week={week.start.isoformat()}"
    done = []
    for child in children:
        if child.parent_id != parent.pk:
            raise SubmissionForbidden(f"{child.name}不是{parent.name}的下级中心")
        text = (
            f"{parent.short_name or parent.name}提醒：请报送{child.name}"
            f"{chinese_date(week.start)}至{chinese_date(week.end)}一周的周报（{due}）"
        )
        done.append((child, notify(child_admins(child), text, link, site=site)))
    return done

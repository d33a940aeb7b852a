"""The liaisons' weekly work (部门联络员工作台): the submission deadline, what a department has
submitted in a working week, the center's reminders, and status changes of many items at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from servicehall.accounts.models import User
from servicehall.catalog import queries, status
from servicehall.catalog.models import HandlingItem
from servicehall.core.dates import parse_date
from servicehall.core.localtime import SHANGHAI
from servicehall.core.permissions import CHANGE
from servicehall.core.roles import Role
from servicehall.core.text import chinese_date
from servicehall.journal.models import BenefitFulfilment, LeaderVisit, NewsItem
from servicehall.liaison.models import Notice
from servicehall.org.models import Department
from servicehall.workcal.workdays import NoWorkingDays, WorkingWeek, add_working_days, working_week

log = logging.getLogger(__name__)

WEEKDAYS = "一二三四五六日"
# The weeks a page or the API may ask for: the working-day calendar's span, with room.
FIRST_YEAR, LAST_YEAR = 2000, 2100


# ---- the deadline (报送截止时间) -------------------------------------------------------------------


def deadline_time() -> dt.time:
    """The time of day of the deadline, from ``SERVICEHALL_SUBMISSION_DEADLINE`` (HH:MM)."""
    text = settings.SERVICEHALL_SUBMISSION_DEADLINE
    try:
        return dt.time.fromisoformat(text)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SERVICEHALL_SUBMISSION_DEADLINE“{text}”应为 HH:MM，如 17:00"
        ) from exc


def asked_week(text: str) -> WorkingWeek:
    """The working week of a day typed as YYYY-MM-DD (today's when empty), for the pages and
    the API; ValueError (``core.dates.DateError`` for no date) naming the text when it is no date
    or out of range."""
    day = parse_date(text, "周") if text else timezone.localdate()
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"日期“{text}”超出范围（{FIRST_YEAR}—{LAST_YEAR} 年）")
    return submission_week(day)


def submission_week(day: dt.date) -> WorkingWeek:
    """The working week of ``day``; for a week without one (a Spring Festival week), the next
    working week, whose submissions are the next due."""
    try:
        return working_week(day)
    except NoWorkingDays:
        return working_week(add_working_days(day, 1))


def submission_deadline(week: WorkingWeek) -> dt.datetime:
    """The week's deadline (报送截止): its last working day at the configured time, Beijing time.

    The working calendar decides the day: a holiday Friday moves it to Thursday, a 调休 Saturday
    to that Saturday."""
    return dt.datetime.combine(week.end, deadline_time(), tzinfo=SHANGHAI)


def deadline_label(deadline: dt.datetime) -> str:
    """截止：2024年1月26日（星期五）17:00"""
    local = deadline.astimezone(SHANGHAI)
    weekday = WEEKDAYS[local.weekday()]
    return f"截止：{chinese_date(local.date())}（星期{weekday}）{local:%H:%M}"


def deadline_text(deadline: dt.datetime, now: dt.datetime) -> str:
    """The label and the time left: 截止：2024年1月26日（星期五）17:00，还剩 2天3小时5分 — or
    已截止 once it has passed."""
    head = deadline_label(deadline)
    left = deadline - now
    if left <= dt.timedelta(0):
        return f"{head}，已截止"
    minutes = int(left.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "天"), (hours, "小时"), (minutes, "分")) if n]
    return f"{head}，还剩 {''.join(parts) or '不足1分钟'}"


# ---- a department's submissions (部门报送) -----------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of weekly submission: its model, the paths to its department and its date, and
    the page that adds one (with the department and a day of the week filled in)."""

    key: str
    label: str
    model: type[Model]
    department_path: str
    date_path: str
    add_url: str
    # The add page's date field, filled with a day of the week ("" when the form has none).
    date_field: str

    def counts(self, week: WorkingWeek, departments: list[Department]) -> dict[int, int]:
        """Rows dated in the working week (start..end), by department id, in one query."""
        rows = (
            self.model._default_manager.filter(
                **{
                    f"{self.department_path}__in": departments,
                    f"{self.date_path}__range": (week.start, week.end),
                }
            )
            .values(self.department_path)
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {r[self.department_path]: r["n"] for r in rows}

    def add_link(self, department: Department, week: WorkingWeek, today: dt.date) -> str:
        day = today if week.start <= today <= week.end else week.start
        query = f"department={department.pk}"
        if self.date_field:
            query += f"&{self.date_field}={day.isoformat()}"
        return f"{reverse(self.add_url)}?{query}"


KINDS = (
    Kind(
        "news", "工作动态", NewsItem, "department", "occurred_on", "journal:news_add", "occurred_on"
    ),
    Kind(
        "visits",
        "厅长进大厅",
        LeaderVisit,
        "department",
        "visited_on",
        "journal:visit_add",
        "visited_on",
    ),
    # A fulfilment is a row of its policy's form: the link adds a policy of the department.
    Kind(
        "policies",
        "惠企政策兑享",
        BenefitFulfilment,
        "policy__department",
        "as_of",
        "journal:policy_add",
        "",
    ),
)


def _counts(week: WorkingWeek, departments: list[Department]) -> dict[int, dict[str, int]]:
    by_kind = {kind.key: kind.counts(week, departments) for kind in KINDS}
    return {
        d.pk: {key: counts.get(d.pk, 0) for key, counts in by_kind.items()} for d in departments
    }


def submissions(department: Department, week: WorkingWeek) -> dict[str, int]:
    """How many rows of each kind the department has in the week (dated start..end)."""
    return _counts(week, [department])[department.pk]


@dataclass(frozen=True)
class DepartmentWeek:
    department: Department
    counts: dict[str, int]

    @property
    def submitted(self) -> bool:
        return any(self.counts.values())

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def week_status(week: WorkingWeek, user: Any = None) -> list[DepartmentWeek]:
    """Every department stationed at the week's end (of those ``user`` may read: its center's
    subtree) with its counts; those that submitted nothing first, each group in register order
    (中心视图：报送情况)."""
    registered = Department.objects.all() if user is None else Department.objects.for_user(user)
    departments = [
        d for d in registered.order_by("sort_order", "pk") if d.stationed_as_of(week.end)
    ]
    counts = _counts(week, departments)
    rows = [DepartmentWeek(d, counts[d.pk]) for d in departments]
    return [r for r in rows if not r.submitted] + [r for r in rows if r.submitted]


# ---- reminders (提醒) -------------------------------------------------------------------------------


def active_liaisons() -> QuerySet[User]:
    """The logins a reminder reaches (可提醒的联络员): active liaisons, never a superuser."""
    return User.objects.filter(role=Role.LIAISON, is_active=True, is_superuser=False)


def liaisons_of(department: Department) -> QuerySet[User]:
    return active_liaisons().filter(department=department).order_by("pk")


def portal_link(week: WorkingWeek) -> str:
    return f"{reverse('liaison:portal')}?week={week.start.isoformat()}"


@dataclass(frozen=True)
class Reminded:
    notices: list[Notice]
    already: int  # liaisons who still had this week's reminder unread
    mailed: int


def remind(department: Department, week: WorkingWeek, *, site: str = "") -> Reminded:
    """Remind each liaison of ``department`` to submit the week's news: one in-app notice each,
    not a second while the first is unread; an e-mail too when an SMTP host is configured,
    whose link starts with ``site`` (``http://hall.example``, from the request)."""
    link = portal_link(week)
    deadline = deadline_label(submission_deadline(week))
    text = (
        f"请报送{department.name}{chinese_date(week.start)}至{chinese_date(week.end)}"
        f"一周的工作动态、厅长进大厅和惠企政策兑享情况（{deadline}）"
    )
    return notify(liaisons_of(department), text, link, site=site)


def notify(users: QuerySet[User], text: str, link: str, *, site: str = "") -> Reminded:
    """One in-app notice of ``text`` to each of ``users``, linking to ``link``, not a second
    while the first with that link is unread; an e-mail too when an SMTP host is configured
    (the liaisons' reminders, and a parent center's reminder to its children's admins)."""
    created: list[Notice] = []
    already = 0
    with transaction.atomic():
        for user in users.select_for_update():
            if Notice.objects.filter(recipient=user, link=link, read_at__isnull=True).exists():
                already += 1
                continue
            created.append(Notice.objects.create(recipient=user, text=text, link=link))
    mailed = _mail(created, text, f"{site}{link}")
    return Reminded(created, already, mailed)


@dataclass
class Reminders:
    """What one click of 提醒 did (提醒结果): the departments reminded, and those that could not
    be, having no active liaison login."""

    reminded: list[tuple[Department, Reminded]]
    unreachable: list[Department]

    def words(self) -> tuple[str, str]:
        """(what was done, who could not be reminded and why): one sentence each, "" if none."""
        done = ""
        if self.reminded:
            names = [d.name for d, _ in self.reminded]
            new = sum(len(r.notices) for _, r in self.reminded)
            already = sum(r.already for _, r in self.reminded)
            mailed = sum(r.mailed for _, r in self.reminded)
            who = names[0] if len(names) == 1 else f" {len(names)} 个部门（{'、'.join(names)}）"
            done = f"已提醒{who}：新提醒 {new} 条"
            if already:
                done += f"，{already} 人的本周提醒尚未阅读，不重复提醒"
            if mailed:
                done += f"，邮件 {mailed} 封"
        missing = ""
        if len(self.unreachable) == 1:
            missing = f"{self.unreachable[0].name}没有部门联络员账号，未能提醒"
        elif self.unreachable:
            missing = (
                f"以下 {len(self.unreachable)} 个部门没有部门联络员账号，未能提醒："
                + "、".join(d.name for d in self.unreachable)
            )
        if missing:
            missing += "。请先在管理后台“用户”中为其添加部门联络员账号"
        return done, missing


def remind_many(departments: list[Department], week: WorkingWeek, *, site: str = "") -> Reminders:
    """``remind`` each department that has a liaison; the others are listed, not tried."""
    reachable = set(
        active_liaisons().filter(department__in=departments).values_list("department_id", flat=True)
    )
    return Reminders(
        [(d, remind(d, week, site=site)) for d in departments if d.pk in reachable],
        [d for d in departments if d.pk not in reachable],
    )


def _mail(notices: list[Notice], text: str, link: str) -> int:
    """E-mail each new notice's recipient that has an address (one message each, so no one
    sees the others' addresses), if an SMTP host is set. Returns the messages sent."""
    if not settings.EMAIL_HOST:
        return 0
    addresses = [n.recipient.email for n in notices if n.recipient.email]
    if not addresses:
        return 0
    body = f"{text}\n\n{link}"
    try:
        return send_mass_mail([("周报报送提醒", body, None, [a]) for a in addresses])
    except OSError:  # the mail server down or refusing: the in-app notice stands
        log.warning("提醒邮件未能发出：%s", "、".join(addresses), exc_info=True)
        return 0


def notices_of(user: Any) -> QuerySet[Notice]:
    """The user's own notices (本人的提醒), newest first; nobody reads another's."""
    if user is None or not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user)


def unread_count(user: Any) -> int:
    return notices_of(user).filter(read_at__isnull=True).count()


def mark_read(user: Any, notice_ids: list[int] | None = None) -> int:
    """Mark the user's unread notices read (all of them, or those of ``notice_ids``)."""
    unread = notices_of(user).filter(read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    count = 0
    for notice in unread:  # one save each, so the change history has each
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
        count += 1
    return count


# ---- status of many items at once (批量登记授权与手册状态) ------------------------------------------


AUTHORIZATION = "authorization"
HANDBOOK = "handbook"


def department_items(department: Department, day: dt.date) -> QuerySet[HandlingItem]:
    """The department's handling items with their status on ``day`` (catalog.queries)."""
    items = HandlingItem.objects.filter(service_item__department=department).select_related(
        "service_item"
    )
    return queries.with_status(items, day)


def set_status_of_items(
    user: Any,
    item_ids: list[int],
    *,
    kind: str,
    value: bool,
    day: dt.date,
    note: str = "",
    department: Department | None = None,
) -> list[Any]:
    """Record an authorisation or handbook change of every item as of ``day``: all or nothing.

    Refused whole: PermissionDenied when the user may not change one of the items (another
    department's); ValidationError naming the items not of ``department`` (the portal's) or not
    listed on ``day``."""
    if kind not in (AUTHORIZATION, HANDBOOK):
        raise ValidationError({"kind": f"未知的变更类别“{kind}”"})
    if not item_ids:
        raise ValidationError({"items": "请至少选择一个办理项"})
    wanted = set(item_ids)
    items = list(
        HandlingItem.objects.filter(pk__in=wanted).select_related("service_item").order_by("code")
    )
    missing = wanted - {i.pk for i in items}
    if missing:
        raise ValidationError({"items": f"办理项不存在：{'、'.join(map(str, sorted(missing)))}"})
    changeable = set(
        HandlingItem.objects.for_user(user, CHANGE)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    refused = [i for i in items if i.pk not in changeable]
    if refused:
        raise PermissionDenied(
            f"只能维护本部门的办理项：{'、'.join(f'{i.name}（{i.code}）' for i in refused)}"
        )
    if department is not None:
        elsewhere = [i for i in items if i.service_item.department_id != department.pk]
        if elsewhere:
            names = "、".join(f"{i.name}（{i.code}）" for i in elsewhere)
            raise ValidationError({"items": f"不是{department.name}的办理项：{names}"})
    listed = set(
        queries.listed_on(HandlingItem.objects.filter(pk__in=wanted), day).values_list(
            "pk", flat=True
        )
    )
    errors = [
        f"{i.name}（{i.code}）在{chinese_date(day)}未纳入大厅事项（纳入 {i.listed_on}"
        + (f"，取消 {i.delisted_on}" if i.delisted_on else "")
        + "）"
        for i in items
        if i.pk not in listed
    ]
    if errors:
        raise ValidationError({"items": errors})
    written: list[Any] = []
    with transaction.atomic():
        for item in items:
            if kind == AUTHORIZATION:
                written += status.set_status(item, day=day, authorized=value, note=note)
            else:
                written += status.set_status(item, day=day, compiled=value, note=note)
    return written

"""Template helpers of the hall UI (界面模板标签): the role's menu and cell display."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.template import Context
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from servicehall.core.hooks import menu_count
from servicehall.core.roles import Role

register = template.Library()

# (label, URL name or path, roles that see it; None = every role)
MENU = [
    ("首页", "home", None),
    ("联络员工作台", "liaison:portal", {Role.LIAISON}),
    ("报送情况", "liaison:center", {Role.ADMIN, Role.LEADER}),
    ("综窗登记", "cases:desk", {Role.STAFF, Role.ADMIN}),
    ("事件导入", "cases:import", {Role.ADMIN}),
    ("平台数据导入", "journal:platform_import", {Role.ADMIN}),
    ("办件事件", "cases:event_list", None),
    ("在办件", "cases:open_list", None),
    ("办件进度", "case_flow", {Role.ADMIN, Role.LEADER, Role.LIAISON}),
    ("部门", "org:department_list", None),
    ("窗口", "org:window_list", None),
    ("工作人员", "org:staff_list", None),
    ("办理项", "catalog:handlingitem_list", None),
    ("事项", "catalog:serviceitem_list", None),
    ("一单一图一表", "catalog:spec_list", None),
    ("工作动态", "journal:news_list", None),
    ("厅长进大厅", "journal:visit_list", None),
    ("大厅巡查", "journal:patrol_list", {Role.STAFF, Role.ADMIN, Role.LEADER}),
    ("惠企政策", "journal:policy_list", None),
    ("培训", "org:training_list", None),
    ("好差评", "journal:evaluation_list", None),
    ("差评整改", "journal:rectification_list", None),
    ("整改逾期", "journal:rectification_overdue", {Role.ADMIN, Role.LEADER, Role.LIAISON}),
    ("月度排名", "monthly_ranking", {Role.ADMIN, Role.LEADER, Role.LIAISON}),
    ("下级中心统计", "network", {Role.ADMIN, Role.LEADER}),
    ("周报", "/reports/", None),
    ("待审核", "reports:waiting", {Role.ADMIN, Role.LEADER}),
    ("往期检索", "archive:search", None),
    ("工作日历", "workcal:list", {Role.ADMIN, Role.LEADER}),
    ("变更记录", "history:list", {Role.ADMIN}),
]


@register.simple_tag(takes_context=True)
def menu(context: Context) -> list[dict[str, Any]]:
    """The menu entries the logged-in user's role may use, the current one marked."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return []
    entries = []
    for label, target, roles in MENU:
        if roles is not None and user.effective_role not in roles:
            continue
        try:
            url = target if target.startswith("/") else reverse(target)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        count = menu_count(target, user)  # registered by the app above (core.hooks)
        entries.append({"label": label, "url": url, "active": active, "count": count})
    if user.is_staff:
        entries.append({"label": "管理后台", "url": reverse("admin:index"), "active": False})
    return entries


@register.filter
def show(value: Any) -> Any:
    """A cell as the lists print it: dates in ISO, times local, empty as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return value


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    return mapping.get(key) if mapping else None

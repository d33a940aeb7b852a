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

from servicehall.core.hooks import menu_count, menu_entries

register = template.Library()


@register.simple_tag(takes_context=True)
def menu(context: Context) -> list[dict[str, Any]]:
    """The menu entries the logged-in user's role may use, the current one marked."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return []
    entries = []
    for entry in menu_entries():  # each app registers its own (core.hooks)
        label, target, roles = entry.label, entry.target, entry.roles
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

"""考核目标值 edited in two tabs by the center's admin: both open the same target (按时办结率
不低于 98); the first saves 95; the second, still showing 98, saves 90 with its basis. The second
must not silently overwrite the first: it is refused with the reason, the row keeps 95, and
opened again the form shows 95 and saves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.figures.models import IndicatorTarget
from servicehall.org.models import Center

pytestmark = pytest.mark.django_db


def form_data(page: str) -> dict[str, str]:
    """The inputs of the edit page as a browser would post them (each field's value)."""
    import re

    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name[1] == "csrfmiddlewaretoken":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name[1]] = value[1] if value else ""
    return data


def test_the_second_tab_cannot_save_over_the_first(
    client: Client, center_admin: User, center: Center
) -> None:
    target = IndicatorTarget.objects.create(
        indicator="on_time_rate", value=Decimal(98), effective_on=dt.date(2024, 1, 1)
    )
    client.force_login(center_admin)
    url = reverse("indicator_target_edit", args=[target.pk])
    first = form_data(client.get(url).content.decode())
    second = form_data(client.get(url).content.decode())
    assert first["seen_version"] and first["seen_version"] == second["seen_version"]
    base = {
        "indicator": "on_time_rate",
        "direction": target.direction,
        "effective_on": "2024-01-01",
        "center": "",
        "level": "",
    }
    saved = client.post(url, {**base, "value": "95", "basis": "省考核办法（2024）",
                              "seen_version": first["seen_version"]})  # fmt: skip
    assert saved.status_code == 302
    refused = client.post(url, {**base, "value": "90", "basis": "另一标签页",
                                "seen_version": second["seen_version"]})  # fmt: skip
    assert refused.status_code == 200
    assert "在您打开本页后已被修改" in refused.content.decode()
    target.refresh_from_db()
    assert (target.value, target.basis) == (Decimal("95.00"), "省考核办法（2024）")
    # Opened again, the page shows 95 and its own version: the edit goes through.
    again = form_data(client.get(url).content.decode())
    assert again["value"] in ("95", "95.00") and again["seen_version"] != first["seen_version"]
    assert client.post(url, {**base, "value": "90", "basis": "改",
                             "seen_version": again["seen_version"]}).status_code == 302  # fmt: skip
    target.refresh_from_db()
    assert target.value == Decimal("90.00")

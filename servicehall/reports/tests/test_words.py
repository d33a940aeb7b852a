"""The report pages name figures by their Chinese names, never by their keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_trend_selector_names_each_figure_by_its_chinese_name_only(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    html = client.get("/reports/trends/").content.decode()
    select = html.split('<select id="key" name="key">')[1].split("</select>")[0]
    assert '<option value="window.week.consult" selected>本周咨询</option>' in select
    assert "（window." not in select and "window.week.consult<" not in select

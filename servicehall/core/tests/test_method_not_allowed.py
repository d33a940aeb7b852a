"""A form's address opened directly (405) is a Chinese page saying what to do, for every view."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db


def addresses(
    patterns: Sequence[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> list[str]:
    """Every page address of the project, its parameters filled with 1 (or x)."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("api/", "admin/", "^")):
            continue
        if isinstance(entry, URLResolver):
            found += addresses(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            path = re.sub(r"<int:\w+>", "1", route)
            found.append("/" + re.sub(r"<(str:)?\w+>", "x", path))
    return found


def test_every_post_only_address_opened_directly_says_what_to_do_in_chinese(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    refused = []
    for address in addresses():
        answer = client.get(address)
        if answer.status_code != 405:
            continue
        refused.append(address)
        html = answer.content.decode()
        assert "<h1>请从页面上操作</h1>" in html, address
        assert "点击页面上的按钮提交" in html or "用页面上的按钮操作" in html, address
        assert 'class="button" href="/' in html and answer["Allow"], address
    # The forms' addresses are among them (the walk reached them).
    assert {"/reports/draft/", "/liaison/center/remind/", "/calendar/estimate/"} <= set(refused)
    assert len(refused) >= 10


def test_the_way_back_is_the_page_above_or_the_page_the_person_came_from(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    html = client.get("/liaison/center/remind/").content.decode()
    assert '<a class="button" href="/liaison/center/">返回原页面</a>' in html
    came = client.get("/calendar/estimate/", HTTP_REFERER="http://testserver/calendar/2024/")
    assert '<a class="button" href="http://testserver/calendar/2024/">' in came.content.decode()
    elsewhere = client.get("/calendar/estimate/", HTTP_REFERER="https://example.com/")
    assert '<a class="button" href="/calendar/">' in elsewhere.content.decode()


def test_the_api_keeps_its_own_json_405(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    answer = client.delete("/api/stats/?from=2024-01-22&to=2024-01-26")
    assert answer.status_code == 405 and answer["Content-Type"].startswith("application/json")


def test_signing_out_by_its_address_says_to_use_the_button_signed_in_or_not(
    client: Client, clerk: User
) -> None:
    anonymous = client.get("/accounts/logout/")
    assert anonymous.status_code == 405 and "<h1>请从页面上操作</h1>" in anonymous.content.decode()
    client.force_login(clerk)
    signed_in = client.get("/accounts/logout/")
    assert signed_in.status_code == 405 and "点击页面上的按钮提交" in signed_in.content.decode()

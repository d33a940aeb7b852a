"""Logging in: five wrong passwords lock the account from that address, passwords follow the
validators on every path that sets one, sessions end when idle."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import Settings

from servicehall.accounts.models import User
from servicehall.accounts.services import UserError, create_login
from servicehall.testing.personas import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str, address: str = "10.1.2.3") -> TestResponse:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_from_that_address(
    client: Client, clerk: User
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "账号或密码不正确" in login(client, "clerk", "wrong-guess").content.decode()
    locked = login(client, "clerk", "wrong-guess")
    assert locked.status_code == 429 and "登录已暂停" in locked.content.decode()
    # Even the right password is refused now, from that address …
    assert login(client, "clerk", PASSWORD).status_code == 429
    # … while the same account from another desk still signs in.
    assert login(client, "clerk", PASSWORD, address="10.1.2.4").status_code == 302
    call_command("axes_reset_username", "clerk", verbosity=0)
    assert login(client, "clerk", PASSWORD).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_nginx_appended(
    rf: RequestFactory, settings: Settings
) -> None:
    from servicehall.core.clientip import client_ip

    settings.SERVICEHALL_PROXIES = ["127.0.0.1"]
    spoofed = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.9.8.7")
    assert client_ip(spoofed) == "10.9.8.7"
    direct = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_ip(direct) == "10.0.0.5"  # not from a proxy: its header is not believed


@pytest.mark.parametrize(
    "password, rule",
    [("short1", "太短"), ("1234567890123", "只包含数字"), ("password123", "太常见")],
)
def test_every_path_that_sets_a_password_applies_the_validators(
    password: str, rule: str, client: Client, clerk: User
) -> None:
    with pytest.raises(UserError, match=rule):
        create_login("newclerk", role="staff", password=password)
    with pytest.raises(CommandError, match=rule):
        call_command("adduser", "newclerk2", "--role", "staff", "--password", password)
    client.force_login(clerk)
    page = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert page.status_code == 200 and rule in page.content.decode()


def test_a_user_changes_their_own_password(client: Client, clerk: User) -> None:
    client.force_login(clerk)
    assert "修改密码" in client.get("/").content.decode()
    new = "xin-mima-2024-clerk"
    done = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(new)


def test_a_session_ends_after_an_idle_hour_and_with_the_browser(
    client: Client, clerk: User
) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    response = login(client, "clerk", PASSWORD)
    assert settings.SESSION_COOKIE_AGE == 3600
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""  # a browser-session cookie: closing the browser ends it
    assert client.session.get_expiry_age() == 3600
    # An hour without a request: the next one is sent to the login page.
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/")["Location"].startswith(reverse("login"))


def test_pages_carry_a_content_security_policy_without_inline_script(
    client: Client, clerk: User
) -> None:
    client.force_login(clerk)
    policy = client.get("/").headers["Content-Security-Policy"]
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script.strip() == "script-src 'self'"
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_no_template_holds_an_inline_script() -> None:
    import re
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    inline = []
    for template in root.rglob("templates/**/*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
            if "src=" not in tag and "application/json" not in tag:
                inline.append(f"{template.relative_to(root)}: {tag}")
    assert inline == []


def test_spraying_every_account_from_one_address_locks_the_address(
    client: Client, settings: Settings, clerk: User, leader: User
) -> None:
    settings.SERVICEHALL_ADDRESS_FAILURES = 8
    accounts = [f"user{i}" for i in range(8)]
    # Four tries on each account: never the pair's five, but the address's eight.
    tries = [name for name in accounts for _ in range(4)]
    answers = [login(client, name, "spring2024").status_code for name in tries[:8]]
    assert answers == [200] * 7 + [429]  # the eighth wrong password, on the second account
    # Every account from that address now, the right password included …
    assert login(client, "clerk", PASSWORD).status_code == 429
    # … while another address signs in.
    assert login(client, "leader", PASSWORD, address="10.1.2.9").status_code == 302


def test_a_valid_login_does_not_reset_the_addresss_count(
    client: Client, settings: Settings, clerk: User
) -> None:
    settings.SERVICEHALL_ADDRESS_FAILURES = 6
    for name in ("a1", "a2", "a3"):
        login(client, name, "guess")
    assert login(client, "clerk", PASSWORD).status_code == 302  # the sprayer's own account
    client.logout()
    for name in ("a4", "a5"):
        assert login(client, name, "guess").status_code == 200
    assert login(client, "a6", "guess").status_code == 429

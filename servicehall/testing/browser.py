"""What every browser test does around its own steps (浏览器测试公共步骤): watch the page for
script errors and for requests leaving the test server, and sign a persona in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicehall.testing.personas import PASSWORD


@dataclass
class Watch:
    """Script errors and requests to anywhere but the test server, as the page meets them."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def watch(page: Any, base_url: str) -> Watch:
    """Start recording ``page``'s script errors and its requests that leave ``base_url``."""
    seen = Watch()
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: seen.outside.append(r.url) if not r.url.startswith(base_url) else None,
    )
    return seen


def sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log ``username`` in through the login page and wait for the home page; the session of
    whoever was signed in before is dropped first (a test hands the page to another role)."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # The home page of a whole demo year may take long on a loaded machine (the suite runs two
    # databases' workers, Chromium and LibreOffice on two cores): wait for it, not for the click.
    page.click("button[type=submit]", no_wait_after=True)
    page.wait_for_url(f"{base_url}/", timeout=120_000)

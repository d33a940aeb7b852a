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
    # Every wait of the test, not only this one: Playwright's 30 s default was seen running out
    # on a machine at load 11 (issue 24); a page that never comes still fails, later.
    page.set_default_timeout(90_000)
    page.set_default_navigation_timeout(120_000)
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # The home page of a whole demo year may take long on a loaded machine (the suite runs two
    # databases' workers, Chromium and LibreOffice on two cores): wait for it, not for the click.
    page.click("button[type=submit]", no_wait_after=True)
    page.wait_for_url(f"{base_url}/", timeout=120_000)


def close_loop_connections() -> None:
    """Close the database connections opened while Playwright's event loop ran in this thread;
    a browser fixture calls it before the loop stops (before ``browser.close()``).

    Django keeps a thread's connections in thread-local storage, except while an asyncio loop
    runs in the thread (Playwright's sync API runs one): then in a context variable of its own
    (``asgiref.local.Local``). The connection a browser test's fixtures and steps opened is not
    the one its teardown sees and closes; on PostgreSQL it stayed open to the end and the test
    database could not be dropped ("is being accessed by other users", once per worker)."""
    from django.db import connections

    connections.close_all()


def run_worker_once(timeout: float = 900) -> None:
    """Run the queued background jobs as `servicehall worker` would, beside the live server
    (a thread with its own connection), while the page in the browser watches the job."""
    import threading

    from django.db import connections

    from servicehall.core.jobs import work

    def worker_run() -> None:
        try:
            work(once=True)
        finally:
            connections.close_all()  # the thread's own connection, or teardown cannot drop the db

    worker = threading.Thread(target=worker_run)
    worker.start()
    worker.join(timeout=timeout)


def publish_in_browser(page: Any) -> None:
    """Press 发布 on an issue's page, let the worker render and publish it, and come back to the
    issue from the job's page once it says so."""
    page.click("form[data-step=publish] button")
    page.wait_for_selector("#job-status")
    run_worker_once()
    # The page polls its job every second; on a loaded machine a poll may take a while.
    page.wait_for_selector("#publish-result", timeout=120_000)
    with page.expect_navigation():
        page.click("#publish-result a")

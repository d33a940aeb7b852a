"""The demo data set, loaded once per test session (演示数据夹具).

A plugin module rather than a conftest.py: the root conftest registers it with
``pytest_plugins = ["servicehall.demo.tests.fixtures"]`` (pytest refuses a conftest.py that is
both listed there and found during collection), so every app's tests can use ``demo_db``. A test that asks for
``demo_db`` (and for database access, e.g. ``@pytest.mark.django_db``) reads the demo hall.
The data is committed to the session's test database, so the tests that ask for it are moved
to the end of the run: tests that expect an empty database run before it is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_django import DjangoDbBlocker

    from servicehall.demo.loader import LoadResult

TEST_NETWORK_SCALE = 0.1


@pytest.fixture(scope="session")
def demo_db(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> LoadResult:
    """Load `servicehall demo` into the session's test database (once) and return the result."""
    from servicehall.demo.loader import LoadResult, is_loaded, load

    with django_db_blocker.unblock():
        if is_loaded():  # e.g. a reused test database
            return LoadResult()
        # The child centers' events at a tenth of make run's: the same 21 cities and counties,
        # the province's own records whole (docs/demo.md, "What it costs").
        return load(network_scale=TEST_NETWORK_SCALE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    uses_demo = [item for item in items if "demo_db" in getattr(item, "fixturenames", ())]
    if uses_demo:
        others = [item for item in items if "demo_db" not in getattr(item, "fixturenames", ())]
        items[:] = others + uses_demo

"""Suite-wide pytest set-up."""

import pytest

# The demo data set as a session fixture (`demo_db`) for any app's tests.
pytest_plugins = ["servicehall.demo.tests.fixtures", "servicehall.core.tests.personas"]


def pytest_collection_modifyitems(config, items):
    # A test that asks for no database runs once (on SQLite); see scripts/run-tests.sh.
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or any(
            name in getattr(item, "fixturenames", ())
            for name in ("db", "transactional_db", "client", "admin_client", "live_server")
        )
        if not uses_db:
            item.add_marker(pytest.mark.nodb)

"""Suite-wide pytest set-up: the one conftest of the project.

Fixtures come from plugin modules registered here once: the personas, the factories' helpers,
the seed reports and documents, and the demo data set.
"""

import pytest

pytest_plugins = [
    "servicehall.testing.personas",
    "servicehall.testing.tree",
    "servicehall.testing.seeds",
    "servicehall.testing.documents",
    "servicehall.demo.tests.fixtures",
]

_DB_FIXTURES = ("db", "transactional_db", "client", "admin_client", "live_server")


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        # A test that asks for no database runs once (on SQLite); see scripts/run-tests.sh.
        uses_db = (
            item.get_closest_marker("django_db") is not None
            or item.get_closest_marker("each_database") is not None
            or any(name in fixtures for name in _DB_FIXTURES)
        )
        if not uses_db:
            item.add_marker(pytest.mark.nodb)
        # Demo-backed and browser tests are the slow third of the suite; `make check` skips them.
        if "demo_db" in fixtures or item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Logins are made in most tests; PBKDF2's million rounds would be a third of the suite.
    # New hashes are MD5; the production hashers stay listed so that logins made before the
    # test (the demo data set, loaded once per session) still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def _static_files_by_name(settings):
    # The hashed names need collectstatic's manifest, which a test run does not build (seconds
    # of compression): pages link /static/<name>; test_static_files builds the real one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_working_calendar():
    # The calendar table is read into memory once; a test's edits roll back with its
    # transaction, which signals cannot see: every test starts from the table itself.
    from servicehall.workcal import workdays

    workdays.forget()
    yield
    workdays.forget()

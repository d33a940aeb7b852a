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

# Whole modules `make check` leaves to the full suite (issue 24: the fast loop ≤ 60 s on 2 cores),
# each for a reason that holds for every test in it. The full suite (make test) runs them all.
SLOW_MODULES = {
    # Generated matrices: every page, route and role over a built tree of centers (459 tests).
    "servicehall/core/tests/test_page_matrix.py": "generated matrix",
    "servicehall/core/tests/test_access_matrix.py": "generated matrix",
    "servicehall/core/tests/test_tree_isolation.py": "generated matrix over a tree",
    "servicehall/core/tests/test_method_not_allowed.py": "walks every address",
    # The demo data set generated once per module.
    "servicehall/demo/tests/test_demo.py": "generates the demo",
    # LibreOffice, poppler and Tesseract: each test prints or reads real PDFs.
    "servicehall/gbt9704/tests/test_faces.py": "LibreOffice",
    "servicehall/gbt9704/tests/test_file_form.py": "LibreOffice",
    "servicehall/gbt9704/tests/test_pdf.py": "LibreOffice",
    "servicehall/gbt9704/tests/test_same_everywhere.py": "LibreOffice",
    "servicehall/reports/tests/test_audit.py": "LibreOffice",
    "servicehall/reports/tests/test_glyphs.py": "LibreOffice",
    "servicehall/archive/tests/test_extract.py": "LibreOffice and OCR",
    "servicehall/archive/tests/test_ocr_review.py": "OCR",
}


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
        # Demo-backed, browser and subprocess tests (each_database: `servicehall` in fresh
        # processes) and the modules above are the slow part; `make check` skips them.
        if (
            "demo_db" in fixtures
            or item.get_closest_marker("browser") is not None
            or item.get_closest_marker("each_database") is not None
            or item.nodeid.split("::")[0] in SLOW_MODULES
        ):
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

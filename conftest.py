"""Suite-wide pytest set-up: the one conftest of the project.

Fixtures come from plugin modules registered here once: the personas, the factories' helpers,
the seed reports and documents, and the demo data set.
"""

import ast
import gc
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django import Settings

from servicehall.testing.examples import CHECK_EXAMPLES

pytest_plugins = [
    "servicehall.testing.personas",
    "servicehall.testing.tree",
    "servicehall.testing.seeds",
    "servicehall.testing.documents",
    "servicehall.demo.tests.fixtures",
]

# `make check` loads this profile (--hypothesis-profile=check): each Hypothesis test draws a
# fifth of its examples there (servicehall/testing/examples.py), all of them in `make test`.
hypothesis_settings.register_profile("check", max_examples=CHECK_EXAMPLES)

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
    # LibreOffice: the 2024-4 issue printed in five mastheads, once per module (~3 s of the
    # worker's CPU and LibreOffice's own); the fast loop keeps no PDF audit (test_audit above).
    "servicehall/gbt9704/tests/test_audit_clauses.py": "LibreOffice",
    # mypy run twice in subprocesses (~3 s of CPU): `make typecheck` and `make test` load the
    # plugin over every factory call of the suite.
    "servicehall/testing/tests/test_mypy_factories.py": "mypy in subprocesses",
}
# Generated matrices inside modules whose other tests stay in the fast loop (one model, role
# or page each); the fast loop keeps a role's subtree and the anonymous redirect of each page.
SLOW_FUNCTIONS = {
    "servicehall/history/tests/test_history_pages.py::test_every_records_history_is_read_by_those_who_may_change_the_record",
    "servicehall/org/tests/test_tree.py::test_every_center_bound_register_shows_a_city_admin_only_its_subtree",
    "servicehall/accounts/tests/test_admin_site.py::test_the_center_admin_opens_each_admin_list",
    "servicehall/core/tests/test_pages.py::test_each_page_answers_its_roles_and_refuses_the_others",
    # LibreOffice (a publication with its DOCX and PDF), and an archive of generated issues.
    "servicehall/reports/tests/test_drafting.py::test_publication_numbers_continue_from_an_imported_past_issue_and_freeze_everything",
    "servicehall/archive/tests/test_doubtful_imports.py::test_a_complete_report_is_published_as_before",
    "servicehall/archive/tests/test_search.py::test_a_zip_of_generated_past_issues_imports_each_and_is_searched_across_years",
    # LibreOffice: the office files of a publication left to their first download, and an
    # imported issue's DOCX rendered at its first; the fast loop keeps the stored files frozen
    # (test_integrity: the ORM, the ledger, the checksums) and render_issue's frozen text.
    "servicehall/reports/tests/test_drafting.py::test_office_files_left_to_the_first_download_come_together_and_stay_frozen",
    "servicehall/reports/tests/test_integrity.py::test_an_imported_issue_gets_its_docx_rendered_once_then_frozen",
    # LibreOffice: a report printed as PDF and imported again is the same issue; the fast loop
    # keeps the same file imported again changing nothing (test_reconcile) and the PDF reader
    # on the gold sets.
    "servicehall/reports/tests/test_drafting.py::test_the_same_report_as_pdf_is_recognised_not_a_conflict",
    # LibreOffice: an erratum's own PDF printed and imported back.
    "servicehall/archive/tests/test_erratum_import.py::test_the_erratum_this_system_publishes_imported_back_links_to_its_original",
    "servicehall/archive/tests/test_erratum_import.py::test_the_erratums_pdf_sets_its_notice_as_a_title_under_its_own_masthead",
    # Every route for every persona of the tree (~70 s of CPU, half the fast loop's), and the
    # county admin's own records on every route (~3 s, and the one test of the fast loop left
    # starting LibreOffice: a published issue's PDF on its first download): the fast loop
    # keeps every route classified, the admin site's subtree, and each app's own pages.
    "servicehall/core/tests/test_tree_routes.py::test_no_route_reads_or_changes_a_record_outside_the_personas_subtree",
    "servicehall/core/tests/test_tree_routes.py::test_no_route_without_a_record_names_a_center_outside_the_personas_subtree",
    "servicehall/core/tests/test_tree_routes.py::test_the_county_admin_opens_its_own_record_on_every_route",
    # The admin site's change page of every register in every center (~6 s of CPU: the
    # module's world of rows, built for it alone in the fast loop, then ~100 pages); the fast
    # loop keeps one register's change pages over the tree (org/tests/test_tree.py).
    "servicehall/core/tests/test_tree_routes.py::test_the_admin_site_opens_no_record_outside_a_county_admins_subtree",
    # Hypothesis over random writes (19 s); the fast loop keeps the import's and the unpublish's.
    "servicehall/figures/tests/test_indicator_rollups.py::test_rollups_and_cases_give_every_indicator_alike_after_random_writes",
    # LibreOffice: an erratum printed to PDF by soffice started anew for each (~1 s of wall
    # and ~1 s of LibreOffice's CPU each, the fast loop's only LibreOffice, session 10); the
    # fast loop keeps the erratum read from its text and DOCX (the rest of the module) and the
    # PDF reader on the gold sets (test_gold).
    "servicehall/archive/tests/test_erratum_hostile.py::test_an_erratums_pdf_whose_passages_are_not_quoted_says_so",
    "servicehall/archive/tests/test_erratum_hostile.py::test_an_erratums_pdf_links_as_its_text_does",
    # Two threads and a waiting writer on SQLite: seconds of waiting each, by design.
    "servicehall/cases/tests/test_import_pacing.py::test_on_sqlite_a_waiting_write_gets_its_turn_between_two_transactions",
    "servicehall/cases/tests/test_import_setbased.py::test_a_write_waiting_on_sqlite_gets_in_between_two_growing_chunks",
}

# Parametrized matrices whose fast loop keeps the cases whose id starts as written here: the
# full suite runs every case, and a case added later (a new set) goes to the full suite alone.
FAST_CASES = {
    # Every real set in every format (33 cases, ~9 s of CPU): the fast loop keeps train and
    # test in the three formats, beside the gold set's own three (the reader of each format).
    "servicehall/archive/tests/test_gold.py::test_real_reports_read_at_least_as_well_as_when_measured": (
        "real train-",
        "real test-",
    ),
}


def _left_to_the_full_suite(nodeid: str) -> bool:
    function, _, case = nodeid.partition("[")
    kept = FAST_CASES.get(function)
    return (
        nodeid.split("::")[0] in SLOW_MODULES
        or function in SLOW_FUNCTIONS
        or (kept is not None and not case.startswith(kept))
    )


# The markers that make a test slow whatever else it does (pytest_collection_modifyitems).
_SLOW_MARKERS = {"slow", "browser", "each_database"}


def _markers(node: ast.AST) -> set[str]:
    """The names X of every ``pytest.mark.X`` written in ``node`` (called or not)."""
    return {
        n.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Attribute)
        and n.value.attr == "mark"
        and isinstance(n.value.value, ast.Name)
        and n.value.value.id == "pytest"
    }


def slow_by_its_source(source: str) -> bool:
    """True when the module's source alone shows every test of it slow: the module's
    ``pytestmark``, a class's or the function's own marker (slow, browser, each_database), or
    ``demo_db`` among its arguments. A test slow only through a fixture, or a module with no
    test written in it, is not: such a module is imported, and its tests marked as ever."""
    tree = ast.parse(source)
    marked: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in targets):
                marked |= _markers(node.value) if node.value is not None else set()
    if marked & _SLOW_MARKERS:
        return True
    tests: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, set[str]]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            tests.append((node, set()))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            on_class = set().union(*(_markers(d) for d in node.decorator_list))
            tests += [
                (f, on_class)
                for f in node.body
                if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                and f.name.startswith("test")
            ]
    return bool(tests) and all(
        bool((on_class | set().union(*(_markers(d) for d in f.decorator_list))) & _SLOW_MARKERS)
        or "demo_db" in {a.arg for a in (*f.args.args, *f.args.kwonlyargs)}
        for f, on_class in tests
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # `make check` (-m "not slow") does not even import the modules it leaves whole to the full
    # suite, listed or slow by their source (the browser modules, the demo's, the subprocesses'):
    # their import and assertion rewriting cost each xdist worker ~1.5 s and ~2.5 s of CPU.
    if config.option.markexpr != "not slow" or collection_path.suffix != ".py":
        return None
    relative = collection_path.relative_to(config.rootpath).as_posix()
    if relative in SLOW_MODULES:
        return True
    if collection_path.name.startswith("test_") and slow_by_its_source(
        collection_path.read_text(encoding="utf-8")
    ):
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    # An xdist worker loads the test database the other worker migrated (testing/templatedb.py).
    if hasattr(config, "workerinput"):
        from servicehall.testing import templatedb

        templatedb.install()


def pytest_sessionstart(session: pytest.Session) -> None:
    # xdist's controller (before its own sessionstart, trylast, starts the workers) migrates
    # the workers' test database while they start and collect (testing/templatedb.py).
    config = session.config
    if (
        config.pluginmanager.getplugin("dsession") is None
        or config.option.nomigrations
        or config.option.reuse_db
    ):
        return
    from django.db import DEFAULT_DB_ALIAS, connections

    from servicehall.testing import templatedb

    connection = connections[DEFAULT_DB_ALIAS]
    if templatedb.controller_may_migrate(
        connection.vendor, connection.settings_dict.get("TEST", {}).get("NAME")
    ):
        from pytest_django.plugin import blocking_manager_key

        config.option.testrunuid = config.option.testrunuid or uuid.uuid4().hex
        path = templatedb.template_path(config.option.testrunuid)
        assert path is not None
        templatedb.migrate_beside_collection(path, config.stash[blocking_manager_key].unblock)


def pytest_sessionfinish(session: pytest.Session) -> None:
    from servicehall.testing import templatedb

    if hasattr(session.config, "workerinput"):
        templatedb.forget()
    elif getattr(session.config.option, "testrunuid", None):
        path = templatedb.template_path(session.config.option.testrunuid)
        assert path is not None
        templatedb.forget_beside(path)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    # Every object left is the interpreter's to free at exit: frozen, the collections run while
    # it unloads the modules skip them. A worker exited ~0.5 s later without this, and the
    # controller waits for both before it ends (session 10).
    gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        # A transactional test ends by flushing, and the flush re-creates the content types
        # under new ids: the next serialized test on the same worker then cannot restore its
        # own (UNIQUE constraint failed: django_content_type), depending on the order xdist
        # gives. So every transactional test restores the database it found.
        marker = item.get_closest_marker("django_db")
        if (
            marker is not None
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: django_db(transaction=True) needs serialized_rollback=True"
            )
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
            or _left_to_the_full_suite(item.nodeid)
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    # Logins are made in most tests; PBKDF2's million rounds would be a third of the suite.
    # New hashes are MD5; the production hashers stay listed so that logins made before the
    # test (the demo data set, loaded once per session) still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def _static_files_by_name(settings: Settings) -> None:
    # The hashed names need collectstatic's manifest, which a test run does not build (seconds
    # of compression): pages link /static/<name>; test_static_files builds the real one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_working_calendar() -> Iterator[None]:
    # The calendar table is read into memory once; a test's edits roll back with its
    # transaction, which signals cannot see: every test starts from the table itself.
    from servicehall.workcal import workdays

    workdays.forget()
    yield
    workdays.forget()

"""Which tests `make check` leaves to the full suite (the root conftest, issue 24): whole
modules, whole functions, and the cases of a matrix beyond those the fast loop keeps."""

from __future__ import annotations

from conftest import (
    FAST_CASES,
    SLOW_FUNCTIONS,
    SLOW_MODULES,
    _left_to_the_full_suite,
    pytest_ignore_collect,
    slow_by_its_source,
)

GOLD = "servicehall/archive/tests/test_gold.py::test_real_reports_read_at_least_as_well_as_when_measured"


def test_a_matrix_keeps_its_named_cases_in_the_fast_loop_and_leaves_the_others() -> None:
    assert GOLD in FAST_CASES
    assert not _left_to_the_full_suite(f"{GOLD}[real train-pdf]")
    assert not _left_to_the_full_suite(f"{GOLD}[real test-txt]")
    assert _left_to_the_full_suite(f"{GOLD}[real heldout-pdf]")
    # A set added later is the full suite's until the fast loop names it.
    assert _left_to_the_full_suite(f"{GOLD}[real fresh99-docx]")


def test_modules_and_functions_listed_leave_every_case() -> None:
    module = next(iter(SLOW_MODULES))
    assert _left_to_the_full_suite(f"{module}::test_anything[any-case]")
    function = next(iter(SLOW_FUNCTIONS))
    assert _left_to_the_full_suite(function)
    assert _left_to_the_full_suite(f"{function}[a-case]")
    assert not _left_to_the_full_suite("servicehall/archive/tests/test_gold.py::test_other")


def test_every_module_and_function_listed_exists() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    listed = [*SLOW_MODULES, *(f.split("::")[0] for f in (*SLOW_FUNCTIONS, *FAST_CASES))]
    assert [path for path in listed if not (root / path).is_file()] == []
    for function in (*SLOW_FUNCTIONS, *FAST_CASES):
        path, name = function.split("::")
        assert f"def {name}(" in (root / path).read_text(encoding="utf-8"), function


def test_the_fast_loop_does_not_import_a_module_it_leaves_whole_and_the_full_suite_does() -> None:
    from pathlib import Path
    from types import SimpleNamespace
    from typing import Any

    root = Path(__file__).resolve().parents[3]

    def ignored(markexpr: str, path: str) -> bool | None:
        config: Any = SimpleNamespace(option=SimpleNamespace(markexpr=markexpr), rootpath=root)
        return pytest_ignore_collect(root / path, config)

    module = next(iter(SLOW_MODULES))
    assert ignored("not slow", module) is True
    assert ignored("", module) is None  # make test
    assert ignored("slow", module) is None
    assert ignored("not slow", "servicehall/archive/tests/test_gold.py") is None


def test_a_module_whose_source_marks_every_test_slow_is_not_imported_by_the_fast_loop() -> None:
    from pathlib import Path
    from types import SimpleNamespace
    from typing import Any

    root = Path(__file__).resolve().parents[3]
    assert slow_by_its_source(
        "import pytest\npytestmark = [pytest.mark.django_db, pytest.mark.slow]\n"
    )
    assert slow_by_its_source("import pytest\npytestmark = pytest.mark.each_database\n")
    browser = "@pytest.mark.browser\ndef test_a(page): ...\n"
    demo = "def test_b(client, demo_db): ...\n"
    assert slow_by_its_source(browser + demo)
    assert slow_by_its_source("@pytest.mark.browser\nclass TestWalk:\n    def test_c(self): ...\n")
    # One test the source does not show slow keeps the module in the fast loop.
    assert not slow_by_its_source(browser + "def test_d(client): ...\n")
    assert not slow_by_its_source(
        "pytestmark = pytest.mark.django_db\n" + demo + "def test_e(): ...\n"
    )
    # Nothing written in the module: its tests are judged once collected, as before.
    assert not slow_by_its_source("from elsewhere import test_f\n")

    def ignored(path: str) -> bool | None:
        config: Any = SimpleNamespace(option=SimpleNamespace(markexpr="not slow"), rootpath=root)
        return pytest_ignore_collect(root / path, config)

    assert ignored("servicehall/core/tests/test_browser_roles.py") is True  # each test a browser
    assert ignored("servicehall/core/tests/test_soak.py") is True  # the module's pytestmark
    assert ignored("servicehall/demo/tests/test_issues.py") is True  # demo_db in every test
    assert ignored("servicehall/org/tests/test_tree.py") is None

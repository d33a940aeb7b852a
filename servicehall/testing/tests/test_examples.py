"""The fast loop draws a fifth of each Hypothesis test's examples, the full suite all of them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from servicehall.testing.examples import examples


@pytest.fixture
def profile() -> Iterator[None]:
    """Whatever profile a test loads, the run's own comes back after it."""
    before = settings.get_current_profile_name()
    yield
    settings.load_profile(before)


def test_the_default_profile_draws_every_example_written(profile: None) -> None:
    settings.load_profile("default")
    assert [examples(n) for n in (20, 25, 60, 150)] == [20, 25, 60, 150]


def test_the_check_profile_draws_a_fifth_and_never_fewer_than_ten(profile: None) -> None:
    settings.load_profile("check")  # registered by the root conftest, loaded by make check
    assert settings().max_examples == 20
    assert [examples(n) for n in (20, 25, 60, 150)] == [10, 10, 12, 30]


def test_make_check_loads_the_check_profile() -> None:
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck:")[1].split("\n\n")[0]
    assert "--hypothesis-profile=check" in recipe

"""Shared fixtures of the archive tests: the two seed reports, copied into fixtures/."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_2024_4 = FIXTURES / "000_f75594d5c8063963.txt"
SEED_2023_9 = FIXTURES / "003_275a63ef4da486c8.txt"


@pytest.fixture(scope="session")
def text_2024_4() -> str:
    return SEED_2024_4.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def text_2023_9() -> str:
    return SEED_2023_9.read_text(encoding="utf-8")

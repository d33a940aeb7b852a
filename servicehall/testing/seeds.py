"""The two real reports of SPEC.md (种子报告), one copy each: the demo's past issues.

The demo imports them as past issues (``servicehall/demo/data/past_issues``); the parser,
extraction and round-trip tests read the same files through these paths and fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PAST_ISSUES = Path(__file__).resolve().parent.parent / "demo" / "data" / "past_issues"
SEED_2024_4 = PAST_ISSUES / "窗口工作周报2024年第4期.txt"  # seeds/000_f75594d5c8063963.txt
SEED_2023_9 = PAST_ISSUES / "政务服务工作2023年第9期.txt"  # seeds/003_275a63ef4da486c8.txt
SEEDS = (SEED_2024_4, SEED_2023_9)


@pytest.fixture(scope="session")
def text_2024_4() -> str:
    return SEED_2024_4.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def text_2023_9() -> str:
    return SEED_2023_9.read_text(encoding="utf-8")

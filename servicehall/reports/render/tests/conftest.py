"""Fixtures of the renderer tests: the two seed-like documents, fresh for each test."""

from __future__ import annotations

import pytest

from servicehall.reports.document import Document
from servicehall.reports.render.tests.documents import document_2023_9, document_2024_4


@pytest.fixture
def doc_2024() -> Document:
    return document_2024_4()


@pytest.fixture
def doc_2023() -> Document:
    return document_2023_9()

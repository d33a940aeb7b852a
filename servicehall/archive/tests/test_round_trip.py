"""Round trip: an imported report rendered again reproduces the original."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

import pytest

from servicehall.archive import parse_file, read_report
from servicehall.gbt9704 import render_txt
from servicehall.gbt9704.docx import render_docx
from servicehall.testing.seeds import SEEDS

if TYPE_CHECKING:
    from pathlib import Path


def normalise(text: str) -> str:
    """Whitespace, page numbers and the seeds' bold markers aside."""
    text = re.sub(r"^\s*[—－-]\s*\d+\s*[—－-]\s*$", "", text, flags=re.M)
    return re.sub(r"\s+", "", text.replace("**", ""))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_plain_text_of_an_imported_seed_matches_the_original(seed: Path) -> None:
    original = seed.read_text(encoding="utf-8")
    rendered = render_txt(read_report(original))
    ratio = difflib.SequenceMatcher(
        None, normalise(original), normalise(rendered), autojunk=False
    ).ratio()
    assert ratio >= 0.97, ratio


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_docx_of_an_imported_seed_imports_to_the_same_parsed_form(
    seed: Path, tmp_path: Path
) -> None:
    imported = read_report(seed.read_text(encoding="utf-8"))
    path = tmp_path / "issue.docx"
    path.write_bytes(render_docx(imported))
    again = parse_file(path)
    assert again.to_parsed() == imported.to_parsed()

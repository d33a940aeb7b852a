"""Which files make a gold set (标准集的文件): numbered texts of any width, in number order."""

from __future__ import annotations

import json
from pathlib import Path

from servicehall.archive.gold import SETS, load, numbered


def test_a_set_numbered_past_99_is_read_whole_and_in_number_order(tmp_path: Path) -> None:
    labels = {"kind": "report", "metadata": {}, "facts": []}
    for name in ("98-a", "99-b", "100-c", "117-d"):
        (tmp_path / f"{name}.json").write_text(json.dumps(labels), encoding="utf-8")
        (tmp_path / f"{name}.txt").write_text("正文", encoding="utf-8")
    (tmp_path / "README.md").write_text("说明", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")

    assert [r.name for r in load(tmp_path)] == ["98-a", "99-b", "100-c", "117-d"]
    assert [p.name for p in numbered(tmp_path, ".txt")] == [
        "98-a.txt",
        "99-b.txt",
        "100-c.txt",
        "117-d.txt",
    ]


def test_every_labelled_text_of_every_set_is_scored() -> None:
    for directory in SETS.values():
        labelled = {p.stem for p in directory.glob("*.json") if p.stem[:1].isdigit()}
        assert {r.name for r in load(directory)} == labelled, directory

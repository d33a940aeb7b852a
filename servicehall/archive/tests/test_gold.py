"""The fact reader against the gold set (标准集): precision and recall ≥ 0.95 in every format.

The texts and what a reader takes from them are in ``servicehall/archive/gold``; their .docx
and .pdf renderings are committed files, read the way an importer reads an upload.
"""

from __future__ import annotations

import pytest

from servicehall.archive.gold import FORMATS, load, score

THRESHOLD = 0.95


def test_the_gold_set_has_at_least_25_reports_of_every_kind_each_in_three_formats():
    reports = load()
    assert len(reports) >= 25
    kinds = {report.kind for report in reports}
    assert {"月报", "数据发布", "会议新闻", "县区简讯"} <= kinds
    assert sum(len(report.facts) for report in reports) >= 300
    for report in reports:
        for fmt in FORMATS:
            assert report.path(fmt).is_file(), f"{report.path(fmt)} is missing: run the renderer"


@pytest.mark.parametrize("fmt", FORMATS)
def test_facts_read_from_every_format_agree_with_the_gold_set(fmt, capsys):
    result = score(fmt)
    with capsys.disabled():
        print(f"\ngold set {result.line()}")
    misses = "\n".join(result.misses)
    assert result.precision >= THRESHOLD, misses
    assert result.recall >= THRESHOLD, misses
    assert result.metadata_accuracy >= THRESHOLD, misses
    assert result.rankings_right == result.rankings_total, misses

"""A report printed in traditional characters is read as simplified (``reading.script``)."""

from __future__ import annotations

from servicehall.archive import read_report
from servicehall.reading.script import is_traditional, to_simplified


def test_traditional_text_is_told_from_simplified_and_read_as_simplified() -> None:
    assert is_traditional("本季度熱線共受理訴求1200件，辦結率達到98%，較上季度增長")
    assert not is_traditional("本季度热线共受理诉求1200件，办结率达到98%")
    assert not is_traditional("乾县政务中心本月办件300件")  # a place name in the old form
    assert to_simplified("辦結率達") == "办结率达"
    assert to_simplified("办结率达") == "办结率达"


def test_the_words_a_traditional_report_reads_through_are_read_through() -> None:
    doc = read_report("本季度熱線滿意率達99.5%，綜合指標值評定為98.3分。")
    assert [(f.scope, f.label, f.value, f.unit) for f in doc.facts] == [
        ("热线", "满意率", 99.5, "%"),
        (None, "综合指标值", 98.3, "分"),
    ]
    assert "原文为繁体字，已按简体字识读" in doc.warnings

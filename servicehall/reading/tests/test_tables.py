"""A table's cells as a reader reads them: labelled by row and column, counted in what the
table's caption names, a score column's bare cells in 分 (``reading.facts.tables``)."""

from __future__ import annotations

from servicehall.reading.facts import extract_paragraph_facts
from servicehall.reading.facts.tables import table_caption_of


def _read(paragraphs: list[str]) -> list[tuple[str | None, str, object, str]]:
    return [
        (fact.scope, fact.label, fact.value, fact.unit)
        for found in extract_paragraph_facts(paragraphs)
        for fact in found
    ]


def test_a_lead_in_ending_on_a_colon_is_the_scope_of_the_table_under_it() -> None:
    read = _read(
        [
            "2.各街道办理“区长热线”来电情况：",
            "| 承办街道 | 总件数 | 已办结 | 办结率 |",
            "| 东关街道 | 40 | 38 | 95% |",
            "| 西湖街道 | 12 | 12 | 100% |",
        ]
    )
    caption = "各街道办理“区长热线”来电情况"
    assert read == [
        (caption, "东关街道总件数", 40, ""),
        (caption, "东关街道已办结", 38, ""),
        (caption, "东关街道办结率", 95, "%"),
        (caption, "西湖街道总件数", 12, ""),
        (caption, "西湖街道已办结", 12, ""),
        (caption, "西湖街道办结率", 100, "%"),
    ]


def test_a_caption_in_a_border_states_nothing_and_names_the_table() -> None:
    read = _read(
        [
            "各乡镇数据质量得分情况 |",
            "乡镇 | 工单总数 | 数据完整得分 | 数据质量总分 |",
            "城关镇 | 812 | 9.50 | 28.75 |",
        ]
    )
    assert read == [
        ("各乡镇数据质量得分情况", "城关镇工单总数", 812, ""),
        ("各乡镇数据质量得分情况", "城关镇数据完整得分", 9.5, "分"),
        ("各乡镇数据质量得分情况", "城关镇数据质量总分", 28.75, "分"),
    ]


def test_a_table_without_a_caption_above_it_keeps_no_scope() -> None:
    read = _read(
        [
            "本月共受理来电52件。",
            "街道 | 总件数 | 评分 |",
            "东关街道 | 40 | 99.1 |",
        ]
    )
    assert read[1:] == [(None, "东关街道总件数", 40, ""), (None, "东关街道评分", 99.1, "")]


def test_what_is_a_tables_caption() -> None:
    assert table_caption_of("2024年度某县公共资源交易服务“好差评”统计表 |") == (
        "2024年度某县公共资源交易服务“好差评”统计表"
    )
    assert table_caption_of("（一）各县市区来信情况:") == "各县市区来信情况"
    assert table_caption_of("99 |") is None  # a cell's value, no caption
    assert table_caption_of("本月受理来电52件，办结50件：") is None  # a sentence

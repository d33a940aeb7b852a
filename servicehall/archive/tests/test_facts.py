"""Every quantity a text states becomes a fact {label, value, unit, text}."""

from __future__ import annotations

from decimal import Decimal

from servicehall.archive import extract_facts


def triples(text: str) -> list[tuple[str, int | float | Decimal, str]]:
    return [(f.label, f.value, f.unit) for f in extract_facts(text)]


def test_the_spec_example_gives_label_value_and_unit() -> None:
    [fact] = extract_facts("全区一体化平台办件数3382件")
    assert (fact.label, fact.value, fact.unit, fact.text) == (
        "全区一体化平台办件数",
        3382,
        "件",
        "全区一体化平台办件数3382件",
    )


def test_fillers_around_the_label_are_left_out() -> None:
    assert triples("本周，共计咨询 1291 人次、受理 631 件、流转 2185 件次。") == [
        ("咨询", 1291, "人次"),
        ("受理", 631, "件"),
        ("流转", 2185, "件次"),
    ]


def test_thousands_separators_of_both_widths_are_read() -> None:
    assert triples("全年受理1,234件，办结1，200件，网办量12,345,678笔。") == [
        ("全年受理", 1234, "件"),
        ("办结", 1200, "件"),
        ("网办量", 12345678, "笔"),
    ]


def test_wan_scales_counts_but_money_keeps_its_unit() -> None:
    assert triples("累计服务3.5万件，惠及企业2万余家，减税5000万元，兑现167.59亿元。") == [
        ("服务", 35000, "件"),
        ("惠及企业", 20000, "家"),
        ("减税", 5000, "万元"),
        ("兑现", 167.59, "亿元"),
    ]


def test_percentages_and_percentage_points() -> None:
    assert triples("占比 67.48%，好评率９９．５％，同比提高2.1个百分点。") == [
        ("占比", 67.48, "%"),
        ("好评率", 99.5, "%"),
        ("同比提高", 2.1, "个百分点"),
    ]


def test_dates_issue_numbers_ordinals_and_item_numbers_are_not_facts() -> None:
    text = (
        "2023年第 9期（总第 429期）\n"
        "1.3 月 6 日至 9 日，截止2023年12月31日开展第5次检查。\n"
        "2.公布2023年第十一批次名单。"
    )
    assert extract_facts(text) == []


def test_the_longest_unit_wins() -> None:
    assert triples("经审查后8个工作日内作出决定，整改3个月。") == [
        ("经审查后", 8, "个工作日"),
        ("整改", 3, "个月"),
    ]


def test_a_bracket_opens_a_clause_but_a_bracket_inside_the_label_is_kept() -> None:
    assert triples("省级部门（单位）有 7个；共计兑享167.59亿元（减免147.59亿元）") == [
        ("省级部门（单位）", 7, "个"),
        ("兑享", 167.59, "亿元"),
        ("减免", 147.59, "亿元"),
    ]


def test_a_number_without_a_label_before_it_takes_the_noun_after_it() -> None:
    [fact] = extract_facts("制定《审查细则》3个审查细则。")
    assert (fact.label, fact.value, fact.unit) == ("审查细则", 3, "个")


def test_empty_and_numberless_text_have_no_facts() -> None:
    assert extract_facts("") == []
    assert extract_facts("总体情况良好。") == []


def test_a_score_without_its_unit_is_labelled_and_scored():
    facts = extract_facts("本周受理5件，综合得分9.2，位列全省第一；满意度评分为98.5，得分90分。")
    assert [(f.label, f.value, f.unit) for f in facts] == [
        ("受理", 5, "件"),
        ("综合得分", 9.2, "分"),
        ("满意度评分", 98.5, "分"),
        ("得分", 90, "分"),
    ]


def test_minutes_of_a_time_of_day_are_no_score():
    assert extract_facts("上午9时30分，会议开始；9:30分签到。") == []

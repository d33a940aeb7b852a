"""Every quantity a text states becomes a fact {label, value, unit, text}."""

from __future__ import annotations

from decimal import Decimal

from servicehall.archive import extract_facts, extract_rankings
from servicehall.gbt9704.document import Comparison, Fact, Ranking


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
        ("受理", 1234, "件"),
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
    # A share of nothing named says so (its label is not guessed).
    facts = extract_facts("占比 67.48%，好评率９９．５％，同比提高2.1个百分点。")
    assert [(f.label, f.value, f.unit, f.comparison) for f in facts] == [
        ("（名称未识别）", 67.48, "%", None),
        ("好评率", 99.5, "%", None),
        ("好评率", 2.1, "个百分点", Comparison("同比", "增加")),
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
        ("决定", 8, "个工作日"),
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


def test_a_score_without_its_unit_is_labelled_and_scored() -> None:
    facts = extract_facts("本周受理5件，综合得分9.2，位列全省第一；满意度评分为98.5，得分90分。")
    assert [(f.label, f.value, f.unit) for f in facts] == [
        ("受理", 5, "件"),
        ("综合得分", 9.2, "分"),
        ("满意度评分", 98.5, "分"),
        ("得分", 90, "分"),
    ]


def test_minutes_of_a_time_of_day_are_no_score() -> None:
    assert extract_facts("上午9时30分，会议开始；9:30分签到。") == []


def full(text: str) -> list[tuple[str, int | float | Decimal, str, str | None, Comparison | None]]:
    return [(f.label, f.value, f.unit, f.scope, f.comparison) for f in extract_facts(text)]


def test_a_count_right_after_its_label_is_labelled() -> None:
    assert full("逾期件5件，差评2件，共计办件1,203件。") == [
        ("逾期件", 5, "件", None, None),
        ("差评", 2, "件", None, None),
        ("办件", 1203, "件", None, None),
    ]


def test_a_colon_between_label_and_number_is_read_through() -> None:
    assert full("办件量：3382件；满意率：99.5%。") == [
        ("办件量", 3382, "件", None, None),
        ("满意率", 99.5, "%", None, None),
    ]


def test_wan_with_decimals_and_separators_scales_to_a_count() -> None:
    assert full("累计办件2,345.6万件，惠及群众1.2万人次。") == [
        ("办件", 23456000, "件", None, None),
        ("惠及群众", 12000, "人次", None, None),
    ]


def test_month_on_month_wording_is_tied_to_the_quantity_it_qualifies() -> None:
    assert full("受理1,200件，比上月增加12.5%；满意率99.2%，同比提高0.8个百分点，与上月持平。") == [
        ("受理", 1200, "件", None, None),
        ("受理", 12.5, "%", None, Comparison("环比", "增加")),
        ("满意率", 99.2, "%", None, None),
        ("满意率", 0.8, "个百分点", None, Comparison("同比", "增加")),
        ("满意率", 0, "", None, Comparison("环比", "持平")),
    ]


def test_a_change_against_another_basis_has_no_basis() -> None:
    assert full("注册用户7,842万户，较年初增加613.5万户。")[1] == (
        "注册用户", 6135000, "户", None, Comparison(None, "增加"),
    )  # fmt: skip


def test_respective_changes_go_to_their_quantities_in_order() -> None:
    assert full("全区共计受理13,206件、办结13,154件，同比分别增长4.6%和4.3%。") == [
        ("受理", 13206, "件", None, None),
        ("办结", 13154, "件", None, None),
        ("受理", 4.6, "%", None, Comparison("同比", "增加")),
        ("办结", 4.3, "%", None, Comparison("同比", "增加")),
    ]


def test_departments_counties_and_channels_are_scopes() -> None:
    assert full("其中，网上办理9,840件，市公安局差评8条，完成科技厅5个办理项。") == [
        ("办理", 9840, "件", "网上", None),
        ("差评", 8, "条", "市公安局", None),
        ("办理项", 5, "个", "科技厅", None),
    ]
    assert full("金堂县：本月受理1,203件，办结1,180件。") == [
        ("受理", 1203, "件", "金堂县", None),
        ("办结", 1180, "件", "金堂县", None),
    ]


def test_a_scope_alone_before_a_number_takes_the_label_before_it() -> None:
    assert full("受理1,200件，其中省公安厅800件、省税务局400件。") == [
        ("受理", 1200, "件", None, None),
        ("受理", 800, "件", "省公安厅", None),
        ("受理", 400, "件", "省税务局", None),
    ]


def test_respectively_gives_one_fact_per_name() -> None:
    assert full("咨询类、投诉类分别为300件、12件。来电、网络渠道分别受理41,206件、10,384件。") == [
        ("咨询类", 300, "件", None, None),
        ("投诉类", 12, "件", None, None),
        ("受理", 41206, "件", "来电", None),
        ("受理", 10384, "件", "网络", None),
    ]


def test_words_that_look_like_places_or_quantities_are_not() -> None:
    # 新设市场主体 is no city 新设市; “15分钟政务服务圈” and 24小时自助 are names.
    assert full("新设市场主体2.3万户，建成“15分钟政务服务圈”12个，新增24小时自助服务区2个。") == [
        ("新设市场主体", 23000, "户", None, None),
        ("建成“15分钟政务服务圈”", 12, "个", None, None),
        ("新增24小时自助服务区", 2, "个", None, None),
    ]


def test_the_report_own_scope_is_the_subject_before_a_verb_and_part_of_a_noun() -> None:
    assert full("全市收到差评12件，全区一体化平台办件数3382件。") == [
        ("收到差评", 12, "件", None, None),
        ("全区一体化平台办件数", 3382, "件", None, None),
    ]


def test_ranked_lists_become_lists_and_their_counts_scoped_facts() -> None:
    text = "受理量前3位的部门窗口：市公安局（236件）、市税务局（198件）、市人社局（151件）。"
    assert extract_rankings(text) == [
        Ranking("受理量前3位的部门窗口", ["市公安局", "市税务局", "市人社局"])
    ]
    assert full(text) == [
        ("受理量", 236, "件", "市公安局", None),
        ("受理量", 198, "件", "市税务局", None),
        ("受理量", 151, "件", "市人社局", None),
    ]
    assert extract_rankings("办件量排名前三的窗口依次为甲局、乙局、丙中心，其中甲局9,816件。") == [
        Ranking("办件量排名前三的窗口", ["甲局", "乙局", "丙中心"])
    ]


def test_facts_round_trip_through_json() -> None:
    fact = Fact("受理", 12.5, "%", "比上月增加12.5%", "网上", Comparison("环比", "增加"))
    assert Fact.from_json(fact.to_json()) == fact
    assert fact.to_json()["comparison"] == {"basis": "环比", "direction": "增加"}

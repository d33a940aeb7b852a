"""The real sets' scorer accepts a label the way a person would (``gold.acceptable_label``)."""

from __future__ import annotations

from servicehall.archive.gold import acceptable_label


def test_the_same_label_in_traditional_characters_is_the_same_label() -> None:
    assert acceptable_label({"label": "辦結率"}, {"label": "办结率"})
    assert acceptable_label({"label": "满意率"}, {"label": "滿意率"})


def test_the_words_of_scope_and_label_in_the_other_order_are_the_same_label() -> None:
    read = {"label": "超过时限差评标签"}
    assert acceptable_label(read, {"label": "超过时限", "scope": "差评标签"})
    assert not acceptable_label(
        {"label": "时限超过差评"}, {"label": "超过时限", "scope": "差评标签"}
    )


def test_a_time_or_a_table_caption_in_the_hand_scope_is_no_part_of_what_is_counted() -> None:
    assert acceptable_label({"label": "接通量"}, {"label": "接通量", "scope": "3月2日至6日"})
    assert acceptable_label({"label": "受理工单"}, {"label": "受理工单", "scope": "1-9月"})
    assert acceptable_label(
        {"label": "交办总量", "scope": "东区"}, {"label": "东区交办总量", "scope": "分布情况表"}
    )
    assert acceptable_label(
        {"label": "办件", "scope": "南站"}, {"label": "南站办件", "scope": "表2"}
    )
    # a caption of any length is a caption
    caption = "某市各县、各区承办工单数量、考评得分及排名统计表"
    assert acceptable_label({"label": "甲县排名"}, {"label": "甲县排名", "scope": caption})
    # a scope that is a who stays: the label alone is not half of it
    assert not acceptable_label({"label": "受理"}, {"label": "受理", "scope": "区长信箱（6月份）"})


def test_a_label_that_names_something_else_is_not_accepted() -> None:
    assert not acceptable_label({"label": "办结"}, {"label": "受理"})
    assert not acceptable_label({"label": "件"}, {"label": "受理件"})


def test_a_bare_table_cell_agrees_with_a_count_unit_the_labeller_gave_it() -> None:
    from servicehall.archive.gold import _same_value
    from servicehall.gbt9704.document import Fact

    cell = Fact("南站转派工单", 710, "", "南站 | 710 | 3.92% |")
    assert _same_value(cell, (710.0, "件", None))
    assert not _same_value(cell, (710.0, "%", None))
    prose = Fact("转派工单", 710, "", "转派工单710")
    assert not _same_value(prose, (710.0, "件", None))


def test_a_title_read_without_the_issue_number_it_ends_with_is_the_same_title() -> None:
    from servicehall.archive.gold import _without_issue

    assert _without_issue("某区热线工作情况通报(2021年第三期)") == "某区热线工作情况通报"
    assert _without_issue("窗口周报第4期（总第475期）") == "窗口周报"
    assert _without_issue("关于第三期培训的通知") == "关于第三期培训的通知"


def test_a_label_that_leaves_out_one_word_of_the_hand_label_is_accepted() -> None:
    assert acceptable_label({"label": "社保类占比"}, {"label": "社保类诉求占比"})
    assert acceptable_label({"label": "热线的办结率"}, {"label": "热线办结率"})
    # words left out in two places, or too little of it left, is not
    assert not acceptable_label({"label": "市热线率"}, {"label": "市民热线办结率"})
    assert not acceptable_label({"label": "社保比"}, {"label": "社保类诉求占比"})
    assert not acceptable_label({"label": "办率"}, {"label": "办结率"})


def test_a_unit_in_traditional_characters_is_the_same_unit() -> None:
    from servicehall.archive.gold import _value_key

    assert _value_key({"label": "来电", "value": 7, "unit": "個"}) == (7.0, "个", None)


def test_a_label_in_two_parts_the_other_way_round_is_the_same_label() -> None:
    assert acceptable_label({"label": "超期办理差评标签"}, {"label": "差评标签“超期办理”"})
    assert not acceptable_label({"label": "超期差评标签办理"}, {"label": "差评标签“超期办理”"})


def test_a_label_that_leaves_out_a_word_before_its_last_character_is_accepted() -> None:
    assert acceptable_label({"label": "日均量"}, {"label": "日均通话量"})


def test_a_label_that_names_who_did_what_the_hand_label_counts_is_accepted() -> None:
    assert acceptable_label({"label": "全县12345便民服务热线受理工单"}, {"label": "受理工单"})
    assert acceptable_label({"label": "某区政务服务中心服务窗口"}, {"label": "服务窗口"})
    # words before the hand label that are no who are not
    assert not acceptable_label({"label": "经核实汇总形成便民服务事项"}, {"label": "便民服务事项"})


def test_a_time_relative_to_the_other_value_in_the_hand_scope_is_no_who() -> None:
    assert acceptable_label({"label": "坐席"}, {"label": "坐席", "scope": "开通时"})
    assert acceptable_label({"label": "件量"}, {"label": "件量", "scope": "成立之初"})
    assert not acceptable_label({"label": "件量"}, {"label": "件量", "scope": "东城街道"})

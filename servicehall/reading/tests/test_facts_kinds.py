"""Facts as a reader states them (issue 26): one test per kind, on snippets written for it."""

from __future__ import annotations

from servicehall.gbt9704.document import Comparison
from servicehall.reading.facts import extract_facts, extract_paragraph_facts
from servicehall.reading.facts.label import UNLABELLED


def said(text: str) -> list[tuple[str, object, str, str | None]]:
    return [(f.label, f.value, f.unit, f.scope) for f in extract_facts(text)]


def test_a_share_carries_the_quantity_it_is_a_share_of() -> None:
    assert said(
        "咨询类诉求124599件，占63.72%；投诉类1983件，占比1.01%；举报类890件，约占0.46%。"
    ) == [
        ("咨询类诉求", 124599, "件", None),
        ("咨询类诉求占比", 63.72, "%", None),
        ("投诉类", 1983, "件", None),
        ("投诉类占比", 1.01, "%", None),
        ("举报类", 890, "件", None),
        ("举报类占比", 0.46, "%", None),
    ]
    assert said("直办15.85万件，占受理总量的61.1%。")[1] == ("直办占比", 61.1, "%", None)


def test_a_share_of_nothing_named_says_its_label_is_unknown() -> None:
    assert said("占比率达80.80%。") == [(UNLABELLED, 80.8, "%", None)]


def test_a_change_after_a_share_is_the_change_of_the_quantity() -> None:
    facts = extract_facts("反映虫害防治事项331件，约占49.11%，同比增长133.1%。")
    assert [(f.label, f.value, f.comparison) for f in facts] == [
        ("反映虫害防治事项", 331, None),
        ("反映虫害防治事项占比", 49.11, None),
        ("反映虫害防治事项", 133.1, Comparison("同比", "增加")),
    ]


def test_an_average_names_what_it_averages() -> None:
    assert said("共受理市民诉求71184件，日均10169件。") == [
        ("受理市民诉求", 71184, "件", None),
        ("日均受理市民诉求", 10169, "件", None),
    ]


def test_one_value_for_several_measures_is_one_fact_each() -> None:
    assert said("按期办结率、办结回复率、群众满意率均为100%。") == [
        ("按期办结率", 100, "%", None),
        ("办结回复率", 100, "%", None),
        ("群众满意率", 100, "%", None),
    ]


def test_each_of_several_names_gets_the_measure_counted_before() -> None:
    assert said("逾期10件，其中相山区政府4件，杜集区政府、市税务局各1件。") == [
        ("逾期", 10, "件", None),
        ("逾期", 4, "件", "相山区政府"),
        ("逾期", 1, "件", "杜集区政府"),
        ("逾期", 1, "件", "市税务局"),
    ]


def test_a_respectively_list_names_each_quantity_not_the_first_name_in_all() -> None:
    assert said("来电、网络、短信渠道分别受理41,206件、10,384件、728件。") == [
        ("受理", 41206, "件", "来电"),
        ("受理", 10384, "件", "网络"),
        ("受理", 728, "件", "短信"),
    ]
    assert said("诉求排在前五位的分别为卫生健康类2652件，城市管理类817件。") == [
        ("卫生健康类诉求", 2652, "件", None),
        ("城市管理类诉求", 817, "件", None),
    ]


def test_the_same_measure_for_two_scopes_keeps_each_scope() -> None:
    assert said("历城区（直办5620件，转办6004件）、市中区（直办3718件，转办5097件）。") == [
        ("直办", 5620, "件", "历城区"),
        ("转办", 6004, "件", "历城区"),
        ("直办", 3718, "件", "市中区"),
        ("转办", 5097, "件", "市中区"),
    ]
    assert said("市级受理120件，办结118件；县级受理300件，办结290件。") == [
        ("受理", 120, "件", "市级"),
        ("办结", 118, "件", "市级"),
        ("受理", 300, "件", "县级"),
        ("办结", 290, "件", "县级"),
    ]
    # One scope only: what follows it is the report's own (a written-set rule).
    assert said("全市政务服务中心受理办件12560件，办结12388件。")[1] == ("办结", 12388, "件", None)
    assert said("网上办理2,706件，窗口办理1,200件。") == [
        ("办理", 2706, "件", "网上"),
        ("办理", 1200, "件", "窗口"),
    ]


def test_a_bare_verb_is_no_label() -> None:
    labels = [f.label for f in extract_facts("经核查，有8个。")]
    assert labels == [UNLABELLED]


def test_words_without_a_number_are_never_a_fact() -> None:
    assert extract_facts("本周诉求总量保持平稳，整体运行良好。") == []
    assert said("满意率99%，与上月持平。")[1] == ("满意率", 0, "", None)


def test_a_table_gives_one_fact_per_number_cell_labelled_by_row_and_column() -> None:
    rows = [
        "表1：本周城市管理类前三名诉求 | | | |",
        "本周数据 | 上周数据 | 环比增长 | 详细分类 | |",
        "住房 | 399 | 348 | 14.66% | 物业管理、房屋修缮 |",
        "施工扰民 | 122件 | 111件 | 9.91% | 夜间施工扰民",
        "本周受理12件。",
    ]
    facts = extract_paragraph_facts(rows)
    assert [[(f.label, f.value, f.unit) for f in found] for found in facts] == [
        [],
        [],
        [("住房本周数据", 399, ""), ("住房上周数据", 348, ""), ("住房环比增长", 14.66, "%")],
        [
            ("施工扰民本周数据", 122, "件"),
            ("施工扰民上周数据", 111, "件"),
            ("施工扰民环比增长", 9.91, "%"),
        ],
        [("受理", 12, "件")],
    ]


def test_a_table_row_without_a_fitting_header_says_its_label_is_unknown() -> None:
    facts = extract_paragraph_facts(["住房 | 399 | 348"])
    assert [(f.label, f.value) for f in facts[0]] == [(UNLABELLED, 399), (UNLABELLED, 348)]


def test_counts_among_a_named_whole_keep_it_as_their_scope() -> None:
    assert said("收到的有效评价中，非常满意445,832条，不满意210条。") == [
        ("非常满意", 445832, "条", "有效评价"),
        ("不满意", 210, "条", "有效评价"),
    ]
    assert said("接听群众来电8947个，其中转办2274件，办结率75.42%。") == [
        ("接听群众来电", 8947, "个", None),
        ("转办", 2274, "件", "接听群众来电"),
        ("办结率", 75.42, "%", "接听群众来电"),
    ]


def test_a_ranked_list_whose_items_carry_their_quantities() -> None:
    from servicehall.reading.facts import extract_rankings

    text = "群众诉求排在前三位的分别为卫生健康类2652件，占比31.9%；城市管理类817件，占比11.1%；公共服务类374件。"
    assert [(r.label, r.items) for r in extract_rankings(text)] == [
        ("群众诉求排在前三位的", ["卫生健康类", "城市管理类", "公共服务类"])
    ]


def test_the_items_of_a_list_after_a_whole_are_kinds_of_what_the_whole_counts() -> None:
    assert said("市民来电诉求主要集中在住房保障320件，占诉求量的12.5%；城市管理210件。") == [
        ("住房保障诉求", 320, "件", None),
        ("住房保障诉求占比", 12.5, "%", None),
        ("城市管理诉求", 210, "件", None),
    ]
    # a whole counted for a scope: the items are of that scope; a channel alone is the kind
    assert said("区直单位评价总量为5000条，其中窗口终端4000条，占比80%；短信10条，占比0.2%。") == [
        ("区直单位评价总量", 5000, "条", None),
        ("窗口终端评价", 4000, "条", "区直单位"),
        ("窗口终端评价占比", 80, "%", "区直单位"),
        ("短信评价", 10, "条", "区直单位"),
        ("短信评价占比", 0.2, "%", "区直单位"),
    ]
    # the full stop ends the list: a later sentence counts on its own
    assert said("群众诉求主要集中在供水类30件。表扬类5件。")[1] == ("表扬类", 5, "件", None)


def test_one_matter_before_deng_is_what_is_counted_a_list_before_it_is_examples() -> None:
    assert said("市民主要反映路灯维修及更换等事项52件。") == [
        ("路灯维修及更换等事项", 52, "件", None)
    ]
    assert said("受理群众来电、网络留言等诉求300件。") == [("诉求", 300, "件", None)]


def test_a_report_naming_its_own_place_keeps_it_out_of_the_label() -> None:
    assert said("我县道路交通类环比减少3.5%。")[0][0] == "道路交通类"


def test_roughly_flat_states_no_number_and_is_no_fact() -> None:
    assert said("投诉类诉求与上周相比基本持平。") == []
    assert [f.comparison for f in extract_facts("满意率100%，与上月持平。")][1] == Comparison(
        "环比", "持平"
    )


def test_kinds_listed_after_qizhong_x_colon_are_counted_within_x() -> None:
    assert said("其中退回件：材料不全类12宗、超范围类3宗。") == [
        ("材料不全类", 12, "宗", "退回件"),
        ("超范围类", 3, "宗", "退回件"),
    ]


def test_a_bound_naming_a_class_is_no_quantity_but_part_of_the_label() -> None:
    assert said("好评率95%以下的窗口2个。") == [("好评率95%以下的窗口", 2, "个", None)]
    assert said("好评率保持在99%以上。") == [("好评率", 99, "%", None)]


def test_a_count_of_members_with_a_predicate_counts_the_members_of_which_it_holds() -> None:
    assert said("6家单位存在超期现象。") == [("存在超期现象的单位", 6, "家", None)]
    assert said("另有表扬类5件。") == [("表扬类", 5, "件", None)]


def test_bare_counts_in_brackets_after_listed_names_are_the_names_measure() -> None:
    assert said("差评数前三的事项为：户籍迁移(31)、医保报销(20)、社保卡补办(9)。") == [
        ("差评数", 31, "", "户籍迁移"),
        ("差评数", 20, "", "医保报销"),
        ("差评数", 9, "", "社保卡补办"),
    ]
    assert said("选择最多的差评原因分别为：超时办理(40)、态度不好(12)。") == [
        ("差评原因", 40, "", "超时办理"),
        ("差评原因", 12, "", "态度不好"),
    ]
    assert said("办件量(429)。") == []  # one bracketed number is no list


def test_a_topic_run_into_the_time_qualifies_the_count_and_a_bare_rate_carries_it() -> None:
    assert said("（二）交通出行方面本月共办理路灯、井盖等类工单120件、满意率91%。") == [
        ("交通出行方面工单", 120, "件", None),
        ("交通出行方面工单满意率", 91, "%", None),
    ]
    # a rate of reviews already says what it is of; a topic before a comma is no topic
    assert said("收到评价300条，好评率99.5%。")[1] == ("好评率", 99.5, "%", None)
    assert said("企业开办方面，全市新设经营主体120户。") == [("新设经营主体", 120, "户", None)]


def test_noise_is_dropped_but_words_numbers_and_table_rows_are_kept() -> None:
    from servicehall.reading.lines import strip_noise

    assert strip_noise("办结率98.5%。 F; d F* j$ N! r, {9") == "办结率98.5%。"
    assert strip_noise('% p+ o" s/ p; T') == ""
    assert strip_noise("A B C 三类窗口") == "A B C 三类窗口"
    assert strip_noise("户籍 | 120 | 98 | 22.4% |") == "户籍 | 120 | 98 | 22.4% |"


def test_a_rank_range_is_no_quantity() -> None:
    assert said("办件量前10名的单位：甲局、乙局。") == []


def test_a_step_after_a_semicolon_is_of_the_subject_before_it() -> None:
    assert said("某区政务服务中心共受理1200件；办结1180件，比上月增加3.5%。") == [
        ("受理", 1200, "件", "某区政务服务中心"),
        ("办结", 1180, "件", "某区政务服务中心"),
        ("办结", 3.5, "%", "某区政务服务中心"),
    ]
    # the report's own whole is no scope to carry
    assert said("全市各级政务服务中心共受理1200件；办结1180件。")[1][3] is None


def test_a_noun_after_danwei_is_what_is_counted_not_a_predicate() -> None:
    assert said("新设16个部门窗口。")[0][0] == "部门窗口"


def test_a_bare_verb_of_setting_up_takes_the_noun_after_it_or_says_it_has_none() -> None:
    assert said("新建3个便民服务站。") == [("便民服务站", 3, "个", None)]
    assert said("今年设立5个。") == [(UNLABELLED, 5, "个", None)]


def test_a_share_in_brackets_after_a_noun_is_that_nouns_share_of_the_same_whole() -> None:
    assert said(
        "噪声投诉300件，主要是施工引起的夜间噪声（占噪声投诉总量60%）；商铺噪声（占25%）。"
    ) == [
        ("噪声投诉", 300, "件", None),
        ("夜间噪声占噪声投诉总量", 60, "%", None),
        ("商铺噪声占噪声投诉总量", 25, "%", None),
    ]
    assert said("主要是商铺噪声（占25%）。") == [("商铺噪声占比", 25, "%", None)]


def test_a_part_after_qizhong_and_a_step_after_a_semicolon_keep_the_wholes_scope() -> None:
    assert said("市便民热线中心共受理诉求5000件，其中转办1200件。")[1] == (
        "转办",
        1200,
        "件",
        "市便民热线中心",
    )
    facts = said("接听群众来电800个，其中转办200件，办结150件；直办600件，直办率75%。")
    whole = facts[1][3]  # the steps of 群众来电 are scoped by it
    assert whole and "群众来电" in whole
    assert facts[-2:] == [("直办", 600, "件", whole), ("直办率", 75, "%", whole)]


def test_what_follows_an_among_phrase_is_counted_among_it() -> None:
    assert said("受理的办件中省长热线转办13件。") == [("省长热线转办", 13, "件", None)]


def test_a_change_in_per_cent_after_a_daily_average_is_the_change_of_the_whole() -> None:
    facts = extract_facts("热线共受理市民诉求7000件，日均1000件，较上周下降2.5%。")
    assert [(f.label, f.scope, f.value, f.comparison) for f in facts][2] == (
        "受理市民诉求",
        "热线",
        2.5,
        Comparison("环比", "减少"),
    )


def test_a_count_that_names_itself_a_number_needs_no_unit() -> None:
    assert said("收到评价300条，其中差评数为0，满意率100%。")[1] == ("差评数", 0, "", None)
    assert said("收到评价数1,265,195条。") == [("收到评价数", 1265195, "条", None)]
    assert said("差评数3月份下降。") == []


def test_a_ranked_list_parted_by_semicolons_keeps_the_names_that_hold_a_dunhao() -> None:
    from servicehall.reading.facts import extract_rankings

    [ranking] = extract_rankings("反映事项前3位的是：住房、城建类800件；交通类600件；社保类500件。")
    assert ranking.items == ["住房、城建类", "交通类", "社保类"]


def test_a_ranked_list_of_explained_items_goes_on_a_line_each() -> None:
    from servicehall.reading.facts import extract_rankings

    text = (
        "诉求量前3位的分别是：\n供水服务300件，主要是停水、水压低。\n"
        "道路交通200件，主要是拥堵、信号灯。\n物业管理"
    )
    [ranking] = extract_rankings(text)
    assert ranking.items == ["供水服务", "道路交通", "物业管理"]
    [ranking] = extract_rankings(text.replace("\n供水", "供水"))  # the first item on the line
    assert ranking.items == ["供水服务", "道路交通", "物业管理"]


def test_a_heading_naming_a_channel_or_a_hall_is_the_scope_of_the_facts_under_it() -> None:
    from servicehall.archive import read_report

    doc = read_report(
        "一、本月办理情况\n（一）区长信箱\n本月共受理来信31件，办结30件。\n"
        "（二）办理质量\n本月满意率98%。\n"
        "2西城分中心评价情况。本月累计办件420件，好评率99.5%。\n"
    )
    assert [(f.scope, f.label, f.value) for f in doc.facts] == [
        ("区长信箱", "受理来信", 31),
        ("区长信箱", "办结", 30),
        (None, "满意率", 98),  # 办理质量 names no one
        ("西城分中心", "办件", 420),
        ("西城分中心", "好评率", 99.5),
    ]


def test_the_hotline_named_before_the_first_count_did_the_steps_after_it() -> None:
    from servicehall.reading.facts import extract_facts

    facts = extract_facts(
        "8月，全市12345热线共受理诉求3200件，办结3100件，正在办理中100件，办结率96.9%。"
    )
    assert [(f.scope, f.label, f.value) for f in facts] == [
        (None, "全市12345热线受理诉求", 3200),
        ("全市12345热线", "办结", 3100),
        ("全市12345热线", "正在办理中", 100),
        (None, "办结率", 96.9),
    ]


def test_counts_listed_after_a_ranking_head_are_of_the_measure_ranked() -> None:
    from servicehall.reading.facts import extract_facts

    facts = extract_facts(
        "受理量排名前三的部门：市公安局120件；市人社局80件；市医保局60件。另有7件。"
    )
    assert [(f.scope, f.label, f.value) for f in facts][:3] == [
        ("市公安局", "受理量", 120),
        ("市人社局", "受理量", 80),
        ("市医保局", "受理量", 60),
    ]


def test_the_items_of_a_count_of_those_involved_are_of_what_was_counted() -> None:
    from servicehall.reading.facts import extract_facts

    facts = extract_facts("本月受理工单共涉及12个单位，其中东关镇17件，市水务局5件。")
    assert [(f.scope, f.label, f.value, f.unit) for f in facts][1:] == [
        ("东关镇", "受理工单", 17, "件"),
        ("市水务局", "受理工单", 5, "件"),
    ]


def test_what_was_provided_or_set_up_is_the_noun_after_the_number() -> None:
    from servicehall.reading.facts import extract_facts

    facts = extract_facts("大厅提供了80个座椅，每个窗口配置2台高拍仪，全年确定了12家帮办单位。")
    assert [(f.label, f.value, f.unit) for f in facts] == [
        ("座椅", 80, "个"),
        ("每个窗口高拍仪", 2, "台"),
        ("帮办单位", 12, "家"),
    ]


def test_a_limit_within_which_nothing_is_named_after_is_of_the_words_before() -> None:
    from servicehall.reading.facts import extract_facts

    (fact,) = extract_facts("企业开办全流程时限压缩至2个工作日以内。")
    assert (fact.label, fact.value, fact.unit) == ("企业开办全流程时限", 2, "个工作日")


def test_a_basis_with_its_period_before_what_changed_and_a_time_compared_with() -> None:
    from servicehall.reading.facts import extract_facts

    (fact,) = extract_facts("同比上年投诉工单减少12件。")
    assert (fact.label, fact.value, fact.comparison) == ("投诉工单", 12, Comparison("同比", "减少"))
    facts = extract_facts("本周日均来电980个，比上月日均量860个增长14%。")
    assert [(f.label, f.value) for f in facts][:2] == [("日均来电", 980), ("日均量", 860)]


def test_a_numbered_heading_run_into_its_paragraph_names_the_hotline_counted() -> None:
    from servicehall.reading.facts import extract_paragraph_facts

    (facts,) = extract_paragraph_facts(["（二）12345热线受理量：共受理来电960件，其中转办300件。"])
    assert [(f.scope, f.label, f.value) for f in facts] == [
        ("12345热线", "受理来电", 960),
        ("12345热线", "转办", 300),
    ]
    (facts,) = extract_paragraph_facts(["（二）6月份受理量：共受理来电960件。"])
    assert facts[0].scope is None


def test_a_part_named_after_其中_counts_the_measure_not_the_hotline_of_the_whole() -> None:
    facts = extract_facts("本月市民热线受理工单共320件，其中城关镇40件，市水务局12件。")
    assert [(f.scope, f.label, f.value) for f in facts] == [
        (None, "市民热线受理工单", 320),
        ("城关镇", "受理工单", 40),
        ("市水务局", "受理工单", 12),
    ]


def test_counts_after_an_offices_assessment_of_the_place_are_the_offices() -> None:
    facts = extract_facts(
        "市政务办对我县一季度窗口服务考核情况如下：受理评价900条，差评3条；综合得分98.5分。另自查20件。"
    )
    assert [(f.scope, f.label, f.value) for f in facts] == [
        ("市政务办", "受理评价", 900),
        ("市政务办", "差评", 3),
        ("市政务办", "综合得分", 98.5),
        (None, "自查", 20),
    ]


def test_who_took_in_what_the_noun_after_counts_is_its_scope() -> None:
    facts = extract_facts("新大厅进驻9个部门，同时中心提供了60个车位。")
    assert [(f.scope, f.label, f.value) for f in facts] == [
        ("新大厅", "部门", 9),
        ("中心", "车位", 60),
    ]


def test_a_topic_with_its_count_in_brackets_is_what_is_counted() -> None:
    # fourth round: a topic (not a who) with its count in brackets, as a list item or a run
    assert said("1.噪音扰民(1500件):主要反映工地夜间施工等问题;") == [
        ("噪音扰民", 1500, "件", None)
    ]
    assert said(
        "较为突出的诉求主要集中在停车收费(共210件,以乱收费为主)、绿化养护(共96件)等方面。"
    ) == [
        ("停车收费诉求", 210, "件", None),
        ("绿化养护诉求", 96, "件", None),
    ]
    # a who with its count in brackets stays that who's scope
    assert said("办件量较多的是区人社局（984件）、区医保局（702件）。")[0][3] == "区人社局"


def test_a_number_after_a_comparison_is_a_bound_not_a_value() -> None:
    # fourth round: "未达到100%", "低于100分高于95分" state no value of their own
    assert said("区民政局和区残联的主动评价率未达到100%。") == []
    assert [f[1] for f in said("低于100分高于 95分的单位共22家,占28.57%。")] == [22, 28.57]


def test_a_measure_stated_from_one_value_to_another_labels_both() -> None:
    # "M由A增至B": both values are of M, neither of 由 nor of the verb of the change
    assert said("全镇便民服务点由12个增加到20个，代办员由30名增至45名。") == [
        ("全镇便民服务点", 12, "个", None),
        ("全镇便民服务点", 20, "个", None),
        ("代办员", 30, "名", None),
        ("代办员", 45, "名", None),
    ]
    assert said("群众等候时间已从原先的40分钟缩短至目前的15分钟。") == [
        ("群众等候时间", 40, "分钟", None),
        ("群众等候时间", 15, "分钟", None),
    ]
    # what it came to is no number: the value before still is the measure's
    assert said("退税办理时限由原来的3个工作日压缩至当场办结。") == [
        ("退税办理时限", 3, "个工作日", None)
    ]


def test_numbers_listed_before_a_unit_share_it() -> None:
    assert said("窗口受理量、办结量分别为860、855件。") == [
        ("窗口受理量", 860, "件", None),
        ("办结量", 855, "件", None),
    ]
    assert said("两个大厅日均接待群众分别为1.2、0.8万人次。")[0][1:3] == (12000, "人次")


def test_several_measures_changing_respectively_each_carry_the_change() -> None:
    facts = extract_facts("回访满意率、按时办结率分别比上月提升1.5、0.6个百分点。")
    assert [(f.label, f.value, f.unit, f.comparison) for f in facts] == [
        ("回访满意率", 1.5, "个百分点", Comparison("环比", "增加")),
        ("按时办结率", 0.6, "个百分点", Comparison("环比", "增加")),
    ]


def test_channels_named_after_among_count_their_share_of_the_whole() -> None:
    assert said("本周噪音扰民类投诉48件，其中便民热线40件，局长信箱6件，区长信箱2件。") == [
        ("噪音扰民类投诉", 48, "件", None),
        ("噪音扰民类投诉", 40, "件", "便民热线"),
        ("噪音扰民类投诉", 6, "件", "局长信箱"),
        ("噪音扰民类投诉", 2, "件", "区长信箱"),
    ]
    # a channel counted on its own after another figure keeps its name as label
    assert said("承办电台栏目2期，书记信箱30件、市长信箱21件。")[1:] == [
        ("书记信箱", 30, "件", None),
        ("市长信箱", 21, "件", None),
    ]


def test_words_read_through_leave_nothing_of_themselves() -> None:
    # "共计" alone before the number is read through whole (not 计), so is "一共"
    assert said("全年办理各类证照共计 86 项。")[0][0] == "办理各类证照"
    assert said("本季度一共受理投诉52件。")[0][0] == "受理投诉"
    assert said("办理证照56项，共计 86 项。")[1][0] != "计"


def test_a_measure_before_a_number_and_the_noun_after_its_de() -> None:
    # "建成了面积为N的X": the N is X's 面积; "筹建了近N的X": X is what is measured
    assert said("该县建成了面积为3200平方米的便民服务中心。") == [
        ("便民服务中心面积", 3200, "平方米", None)
    ]
    assert said("今年新建了约800平方米的自助服务区。")[0][:3] == ("自助服务区", 800, "平方米")


def test_a_span_of_time_before_the_label_is_no_part_of_it() -> None:
    assert said("三个多月办理企业开办登记312件。")[0][0] == "办理企业开办登记"
    assert said("年内完成适老化改造窗口6个。")[0][0] == "完成适老化改造窗口"


def test_the_change_after_a_measure_stated_from_one_value_to_another_is_its() -> None:
    facts = extract_facts("群众好评率由95%提高到98.5%，提高3.5个百分点。")
    assert [(f.label, f.value, f.comparison) for f in facts] == [
        ("群众好评率", 95, None),
        ("群众好评率", 98.5, None),
        ("群众好评率", 3.5, Comparison(None, "增加")),
    ]


def test_measure_words_of_kinds_and_writings_are_units() -> None:
    assert said("全年编发工作简报12篇，梳理服务事项共8类。") == [
        ("编发工作简报", 12, "篇", None),
        ("梳理服务事项", 8, "类", None),
    ]
    # "N类X" names kinds of X: no count of kinds
    assert said("其他6类事项受理230件。") == [("其他6类事项受理", 230, "件", None)]


def test_the_aspect_particle_of_a_verb_is_no_part_of_the_label() -> None:
    assert said("全年公开了政务信息320条。")[0][0] == "公开政务信息"
    assert said("为了方便群众，开通了预约服务，共受理预约1200件。")[0][0] == "受理预约"


def test_a_conjunction_opening_the_clause_and_an_adverb_before_a_share_are_no_label() -> None:
    assert said("尽管差评数量仅占0.3%，但是整改率达100%。") == [
        ("差评数量占比", 0.3, "%", None),
        ("整改率", 100, "%", None),
    ]


def test_items_listed_after_a_count_count_what_it_counts() -> None:
    assert said("本月全县出现逾期件7件。具体为：县住建局2件、县民政局5件。") == [
        ("出现逾期件", 7, "件", None),
        ("出现逾期件", 2, "件", "县住建局"),
        ("出现逾期件", 5, "件", "县民政局"),
    ]


def test_counts_in_brackets_after_a_count_break_it_down_by_channel() -> None:
    assert said("本月建议类诉求受理310件（电话受理290件，微信受理20件），办结305件。") == [
        ("建议类诉求受理", 310, "件", None),
        ("建议类诉求受理", 290, "件", "电话"),
        ("建议类诉求受理", 20, "件", "微信"),
        ("建议类诉求办结", 305, "件", None),
    ]


def test_a_term_of_a_formula_is_no_quantity() -> None:
    assert said("好评率=好评数/评价总数×100%。") == []


def test_a_later_step_after_a_count_of_a_kind_is_of_that_kind() -> None:
    assert said("求助类诉求受理86件（电话受理80件，微信受理6件），办结84件。") == [
        ("求助类诉求受理", 86, "件", None),
        ("求助类诉求受理", 80, "件", "电话"),
        ("求助类诉求受理", 6, "件", "微信"),
        ("求助类诉求办结", 84, "件", None),
    ]
    # 各类 is every kind: the step is the whole's
    assert said("受理各类事项500件，办结480件。")[1][0] == "办结"


def test_a_name_in_a_list_of_who_counts_is_a_who_by_its_place() -> None:
    assert said("本月工单涉及12个单位，其中城关镇6件，人社局3件，气象台2件，邮政所1件。")[1:] == [
        ("工单", 6, "件", "城关镇"),
        ("工单", 3, "件", "人社局"),
        ("工单", 2, "件", "气象台"),
        ("工单", 1, "件", "邮政所"),
    ]
    # a step after a department's count is no name
    assert said("市公安局受理120件，办结118件。")[1][:2] == ("办结", 118)


def test_what_is_said_of_the_things_counted_is_no_part_of_their_name() -> None:
    assert said("大厅新设了12个自助终端供群众查询。")[0][:2] == ("自助终端", 12)
    assert said("今年新建6个便民服务站全部投入运行。")[0][:2] == ("便民服务站", 6)


def test_where_a_thing_was_done_is_its_scope() -> None:
    assert said("本中心在市政务服务网上公开办事指南126项。") == [
        ("公开办事指南", 126, "项", "市政务服务网")
    ]


# Sixth round: kinds of miss across every read set, each on a sentence written for it.


def test_a_share_of_the_whole_place_is_no_scope() -> None:
    # "占全县…的": the whole a share is of names the report's own place; it is no scope of a
    # label "总量" but the share of the count before it.
    assert said("交通出行类来电共87件，占全县总量的12.5%。") == [
        ("交通出行类来电", 87, "件", None),
        ("交通出行类来电占比", 12.5, "%", None),
    ]
    assert said("各乡镇共办理事项3200件，占全区办件量的41.2%。")[1] == (
        "办理事项占全区办件量比例",
        41.2,
        "%",
        "各乡镇",
    )
    # a whole that names a measure of the place is kept: what the share is of
    assert said("市直部门共办理转办件460件，占全市转办量的38.1%。")[1] == (
        "市直部门办理转办件占全市转办量比例",
        38.1,
        "%",
        None,
    )


def test_the_part_of_a_hall_that_handled_a_count_handled_the_steps_after_it() -> None:
    # a window (or hotline, mailbox) named as who handled the first count is who handled the
    # later steps of the sentence that name no one; a centre stays the report's own
    assert said("上半年，便民服务大厅各窗口共受理事项2150件，办结2140件。") == [
        ("受理事项", 2150, "件", "便民服务大厅各窗口"),
        ("办结", 2140, "件", "便民服务大厅各窗口"),
    ]
    assert said("本月，县政务服务中心共计受理事项900件，办结880件。")[1] == (
        "办结",
        880,
        "件",
        None,
    )


def test_a_channel_that_received_what_is_counted_is_its_scope() -> None:
    # a mailbox, hotline or platform by its name before 收到: who received; what it received
    # is the label. The report's own place before a bare 收到 keeps the verb (收到差评).
    assert said("10月，“区长信箱”共收到居民来信58件，办结率100%。")[0] == (
        "居民来信",
        58,
        "件",
        "“区长信箱”",
    )
    assert said("县便民热线接到群众求助41件。") == [("群众求助", 41, "件", "县便民热线")]
    assert said("全县收到差评3件。") == [("收到差评", 3, "件", None)]


def test_members_counted_are_named_by_what_they_achieved() -> None:
    # "N个窗口实现…": a bare noun after the number is named by what the members achieved;
    # a noun that names them itself stays as it is
    assert said("目前已有36个窗口实现“综合受理”。") == [("实现“综合受理”的窗口", 36, "个", None)]
    assert said("全县420项事项实现全程网办。")[0][0] == "实现全程网办的事项"
    assert said("全县420项高频政务服务事项实现全程网办。")[0][0] == "高频政务服务事项"


def test_a_levels_hall_is_the_scope_of_the_counts_after_it() -> None:
    # a hall named with its level ("镇级便民服务中心", "县乡两级政务服务大厅") is one level's
    # hall, not the report's own centre: the counts after it in the sentence are its
    assert said("今年新建镇级便民服务中心，进驻事项156项，设置窗口12个。") == [
        ("进驻事项", 156, "项", "镇级便民服务中心"),
        ("设置窗口", 12, "个", "镇级便民服务中心"),
    ]
    assert said("县乡两级政务服务大厅累计办件2.1万件，好评率99.5%。") == [
        ("办件", 21000, "件", "县乡两级政务服务大厅"),
        ("好评率", 99.5, "%", "县乡两级政务服务大厅"),
    ]
    # a bare 平台 names no channel: the subject stays in the label
    assert said("平台共收到差评52件。") == [("平台收到差评", 52, "件", None)]

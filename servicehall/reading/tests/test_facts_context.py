"""Facts whose label or scope the words around them give (issue 26, eighth round): one test
per rule, on sentences written for it."""

from __future__ import annotations

from servicehall.gbt9704.document import Fact
from servicehall.reading.facts import extract_facts, extract_paragraph_facts


def stated(fact: Fact) -> str:
    """A fact as one line: "label value+unit [basis+direction] [@scope]"."""
    value = int(fact.value) if float(fact.value).is_integer() else fact.value
    change = f" {fact.comparison.basis or ''}{fact.comparison.direction}" if fact.comparison else ""
    return f"{fact.label} {value}{fact.unit}{change}" + (f" @{fact.scope}" if fact.scope else "")


def said(text: str) -> list[str]:
    return [stated(fact) for fact in extract_facts(text)]


def said_in(paragraphs: list[str]) -> list[str]:
    return [stated(fact) for facts in extract_paragraph_facts(paragraphs) for fact in facts]


def test_the_classes_listed_after_a_counted_whole_are_classes_of_what_it_counts() -> None:
    assert said("第三季度受理热线事项2000宗，其中：咨询类50宗、投诉类1800宗、求助类150宗。") == [
        "受理热线事项 2000宗",
        "咨询类事项 50宗",
        "投诉类事项 1800宗",
        "求助类事项 150宗",
    ]
    # a sentence that opens with the whole it is among ("本月来信中，")
    assert said("本月来信中，反映环境保护类12件，城市管理类30件，表扬感谢2件。") == [
        "反映环境保护类来信 12件 @本月来信",
        "城市管理类来信 30件 @本月来信",
        "表扬感谢 2件 @本月来信",
    ]
    # what is not a class stays as it is said; the report's own bare whole adds nothing
    assert said("诉求中，咨询类、求助类分别为300件、120件。") == ["咨询类 300件", "求助类 120件"]


def test_a_breakdown_after_a_subjects_steps_is_of_that_subject_where_subjects_are_compared() -> (
    None
):
    paragraphs = [
        "省12345热线共受理诉求6000件，办结5900件。其中，咨询类占70.5%，求助类占20.1%。",
        "市(州)12345热线共受理诉求90000件，办结88000件。从诉求类型来看，咨询类占40.2%。",
    ]
    assert said_in(paragraphs) == [
        "省12345热线受理诉求 6000件",
        "办结 5900件 @省12345热线",
        "咨询类占比 70.5% @省12345热线",
        "求助类占比 20.1% @省12345热线",
        "市(州)12345热线受理诉求 90000件",
        "办结 88000件 @市(州)12345热线",
        "咨询类占比 40.2% @市(州)12345热线",
    ]
    # one subject only: the report's own centre, whose breakdown is the report's
    own = extract_paragraph_facts(
        ["区政务服务中心共受理事项4126件，办结3987件。其中，企业登记类1032件。"]
    )
    assert [f.scope for f in own[0]][-1] is None


def test_a_subject_named_later_in_a_sentence_did_the_steps_after_it() -> None:
    assert said(
        "全州共受理办件19799件，办结19781件，州级政务服务中心共受理1648件，办结1633件。"
    ) == [
        "全州受理办件 19799件",
        "办结 19781件",
        "受理 1648件 @州级政务服务中心",
        "办结 1633件 @州级政务服务中心",
    ]
    assert (
        said("全州受理办件19799件，统一平台受理各类办件9563件，办结9368件。")[2]
        == "办结 9368件 @统一平台"
    )


def test_channels_listed_by_name_after_a_whole_count_what_the_whole_counts() -> None:
    assert said(
        "全县共受理网络问政件3200件，同比上升12.5%。其中：县长信箱120件，同比下降3.1%；"
        "县长公开电话2800件；其他280件。"
    ) == [
        "受理网络问政件 3200件",
        "受理网络问政件 12.5% 同比增加",
        "受理网络问政件 120件 @县长信箱",
        "受理网络问政件 3.1% 同比减少 @县长信箱",
        "受理网络问政件 2800件 @县长公开电话",
        "受理网络问政件 280件 @其他",
    ]


def test_a_table_cell_restating_the_text_above_for_its_row_is_given_once() -> None:
    paragraphs = [
        "10月共受理工单1200件，其中城管类300件，占比25.0%。",
        "| 月份 | 工单总数 | 城管类工单数量 | 城管类工单占比 |",
        "| 10月 | 1200 | 300 | 25.00% |",
        "| 11月 | 1100 | 280 | 25.45% |",
        "海城县考评得分为98.5分，河西县97分。",
        "| 单位 | 工单数 | 得分 |",
        "| 海城县 | 610 | 98.5 |",
        "| 河西县 | 97 | 97 |",
    ]
    # the text's figures, and the cells no sentence above states for their row
    assert said_in(paragraphs) == [
        "受理工单 1200件",
        "城管类工单 300件",
        "城管类工单占比 25%",
        "10月工单总数 1200",
        "10月城管类工单数量 300",
        "11月工单总数 1100",
        "11月城管类工单数量 280",
        "11月城管类工单占比 25.45%",
        "考评得分 98.5分 @海城县",
        "考评得分 97分 @河西县",
        "海城县工单数 610",
        "河西县工单数 97",
    ]


def test_those_of_whom_a_predicate_holds_among_the_members_a_sentence_opens_with() -> None:
    assert said("在全部参评单位中，按时答复的有40个，零答复的有3个。") == [
        "按时答复的全部参评单位 40个",
        "零答复的全部参评单位 3个",
    ]
    assert said("在本季度收到的2000件留言中，其表示感谢的为50件，求助的为900件。")[1:] == [
        "表示感谢的留言 50件",
        "求助的留言 900件",
    ]


def test_a_figure_stated_again_word_for_word_is_given_once_but_a_round_one_is_kept() -> None:
    paragraphs = [
        "本月受理来电3200件，群众总体满意率97.01%，按时办结率100%。",
        "按时办结率100%。",
        "经回访，群众总体满意率97.01%。",
    ]
    # the last statement is the one kept (a summary's, or an erratum notice's, goes)
    assert said_in(paragraphs) == [
        "受理来电 3200件",
        "按时办结率 100%",
        "按时办结率 100%",
        "群众总体满意率 97.01%",
    ]
    assert extract_paragraph_facts(paragraphs)[2][0].text == "群众总体满意率97.01%"
    # a paragraph naming who its figures are of keeps its own: the reader may not have
    # carried its subject to each of them
    paragraphs = ["东城区受理来电320件，满意率98.5%。", "西城区受理来电410件，满意率98.5%。"]
    assert len(said_in(paragraphs)) == 4


def test_each_count_of_those_involved_is_of_the_noun_after_its_number() -> None:
    assert said("投诉件共涉及8个乡镇(街道)、12个部门、5个学校。") == [
        "投诉件涉及乡镇(街道) 8个",
        "投诉件涉及部门 12个",
        "投诉件涉及学校 5个",
    ]
    assert said("差评工单涉及9个区县的60个事项。") == [
        "差评工单涉及区县 9个",
        "差评工单涉及事项 60个",
    ]


def test_the_names_after_a_who_a_listed_measure_was_given_to_are_whos_of_it() -> None:
    # the list opens a sentence of its own; the scope rules know 桃源镇, not 县电视台
    assert said("本月窗口逾期办结件12件。其中，桃源镇3件、县电视台5件、县自来水公司4件。")[1:] == [
        "逾期办结件 3件 @桃源镇",
        "逾期办结件 5件 @县电视台",
        "逾期办结件 4件 @县自来水公司",
    ]


def test_a_month_said_with_its_suffix_is_a_leading_time_whole() -> None:
    # "6月份" is one time word: its 份 is no part of a scope or a label
    assert said("6月份我区共收到网民留言197条。") == ["收到网民留言 197条"]


def test_town_and_country_are_no_place() -> None:
    # 城乡 / 城镇 end like a township's name (乡, 镇) but name no place
    assert said("反映住房城乡建设类93件，城镇职工医保咨询40件。") == [
        "反映住房城乡建设类 93件",
        "城镇职工医保咨询 40件",
    ]


def test_a_named_centre_or_window_that_opens_a_sentence_did_all_it_counts() -> None:
    # the sentence's subject (after its time) is who every figure of it is of, rates too
    assert said(
        "截至目前，石桥镇便民服务中心共计办结各类事项860件，接待群众咨询300次，群众满意率达99.5%。"
    ) == [
        "办结各类事项 860件 @石桥镇便民服务中心",
        "接待群众咨询 300次 @石桥镇便民服务中心",
        "群众满意率 99.5% @石桥镇便民服务中心",
    ]
    assert (
        said("自推行延时服务以来，不动产登记窗口受理登记业务1200件，按时办结率100%。")[1]
        == "按时办结率 100% @不动产登记窗口"
    )
    # not the report's own centre, place or hotline, nor a whole broken into parts
    for sentence in (
        "一季度，区政务服务中心共受理事项4126件，办结3987件，办结率96.6%。",
        "本月，全国12315平台受理投诉800件，按时办结率99.5%。",
        "本月，全市各级政务服务中心共接待群众900人次，群众满意率99%。",
        "窗口受理事项500件，其中即办件300件，办结率100%。",
    ):
        assert all("@" not in fact for fact in said(sentence)[1:]), sentence


def test_a_change_and_its_rate_after_a_count_are_of_that_count() -> None:
    # the rate of a change (增幅, 增长率, 降幅) states the change in per cent; a change opening
    # a sentence of its own is a change of the figure before it
    read = said("本季度共受理来电5200件，同比增加400件，增幅8.3%。较上季度减少300件，降幅5.5%。")
    assert read[1:3] == ["受理来电 400件 同比增加", "受理来电 8.3% 同比增加"]
    assert read[3:] == ["受理来电 300件 环比减少", "受理来电 5.5% 环比减少"]


def test_a_measure_word_followed_by_its_noun_counts_that_noun() -> None:
    # "建立12个X": what was done to them stands before the number, what is counted after it
    assert said("今年新建立12个社区便民服务代办点，梳理编制560项政务服务事项清单。") == [
        "社区便民服务代办点 12个",
        "政务服务事项清单 560项",
    ]
    assert said("全县率先整合23条政务服务热线。") == ["政务服务热线 23条"]
    # not a bare member (涉及34个单位) nor a change after the number
    assert said("受理工单共涉及34个单位。") == ["受理工单涉及单位 34个"]
    assert said("今年日均量比上半年1800个增长了20%。")[0] == "日均量比上半年 1800个"


def test_a_count_after_its_topic_clause_is_of_that_topic() -> None:
    # the topic in a clause of its own, the count with nothing but 共 before it
    assert said("二是交通出行类诉求，共86件，占比12.5%。") == [
        "交通出行类诉求 86件",
        "交通出行类诉求占比 12.5%",
    ]
    assert said("（二）噪音扰民方面：共40件，较上月增加6件。") == [
        "噪音扰民方面 40件",
        "噪音扰民方面 6件 环比增加",
    ]
    # a time before the count names no topic
    assert said("本月，共受理120件。") == ["受理 120件"]


def test_an_items_ordinal_is_no_part_of_its_label() -> None:
    assert said("一是受理群众诉求900件；二是办结诉求880件。") == [
        "受理群众诉求 900件",
        "办结诉求 880件",
    ]
    assert said("第三是公共服务、64万件。") == ["公共服务 640000件"]


def test_a_bracketed_part_inside_a_name_is_the_names() -> None:
    assert said("今年计划新建30个村(社区)便民服务点。") == ["村(社区)便民服务点 30个"]
    # a bracket that closes the name says something of it, and is no part of it
    assert said("设立服务站12个（含流动站）。") == ["设立服务站 12个"]

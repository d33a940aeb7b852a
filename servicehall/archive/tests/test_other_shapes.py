"""Reports of other centers and other shapes import with whatever they hold."""

from __future__ import annotations

import datetime as dt

import pytest

from servicehall.archive import parse_report, read_report
from servicehall.gbt9704.document import Comparison

MONTHLY_BULLETIN = """
成都市政务服务管理和网络理政办公室

政务服务月报

（2024年3月）

一、总体情况

3月，全市政务服务中心共受理办件 12,560 件，办结 12,388 件，按时办结率 99.6%。

二、重点工作

（一）优化营商环境。全市新设市场主体 2.3万户，同比增长 8.5%。

（二）“一件事一次办”。上线主题服务 35 项，累计办件 4,512 件次。

报：市委办公厅、市政府办公厅。

发：各区（市）县政务服务中心。
"""

DATA_RELEASE = """
2024年一季度全区政务服务数据发布

2024年4月8日

全区一体化平台办件数3382件，较上季度增加1,024件；其中网上办理2,706件，网办率80.01%。
政务服务热线接听来电1.2万人次，满意率98%。全区惠企政策兑现资金3.6亿元，涉及企业
1,150家，平均办理时限压缩至3个工作日。
"""

MEETING_NEWS = """
市政务服务中心召开二季度工作推进会

4月10日下午，市政务服务中心召开二季度工作推进会，中心领导班子成员、各处室负责人共
42人参加会议。会议通报了一季度窗口服务情况：共受理群众咨询 3,200 人次，收到差评 2 件，
均已整改。
会议要求，各窗口要对标先进，持续提升服务质效。
"""

WEEKLY_VARIANT = """
2022年第48期（总第390期）
窗口工作周报
（12月26日—12月30日）
四川省政府政务服务和公共资源交易服务中心
2023年1月9日
一、综窗办件情况
本周，共计咨询1,005人次、受理300件次、颁发420件、流转950件次；年初以来，累计咨询5.2万人次、受理1.6万件、颁发2万件、流转4万件次。
二、其它工作
调整窗口设置后，现有综合受理窗口9个、出件窗口3个。
开展业务培训2次，组织岗前培训 3 场。
"""


def test_monthly_bulletin_without_issue_number_keeps_issuer_title_and_month() -> None:
    doc = read_report(MONTHLY_BULLETIN)
    parsed = doc.to_parsed()
    assert (doc.issuer, doc.title) == ("成都市政务服务管理和网络理政办公室", "政务服务月报")
    assert (parsed["number"], parsed["serial"], parsed["issue_date"], parsed["copies"]) == (
        None,
        None,
        None,
        None,
    )
    assert parsed["period"] == {"start": "2024-03-01", "end": "2024-03-31"}
    assert doc.masthead == "issuer_first"
    assert [(s.heading, [c.heading for c in s.subsections]) for s in doc.sections] == [
        ("总体情况", []),
        ("重点工作", ["优化营商环境", "“一件事一次办”"]),
    ]
    assert parsed["distribution"] == {
        "报": "市委办公厅、市政府办公厅。",
        "送": None,
        "发": "各区（市）县政务服务中心。",
    }
    facts = [(f.label, f.value, f.unit, f.scope, f.comparison) for f in doc.facts]
    assert facts == [
        ("受理办件", 12560, "件", "全市政务服务中心", None),
        ("办结", 12388, "件", None, None),
        ("按时办结率", 99.6, "%", None, None),
        ("新设市场主体", 23000, "户", None, None),
        ("新设市场主体", 8.5, "%", None, Comparison("同比", "增加")),
        ("上线主题服务", 35, "项", None, None),
        ("办件", 4512, "件次", None, None),
    ]
    assert doc.figures == {}


def test_data_release_gives_its_facts_from_prose() -> None:
    doc = read_report(DATA_RELEASE)
    assert doc.title == "2024年一季度全区政务服务数据发布"
    assert doc.issue_date == dt.date(2024, 4, 8)
    assert doc.number is None and doc.sections == []
    # The period is named only in the title: 一季度.
    assert (doc.period_start, doc.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert [(f.label, f.value, f.unit, f.scope, f.comparison) for f in doc.facts] == [
        ("全区一体化平台办件数", 3382, "件", None, None),
        ("全区一体化平台办件数", 1024, "件", None, Comparison("环比", "增加")),
        ("办理", 2706, "件", "网上", None),
        ("网办率", 80.01, "%", None, None),
        ("政务服务热线接听来电", 12000, "人次", None, None),
        ("满意率", 98, "%", None, None),
        ("全区惠企政策兑现资金", 3.6, "亿元", None, None),
        ("企业", 1150, "家", None, None),
        ("平均办理时限", 3, "个工作日", None, None),
    ]
    # A line ending a sentence ends its paragraph; a line ending mid-sentence is wrapped.
    assert [p.text[-6:] for p in doc.preamble] == ["0.01%。", "3个工作日。"]


def test_meeting_news_without_headings_is_a_titled_preamble() -> None:
    doc = read_report(MEETING_NEWS)
    assert doc.title == "市政务服务中心召开二季度工作推进会"
    assert doc.issuer is None and doc.sections == [] and doc.distribution == {}
    assert [p.text[:6] for p in doc.preamble] == ["4月10日下", "会议要求，各"]
    assert [(f.label, f.value, f.unit) for f in doc.facts] == [
        ("中心领导班子成员、各处室负责人", 42, "人"),
        ("受理群众咨询", 3200, "人次"),
        ("收到差评", 2, "件"),
    ]
    assert doc.to_parsed()["period"] is None


def test_figure_wording_variants_are_recognised() -> None:
    doc = read_report(WEEKLY_VARIANT)
    assert (doc.period_start, doc.period_end) == (dt.date(2022, 12, 26), dt.date(2022, 12, 30))
    assert doc.figures == {
        "window.week.consult": 1005,
        "window.week.accept": 300,
        "window.week.issue": 420,
        "window.week.transfer": 950,
        "window.ytd.consult": 52000,
        "window.ytd.accept": 16000,
        "window.ytd.issue": 20000,
        "window.ytd.transfer": 40000,
        "windows.accept": 9,
        "windows.issue": 3,
        "training.sessions": 5,
    }


def test_a_period_across_new_year_takes_the_year_of_each_month() -> None:
    text = "2024年第1期（总第443期）\n窗口工作周报\n（12月29日—1月5日）\n某中心\n2024年1月10日"
    doc = parse_report(text)
    assert (doc.period_start, doc.period_end) == (dt.date(2023, 12, 29), dt.date(2024, 1, 5))


def test_page_numbers_in_all_their_forms_are_dropped() -> None:
    text = "一、情况\n本周受理\n—3—\n办件\n- 4 -\n12件，\n— 5 —\n办结10件。\n第6页 共9页"
    doc = read_report(text)
    assert [p.text for p in doc.sections[0].paragraphs] == ["本周受理办件12件，办结10件。"]


def test_a_heading_with_a_comma_stays_a_heading_but_a_numbered_sentence_does_not() -> None:
    text = "一、强化党建引领，推动业务发展\n本周开展学习。\n（一）本周共受理12件，办结10件。"
    doc = parse_report(text)
    assert [s.heading for s in doc.sections] == ["强化党建引领，推动业务发展"]
    assert [p.text for p in doc.sections[0].paragraphs] == [
        "本周开展学习。",
        "（一）本周共受理12件，办结10件。",
    ]


def test_a_short_numbered_line_alone_is_a_third_level_heading() -> None:
    text = "一、工作动态\n1.优化服务流程\n本周精简材料。\n2.窗口新增自助终端2台。"
    section = parse_report(text).sections[0]
    assert [(s.number, s.heading, s.level) for s in section.subsections] == [
        ("1", "优化服务流程", 3)
    ]
    assert [p.text for p in section.subsections[0].paragraphs] == ["本周精简材料。"]
    assert [p.text for p in section.paragraphs] == ["2.窗口新增自助终端2台。"]


def test_a_signature_at_the_end_gives_the_issuer_and_date_the_masthead_lacks() -> None:
    text = (
        "政务服务简报\n第12期\n一、工作动态\n本月受理1200件。\n"
        "成都市政务服务中心\n二〇二四年三月五日\n报：市政府办公厅。\n（共印20份）\n"
    )
    doc = read_report(text)
    assert (doc.issuer, doc.issue_date, doc.year, doc.number) == (
        "成都市政务服务中心",
        dt.date(2024, 3, 5),
        2024,
        12,
    )
    assert [p.text for s in doc.sections for p in s.paragraphs] == ["本月受理1200件。"]
    assert doc.distribution == {"报": "市政府办公厅。"} and doc.copies == 20


def test_a_signature_never_overrides_the_masthead() -> None:
    text = "政务服务简报\n2024年第3期\n某某区政务服务中心 2024年3月1日\n一、动态\n本周受理5件。\n某某区政务服务中心\n2024年3月9日\n"
    assert read_report(text).issue_date == dt.date(2024, 3, 1)


def test_a_period_of_months_to_date_is_read() -> None:
    text = "政务服务数据通报\n第8期\n（2023年1—8月）\n某某县行政审批局\n2023年9月3日\n一、办件情况\n累计受理8000件。\n"
    doc = read_report(text)
    assert (doc.period_start, doc.period_end) == (dt.date(2023, 1, 1), dt.date(2023, 8, 31))
    assert (doc.issuer, doc.issue_date) == ("某某县行政审批局", dt.date(2023, 9, 3))


@pytest.mark.parametrize(
    "line, serial",
    [
        ("窗口工作周报2024年第4期（总第475期）", 475),
        ("窗口工作周报 第4期", None),
        ("窗口工作周报（2024年第4期）", None),
        ("窗口工作周报 2024年第4期 总第475期", 475),
    ],
)
def test_the_issue_number_on_the_title_line_is_read_in_its_four_common_forms(
    line: str, serial: int | None
) -> None:
    text = (
        f"{line}\n（一月二十二日—一月二十六日）\n四川省政府政务服务和公共资源交易服务中心\n"
        "二〇二四年二月八日\n一、综窗办件情况\n本周，共计咨询1291人次、受理631件。\n"
    )
    doc = read_report(text)
    assert (doc.title, doc.number, doc.serial) == ("窗口工作周报", 4, serial)
    assert doc.issuer == "四川省政府政务服务和公共资源交易服务中心"
    assert (doc.year, doc.issue_date) == (2024, dt.date(2024, 2, 8))
    assert (doc.period_start, doc.period_end) == (dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    assert doc.warnings == []


def test_what_a_numbered_issue_lacks_or_a_number_not_read_is_said() -> None:
    lacking = read_report("窗口工作周报\n2024年第4期\n一、综窗办件情况\n本周受理631件。\n")
    assert lacking.warnings == ["第4期未识别出发文单位、印发日期、统计时段，请核对报头"]
    unread = read_report("周报（第４期·增刊）\n一、综窗办件情况\n本周受理631件。\n")
    assert unread.number is None
    assert unread.warnings == [
        "报头“周报（第４期·增刊）”中有期号字样，但未能识别期号：按无期号文档保存"
    ]


@pytest.mark.parametrize(
    "number_line", ["川政服〔2024〕4号", "川政服[2024]4号", "川政服（2024）第4号"]
)
def test_a_red_header_file_reads_issuer_file_number_and_signature(number_line: str) -> None:
    doc = parse_report(
        "四川省政府政务服务和公共资源交易服务中心文件\n"
        f"{number_line}\n窗口工作周报\n（1月22日—1月26日）\n"
        "一、综窗办件情况\n本周，共计受理631件。\n"
        "四川省政府政务服务和公共资源交易服务中心\n2024年2月8日\n"
        "报：省政务管理办公室。\n（共印103份）\n"
    )
    assert (doc.masthead, doc.issuer, doc.file_code, doc.year, doc.number) == (
        "file", "四川省政府政务服务和公共资源交易服务中心", "川政服", 2024, 4,
    )  # fmt: skip
    assert (doc.title, str(doc.period_start), str(doc.issue_date), doc.copies) == (
        "窗口工作周报", "2024-01-22", "2024-02-08", 103,
    )  # fmt: skip
    assert doc.warnings == []
    assert [s.heading for s in doc.sections] == ["综窗办件情况"]


def test_a_title_ending_in_file_that_is_not_an_issuer_stays_a_title() -> None:
    doc = parse_report("关于印发窗口管理办法的文件\n一、总则\n本办法适用于各窗口。\n")
    assert doc.masthead != "file" and doc.issuer is None

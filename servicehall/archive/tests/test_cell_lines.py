"""Tables and lines as a web page or a PDF gives them (issue 26): a table printed one cell per
line, a numbered paragraph wrapped at the margin, a table row wrapped before its border, a
bracketed count that a wrapped line begins with. Snippets written for each."""

from __future__ import annotations

import datetime as dt

from servicehall.archive import read_report
from servicehall.reading.lines import Line, cells_as_rows


def facts_of(text: str) -> list[tuple[str, object, str]]:
    return [(f.label, f.value, f.unit) for f in read_report(text).facts]


CELLS = "\n\n".join(
    [
        "窗口类别", "办件量", "(件)", "好评率", "平均用时(分钟)", "全年", "午间平均用时",
        "综合窗口", "1200", "99.5%", "340", "12",
        "专业窗口", "800", "/", "/", "20",
    ]
)  # fmt: skip


def test_a_table_printed_one_cell_per_line_is_read_by_row_and_column() -> None:
    text = f"一、窗口运行情况\n{CELLS}\n注：用时按分钟计。"
    assert facts_of(text) == [
        ("综合窗口办件量", 1200, "件"),
        ("综合窗口好评率", 99.5, "%"),
        ("综合窗口平均用时全年", 340, "分钟"),
        ("综合窗口午间平均用时", 12, "分钟"),
        ("专业窗口办件量", 800, "件"),
        ("专业窗口午间平均用时", 20, "分钟"),
    ]


def test_short_lines_that_are_no_table_stay_lines() -> None:
    lines = [Line(t, n) for n, t in enumerate(["受理", "120", "办结", "110", "好评", "9"])]
    assert cells_as_rows(lines) == lines  # one value a row: no table
    lines = [Line(t, n) for n, t in enumerate(["一、基本情况", "本周受理", "办结", "12", "3"])]
    assert cells_as_rows(lines) == lines


WRAPPED = """某县热线情况通报
这一段只为给出版心宽度，它在页面的右边界处折行，下一行接着写下去，
直到句子写完。这一段只为给出版心宽度，它在页面的右边界处折行，下
一行接着写下去，直到句子写完。这一段只为给出版心宽度，它在页面的
右边界处折行，下一行接着写下去，直到句子写完。这一段只为给出版心
宽度，它在页面的右边界处折行，下一行接着写下去，直到句子写完。这
一段只为给出版心宽度。
（一）道路交通方面本月共办理路灯维修、井盖更换、护栏修复等类工单
120件、满意率91%。
（二）办理情况。
本月办结110件。
"""


def test_a_numbered_paragraph_wrapped_at_the_margin_is_no_heading() -> None:
    doc = read_report(WRAPPED)
    assert [s.heading for s in doc.sections] == ["办理情况"]
    assert [(f.label, f.value) for f in doc.facts][:2] == [
        ("道路交通方面工单", 120),
        ("道路交通方面工单满意率", 91),
    ]


def test_a_table_row_wrapped_before_its_border_is_one_row() -> None:
    text = (
        "表1：本周前两类诉求 | | | |\n本周数据 | 上周数据 | 环比增长 | 详细分类 | |\n"
        "供水 | 50 | 40 | 25% | 停水、水压低、水质\n浑浊 |\n供电 | 30 | 20 | 50% | 停电 |\n"
    )
    assert facts_of(text)[3:] == [
        ("供电本周数据", 30, ""),
        ("供电上周数据", 20, ""),
        ("供电环比增长", 50, "%"),
    ]


def test_a_bracketed_count_opening_a_wrapped_line_is_no_list_number() -> None:
    text = "差评数前三的事项为：户籍迁移(31)、医保报\n销(20)、社保卡补办\n(9)、其他。\n"
    assert facts_of(text) == [("差评数", 31, ""), ("差评数", 20, ""), ("差评数", 9, "")]


BORDERED = "\n".join(
    [
        "附表：各街道办理情况",
        "序号 |", "街道 |", "交办量 |", "办结率 |", "得分 |",
        "1 |", "东关街道 |", "1520 |", "98.50% |", "99.1 |",
        "2 |", "西湖街道 |", "870 |", "97.00% |", "98.6 |",
        "3 |", "南岭街道 |", "64 |",
    ]
)  # fmt: skip


def test_a_table_flattened_one_bordered_cell_a_line_is_read_without_its_serial_numbers() -> None:
    assert facts_of(BORDERED) == [
        ("东关街道交办量", 1520, ""),
        ("东关街道办结率", 98.5, "%"),
        ("东关街道得分", 99.1, "分"),  # a score column's bare cells are in 分
        ("西湖街道交办量", 870, ""),
        ("西湖街道办结率", 97, "%"),
        ("西湖街道得分", 98.6, "分"),
        ("南岭街道交办量", 64, ""),  # the excerpt ends inside the row
    ]


SHARES = "\n".join(
    [
        "二、交办情况", "办理部门 |", "交办工单 |", "占比 |", "同比 |", "环比 |",
        "各镇街 |", "600 |", "75% |", "-2.5% |", "1.0% |",
        "区直部门 |", "200 |", "25% |", "3.0% |", "0% |",
    ]
)  # fmt: skip


def test_share_and_change_columns_qualify_the_measure_column_before_them() -> None:
    read = [
        (f.label, f.value, f.unit, f.comparison and (f.comparison.basis, f.comparison.direction))
        for f in read_report(SHARES).facts
    ]
    assert read[:4] == [
        ("各镇街交办工单", 600, "", None),
        ("各镇街交办工单占比", 75, "%", None),
        ("各镇街交办工单", 2.5, "%", ("同比", "减少")),
        ("各镇街交办工单", 1.0, "%", ("环比", "增加")),
    ]
    assert read[-1] == ("区直部门交办工单", 0, "%", ("环比", "持平"))


def test_cells_of_a_table_that_cannot_be_read_by_row_and_column_give_no_facts() -> None:
    text = "\n".join(
        [
            "二、办理情况",
            "本月共受理诉求300件。",
            "单位 |", "派单 |", "总计 |", "热线 |", "网站 |", "||||",
            "按时 |", "超时 |", "按时 |", "超时 |",
            "1 |", "东区 |", "99 |", "87 |", "12 |", "100% |",
        ]
    )  # fmt: skip
    doc = read_report(text)
    assert [(f.label, f.value) for f in doc.facts] == [("受理诉求", 300)]
    assert any("未能按行列识读" in warning for warning in doc.warnings)


def test_images_left_as_their_file_names_are_no_text() -> None:
    doc = read_report("一、评价情况\n各渠道评价分布.png\n全省收到有效评价1200条。")
    assert [(f.scope, f.label) for f in doc.facts] == [(None, "收到有效评价")]


def test_an_item_headed_by_whom_it_is_about_after_a_colon_is_a_paragraph_of_its_own() -> None:
    doc = read_report(
        "各乡镇、各有关部门：\n现将本季度评价情况通报如下：\n"
        "1城东分中心评价情况。本季度累计办件300件，好评率99%。\n"
        "2城西分中心评价情况。本季度累计办件120件，好评率98%。\n"
    )
    assert [(f.scope, f.label, f.value) for f in doc.facts] == [
        ("城东分中心", "办件", 300),
        ("城东分中心", "好评率", 99),
        ("城西分中心", "办件", 120),
        ("城西分中心", "好评率", 98),
    ]


NESTED = "\n".join(
    [
        "二、各单位办理情况",
        "序号 |", "单位 |", "交办总数 |", "办结率 |", "||||",
        "总计 |", "热线 |", "网站 |", "|||||||",
        "按时 |", "超时 |", "按时 |", "超时 |", "||||||",
        "1 |", "东区 |", "30 |", "20 |", "5 |", "4 |", "1 |", "96% |",
        "2 |", "西区 |", "12 |", "10 |", "0 |", "2 |", "0 |", "100% |",
    ]
)  # fmt: skip


def test_a_flattened_table_whose_header_breaks_a_column_into_a_total_and_groups() -> None:
    assert facts_of(NESTED)[:6] == [
        ("东区交办总数", 30, ""),
        ("东区热线按时", 20, ""),
        ("东区热线超时", 5, ""),
        ("东区网站按时", 4, ""),
        ("东区网站超时", 1, ""),
        ("东区办结率", 96, "%"),
    ]


def test_the_date_of_a_paper_stands_before_its_attachment() -> None:
    doc = read_report(
        "关于某区热线4月份办理情况的通报\n一、基本情况\n本月受理来电300件。\n"
        "附件：办理情况统计表\n某区热线办公室\n2022年5月18日\n附件\n"
        "单位 |\n来电 |\n办结 |\n东区 |\n30 |\n29 |\n西区 |\n12 |\n12 |"
    )
    assert doc.issue_date == dt.date(2022, 5, 18)
    assert doc.issuer == "某区热线办公室"


# What the side-by-side table gives however it is printed (a bordered line, a cell a line).
SIDE_BY_SIDE_FACTS = [
    ("甲县来电数", 300, ""),
    ("甲县满意率", 91.5, "%"),
    ("乙县来电数", 250, ""),
    ("乙县满意率", 88, "%"),
    ("丙县来电数", 120, ""),
    ("丙县满意率", 95, "%"),
]


def test_a_table_printed_twice_side_by_side_is_read_as_two_rows_a_line() -> None:
    # written for the rule: a bordered page table that puts two rows of one table on a line
    text = (
        "某市热线各县考评情况如下。\n"
        "| 县别 | 来电数 | 满意率 | 县别 | 来电数 | 满意率 |\n"
        "| 甲县 | 300 | 91.5% | 乙县 | 250 | 88% |\n"
        "| 丙县 | 120 | 95% | | | |\n"
    )
    assert facts_of(text) == SIDE_BY_SIDE_FACTS


def test_a_side_by_side_table_printed_one_cell_per_line_gives_a_row_per_name() -> None:
    cells = ["县别", "来电数", "满意率", "县别", "来电数", "满意率"]
    cells += ["甲县", "300", "91.5%", "乙县", "250", "88%", "丙县", "120", "95%"]
    text = "某市热线各县考评情况如下。\n" + "\n".join(f"{cell} |" for cell in cells)
    assert facts_of(text) == SIDE_BY_SIDE_FACTS


def test_a_bordered_caption_above_a_flattened_table_is_the_scope_of_its_cells() -> None:
    text = "\n".join(
        [
            "一、总体情况",
            "本月共受理诉求300件。",
            "各乡镇工单办理情况 |", "|||||",
            "乡镇 |", "工单总数 |", "办结率 |",
            "城关镇 |", "120 |", "98% |",
            "河口镇 |", "80 |", "100% |",
        ]
    )  # fmt: skip
    doc = read_report(text)
    assert [(f.scope, f.label, f.value) for f in doc.facts] == [
        (None, "受理诉求", 300),
        ("各乡镇工单办理情况", "城关镇工单总数", 120),
        ("各乡镇工单办理情况", "城关镇办结率", 98),
        ("各乡镇工单办理情况", "河口镇工单总数", 80),
        ("各乡镇工单办理情况", "河口镇办结率", 100),
    ]


ROW_GROUPS = "\n".join(
    [
        "二、评价情况",
        "2025年1-6月某县交易中心服务评价结果(线上) |", "||||",
        "|", "|",
        "业务咨询 |", "项目登记 |", "场地安排 |",
        "建设工程 |",
        "评价次数 |", "12 |", "12 |", "12 |",
        "满意率 |", "100% |", "100% |", "91.7% |",
        "|",
        "政府采购 |",
        "评价次数 |", "20 |", "20 |", "20 |",
        "不满意率 |", "0% |", "5% |", "0% |",
    ]
)  # fmt: skip


def test_row_groups_over_rows_of_measures_scope_them_and_the_column_names_the_thing() -> None:
    read = [(f.scope, f.label, f.value, f.unit) for f in read_report(ROW_GROUPS).facts]
    assert read == [
        ("建设工程", "业务咨询评价次数", 12, ""),
        ("建设工程", "项目登记评价次数", 12, ""),
        ("建设工程", "场地安排评价次数", 12, ""),
        ("建设工程", "业务咨询满意率", 100, "%"),
        ("建设工程", "项目登记满意率", 100, "%"),
        ("建设工程", "场地安排满意率", 91.7, "%"),
        ("政府采购", "业务咨询评价次数", 20, ""),
        ("政府采购", "项目登记评价次数", 20, ""),
        ("政府采购", "场地安排评价次数", 20, ""),
        ("政府采购", "业务咨询不满意率", 0, "%"),
        ("政府采购", "项目登记不满意率", 5, "%"),
        ("政府采购", "场地安排不满意率", 0, "%"),
    ]


def test_a_row_group_whose_rows_do_not_fill_the_columns_gives_no_facts() -> None:
    # a row of the first group is one value short: no grid, so nothing is guessed
    text = ROW_GROUPS.replace("\n91.7% |", "")
    doc = read_report(text)
    assert doc.facts == []
    assert any("未能按行列识读" in warning for warning in doc.warnings)


def test_a_table_one_cell_a_line_with_blank_lines_between_is_read_by_row_and_column() -> None:
    text = "\n\n".join(
        [
            "三、来信分类",
            "2.各类来信情况：",
            "类别", "来信件数", "办结率",
            "咨询类", "16", "100%",
            "投诉类", "34", "97.1%",
            "合计", "50", "98%",
        ]
    )  # fmt: skip
    read = [(f.scope, f.label, f.value, f.unit) for f in read_report(text).facts]
    assert read == [
        ("各类来信情况", "咨询类来信件数", 16, ""),
        ("各类来信情况", "咨询类办结率", 100, "%"),
        ("各类来信情况", "投诉类来信件数", 34, ""),
        ("各类来信情况", "投诉类办结率", 97.1, "%"),
        ("各类来信情况", "合计来信件数", 50, ""),
        ("各类来信情况", "合计办结率", 98, "%"),
    ]


def test_a_serial_column_cut_off_after_the_next_rows_number_is_still_a_table() -> None:
    text = "\n".join(
        [
            "附：2025年度某县服务评价统计表",
            "2025年度某县服务评价统计表 |", "|||",
            "序号 |", "月份 |", "评价数 |", "满意度 |",
            "1 |", "一月 |", "111 |", "100% |",
            "2 |", "二月 |", "122 |", "99.5% |",
            "3 |",
        ]
    )  # fmt: skip
    read = [(f.scope, f.label, f.value, f.unit) for f in read_report(text).facts]
    caption = "2025年度某县服务评价统计表"
    assert read == [
        (caption, "一月评价数", 111, ""),
        (caption, "一月满意度", 100, "%"),
        (caption, "二月评价数", 122, ""),
        (caption, "二月满意度", 99.5, "%"),
    ]


def test_rows_opened_by_a_border_under_a_month_corner_and_a_lead_in_naming_the_measure() -> None:
    text = "\n".join(
        [
            "三、街道办理情况",
            "三个街道办理的供暖方面工单数量如下:",
            "| 月份 |", "东城街道 |", "西城街道 |", "南城街道 |",
            "| 1 |", "12 |", "30 |", "7 |",
            "| 2 |", "9 |", "28 |", "11 |",
        ]
    )  # fmt: skip
    read = [(f.scope, f.label, f.value) for f in read_report(text).facts]
    assert read == [
        (None, "1月东城街道供暖方面工单数量", 12),
        (None, "1月西城街道供暖方面工单数量", 30),
        (None, "1月南城街道供暖方面工单数量", 7),
        (None, "2月东城街道供暖方面工单数量", 9),
        (None, "2月西城街道供暖方面工单数量", 28),
        (None, "2月南城街道供暖方面工单数量", 11),
    ]

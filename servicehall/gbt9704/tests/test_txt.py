"""Plain text: the lines of the seeds, one paragraph a line."""

from __future__ import annotations

import datetime as dt

from servicehall.gbt9704.document import LEVEL_SECOND, Document, Paragraph, Run, Section
from servicehall.gbt9704.txt import render_txt

EXPECTED_2024_4 = """\
2024年第4期（总第475期）

窗口工作周报

（1月22日—1月26日）

四川省政府政务服务和公共资源交易服务中心

2024年2月8日

一、政务工作动态

1.1月22日，省十四届人大二次会议在成都开幕，省委书记王晓晖主持开幕会并宣布开幕，\
省长黄强代表省人民政府作政府工作报告。

2.日前，省政府办公厅发布《关于加强行政许可事项“一单一图一表”运用切实提升政务服务效能的\
通知》（以下简称《通知》），要求严格按照“一单一图一表”实施行政许可。

3.本周，经济和信息化厅印发《四川省经济和信息化厅分类检查事项目录》。住房城乡建设厅印发\
《四川省住房和城乡建设厅关于暂停办理企业资质审批业务的通知》，于3月1日上线新“企业资质审批\
系统”。省市场监管局和省医保局对基本医疗保险单位参保登记纳入企业开办环节并联办理推出新举措。

4.本周，自然资源厅公布2023年第十一批次、第十二批次地质灾害防治单位资质审批公告，共有60个\
单位提交的83个资质申请予以审批通过，经审查后8个工作日内即作出审批决定。省卫生健康委制定\
《四川省互联网医院执业登记现场审查细则》等3个审查细则。省林草局印发规范国家二级保护野生植物\
行政许可委托实施工作通知。

二、厅（局）长进大厅

本周，经济和信息化厅二级巡视员陈岚，公安厅二级警务专员王建明，水利厅二级巡视员刘金山分别\
到省政务服务大厅窗口调研值守。

三、惠企政策直达快享专项行动

统计《2023年省级惠企政策事项清单（第一批）》事项的兑享情况。截止2023年12月31日，省发展改革委、\
人力资源社会保障厅等14个部门的36项惠企政策事项共计兑享167.59亿元（减免147.59亿元、兑现20亿元），\
其余事项兑享情况还在陆续统计中。

四、综窗改革攻坚行动

（一）省本级综窗办件情况

本周，共计咨询 1291 人次、受理 631 件、颁发 1017 件、流转 2185 件次。今年以来，累计咨询 5501 \
人次、受理 2475 件、颁发 11631 件、流转 21220 件次。

（二）事项授权及受理手册编制推进情况

完成科技厅 5 个办理项的受理工作手册编制。截至目前，共完成 1110 个办理项的受理工作手册编制，\
占比 67.48%。

（三）其它工作开展情况

1.调整无差别综合窗口设置，增加受理窗口 2 个、出件窗口 1 个，调整后共有无差别综合受理窗口 7 个、\
出件窗口 2 个。

2.公安厅、交通运输厅、四川省税务局窗口对新进综窗人员开展高频事项受办业务培训 4 次。

报：省政务管理办公室、省级相关部门（单位）、省中心领导。

发：省级相关部门（单位）窗口，省直部门办事大厅，省中心各处（室）、直属单位。

（共印103份）
"""


def test_txt_of_the_2024_issue_prints_the_seed_lines(doc_2024: Document) -> None:
    assert render_txt(doc_2024) == EXPECTED_2024_4


def test_txt_of_the_2023_issue_puts_issuer_and_date_on_one_line_before_the_title(
    doc_2023: Document,
) -> None:
    lines = render_txt(doc_2023).split("\n\n")
    assert lines[:4] == [
        "2023年第9期（总第429期）",
        "四川省政府政务服务和公共资源交易服务中心 2023年3月21日",
        "政务服务工作",
        "（3月6日—3月10日）",
    ]


def test_txt_prints_run_in_sections_with_their_first_paragraph(doc_2023: Document) -> None:
    text = render_txt(doc_2023)
    assert "\n（一）按时到岗情况。总体情况良好。\n" in text
    assert "\n（六）大厅防控情况。大厅人员管控到位，物业对大厅各点位消杀落实到位，" in text


def test_txt_prints_distribution_lines_in_the_order_report_send_issue(doc_2023: Document) -> None:
    tail = render_txt(doc_2023).split("\n\n")[-4:]
    assert tail == [
        "报：中心领导。",
        "送：各相关省级部门（单位），中心各处（室）、直属单位。",
        "发：各部门窗口。",
        "（共印94份）\n",
    ]


def test_txt_ends_distribution_lines_with_a_full_stop_whether_stored_or_not() -> None:
    doc = Document(distribution={"发": "各部门窗口", "报": "中心领导。"})
    assert render_txt(doc) == "报：中心领导。\n\n发：各部门窗口。\n"


def test_txt_prints_the_preamble_before_the_sections() -> None:
    doc = Document(
        title="数据发布",
        preamble=[Paragraph.of("本月全区办件平稳。")],
        sections=[Section("一", "总体情况", paragraphs=[Paragraph.of("略。")])],
    )
    assert render_txt(doc) == "数据发布\n\n本月全区办件平稳。\n\n一、总体情况\n\n略。\n"


def test_txt_of_an_unnumbered_document_omits_the_number_line() -> None:
    doc = Document(title="窗口工作周报", issue_date=dt.date(2024, 2, 8), serial=475)
    assert render_txt(doc) == "窗口工作周报\n\n2024年2月8日\n"


def test_txt_of_an_empty_document_is_empty() -> None:
    assert render_txt(Document()) == ""
    assert render_txt(Document(masthead="issuer_first")) == ""


def test_txt_keeps_every_paragraph_on_one_line() -> None:
    paragraph = Paragraph(
        runs=[Run("大厅运行\n保障有序，"), Run("see\r\nbelow\tnow\x07", bold=True)]
    )
    doc = Document(sections=[Section("一", "巡查", LEVEL_SECOND, [paragraph], run_in=True)])
    assert render_txt(doc) == "（一）巡查。大厅运行保障有序，see below now\n"

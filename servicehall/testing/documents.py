"""Documents built by hand after the two seed issues (2024年第4期, 2023年第9期)."""

from __future__ import annotations

import datetime as dt

import pytest

from servicehall.gbt9704.document import (
    LEVEL_SECOND,
    Document,
    Paragraph,
    Run,
    Section,
)
from servicehall.reading.numbers import chinese_numeral


def _p(*parts: str | Run) -> Paragraph:
    """A paragraph from plain strings and bold ``Run``s."""
    return Paragraph(runs=[part if isinstance(part, Run) else Run(part) for part in parts])


def _b(text: str) -> Run:
    return Run(text, bold=True)


def _sub(number: str, heading: str, *paragraphs: Paragraph, run_in: bool = False) -> Section:
    return Section(number, heading, LEVEL_SECOND, list(paragraphs), run_in=run_in)


def document_2024_4() -> Document:
    """After seeds/000: title_first masthead, 4 sections, bold departments, 报/发, 103 copies."""
    return Document(
        title="窗口工作周报",
        issuer="四川省政府政务服务和公共资源交易服务中心",
        year=2024,
        number=4,
        serial=475,
        period_start=dt.date(2024, 1, 22),
        period_end=dt.date(2024, 1, 26),
        issue_date=dt.date(2024, 2, 8),
        copies=103,
        distribution={
            "报": "省政务管理办公室、省级相关部门（单位）、省中心领导。",
            "发": "省级相关部门（单位）窗口，省直部门办事大厅，省中心各处（室）、直属单位。",
        },
        sections=[
            Section(
                "一",
                "政务工作动态",
                paragraphs=[
                    _p(
                        "1.1月22日，省十四届人大二次会议在成都开幕，省委书记王晓晖主持开幕会"
                        "并宣布开幕，省长黄强代表省人民政府作政府工作报告。"
                    ),
                    _p(
                        "2.日前，省政府办公厅发布《关于加强行政许可事项“一单一图一表”运用"
                        "切实提升政务服务效能的通知》（以下简称《通知》），要求严格按照"
                        "“一单一图一表”实施行政许可。"
                    ),
                    _p(
                        "3.本周，",
                        _b("经济和信息化厅"),
                        "印发《四川省经济和信息化厅分类检查事项目录》。",
                        _b("住房城乡建设厅"),
                        "印发《四川省住房和城乡建设厅关于暂停办理企业资质审批业务的通知》，"
                        "于3月1日上线新“企业资质审批系统”。",
                        _b("省市场监管局"),
                        "和省医保局对基本医疗保险单位参保登记纳入企业开办环节并联办理推出新举措。",
                    ),
                    _p(
                        "4.本周，",
                        _b("自然资源厅"),
                        "公布2023年第十一批次、第十二批次地质灾害防治单位资质审批公告，共有60个"
                        "单位提交的83个资质申请予以审批通过，经审查后8个工作日内即作出审批决定。",
                        _b("省卫生健康委"),
                        "制定《四川省互联网医院执业登记现场审查细则》等3个审查细则。",
                        _b("省林草局"),
                        "印发规范国家二级保护野生植物行政许可委托实施工作通知。",
                    ),
                ],
            ),
            Section(
                "二",
                "厅（局）长进大厅",
                paragraphs=[
                    _p(
                        "本周，",
                        _b("经济和信息化厅"),
                        "二级巡视员陈岚，",
                        _b("公安厅"),
                        "二级警务专员王建明，",
                        _b("水利厅"),
                        "二级巡视员刘金山分别到省政务服务大厅窗口调研值守。",
                    )
                ],
            ),
            Section(
                "三",
                "惠企政策直达快享专项行动",
                paragraphs=[
                    _p(
                        "统计《2023年省级惠企政策事项清单（第一批）》事项的兑享情况。截止2023年"
                        "12月31日，省发展改革委、人力资源社会保障厅等14个部门的36项惠企政策事项"
                        "共计兑享167.59亿元（减免147.59亿元、兑现20亿元），其余事项兑享情况还在"
                        "陆续统计中。"
                    )
                ],
            ),
            Section(
                "四",
                "综窗改革攻坚行动",
                subsections=[
                    _sub(
                        "一",
                        "省本级综窗办件情况",
                        _p(
                            "本周，共计咨询 1291 人次、受理 631 件、颁发 1017 件、流转 2185 件次。"
                            "今年以来，累计咨询 5501 人次、受理 2475 件、颁发 11631 件、流转 "
                            "21220 件次。"
                        ),
                    ),
                    _sub(
                        "二",
                        "事项授权及受理手册编制推进情况",
                        _p(
                            "完成科技厅 5 个办理项的受理工作手册编制。截至目前，共完成 1110 个"
                            "办理项的受理工作手册编制，占比 67.48%。"
                        ),
                    ),
                    _sub(
                        "三",
                        "其它工作开展情况",
                        _p(
                            "1.调整无差别综合窗口设置，增加受理窗口 2 个、出件窗口 1 个，调整后"
                            "共有无差别综合受理窗口 7 个、出件窗口 2 个。"
                        ),
                        _p(
                            "2.公安厅、交通运输厅、四川省税务局窗口对新进综窗人员开展高频事项"
                            "受办业务培训 4 次。"
                        ),
                    ),
                ],
            ),
        ],
    )


def document_2023_9() -> Document:
    """After seeds/003: issuer_first masthead, run-in patrol items, 报/送/发, 94 copies."""
    patrol = [
        ("一", "按时到岗情况", "总体情况良好。"),
        ("二", "工作区域标准化执行情况", "总体情况良好。"),
        ("三", "着装情况", "总体情况良好。"),
        ("四", "工作牌佩戴情况", "总体情况良好。"),
        ("五", "纪律秩序", "总体情况良好。"),
        (
            "六",
            "大厅防控情况",
            "大厅人员管控到位，物业对大厅各点位消杀落实到位，大厅运行保障有序。",
        ),
    ]
    return Document(
        title="政务服务工作",
        issuer="四川省政府政务服务和公共资源交易服务中心",
        year=2023,
        number=9,
        serial=429,
        period_start=dt.date(2023, 3, 6),
        period_end=dt.date(2023, 3, 10),
        issue_date=dt.date(2023, 3, 21),
        copies=94,
        masthead="issuer_first",
        distribution={
            "报": "中心领导。",
            "送": "各相关省级部门（单位），中心各处（室）、直属单位。",
            "发": "各部门窗口。",
        },
        sections=[
            Section(
                "一",
                "综窗改革攻坚行动",
                subsections=[
                    _sub(
                        "一",
                        "省本级综窗办件情况",
                        _p(
                            "本周，共计咨询 815 人次、受理 168 件、颁发 1185 件、流转 1682 件；"
                            "今年以来，累计咨询 4281 人次、受理 1545 件、颁发 11620件、流转 "
                            "29266件。"
                        ),
                    ),
                    _sub(
                        "二",
                        "省级部门（单位）事项纳入及授权情况",
                        _p(
                            "目前，未授权无差别综合窗口的省级部门（单位）有 7个：科技厅、民政厅、"
                            "住房和城乡建设厅、农业农村厅、成都海关、省消防救援总队、省贸促会。"
                        ),
                    ),
                ],
            ),
            Section(
                "二",
                "省级政务服务事项受理办理情况",
                paragraphs=[
                    _p(
                        "据四川一体化政务服务平台数据统计，2023 年 1 月 1 日至2023年 3月 10日，"
                        "省本级行政许可事项受理 86756件，办结 87071件；公共服务事项受理 887013件，"
                        "办结 821703件，其它 9类行权事项受理 7389件，累计办结 7571件。"
                    )
                ],
            ),
            Section(
                "四",
                "大厅巡查情况",
                subsections=[
                    _sub(number, heading, _p(text), run_in=True) for number, heading, text in patrol
                ],
            ),
        ],
    )


_SENTENCES = (
    "本周，共计咨询1291人次、受理631件、颁发1017件、流转2185件次。",
    "省市场监管局发布通知，明确检验检测机构人员信息变更由机构自行在系统修改，不再到市场监管部门审批备案。",
    "交通运输厅召开全省道路运输高频服务事项“跨省通办”工作业务培训会议，强调办理人员要强化责任意识，主动靠前服务。",
    "调整无差别综合窗口设置，增加受理窗口2个、出件窗口1个。",
    "公安厅窗口开展综合窗口工作人员业务培训，进一步提升业务技能、服务水平和综合素质。",
    "大厅人员管控到位，物业对大厅各点位消杀落实到位，大厅运行保障有序。",
)


def generated_issue(size: int, seed: int = 0) -> Document:
    """An issue of ``size`` top sections (1–20 give one to six pages), made of the seeds' kinds
    of sentences in paragraphs of 1–4 sentences under 一、/（一） headings; the same ``size``
    and ``seed`` always give the same document."""
    import random

    rng = random.Random(size * 1000 + seed)
    doc = document_2024_4()
    sections = []
    for top in range(size):
        subsections = []
        for second in range(rng.randint(1, 2)):
            paragraphs = [
                _p("".join(rng.choice(_SENTENCES) for _ in range(rng.randint(1, 4))))
                for _ in range(rng.randint(1, 2))
            ]
            subsections.append(
                _sub(chinese_numeral(second + 1), f"工作推进情况{second + 1}", *paragraphs)
            )
        sections.append(
            Section(chinese_numeral(top + 1), f"重点工作{top + 1}", subsections=subsections)
        )
    doc.sections = sections
    return doc


@pytest.fixture
def doc_2024() -> Document:
    """The 2024-4 issue as a document, fresh for each test."""
    return document_2024_4()


@pytest.fixture
def doc_2023() -> Document:
    """The 2023-9 issue as a document, fresh for each test."""
    return document_2023_9()

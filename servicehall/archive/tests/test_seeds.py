"""The two seed reports parse to exactly what SPEC.md says they hold."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from servicehall.archive import parse_report, read_report
from servicehall.core.tests.seed_figures import FIGURES_2023_9, FIGURES_2024_4
from servicehall.gbt9704.document import LEVEL_SECOND, LEVEL_TOP, Document, Section

TREE_2024_4: list[tuple[str, str, list[Any]]] = [
    ("一", "政务工作动态", []),
    ("二", "厅（局）长进大厅", []),
    ("三", "惠企政策直达快享专项行动", []),
    (
        "四",
        "综窗改革攻坚行动",
        [
            ("一", "省本级综窗办件情况", []),
            ("二", "事项授权及受理手册编制推进情况", []),
            ("三", "其它工作开展情况", []),
        ],
    ),
]
TREE_2023_9: list[tuple[str, str, list[Any]]] = [
    (
        "一",
        "综窗改革攻坚行动",
        [
            ("一", "省本级综窗办件情况", []),
            ("二", "省级部门（单位）事项纳入及授权情况", []),
            ("三", "推进情况", []),
        ],
    ),
    ("二", "省级政务服务事项受理办理情况", []),
    (
        "三",
        "窗口工作动态",
        [
            ("一", "优化营商环境工作开展情况", []),
            ("二", "窗口服务效能提升工作情况", []),
            ("三", "厅（局）长进大厅", []),
        ],
    ),
    (
        "四",
        "大厅巡查情况",
        [
            ("一", "按时到岗情况", []),
            ("二", "工作区域标准化执行情况", []),
            ("三", "着装情况", []),
            ("四", "工作牌佩戴情况", []),
            ("五", "纪律秩序", []),
            ("六", "大厅防控情况", []),
        ],
    ),
]


def tree(sections: list[Section]) -> list[tuple[str, str, list[Any]]]:
    return [(s.number, s.heading, tree(s.subsections)) for s in sections]


def plain_text(doc: Document) -> str:
    """The document as plain text, one paragraph a line (a test helper, not a renderer)."""
    lines = [p.text for p in doc.preamble]
    for section in doc.walk():
        if section.run_in and section.paragraphs:
            first, *rest = section.paragraphs
            lines.append(f"{section.marker}{section.heading}。{first.text}")
            lines.extend(p.text for p in rest)
        else:
            lines.append(f"{section.marker}{section.heading}")
            lines.extend(p.text for p in section.paragraphs)
    return "\n".join(lines)


def body_chars(text: str) -> str:
    """Whitespace, page numbers and bold marks removed: what the comparison is about."""
    text = re.sub(r"^\s*[—-]\s*\d+\s*[—-]\s*$", "", text, flags=re.M)
    return re.sub(r"\s+", "", text.replace("**", ""))


def test_seed_2024_4_reads_the_masthead_of_spec(text_2024_4: str) -> None:
    doc = parse_report(text_2024_4)
    assert doc.title == "窗口工作周报"
    assert doc.issuer == "四川省政府政务服务和公共资源交易服务中心"
    assert (doc.year, doc.number, doc.serial) == (2024, 4, 475)
    assert (doc.period_start, doc.period_end) == (dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    assert doc.issue_date == dt.date(2024, 2, 8)
    assert doc.copies == 103
    assert doc.masthead == "title_first"
    assert doc.warnings == []


def test_seed_2024_4_has_only_report_and_issue_lines_in_its_distribution(
    text_2024_4: str,
) -> None:
    parsed = parse_report(text_2024_4).to_parsed()
    assert parsed["distribution"] == {
        "报": "省政务管理办公室、省级相关部门（单位）、省中心领导。",
        "送": None,
        "发": "省级相关部门（单位）窗口，省直部门办事大厅，省中心各处（室）、直属单位。",
    }


def test_seed_2023_9_reads_the_masthead_of_spec(text_2023_9: str) -> None:
    doc = parse_report(text_2023_9)
    assert doc.title == "政务服务工作"
    assert doc.issuer == "四川省政府政务服务和公共资源交易服务中心"
    assert (doc.year, doc.number, doc.serial) == (2023, 9, 429)
    assert (doc.period_start, doc.period_end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 10))
    assert doc.issue_date == dt.date(2023, 3, 21)
    assert doc.copies == 94
    assert doc.distribution == {
        "报": "中心领导。",
        "送": "各相关省级部门（单位），中心各处（室）、直属单位。",
        "发": "各部门窗口。",
    }
    assert doc.warnings == []


def test_seed_2023_9_reads_issuer_before_title(text_2023_9: str) -> None:
    assert parse_report(text_2023_9).masthead == "issuer_first"


def test_seed_2024_4_has_the_full_section_tree(text_2024_4: str) -> None:
    doc = parse_report(text_2024_4)
    assert tree(doc.sections) == TREE_2024_4
    assert {s.level for s in doc.sections} == {LEVEL_TOP}
    assert {s.level for s in doc.sections[3].subsections} == {LEVEL_SECOND}


def test_seed_2023_9_has_the_full_section_tree(text_2023_9: str) -> None:
    assert tree(parse_report(text_2023_9).sections) == TREE_2023_9


def test_seed_2024_4_states_exactly_its_figures(text_2024_4: str) -> None:
    assert read_report(text_2024_4).figures == FIGURES_2024_4


def test_seed_2023_9_states_exactly_its_figures(text_2023_9: str) -> None:
    assert read_report(text_2023_9).figures == FIGURES_2023_9


def test_figure_paragraphs_name_the_figures_they_state(text_2024_4: str) -> None:
    doc = read_report(text_2024_4)
    window = doc.sections[3].subsections[0].paragraphs[0]
    assert window.figure_keys[:2] == ["window.week.consult", "window.week.accept"]
    assert "window.ytd.transfer" in window.figure_keys


def test_seed_2023_9_patrol_items_are_run_in_headings(text_2023_9: str) -> None:
    patrol = parse_report(text_2023_9).sections[3]
    first, last = patrol.subsections[0], patrol.subsections[-1]
    assert (first.heading, first.run_in, [p.text for p in first.paragraphs]) == (
        "按时到岗情况",
        True,
        ["总体情况良好。"],
    )
    assert last.paragraphs[0].text == (
        "大厅人员管控到位，物业对大厅各点位消杀落实到位，大厅运行保障有序。"
    )


def test_seed_2023_9_wrapped_lines_rejoin_across_blank_lines(text_2023_9: str) -> None:
    window = parse_report(text_2023_9).sections[0].subsections[0]
    assert [p.text for p in window.paragraphs] == [
        "本周，共计咨询815人次、受理168件、颁发1185件、流转1682件；今年以来，累计咨询4281人次、"
        "受理1545件、颁发11620件、流转29266件。"
    ]


def test_seed_2023_9_drops_the_page_number(text_2023_9: str) -> None:
    doc = parse_report(text_2023_9)
    texts = [p.text for s in doc.walk() for p in s.paragraphs]
    assert not any("—3—" in t or t.endswith("3—") for t in texts)
    business = doc.sections[2].subsections[0].paragraphs
    assert len(business) == 2
    assert business[0].text.endswith("提升企业群众办事便利度。")


def test_list_number_running_into_a_date_is_item_one_on_march_6(text_2023_9: str) -> None:
    doc = read_report(text_2023_9)
    efficiency = doc.sections[2].subsections[1].paragraphs
    assert efficiency[0].text.startswith("1.3月6日至9日，公安厅窗口开展综合窗口工作人员业务培训。")
    assert efficiency[3].text.startswith("4.3月9-10日，省卫生健康委")
    assert not any(f.value in (1.3, 3, 6, 9) for f in doc.facts if f.unit != "名")


def test_item_one_on_january_22_keeps_its_printed_number(text_2024_4: str) -> None:
    news = parse_report(text_2024_4).sections[0].paragraphs
    starts = ("1.1月22日，省十四届", "2.日前，", "3.本周，", "4.本周，")
    assert [p.text.startswith(start) for p, start in zip(news, starts, strict=True)] == [True] * 4


def test_bold_department_names_become_bold_runs(text_2024_4: str) -> None:
    visits = parse_report(text_2024_4).sections[1].paragraphs[0]
    assert [r.text for r in visits.runs if r.bold] == ["经济和信息化厅", "公安厅", "水利厅"]
    assert "**" not in visits.text


def test_stray_spaces_inside_numbers_and_dates_are_removed(text_2023_9: str) -> None:
    platform = parse_report(text_2023_9).sections[1].paragraphs[0].text
    assert "2023年1月1日至2023年3月10日，省本级行政许可事项受理86756件，办结87071件；" in platform
    assert (
        "（RB/T214-2017）"
        in parse_report(text_2023_9).sections[2].subsections[0].paragraphs[0].text
    )


def test_plain_text_of_both_seeds_matches_the_original_by_97_percent(
    text_2024_4: str, text_2023_9: str
) -> None:
    for original in (text_2024_4, text_2023_9):
        doc = parse_report(original)
        distribution = [f"{k}：{v}" for k, v in doc.distribution.items()]
        masthead = [str(doc.number), str(doc.title), str(doc.issuer)]
        rendered = "\n".join([*masthead, plain_text(doc), *distribution])
        ratio = difflib.SequenceMatcher(
            None, body_chars(original), body_chars(rendered), autojunk=False
        ).ratio()
        assert ratio >= 0.97


def test_one_paragraph_per_line_text_parses_to_the_same_document(
    text_2024_4: str, text_2023_9: str
) -> None:
    for original in (text_2024_4, text_2023_9):
        doc = read_report(original)
        assert doc.period_start and doc.period_end and doc.issue_date and doc.title and doc.issuer
        head = original.strip().split("\n\n")[:4] if doc.masthead == "issuer_first" else None
        masthead = head or [
            f"{doc.year}年第{doc.number}期（总第{doc.serial}期）",
            doc.title,
            f"（{doc.period_start.month}月{doc.period_start.day}日—"
            f"{doc.period_end.month}月{doc.period_end.day}日）",
            doc.issuer,
            f"{doc.issue_date.year}年{doc.issue_date.month}月{doc.issue_date.day}日",
        ]
        tail = [f"{k}：{v}" for k, v in doc.distribution.items()] + [f"（共印{doc.copies}份）"]
        rendered = "\n".join([*masthead, plain_text(doc), *tail])
        again = read_report(rendered)
        expected = doc.to_parsed()
        assert again.to_parsed() == expected
        assert again.masthead == doc.masthead

"""The seventh round (issue 26): what the reader must not invent, and scopes and labels it
keeps; one test per rule, on sentences written for it."""

from __future__ import annotations

from servicehall.reading.facts import extract_facts, extract_paragraph_facts


def said(text: str) -> list[tuple[str, object, str, str | None]]:
    return [(f.label, f.value, f.unit, f.scope) for f in extract_facts(text)]


def test_round_the_clock_service_is_a_name_not_a_figure() -> None:
    assert said("便民热线24小时接听群众来电，本季度共接听来电5120个。") == [
        ("接听来电", 5120, "个", None)
    ]
    assert said("中心提供24小时法律咨询，全年提供咨询860次。") == [("提供咨询", 860, "次", None)]
    # a time limit stays a figure
    assert [(f[1], f[2]) for f in said("紧急诉求须在24小时内办结。")] == [(24, "小时")]


def test_a_summary_lead_restated_by_the_body_gives_each_figure_once() -> None:
    paragraphs = extract_paragraph_facts(
        [
            "受理来电8600件，办结率99%",
            "今年以来，便民服务中心共受理来电8600件，办结率99%，满意率97.5%。",
        ]
    )
    assert [(f.label, f.value) for found in paragraphs for f in found] == [
        ("受理来电", 8600),
        ("办结率", 99),
        ("满意率", 97.5),
    ]
    # a first paragraph whose figures the body does not all state again is no summary
    paragraphs = extract_paragraph_facts(
        ["东城区受理来电320件，办结率99%。", "西城区受理来电410件，办结率99%。"]
    )
    assert [(f.label, f.value) for found in paragraphs for f in found] == [
        ("受理来电", 320),
        ("办结率", 99),
        ("受理来电", 410),
        ("办结率", 99),
    ]


def test_a_count_right_after_the_names_it_counts_is_of_the_noun_after_it() -> None:
    assert said("本次督查涉及区财政局、区卫健局、城关镇3个被督查单位。") == [
        ("被督查单位", 3, "个", None)
    ]
    assert said("全区共8家单位参评，其中东城街道、西城街道2家单位得分为满分。")[1] == (
        "得分为满分的单位",
        2,
        "家",
        None,
    )

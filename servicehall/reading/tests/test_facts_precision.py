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
    # round-the-year service is a name too
    assert said("社保窗口实行365天不打烊，全年办件3200件。") == [("办件", 3200, "件", None)]
    assert said("热线实行7×24小时365天值守制度，受理来电900个。") == [("受理来电", 900, "个", None)]


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


def test_a_department_that_opens_a_sentence_is_who_every_figure_after_it_is_of() -> None:
    assert said(
        "县人社局按时办结率90%，得分为8分；回访满意率95%，得分为9.5分。县交通局按时办结率100%，"
        "得分为10分。"
    ) == [
        ("按时办结率", 90, "%", "县人社局"),
        ("得分", 8, "分", "县人社局"),
        ("回访满意率", 95, "%", "县人社局"),
        ("得分", 9.5, "分", "县人社局"),
        ("按时办结率", 100, "%", "县交通局"),
        ("得分", 10, "分", "县交通局"),
    ]
    assert said("某某能源集团及时签收率88%，得分为6分。") == [
        ("及时签收率", 88, "%", "某某能源集团"),
        ("得分", 6, "分", "某某能源集团"),
    ]
    # a department's window, though the sentence's first figure comes late
    assert said("县税务局窗口推行容缺受理，办理时限由10个工作日压缩至3个工作日。") == [
        ("办理时限", 10, "个工作日", "县税务局窗口"),
        ("办理时限", 3, "个工作日", "县税务局窗口"),
    ]
    # a window of the hall itself is no department: its parts are the report's
    assert said("综合窗口提供代办服务200次，其中企业代办30次。")[1] == ("企业代办", 30, "次", None)

"""An erratum's notice (勘误说明, issue 26): the system's own, and a real center's shorter one."""

from __future__ import annotations

from servicehall.reading.erratum import read_erratum_notice


def test_a_notice_whose_title_is_the_pages_names_the_issue_and_its_corrections() -> None:
    # a real center's: the page's title is the notice's, its 更正 quotes wrong and right
    notice = read_erratum_notice(
        [
            "本刊第12期“二、办理情况”中“按时办结率96.5%”有误，应为“按时办结率97.5%”；"
            "“受理来电3020件”更正为“受理来电3200件”。特此更正，敬请谅解。",
            "某市热线服务中心",
        ],
        title="关于《某市热线工作简报》2023年第12期的更正",
    )
    assert notice is not None
    assert (notice.series, notice.year, notice.number) == ("某市热线工作简报", 2023, 12)
    assert (notice.start, notice.end, notice.full_text) == (0, 1, False)
    assert notice.corrections == (
        ("按时办结率96.5%", "按时办结率97.5%"),
        ("受理来电3020件", "受理来电3200件"),
    )


def test_the_systems_own_notice_is_followed_by_the_full_text() -> None:
    notice = read_erratum_notice(
        [
            "关于窗口工作周报2024年第4期（总第475期）的勘误",
            "咨询人次录入有误。经核，第1段“累计咨询5501人次”更正为“累计咨询4210人次”。",
            "特此更正。更正后的全文如下。",
            "一、综窗办件情况",
        ]
    )
    assert notice is not None and notice.full_text and (notice.start, notice.end) == (0, 3)
    assert notice.reason == "咨询人次录入有误"
    # a page titled otherwise holds no notice
    assert read_erratum_notice(["正文。"], title="某市热线工作简报") is None


# ---- a page titled only 更正 / 勘误, naming its issue in the body (session 10) ----------------

BODY_NAMED = (
    "我中心《窗口工作周报》2024年第12期（总第483期）“省本级综窗办件情况”部分第1段中"
    "“累计咨询5501人次”有误，应为“累计咨询4210人次”。特此更正，敬请谅解。"
)


def test_a_bare_title_paragraph_and_the_issue_named_in_the_body() -> None:
    notice = read_erratum_notice(["更  正", BODY_NAMED, "省政务服务中心办公室"])
    assert notice is not None
    assert (notice.series, notice.year, notice.number, notice.serial) == (
        "窗口工作周报",
        2024,
        12,
        483,
    )
    assert (notice.start, notice.end, notice.full_text) == (0, 2, False)
    assert notice.corrections == (("累计咨询5501人次", "累计咨询4210人次"),)


def test_the_pages_title_is_bare_and_the_correction_follows_on_its_own_lines() -> None:
    notice = read_erratum_notice(
        [
            "本刊《政务服务工作》2023年第5期刊发的“窗口建设”中，部分数据有误，现更正如下：",
            "“设置综合窗口12个”更正为“设置综合窗口21个”。",
            "特此更正。",
            "某市政务服务中心",
        ],
        title="更正声明",
    )
    assert notice is not None
    assert (notice.series, notice.year, notice.number, notice.serial) == (
        "政务服务工作",
        2023,
        5,
        None,
    )
    assert (notice.start, notice.end) == (0, 3)
    assert notice.corrections == (("设置综合窗口12个", "设置综合窗口21个"),)


def test_an_issue_named_in_the_body_is_no_notice_without_a_bare_title() -> None:
    # a report that mentions another issue's mistake is no erratum of it
    assert read_erratum_notice([BODY_NAMED], title="窗口工作周报") is None
    assert read_erratum_notice(["一、工作动态", BODY_NAMED]) is None
    # a bare title but no series in 《》: which issue is not said (本刊 is no name)
    assert (
        read_erratum_notice(["勘误", "本刊2024年第12期“累计咨询5501人次”有误，应为“4210”。"])
        is None
    )
    # the series named, but nothing said to be amiss
    assert read_erratum_notice(["更正", "《窗口工作周报》2024年第12期已印发。"]) is None

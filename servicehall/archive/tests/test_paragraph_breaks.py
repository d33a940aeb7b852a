"""An empty line ends a paragraph (issue 26, fourth round): a page's title, breadcrumb or
dateline standing over a blank line is not the first words of the body's sentence, so it never
joins a label. Snippets written for each."""

from __future__ import annotations

from servicehall.archive import read_report


def labels_of(text: str) -> dict[object, str]:
    return {f.value: f.label for f in read_report(text).facts}


def test_a_page_title_over_a_blank_line_is_not_part_of_the_first_label() -> None:
    text = "您的当前位置:\n\n便民热线\n\n便民热线\n\n全年共受理群众来电4120件，办结4093件。"
    assert labels_of(text)[4120] == "受理群众来电"


def test_a_byline_after_a_blank_line_does_not_end_the_label_of_the_line_before() -> None:
    text = (
        "平台上月收到差评1052件,427件已核实\n2020-01-03 11:56:29   来源:某某日报\n\n"
        "据某某日报记者张三1月2日报道,12月平台共收到差评1052件。"
    )
    # the headline over its date and source line is the title (reading.metadata), whose
    # figures the body states again: the byline joins no label
    doc = read_report(text)
    assert doc.title == "平台上月收到差评1052件,427件已核实"
    assert [(f.label, f.value) for f in doc.facts] == [("平台收到差评", 1052)]


def test_a_line_wrapped_without_a_blank_line_still_goes_on() -> None:
    text = "某区热线月报\n\n本月热线共受理群众\n来电5210件，办结5198件。"
    assert labels_of(text)[5210] == "受理群众来电"


def test_a_figures_caption_is_no_part_of_the_paragraph_under_it() -> None:
    text = (
        "某市热线月度分析\n本月全市热线共受理诉求8200件，办结8050件\n"
        "图1 诉求量月度走势图\n区级热线共受理诉求3100件，办结3020件。"
    )
    facts = {f.value: (f.scope, f.label) for f in read_report(text).facts}
    assert facts[3100] == (None, "区级热线受理诉求")
    assert facts[3020] == ("区级热线", "办结")

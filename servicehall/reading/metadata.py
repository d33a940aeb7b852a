"""The metadata reader (报头与落款): title, issuer, year, 期号, 总期号, issue date and period,
wherever a report puts them — the masthead lines at the top, in any order; a title line holding
the 期号; a 红头 file's 发文字号; the 落款 (issuer and date) at the end of the body.
"""

from __future__ import annotations

import datetime as dt
import re

from servicehall.core.text import display_width
from servicehall.gbt9704.document import IssueHead
from servicehall.reading.dates import (
    RE_DATE_CN,
    RE_MONTHS,
    RE_PERIOD,
    RE_PERIOD_MONTH,
    RE_PERIOD_MONTHS,
    arabic_dates,
    chinese_date_parts,
    make_date,
    month_end,
    months_period,
)
from servicehall.reading.lines import (
    DASH,
    RE_PAGE_NUMBER,
    Line,
    ends_sentence,
    full_line_width,
    marker_kind,
    strip_bold,
)
from servicehall.reading.numbers import CN_NUMERALS, parse_chinese_number

__all__ = [
    "Head",
    "read_body_period",
    "read_masthead",
    "read_signature",
    "say_what_is_unsure",
    "settle_year",
    "without_title_repeats",
]


class Head(IssueHead):
    """What a report says of itself (报头信息), as the reader finds it in its text."""


# A 期号 line: "2024年第4期（总第475期）", "总第475期"; under a title also in brackets, its year
# in 〔〕 or its number in Chinese numerals ("（2024年第12期）", "〔2024〕第12期", "（第九期）").
RE_ISSUE = re.compile(
    r"^[（(]?\s*(?:(\d{4})年度?|[〔［\[](\d{4})[〕］\]])?\s*"
    rf"第\s*(\d{{1,4}}|[{CN_NUMERALS}]{{1,4}})\s*期\s*[）)]?\s*"
    r"[（(]?(?:总第(\d{1,5})期)?[）)]?$"
    r"|^[（(]?总第(\d{1,5})期[）)]?$"
)
# The 期号 on the title line, in the four common forms: "窗口工作周报2024年第4期（总第475期）",
# "窗口工作周报 第4期", "窗口工作周报（2024年第4期）", "窗口工作周报 2024年第4期 总第475期".
RE_TITLE_ISSUE = re.compile(
    r"^(?P<title>[^，,。；;：:\d（(]{2,30}?)\s*[（(]?\s*(?:(?P<year>\d{4})年度?)?"
    rf"第(?P<number>\d{{1,4}}|[{CN_NUMERALS}]{{1,4}})期"
    r"\s*[）)]?\s*(?:[（(]?\s*总第(?P<serial>\d{1,5})期\s*[）)]?)?$"
)
# A date line's label: "发布日期：2024年4月12日", "发布时间：…", "日期：…".
_DATE_LABEL = r"^(?:发布|印发|发文|成文)?(?:日期|时间)\s*[：:]\s*"
RE_DATE_LABEL = re.compile(_DATE_LABEL)
RE_LABELLED_ISO_DATE = re.compile(
    _DATE_LABEL + r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
RE_ISSUER_LABEL = re.compile(r"^(?:发布|发文|印发|编印|主办)(?:单位|机关|机构)\s*[：:]\s*(.+)$")
RE_TRAILING_DATE = re.compile(
    rf"^(.*?)[（(]?(?:(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日|({RE_DATE_CN}))[）)]?(?:\s*[|｜])?$"
)
RE_ORG = re.compile(
    r"^[\u4e00-\u9fff][\u4e00-\u9fff（）()、“”\d]{2,39}"
    r"(中心|局|厅|委员会|委|办公室|政府|公司|集团|院|处|部|所|站|办|协会|商会|联合会)$"
)
RE_NOT_ORG = re.compile(
    r"召开|举行|举办|发布|印发|开展|工作(?!领导小组|委员会)|情况|报告|简报|通报|周报|月报"
)
# A masthead's editor: "某市政务服务中心编", "某办公室编印  2024年5月6日" — the name before it issues.
RE_EDITED_BY = re.compile(r"\s*(?:编印|编发|编|印发|主办)$")
RE_SKIP_MASTHEAD = re.compile(r"^(内部资料|注意保存|内部刊物|内部参阅|秘密|机密|特急|加急)")


RE_AUTHORITY = re.compile(r"^(.{4,40}?)文件$")
RE_FILE_NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fff]{1,12})\s*[〔［\[（(]\s*(?P<year>\d{4})\s*[〕］\]）)]"
    r"\s*第?\s*(?P<number>\d{1,4})\s*号$"
)
RE_SEEN_NUMBER = re.compile(r"第\s*[\d０-９]{1,4}\s*期")

MIN_PAGE_WIDTH = 24  # half-width cells: a printed page's line holds 12 CJK characters or more
MASTHEAD_SCAN = 12  # non-empty lines looked at for the masthead
SIGNATURE_SCAN = 15  # last lines looked at for the 版记 that follows a 落款


def read_masthead(lines: list[Line], head: Head) -> list[Line]:
    """Read the masthead lines at the top; return the body's lines."""
    lines = _join_wrapped_dates(lines)
    full_width = full_line_width(lines)
    if not _wrapped_at_margin(lines, full_width):
        full_width = None  # lines are paragraphs or headings: none runs to a margin
    lines = _join_wrapped_fields(lines, full_width)
    lines = _with_colons(lines)
    found: dict[str, int] = {}
    index = 0
    while index < min(len(lines), MASTHEAD_SCAN):
        if _opens_paragraph(lines, index, full_width):
            break  # the body's first sentence, wrapped at the margin: no title, no field
        line = RE_BULLET.sub("", strip_bold(lines[index].text))
        following = (
            RE_BULLET.sub("", strip_bold(lines[index + 1].text)) if index + 1 < len(lines) else ""
        )
        after = strip_bold(lines[index + 2].text) if index + 2 < len(lines) else ""
        if "title" not in found and _headline_over_fields(line, following, after):
            # a news page's headline, over its date and source: a title, commas and all
            head.title, found["title"] = line, index
            index += 1
            continue
        wrapped = _wrapped_date_line(line, following)
        if wrapped:  # "…服务中心２０２３" / "年３月２１日": a line the PDF wrapped
            line = wrapped
        elif paper := _wrapped_paper_title(lines, index):
            line, consumed = paper
            index += consumed - 2  # the lines joined but the two counted below
            wrapped = line
        if marker_kind(line) or not _read_masthead_line(line, index, head, found):
            break
        index += 2 if wrapped else 1
        if found.get("title") == index - 1 and (
            _wrapped_title(line, following, index, lines) or RE_TITLE_GOES_ON.match(following)
        ):
            head.title = line + following
            index += 1
    if "authority" in found:
        head.masthead = "file"  # 红头文件: its date is in the 落款 at the end
    elif "issuer" in found and "title" in found and found["issuer"] < found["title"]:
        head.masthead = "issuer_first"
    elif "number" in found and "title" in found and found["title"] < found["number"]:
        head.masthead = "briefing"  # 简报: the series name above its 期号
    body = _rest_of_head(lines, index, head, found)
    _finish_masthead(head, found, lines)
    return body


def _join_wrapped_fields(lines: list[Line], full_width: int | None) -> list[Line]:
    """ "来源:今" / "日高邮", "标题: 关于…工作情况" / "的通报": a field's value a PDF wrapped at the
    margin, joined again — the line of fields runs to the margin, the next is a short tail
    that is no field, no heading and no sentence."""
    if not full_width:
        return lines
    joined: list[Line] = []
    for index, line in enumerate(lines):
        previous = strip_bold(joined[-1].text) if joined else ""
        text = strip_bold(line.text)
        if index < 2 * MASTHEAD_SCAN and _label_broken(previous, text):
            joined[-1] = Line(joined[-1].text + line.text, joined[-1].number)
            continue
        if (
            index < 2 * MASTHEAD_SCAN
            and RE_FIELD.search(previous)
            and display_width(previous) >= 0.8 * full_width
            and not ends_sentence(previous)
            and display_width(text) < 0.8 * full_width
            and not RE_FIELD.search(text)
            and not marker_kind(text)
            and not RE_PAGE_CHROME.match(text)
            and not re.search(r"[，,。；;：:、！？!?]", text)
        ):
            joined[-1] = Line(joined[-1].text + line.text, joined[-1].number)
            continue
        joined.append(line)
    return joined


def _label_broken(previous: str, text: str) -> bool:
    """ "…来源:某局政务指导科点" / "击:", "…| 发文日" / "期: | 2020-10-20 |": a field's label the
    PDF broke at the margin — the line of fields ends with the label's head, the next begins
    with its tail and colon."""
    if not previous or not RE_FIELD.search(previous) or not re.match(r"[^：:\s]{1,3}[：:]", text):
        return False
    return any(
        match.start() < len(previous) < match.end() - 1
        for match in RE_FIELD.finditer(previous + text)
    )


def _wrapped_at_margin(lines: list[Line], full_width: int | None) -> bool:
    """Whether the text is a page wrapped at a margin: most long lines end near the same width
    (a PDF's), rather than running on past it (a paragraph a line, its headings short)."""
    if not full_width or full_width < MIN_PAGE_WIDTH:
        return False
    widths = [display_width(line.text) for line in lines]
    near = sum(1 for w in widths if 0.8 * full_width <= w <= 1.15 * full_width)
    beyond = sum(1 for w in widths if w > 1.15 * full_width)
    return near >= 5 and near > 2 * beyond


def _opens_paragraph(lines: list[Line], index: int, full_width: int | None) -> bool:
    """The first line of the body's paragraph, wrapped at the page's margin: a line that runs
    to the margin cut inside a bracket or a title in 《》 ("按照国务院办公厅《关于建立政务") or
    after a news item's dateline ("某州日报/某州网某州讯(通讯员…)7月"), and goes on into a
    sentence. A title, even one that fills the line, closes what it opens and holds no
    dateline."""
    line = strip_bold(lines[index].text)
    if not full_width or ends_sentence(line) or display_width(line) < 0.8 * full_width:
        return False
    if not (_unclosed(line) or RE_DATELINE.match(line)):
        # a line that opens as a sentence does and goes on into it on the next line ("现将…工作
        # 情" / "况报告如下:", "6月份我区共收到…网民留言" / "197条;与上月相比…"); a title that
        # fills the line, over the body's first sentence, opens as no sentence does
        next_text = strip_bold(lines[index + 1].text) if index + 1 < len(lines) else ""
        return bool(
            RE_SENTENCE_OPENING.search(line)
            and next_text
            and not marker_kind(next_text)
            and not RE_FIELD.search(next_text)
            and not RE_PAGE_CHROME.match(next_text)
            and re.search(r"[，,。；;、：:]", next_text)
        )
    for following in lines[index + 1 : index + 6]:
        text = strip_bold(following.text)
        if marker_kind(text) or RE_FIELD.search(text):
            return False
        if re.search(r"[，,。；;、]", text):
            return True  # the sentence the line began
    return False


# What a sentence opens with and a title does not: a purpose, a basis, "现将", a report naming
# itself ("本报告", 我区 / 我局 …), a subject followed by how it worked ("…分中心按照").
RE_SENTENCE_OPENING = re.compile(
    r"^(?:现将|为|根据|按照|依据|本报告|据悉|据了解|近日|日前|近年来|今年以来)"
    r"|我(?:区|市|县|镇|省|局|委|办|中心)|(?<=[\u4e00-\u9fff])(?:按照|依据|根据)"
)


def _unclosed(text: str) -> bool:
    """Whether the text opens a bracket or quotation it does not close (括号未闭合)."""
    pairs = (("《", "》"), ("（", "）"), ("(", ")"), ("“", "”"), ("〔", "〕"))
    return any(text.count(opening) > text.count(closing) for opening, closing in pairs)


RE_DATE_BROKEN = re.compile(r"\d{4}-(?:\d{1,2}-?)?$")


def _join_wrapped_dates(lines: list[Line]) -> list[Line]:
    """ "发布时间:2025-" / "04-22": a date the PDF wrapped in the head, joined again."""
    joined: list[Line] = []
    for index, line in enumerate(lines):
        if (
            joined
            and index < 2 * MASTHEAD_SCAN
            and RE_DATE_BROKEN.search(joined[-1].text)
            and re.match(r"\d{1,2}(?:-\d{1,2})?\b", line.text)
        ):
            joined[-1] = Line(joined[-1].text + line.text, joined[-1].number)
            continue
        joined.append(line)
    return joined


def _rest_of_head(lines: list[Line], start: int, head: Head, found: dict[str, int]) -> list[Line]:
    """The lines after the masthead, without the head's lines found further down: a web page's
    fields (来源、发布时间) and chrome, a 期号 below a few lines of masthead."""
    body: list[Line] = []
    labelled = False  # the line before was a labelled field
    for index in range(start, len(lines)):
        line = RE_BULLET.sub("", strip_bold(lines[index].text))
        if labelled and len(line) <= 4 and not RE_FIELD.search(line) and head.title:
            head.title += line  # "信息名称：…工作情况发" / "布": a value the PDF wrapped
            labelled = False
            continue
        labelled = False
        if index < start + MASTHEAD_SCAN and not marker_kind(line):
            if RE_PAGE_CHROME.match(line) and not _names_a_field(line):
                continue
            if RE_BYLINE.match(line):
                _read_masthead_line(line, index, head, found)  # the outlet, if named
                continue
            following = (
                RE_BULLET.sub("", strip_bold(lines[index + 1].text))
                if index + 1 < len(lines)
                else ""
            )
            after = strip_bold(lines[index + 2].text) if index + 2 < len(lines) else ""
            if "title" not in found and _headline_over_fields(line, following, after):
                # a headline over its date and source under a page's own lines the masthead did
                # not take ("EN", the site's address, "新闻热线:…", a breadcrumb): the title
                head.title, found["title"] = line, index
                continue
            title = head.title
            if _read_labelled_line(line, index, head, found):
                labelled = head.title != title
                continue
            if head.number is None and (match := RE_ISSUE.match(line)):
                _take_issue(match, head)
                found["number"] = index
                continue
            if (
                "date" not in found
                and index < start + BARE_DATE_SCAN
                and (date := _bare_date(line))
            ):
                # a date alone on its line right under the masthead's last line, or the one a
                # page's stray word stands on ("创始人"), is the page's date
                head.issue_date = date
                found["date"] = index
                continue
            following = strip_bold(lines[index + 1].text) if index + 1 < len(lines) else ""
            if "date" not in found and _looks_like_org(line) and RE_TRAILING_DATE.match(following):
                line = line + following  # "宜春市…办公室" / "2023年6月19日": wrapped in two
            if "date" not in found and (match := RE_TRAILING_DATE.match(line)):
                # "宜春市…办公室 2023年6月19日" under a 期号 a few lines down
                prefix = match.group(1).strip()
                if prefix and _looks_like_org(prefix) and "issuer" not in found:
                    head.issue_date = _masthead_date(match, head)
                    head.issuer, found["date"], found["issuer"] = prefix, index, index
                    continue
        body.append(lines[index])
    return body


def _wrapped_date_line(line: str, following: str) -> str | None:
    """An issuer-and-date line broken in two by the PDF's wrapping, joined; else None."""
    if not following or RE_TRAILING_DATE.match(RE_DATE_LABEL.sub("", line)):
        return None
    if RE_ISSUE.match(line) or (_looks_like_org(line) and RE_TRAILING_DATE.match(following)):
        return None  # two masthead lines of their own
    match = RE_TRAILING_DATE.match(line + following)
    prefix = match.group(1).strip() if match else ""
    return line + following if prefix and _looks_like_org(prefix) else None


def _issue_number(text: str) -> int | None:
    """A 期号 in digits or in Chinese numerals: 9, 第九期 → 9."""
    return int(text) if text.isdigit() else parse_chinese_number(text)


def _wrapped_paper_title(lines: list[Line], index: int) -> tuple[str, int] | None:
    """ "…领导小组办" / "公室关于…政务服" / "务大厅运行情况的通报": a paper's long title the PDF
    wrapped over two or three lines, whose first part alone names no kind of paper, joined
    (with the number of lines it took); else None."""
    line = strip_bold(lines[index].text)
    if len(line) < 12 or RE_DOCUMENT_KIND.search(line):
        return None
    joined = line
    for count in (2, 3):
        if index + count - 1 >= len(lines):
            return None
        following = strip_bold(lines[index + count - 1].text)
        if marker_kind(following) or RE_FIELD.search(following) or RE_ISSUE.match(following):
            return None
        if RE_TRAILING_DATE.match(following) or ends_sentence(following):
            return None
        joined += following
        if len(joined) > 90 or any(c in joined for c in "，,。；;！？!?：:"):
            return None
        if RE_DOCUMENT_KIND.search(joined):
            # "关于…热线" / "平台…的通报", "…领导小组办" / "公室关于…": the break is inside the
            # title; an issuer's whole name above a title ("…办公室" / "政务服务月报") is not.
            second = strip_bold(lines[index + 1].text)
            broken = line.startswith("关于") or 0 < second.find("关于") <= 6
            return (joined, count) if broken else None
    return None


# A title's second line opening with "and" ("…关于2022年工作情况" / "及2023年工作计划的报告",
# "…工作总结" / "与2021年…工作安排"): the title goes on, whatever the first line's length.
RE_TITLE_GOES_ON = re.compile(r"^(?:及|与|和|暨|以及)[^，,。；;：:！？!?]{2,40}$")


# A news headline naming its place or its subject before a colon ("某市行政服务中心: 以“好差评”促
# 服务提升", "甘肃某区:38个乡镇中心打通服务“最后一米”"): a title, the colon and all — not a
# field ("摘要:…", "主办:…", "编者按:…").
RE_NAMED_HEADLINE = re.compile(
    r"^(?P<who>[\u4e00-\u9fff]{2,12})\s*[：:]\s*(?P<what>[^，,。；;：:！？!?]{6,40})$"
)
RE_FIELD_WORD = re.compile(
    r"(?:摘要|编者按|按|主办|承办|协办|关键词|关键字|电话|热线|地址|邮编|网址|邮箱|传真|签发人|"
    r"编辑|责编|审核|校对|记者|通讯员|作者|来源|出处|附件|单位|部门|名称|类别|说明|备注|主题)$"
)


def _named_headline(line: str) -> bool:
    """A headline "<who>: <what>", the words after the colon a headline's, not a field's."""
    match = RE_NAMED_HEADLINE.match(line)
    return bool(
        match
        and not RE_FIELD_WORD.search(match.group("who"))
        # "差评数前三的事项为：户籍迁移(31)、…": a sentence introducing what follows, no subject
        and not re.search(r"(?:为|是|有|如下|包括|的)$", match.group("who"))
        and len(re.findall(r"[\u4e00-\u9fff]", match.group("what"))) >= 6
    )


def _wrapped_title(line: str, following: str, index: int, lines: list[Line]) -> bool:
    """A long title whose last characters the PDF wrapped onto a short line of their own (not
    a 【栏目】 heading under it)."""
    if len(line) < 15 or not following or len(following) >= len(line) // 2:
        return False
    if following.startswith(("【", "[", "◆", "■", "●")):
        return False
    if marker_kind(following) or not _looks_like_title(line + following):
        return False
    probe = Head()
    return not _read_masthead_line(following, index, probe, {"title": 0})


def _headline_over_fields(line: str, following: str, after: str = "") -> bool:
    """A line of words right above a line of a page's fields (日期、来源) is its headline — so is
    one above its byline ("某某日报客户端 | 记者 甲乙"), or above a 来源 line the page's date
    stands under."""
    if RE_FIELD.search(line):
        return False
    fields = RE_FIELD.search(following)
    if RE_BYLINE.match(following) or (fields and not fields.start() and _bare_date(after)):
        leading = ""
    elif not fields or not RE_ISO_DATE.search(following):
        return False
    else:
        leading = following[: fields.start()].strip()
    return (
        (not leading or bool(RE_ISO_DATE.fullmatch(leading)))
        and len(re.findall(r"[\u4e00-\u9fff]", line)) >= 4
        and len(line) <= 60
        and not RE_PAGE_CHROME.match(line)
        and not any(c in line for c in "。；;")
        and not line.endswith(("：", ":"))
    )


def _read_masthead_line(line: str, index: int, head: Head, found: dict[str, int]) -> bool:
    """Take one masthead line into ``head``; False when the line is not a masthead line."""
    if RE_SKIP_MASTHEAD.match(line) and len(line) <= 12:
        return True
    if "title" not in found and RE_MENU_ROW.match(line):
        return True
    if RE_PAGE_CHROME.match(line) and not _names_a_field(line):
        if found.get("title") == index - 1 and head.title and len(head.title) <= 6:
            found["title"] = index  # a column's name, the page's menu, then the title
        elif (
            RE_BREADCRUMB.match(line)
            and found.get("title") == index - 1
            and "number" not in found
            and "date" not in found
        ):
            # "中心简介工作职责机构设置…" right above "中心介绍>中心简介>": a menu (its spaces
            # squeezed), not the title; the title is under the breadcrumb
            del found["title"]
            head.title = None
        return True
    if byline := RE_BYLINE.match(line):
        # "某州融媒体中心 记者 甲乙 通讯员 丙丁", "通讯员 甲乙": who wrote the item, no title; the
        # outlet they write for, named before them, ran it
        outlet = (byline.group("outlet") or "").rsplit("/", 1)[-1].strip()
        if "issuer" not in found and RE_OUTLET.search(outlet) and not RE_NOT_ORG.search(outlet):
            head.issuer = outlet
            found["issuer"] = index
        return True
    if (paper := RE_PAPER_LINE.match(line)) and "issuer" not in found and "date" not in found:
        # "《某某日报》(2026年2月25日6版)": the paper is the issuer, its day the date
        head.issuer = paper.group("paper")
        year, month, day = (int(g) for g in paper.groups()[1:])
        head.issue_date = make_date(year, month, day, head.warnings)
        found["issuer"] = found["date"] = index
        return True
    if _read_labelled_line(line, index, head, found):
        return True
    if not found and (match := RE_AUTHORITY.match(line)) and _looks_like_org(match.group(1)):
        head.issuer = match.group(1)
        found["issuer"] = found["authority"] = index
        return True
    if "number" not in found and (match := RE_FILE_NUMBER.match(line)):
        head.file_code = match.group("code")
        head.year, head.number = int(match.group("year")), int(match.group("number"))
        found["number"] = index
        return True
    # 红头文件: the 期号 line under the title carries the 总期号 (the 字号 has the rest).
    if (
        "authority" in found
        and head.serial is None
        and (match := RE_ISSUE.match(line))
        and (serial := match.group(4) or match.group(5))
    ):
        head.serial = int(serial)
        return True
    if "number" not in found and (match := RE_ISSUE.match(line)):
        _take_issue(match, head)
        found["number"] = index
        return True
    if "number" not in found and "title" not in found and (match := RE_TITLE_ISSUE.match(line)):
        title = match.group("title").strip()
        if _looks_like_title(title) and not _looks_like_org(title):
            head.title = title
            head.year = int(match.group("year")) if match.group("year") else None
            head.number = _issue_number(match.group("number"))
            head.serial = int(match.group("serial")) if match.group("serial") else None
            found["number"] = found["title"] = index
            return True
    line = arabic_dates(line) if "period" not in found else line
    if "period" not in found and (
        RE_PERIOD.match(line) or RE_PERIOD_MONTH.match(line) or RE_PERIOD_MONTHS.match(line)
    ):
        found["period"] = index
        return True
    if "date" not in found and (match := RE_LABELLED_ISO_DATE.match(line)):
        year, month, day = (int(g) for g in match.groups())
        head.issue_date = make_date(year, month, day, head.warnings)
        found["date"] = index
        return True
    if "date" not in found and index - 1 in found.values() and (date := _bare_date(line)):
        # "11.11.2017  02:20" alone under a news page's headline, its 来源 line or its byline
        head.issue_date = date
        found["date"] = index
        return True
    if "issuer" not in found and (match := RE_ISSUER_LABEL.match(line)):
        head.issuer = match.group(1).strip()
        found["issuer"] = index
        return True
    if "date" not in found and (match := RE_TRAILING_DATE.match(RE_DATE_LABEL.sub("", line))):
        prefix = RE_EDITED_BY.sub("", match.group(1).strip())
        if not prefix or _looks_like_org(prefix):
            head.issue_date = _masthead_date(match, head)
            found["date"] = index
            if prefix and "issuer" not in found:
                head.issuer = prefix
                found["issuer"] = index
            return True
    if "issuer" not in found and _looks_like_org(RE_EDITED_BY.sub("", line)):
        head.issuer = RE_EDITED_BY.sub("", line)
        found["issuer"] = index
        return True
    if "title" not in found and (_looks_like_title(line) or _named_headline(line)):
        head.title = line
        found["title"] = index
        return True
    if (
        found.get("title") == index - 1
        and head.title
        and len(head.title) <= 6
        and len(line) > 2 * len(head.title)
        and _looks_like_title(line)
        and "number" not in found
    ):
        head.title = line  # "新闻发布" / "全市…运行报告": the page's column, then the title
        found["title"] = index
        return True
    return False


# A news item's byline, a line of its own: an outlet perhaps ("某州融媒体中心", "某某日报客户端 |"),
# then its writers ("记者 甲乙 通讯员 丙丁", "全媒记者 甲乙", "通讯员/甲乙", "记者:甲乙").
_WRITER = r"(?:本报|全媒体?|融媒体?|首席)?(?:记者|通讯员|实习生)\s*[:：/]?\s*[\u4e00-\u9fff]{2,4}"
RE_BYLINE = re.compile(
    rf"^[（(]?(?:(?P<outlet>[^()（）|｜:：，,。]{{2,24}}?)\s*[|｜]?\s*)?{_WRITER}"
    rf"(?:\s*[、，,]\s*[\u4e00-\u9fff]{{2,4}})*(?:\s*{_WRITER}(?:\s*[、，,]\s*[\u4e00-\u9fff]{{2,4}})*)*"
    r"\s*[）)]?$"
)
# What an outlet's name ends with: a paper, a site, an app, a station, a media centre.
RE_OUTLET = re.compile(r"(?:报|网|客户端|电视台|广播电视台|新闻|融媒体中心|传媒|社)$")


# A date alone on its line, with the hour perhaps: "2017-11-11 02:20", "2017/11/11", "11.11.2017",
# "2023年10月08日 09时12分".
RE_BARE_DATE = re.compile(
    r"^(?:(?P<year>\d{4})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})"
    r"|(?P<cn_year>\d{4})年(?P<cn_month>\d{1,2})月(?P<cn_day>\d{1,2})日"
    r"|(?P<first>\d{1,2})\.(?P<second>\d{1,2})\.(?P<year_last>\d{4}))"
    r"(?:\s*\d{1,2}(?:[:：]\d{2}(?:[:：]\d{2})?|时\d{1,2}分(?:\d{1,2}秒)?))?$"
)
BARE_DATE_SCAN = 3  # lines under the masthead a date alone on its line is looked for in


def _bare_date(line: str) -> dt.date | None:
    """The date a line holds alone; a day and month printed before the year ("11.11.2017") only
    where both readings agree or one alone is a date — an ambiguous one is not guessed."""
    match = RE_BARE_DATE.match(line.strip())
    if not match:
        return None
    if match.group("year"):
        year, month, day = (int(match.group(n)) for n in ("year", "month", "day"))
    elif match.group("cn_year"):
        year, month, day = (int(match.group(n)) for n in ("cn_year", "cn_month", "cn_day"))
    else:
        year, first, second = (int(match.group(n)) for n in ("year_last", "first", "second"))
        if first != second and first <= 12 and second <= 12:
            return None
        month, day = (first, second) if second > 12 else (second, first)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A web page's lines around the text (网页栏目): where one is, what is shown, how often read.
RE_PAGE_CHROME = re.compile(
    r"^(?:当前位置|您的位置|您当前的位置|您的当前位置|您当前位置|您现在的位置|首\s*页\s*[>＞»]|"
    r"[^>＞»\s]{1,12}(?:\s*(?:>>|[>＞»])\s*[^>＞»]{1,12}){1,}\s*(?:>>|[>＞»])?\s*$|"
    r"浏览(?:量|次数)?\s*[：:]|[【\[]?字[号體体](?:[：:]|\s*[大中小【])|打印本页|关闭窗口|分享到|"
    r"欢迎您|.*登录\s*[|｜]\s*注册|"
    # a page's menu: a word of letters ("Menu"), a label with nothing after it ("地方频道:"),
    # a row of table borders ("---|---|")
    r"[A-Za-z]{2,12}$|[\u4e00-\u9fff]{0,6}(?:频道|栏目|位置|导航)[：:]$|[-|｜\s]{3,}$|"
    # the site's search box and map ("本站搜索", "网站地图")
    r"(?:本站|站群|站内|全站|全文|站点)?(?:搜索|检索)$|网站(?:地图|导航)$|"
    # a picture's caption left where the picture stood ("(资料图片仅供参考)", "(相关资料图)")
    r"[(（](?:相关)?资料图片?(?:仅供参考)?[)）]$)"
)
# Above the title only (further down such a line is a table's header): a menu of short names
# between bars ("旅游|房产|资讯|…"), a column's name in bars ("|港城快讯|").
RE_MENU_ROW = re.compile(
    r"^(?:[^|｜\d\s]{1,8}(?:\s*[|｜]\s*[^|｜\d\s]{1,8}){3,}|[|｜][^|｜\d]{1,8}[|｜])$"
)
# A page's breadcrumb (您的位置：首页 > …): what stood above it was the site's menu, not the title.
RE_BREADCRUMB = re.compile(
    r"^(?:当前位置|您的位置|您当前的位置|您的当前位置|您当前位置|您现在的位置|首\s*页\s*[>＞»])|"
    r"^[^>＞»\s]{1,12}(?:\s*(?:>>|[>＞»])\s*[^>＞»]{1,12}){1,}\s*(?:>>|[>＞»])?\s*$"
)
# A mark a page's list of fields puts before each ("• 时间:…", "· 来源:…").
RE_BULLET = re.compile(r"^[•·●▪]\s*")
# Where a web page's title ends and the site's name begins: "…通报——中国某某网", "…_某某网".
RE_SITE_SUFFIX = re.compile(r"\s*(?:——|—|_|\s-\s)\s*[^—_]{2,12}(?:网|报|资讯|客户端|门户|政府)$")
# A paper's masthead line in a news page: "《某某日报》(2026年2月25日6版)".
RE_PAPER_LINE = re.compile(
    r"^《(?P<paper>[^》]{2,12}(?:报|刊))》\s*[（(]\s*(\d{4})年(\d{1,2})月(\d{1,2})日[^）)]{0,8}[）)]$"
)
# Labelled fields of a web page's or a 信息公开 page's head: "来源：…  发布时间：2024-04-12",
# "2021-01-06 08:00:00 来源:中国·渭源 作者:政务服务中心", "发布机构：…", "信息名称：…".
_FIELD_LABELS = {
    "来源": "source", "來源": "source", "信息来源": "source", "信息來源": "source",
    "作者": "author", "发布机构": "issuer", "發布機構": "issuer", "发文机关": "issuer",
    "發文機關": "issuer", "发布单位": "issuer", "發布單位": "issuer",
    "信息名称": "title", "信息名稱": "title", "标题": "title", "標題": "title",
    "文章标题": "title", "文章標題": "title", "名称": "title", "名稱": "title",
    "上传时间": "date", "上傳時間": "date", "阅读次数": "", "閱讀次數": "", "责任部门": "",
    "发布时间": "date", "發布時間": "date", "发布日期": "date", "發布日期": "date",
    "时间": "date", "時間": "date", "日期": "date", "产生日期": "date", "產生日期": "date",
    "成文日期": "date", "发文日期": "date", "印发日期": "date", "发表时间": "date",
    "發表時間": "date", "发表日期": "date", "更新时间": "date", "更新時間": "date",
    "更新日期": "date",
    "索引号": "", "索引號": "", "主题分类": "", "主題分類": "", "体裁分类": "", "體裁分類": "",
    "组配分类": "", "組配分類": "", "文件编号": "", "文件編號": "", "发文字号": "",
    "發文字號": "", "责任编辑": "", "責任編輯": "", "编辑": "", "編輯": "", "字号": "",
    "字號": "", "浏览量": "", "浏览次数": "", "点击数": "", "阅读": "", "访问量": "",
    "有效性": "", "公开方式": "", "公開方式": "", "点击": "", "點擊": "", "点击量": "",
    "點擊量": "", "文号": "", "文號": "", "分类": "", "分類": "",
}  # fmt: skip
# A label may be spaced out to the width of the others ("索 引 号", "名 称").
_LABELS = "|".join(
    r"\s?".join(map(re.escape, label)) for label in sorted(_FIELD_LABELS, key=len, reverse=True)
)
RE_FIELD = re.compile(rf"({_LABELS})\s*[：:]\s*(?:[|｜]\s*)?")
RE_ISO_DATE = re.compile(
    r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
# What a 来源 says when it names no issuer: the site itself, or nobody.
# Where a field's value ends: a bracket, a bar, or the page's own buttons after it ("来源:解放日报
# 手机看新闻", "来源：某县政务服务中心 【打印】").
RE_VALUE_END = re.compile(
    r"[【\[|「]|\s{2,}|\s*(?=手机看新闻|分享到|打印本页|收藏本页|关闭窗口|扫一扫)"
)
_NO_SOURCE = ("本网", "本站", "不详", "原创", "网络", "转载", "未知", "通讯员", "投稿", "记者")


# A 信息公开 page's table of fields, flattened with no colon (and its spaces squeezed between Chinese
# words): "索引号K4589/2023-00838主题分类", "发布机构某县某某中心发布日期2023-05-05 16:51", "名称某县…".
_TABLE_LABELS = (
    "索引号", "索引號", "发布机构", "發布機構", "发文机关", "發文機關", "发布日期", "發布日期",
    "成文日期", "发文日期", "信息名称", "信息名稱", "名称", "名稱", "来源", "來源", "主题分类",
    "主題分類", "文号", "文號", "发文字号", "發文字號", "有效性", "分类", "分類",
)  # fmt: skip
RE_TABLE_LABEL = re.compile(
    "(" + "|".join(sorted(_TABLE_LABELS, key=len, reverse=True)) + r")(?!\s*[：:])"
)
RE_TABLE_FIRST_ROW = re.compile(r"^索引[号號](?!\s*[：:])")


def _with_colons(lines: list[Line]) -> list[Line]:
    """A 信息公开 page's table of fields flattened with no colon, as lines of labelled fields
    ("发布机构某中心发布日期2023-05-05" → "发布机构:某中心发布日期:2023-05-05"): the rows from
    one that opens with 索引号 and no colon, each opening with a label of the table; any other
    line as it is."""
    start = next(
        (
            index
            for index, line in enumerate(lines[: 2 * MASTHEAD_SCAN])
            if RE_TABLE_FIRST_ROW.match(strip_bold(line.text))
        ),
        None,
    )
    if start is None:
        return lines
    result = list(lines)
    for index in range(start, min(len(lines), start + 8)):
        text = strip_bold(lines[index].text)
        if not RE_TABLE_LABEL.match(text):
            break
        result[index] = Line(RE_TABLE_LABEL.sub(r"\1:", text), lines[index].number)
    return result


def _names_a_field(line: str) -> bool:
    """Whether a line the page's chrome opens ("浏览次数: 信息来源:…  发布时间:…", a hit counter
    left empty) goes on to a field the head reads: a line of fields, not chrome."""
    return any(_FIELD_LABELS[re.sub(r"\s", "", m.group(1))] for m in RE_FIELD.finditer(line))


def _read_labelled_line(line: str, index: int, head: Head, found: dict[str, int]) -> bool:
    """A line of labelled fields (来源、作者、发布时间 …): take what it says; False if it is
    none."""
    fields = list(RE_FIELD.finditer(line))
    if not fields:
        return False
    leading = line[: fields[0].start()].strip()
    lead_date = RE_ISO_DATE.fullmatch(leading) if leading else None
    if leading and not lead_date:
        return False
    values: dict[str, str] = {}
    for index, field_match in enumerate(fields):
        end = fields[index + 1].start() if index + 1 < len(fields) else len(line)
        kind = _FIELD_LABELS[re.sub(r"\s", "", field_match.group(1))]
        value = line[field_match.end() : end].strip()
        if kind and kind not in values:
            values[kind] = RE_VALUE_END.split(value)[0].strip()
    date_text = values.get("date") or (lead_date.group(0) if lead_date else "")
    for kind in ("source", "issuer"):
        # "来源:岳阳县政务服务中心 2023-07-03 10:01": the date after the issuer.
        named = values.get(kind, "")
        if named and (tail := RE_ISO_DATE.search(named)):
            values[kind] = named[: tail.start()].strip()
            date_text = date_text or tail.group(0)
    if date_text and "date" not in found and (date := RE_ISO_DATE.match(date_text)):
        year, month, day = (int(g) for g in date.groups())
        head.issue_date = make_date(year, month, day, head.warnings)
        found["date"] = index
    issuer = _issuer_of(values)
    if issuer and "issuer" not in found:
        head.issuer = issuer
        found["issuer"] = index
    if (title := values.get("title")) and "number" not in found:
        head.title = title
        found["title"] = found.get("title", index)
    return True


def _issuer_of(values: dict[str, str]) -> str | None:
    """Who issued it: the 发布机构, else a 来源 or an 作者 that names an organisation, else a
    来源 that names a publisher (not the site itself, not a place)."""
    if values.get("issuer"):
        return values["issuer"]
    source, author = values.get("source", ""), values.get("author", "")
    for candidate in (source, author):
        if candidate and _looks_like_org(candidate):
            return candidate
    if (
        source
        and not source.startswith(_NO_SOURCE)
        and "·" not in source
        and not RE_NOT_A_NAME.search(source)
    ):
        return source
    return None


# A 来源 no publisher writes: a word in Latin letters or an underscore ("…投注_365bet…", "…网址app"),
# what a hijacked page's template fills in; a publisher's name is in Chinese (a pinyin gloss is in
# brackets: "市政務(wù)辦").
RE_NOT_A_NAME = re.compile(r"(?<![(（A-Za-z])[A-Za-z]{3,}|_")


RE_ATTACHMENT = re.compile(r"^附件\s*\d{0,2}\s*[：:]?$")


def _attachment_start(lines: list[Line]) -> int | None:
    """Where an attachment (附件) printed after the 落款 begins: a line "附件" or "附件1" alone,
    in the last lines, with a table after it; else None."""
    for index in range(max(1, len(lines) - 3 * SIGNATURE_SCAN), len(lines)):
        if RE_ATTACHMENT.match(strip_bold(lines[index].text)) and any(
            "|" in line.text for line in lines[index + 1 :]
        ):
            return index
    return None


def read_signature(lines: list[Line], head: Head) -> list[Line]:
    """A 落款 at the end of the body — the issuer, then the date, on lines of their own, before
    any 版记 — gives the issue date and issuer the masthead lacked; returns the body without it.
    """
    end = len(lines)
    # The 版记 comes after it, from its first 报/送/发 line to the end, with the lines a PDF
    # wrapped ("…省中心各处" / "（室）、直属单位。"); page numbers anywhere.
    for index in range(max(1, len(lines) - SIGNATURE_SCAN), len(lines)):
        if marker_kind(strip_bold(lines[index].text)) in ("dist", "copies"):
            end = index
            break
    while end and RE_PAGE_NUMBER.match(lines[end - 1].text):
        end -= 1
    attachment = _attachment_start(lines[:end])
    if attachment is not None:
        # "2022年5月18日" / "附件" / a table: the 落款 stands before the paper's attachment
        body = read_signature(lines[:attachment], head)
        return body + lines[attachment:end] + lines[end:]
    if not end:
        return lines
    match = RE_TRAILING_DATE.match(strip_bold(lines[end - 1].text))
    if not match or (match.group(1).strip() and not _looks_like_org(match.group(1).strip())):
        return lines
    date = _masthead_date(match, head)
    if date is None:
        return lines
    first = end - 1
    issuer = match.group(1).strip()
    if not issuer and first and _looks_like_org(strip_bold(lines[first - 1].text)):
        first -= 1
        issuer = strip_bold(lines[first].text)
    if head.issue_date is None:
        head.issue_date = date
        if head.year is None or head.number is None:
            head.year = date.year  # the year of an unnumbered report is that of its date
    if head.issuer is None and issuer:
        head.issuer = issuer
    return lines[:first] + lines[end:]


# The headline printed again stands at the top of the body, above its first paragraph.
TITLE_REPEAT_SCAN = 4
# A reprint's note of the title it first ran under ("原标题：…").
RE_ORIGINAL_TITLE = re.compile(r"^\s*(?:原标题|原題|原題目|原标题为)\s*[：:]\s*")


def without_title_repeats(lines: list[Line], head: Head) -> list[Line]:
    """The body without the lines that print the title again — a page's headline under its
    menu, a reprint's "原标题：…" line: the title's words are no sentence of the body, so its
    figures are no facts and it runs into no paragraph."""
    if not head.title:
        return lines
    title = re.sub(r"\s+", "", head.title)
    return [
        line
        for index, line in enumerate(lines)
        if index >= TITLE_REPEAT_SCAN
        or re.sub(r"\s+", "", RE_ORIGINAL_TITLE.sub("", strip_bold(line.text))) != title
    ]


def _take_issue(match: re.Match[str], head: Head) -> None:
    year, bracketed_year, number, serial, serial_only = match.groups()
    year = year or bracketed_year
    head.year = int(year) if year else None
    head.number = _issue_number(number) if number else None
    head.serial = int(serial or serial_only) if (serial or serial_only) else None


def _masthead_date(match: re.Match[str], head: Head) -> dt.date | None:
    _, year, month, day, chinese = match.groups()
    if chinese:
        year, month, day = chinese_date_parts(chinese)
    return make_date(int(year), int(month), int(day), head.warnings)


def _looks_like_org(text: str) -> bool:
    """An issuer line (发文机关): a name ending in 中心/局/厅/委/办公室 …"""
    return bool(RE_ORG.match(text)) and not RE_NOT_ORG.search(text)


# What the title of an official paper ends with: "…办公室关于…运行情况的通报" may run long.
RE_DOCUMENT_KIND = re.compile(r"(?:通报|报告|通知|简报|周报|月报|公告|情况|分析|意见|决定)$")


def _looks_like_title(text: str) -> bool:
    """A title line: short (or naming its kind of paper), some words, and without sentence
    punctuation."""
    return (
        (len(text) <= 40 or (len(text) <= 90 and bool(RE_DOCUMENT_KIND.search(text))))
        and len(re.findall(r"[\u4e00-\u9fff]", text)) >= 4
        and not any(c in text for c in "，,。；;！？!?：:")
    )


RE_TITLE_ISSUER = re.compile(r"^(?P<issuer>[^，,。；;：:]{4,40}?)关于")


def _issuer_in_title(head: Head) -> None:
    """ "永昌县…领导小组办公室关于…的通报": the title names who issues it, before 关于."""
    match = RE_TITLE_ISSUER.match(head.title or "")
    if head.issuer is None and match and _looks_like_org(match.group("issuer")):
        head.issuer = match.group("issuer")


def _finish_masthead(head: Head, found: dict[str, int], lines: list[Line]) -> None:
    if head.title:
        head.title = RE_SITE_SUFFIX.sub("", head.title) or head.title  # "…——某某网"
    _issuer_in_title(head)
    if head.year is None and head.issue_date:
        head.year = head.issue_date.year
    if "period" in found:
        _take_period(arabic_dates(strip_bold(lines[found["period"]].text)), head)
    elif head.title:
        _take_title_period(head.title, head)
    if head.year is None and head.period_end:
        head.year = head.period_end.year


def _take_period(line: str, head: Head) -> None:
    """（1月22日—1月26日）: years inferred from the issue date (跨年按出刊日期推断)."""
    if match := RE_PERIOD_MONTHS.match(line):
        year, first, last = (int(g) for g in match.groups())
        head.period_start = make_date(year, first, 1, head.warnings)
        end = make_date(year, last, 1, head.warnings)
        if head.period_start and end and first <= last:
            head.period_end = month_end(end)
        return
    if match := RE_PERIOD_MONTH.match(line):
        year, month = int(match.group(1)), int(match.group(2))
        head.period_start = make_date(year, month, 1, head.warnings)
        if head.period_start:
            head.period_end = month_end(head.period_start)
        return
    match = RE_PERIOD.match(line)
    if not match:
        return
    year1, month1, day1, year2, month2, day2 = match.groups()
    month1_n = int(month1)
    month2_n = int(month2) if month2 else month1_n
    start_year = int(year1) if year1 else _infer_year(month1_n, head)
    if year2:
        end_year: int | None = int(year2)
    elif not month2 or (year1 and start_year is not None):
        # "2016年3月4日—3月10日": the end in the start's year (or the next, across new year)
        end_year = (
            start_year + (1 if start_year and month2_n < month1_n else 0) if start_year else None
        )
    else:
        end_year = _infer_year(month2_n, head)
    if end_year is None or start_year is None:
        head.warnings.append(f"无法确定起止日期的年份：{line}")
        return
    if year1 is None and year2 is None and month2_n < month1_n:
        start_year = end_year - 1  # 12月29日—1月2日 spans the new year
    head.period_start = make_date(start_year, month1_n, int(day1), head.warnings)
    head.period_end = make_date(end_year, month2_n, int(day2), head.warnings)


RE_NOT_REPORT_TITLE = re.compile(r"召开|举行|举办|会议|座谈|调研|视察")


# A part of a year a title names without its year: "关于第三季度…的通报", "上半年工作总结".
RE_YEARLESS_PART = re.compile(r"(?<![\d年])(?:第)?([一二三四1-4])季度|(?<![\d年])([上下])半年")


# A title summing up a year's work ("某局2021年工作总结及2022年工作思路", "2020年及“十三五”时期
# 工作总结", "关于2022年度工作情况的报告"): the year before 工作, with no month or quarter.
RE_TITLE_WORK_YEAR = re.compile(
    r"(?<!\d)(\d{4})\s*年度?(?:及[^，,。；;\d]{0,12}?)?(?:的)?工作(?:总结|情况|报告)"
)


def _take_title_period(title: str, head: Head) -> None:
    """A period named only in the title: "关于2023年12月…的通报", "2024年一季度…数据发布";
    a quarter or half without its year is of the year it ended in before the issue date."""
    match = RE_MONTHS.search(title)
    if not match and (part := RE_YEARLESS_PART.search(title)) and head.issue_date:
        last = (
            3 * (parse_chinese_number(part.group(1)) or int(part.group(1))) if part.group(1) else 6
        )
        last = 12 if part.group(2) == "下" else last
        year = _infer_year(last, head)
        match = RE_MONTHS.search(f"{year}年{part.group(0)}") if year else None
    if not match and (summed := RE_TITLE_WORK_YEAR.search(title)):
        # "…2021年工作总结及2022年工作思路": the year whose work is summed up, whole
        head.period_start, head.period_end = _whole_year(int(summed.group(1)))
        head.year = head.year or int(summed.group(1))
        return
    if not match or RE_NOT_REPORT_TITLE.search(title):
        return
    period = months_period(match)
    if period:
        head.period_start, head.period_end = period
        if head.year is None:
            head.year = head.issue_date.year if head.issue_date else period[0].year


def _infer_year(month: int, head: Head) -> int | None:
    """The period lies in the issue's year, or the year before if its month is later."""
    if head.issue_date:
        year = head.issue_date.year
        return year - 1 if month > head.issue_date.month else year
    return head.year


def say_what_is_unsure(head: Head, first_lines: list[Line]) -> None:
    """An import never mis-reads silently: what a numbered issue lacks, or an issue number
    seen in the masthead but not read, is said in the warnings."""
    if head.number is None:
        seen = next((line.text for line in first_lines if RE_SEEN_NUMBER.search(line.text)), None)
        if seen:
            head.warnings.append(f"报头“{seen[:40]}”中有期号字样，但未能识别期号：按无期号文档保存")
        return
    missing = [
        name
        for name, value in (
            ("标题", head.title),
            ("发文单位", head.issuer),
            ("印发日期", head.issue_date),
            ("统计时段", head.period_start),
        )
        if value is None
    ]
    if missing:
        head.warnings.append(f"第{head.number}期未识别出{'、'.join(missing)}，请核对报头")


# ---------------------------------------------------------------- the period in the body

BODY_PERIOD_LINES = 4  # body paragraphs looked at for the period the head does not state
BODY_PERIOD_CHARS = 160  # of each, the first characters
DATELINE_SCAN = 3  # body paragraphs looked at for a news item's dateline
_D = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日?"
# Where a time phrase may open a clause: a line's start, punctuation, "本报…讯", "获悉".
_OPEN = r"(?:^|(?<=[，,。；;：:\s（(◆●■▲★])|(?<=讯)|(?<=获悉)|(?<=统计))"
# A news item's dateline naming its paper or site: "某州日报/某州网某州讯(通讯员…)", "某市晚报讯",
# "某某新闻网讯(记者…)", "某州新闻网3月2日讯"; not 本报讯 or 本网讯, which name none.
RE_DATELINE = re.compile(
    r"^\s*(?!本报|本网)(?P<paper>[\u4e00-\u9fff]{2,8}?(?:日报|晚报|时报|报|网))"
    r"(?:\s*/\s*[^讯，,。]{1,12})?(?:\d{1,2}月\d{1,2}日)?讯"
    # a wire's: "某某社某地2月25日电" — the agency ran it
    r"|^\s*(?P<agency>[\u4e00-\u9fff]{2,4}[社網网])[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日[電电]"
)
RE_LEADING_DATE = re.compile(r"^\s*(\d{4})年\d{1,2}月\d{1,2}日[，,]")
RE_BRACKET_HEADING = re.compile(r"^【[^】]{1,16}】$")
_CLOCK = r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"  # "6月28日12:00至7月12日12:00"
RE_BODY_RANGE = re.compile(
    rf"{_OPEN}(?:(?P<week_year>\d{{4}})年第\d{{1,2}}周)?[（(]?{_D}{_CLOCK}\s*[{DASH}至到]+\s*"
    r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日"
)
RE_BODY_MONTHS = re.compile(_OPEN + RE_MONTHS.pattern)
# "现将各乡镇…4月份案件办理情况通报如下": the month a notice's opening says it reports.
RE_NOTICE_MONTH = re.compile(
    rf"现将[^。；;]{{0,40}}?(?<![\d年{DASH}至到])()(\d{{1,2}})月份?(?!\d|日)[^。；;]{{0,24}}?"
    r"(?:情况|工作)[^。；;]{0,6}?(?:通报|报告|汇报)如下"
)
RE_BODY_SINCE = re.compile(rf"{_OPEN}(?:自|从)?(\d{{4}})年(?:初)?以来")
# A day something began, counted "up to now" on a dated page ("自去年7月20日…推出以来，截至目前",
# "于2020年7月20日零时起…开通，目前…"): the period runs from that day to the page's date.
RE_BODY_SINCE_DAY = re.compile(
    r"(?:自|从|于)(?:(\d{4})年|(今年|去年))?(\d{1,2})月(\d{1,2})日[^。；;]{0,40}?(?:以来|起)"
)
# A count the sentence goes on to ("…以来,已累计办件100万件", "…以来,共受理…").
RE_SINCE_COUNT = re.compile(r"[^。；;]{0,40}?(?:累计|共)")
RE_UP_TO_NOW = re.compile(r"截[至止](?:目前|发稿|今)|(?<!截至)(?<!截止)目前|至今")
# A year a sentence of the body's first paragraphs opens with ("2023年，中心…", "（记者 某某）
# 2023年，…", "某某网讯 2021年，…", "现将2023年工作总结如下"), when no earlier paragraph states a
# period: the year the report covers, whole.
RE_BODY_YEAR = re.compile(
    r"(?:^|(?<=[，,。；;：:\s）)])|(?<=现将)|(?<=讯))(\d{4})\s*年度?"
    r"(?:[，,]|(?:全年)?工作(?:总结|情况|报告))"
)
# A whole year the counts cover: "现将2020全年…数据通报如下", and on a dated page "该中心去年共受理…"
# (not 比去年 / 较去年 / 去年同期, a comparison).
RE_BODY_WHOLE_YEAR = re.compile(
    r"(?<!\d)(\d{4})\s*年?度?全年|(?<![较比与同自从至到])去年(?=全年|一年|共|累计|全市|全县|全区)"
)
RE_BODY_MONTH = re.compile(
    rf"{_OPEN}(?:(\d{{1,2}})\s*[{DASH}至到]\s*)?(\d{{1,2}})月份?(?=[，,]|\s|[^\d日号]*?(?:共|全|累计|我))"
)


# The part of a year whose figures (数据, 结果) a meeting or a release announces ("会议通报了2025年
# 8月份中心运行的各类数据", "召开一季度服务重大项目许可结果新闻发布会"): what the report covers.
# A work meeting that reviews a half's work (通报了上半年…工作情况) states no period of figures.
RE_ANNOUNCED_PERIOD = re.compile(
    r"(?:通报|发布|公布|召开)了?[^。；;，,]{0,16}?(?:(?P<year>\d{4})\s*年)?"
    r"(?:(?P<month>\d{1,2})\s*月份?(?![\d日号])|第?(?P<quarter>[一二三四1-4])季度|(?P<half>[上下])半年)"
    r"[^。；;]{0,30}?(?:数据|结果|发布会|点评会|分析会)"
)


# The part of a year an assessment covers ("对2023年度各市州量化考核结果进行通报", "对各窗口7月份的
# 政务服务各项指标进行考评"): the figures the report gives are of it.
RE_ASSESSED_PERIOD = re.compile(
    r"对(?:[^。；;]{0,30}?(?:(?P<year>\d{4})\s*年度?)?"
    r"(?:(?P<month>\d{1,2})\s*月份?(?![\d日号])|第?(?P<quarter>[一二三四1-4])季度|(?P<half>[上下])半年)"
    r"|[^。；;\d]{0,30}?(?P<whole>\d{4})\s*年度)"
    r"[^。；;]{0,30}?(?:考核|考评|测评)"
)


# What a year opening a sentence dates when it is no period of counts: an office set up or
# renamed ("2014年,某市率先启动…组建工作"), or a plan ("2025年,某某团将围绕…") — a profile's or a
# news item's history and outlook. Traditional forms too (組建, 掛牌, 設立, 啟動).
RE_DATED_EVENT = re.compile(
    r"[^。；;]{0,40}?(?:成立|[组組]建|[挂掛]牌|更名|[设設]立|揭牌|[启啟]动(?=[^。；;]{0,20}?(?:[组組]建|工作))"
    r"|[，,]?[\u4e00-\u9fff]{2,12}[将將](?![^。；;]{0,2}(?:近|超|达|達)))"
)
# A count a sentence gives: a number with the unit of what was done or counted.
RE_COUNT = re.compile(
    r"\d[\d.,，]*\s*(?:万|萬|亿|億)?\s*(?:件|人次|个|個|项|項|次|%|％|通|条|條|户|戶|元|家|台|笔|筆)"
)


def _dates_no_counts(kind: str, match: re.Match[str], text: str) -> bool:
    """Whether a year or a month the body opens a sentence with dates no period of counts: the
    sentence counts nothing, and the month is one month ("2018年4月组建…", "2019年2月…正式挂牌成立",
    "2018年9月,根据…要求,…进行再梳理": a profile's history), or the year dates an office's founding
    or a plan ("2025年,某团将围绕…")."""
    sentence = re.split(r"[。；;]", text[match.end() :], maxsplit=1)[0]
    if RE_COUNT.search(sentence) or not re.search(r"[，,。]", text):
        return False  # a count, or a caption or heading ("图1 2017年11月全国举报来源情况")
    if kind == "months":
        return bool(match.group(4)) and not match.group(2)  # one month, not 1-6月 nor a quarter
    return kind == "year" and RE_DATED_EVENT.match(text, match.end()) is not None


def _whole_year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _take_announced_period(match: re.Match[str], head: Head) -> bool:
    """A month, quarter or half a meeting or release announces the figures of (or a whole year
    an assessment covers); a year it does not state is that of the issue date (the year before,
    for a part not yet over then)."""
    if whole := match.groupdict().get("whole"):
        head.period_start, head.period_end = _whole_year(int(whole))
        return True
    if match.group("month"):
        first = last = int(match.group("month"))
    elif match.group("quarter"):
        text = match.group("quarter")
        quarter = int(text) if text.isdigit() else (parse_chinese_number(text) or 0)
        first, last = quarter * 3 - 2, quarter * 3
    else:
        first, last = (1, 6) if match.group("half") == "上" else (7, 12)
    if not 1 <= first <= last <= 12:
        return False
    year = int(match.group("year")) if match.group("year") else _infer_year(last, head)
    if year is None:
        return False
    head.period_start = dt.date(year, first, 1)
    head.period_end = month_end(dt.date(year, last, 1))
    return True


def _of_one_year(head: Head) -> bool:
    """Whether the period read is of one year: a closed one, or one open since a year's start
    ("2024年以来"); a count since a day ("自2021年10月10日上线以来") is of no one year."""
    start = head.period_start
    return head.period_end is not None or (start is not None and (start.month, start.day) == (1, 1))


def settle_year(head: Head) -> None:
    """The year of a report with no 期号 is the year it covers (a 2020 summary published in
    January 2021 is of 2020), else that of its date; a numbered issue's is its 期号's."""
    if head.number is None and head.period_start and _of_one_year(head):
        head.year = (head.period_end or head.period_start).year
    elif head.year is None and head.issue_date:
        head.year = head.issue_date.year


# A notice's opening names who writes it as the subject of how it worked, before it says what it
# reports ("市某某中心依据…有关要求，…，现将…通报如下", "今年以来，区某某局坚持…。现将2023年工作总结
# 如下"): the subject, after a time phrase, right before a word of method or conduct (依据, 按照,
# 坚持 …), not one that counts (12345热线服务中心共受理…).
RE_NOTICE_SUBJECT = re.compile(
    r"^\s*(?:(?:今年以来|近年来|近期|\d{4}\s*年(?:以来|度|上半年|下半年)?)[，,]?)?"
    r"(?P<org>[\u4e00-\u9fff][\u4e00-\u9fff\d（）()]{2,30}?)"
    r"(?=依据|依照|按照|根据|坚持|认真|紧扣|紧紧|围绕|聚焦|全面|深入|持续|积极|结合|严格|始终|着力)"
)
RE_NOTICE_OPENING = re.compile(r"现将[^。]{0,80}?如下")


def _notice_subject(paragraphs: list[str]) -> str | None:
    """Who writes a notice, named as the subject of its opening paragraph (the one that says
    "现将…如下"); else None."""
    for text in paragraphs[:DATELINE_SCAN]:
        if RE_NOTICE_OPENING.search(text):
            match = RE_NOTICE_SUBJECT.match(strip_bold(text))
            if match and _looks_like_org(match.group("org")):
                return match.group("org")
            return None
    return None


# A work summary opens with the time it covers, then who worked, then how ("2024年以来,区某某办紧紧
# 围绕…", "2023年,在市委、市政府的坚强领导下,市某某局以…为指引", "近年来,某区某某办以…为目标"):
# that subject writes it. A count's subject ("12345热线共受理…") and an item about someone ("自2024
# 年起,某局全面推行…") are not matched: the time is one a summary opens with, the word after the
# subject one of how it set about its work.
RE_SUMMARY_SUBJECT = re.compile(
    r"^\s*(?:近年来|今年以来|\d{4}\s*年(?:以来|度)?)[，,]"
    r"(?:在[^，,。；;]{2,30}?(?:领导|指导|关心|支持)下[，,])?"
    r"(?P<org>[\u4e00-\u9fff][\u4e00-\u9fff\d（）()]{2,30}?)"
    r"(?=以[^，,。；;]{1,40}?(?:为|统领|引领)|紧紧围绕|紧扣|坚持|聚焦|始终|认真贯彻|深入贯彻)"
)


RE_THIRD_PERSON = re.compile(r"该(?:中心|局|办|委|厅|服务中心|分中心)")


def _summary_subject(paragraphs: list[str]) -> str | None:
    """Who writes a work summary, named as the subject of its first sentence; else None — also
    where the text calls it 该中心 / 该局 later: a reporter's item about it, not its own."""
    if not paragraphs or any(RE_THIRD_PERSON.search(text) for text in paragraphs):
        return None
    match = RE_SUMMARY_SUBJECT.match(strip_bold(paragraphs[0]))
    return match.group("org") if match and _looks_like_org(match.group("org")) else None


# The period a count opens with, then who counted, then the count ("10月份,某市某某局某某指挥中心
# 共受理…", "6月3日至6月9日,某某服务中心走访排查、受理…"): an organisation by its own name, not
# "我市12345热线办" (a pronoun's) nor a hotline's.
RE_COUNTING_SUBJECT = re.compile(
    rf"^\s*(?:\d{{4}}\s*年)?\d{{1,2}}\s*月份?(?:\d{{1,2}}日?\s*[{DASH}至到]+\s*(?:\d{{1,2}}月)?\d{{1,2}}日)?[，,]"
    r"(?P<org>(?![我本全各])[\u4e00-\u9fff][\u4e00-\u9fff\d（）()]{2,30}?)"
    r"(?=共|累计|受理|接收|办理|走访)"
)


def _opens_with_heading(paragraphs: list[str]) -> bool:
    """Whether the text opens with its first section's heading ("一、基本情况"), a paragraph
    under it."""
    return (
        len(paragraphs) > 1
        and marker_kind(strip_bold(paragraphs[0])) == "top"
        and len(paragraphs[0].strip()) <= 20
    )


def _counting_subject(text: str) -> str | None:
    """Who counted, named after the period a report's opening count gives; else None."""
    match = RE_COUNTING_SUBJECT.match(strip_bold(text))
    return match.group("org") if match and _looks_like_org(match.group("org")) else None


def read_body_period(paragraphs: list[str], head: Head) -> None:
    """The period the body's first sentences state, when the head states none: "2024年第28周
    （7月8日—7月14日），…", "2025年5月，…", "本报12月6日讯 11月27日-12月4日，…",
    "2023年以来，…", "3月份，…" (its year that of the issue date)."""
    dateline = next(
        (match for text in paragraphs[:DATELINE_SCAN] if (match := RE_DATELINE.match(text))), None
    )
    if head.issuer is None and dateline:
        # "滨州日报/滨州网滨州讯", "某某社某地2月25日电": the paper or the wire that ran it — in
        # the news item's first paragraph, under a headline or a date the masthead did not take
        head.issuer = dateline.group("paper") or dateline.group("agency")
    if head.issuer is None:
        head.issuer = _notice_subject(paragraphs) or _summary_subject(paragraphs)
    if head.issuer is None and head.title is None and _opens_with_heading(paragraphs):
        # a report with no head at all, opening with its first section ("一、基本情况"): the
        # paragraph under that heading is its opening, and its subject wrote it
        head.issuer = _summary_subject(paragraphs[1:]) or _counting_subject(paragraphs[1])
    if head.year is None and paragraphs and (dated := RE_LEADING_DATE.match(paragraphs[0])):
        head.year = int(dated.group(1))  # "2025年9月29日，市政务服务中心召开…": a news item's year
    if head.period_start is not None:
        return
    if paragraphs and (year := _summary_year(strip_bold(paragraphs[0]))):
        head.period_start, head.period_end = _whole_year(year)
        head.year = head.year or year
        return
    sole = _sole_year(paragraphs) if head.year is None and head.issue_date is None else None
    if sole:
        head.year = sole  # an undated page naming one year: a month without its year is of it
    _read_body_period(paragraphs, head)
    _take_title_month(head)
    if sole and not (head.period_start and _of_one_year(head)):
        head.year = None  # no period read: the year named was a hint, not the report's year
    elif head.year is None and head.period_start and _of_one_year(head):
        head.year = head.period_start.year


# A year's work summary opens with the year, its subject right after it ("2020年某市某某局围绕…",
# "2019年是某局的开局之年,…"), and says it sums up ("现将…总结如下"): the year is the period, whole.
RE_SUMMARY_YEAR = re.compile(
    r"^\s*(\d{4})\s*年(?=[\u4e00-\u9fff])(?!度?[上下]半年|以来|初|底|末|第|前|[一二三四]季度)"
)
RE_SUMS_UP = re.compile(r"现将[^。；;]{0,40}?总结如下")
RE_PART_OF_YEAR = re.compile(r"半年|季度|月|周")


def _summary_year(text: str) -> int | None:
    """The year a work summary's opening paragraph opens with, when it says it sums up (and
    names no part of a year there); else None."""
    match = RE_SUMMARY_YEAR.match(text)
    sums_up = RE_SUMS_UP.search(text)
    if not match or not sums_up or RE_PART_OF_YEAR.search(sums_up.group(0)):
        return None  # "现将2023年上半年的…总结如下": the part it names is read as any period is
    return int(match.group(1))


def _sole_year(paragraphs: list[str]) -> int | None:
    """The one year a text names ("2022年第四次学习", "统计时间为2021年12月8日"), when it names
    one and no other; else None."""
    years = {int(y) for text in paragraphs for y in re.findall(r"(?<!\d)(\d{4})\s*年", text)}
    return years.pop() if len(years) == 1 else None


# A month named in a title without its year: "12345政府服务热线二月情况通报", "7月份…通报".
RE_TITLE_MONTH = re.compile(
    rf"(?<![\d年{CN_NUMERALS}{DASH}至到])(?:(\d{{1,2}})\s*[{DASH}至到]\s*)?"
    rf"([{CN_NUMERALS}]{{1,2}}|\d{{1,2}})月份?(?!\d{{1,2}}(?!\d)|[{CN_NUMERALS}日号])"
)


def _take_title_month(head: Head) -> None:
    """A title's month is the period (the title wins over the body: "二月情况通报" whose body
    says 3月 reports February), in the year the body or the issue date gives."""
    title = head.title or ""
    match = RE_TITLE_MONTH.search(title)
    if not match or re.search(r"\d{4}\s*年", title) or RE_NOT_REPORT_TITLE.search(title):
        return
    text = match.group(2)
    month = int(text) if text.isdigit() else (parse_chinese_number(text) or 0)
    first = int(match.group(1)) if match.group(1) else month
    if not 1 <= first <= month <= 12:
        return
    year = head.period_start.year if head.period_start else _infer_year(month, head)
    if year is None:
        return
    head.period_start = dt.date(year, first, 1)
    head.period_end = month_end(dt.date(year, month, 1))


def _read_body_period(paragraphs: list[str], head: Head) -> None:
    texts = [
        strip_bold(text)[:BODY_PERIOD_CHARS]
        for text in paragraphs[: BODY_PERIOD_LINES * 2]
        if (marker_kind(strip_bold(text)) not in ("top", "second") or len(text) > 30)
        and not RE_BRACKET_HEADING.match(text.strip())  # 【热线综述】: a column's name
    ][:BODY_PERIOD_LINES]
    for number, text in enumerate(texts):
        text = arabic_dates(text)
        found = [
            (m.start(), kind, m)
            for kind, pattern in (
                ("range", RE_BODY_RANGE),
                ("months", RE_BODY_MONTHS),
                ("since", RE_BODY_SINCE),
                ("since_day", RE_BODY_SINCE_DAY),
                ("month", RE_BODY_MONTH),
                ("notice", RE_NOTICE_MONTH),
                ("announced", RE_ANNOUNCED_PERIOD),
                ("announced", RE_ASSESSED_PERIOD),
                ("year", RE_BODY_YEAR),
                ("whole_year", RE_BODY_WHOLE_YEAR),
            )
            if (m := pattern.search(text)) and (kind != "month" or number == 0)
        ]
        for _, kind, match in sorted(found, key=lambda f: f[0]):
            if _dates_no_counts(kind, match, text):
                continue  # "2018年4月组建…", "2025年,某团将…": history or outlook
            if _take_body_period(kind, match, head):
                return


def _take_body_period(kind: str, match: re.Match[str], head: Head) -> bool:
    if kind == "announced":
        return _take_announced_period(match, head)
    if kind == "months":
        period = months_period(match)
        if period:
            head.period_start, head.period_end = period
        return period is not None
    if kind == "since":
        year = int(match.group(1))
        head.period_start = dt.date(year, 1, 1)
        if head.issue_date and head.issue_date.year > year:
            head.period_end = dt.date(year, 12, 31)  # "2020年以来" written in 2021: all 2020
        return True
    if kind == "since_day":
        return _take_since_day(match, head)
    if kind == "whole_year":
        if match.group(1):
            year = int(match.group(1))
        elif head.issue_date:
            year = head.issue_date.year - 1  # 去年 on a page dated the year after
        else:
            return False
        head.period_start, head.period_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return True
    if kind == "year":
        year = int(match.group(1))
        head.period_start, head.period_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return True
    if kind in ("month", "notice"):
        month = int(match.group(2))
        first = int(match.group(1)) if match.group(1) else month
        inferred = _infer_year(month, head)
        if inferred is None or not 1 <= first <= month <= 12:
            return False
        head.period_start = dt.date(inferred, first, 1)
        head.period_end = month_end(dt.date(inferred, month, 1))
        return True
    week_year, year1, month1, day1, year2, month2, day2 = match.groups()
    first_month = int(month1)
    last_month = int(month2) if month2 else first_month
    start_year = int(year1 or week_year or 0) or _infer_year(first_month, head)
    if start_year is None:
        return False
    end_year = int(year2) if year2 else start_year + (1 if last_month < first_month else 0)
    start = make_date(start_year, first_month, int(day1), head.warnings)
    end = make_date(end_year, last_month, int(day2), head.warnings)
    if not start or not end or end < start or (end - start).days > 366:
        return False
    head.period_start, head.period_end = start, end
    return True


def _take_since_day(match: re.Match[str], head: Head) -> bool:
    """From the day a count began to the page's date, when the sentence counts up to now; its
    year stated, or 今年 / 去年 of the page's date."""
    year_text, relative, month, day = match.groups()
    if head.issue_date is None and year_text and RE_SINCE_COUNT.match(match.string, match.end()):
        # "自2021年10月10日正式上线以来,热线累计受理…" on an undated page: since that day, to a
        # day the page does not say
        head.period_start = make_date(int(year_text), int(month), int(day), head.warnings)
        return head.period_start is not None
    if head.issue_date is None or not RE_UP_TO_NOW.search(match.string, match.end()):
        return False
    year = int(year_text) if year_text else head.issue_date.year
    if relative == "去年":
        year -= 1
    elif not year_text and not relative:
        year = _infer_year(int(month), head) or year
    start = make_date(year, int(month), int(day), head.warnings)
    if start is None or start > head.issue_date:
        return False
    head.period_start, head.period_end = start, head.issue_date
    return True

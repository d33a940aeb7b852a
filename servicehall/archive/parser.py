"""Parser of past report text (往期报告解析) into the shared document model.

The input is text as it comes out of a PDF, a .docx or a .txt: lines broken mid-sentence,
blank lines anywhere (2023-9 has one between every wrapped line), page numbers (``—3—``),
stray spaces (``2023年第 9期``). The parser works in four steps:

1. lines: characters cleaned, stray spaces dropped (rule in ``text.py``), page numbers dropped;
2. masthead (报头): the leading lines holding issue number, title, period, issuer and date,
   in either order (2024-4 prints the title first, 2023-9 the issuer and date first);
3. paragraphs: wrapped lines joined back. A line starts a new paragraph when it begins with a
   number marker (一、 / （一） / 1. / （1））, a 版记 line (报：/送：/发：/（共印…）), or when
   the paragraph before it ended a sentence (。！？；…). Blank lines carry no meaning, since
   2023-9 puts them inside paragraphs; so a paragraph whose last line does not end a sentence
   swallows the next line. A heading alone on its line (一、政务工作动态) is never joined.
4. sections: 一、 → LEVEL_TOP, （一） → LEVEL_SECOND; a heading run into its first sentence
   ("（一）按时到岗情况。总体情况良好。") is split, with ``run_in``. Numbered items (1. / （1）)
   stay paragraphs with their printed number, unless a short item stands alone on its line as a
   heading (LEVEL_THIRD). Text before any heading is the document's ``preamble``.

Text where each paragraph is one line and each heading its own line (what the text renderer
writes) parses to the same document. The parser never raises: what it cannot read is left
empty and said in ``Document.warnings``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from servicehall.core.text import (
    clean_characters,
    count_garbage,
    display_width,
    join_lines,
    squeeze_spaces,
)
from servicehall.gbt9704.document import (
    LEVEL_SECOND,
    LEVEL_THIRD,
    LEVEL_TOP,
    Document,
    Paragraph,
    Run,
    Section,
)

__all__ = ["paragraph_runs", "parse_report"]

CN_NUMERALS = "一二三四五六七八九十百〇零"
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}

RE_TOP = re.compile(rf"^([{CN_NUMERALS}]{{1,4}})、\s*(.*)$", re.S)
RE_SECOND = re.compile(rf"^[（(]\s*([{CN_NUMERALS}]{{1,4}})\s*[）)]\s*(.*)$", re.S)
RE_ITEM = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$", re.S)
RE_SUBITEM = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$", re.S)
RE_DISTRIBUTION = re.compile(r"^(抄报|抄送|报送|报|送|发|分送)\s*[：:]\s*(.*)$", re.S)
RE_COPIES = re.compile(r"[（(]\s*共\s*印\s*(\d{1,6})\s*份\s*[）)]")
DISTRIBUTION_KEY = {"抄报": "报", "报送": "报", "报": "报", "抄送": "送", "送": "送", "分送": "送"}
DISTRIBUTION_KEY["发"] = "发"

# Page numbers on a line of their own: —3—, - 3 -, — 3 —, 第3页, 第3页共5页, 3/5.
_DASH = "—–\\-－―─一~～"
RE_PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASH}]{{1,3}}\s*\d{{1,3}}\s*[{_DASH}]{{1,3}}"
    r"|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})$"
)

SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’\"'）)」』》】"
HEADING_FORBIDDEN = "。！？!?；;：:"

# Masthead lines (报头).
RE_ISSUE = re.compile(
    r"^(?:(\d{4})年度?)?第(\d{1,4})期[（(]?(?:总第(\d{1,5})期)?[）)]?$"
    r"|^[（(]?总第(\d{1,5})期[）)]?$"
)
# The 期号 on the title line, in the four common forms: "窗口工作周报2024年第4期（总第475期）",
# "窗口工作周报 第4期", "窗口工作周报（2024年第4期）", "窗口工作周报 2024年第4期 总第475期".
RE_TITLE_ISSUE = re.compile(
    r"^(?P<title>[^，,。；;：:\d（(]{2,30}?)\s*[（(]?\s*(?:(?P<year>\d{4})年度?)?第(?P<number>\d{1,4})期"
    r"\s*[）)]?\s*(?:[（(]?\s*总第(?P<serial>\d{1,5})期\s*[）)]?)?$"
)
# A date line's label: "发布日期：2024年4月12日", "发布时间：…", "日期：…".
_DATE_LABEL = r"^(?:发布|印发|发文|成文)?(?:日期|时间)\s*[：:]\s*"
RE_DATE_LABEL = re.compile(_DATE_LABEL)
RE_LABELLED_ISO_DATE = re.compile(
    _DATE_LABEL + r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
RE_ISSUER_LABEL = re.compile(r"^(?:发布|发文|印发|编印|主办)(?:单位|机关|机构)\s*[：:]\s*(.+)$")
RE_DATE_CN = rf"[{CN_NUMERALS}]{{4}}年[{CN_NUMERALS}]{{1,3}}月[{CN_NUMERALS}]{{1,3}}日"
RE_TRAILING_DATE = re.compile(
    rf"^(.*?)[（(]?(?:(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日|({RE_DATE_CN}))[）)]?$"
)
RE_ORG = re.compile(
    r"^[\u4e00-\u9fff][\u4e00-\u9fff（）()、\d]{2,39}"
    r"(中心|局|厅|委员会|委|办公室|政府|公司|集团|院|处|部|所|站|办|协会|商会|联合会)$"
)
RE_NOT_ORG = re.compile(r"召开|举行|举办|发布|印发|开展|工作|情况|报告|简报|通报|周报|月报")
RE_SKIP_MASTHEAD = re.compile(r"^(内部资料|注意保存|内部刊物|内部参阅|秘密|机密|特急|加急)")

_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日?"
RE_PERIOD = re.compile(
    rf"^[（(]?{_DATE}[{_DASH}至到]+(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日[）)]?$"
)
RE_PERIOD_MONTH = re.compile(r"^[（(]?(\d{4})年(\d{1,2})月份?[）)]?$")
# Months of a year to date: （2023年1—8月）, 2023年1月至8月.
RE_PERIOD_MONTHS = re.compile(
    rf"^[（(]?(\d{{4}})年(\d{{1,2}})(?:月份?)?[{_DASH}至到](\d{{1,2}})月份?[）)]?$"
)

RE_BRACKET_HEADING = re.compile(r"^【[^【】]{1,20}】$")
# A line led by a county's or department's name and a colon (县区简讯): "金堂县：…".
RE_SCOPED_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{1,14}(?:县|区|市|州|局|厅|委|中心|办公室|分行)[：:]\s*\S"
)

# 红头文件: the 发文机关标志 ("…中心文件") and the 发文字号 (川政服〔2024〕4号; 〔〕 typed as
# [] or （） too), GB/T 9704-2012 §7.2.3–7.2.4.
RE_AUTHORITY = re.compile(r"^(.{4,40}?)文件$")
RE_FILE_NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fff]{1,12})\s*[〔［\[（(]\s*(?P<year>\d{4})\s*[〕］\]）)]"
    r"\s*第?\s*(?P<number>\d{1,4})\s*号$"
)
RE_SEEN_NUMBER = re.compile(r"第\s*[\d０-９]{1,4}\s*期")

MASTHEAD_SCAN = 12  # non-empty lines looked at for the masthead
SIGNATURE_SCAN = 15  # last lines looked at for the 版记 that follows a 落款


@dataclass
class _Line:
    text: str
    number: int  # 1-based line number in the input, for warnings


@dataclass
class _Block:
    """A logical paragraph (逻辑段落) being assembled from wrapped lines."""

    kind: str  # "top", "second", "third", "item", "text", "dist", "copies", "tail"
    text: str
    number: str = ""
    closed: bool = False  # a heading alone on its line: nothing joins it
    last_line: str = ""  # the last physical line joined in, for the margin test

    def __post_init__(self) -> None:
        self.last_line = self.last_line or self.text


def parse_report(text: str) -> Document:
    """Parse report text into a Document (解析报告正文); never raises."""
    doc = Document()
    try:
        _parse_into(doc, text if isinstance(text, str) else "")
    except Exception as exc:  # an importer of hundreds of files must not stop
        doc.warnings.append(f"解析出错：{type(exc).__name__}: {exc}")
    return doc


def _parse_into(doc: Document, text: str) -> None:
    garbage = count_garbage(text)
    if garbage:
        doc.warnings.append(f"有 {garbage} 个无法识别的字符（乱码），已忽略")
    lines = _prepare_lines(text)
    if not lines:
        doc.warnings.append("文本为空，没有可导入的内容")
        return
    start = _read_masthead(lines, doc)
    body = _read_signature(lines[start:], doc)
    blocks = _assemble_blocks(body)
    _build_sections(blocks, doc)
    _read_distribution(blocks, doc)
    if not (doc.title or doc.number or doc.issue_date or doc.sections):
        doc.warnings.append("未识别出报头和章节标题，全文按段落导入")
    _say_what_is_unsure(doc, lines[:MASTHEAD_SCAN])


def _say_what_is_unsure(doc: Document, head: list[_Line]) -> None:
    """An import never mis-reads silently: what a numbered issue lacks, or an issue number
    seen in the masthead but not read, is said in the warnings."""
    if doc.number is None:
        seen = next((line.text for line in head if RE_SEEN_NUMBER.search(line.text)), None)
        if seen:
            doc.warnings.append(f"报头“{seen[:40]}”中有期号字样，但未能识别期号：按无期号文档保存")
        return
    missing = [
        name
        for name, value in (
            ("标题", doc.title),
            ("发文单位", doc.issuer),
            ("印发日期", doc.issue_date),
            ("统计时段", doc.period_start),
        )
        if value is None
    ]
    if missing:
        doc.warnings.append(f"第{doc.number}期未识别出{'、'.join(missing)}，请核对报头")


# ---------------------------------------------------------------- 1. lines


def _prepare_lines(text: str) -> list[_Line]:
    text = clean_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = squeeze_spaces(raw)
        if not line or RE_PAGE_NUMBER.match(line):
            continue
        lines.append(_Line(line, number))
    return lines


# ---------------------------------------------------------------- 2. masthead


def _read_masthead(lines: list[_Line], doc: Document) -> int:
    """Read the masthead lines at the top; return the index of the first body line."""
    found: dict[str, int] = {}
    index = 0
    while index < min(len(lines), MASTHEAD_SCAN):
        line = _strip_bold(lines[index].text)
        following = _strip_bold(lines[index + 1].text) if index + 1 < len(lines) else ""
        wrapped = _wrapped_date_line(line, following)
        if wrapped:  # "…服务中心２０２３" / "年３月２１日": a line the PDF wrapped
            line = wrapped
        if _marker_kind(line) or not _read_masthead_line(line, index, doc, found):
            break
        index += 2 if wrapped else 1
        if found.get("title") == index - 1 and _wrapped_title(line, following, index, lines):
            doc.title = line + following
            index += 1
    if "authority" in found:
        doc.masthead = "file"  # 红头文件: its date is in the 落款 at the end
    elif "issuer" in found and "title" in found and found["issuer"] < found["title"]:
        doc.masthead = "issuer_first"
    elif "number" in found and "title" in found and found["title"] < found["number"]:
        doc.masthead = "briefing"  # 简报: the series name above its 期号
    _finish_masthead(doc, found, lines)
    return index


def _wrapped_date_line(line: str, following: str) -> str | None:
    """An issuer-and-date line broken in two by the PDF's wrapping, joined; else None."""
    if not following or RE_TRAILING_DATE.match(RE_DATE_LABEL.sub("", line)):
        return None
    if RE_ISSUE.match(line) or (_looks_like_org(line) and RE_TRAILING_DATE.match(following)):
        return None  # two masthead lines of their own
    match = RE_TRAILING_DATE.match(line + following)
    prefix = match.group(1).strip() if match else ""
    return line + following if prefix and _looks_like_org(prefix) else None


def _wrapped_title(line: str, following: str, index: int, lines: list[_Line]) -> bool:
    """A long title whose last characters the PDF wrapped onto a short line of their own."""
    if len(line) < 15 or not following or len(following) >= len(line) // 2:
        return False
    if _marker_kind(following) or not _looks_like_title(line + following):
        return False
    probe = Document()
    return not _read_masthead_line(following, index, probe, {"title": 0})


def _read_masthead_line(line: str, index: int, doc: Document, found: dict[str, int]) -> bool:
    """Take one masthead line into ``doc``; False when the line is not a masthead line."""
    if RE_SKIP_MASTHEAD.match(line) and len(line) <= 12:
        return True
    if not found and (match := RE_AUTHORITY.match(line)) and _looks_like_org(match.group(1)):
        doc.issuer = match.group(1)
        found["issuer"] = found["authority"] = index
        return True
    if "number" not in found and (match := RE_FILE_NUMBER.match(line)):
        doc.file_code = match.group("code")
        doc.year, doc.number = int(match.group("year")), int(match.group("number"))
        found["number"] = index
        return True
    # 红头文件: the 期号 line under the title carries the 总期号 (the 字号 has the rest).
    if (
        "authority" in found
        and doc.serial is None
        and (match := RE_ISSUE.match(line))
        and (serial := match.group(3) or match.group(4))
    ):
        doc.serial = int(serial)
        return True
    if "number" not in found and (match := RE_ISSUE.match(line)):
        _take_issue(match, doc)
        found["number"] = index
        return True
    if "number" not in found and "title" not in found and (match := RE_TITLE_ISSUE.match(line)):
        title = match.group("title").strip()
        if _looks_like_title(title) and not _looks_like_org(title):
            doc.title = title
            doc.year = int(match.group("year")) if match.group("year") else None
            doc.number = int(match.group("number"))
            doc.serial = int(match.group("serial")) if match.group("serial") else None
            found["number"] = found["title"] = index
            return True
    line = _arabic_dates(line) if "period" not in found else line
    if "period" not in found and (
        RE_PERIOD.match(line) or RE_PERIOD_MONTH.match(line) or RE_PERIOD_MONTHS.match(line)
    ):
        found["period"] = index
        return True
    if "date" not in found and (match := RE_LABELLED_ISO_DATE.match(line)):
        year, month, day = (int(g) for g in match.groups())
        doc.issue_date = _make_date(year, month, day, doc)
        found["date"] = index
        return True
    if "issuer" not in found and (match := RE_ISSUER_LABEL.match(line)):
        doc.issuer = match.group(1).strip()
        found["issuer"] = index
        return True
    if "date" not in found and (match := RE_TRAILING_DATE.match(RE_DATE_LABEL.sub("", line))):
        prefix = match.group(1).strip()
        if not prefix or _looks_like_org(prefix):
            doc.issue_date = _masthead_date(match, doc)
            found["date"] = index
            if prefix and "issuer" not in found:
                doc.issuer = prefix
                found["issuer"] = index
            return True
    if "issuer" not in found and _looks_like_org(line):
        doc.issuer = line
        found["issuer"] = index
        return True
    if "title" not in found and _looks_like_title(line):
        doc.title = line
        found["title"] = index
        return True
    return False


def _read_signature(lines: list[_Line], doc: Document) -> list[_Line]:
    """A 落款 at the end of the body — the issuer, then the date, on lines of their own, before
    any 版记 — gives the issue date and issuer the masthead lacked; returns the body without it.
    """
    end = len(lines)
    # The 版记 comes after it, from its first 报/送/发 line to the end, with the lines a PDF
    # wrapped ("…省中心各处" / "（室）、直属单位。"); page numbers anywhere.
    for index in range(max(1, len(lines) - SIGNATURE_SCAN), len(lines)):
        if _marker_kind(_strip_bold(lines[index].text)) in ("dist", "copies"):
            end = index
            break
    while end and RE_PAGE_NUMBER.match(lines[end - 1].text):
        end -= 1
    if not end:
        return lines
    match = RE_TRAILING_DATE.match(_strip_bold(lines[end - 1].text))
    if not match or (match.group(1).strip() and not _looks_like_org(match.group(1).strip())):
        return lines
    date = _masthead_date(match, doc)
    if date is None:
        return lines
    first = end - 1
    issuer = match.group(1).strip()
    if not issuer and first and _looks_like_org(_strip_bold(lines[first - 1].text)):
        first -= 1
        issuer = _strip_bold(lines[first].text)
    if doc.issue_date is None:
        doc.issue_date = date
        if doc.year is None or doc.number is None:
            doc.year = date.year  # the year of an unnumbered report is that of its date
    if doc.issuer is None and issuer:
        doc.issuer = issuer
    return lines[:first] + lines[end:]


_RE_CN_MONTH_DAY = re.compile(rf"([{CN_NUMERALS}]{{1,3}})(月|日)")


def _arabic_dates(line: str) -> str:
    """（一月二十二日—一月二十六日） → （1月22日—1月26日）, for a period line in Chinese numerals."""
    if not re.search(rf"[{CN_NUMERALS}]{{1,3}}月[{CN_NUMERALS}]{{1,3}}日\s*[{_DASH}至到]", line):
        return line
    return _RE_CN_MONTH_DAY.sub(lambda m: f"{_chinese_small_number(m.group(1))}{m.group(2)}", line)


def _take_issue(match: re.Match[str], doc: Document) -> None:
    year, number, serial, serial_only = match.groups()
    doc.year = int(year) if year else None
    doc.number = int(number) if number else None
    doc.serial = int(serial or serial_only) if (serial or serial_only) else None


def _masthead_date(match: re.Match[str], doc: Document) -> dt.date | None:
    _, year, month, day, chinese = match.groups()
    if chinese:
        year, month, day = _chinese_date_parts(chinese)
    return _make_date(int(year), int(month), int(day), doc)


def _chinese_date_parts(text: str) -> tuple[int, int, int]:
    """二〇二四年二月八日 → (2024, 2, 8) (汉字日期)."""
    year_text, rest = text.split("年", 1)
    month_text, rest = rest.split("月", 1)
    day_text = rest.rstrip("日")
    year = int("".join(str(_CN_DIGIT.get(c, 0)) for c in year_text))
    return year, _chinese_small_number(month_text), _chinese_small_number(day_text)


def _chinese_small_number(text: str) -> int:
    """一 … 三十一 (1–99)."""
    if "十" not in text:
        return _CN_DIGIT.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)


def _looks_like_org(text: str) -> bool:
    """An issuer line (发文机关): a name ending in 中心/局/厅/委/办公室 …"""
    return bool(RE_ORG.match(text)) and not RE_NOT_ORG.search(text)


def _looks_like_title(text: str) -> bool:
    """A title line: short and without sentence punctuation."""
    return len(text) <= 40 and not any(c in text for c in "，,。；;！？!?：:")


def _finish_masthead(doc: Document, found: dict[str, int], lines: list[_Line]) -> None:
    if doc.year is None and doc.issue_date:
        doc.year = doc.issue_date.year
    if "period" in found:
        _take_period(_arabic_dates(_strip_bold(lines[found["period"]].text)), doc)
    elif doc.title:
        _take_title_period(doc.title, doc)
    if doc.year is None and doc.period_end:
        doc.year = doc.period_end.year


def _month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _take_period(line: str, doc: Document) -> None:
    """（1月22日—1月26日）: years inferred from the issue date (跨年按出刊日期推断)."""
    if match := RE_PERIOD_MONTHS.match(line):
        year, first, last = (int(g) for g in match.groups())
        doc.period_start = _make_date(year, first, 1, doc)
        end = _make_date(year, last, 1, doc)
        if doc.period_start and end and first <= last:
            doc.period_end = _month_end(end)
        return
    if match := RE_PERIOD_MONTH.match(line):
        year, month = int(match.group(1)), int(match.group(2))
        doc.period_start = _make_date(year, month, 1, doc)
        if doc.period_start:
            doc.period_end = _month_end(doc.period_start)
        return
    match = RE_PERIOD.match(line)
    if not match:
        return
    year1, month1, day1, year2, month2, day2 = match.groups()
    month1_n = int(month1)
    month2_n = int(month2) if month2 else month1_n
    start_year = int(year1) if year1 else _infer_year(month1_n, doc)
    end_year = int(year2) if year2 else (start_year if not month2 else _infer_year(month2_n, doc))
    if end_year is None or start_year is None:
        doc.warnings.append(f"无法确定起止日期的年份：{line}")
        return
    if year1 is None and year2 is None and month2_n < month1_n:
        start_year = end_year - 1  # 12月29日—1月2日 spans the new year
    doc.period_start = _make_date(start_year, month1_n, int(day1), doc)
    doc.period_end = _make_date(end_year, month2_n, int(day2), doc)


RE_TITLE_MONTHS = re.compile(
    rf"(\d{{4}})年(?:(\d{{1,2}})(?:月份?)?[{_DASH}至到](\d{{1,2}})月|(\d{{1,2}})月份?"
    r"|(?:第)?([一二三四1-4])季度|(上|下)半年)"
)
RE_NOT_REPORT_TITLE = re.compile(r"召开|举行|举办|会议|座谈|调研|视察")


def _take_title_period(title: str, doc: Document) -> None:
    """A period named only in the title: "关于2023年12月…的通报", "2024年一季度…数据发布"."""
    match = RE_TITLE_MONTHS.search(title)
    if not match or RE_NOT_REPORT_TITLE.search(title):
        return
    year, first, last, month, quarter, half = match.groups()
    if month:
        first = last = month
    elif quarter:
        number = "一二三四".find(quarter) + 1 if quarter in "一二三四" else int(quarter)
        first, last = str(number * 3 - 2), str(number * 3)
    elif half:
        first, last = ("1", "6") if half == "上" else ("7", "12")
    start = _make_date(int(year), int(first), 1, doc)
    end = _make_date(int(year), int(last), 1, doc)
    if start and end and start <= end:
        doc.period_start = start
        doc.period_end = _month_end(end)
        if doc.year is None:
            doc.year = doc.issue_date.year if doc.issue_date else start.year


def _infer_year(month: int, doc: Document) -> int | None:
    """The period lies in the issue's year, or the year before if its month is later."""
    if doc.issue_date:
        year = doc.issue_date.year
        return year - 1 if month > doc.issue_date.month else year
    return doc.year


def _make_date(year: int, month: int, day: int, doc: Document) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        doc.warnings.append(f"日期无效：{year}年{month}月{day}日")
        return None


# ---------------------------------------------------------------- 3. paragraphs


def _marker_kind(line: str) -> str | None:
    """What a line begins with: a heading or item number, a 版记 line, or nothing."""
    if RE_TOP.match(line):
        return "top"
    if RE_SECOND.match(line):
        return "second"
    if RE_SUBITEM.match(line):
        return "subitem"
    if RE_DISTRIBUTION.match(line):
        return "dist"
    if RE_COPIES.match(line):
        return "copies"
    if (match := RE_ITEM.match(line)) and _is_item_start(match.group(2)):
        return "item"
    return None


def _is_item_start(rest: str) -> bool:
    """Item start: "1.3 月 6 日" is item 1 on 3月6日; "67.48%" at a line start is a wrapped decimal."""
    if not rest:
        return False
    if not rest[0].isdigit():
        return True
    return bool(re.match(r"\d{1,2}月", rest))


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS + "*")
    return bool(stripped) and stripped[-1] in SENTENCE_END


def _assemble_blocks(lines: list[_Line]) -> list[_Block]:
    blocks: list[_Block] = []
    full_width = _full_line_width(lines)
    in_tail = False  # once the 版记 starts, every later line belongs to it
    for line in lines:
        kind = _marker_kind(_strip_bold(line.text))
        if kind in ("dist", "copies"):
            in_tail = True
        elif in_tail:
            kind = "tail"
        previous = blocks[-1] if blocks else None
        if (
            previous
            and not _starts_scoped_line(line.text, previous)
            and _continues(previous, kind, full_width)
        ):
            previous.text = join_lines(previous.text, line.text)
            previous.last_line = line.text
        else:
            blocks.append(_new_block(kind or "text", line.text))
    return blocks


def _starts_scoped_line(text: str, previous: _Block) -> bool:
    """ "金堂县：本月受理1,203件…" after "…简报如下：" or a finished sentence: a new paragraph."""
    ended = previous.text.rstrip().endswith(("：", ":")) or _ends_sentence(previous.text)
    return ended and bool(RE_SCOPED_LINE.match(text))


def _continues(previous: _Block, kind: str | None, full_width: int | None) -> bool:
    """Does a line of this kind continue the paragraph before it (续行)?"""
    if previous.closed:
        return False
    if kind is None and previous.kind in ("dist", "copies", "tail"):
        return False
    if kind is None and _ends_sentence(previous.text):
        # A sentence that ends exactly at the right margin of a wrapped page may go on.
        return bool(full_width) and display_width(previous.last_line) >= (full_width or 0) - 4
    if kind is None:
        return True
    return kind == "tail" and previous.kind == "dist" and not _ends_sentence(previous.text)


def _full_line_width(lines: list[_Line]) -> int | None:
    """The width of a full line of a wrapped page (版心宽度), or None if lines are not wrapped.

    Wrapped lines are those ending mid-sentence and followed by a line that is no new
    paragraph. Text with one paragraph per line (a renderer's) has none.
    """
    widths = []
    for line, following in itertools.pairwise(lines):
        if _ends_sentence(line.text) or _marker_kind(_strip_bold(following.text)):
            continue
        if _marker_kind(_strip_bold(line.text)) in ("top", "second") and len(line.text) < 20:
            continue
        widths.append(display_width(line.text))
    if len(widths) < 5:
        return None
    widths.sort()
    return widths[len(widths) // 2]


def _new_block(kind: str, text: str) -> _Block:
    if kind == "text" and RE_BRACKET_HEADING.match(text):
        return _Block(kind, text, closed=True)  # "【“好差评”】" alone on its line
    if kind in ("top", "second"):
        heading = _split_heading(_marker_rest(kind, text))
        closed = heading is not None and heading[1] is None
        return _Block(kind, text, closed=closed)
    if kind == "item" and _is_item_heading(text):
        return _Block("third", text, closed=True)
    return _Block(kind if kind != "subitem" else "text", text)


def _marker_rest(kind: str, text: str) -> str:
    pattern = RE_TOP if kind == "top" else RE_SECOND if kind == "second" else RE_ITEM
    match = pattern.match(_strip_bold(text))
    return match.group(2) if match else text


def _split_heading(rest: str) -> tuple[str, str | None] | None:
    """Heading split: "按时到岗情况。总体情况良好。" → (heading, run-in body); None if it is no heading."""
    rest = rest.strip()
    head, dot, body = rest.partition("。")
    if dot and body.strip():
        return (head, body.strip()) if _is_heading_text(head, 25) else None
    head = head.rstrip("：:")
    return (head, None) if _is_heading_text(head, 40) else None


def _is_heading_text(text: str, limit: int) -> bool:
    if not text or len(text) > limit or any(c in text for c in HEADING_FORBIDDEN):
        return False
    # "强化党建引领，推动业务发展" is a heading; "本周共受理12件，办结10件" is a sentence.
    return not ("，" in text or "," in text) or not any(c.isdigit() for c in text)


def _is_item_heading(text: str) -> bool:
    """Item heading: "1.优化服务流程" alone on its line: a third-level heading, not a wrapped item."""
    match = RE_ITEM.match(_strip_bold(text))
    rest = match.group(2) if match else ""
    return (
        bool(rest)
        and len(rest) <= 20
        and not any(c in rest for c in HEADING_FORBIDDEN + "，,、" + "0123456789")
    )


# ---------------------------------------------------------------- 4. sections


def _build_sections(blocks: list[_Block], doc: Document) -> None:
    top: Section | None = None
    second: Section | None = None
    third: Section | None = None
    for block in blocks:
        if block.kind == "top" and (section := _heading_section(block, LEVEL_TOP)):
            doc.sections.append(section)
            top, second, third = section, None, None
        elif block.kind == "second" and (section := _heading_section(block, LEVEL_SECOND)):
            (top.subsections if top else doc.sections).append(section)
            second, third = section, None
        elif block.kind == "third" and (section := _heading_section(block, LEVEL_THIRD)):
            parent = second or top
            (parent.subsections if parent else doc.sections).append(section)
            third = section
        elif block.kind in ("top", "second", "text", "item"):
            if block.kind == "item":
                third = None  # the next item ends a third-level heading's scope
            target = third or second or top
            paragraph = Paragraph(runs=paragraph_runs(block.text))
            (target.paragraphs if target else doc.preamble).append(paragraph)


def _heading_section(block: _Block, level: int) -> Section | None:
    pattern = {LEVEL_TOP: RE_TOP, LEVEL_SECOND: RE_SECOND, LEVEL_THIRD: RE_ITEM}[level]
    match = pattern.match(_strip_bold(block.text))
    if not match:
        return None
    number, rest = match.group(1), match.group(2)
    split = _split_heading(rest)
    if split is None:
        return None
    heading, body = split
    section = Section(number=number, heading=heading, level=level, run_in=body is not None)
    if body:
        # The body keeps its bold runs: cut the marked text after the heading's "。".
        marked_body = block.text.split("。", 1)[1].strip() if "。" in block.text else body
        section.paragraphs.append(Paragraph(runs=paragraph_runs(marked_body)))
    return section


def paragraph_runs(text: str) -> list[Run]:
    """Split ``**bold**`` marks into runs (粗体片段); an unpaired ``**`` stays as text."""
    runs: list[Run] = []
    position = 0
    for match in re.finditer(r"\*\*(.+?)\*\*", text, re.S):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        runs.append(Run(match.group(1), bold=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs or [Run("")]


def _strip_bold(text: str) -> str:
    return text.replace("**", "") if text.count("**") >= 2 else text


# ---------------------------------------------------------------- 版记


def _read_distribution(blocks: list[_Block], doc: Document) -> None:
    """报：/送：/发： lines and （共印N份） (版记)."""
    for block in blocks:
        text = _strip_bold(block.text)
        if block.kind not in ("dist", "copies", "tail"):
            continue
        if match := RE_COPIES.search(text):
            doc.copies = int(match.group(1))
            text = RE_COPIES.sub("", text).strip()
        if block.kind == "dist" and (match := RE_DISTRIBUTION.match(text)):
            key = DISTRIBUTION_KEY[match.group(1)]
            value = match.group(2).strip()
            if key in doc.distribution:
                value = doc.distribution[key] + value
            doc.distribution[key] = value

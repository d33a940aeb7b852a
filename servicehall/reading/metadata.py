"""The metadata reader (报头与落款): title, issuer, year, 期号, 总期号, issue date and period,
wherever a report puts them — the masthead lines at the top, in any order; a title line holding
the 期号; a 红头 file's 发文字号; the 落款 (issuer and date) at the end of the body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

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
from servicehall.reading.lines import RE_PAGE_NUMBER, Line, marker_kind, strip_bold

__all__ = ["Head", "read_masthead", "read_signature", "say_what_is_unsure"]


@dataclass
class Head:
    """What a report says of itself (报头信息): the fields of the parsed form's head."""

    title: str | None = None
    issuer: str | None = None
    year: int | None = None
    number: int | None = None  # 年度期号
    serial: int | None = None  # 总期号
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    issue_date: dt.date | None = None
    # "title_first", "issuer_first", "briefing" (简报 报头) or "file" (红头文件).
    masthead: str = "title_first"
    file_code: str | None = None
    warnings: list[str] = field(default_factory=list)


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
RE_TRAILING_DATE = re.compile(
    rf"^(.*?)[（(]?(?:(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日|({RE_DATE_CN}))[）)]?$"
)
RE_ORG = re.compile(
    r"^[\u4e00-\u9fff][\u4e00-\u9fff（）()、\d]{2,39}"
    r"(中心|局|厅|委员会|委|办公室|政府|公司|集团|院|处|部|所|站|办|协会|商会|联合会)$"
)
RE_NOT_ORG = re.compile(r"召开|举行|举办|发布|印发|开展|工作|情况|报告|简报|通报|周报|月报")
RE_SKIP_MASTHEAD = re.compile(r"^(内部资料|注意保存|内部刊物|内部参阅|秘密|机密|特急|加急)")


RE_AUTHORITY = re.compile(r"^(.{4,40}?)文件$")
RE_FILE_NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fff]{1,12})\s*[〔［\[（(]\s*(?P<year>\d{4})\s*[〕］\]）)]"
    r"\s*第?\s*(?P<number>\d{1,4})\s*号$"
)
RE_SEEN_NUMBER = re.compile(r"第\s*[\d０-９]{1,4}\s*期")

MASTHEAD_SCAN = 12  # non-empty lines looked at for the masthead
SIGNATURE_SCAN = 15  # last lines looked at for the 版记 that follows a 落款


def read_masthead(lines: list[Line], head: Head) -> int:
    """Read the masthead lines at the top; return the index of the first body line."""
    found: dict[str, int] = {}
    index = 0
    while index < min(len(lines), MASTHEAD_SCAN):
        line = strip_bold(lines[index].text)
        following = strip_bold(lines[index + 1].text) if index + 1 < len(lines) else ""
        wrapped = _wrapped_date_line(line, following)
        if wrapped:  # "…服务中心２０２３" / "年３月２１日": a line the PDF wrapped
            line = wrapped
        if marker_kind(line) or not _read_masthead_line(line, index, head, found):
            break
        index += 2 if wrapped else 1
        if found.get("title") == index - 1 and _wrapped_title(line, following, index, lines):
            head.title = line + following
            index += 1
    if "authority" in found:
        head.masthead = "file"  # 红头文件: its date is in the 落款 at the end
    elif "issuer" in found and "title" in found and found["issuer"] < found["title"]:
        head.masthead = "issuer_first"
    elif "number" in found and "title" in found and found["title"] < found["number"]:
        head.masthead = "briefing"  # 简报: the series name above its 期号
    _finish_masthead(head, found, lines)
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


def _wrapped_title(line: str, following: str, index: int, lines: list[Line]) -> bool:
    """A long title whose last characters the PDF wrapped onto a short line of their own."""
    if len(line) < 15 or not following or len(following) >= len(line) // 2:
        return False
    if marker_kind(following) or not _looks_like_title(line + following):
        return False
    probe = Head()
    return not _read_masthead_line(following, index, probe, {"title": 0})


def _read_masthead_line(line: str, index: int, head: Head, found: dict[str, int]) -> bool:
    """Take one masthead line into ``head``; False when the line is not a masthead line."""
    if RE_SKIP_MASTHEAD.match(line) and len(line) <= 12:
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
    if "number" not in found and (match := RE_ISSUE.match(line)):
        _take_issue(match, head)
        found["number"] = index
        return True
    if "number" not in found and "title" not in found and (match := RE_TITLE_ISSUE.match(line)):
        title = match.group("title").strip()
        if _looks_like_title(title) and not _looks_like_org(title):
            head.title = title
            head.year = int(match.group("year")) if match.group("year") else None
            head.number = int(match.group("number"))
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
    if "issuer" not in found and (match := RE_ISSUER_LABEL.match(line)):
        head.issuer = match.group(1).strip()
        found["issuer"] = index
        return True
    if "date" not in found and (match := RE_TRAILING_DATE.match(RE_DATE_LABEL.sub("", line))):
        prefix = match.group(1).strip()
        if not prefix or _looks_like_org(prefix):
            head.issue_date = _masthead_date(match, head)
            found["date"] = index
            if prefix and "issuer" not in found:
                head.issuer = prefix
                found["issuer"] = index
            return True
    if "issuer" not in found and _looks_like_org(line):
        head.issuer = line
        found["issuer"] = index
        return True
    if "title" not in found and _looks_like_title(line):
        head.title = line
        found["title"] = index
        return True
    return False


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


def _take_issue(match: re.Match[str], head: Head) -> None:
    year, number, serial, serial_only = match.groups()
    head.year = int(year) if year else None
    head.number = int(number) if number else None
    head.serial = int(serial or serial_only) if (serial or serial_only) else None


def _masthead_date(match: re.Match[str], head: Head) -> dt.date | None:
    _, year, month, day, chinese = match.groups()
    if chinese:
        year, month, day = chinese_date_parts(chinese)
    return make_date(int(year), int(month), int(day), head.warnings)


def _looks_like_org(text: str) -> bool:
    """An issuer line (发文机关): a name ending in 中心/局/厅/委/办公室 …"""
    return bool(RE_ORG.match(text)) and not RE_NOT_ORG.search(text)


def _looks_like_title(text: str) -> bool:
    """A title line: short and without sentence punctuation."""
    return len(text) <= 40 and not any(c in text for c in "，,。；;！？!?：:")


def _finish_masthead(head: Head, found: dict[str, int], lines: list[Line]) -> None:
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
    end_year = int(year2) if year2 else (start_year if not month2 else _infer_year(month2_n, head))
    if end_year is None or start_year is None:
        head.warnings.append(f"无法确定起止日期的年份：{line}")
        return
    if year1 is None and year2 is None and month2_n < month1_n:
        start_year = end_year - 1  # 12月29日—1月2日 spans the new year
    head.period_start = make_date(start_year, month1_n, int(day1), head.warnings)
    head.period_end = make_date(end_year, month2_n, int(day2), head.warnings)


RE_NOT_REPORT_TITLE = re.compile(r"召开|举行|举办|会议|座谈|调研|视察")


def _take_title_period(title: str, head: Head) -> None:
    """A period named only in the title: "关于2023年12月…的通报", "2024年一季度…数据发布"."""
    match = RE_MONTHS.search(title)
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

"""An erratum's notice (勘误说明) read back: which issue it corrects and why, and which of its
paragraphs are the notice — quotes of the wrong numbers, which state nothing — rather than the
corrected text that follows it.

The notice this system publishes opens with "关于窗口工作周报2024年第4期（总第475期）的勘误" (or
the series in 《》: "关于《窗口工作周报》2024年第4期（总第475期）的勘误") and ends with "特此更正。更正后
的全文如下。". A real center's erratum is more often the notice alone, its title the page's
("关于《某市12345热线工作简报》2023年第5期的更正"), each wrong passage quoted with the right one after
it ("“全月共受理群众诉求12345件”有误，应为“全月共受理群众诉求13245件”"), then 特此更正 and the
落款: its corrections are the passages it gives as right, and nothing follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicehall.core.text import halfwidth_digits, squeeze_spaces

__all__ = ["ErratumNotice", "is_erratum_title", "read_erratum_notice"]

RE_NOTICE_TITLE = re.compile(
    r"^关于\s*(?:《(?P<quoted>[^《》]{2,40})》|(?P<plain>[^《》\d]{2,40}?))\s*"
    r"(?:(?P<year>\d{4})\s*年度?)?\s*第\s*(?P<number>\d{1,4})\s*期\s*"
    r"(?:[（(]\s*总第\s*(?P<serial>\d{1,5})\s*期\s*[）)])?[^。，,]{0,12}?的(?:勘误|更正)(?:说明|声明)?$"
)
RE_NOTICE_END = re.compile(r"更正后的全文如下|特此更正")
RE_FULL_TEXT = re.compile(r"更正后的全文如下")
RE_REASON = re.compile(r"^(?P<reason>.+?)。?经核")
# A wrong passage quoted, then the right one: "“…12345件”有误，应为“…13245件”", "“…”更正为“…”".
RE_CORRECTION = re.compile(
    r"“(?P<wrong>[^“”]{1,80})”[^“”。；;]{0,8}?(?:应为|应更正为|更正为|改为|修改为)\s*“(?P<right>[^“”]{1,80})”"
)
# A page titled only 更正 / 勘误 (更正声明, 勘误启事…) names its issue in the body: "我中心《窗口
# 工作周报》2024年第12期（总第483期）……有误，现更正如下" — the series in 《》, then its 期号, then
# (in the same paragraph) what is amiss.
RE_BARE_TITLE = re.compile(r"^(?:更正|勘误)(?:声明|说明|启事|公告)?[:：]?$")
RE_BODY_NAME = re.compile(
    r"《(?P<quoted>[^《》]{2,40})》\s*(?:(?P<year>\d{4})\s*年度?)?\s*第\s*(?P<number>\d{1,4})\s*期"
    r"\s*(?:[（(]\s*总第\s*(?P<serial>\d{1,5})\s*期\s*[）)])?"
)
RE_AMISS = re.compile(r"有误|有错|错误|更正如下|应为|更正为|改为")
NOTICE_SCAN = 6  # paragraphs looked at for the notice's title
NOTICE_LENGTH = 40  # paragraphs at most from the title to its last line


@dataclass(frozen=True)
class ErratumNotice:
    """What an erratum's notice says of itself (勘误说明)."""

    series: str
    year: int | None
    number: int
    serial: int | None
    reason: str
    start: int  # index of the notice's first paragraph (its title's; 0 under a page title)
    end: int  # index after its last
    # (wrong, right) passages it quotes; with no full text after it, the right ones are what
    # the erratum states
    corrections: tuple[tuple[str, str], ...] = ()
    full_text: bool = True  # the corrected full text follows ("更正后的全文如下")


def _plain(text: str) -> str:
    return squeeze_spaces(halfwidth_digits(text.replace("**", "")))


def is_erratum_title(text: str) -> bool:
    """Whether a line is an erratum notice's title (a paragraph of its own)."""
    return bool(RE_NOTICE_TITLE.match(_plain(text)))


def read_erratum_notice(texts: list[str], title: str | None = None) -> ErratumNotice | None:
    """The erratum notice among the first paragraphs of ``texts``, or None; ``title`` is the
    page's title, which a real center's erratum makes the notice's."""
    lines = [_plain(t) for t in texts]
    heads = [(-1, _plain(title))] if title else []
    for start, line in heads + list(enumerate(lines[:NOTICE_SCAN])):
        match = RE_NOTICE_TITLE.match(line)
        if not match:
            continue
        end = next(
            (i + 1 for i in range(start + 1, min(len(lines), start + NOTICE_LENGTH))
             if RE_NOTICE_END.search(lines[i])),
            start + 1,
        )  # fmt: skip
        following = lines[start + 1] if start + 1 < end else ""
        reason = (
            match_reason.group("reason") if (match_reason := RE_REASON.match(following)) else ""
        )
        said = "".join(lines[start + 1 : end])
        return ErratumNotice(
            series=(match.group("quoted") or match.group("plain") or "").strip(),
            year=int(match.group("year")) if match.group("year") else None,
            number=int(match.group("number")),
            serial=int(match.group("serial")) if match.group("serial") else None,
            reason=reason,
            start=max(start, 0),
            end=end,
            corrections=tuple(
                (m.group("wrong"), m.group("right")) for m in RE_CORRECTION.finditer(said)
            ),
            full_text=bool(RE_FULL_TEXT.search(said)),
        )
    return _named_in_body(lines, _plain(title) if title else None)


def _named_in_body(lines: list[str], title: str | None) -> ErratumNotice | None:
    """The notice of a page titled only 更正 / 勘误 (its title, or a paragraph of its own among
    the first), naming its issue in a paragraph after it that says what is amiss."""
    if title is not None and RE_BARE_TITLE.match(title):
        bare: int | None = -1
    else:
        bare = next(
            (i for i, line in enumerate(lines[:NOTICE_SCAN]) if RE_BARE_TITLE.match(line)), None
        )
    if bare is None:
        return None
    for at in range(bare + 1, min(len(lines), bare + 1 + NOTICE_SCAN)):
        match = RE_BODY_NAME.search(lines[at])
        if match is None or not RE_AMISS.search(lines[at], match.end()):
            continue
        end = next(
            (i + 1 for i in range(at, min(len(lines), at + NOTICE_LENGTH))
             if RE_NOTICE_END.search(lines[i])),
            at + 1,
        )  # fmt: skip
        said = "".join(lines[at:end])
        return ErratumNotice(
            series=match.group("quoted").strip(),
            year=int(match.group("year")) if match.group("year") else None,
            number=int(match.group("number")),
            serial=int(match.group("serial")) if match.group("serial") else None,
            reason="",
            start=bare if bare >= 0 else at,
            end=end,
            corrections=tuple(
                (m.group("wrong"), m.group("right")) for m in RE_CORRECTION.finditer(said)
            ),
            full_text=bool(RE_FULL_TEXT.search(said)),
        )
    return None

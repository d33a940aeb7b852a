"""SPEC.md's figure keys recognised in report text (识别报告中的指标).

Each figure is found by the wording that states it, not by its place in a seed: e.g. the
comprehensive-window paragraph is the one stating "咨询 N 人次"; its part before 今年以来 is
this week, the part after it the year to date; 流转 may be counted in 件 or 件次. Only figures
the report states are returned; nothing is computed from other figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

from servicehall.core.text import halfwidth_digits, squeeze_spaces
from servicehall.reading.numbers import NUMBER, Number, scaled

__all__ = ["StatedParagraph", "figure_keys", "figures_in_text", "read_figures"]

N = rf"{NUMBER}\s*(万|亿)?"


class StatedParagraph(Protocol):
    """A paragraph as the reader sees it: its text, and the figure keys it is found to state."""

    @property
    def text(self) -> str: ...

    @property
    def figure_keys(self) -> list[str]: ...


def figure_keys() -> tuple[str, ...]:
    """SPEC.md's figure keys, in the registry's order: the one list is ``figures.registry``."""
    from servicehall.figures.registry import FIGURES

    return tuple(FIGURES)


# 综窗办件: the counts of the comprehensive windows (咨询/受理/颁发/流转).
WINDOW_COUNTS = {
    "consult": re.compile(rf"咨询(?:群众|企业)?\s*{N}\s*人次"),
    "accept": re.compile(rf"受理\s*{N}\s*件次?"),
    "issue": re.compile(rf"(?:颁发|出件|发证)\s*{N}\s*件次?"),
    "transfer": re.compile(rf"流转\s*{N}\s*件次?"),
}
RE_YTD_MARK = re.compile(r"今年以来|年初以来|本年以来|今年累计|本年度累计|年内累计|截至目前|累计")

RE_HANDBOOK_DONE = re.compile(rf"(?:共|累计|共计|合计|总计)\s*(?:完成|编制)\s*{N}\s*个办理项")
RE_PERCENT = re.compile(rf"占比\s*(?:为|达)?\s*{N}\s*[%％]")

RE_WINDOWS_AFTER = re.compile(r"调整后|现有|目前共有|共有")
RE_ACCEPT_WINDOWS = re.compile(rf"受理窗口\s*{N}\s*个")
RE_ISSUE_WINDOWS = re.compile(rf"出件窗口\s*{N}\s*个")

RE_TRAINING = re.compile(rf"培训(?:会议?|班)?\s*(?:共|累计)?\s*{N}\s*(?:场次|次|场|期)")

RE_BENEFIT_COUNT = re.compile(
    rf"{N}\s*个(?:省级)?部门(?:（单位）|\(单位\))?的?\s*{N}\s*项(?:省级)?惠企政策"
)
MONEY = r"\s*(亿元|万元)"
RE_BENEFIT_TOTAL = re.compile(rf"(?:共计|合计|累计|总计)?\s*(?:兑享|兑付|惠及金额)\s*{N}{MONEY}")
RE_BENEFIT_REDUCTION = re.compile(rf"减免\s*(?:金额)?\s*{N}{MONEY}")
RE_BENEFIT_PAYOUT = re.compile(rf"兑现\s*(?:金额)?\s*{N}{MONEY}")

RE_UNAUTHORIZED = re.compile(
    rf"未(?:授权|向)[^。；;]{{0,40}}?(?:部门|单位)[^。；;]{{0,12}}?有\s*{N}\s*个"
)

PLATFORM_KINDS = {
    "license": re.compile(r"行政许可(?:事项)?"),
    "public": re.compile(r"公共服务(?:事项)?"),
    "other": re.compile(r"其[它他]\s*\d*\s*类?(?:行权|行政权力)事项"),
}
RE_PLATFORM_ACCEPT = re.compile(rf"受理\s*{N}\s*件")
RE_PLATFORM_COMPLETE = re.compile(rf"办结\s*{N}\s*件")


def figures_in_text(text: str) -> dict[str, Number]:
    """The figures one text states (文中所载指标), keyed as in SPEC.md."""
    return _figures_of([text])[0]


def read_figures(paragraphs: Iterable[StatedParagraph]) -> dict[str, Number]:
    """Figures a report states (报告所载指标), keyed as in SPEC.md, the first statement of each
    (training sessions summed); each paragraph that states a figure gets its key in
    ``figure_keys``."""
    paragraphs = list(paragraphs)
    figures, found_in = _figures_of([p.text for p in paragraphs])
    for paragraph, keys in zip(paragraphs, found_in, strict=True):
        paragraph.figure_keys.extend(key for key in keys if key not in paragraph.figure_keys)
    return figures


def _figures_of(texts: list[str]) -> tuple[dict[str, Number], list[list[str]]]:
    known = figure_keys()
    figures: dict[str, Number] = {}
    found_in: list[list[str]] = []
    for raw in texts:
        text = _normal(raw)
        found: dict[str, Number] = {}
        for reader in READERS:
            for key, value in reader(text).items():
                if key == "training.sessions":
                    found[key] = found.get(key, 0) + value
                else:
                    found.setdefault(key, value)
        for key, value in found.items():
            if key == "training.sessions" and key in figures:
                figures[key] += value
            else:
                figures.setdefault(key, value)
        found_in.append([key for key in found if key in known])
    return {key: figures[key] for key in known if key in figures}, found_in


def _normal(text: str) -> str:
    return squeeze_spaces(halfwidth_digits(text.replace("\n", "")))


def _value(match: re.Match[str], group: int = 1) -> Number | None:
    """The number in ``group`` with its 万/亿 multiplier in ``group + 1``."""
    return scaled(match.group(group), match.group(group + 1))


def _window(text: str) -> dict[str, Number]:
    """本周 / 今年以来 counts of the comprehensive windows (综窗办件情况)."""
    if not WINDOW_COUNTS["consult"].search(text):
        return {}
    week, ytd = _split_week_ytd(text)
    figures: dict[str, Number] = {}
    for scope, part in (("week", week), ("ytd", ytd)):
        for name, pattern in WINDOW_COUNTS.items():
            if part and (match := pattern.search(part)) and (value := _value(match)) is not None:
                figures[f"window.{scope}.{name}"] = value
    return figures


def _split_week_ytd(text: str) -> tuple[str, str]:
    first_count = WINDOW_COUNTS["consult"].search(text)
    for match in RE_YTD_MARK.finditer(text):
        # "累计" alone marks the year to date only after this week's counts were given.
        if match.group(0) != "累计" or (first_count and match.start() > first_count.end()):
            return text[: match.start()], text[match.start() :]
    return text, ""


def _handbook(text: str) -> dict[str, Number]:
    """受理工作手册编制: the total completed (共完成 N 个办理项) and its share (占比)."""
    if "手册" not in text:
        return {}
    figures: dict[str, Number] = {}
    done = RE_HANDBOOK_DONE.search(text)
    if done and (value := _value(done)) is not None:
        figures["handbook.done"] = value
        percent = RE_PERCENT.search(text, done.end())
        if percent and (share := _value(percent)) is not None:
            figures["handbook.percent"] = share
    return figures


def _windows(text: str) -> dict[str, Number]:
    """Windows after a change (调整后共有受理窗口 N 个、出件窗口 N 个)."""
    after = RE_WINDOWS_AFTER.search(text)
    if not after or "窗口" not in text:
        return {}
    sentence = re.split(r"[。；;]", text[after.start() :], maxsplit=1)[0]
    figures: dict[str, Number] = {}
    for key, pattern in (
        ("windows.accept", RE_ACCEPT_WINDOWS),
        ("windows.issue", RE_ISSUE_WINDOWS),
    ):
        if (match := pattern.search(sentence)) and (value := _value(match)) is not None:
            figures[key] = value
    return figures


def _training(text: str) -> dict[str, Number]:
    """Training sessions of the period (培训 N 次), summed; cumulative counts left out."""
    total: Number = 0
    for match in RE_TRAINING.finditer(text):
        clause = re.split(r"[，,。；;]", text[: match.start()])[-1]
        if RE_YTD_MARK.search(clause) or "累计" in match.group(0):
            continue
        value = _value(match)
        if value is not None:
            total += value
    return {"training.sessions": total} if total else {}


def _benefit(text: str) -> dict[str, Number]:
    """惠企政策直达快享: departments, policies, amounts in 亿元."""
    if "惠企" not in text:
        return {}
    figures: dict[str, Number] = {}
    if count := RE_BENEFIT_COUNT.search(text):
        for key, group in (("benefit.departments", 1), ("benefit.policies", 3)):
            if (value := _value(count, group)) is not None:
                figures[key] = value
    amounts = (
        ("benefit.total", RE_BENEFIT_TOTAL),
        ("benefit.reduction", RE_BENEFIT_REDUCTION),
        ("benefit.payout", RE_BENEFIT_PAYOUT),
    )
    for key, pattern in amounts:
        if match := pattern.search(text):
            value = _value(match)
            if value is not None:
                figures[key] = _yi(value, match.group(3))
    return figures


def _yi(value: Number, unit: str) -> Number:
    """Amounts in 亿元: 万元 are divided by 10 000."""
    if unit == "万元":
        result = round(value / 10_000, 6)
        return int(result) if float(result).is_integer() else result
    return value


def _unauthorized(text: str) -> dict[str, Number]:
    """未授权无差别综合窗口的部门 有 N 个."""
    match = RE_UNAUTHORIZED.search(text)
    value = _value(match) if match else None
    return {"departments.unauthorized": value} if value is not None else {}


def _platform(text: str) -> dict[str, Number]:
    """一体化政务服务平台 受理/办结 per kind of item."""
    if "平台" not in text or not RE_PLATFORM_ACCEPT.search(text):
        return {}
    spots = sorted(
        (match.start(), match.end(), kind)
        for kind, pattern in PLATFORM_KINDS.items()
        if (match := pattern.search(text))
    )
    figures: dict[str, Number] = {}
    for index, (_, end, kind) in enumerate(spots):
        stop = spots[index + 1][0] if index + 1 < len(spots) else len(text)
        part = text[end:stop]
        for name, pattern in (("accept", RE_PLATFORM_ACCEPT), ("complete", RE_PLATFORM_COMPLETE)):
            if (match := pattern.search(part)) and (value := _value(match)) is not None:
                figures[f"platform.{kind}.{name}"] = value
    return figures


READERS: tuple[Callable[[str], dict[str, Number]], ...] = (
    _window,
    _handbook,
    _windows,
    _training,
    _benefit,
    _unauthorized,
    _platform,
)

"""Numbers with units a sentence states (数量), the change words before them, the text made ready."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from servicehall.core.text import halfwidth_digits, squeeze_spaces
from servicehall.gbt9704.document import Comparison
from servicehall.reading.lines import strip_glosses
from servicehall.reading.numbers import (
    CN_NUMERALS,
    MONEY_UNITS,
    MULTIPLIER_CHARS,
    MULTIPLIERS,
    NUMBER,
    UNITS,
    parse_number,
    scale,
)

RE_QUANTITY = re.compile(
    rf"(?<![\d.A-Za-z第\-])({NUMBER}\s*([{MULTIPLIER_CHARS}])?\s*([余多])?\s*({'|'.join(map(re.escape, UNITS))}))"
)
# A count that names itself a number (…数) needs no unit: "差评数为0", "评价数：125".
RE_NAMED_COUNT = re.compile(
    rf"(?<=[\u4e00-\u9fff]数)\s*(?:为|是|[：:])?\s*{NUMBER}(?=\s*(?:[，,。；;）)](?!\d)|$))"
)
# A score written without its unit: "综合得分9.2", "满意度评分为98.5" (分 understood).
RE_SCORE = re.compile(
    r"(?:得分|评分|分值|分数)\s*(?:为|是|达到?)?\s*(\d{1,3}(?:\.\d+)?)(?![\d.%]|\s*[万亿分个件项名人次])"
)
# "与上月持平", "同比持平": a change of zero.
# Not 保持平稳 nor 基本持平 ("roughly flat" states no number: a word is never a fact).
RE_FLAT = re.compile(
    r"(?:与|较|比)?(上月|上周|上季度|上年同期|去年同期|上年|去年)?(?:相比)?(同比|环比)?"
    r"(?<!保)(?<!基本)(?<!大体)(?<!大致)持平(?!稳)"
)
# A change word right before the number: "比上月增加", "同比下降", "较上季度提高".
_BASIS = (
    r"(?:环比|同比)(?:上?[一二三四]季度|上月|上周|上年|去年同期|去年)?"
    r"|(?<![环同])(?:比|较|与)[\u4e00-\u9fff]{1,8}?(?:相比)?"
)
_DIRECTION = r"增加|增长|上升|提高|提升|增多|减少|下降|降低|回落|缩短|压缩|延长"
RE_CHANGE_TAIL = re.compile(
    rf"(?:(?P<basis>{_BASIS})\s*)?(?P<each>分别)?(?P<direction>{_DIRECTION}|(?<=月|周|度|期|年|初)多|(?<=月|周|度|期|年|初)少)了?$"
)
DIRECTIONS = {
    **dict.fromkeys(("增加", "增长", "上升", "提高", "提升", "增多", "延长", "多"), "增加"),
    **dict.fromkeys(("减少", "下降", "降低", "回落", "缩短", "压缩", "少"), "减少"),
}
# A list number at the start of a paragraph or line: "1." / "（1）" / "一、".
RE_LEADING_MARKER = re.compile(
    rf"^\s*(?:\d{{1,2}}[.．、](?=\D|\d{{1,2}}月)|[（(](?:\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})[）)]"
    rf"|[{CN_NUMERALS}]+、)",
    re.M,
)
RE_QUOTED = re.compile(r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"")
# Round-the-clock service is a name, no figure: 24小时 followed by what is done or offered
# round the clock (24小时自助服务, 提供24小时政策咨询, 热线24小时不间断受理); a time limit or an
# amount of time stays a quantity (24小时内办结, 24小时办结, 24小时左右, 超过24小时的). So is
# round-the-year service: 365天不打烊, 7×24小时365天工作制度.
RE_NAMED_HOURS = re.compile(
    r"(?:24\s*小时|365\s*天)(?![内之以左前后的]|办结|办理完|回复|答复|反馈|响应|到达|到场|处置|完成|签收)"
    r"(?=[\u4e00-\u9fff])"
)


@dataclass
class Quantity:
    """A number with its unit at its place in a sentence, before it is a fact."""

    start: int
    end: int
    value: int | float
    unit: str
    flat: bool = False  # 持平: a change of zero
    basis: str | None = None
    bracketed: bool = False  # a bare count in brackets after a listed name: "社保卡申领(60)"


def prepare(text: str) -> str:
    """One paragraph per line, stray spaces dropped, list numbers blanked out."""
    text = strip_glosses(halfwidth_digits(text.replace("**", "")))
    lines = [squeeze_spaces(line) for line in text.split("\n")]
    return RE_LEADING_MARKER.sub(lambda m: " " * len(m.group(0)), "\n".join(lines))


def split_sentences(line: str) -> list[str]:
    """A line cut after each 。；！？ (the mark kept with its sentence)."""
    pieces = re.split(r"(?<=[。；;！？!?])", line)
    return [piece for piece in pieces if piece.strip()]


# A bare count in brackets after each name of a list: "社保卡申领(60)、换领身份证(28)".
RE_BRACKETED_COUNT = re.compile(
    r"(?<=[\u4e00-\u9fff”\"])[（(](\d{1,3}(?:,\d{3})+|\d{1,9})[）)](?=\s*(?:[、，,。；;]|$))"
)


# A bound that names a class of what is counted: "90%以下的单位", "90%-95%的单位".
KIND_UNITS = ("类", "種", "种", "類")
# Words whose first character is a unit: after a number they are no unit but the next word
# ("12348天津法网", "占全市110处置警情", "12345通过…").
WORDS_OPENING_WITH_UNIT = frozenset(
    ["天津", "处置", "处理", "處置", "處理", "通过", "通過", "通知", "名称", "名稱", "分别", "分別",
     "面积", "面積", "期间", "期間", "人民"]
)  # fmt: skip
RE_CLASS_BOUND = re.compile(r"\s*(?:以上|以下|以内|及以上|及以下|[-—~～至到]\s*[\d.]*\s*%?)的")


# Places listed or counted whose measure passed a bound: "北京、上海、广东三省…接收量超过5万件",
# "等8个省份业务量超过10万件" — the places are counted, the bound names them.
RE_PLACES_OVER = re.compile(
    r"(?:等|[\d一二三四五六七八九十]+个?)(?:省份|省|城市|地市)\S*(?:超过|逾|多于)\s*$"
)


# A comparison right before a number makes it a bound the text measures against, not a value.
RE_BOUND_BEFORE = re.compile(r"(?:未达到|未达|低于|高于)\s*$")


def quantities_of(sentence: str) -> list[Quantity]:
    """Every quantity the sentence states, in order (not those hidden in quotes, a time of
    day, a rank range, a bound or a formula)."""
    hidden = [range(m.start(), m.end()) for m in RE_QUOTED.finditer(sentence)]
    hidden += [range(m.start(), m.end()) for m in RE_NAMED_HOURS.finditer(sentence)]

    def is_hidden(position: int) -> bool:
        return any(position in span for span in hidden)

    found: list[Quantity] = []
    for match in RE_QUANTITY.finditer(sentence):
        if is_hidden(match.start()):
            continue
        number, multiplier, unit = match.group(2), match.group(3), match.group(5)
        if unit == "分" and match.start() > 0 and sentence[match.start() - 1] in "时点:：":
            continue  # a time of day (9时30分), not a score
        if unit in ("名", "位") and match.start() and sentence[match.start() - 1] in "前后":
            continue  # "前10名的单位": a rank range, no quantity
        if unit in KIND_UNITS and re.match(
            r"[\u4e00-\u9fff]", sentence[match.end() : match.end() + 1]
        ):
            continue  # "其它9类行权事项受理": a name of kinds, not a count of them ("共6类。")
        if sentence[match.end() - 1 : match.end() + 1] in WORDS_OPENING_WITH_UNIT:
            continue  # "12348天津法网", "110处置警情": a code before a word, no count
        if RE_CLASS_BOUND.match(sentence, match.end()):
            continue  # "满意率90%以下的单位4家": a bound naming what is counted, no quantity
        if re.search(r"[*×÷/=＝]\s*$", sentence[max(0, match.start() - 2) : match.start()]):
            continue  # "差评率=差评数/评价数*100%": a term of a formula, no quantity
        if RE_PLACES_OVER.search(re.split(r"[，,。；;]", sentence[: match.start()])[-1]):
            continue  # "等8个省份业务量超过10万件": a bound the places passed, no value stated
        if RE_BOUND_BEFORE.search(sentence, 0, match.start()):
            continue  # "评价率未达到100%", "低于100分高于95分的单位": a bound, no value stated
        value = parse_number(number)
        if value is None:
            continue
        if multiplier and unit in MONEY_UNITS:
            unit = multiplier + unit  # money keeps its unit: 5000万元 stays 5000 万元
        elif multiplier:
            value = scale(value, MULTIPLIERS[multiplier])
        found.append(Quantity(match.start(), match.end(), value, unit))
        found += _sharing_unit(sentence, match.start(), unit, multiplier, is_hidden)
    bracketed = list(RE_BRACKETED_COUNT.finditer(sentence))
    if len(bracketed) >= 2:  # a list of names, each with its count: "A(60)、B(53)"
        for match in bracketed:
            value = parse_number(match.group(1))
            if value is not None and not is_hidden(match.start(1)):
                found.append(Quantity(match.start(1), match.end(1), value, "", bracketed=True))
    for match in RE_NAMED_COUNT.finditer(sentence):
        value = parse_number(match.group(1))
        if value is not None and not is_hidden(match.start(1)):
            found.append(Quantity(match.start(1), match.end(1), value, ""))
    for match in RE_SCORE.finditer(sentence):
        value = parse_number(match.group(1))
        if value is not None and not is_hidden(match.start(1)):
            found.append(Quantity(match.start(1), match.end(), value, "分"))
    for match in RE_FLAT.finditer(sentence):
        basis = _basis(match.group(0))
        found.append(Quantity(match.start(), match.end(), 0, "", flat=True, basis=basis))
    found += _unit_lost_in_list(sentence, found, is_hidden)
    return sorted(found, key=lambda q: q.start)


# A name and a bare number closing a list item: "、县交通局320、", "；公共服务类374，占比5.0%".
RE_ITEM_WITHOUT_UNIT = re.compile(
    rf"[、，,；;]\s*[\u4e00-\u9fff（）()]{{2,16}}?(?<=[\u4e00-\u9fff）)]){NUMBER}(?=\s*(?:[、，,；;。]|$))"
)


def _unit_lost_in_list(
    sentence: str, found: list[Quantity], is_hidden: Callable[[int], bool]
) -> list[Quantity]:
    """A listed item whose count lost its unit ("下水道堵塞175件、机动车乱停放164") counts in
    the unit of the items before it: a list, two counts in one unit, the last right before it
    (a share after it, "占比11.1%", is passed over). Not a change ("比去年同期上升13")."""
    taken = {q.start for q in found}
    lost = []
    for match in RE_ITEM_WITHOUT_UNIT.finditer(sentence):
        start = match.start(1)
        if start in taken or is_hidden(start) or "." in match.group(1):
            continue
        before = [q for q in found if q.end <= match.start() and not q.flat]
        counts = [q for q in before if q.unit not in ("%", "个百分点", "") and not q.bracketed]
        if (
            len(counts) < 2
            or counts[-2].unit != counts[-1].unit  # a list: two counts in one unit before it
            or before[-1].unit not in (counts[-1].unit, "%")
            or re.search(rf"比|较|{_DIRECTION}", match.group(0))  # "比去年同期上升13": a change
        ):
            continue
        gap = sentence[counts[-1].end : match.start()]
        if len(gap) > 16 or re.search(r"[。\d]", re.sub(NUMBER + r"\s*%", "", gap)):
            continue  # the item before is the last count of the list, and no other number
        value = parse_number(match.group(1))
        if value is not None:
            lost.append(Quantity(start, match.end(1), value, counts[-1].unit))
    return lost


# "3.67、3.56、1.02个百分点", "1200、1150件": numbers listed before the one that carries the
# unit share it (and its 万).
RE_LISTED_NUMBERS = re.compile(rf"(?:(?<![\d.A-Za-z第\-]){NUMBER}\s*(?:[、]|和|及|与)\s*)+$")


def _sharing_unit(
    sentence: str,
    position: int,
    unit: str,
    multiplier: str | None,
    is_hidden: Callable[[int], bool],
) -> list[Quantity]:
    """The bare numbers listed right before a quantity, each in the quantity's unit."""
    listed = RE_LISTED_NUMBERS.search(sentence, 0, position)
    if not listed or unit in ("年", "月", "日"):
        return []
    found = []
    for match in re.finditer(NUMBER, listed.group(0)):
        start = listed.start() + match.start()
        value = parse_number(match.group(1))
        if value is None or is_hidden(start):
            continue
        if multiplier and unit not in MONEY_UNITS:
            value = scale(value, MULTIPLIERS[multiplier])
        shared = multiplier + unit if multiplier and unit in MONEY_UNITS else unit
        found.append(Quantity(start, listed.start() + match.end(), value, shared))
    return found


def split_change(before: str) -> tuple[str, Comparison | None]:
    """The words before a number without the change they end on, and that change: "同比增加"
    → ("", Comparison(同比, 增加))."""
    stripped = before.rstrip()
    match = RE_CHANGE_TAIL.search(stripped)
    if not match:
        return before, None
    direction = DIRECTIONS[match.group("direction")]
    label, basis = stripped[: match.start()], match.group("basis") or ""
    if not basis and (lead := RE_LEADING_BASIS.match(label)):
        # "环比二季度不满意率减少51件": the basis first, then what changed
        label, basis = label[lead.end() :], lead.group(0)
    return label, Comparison(_basis(basis), direction)


RE_LEADING_BASIS = re.compile(r"^(?:环比|同比)(?:上?[一二三四]季度|上月|上周|上年|去年同期|去年)?")


def _basis(words: str) -> str | None:
    if not words:
        return None
    if "同比" in words or "去年" in words or "上年" in words:
        return "同比"
    if any(word in words for word in ("环比", "上月", "上周", "季度")):
        return "环比"
    return None

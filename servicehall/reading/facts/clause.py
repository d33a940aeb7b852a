"""One quantity's fact, read in its clause: label, scope, comparison, or the noun after it."""

from __future__ import annotations

import re

from servicehall.gbt9704.document import Comparison, Fact
from servicehall.reading.facts.label import (
    BARE_VERBS,
    LEADING_VERBS,
    RE_THROUGH,
    TRAILING_FILLERS,
    label_and_scope,
    strip_leading_time,
    trim,
    verb_and_scope,
)
from servicehall.reading.facts.quantities import Quantity, split_change
from servicehall.reading.facts.scope import RE_NAMED_SUBJECT, WHO_ENDINGS, named_channel
from servicehall.reading.numbers import DURATION_UNITS

CLAUSE_DELIMITERS = set("，,。；;：:！？!?\n《》【】")


# A label that ends so, or is only a verb, is no noun phrase: the noun after the number is.
WEAK_ENDINGS = ("等", "的", "对", "向", "给", "为", "共有", "有", "新增", "完成", "制定", "了")


# A bracketed part inside a name is the name's: 村(社区)代办点, 县(市、区), 镇(街)网上办事服务站.
_NAME_PART = r"(?:[\u4e00-\u9fff“”]|[（(][\u4e00-\u9fff、]{1,6}[）)](?=[\u4e00-\u9fff]))"
RE_NOUN_AFTER = re.compile(
    r"(?:以内|之内|内)?(?:即可|即|就|均|须|可)?(?:作出|完成|办结|给予|予以)?"
    rf"({_NAME_PART}{{1,16}}?)"
    r"(?=[，,。；;：:、“\s\d]|[（(](?![\u4e00-\u9fff、]{1,6}[）)][\u4e00-\u9fff])|的|$|提交|进行|开展|予以|共计|累计|共|实现|已|均|纳入|通过|并"
    # what is said of the things counted: "9个服务窗口全部开放", "200个停车位供群众使用"
    r"|全部|全面|一起|供|排名|正在|得到)"
)


# A verb of providing or setting up, done (了) or not, ending what stands before a number:
# "中心提供了200个停车位", "确定了23家涉企单位" count the noun after it.
RE_PROVIDING = re.compile(
    r"(?:提供|配置|配备|确定|安装|设置|开通|布设|投放|新建|建成|设立|开设|完工|招募|选派|明确|"
    r"入驻|进驻|公布)了?$"
)
RE_EACH_HOLDER = re.compile(r"^每(?:个|一个|台|间)?[\u4e00-\u9fff]{1,6}$")


# What a list counts, before its names: "差评标签分别为：", "前五的事项为：".
RE_LIST_HEAD = re.compile(r"(?:分别|依次)?(?:为|是)?[：:]|(?:分别|依次)(?:为|是)")


def ranked_item_fact(
    sentence: str, quantity: Quantity, ranking: re.Match[str] | None
) -> Fact | None:
    """ "受理量前3位的部门窗口：市公安局（236件）、…": 236 件 of 受理量, scope 市公安局."""
    in_ranking = ranking is not None and (
        ranking.start("items") < quantity.start < ranking.end("items")
    )
    if quantity.bracketed and not in_ranking:
        return _listed_count_fact(sentence, quantity)
    if ranking is None or not in_ranking:
        return None
    if sentence[quantity.start - 1] not in "（(":
        return None
    item = re.split(r"[、,，：:]", sentence[ranking.start("items") : quantity.start - 1])[
        -1
    ].strip()
    measure = trim(strip_leading_time(ranking.group("measure").strip()))
    if not item or not measure:
        return None
    text = f"{item}{sentence[quantity.start - 1 : quantity.end]}"
    return Fact(measure, quantity.value, quantity.unit, text, item, None)


def _listed_count_fact(sentence: str, quantity: Quantity) -> Fact | None:
    """ "群众选择最多的差评标签分别为：超期办理(212)、…": 212 of 差评标签, scope 超期办理."""
    opening = quantity.start - 1
    heads = list(RE_LIST_HEAD.finditer(sentence, 0, opening))
    if not heads:
        return None
    head = heads[0]
    item = re.split(r"[、，,：:]", sentence[head.end() : opening])[-1].strip()
    measure_text = re.split(r"[，,。；;]", sentence[: head.start()])[-1]
    measure = trim(strip_leading_time(measure_text.strip()))
    measure = re.sub(r"^.*最(?:多|高|少|低)的", "", measure)  # what the list ranks, not how
    if not item or not measure:
        return None
    text = f"{item}{sentence[opening : quantity.end + 1]}"
    return Fact(measure, quantity.value, "", text, item, None)


def clause_start_before(text: str, number_start: int, previous_end: int) -> int:
    """Walk back from the number to the clause start; brackets inside the label are kept.

    A colon right before the number is read through: "办件量：3382件" is labelled 办件量.
    """
    depth = 0
    position = number_start
    while position > previous_end:
        char = text[position - 1]
        if char in "）)":
            depth += 1
        elif char in "（(":
            if depth == 0:
                break  # "（减免147.59亿元" — the bracket opens the clause
            depth -= 1
        elif char in CLAUSE_DELIMITERS and depth == 0:
            if char in "：:" and not _label_text(text[position:number_start]):
                position -= 1
                continue
            break
        position -= 1
    return position


def _label_text(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", text)


def clause_fact(
    sentence: str, quantity: Quantity, before: str, previous: Fact | None, clause_start: int
) -> Fact | None:
    """The fact a quantity states: its label, scope and comparison from the words ``before``
    it in its clause, or the noun after it; ``previous``, the sentence's fact before it (a
    change with no words of its own is of it). None where the quantity states no fact."""
    clause_end = quantity.end
    if quantity.flat:
        label_part = before
        comparison: Comparison | None = Comparison(quantity.basis, "持平")
    else:
        label_part, comparison = split_change(before)
    label, scope = label_and_scope(label_part)
    listed = False
    tail = sentence[quantity.end :]
    if quantity.unit in DURATION_UNITS and re.match(r"(?:以内|之内|内)", tail):
        noun = _noun_after(sentence, quantity.end)
        if noun and noun not in ("以内", "之内", "内"):  # "5个工作日内完成核实整改": 核实整改
            label, scope = noun, None
            clause_end = sentence.find(noun, quantity.end) + len(noun)
    elif comparison is not None and not label:
        if previous is None:
            return None  # a change of nothing stated
        label, scope = previous.label, scope or previous.scope
    elif (
        not label
        or (listed := _listed_members(label_part, quantity, sentence))
        or label_part.rstrip().endswith(WEAK_ENDINGS)
        or RE_DONE.search(label_part)  # "筹建了近2000平方米的…": a verb done, no noun
        or label in LEADING_VERBS
        or label in BARE_VERBS
        or RE_PROVIDING.search(label)
        or _counts_noun_after(sentence, quantity)
    ):
        noun = _noun_after(sentence, quantity.end)
        noun_end = sentence.find(noun, quantity.end) + len(noun)
        if noun.startswith("的") and len(noun) > 2:
            # "建立了面积为1.5万平方米的审批中心": the 面积 of the 审批中心
            measure = trim(re.split(r"[了的在把将对]", label_part)[-1])
            named = len(measure) >= 2 and measure not in (*BARE_VERBS, *TRAILING_FILLERS)
            noun = noun[1:] + (measure if named else "")
        if noun:  # "等5个检查事项", "对14名工作人员": the noun after is the label
            label, clause_end = noun, noun_end
            if (
                (places := RE_MEMBERS.match(label))
                and places.group("place")
                and (hotline := RE_NUMBERED_NAME.match(sentence, noun_end))
            ):
                # "20个省份开通了12328官方网站": the name the number opens is what they did
                label, clause_end = label + hotline.group(0), hotline.end()
            label = _members_that(label)
            if len(label) <= 4 and (achieved := RE_ACHIEVED.match(sentence, noun_end)):
                # "58个事项实现“不见面办理”": a bare noun (事项, 窗口) is named by what the
                # members counted achieved; a noun that names them ("依申请政务服务事项") is
                # their label as it stands
                label = f"实现{achieved.group('what')}的{label}"
                clause_end = achieved.end()
            if (holder := RE_PROVIDING.search(label_part.rstrip())) and RE_EACH_HOLDER.match(
                label_part[: holder.start()].strip()
            ):
                # "每个窗口配置1个评价器": the 评价器 of 每个窗口
                label = f"{label_part[: holder.start()].strip()}{label}"
            scope = scope if not label_part.strip() or verb_and_scope(label_part) else None
            scope = None if listed else scope
            holder_name = trim(strip_leading_time(label_part[: holder.start()])) if holder else ""
            if holder and scope is None and holder_name.endswith(WHO_ENDINGS):
                scope = holder_name  # "区级政务服务大厅入驻15个部门": the hall's 部门
        elif not label and previous is not None:
            carried = _carried_label(previous, quantity.unit)
            if scope and (subject := RE_NAMED_SUBJECT.match(carried)):
                # "12345热线受理工单…，其中东坪镇17件": 东坪镇's 受理工单, not the hotline's
                carried = carried[subject.end() :]
            label, scope = carried, scope or previous.scope
    if (
        previous is not None
        and scope is None
        and comparison is None
        and named_channel(label)
        and ("其中" in before or (previous.scope and named_channel(previous.scope)))
    ):
        # "问题122个，其中市民热线116个，市长信箱5个": the channels' shares of the 问题
        label, scope = _carried_label(previous, quantity.unit), label
    if not label and quantity.flat:
        return None
    label = label or trim(label_part)
    if label and label == scope:
        label = ""  # "谯城区政府44件" with no measure named: a scope, no label
    text = sentence[clause_start:clause_end].strip()
    return Fact(label, quantity.value, quantity.unit, text, scope, comparison)


# Measure words (量词) that count things: "建立8个村(社区)便民服务代办站", "推出273项“信用+审批”事项".
COUNTING_WORDS = ("个", "项", "条", "家", "名", "所", "座", "批", "支", "套")


def _counts_noun_after(sentence: str, quantity: Quantity) -> bool:
    """Whether a count's measure word is followed at once by the noun it counts (N个X): the
    words before the number are then what was done to them, not what is counted."""
    if quantity.unit not in COUNTING_WORDS or not re.match(
        r"[\u4e00-\u9fff“]", sentence[quantity.end :]
    ):
        return False
    noun = _noun_after(sentence, quantity.end)
    # a noun of its own ("政务服务热线"), not a bare member (单位, 部门: 涉及34个单位), a bound
    # (60项以上) or a change (2135个增长了55%)
    return len(noun) >= 3 and not noun.startswith(
        ("以上", "以下", "左右", "余", "多", "增", "减", "降", "升", "提高", "高出", "超")
    )


# Units that count members (单位、窗口、镇): "A、B、C3家单位" counts the names listed before it.
MEMBER_UNITS = ("家", "个", "名", "所", "位")
RE_NAMES_LISTED = re.compile(r"(?:[\u4e00-\u9fff（）()]{2,16}、)+[\u4e00-\u9fff（）()]{2,16}\s*$")


def _listed_members(label_part: str, quantity: Quantity, sentence: str) -> bool:
    """ "区财政局、司法局、广兴洲镇3个被巡查单位", "东城区、西城区2家单位得分为满分": a count right
    after the names it counts is of the noun after it; the names are neither its label nor
    its scope."""
    return (
        quantity.unit in MEMBER_UNITS
        and (names := RE_NAMES_LISTED.search(label_part)) is not None
        # "市直、国企单位组共22家单位": a whole's total, not its members
        and not RE_THROUGH.search(names.group(0).rsplit("、", 1)[-1])
        and bool(_noun_after(sentence, quantity.end))
    )


# "受理工单共涉及34个单位，其中东坪镇17件": the 件 are of what the 单位 were counted for.
RE_INVOLVING = re.compile(r"(?:共|均|主要)?(?:涉及|覆盖|分布在|分布于)[\u4e00-\u9fff]*$")


def _carried_label(previous: Fact, unit: str) -> str:
    """The label a count with none takes from the one before: the same, or — in another unit,
    after a count of those it involved — what those were counted for."""
    if unit != previous.unit and (match := RE_INVOLVING.search(previous.label)):
        return previous.label[: match.start()] or previous.label
    return previous.label


# What the members counted achieved, said right after them: "110个窗口实现了“一窗受理”",
# "659项事项实现网上可办" count 实现…的窗口, 实现网上可办的事项.
RE_ACHIEVED = re.compile(
    r"\s*(?:已|均|全部|都)?实现了?(?P<what>“[^“”]{1,24}”|[\u4e00-\u9fff]{2,12}?)"
    r"(?=[，,。；;、）)\s]|$)"
)


# Who a count of members is of: "9个单位群众反映较好" counts 群众反映较好的单位.
RE_MEMBERS = re.compile(
    r"^(?:(?P<noun>单位|部门)(?P<what>[\u4e00-\u9fff]{2,})"
    # places counted by what they did: "20个省份开通了…", "12个村建成…" (a verb must follow:
    # "5个村民小组" is no 村)
    r"|(?P<place>省份|城市|地市|村|社区|乡镇|镇街)(?P<did>(?:开通|建成|建立|设立|出台|上线|印发)"
    r"了?[\u4e00-\u9fff]*(?:1\d{4,5}[\u4e00-\u9fff]*)?))$"
)


# A name that opens with a hotline's number: "12328官方网站", "12320".
RE_NUMBERED_NAME = re.compile(r"1\d{4,5}[\u4e00-\u9fff]{0,12}(?=[，,。；;、）)\s]|$)")


# "单位负责人", "部门窗口": a noun after 单位 is what is counted, no predicate.
MEMBER_NOUNS = ("中心", "大厅", "窗口", "人员", "负责人", "领导", "名单", "数")


def _members_that(noun: str) -> str:
    """ "单位存在逾期现象" (after "5家") → 存在逾期现象的单位: the members of which it holds."""
    match = RE_MEMBERS.match(noun)
    if match and match.group("place"):
        return f"{match.group('did')}的{match.group('place')}"
    what = match.group("what") if match else ""
    if (
        not match
        or what.startswith(("的", "和", "及", "与"))
        or what.startswith(MEMBER_NOUNS)
        or what.endswith(MEMBER_NOUNS)
    ):
        return noun
    return f"{match.group('what')}的{match.group('noun')}"


def _noun_after(text: str, position: int) -> str:
    match = RE_NOUN_AFTER.match(text, position)
    return match.group(1) if match else ""


RE_DONE = re.compile(r"[\u4e00-\u9fff]了\s*(?:近|约|超|逾|共|共计)?\s*$")

"""What the words before a number name (名称): fillers and times trimmed; a clause's label, scope."""

from __future__ import annotations

import re

from servicehall.reading.facts.scope import (
    OWN_SCOPE_VERBS,
    OWN_SCOPES,
    SELF_NAMES,
    scope_of,
    split_scope,
)
from servicehall.reading.numbers import CN_NUMERALS

RE_LEADING_TIME = re.compile(
    r"^(?:截至目前|截至|截止|今年以来|今年|年初以来|[一两三四五近多]年来|本年度|本季度|本周|本月|本年|当月|当周|当年|目前|同期|"
    r"确保|力争|调整后|改革后|整改后|优化后|经审查后|审查后|上线后|"
    rf"[{CN_NUMERALS}两\d]{{1,3}}个?多?(?:小时|天|日|周|个月|月份?)(?:内|里|来|以来)?|年内|月内|"
    r"\d{1,2}\s*[—–\-－~～至到]\s*\d{1,2}月份?|\d{4}年(?:初)?(?:以来)?|"
    r"\d{1,2}月份?(?:\d{1,2}日)?(?:\s*[—–\-－~～至到]\s*(?:\d{1,2}月)?\d{1,2}日)?|"
    r"(?:今年|去年)?(?:[一二三四]季度|第[一二三四]季度|上半年|下半年)|全年)"
)
LEADING_FILLERS = (
    "其中", "一共", "共计", "累计", "合计", "总计", "共有", "另有", "同时", "此外", "另外", "另", "共",
    # conjunctions that open a clause: "虽然…评价仅占比0.15%"
    "虽然", "尽管", "但是", "但也有", "但", "而且", "并且",
)  # fmt: skip
TRAILING_FILLERS = (
    "缩短至", "压缩至", "提升至", "提高至", "提高到", "下降至", "降至", "扩展到", "增加到",
    "提升到", "保持在", "分别为", "分别是", "共计", "累计", "合计", "总计", "达到", "超过",
    "共有", "将", "有", "为", "是", "达", "约", "近", "超", "逾", "计", "共", "等", "的", "在",
    "须在", "至", "评定为", "评定", "均突破", "突破",
)  # fmt: skip
# "咨询类占到47.3%": a share said with a verb is the noun's share.
RE_SHARE_VERB = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:所占|占到|占了|占)$")
# Words read through (读过): "电子证照累计签发" → 电子证照签发; what stood before may be a scope.
RE_THROUGH = re.compile(r"一共|共计|累计|合计|总计|共有|(?<![公一])共(?![享建同性])|其中")
# After these the label is what was held or covered: "开展业务培训4次" → 业务培训.
# "市民主要反映虫害防治等事项331件": what was reported is counted, not the reporting.
RE_HELD = re.compile(r"开展|进行|举办|涉及|涵盖|包括|主要反映")
RE_LISTED = re.compile(
    r"(?:分别|依次)(?:为|是)|(?:前|后)\s*\d{1,2}\s*(?:位|名)的?(?:是|为|有)"
    r"|(?:主要)?集中(?:在|于)|主要(?:是|为|涉及)"
)
# "当月受理有效事项排名前五名的单位分别是市公安局（226宗）": the measure is what is ranked.
RE_RANKED_MEASURE = re.compile(
    rf"^(?P<measure>.+?)(?:排名|排在|位居|居)?(?:前|后)\s*(?:\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*(?:位|名)"
)
RE_EXAMPLES = re.compile(r"等(?![候待级同额])")


# Verbs a label may open with before a scope or the noun after the number ("完成科技厅5个办理项").
LEADING_VERBS = ("完成", "新增", "制定", "组织", "对", "为", "向", "给")


# What is counted (计数对象): the noun a list's items are kinds of.
COUNTED_NOUNS = (
    "诉求",
    "工单",
    "事项",
    "评价",
    "来电",
    "来信",
    "问题",
    "投诉",
    "差评",
    "信件",
    "案件",
)


# What is done with a whole, in a word: "接听群众来电8947个，其中转办2274件，办结1715件".
RE_STEP = re.compile(
    r"^(?:转办|直办|办结|办理|回复|回访|受理|答复|交办|退回|办结率|直办率|回复率|接通率|接通)$"
)


RE_LATER_STEP = re.compile(
    r"^(?:正在|应|已|按期|按时|超期|超时|未)?(?:办理|办结|受理|转办|回复|回访|答复|交办)"
    r"(?:中|工单)?$"
)


def open_bracket(text: str, position: int) -> int | None:
    """Where the bracket that ``position`` stands in opens (within 40 characters), or None."""
    depth = 0
    for index in range(position - 1, max(-1, position - 41), -1):
        char = text[index]
        if char in "）)":
            depth += 1
        elif char in "（(":
            if depth == 0:
                return index
            depth -= 1
    return None


# A share (占比): "X类共N件，占P%" (or 占比P%, 占总量的P%, 约占P%) is X类's: labelled X类占比.
RE_SHARE = re.compile(
    r"^(?:约|大约|所|分别)?占(?:比|比率|比重|比例)?(?P<whole>.{0,12}?)(?:的)?(?:比重|比例)?$"
)


# A label that is only a verb names nothing (有, 形成, 安装): the fact says its label is unknown.
BARE_VERBS = {
    "有", "形成", "安装", "达到", "实现", "共有", "完成", "新增", "开展", "收到", "累计", "新设",
    "新建", "设立", "建成", "开设", "配备", "设置", "接到", "组织", "举办", "产生", "出现", "存在",
}  # fmt: skip
UNLABELLED = "（名称未识别）"


# An aside in brackets (括注): "泰州市平台（主要覆盖市区）受理", "（含省长信箱、…）".
RE_ASIDE = re.compile(r"[（(](?:主要|含|包括|包含|以下简称|即|注|不含|其中)[^（）()]*[）)]")


# "受理的9230件办件中，省长热线转办13件": what follows is counted among those 办件.
RE_AMONG_INLINE = re.compile(rf"(?:{'|'.join(('办件', *COUNTED_NOUNS))})中")


# "比今年上半年日均量2135个": the time compared with, no part of what is counted.
RE_COMPARED_TIME = re.compile(
    r"^(?:比|较|与)(?:今年|去年|上年)?(?:上半年|下半年|[一二三四]季度|同期|上月|上周|上季度)"
)


def label_and_scope(before: str) -> tuple[str, str | None]:
    """The label (名称) and the scope (范围) a clause names before its number."""
    text = trim(strip_leading_time(RE_ASIDE.sub("", before).strip()))
    text = RE_COMPARED_TIME.sub("", text) or text
    if (share := RE_SHARE.match(text)) and share.group("whole").startswith(tuple(OWN_SCOPES)):
        # "占全市总量的": the report's own place in the whole a share is of is no scope; the
        # share is that of the count before it (measures.apply_shares_and_rates)
        return text, None
    listed = last_match(RE_LISTED, text)
    ranked = RE_RANKED_MEASURE.match(text)
    if listed and ranked and (item := scope_of(trim(text[listed.end() :]))):
        # "…排名前五名的单位分别是市公安局（226宗）": 受理有效事项 of 市公安局
        return trim(strip_leading_time(ranked.group("measure"))), item
    if match := last_match(RE_LISTED, text):
        text = text[match.end() :]  # "排在前五位的分别为卫生健康类2652件": 卫生健康类
    if (match := last_match(RE_AMONG_INLINE, text)) and match.end() < len(text):
        text = text[match.end() :]  # "（受理的9230件）办件中省长热线转办": 省长热线转办
    scope: str | None = None
    if match := last_match(RE_HELD, text):
        head, tail = text[: match.start()], trim(text[match.end() :])
        if tail:
            text = tail
            scope = scope_of(trim(head))
    elif match := last_match(RE_THROUGH, text):
        head, tail = trim(text[: match.start()]), trim(text[match.end() :])
        if head and (whole := scope_of(head)) and tail:
            scope, text = whole, tail
        elif head in OWN_SCOPES or not head:
            text = tail
        else:
            text = head + tail
    if (
        (match := last_match(RE_EXAMPLES, text))
        and match.end() < len(text)
        and re.search(r"[、，,]", text[: match.start()])
    ):
        # "不动产登记、社保等高频事项" counts 高频事项: the list names examples. One matter
        # before 等 ("虫害防治及伐移树木等事项") names what is counted: it stays.
        text = text[match.end() :].removeprefix("类")  # "道路等类工单": 等类, of 工单
    text = trim(text)
    for verb in LEADING_VERBS:
        if text.startswith(verb) and (whole := scope_of(text[len(verb) :])):
            return "", whole  # "完成科技厅5个办理项": the noun after is the label
    if scope is None and (received := RE_RECEIVER.match(text)):
        # "“市长信箱”共收到群众来信": the channel that received them is the scope, what it
        # received is what is counted
        return received.group("what"), received.group("who")
    if scope is None and (where := RE_LOCATIVE.match(text)) and trim(where.group("rest")):
        # "我局在县政府网站上发布信息": where it was done is the scope, the doer no part of it
        scope, text = where.group("where"), where.group("rest")
    if scope is None:
        scope, text = split_scope(text)
    text = trim(text)
    for own in OWN_SCOPES:
        if own in SELF_NAMES and text.startswith(own) and len(text) > len(own):
            text = trim(text[len(own) :])  # "我县农林畜牧水利类": the report names itself
        if text == own or (text.startswith(own) and text[len(own) :].startswith(OWN_SCOPE_VERBS)):
            text = trim(text[len(own) :])  # "全市收到差评": the report's own scope is no label
    return text, scope


# A channel by its name (a mailbox, hotline, message board or platform, often in quotes) before
# a verb of receiving: who received what is counted. A bare 平台 or 热线 names none. (A 系统 stays part of the label, as the
# specification's platforms do: 政务服务“好差评”系统收到评价.)
RE_RECEIVER = re.compile(
    r"^(?:我市|我区|我县|我省|该市|该区|该县)?"
    r"(?P<who>[\u4e00-\u9fff“”（）()\d]{2,20}?(?:热线|信箱|留言板|平台)”?)"
    r"(?:收到|接到|接收)(?P<what>[\u4e00-\u9fff“”]{2,16})$"
)


# "在某平台上", "在大厅内": where a thing was done, before what was done.
RE_LOCATIVE = re.compile(
    r"^[\u4e00-\u9fff]{0,8}?在(?P<where>[\u4e00-\u9fff“”]{2,16}?)(?:上|内|里)(?P<rest>[\u4e00-\u9fff].*)$"
)


def verb_and_scope(text: str) -> bool:
    """ "完成科技厅": a verb and nothing but a scope."""
    text = trim(strip_leading_time(text.strip()))
    return any(text.startswith(v) and scope_of(text[len(v) :]) for v in LEADING_VERBS)


def strip_leading_time(text: str) -> str:
    """The text without the time words it opens with ("截至目前", "1-6月", "今年以来")."""
    while (match := RE_LEADING_TIME.match(text)) and match.end() < len(text) + 1:
        text = text[match.end() :].lstrip("，, ")
        if not match.group(0):
            break
    return text


RE_ORDINAL_ITEM = re.compile(rf"^(?:第?[{CN_NUMERALS}]{{1,3}}是|其[{CN_NUMERALS}])[，,：:]?")
# Words whose last character is a filler when it stands alone: 约 (about), 近 (nearly).
WORDS_ENDING_LIKE_FILLERS = ("预约", "签约", "履约", "节约", "公约", "合约", "最近", "附近")
RE_ADVERB_BEFORE_SHARE = re.compile(r"(?:仅仅|仅|只|已经|已|均|约|近)(?=占)")


RE_ASPECT = re.compile(r"(?<=[\u4e00-\u9fff])(?<![为除])了(?![解结])(?=[\u4e00-\u9fff“])")


def trim(label: str) -> str:
    """A label without what names nothing counted: fillers read through (共计, 达到), an
    ordinal, an aside with a number, an aspect particle."""
    label = re.sub(r"[（(][^（）()]*\d[^（）()]*[）)]", "", label)  # "高峰时段（9时30分—11时）"
    label = label.strip(" ，,、和：:")
    # an item's ordinal ("一是", "第二是", "其三") numbers a list, it names nothing counted
    label = RE_ORDINAL_ITEM.sub("", label)
    # the aspect particle of a verb says nothing of what is counted: "公开了本部门行政职权"
    label = RE_ASPECT.sub("", label)
    label = RE_ADVERB_BEFORE_SHARE.sub("", label)  # "评价仅占比": the share, not how small
    if label in LEADING_FILLERS:
        return ""  # "共计114项": read through, nothing is left (not 计)
    changed = True
    while changed and label:
        changed = False
        for filler in LEADING_FILLERS:
            if label.startswith(filler) and len(label) > len(filler):
                label, changed = label[len(filler) :].lstrip(), True
                break
        for filler in TRAILING_FILLERS:
            if label.endswith(filler) and len(label) > len(filler):
                if label.endswith(WORDS_ENDING_LIKE_FILLERS):
                    break  # "受理预约1200件": 预约 is a word, not 预 and 约 (about)
                label, changed = label[: -len(filler)].rstrip(), True
                break
    if label in LEADING_FILLERS or label in ("和", "及", "与"):
        return ""
    return RE_SHARE_VERB.sub("占比", label)


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text``, or None."""
    match = None
    for match in pattern.finditer(text):  # noqa: B007
        pass
    return match

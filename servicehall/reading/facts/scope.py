"""Who or where words name (范围): departments, places, channels, levels; the test for one."""

from __future__ import annotations

import re

# Scope (范围): departments and centers, counties and districts, channels.
_ORG_SUFFIXES = (
    "办公室", "中心", "总队", "支队", "大队", "分局", "分行", "银行", "公司", "集团", "机构", "政府",
    "厅", "局", "委", "院", "署",
)  # fmt: skip
PLACE_SUFFIXES = ("街道", "县", "区", "市", "州", "镇", "乡")
# What may not follow a county's or city's name: "新设市场主体" is no 新设市.
_NOT_AFTER_PLACE = tuple("场民域块级内外直属政长")
# Areas of a hall, not places: 服务区, 办事区; nor is 城乡 / 城镇 ("住房城乡建设", "城镇职工").
_NOT_PLACES = ("服务区", "功能区", "办事区", "等候区", "休息区", "自助区", "示范区", "城乡", "城镇")
CHANNELS = (
    "自助终端", "移动端", "网上", "线上", "线下", "窗口", "掌上", "电话", "热线", "来电", "网络",
    "短信", "现场", "邮寄", "多媒体", "微信", "微博", "网站", "邮件", "信件",
)  # fmt: skip
# Levels of government (层级): "市级受理120件；县级受理300件".
LEVELS = (
    "省级", "市级", "县级", "区级", "乡镇", "镇级", "乡级", "村级", "县直", "市直", "区直", "省直",
    "市本级", "县本级", "区本级", "乡镇（街道）",
)  # fmt: skip
# What a channel does: "网上办理", "线上评价" — a channel word is a scope only before these.
CHANNEL_ACTIONS = ("办理", "受理", "申报", "提交", "评价", "预约", "咨询", "办件", "访问", "办结")
WINDOW_ACTIONS = (*CHANNEL_ACTIONS, "提供", "开展", "接待", "出件")
# Before these the report's own scope is the subject, not part of the label: "全市收到差评12件";
# before a noun it is part of it: "全区一体化平台办件数".
OWN_SCOPE_VERBS = (
    "收到", "受理", "办理", "办结", "新增", "新设", "上线", "完成", "产生", "接待", "提供", "开展",
    "实现", "建成", "出现", "存在",
)  # fmt: skip
# A name that starts so is an action, not a department: "建成乡镇（街道）便民服务中心11个".
ACTION_STARTS = ("建成", "新建", "设立", "开设", "建立", "组建", "上线", "新设", "新增", "完成")
# "我县"/"我市" is how a report names its own place: the report's scope, no part of a label.
OWN_SCOPES = {
    "全省", "全市", "全区", "全县", "本中心", "省本级", "市本级", "区本级", "县本级",
    "我省", "我市", "我区", "我县", "本省", "本市", "本区", "本县",
}  # fmt: skip
SELF_NAMES = {"我省", "我市", "我区", "我县"}
RE_SCOPE_PREFIX = re.compile(
    r"^([\u4e00-\u9fff（）()\d]{2,30}?"
    rf"(?:{'|'.join(_ORG_SUFFIXES)}|(?<=[\u4e00-\u9fff]{{2}})(?:{'|'.join(PLACE_SUFFIXES)})))"
)
RE_LINE_SCOPE = re.compile(r"^([\u4e00-\u9fff（）()]{2,20})[：:]")


# "X中，": what the counts after it are among, where a sentence opens with it ("本月来信中，",
# "在所有参与部门和单位中，") or a clause does ("…，收到的有效评价中，非常满意445,832条"). One
# pattern; each rule that reads it bounds what X may be (among_opening).
RE_AMONG = re.compile(r"(?:^|[，,。；;：:])\s*在?(?P<among>[^，,。；;：:]{2,40}?)中[，,：:]")


def among_opening(sentence: str, longest: int = 40, digits: bool = True) -> re.Match[str] | None:
    """The "X中，" a sentence opens with, X of at most `longest` characters and holding a digit
    only where `digits` allows it."""
    match = RE_AMONG.match(sentence)
    if match is None or len(match.group("among")) > longest:
        return None
    return None if not digits and re.search(r"\d", match.group("among")) else match


# What a heading names when it names who or where the paragraphs under it speak of: a channel
# ("（一）市长信箱"), a hall or centre ("1县政务服务大厅投票情况。"), a department or place.
WHO_ENDINGS = (
    *_ORG_SUFFIXES,
    "热线",
    "信箱",
    "窗口",
    "大厅",
    "分中心",
    "平台",
    "街道",
    "镇",
    "乡",
)


# "全省12345热线共受理诉求180万件，办结150万件，正在办理中29万件": the hotline named before the
# first count's verb is who did the steps after it in the sentence.
RE_NAMED_SUBJECT = re.compile(
    r"^(?P<subject>(?:全省|全市|全区|全县|省|市|区|县)?[\u4e00-\u9fff（）()\d]{0,16}?"
    r"(?:热线|信箱|平台|大厅|服务中心|分中心|窗口))(?=受理|办理|收到|接听|接到|接收|转办|咨询)"
)


# What goes on a name that ends like a department's: "12345政府热线", "市政府网站" are no 政府.
NAME_GOES_ON = ("热线", "网站", "门户", "信箱", "服务热线", "便民热线")


def split_scope(text: str) -> tuple[str | None, str]:
    """ "网上办理" → (网上, 办理); "市公安局差评" → (市公安局, 差评); no scope → (None, text)."""
    for channel in CHANNELS:
        rest = text[len(channel) :]
        if text.startswith(channel) and rest.startswith(CHANNEL_ACTIONS):
            return channel, rest
    whole = scope_of(text)
    if whole:
        return whole, ""
    for length in range(len(text) - 1, 1, -1):
        prefix, rest = text[:length], text[length:]
        if prefix in LEVELS and rest.startswith(("部门", "单位", "机构", "窗口", "中心")):
            continue  # "市级部门11个": what is counted, not a measure of the 市级
        if scope_of(prefix) and not rest.startswith(("的", "之", "级", "内", "外", *NAME_GOES_ON)):
            if prefix.endswith(PLACE_SUFFIXES) and rest.startswith(_NOT_AFTER_PLACE):
                continue
            return prefix, rest  # the longest scope that leaves a label
        if prefix.endswith("窗口") and rest.startswith(WINDOW_ACTIONS):
            return prefix, rest  # "帮办代办窗口提供帮办服务416次"
    return None, text


# A channel by its name ("市民热线", "区长信箱"): a who when it is all the words before a
# number ("其中市民热线116个"); before a verb it stays part of the label (12345热线受理群众诉求).
RE_NAMED_CHANNEL = re.compile(r"^[\u4e00-\u9fff\d]{1,10}(?:热线|信箱|留言板)$")


def named_channel(text: str) -> str | None:
    """The text if it is a channel by its name (市民热线, 区长信箱), else None."""
    return text if RE_NAMED_CHANNEL.match(text) and not text.startswith(ACTION_STARTS) else None


def scope_of(text: str) -> str | None:
    """The text if it is all one scope name: a department, county or channel."""
    text = text.strip()
    if not text or text in OWN_SCOPES or len(text) > 30:
        return None
    if text in CHANNELS or text in LEVELS:
        return text
    if text.startswith(ACTION_STARTS):
        return None
    match = RE_SCOPE_PREFIX.fullmatch(text)
    if match and not re.search(r"[的对在将把向为]", text):
        return None if text.endswith(_NOT_PLACES) else text
    return None

"""Rules over one sentence's facts that say who each is of (named subject, assessor, hall, list)."""

from __future__ import annotations

import re
from dataclasses import replace

from servicehall.gbt9704.document import Fact
from servicehall.reading.facts.label import (
    COUNTED_NOUNS,
    RE_LATER_STEP,
    RE_LISTED,
    RE_STEP,
    UNLABELLED,
    last_match,
    open_bracket,
    strip_leading_time,
    trim,
)
from servicehall.reading.facts.scope import (
    CHANNEL_ACTIONS,
    CHANNELS,
    OWN_SCOPE_VERBS,
    OWN_SCOPES,
    RE_AMONG,
    RE_NAMED_SUBJECT,
    among_opening,
    scope_of,
)
from servicehall.reading.numbers import NUMBER

# A kind of work items ("咨询类诉求", "行政化服务类事项"), alone or before the step done with it.
RE_KIND_COUNT = re.compile(
    r"^(?P<kind>[\u4e00-\u9fff]{0,9}[\u4e00-\u9fff](?<![各两几多该此本全])类"
    r"[\u4e00-\u9fff]{0,4}?(?:诉求|事项|工单|问题|案件|件)?)"
    r"(?:受理|办理|转办|交办)?$"
)


RE_BARE_ITEM = re.compile(r"^[、，,；;和及]?\s*(?:其中)?\s*(?P<name>[\u4e00-\u9fff]{2,10})\s*\d")


def apply_listed_names(facts: list[Fact]) -> None:
    """ "其中东坪镇17件，教育局10件，党校1件，供电局3件": in a list of who-counts, a name the
    scope rules do not know (党校, 法院) is a who by its place in the list — scoped to itself
    with the list's measure — and the names after it do not take it for their label."""
    measure: Fact | None = None
    names: set[str] = set()
    for index, fact in enumerate(facts):
        if fact.comparison is not None:
            continue
        item = RE_BARE_ITEM.match(fact.text)
        if fact.scope and fact.label not in names and fact.label != UNLABELLED:
            # a who-item ("教育局10件") gives the list's measure; any other count ends the list
            listed = item is not None and item.group("name") == fact.scope
            named = fact.scope in fact.label or scope_of(strip_leading_time(fact.label))
            measure = fact if listed and not named else None  # a measure, not another name
            continue
        if measure is None or fact.unit != measure.unit:
            continue
        if (
            fact.scope is None
            and item
            and item.group("name") == fact.label
            and not RE_LATER_STEP.match(fact.label)
            and not fact.label.startswith((*OWN_SCOPE_VERBS, *CHANNEL_ACTIONS, "日均", "提供"))
            and not fact.label.endswith((*COUNTED_NOUNS, measure.label[-2:]))  # 湘易办转派工单
        ):
            names.add(fact.label)
            facts[index] = replace(fact, label=measure.label, scope=fact.label)
        elif fact.scope and fact.label in names:
            facts[index] = replace(fact, label=measure.label)


def apply_kind_to_steps(facts: list[Fact]) -> None:
    """ "咨询类诉求受理28491件，办结28498件": a bare later step after a count of a kind is of
    that kind (咨询类诉求办结), not of the report's whole."""
    kind: str | None = None
    for index, fact in enumerate(facts):
        if fact.comparison is not None:
            continue
        if match := RE_KIND_COUNT.match(fact.label):
            if fact.scope is None:
                kind = match.group("kind")
            elif fact.scope not in CHANNELS:
                kind = None  # a channel's part of the count keeps the kind
        elif kind and fact.scope is None and RE_LATER_STEP.match(fact.label):
            facts[index] = replace(fact, label=f"{kind}{fact.label}")
        else:
            kind = None


# "市热线办对我区9月工单办理综合考核情况：受理工单677件…": the counts after the colon are the
# assessing office's figures of the report's place, not the place's own.
RE_ASSESSOR = re.compile(
    r"(?P<who>[\u4e00-\u9fff]{2,12}?(?:办公室|办|局|中心|委))对(?:我|本)[区县市镇乡]"
    r"[^：:。；;]{0,40}?(?:考核|考评|评估|检查|通报)[^：:。；;]{0,6}?[：:]"
)


def apply_assessor(sentence: str, facts: list[Fact], starts: list[int]) -> None:
    """Counts listed after an office's assessment of the report's place are that office's."""
    match = RE_ASSESSOR.search(sentence)
    if not match:
        return
    for index, (fact, start) in enumerate(zip(facts, starts, strict=True)):
        if start > match.end() and fact.scope is None:
            facts[index] = replace(fact, scope=match.group("who"))


# A hall or centre named with its level of government ("区级政务服务大厅", "市县两级政务服务
# 大厅"): one level's hall, not the report's own centre.
RE_LEVEL_HALL = re.compile(
    r"(?:(?:省|市|区|县|乡镇|镇|街道)(?:级|本级)|[省市县区乡镇]{2,4}[两三四五]级)"
    r"[\u4e00-\u9fff]{0,8}?(?:政务服务大厅|政务服务中心|便民服务中心|服务大厅|服务中心)"
)


def apply_level_hall(sentence: str, facts: list[Fact], starts: list[int]) -> None:
    """ "区级政务服务大厅面积达4480平方米，入驻15个部门，设置66个服务窗口": a level's hall the
    sentence names is the scope of the counts after it that name none."""
    match = RE_LEVEL_HALL.search(sentence)
    if not match:
        return
    for index, (fact, start) in enumerate(zip(facts, starts, strict=True)):
        if start < match.end() or fact.comparison is not None or fact.label == UNLABELLED:
            continue
        if fact.scope is None:
            facts[index] = replace(fact, scope=match.group(0))
        elif fact.scope != match.group(0):
            return  # another who: the hall's counts end


# Verbs of handling what is counted, and the parts of a hall or hotline that handle it.
HANDLING_VERBS = ("受理", "办理", "收到", "接听", "接到", "接收", "转办", "咨询", "办件")
HANDLING_PARTS = ("窗口", "热线", "信箱", "平台", "大厅", "专席", "分中心")


def apply_named_subject(facts: list[Fact]) -> None:
    """Steps after a count whose label opens with who counted it ("全省12345热线受理…") are
    of that subject: it is their scope, unless they name one of their own. (Not a rate: "按时
    办结率" after a hotline's count is the report's own.)"""
    if not facts:
        return
    match = RE_NAMED_SUBJECT.match(facts[0].label)
    first = facts[0]
    subject = match.group("subject") if match and first.scope is None else None
    for index, fact in enumerate(facts):
        if fact.comparison is not None:
            continue
        if index and fact.scope is None and (named := RE_NAMED_SUBJECT.match(fact.label)):
            # "…，州级政务服务中心共受理16481件，办结16335件": a later count naming who
            # counted it starts that subject's steps
            subject = named.group("subject")
            continue
        if index and fact.scope is None and subject and RE_LATER_STEP.match(fact.label):
            facts[index] = replace(fact, scope=subject)
        elif (
            fact.scope
            and fact.scope not in CHANNELS
            and (fact.scope.endswith(HANDLING_PARTS) or index > 0)
            and fact.label.startswith(HANDLING_VERBS)
        ):
            # "大厅各窗口共办理事项3816件，办结3816件": the part of a hall that handled the
            # first count handled the steps after it that name no one (not a centre: "区政务
            # 服务中心共计受理…，办结…" is the report's own centre, and its steps the report's,
            # unless named after the sentence's first count: "全州共受理…，州级政务服务中心共受理…")
            subject = fact.scope


def apply_subject_scopes(facts: list[Fact]) -> None:
    """The steps counted after a whole named in a noun (转办, 办结, 办结率 of 群众来电) are that
    whole's: it is their scope, unless they name one of their own."""
    whole: Fact | None = None
    for index, fact in enumerate(facts):
        if fact.comparison is not None:
            continue
        if RE_STEP.match(fact.label):
            if whole is not None and fact.scope is None:
                facts[index] = replace(fact, scope=whole.label)
            elif (
                fact.scope is None
                and index
                and fact.text.lstrip("，,、 ").startswith("其中")
                and (scope := facts[index - 1].scope)
                and not scope.startswith(tuple(OWN_SCOPES))
            ):
                # "中心共受理9230件，其中转办2544件": a part of the whole, of the same scope
                facts[index] = replace(fact, scope=scope)
            continue
        if (
            fact.unit != "%"
            and len(fact.label) > 3
            and fact.label != UNLABELLED
            and not any(step in fact.label for step in ("受理", "办理", "办件", "事项", "办结"))
        ):
            whole = fact  # a whole in a noun, not itself a step of the handling
        else:
            whole = None


# "其中转办事项：咨询类51宗、求助类9宗": the kinds listed are counted within 转办事项.
RE_AMONG_HEAD = re.compile(r"其中[，,]?(?P<among>[^，,。；;：:、\d]{2,12})[：:]")


def apply_among_scopes(sentence: str, facts: list[Fact], starts: list[int]) -> None:
    """Counts after "X中，" (or "其中X：") are among X (its scope), where they name no scope
    of their own."""
    for match in RE_AMONG_HEAD.finditer(sentence):
        name = trim(match.group("among"))
        for index, start in enumerate(starts):
            if start > match.end() and index < len(facts) and facts[index].scope is None:
                facts[index] = replace(facts[index], scope=name)
    for match in RE_AMONG.finditer(sentence):
        among = match.group("among")
        if (
            len(among) < 4  # "诉求中": the report's own whole, no scope
            or "受理" in among  # "本周受理的市民诉求中": the report's own count, no scope
            or among.endswith(("其", "集", "期", "之"))
            or re.search(r"\d{1,2}月|\d+[件条个]", among)
        ):
            continue
        name = trim(re.split(r"的|在", among)[-1])
        if not name or len(name) < 2:
            continue
        for index, start in enumerate(starts):
            if start > match.end() and index < len(facts) and facts[index].scope is None:
                facts[index] = replace(facts[index], scope=name)


RE_MEMBERS_THAT = re.compile(
    r"^[、，,]?\s*(?:其)?(?P<predicate>[\u4e00-\u9fff]{2,12}?)的(?:为|有|是)\s*\d"
)


def apply_members_among(sentence: str, facts: list[Fact]) -> None:
    """ "在所有参与部门和单位中，全部完成答复的有131个，零答复的有9个", "在收到的18804件留言中，
    建言的为3735件": a count of those of whom a predicate holds, among the members the sentence
    opens with, counts those members (全部完成答复的部门和单位, 建言的留言)."""
    opening = among_opening(sentence)
    if not opening:
        return
    members = re.split(rf"的|{NUMBER}\s*[\u4e00-\u9fff]?", opening.group("among"))[-1].strip()
    if len(members) < 2:
        return
    for index, fact in enumerate(facts):
        that = RE_MEMBERS_THAT.match(fact.text)
        if that and fact.comparison is None and sentence.find(fact.text) > opening.start("among"):
            label = f"{that.group('predicate')}的{members}"
            facts[index] = replace(fact, label=label, scope=None)


# "共涉及13个区县(市)、10个处室、37个直属机构(学校)", "涉及21个地市的185个事项".
# one of those involved: a count and the noun after it, with its bracketed part (区县(市))
_INVOLVED = rf"{NUMBER}\s*(?:个|家|项|名|条|所)(?P<noun>[\u4e00-\u9fff]{{1,10}}?(?:[（(][^（）()\d]{{1,10}}[）)])?)"
RE_INVOLVED = re.compile(
    rf"(?P<verb>涉及|覆盖)(?:全区|全市|全省|全县|全州)?(?P<chain>(?:\s*{_INVOLVED.replace('?P<noun>', '')}"
    r"(?:[、和及]|的|(?=[，,。；;（(])|$))+)"
)
RE_INVOLVED_ITEM = re.compile(rf"{_INVOLVED}(?=[、和及的，,。；;（(]|$)")


def apply_involved(sentence: str, facts: list[Fact], starts: list[int]) -> None:
    """ "转办件共涉及13个区县(市)、10个处室": each count of those involved is of the noun
    after its number (涉及区县(市), 涉及处室), with what involved them before the verb."""
    for match in RE_INVOLVED.finditer(sentence):
        first = next((i for i, at in enumerate(starts) if at >= match.start("chain")), None)
        if first is None:
            continue
        whole = facts[first].label
        subject = (
            trim(whole[: whole.rfind(match.group("verb"))]) if match.group("verb") in whole else ""
        )
        for item in RE_INVOLVED_ITEM.finditer(match.group("chain")):
            at = match.start("chain") + item.start()
            index = next((i for i, start in enumerate(starts) if start == at), None)
            if index is not None and facts[index].comparison is None:
                label = f"{subject}{match.group('verb')}{item.group('noun')}"
                # the things involved are what is counted, never who counted them
                facts[index] = replace(facts[index], label=label, scope=None)


def apply_bracketed_scopes(sentence: str, facts: list[Fact], starts: list[int]) -> None:
    """ "历城区（直办5620件，转办6004件）、市中区（…）": the quantities in brackets after a
    name are that name's."""
    for index, start in enumerate(starts):
        fact = facts[index]
        opening = open_bracket(sentence, start)
        if fact.scope is not None or opening is None:
            continue
        head = re.split(r"[、，,：:；;。]|为|是", sentence[:opening])[-1].strip()
        if head and (scope := scope_of(head)) and scope != fact.label:
            facts[index] = replace(fact, scope=scope)
        elif not fact.label and RE_BARE_COUNT_OPENING.fullmatch(sentence[opening + 1 : start]):
            # "噪音扰民(1500件)", "集中在水电气暖(共1088件,以…为主)": a topic, not a who,
            # with its count in brackets: the topic is what is counted
            named = re.split(r"[、，,：:；;。]", sentence[:opening])[-1]
            if listed := last_match(RE_LISTED, named):
                named = named[listed.end() :]
            topic = trim(strip_leading_time(named.strip()))
            if RE_TOPIC_NAME.fullmatch(topic):
                facts[index] = replace(fact, label=topic)


# What may stand in a bracket before the count of the topic it follows: "(共1088件".
RE_BARE_COUNT_OPENING = re.compile(r"\s*(?:共|约|共计|合计)?\s*")
RE_TOPIC_NAME = re.compile(r"[\u4e00-\u9fff]{2,12}")

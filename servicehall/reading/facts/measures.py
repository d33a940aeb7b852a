"""Rules over one sentence's facts that say what each measures (shares, rates, changes, 分别)."""

from __future__ import annotations

import re
from dataclasses import replace

from servicehall.gbt9704.document import Comparison, Fact
from servicehall.reading.facts.label import (
    BARE_VERBS,
    COUNTED_NOUNS,
    RE_LISTED,
    RE_SHARE,
    UNLABELLED,
    label_and_scope,
    last_match,
    open_bracket,
    strip_leading_time,
    trim,
)
from servicehall.reading.facts.quantities import RE_CHANGE_TAIL, RE_LEADING_MARKER, split_change
from servicehall.reading.facts.scope import (
    CHANNEL_ACTIONS,
    CHANNELS,
    OWN_SCOPE_VERBS,
    OWN_SCOPES,
    split_scope,
)
from servicehall.reading.numbers import UNITS

# A topic named in a clause of its own before the count ("一是防疫类诉求，共329件", "老旧小区
# 改造方面：共95件"): a kind (…类), a field (…方面, …领域) or a counted noun.
RE_TOPIC_CLAUSE = re.compile(
    rf"^[\u4e00-\u9fff“”、]{{2,16}}(?:类|方面|领域|{'|'.join(('问题', *COUNTED_NOUNS))})$"
)


def apply_topic_clause(
    sentence: str, facts: list[Fact], starts: list[int], befores: list[str]
) -> None:
    """A sentence's first count with nothing before it but 共 is of the topic the clause before
    it names ("一是防疫类诉求，共329件，占比56.76%"), and so are the changes of it after it."""
    if not facts or facts[0].label or trim(befores[0]):
        return
    head = sentence[: starts[0] - len(befores[0])].rstrip(" ，,：:")
    head = re.split(r"[，,：:；;。]", head)[-1]
    head = trim(strip_leading_time(RE_LEADING_MARKER.sub("", head).strip()))
    if not RE_TOPIC_CLAUSE.match(head):
        return
    for index, fact in enumerate(facts):
        if index and (fact.label or fact.comparison is None):
            break
        facts[index] = replace(fact, label=head)


# "话务代表由2300名增至3115名", "办理时限从原先的7个工作日压缩至最快5分钟": one measure
# stated at two times — what comes before 由/从 is the label of both values.
RE_FROM_TAIL = re.compile(r"(?:由|从)\s*(?:\d{4}年|[\u4e00-\u9fff]{0,6}?)的?\s*$")
_TO = (
    r"\s*(?:[余多])?\s*(?:增加|增长|提高|提升|上升|下降|降低|减少|缩短|缩减|压缩|扩大|调整|增|提|降|减|缩|升)"
    r"(?:至|到)"
)
RE_TO_BETWEEN = re.compile(rf"^{_TO}\s*(?:\d{{4}}年|目前|现在|最快|最少|最多|最高|最低)?的?\s*$")
RE_TO_AFTER = re.compile(_TO)
# "办理时限已从…": an adverb between the measure and 由 is no part of it.
RE_MEASURE_ADVERB = re.compile(r"(?:已经|已|均|将|都|还)$")


def apply_from_to(
    sentence: str, facts: list[Fact], starts: list[int], ends: list[int], befores: list[str]
) -> None:
    """ "M由A增至B": A and B are both values of M (the words before 由 or 从), at two times;
    neither is labelled by the verb of the change nor by 由."""
    for first, fact in enumerate(facts):
        tail = RE_FROM_TAIL.search(befores[first])
        if not tail or fact.comparison or not RE_TO_AFTER.match(sentence, ends[first]):
            continue
        measure = RE_MEASURE_ADVERB.sub("", befores[first][: tail.start()].rstrip())
        label, scope = label_and_scope(measure)
        if not label:
            continue
        pair = [first]
        if (
            first + 1 < len(facts)
            and facts[first + 1].comparison is None
            and RE_TO_BETWEEN.match(sentence[ends[first] : starts[first + 1]])
        ):
            pair.append(first + 1)  # the value it came to ("缩减至即时办结" gives none)
        old = facts[pair[-1]].label
        for index in pair:
            facts[index] = replace(facts[index], label=label, scope=scope or facts[index].scope)
        for index in range(pair[-1] + 1, len(facts)):
            if facts[index].comparison is None or facts[index].label != old:
                break
            facts[index] = replace(facts[index], label=label)  # "…，增长2.8个百分点": its change


def apply_bracketed_breakdown(
    sentence: str, facts: list[Fact], starts: list[int], ends: list[int]
) -> None:
    """ "咨询类诉求受理2849件（热线受理2845件，多媒体受理4件）": the counts in brackets right
    after a count break it down by channel — each is the count's measure, scoped to its
    channel (not a bare 受理 of the 热线)."""
    for whole, fact in enumerate(facts):
        if fact.comparison or sentence[ends[whole] : ends[whole] + 1] not in ("（", "("):
            continue
        close = _closing_bracket(sentence, ends[whole])
        for part in range(whole + 1, len(facts)):
            if starts[part] > close:
                break
            item = facts[part]
            if (
                item.scope in CHANNELS
                and item.comparison is None
                and item.unit == fact.unit
                and item.label != fact.label
                and item.label in CHANNEL_ACTIONS  # a bare 受理 / 办理, not 评价数
                and fact.label.endswith(item.label)
            ):
                facts[part] = replace(item, label=fact.label)


def _closing_bracket(text: str, opening: int) -> int:
    """Where the bracket opened at ``opening`` closes (the text's end if it does not)."""
    depth = 0
    for position in range(opening, len(text)):
        depth += text[position] in "（("
        depth -= text[position] in "）)"
        if depth == 0:
            return position
    return len(text)


def apply_share_subjects(sentence: str, facts: list[Fact]) -> None:
    """A share with no quantity before it in the sentence is of what the clause before it
    names: "反映问题类件，占比79.62%" (the count left out) is 反映问题类's share."""
    for index, fact in enumerate(facts):
        if fact.unit != "%" or not RE_SHARE.match(fact.label) or fact.comparison is not None:
            continue
        if any(f.unit != "%" and f.comparison is None for f in facts[:index]):
            continue
        position = sentence.find(fact.text)
        before = re.split(r"[，,；;。：:]", sentence[: max(position, 0)].rstrip("，, "))[-1]
        subject = trim(strip_leading_time(before.strip()))
        for unit in UNITS:
            if subject.endswith(unit) and len(subject) > len(unit) + 1:
                subject = subject[: -len(unit)]  # "反映问题类件": its number left out
                break
        if subject and 2 <= len(subject) <= 15 and not re.search(r"\d", subject):
            facts[index] = replace(fact, label=f"{subject}占比")


def apply_bracketed_shares(sentence: str, facts: list[Fact], starts: list[int]) -> None:
    """ "…引起的噪音污染（占环境污染投诉总量52.3%）": a share in brackets right after a noun
    is that noun's share of the whole it names: 噪音污染占环境污染投诉总量."""
    for index, start in enumerate(starts):
        fact = facts[index]
        opening = open_bracket(sentence, start)
        if fact.unit != "%" or fact.comparison is not None or opening is None:
            continue
        inside = sentence[opening + 1 : start].strip()
        # A bare per cent in brackets after a name ("服装鞋帽(9%)", "其次为药品(12.90%") is
        # the name's share as well: of the whole named before it, or its 占比.
        share = (
            RE_SHARE.match(inside or "占")
            if inside.startswith(("占", "约占")) or not inside
            else None
        )
        before = re.split(r"[、，,：:；;。）)>＞]|的|和|及", sentence[:opening])[-1].strip()
        if listed := last_match(RE_LISTED, before):
            before = before[listed.end() :]  # "主要是商铺噪声": 商铺噪声
        before = re.sub(r"^其次(?:为|是)", "", before)  # "其次为药品(12.90%)": 药品
        subject = trim(before)
        if not share or not subject or not re.fullmatch(r"[\u4e00-\u9fff]{2,12}", subject):
            continue
        whole = trim(share.group("whole") or "")
        facts[index] = replace(fact, label=f"{subject}占{whole}" if whole else f"{subject}占")


# A rate or an average of what was just counted: "受理N件，日均M件" is 日均受理.
MODIFIERS = ("日均", "月均", "周均", "人均", "件均", "平均")


# "基础建设方面本月共办理…工单534件": the sentence is about 基础建设方面.
# Run straight into the time or the count; after a comma ("企业开办方面，全市新设…") the
# clause names its own subject.
RE_TOPIC = re.compile(
    r"^\s*(?P<topic>[\u4e00-\u9fff]{2,10}方面)(?=本月|本周|本季度|本年|当月|当周|共|累计)"
)


def apply_topic(sentence: str, facts: list[Fact]) -> None:
    """A topic a sentence opens with (X方面) qualifies what its first count counts."""
    match = RE_TOPIC.match(sentence)
    if not match or not facts:
        return
    topic, first = match.group("topic"), facts[0]
    if (
        first.comparison is None
        and first.unit != "%"
        and first.label != UNLABELLED
        and not first.label.startswith(topic)
        and first.scope is None
    ):
        facts[0] = replace(first, label=f"{topic}{first.label}")


# A rate with no subject (满意率92%) right after a count of work items is the rate of those
# items; a rate of reviews (好评率 after 收到评价N条) already says what it is of.
WORK_ITEMS = ("工单", "诉求", "事项", "问题", "案件")
RE_BARE_RATE = re.compile(r"^[\u4e00-\u9fff]{1,3}率$")


def apply_shares_and_rates(facts: list[Fact]) -> None:
    """A share or an average takes the name of the quantity it is of: the nearest one before
    it in the sentence that is itself no share, change or average. A change stated right after
    a share in % is the change of that quantity, not of the share (that would be 个百分点)."""
    raw = [fact.label for fact in facts]
    for index, fact in enumerate(facts):
        base = next(
            (
                f
                for i, f in reversed(list(enumerate(facts[:index])))
                if f.comparison is None
                and f.unit != "%"
                and f.label != UNLABELLED
                and not RE_SHARE.match(raw[i])
            ),
            None,
        )
        if fact.comparison is not None:
            before = index - 1
            if before >= 0 and fact.label == raw[before]:
                shared = RE_SHARE.match(raw[before]) and facts[before].unit == "%"
                averaged = facts[before - 1] if before >= 1 else None
                if shared and fact.unit == "%" and base is not None:
                    facts[index] = replace(fact, label=base.label, scope=base.scope)
                elif (
                    raw[before] in MODIFIERS
                    and fact.unit == "%"
                    and averaged is not None
                    and averaged.comparison is None
                    and averaged.unit != "%"
                ):
                    # "受理71184件，日均10169件，较上周下降0.24%": a change in per cent of a
                    # daily average is that of the whole it averages
                    facts[index] = replace(fact, label=averaged.label, scope=averaged.scope)
                else:
                    facts[index] = replace(
                        fact, label=facts[before].label, scope=fact.scope or facts[before].scope
                    )
            continue
        share = RE_SHARE.match(fact.label) if fact.unit == "%" else None
        if share:
            # After a list ("A类783件、B类579件，占总量的77%") the share is of the list, not
            # of its last item: no one name.
            if base is None or base.text.lstrip().startswith(("、", "和", "及")):
                facts[index] = replace(fact, label=UNLABELLED)
                continue
            facts[index] = replace(
                fact,
                label=f"{base.label}{_share_of(share.group('whole'))}",
                scope=fact.scope or base.scope,
            )
        elif fact.label in MODIFIERS and base is not None:
            label = _modified(fact.label, base.label)
            facts[index] = replace(fact, label=label, scope=fact.scope or base.scope)
        elif fact.label in BARE_VERBS:
            facts[index] = replace(fact, label=UNLABELLED)
        elif (
            RE_BARE_RATE.match(fact.label)
            and fact.unit == "%"
            and fact.scope is None
            and index > 0
            and (counted := facts[index - 1]) is base
            and counted.label.endswith(WORK_ITEMS)
        ):
            # "工单534件、满意率92%": the satisfaction of those 534 工单
            facts[index] = replace(fact, label=f"{counted.label}{fact.label}", scope=counted.scope)


RE_BARE_WHOLE = re.compile(r"^(?:总量|总数|总和|总计|总体|全部)?$")


def _share_of(whole: str) -> str:
    """How a share names its whole: "占全市总量的" is a bare 占比; a whole that names a measure
    of the report's own place ("占全市转办量的") is kept: 占全市转办量比例."""
    whole = whole.removesuffix("的")
    own = next((o for o in OWN_SCOPES if whole.startswith(o)), None)
    if own is None or RE_BARE_WHOLE.match(whole[len(own) :]):
        return "占比"
    return f"占{whole}比例"


def _modified(modifier: str, label: str) -> str:
    """日均 of "12345热线受理市民诉求" is "12345热线日均受理市民诉求": before the verb."""
    label = label.removeprefix(modifier)
    verbs = [label.find(v) for v in (*OWN_SCOPE_VERBS, "接听", "接收", "转办") if v in label]
    at = min(verbs, default=0)
    return label[:at] + modifier + label[at:]


# "按期办结率、办结回复率、群众满意率均为100%": one value for each name.
RE_EACH = re.compile(r"^(?P<names>.+?)(?P<each>均为|均达到?|均是|均|各为|各|都是|都为|都)\s*\d")


def apply_shared_values(facts: list[Fact]) -> list[Fact]:
    """One value stated for several measures (均为) becomes one fact per measure; one stated
    for several names (各) one fact per name, of the measure counted before."""
    result: list[Fact] = []
    for fact in facts:
        match = RE_EACH.match(fact.text) if fact.comparison is None else None
        names_text = strip_leading_time(trim(match.group("names"))) if match else ""
        names = [trim(n) for n in re.split(r"[、和及与]", names_text)]
        names = [n for n in names if n]
        if not match or len(names) < 2:
            result.append(fact)
            continue
        if match.group("each").startswith("各") and result:
            # "A、B及C各1件": each name is a scope of the quantity counted before.
            measure = result[-1].label
            result.extend(replace(fact, label=measure, scope=name) for name in names)
        else:
            result.extend(replace(fact, label=name, scope=fact.scope) for name in names)
    return result


def apply_respective_changes(facts: list[Fact], befores: list[str]) -> None:
    """ "受理13,206件、办结13,154件，同比分别增长4.6%和4.3%": each change to its quantity."""
    for index, before in enumerate(befores):
        match = RE_CHANGE_TAIL.search(before.rstrip())
        if not match or not match.group("each") or facts[index].comparison is None:
            continue
        group = [index]
        while group[-1] + 1 < len(facts) and befores[group[-1] + 1].strip(" ，,、和及与") == "":
            group.append(group[-1] + 1)
        bases = [i for i in range(index) if facts[i].comparison is None][-len(group) :]
        if len(bases) != len(group):
            continue
        for base, changed in zip(bases, group, strict=True):
            facts[changed] = replace(
                facts[changed],
                label=facts[base].label,
                scope=facts[base].scope,
                comparison=facts[index].comparison,
            )


# "同比增加7181件，增幅11.2%", "比上年同期增加1419件，同比增长率为28.18%": the rate of a change.
RE_RATE_OF_CHANGE = re.compile(
    r"^(?P<basis>同比|环比)?(?:(?P<up>增幅|增长率|增速|上升率|涨幅)|(?P<down>降幅|下降率|减幅|减少率))$"
)


def apply_rate_of_change(facts: list[Fact]) -> None:
    """A rate of change (增幅, 增长率, 降幅) right after a change of a count states that change in
    per cent: the changed count's label and scope, the change's direction and basis."""
    for index in range(1, len(facts)):
        fact, before = facts[index], facts[index - 1]
        rate = RE_RATE_OF_CHANGE.match(fact.label)
        if not rate or fact.unit != "%" or fact.comparison or before.comparison is None:
            continue
        direction = "增加" if rate.group("up") else "减少"
        basis = rate.group("basis") or before.comparison.basis
        facts[index] = replace(
            fact, label=before.label, scope=before.scope, comparison=Comparison(basis, direction)
        )


RE_RESPECTIVELY = re.compile(r"分别")


def apply_respectively(
    sentence: str, facts: list[Fact], starts: list[int], line_scope: str | None
) -> None:
    """ "来电、网络、短信渠道分别受理41,206件、10,384件、728件": one name per quantity."""
    for match in RE_RESPECTIVELY.finditer(sentence):
        head_start = max((sentence.rfind(c, 0, match.start()) for c in "，,。；;：:"), default=-1)
        names_text = strip_leading_time(sentence[head_start + 1 : match.start()].strip())
        if not names_text and head_start > 0:
            # "…依次为贵阳市、遵义市、毕节市，分别受理642.8万件、…": the names of the clause before
            before = sentence[:head_start]
            names_text = re.split(r"依次为|依次是|分别为|为|是|[：:，,。；;]", before)[-1].strip()
        names = [trim(n) for n in re.split(r"[、和及与]", names_text)]
        if names:
            names[-1] = names[-1].removesuffix("渠道").removesuffix("等")
        names = [n for n in names if n]
        following = [i for i, start in enumerate(starts) if start > match.end()]
        if len(names) < 2 or len(following) < len(names):
            continue
        first = following[0]
        verb = re.sub(r"[\d,，.、\s]", "", sentence[match.end() : starts[first]])
        verb = trim(verb) if verb not in ("为", "是", "有", "达", "达到") else ""
        last_scope, noun = split_scope(names[-1])
        rest, change = split_change(verb)
        if change is not None and not trim(rest):
            # "结案率、按期结案率分别较上月提升3.67、3.56个百分点": each name's change
            for offset, name in enumerate(names):
                index = first + offset
                facts[index] = replace(facts[index], label=name, comparison=change)
            continue
        if not verb and last_scope and noun:
            # "省公安厅、省人社厅、省税务局办件量分别为…": the names are scopes of 办件量
            verb, names[-1] = noun, last_scope
        for offset, name in enumerate(names):
            index = first + offset
            fact = facts[index]
            if verb:
                facts[index] = replace(fact, label=verb, scope=name)
            else:
                facts[index] = replace(fact, label=name, scope=line_scope)

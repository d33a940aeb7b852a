"""A text's facts (extract_facts): its sentences read, and what one carries into the next."""

from __future__ import annotations

import re
from dataclasses import replace

from servicehall.gbt9704.document import Fact
from servicehall.reading.facts.label import (
    COUNTED_NOUNS,
    RE_STEP,
    UNLABELLED,
    strip_leading_time,
    trim,
)
from servicehall.reading.facts.quantities import prepare, split_sentences
from servicehall.reading.facts.scope import (
    CHANNELS,
    LEVELS,
    OWN_SCOPE_VERBS,
    OWN_SCOPES,
    PLACE_SUFFIXES,
    RE_LINE_SCOPE,
    among_opening,
    scope_of,
)
from servicehall.reading.facts.sentence import sentence_facts
from servicehall.reading.facts.subjects import RE_ASSESSOR, RE_BARE_ITEM
from servicehall.reading.numbers import CN_NUMERALS


def extract_facts(text: str, subjects_compared: bool = False) -> list[Fact]:
    """Every quantity the text states, in order (提取文中数量). ``subjects_compared``: the
    document states the same steps for several subjects (``paragraphs._compares_subjects``), so that a
    sentence breaking down the one before it is of that sentence's subject."""
    if not isinstance(text, str) or not text:
        return []
    facts: list[Fact] = []
    for line in prepare(text).split("\n"):
        line_scope = match.group(1) if (match := RE_LINE_SCOPE.match(line.lstrip())) else None
        if line_scope and not scope_of(line_scope):
            line_scope = None
        texts = split_sentences(line)
        sentences: list[list[Fact]] = []
        for sentence in texts:
            last = next((f for found in reversed(sentences) for f in reversed(found)), None)
            sentences.append(sentence_facts(sentence, line_scope, last))
        _apply_kinds_of_whole(texts, sentences)
        _apply_ranked_measure(texts, sentences)
        _apply_listed_measure(texts, sentences)
        _carry_assessor(texts, sentences)
        _carry_subject_over_semicolons(texts, sentences)
        _carry_opening_subject(texts, sentences)
        if subjects_compared:
            _carry_subject_into_breakdown(texts, sentences)
        _carry_share_whole(sentences)
        if _same_measure_for_scopes(sentences):
            for found in sentences:
                _carry_scope(found)
        facts.extend(fact for found in sentences for fact in found)
    return facts


# "群众来电诉求主要集中在A…；B…": the items of the list are kinds of 诉求.
RE_KINDS_HEAD = re.compile(
    r"(?P<subject>[^，,。；;：:]{1,30}?)(?:主要)?(?:集中(?:在|于)|排[在名]前\S{1,3}[位名]的?(?:分别|依次)?(?:为|是)"
    r"|(?:分别|依次)(?:为|是))[：:]?"
)
RE_WHOLE_TOTAL = re.compile(r"(?:总量|总数|总计|合计)$")


RE_AMONG_FOLLOWS = re.compile(r"\s*[，,]?\s*其中\s*[，,：:]?")


def _kinds_noun(text: str) -> str | None:
    """The counted noun a text ends on or holds last: "群众来电诉求" → 诉求."""
    found = [(text.rfind(noun), noun) for noun in COUNTED_NOUNS if noun in text]
    return max(found)[1] if found else None


def _apply_kinds_of_whole(texts: list[str], sentences: list[list[Fact]]) -> None:
    """The items of a list that follows a whole are kinds of what the whole counts: "群众诉求
    排在前五位的分别为卫生健康类2652件，占比31.9%；城市管理类817件…" counts 卫生健康类诉求;
    "县直单位评价总量为24793条，其中短信8条" counts 短信评价 of 县直单位. A count of a counted
    noun followed by 其中 ("受理热线事项3136宗，其中：咨询类57宗"), or a sentence's lead naming
    one ("本月来信中，"), makes the classes listed (…类) classes of it: 咨询类事项. The list runs
    to the end of the sentence that closes with 。."""
    noun: str | None = None
    scope: str | None = None
    classes_only = False  # a whole named by a count or a lead: only its classes (咨询类) are kinds
    for text, found in zip(texts, sentences, strict=True):
        head_end = -1
        among = among_opening(text, longest=20, digits=False)
        if (
            among
            and len(among.group("among")) >= 4
            and (head_noun := _kinds_noun(among.group("among")))
        ):
            # not a bare "诉求中，": the report's own whole, whose classes are named bare
            noun, scope, head_end, classes_only = head_noun, None, among.end(), True
        if match := RE_KINDS_HEAD.search(text):
            subject = trim(strip_leading_time(match.group("subject").strip()))
            # a subject that is itself a list ("咨询类、求助类分别为…") names the items, not a whole
            head_noun = _kinds_noun(subject) if not re.search(r"[\d、]", subject) else None
            if head_noun:
                noun, scope, head_end, classes_only = head_noun, None, match.end(), False
        for index, fact in enumerate(found):
            whole = RE_WHOLE_TOTAL.search(fact.label)
            after = text[text.find(fact.text) + len(fact.text) :]
            counted = _kinds_noun(fact.label)
            if (
                not whole
                and counted
                and fact.label.endswith(counted)
                and fact.unit != "%"
                and fact.comparison is None
                and RE_AMONG_FOLLOWS.match(after)
            ):
                # "受理热线事项3136宗，其中：咨询类57宗": the classes listed are of 事项
                noun, scope, classes_only = counted, None, True
                head_end = text.find(fact.text) + len(fact.text)
                continue
            if whole and "其中" in after:
                named = fact.label[: whole.start()]
                if (head_noun := _kinds_noun(named)) and named.endswith(head_noun):
                    noun, head_end = head_noun, text.find("其中") + 2
                    prefix = named[: -len(head_noun)]
                    scope = fact.scope or (prefix if prefix.startswith(LEVELS) else None)
                continue
            ends = text.find(fact.text) + len(fact.text)
            if noun is None or ends <= head_end or fact.comparison is not None:
                continue
            base = fact.label.removesuffix("占比")
            if fact.scope in CHANNELS and (fact.label == UNLABELLED or base in ("", "占")):
                # "短信8条，占比0.03%" in a list of 评价: a channel with no label is the kind
                share = "占比" if fact.unit == "%" and base != UNLABELLED else ""
                base = fact.scope
                fact = replace(fact, label=f"{base}{share}", scope=None)
            if (
                fact.label == UNLABELLED
                or not base
                or (classes_only and not base.endswith("类"))
                or noun in base
                or base.endswith(COUNTED_NOUNS)
                or base.endswith(("率", "占"))  # a share whose whole is carried later
                or RE_STEP.match(base)
                or any(verb in base for verb in OWN_SCOPE_VERBS)
            ):
                continue
            if scope:  # the whole's scope holds; the item's own is part of what it names
                label = f"{fact.scope or ''}{base}{noun}" + fact.label[len(base) :]
                found[index] = replace(fact, label=label, scope=scope)
            else:
                found[index] = replace(fact, label=f"{base}{noun}" + fact.label[len(base) :])
        if text.rstrip().endswith("。"):
            noun = scope = None
            classes_only = False
        head_end = -1


# "办件量位于前三的市直部门：住建局99件；公安局77件": the items' counts are of the measure
# ranked, up to the end of the sentence.
RE_RANKED_HEAD = re.compile(
    r"(?P<measure>[^，,。；;：:]{1,24}?)(?:排名|排在|位居|居|位于|位列)?(?:前|后)\s*"
    rf"(?:\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*(?:位|名)?的[^，,。；;：:]{{1,12}}?(?:分别|依次)?(?:为|是)?[：:]"
)


def _apply_ranked_measure(texts: list[str], sentences: list[list[Fact]]) -> None:
    """Counts of the items a ranking head lists, each named by its item alone, are of the
    measure ranked: labelled so, scoped to the item."""
    measure: str | None = None
    for text, found in zip(texts, sentences, strict=True):
        if head := RE_RANKED_HEAD.search(text):
            measure = trim(strip_leading_time(head.group("measure").strip())) or None
        if measure:
            for index, fact in enumerate(found):
                if fact.label == UNLABELLED and fact.scope and fact.comparison is None:
                    found[index] = replace(fact, label=measure)
        if text.rstrip().endswith(("。", "！", "？")):
            measure = None


RE_LIST_OPENING = re.compile(r"(?:分别|依次|具体)(?:为|是)|其中[，,：:]?|包括")


# A channel named alone as a list's item: "市长信箱", "市长公开电话", "区长热线".
RE_LISTED_CHANNEL = re.compile(r"[\u4e00-\u9fff]{2,10}(?:信箱|电话|热线|留言板)")


def _apply_listed_measure(texts: list[str], sentences: list[list[Fact]]) -> None:
    """ "全区共产生18件超期件。分别为：公安局1件、教育局4件…": the items of a list that follows
    a count, each named by who it is of alone, count what the count before it counts."""
    last: Fact | None = None
    channels_from: tuple[int, int] | None = None  # where a list opened, up to its 。
    named: dict[str, str] = {}  # a channel listed by name → the label of its count
    whos: set[str] = set()  # the whos of a list the measure was given to, up to its 。
    for number, (text, found) in enumerate(zip(texts, sentences, strict=True)):
        listing = RE_LIST_OPENING.search(text)
        if listing:
            channels_from = (number, listing.start())
        for index, fact in enumerate(found):
            name = f"{fact.scope or ''}{fact.label}" if fact.scope in (None, *CHANNELS) else ""
            if fact.comparison is not None and name in named:
                found[index] = replace(fact, label=named[name], scope=name)
                continue
            if (
                channels_from is not None
                and (number, text.find(fact.text)) > channels_from
                and last is not None
                and fact.comparison is None
                and fact.unit == last.unit
                and (
                    RE_LISTED_CHANNEL.fullmatch(name)
                    # "其中，市长电话339件、局长信箱36件、其它93件": the rest of the channels
                    or (
                        name in ("其它", "其他")
                        and (named or any(f.label == last.label for f in found[:index]))
                    )
                )
            ):
                # "全区共受理网络理政办理件14916件。其中：市长信箱908件；区长信箱…": the
                # channel's count of what the whole counts
                named[name] = last.label
                found[index] = replace(fact, label=last.label, scope=name)
                continue
            if (
                listing
                and last is not None
                and fact.label == UNLABELLED
                and fact.scope
                and fact.comparison is None
                and fact.unit == last.unit
            ):
                found[index] = replace(fact, label=last.label)
                whos.add(fact.scope)
            elif whos and last is not None and (who := _listed_who(fact, last, whos)):
                whos.add(who)
                found[index] = replace(fact, label=last.label, scope=who)
            elif fact.label != UNLABELLED and fact.comparison is None and fact.unit != "%":
                last = fact
        if text.rstrip().endswith("。"):
            channels_from, named, whos = None, {}, set()


def _listed_who(fact: Fact, measure: Fact, whos: set[str]) -> str | None:
    """ "其中,中洲乡2件、县广播电视台4件、县供电公司1件": the names after a who the list's
    measure was given to are whos too, of the same measure (the scope rules know 中洲乡, not
    县广播电视台, and 县供电公司 took 县广播电视台 for its label)."""
    if fact.scope and fact.label in whos:
        return fact.scope
    item = RE_BARE_ITEM.match(fact.text)
    if (
        fact.comparison is None
        and fact.unit == measure.unit
        and item is not None
        and item.group("name") == fact.label
        and (fact.scope is None or fact.scope in whos)
    ):
        return fact.label
    return None


def _carry_subject_over_semicolons(texts: list[str], sentences: list[list[Fact]]) -> None:
    """ "中心共受理5610件；办结5497件，比上月增加79.11%": a clause after a semicolon that
    names no subject and opens with a step of the handling (办结) is of the subject before."""
    for number in range(1, len(sentences)):
        before, found = sentences[number - 1], sentences[number]
        if not texts[number - 1].rstrip().endswith(("；", ";")) or not before or not found:
            continue
        steps = [f.scope for f in before if f.scope and RE_STEP.match(f.label)]
        subject = steps[-1] if steps else before[0].scope
        if subject is None or subject.startswith(tuple(OWN_SCOPES)):
            continue  # "全市各级政务服务中心": the report's own whole, not carried
        if not found[0].label or not RE_STEP.match(found[0].label):
            continue
        if found[0].scope is not None:
            continue
        for index, fact in enumerate(found):
            if fact.scope is None and (index == 0 or fact.label.startswith(found[0].label)):
                found[index] = replace(fact, scope=subject)


# Who answers for its own figures in a report on many (部门、企业): not the report's own centre,
# hall, hotline or platform, whose later steps stay the report's.
DEPARTMENT_ENDINGS = ("局", "委", "厅", "院", "署", "公司", "集团", "银行", "分行")
# A department's window opening a sentence ("市某局窗口推行…，办理时限由…"): who did what follows.
RE_DEPARTMENT_WINDOW = re.compile(
    rf"^[\s，,；;]*(?P<who>[\u4e00-\u9fff]{{1,12}}(?:{'|'.join(DEPARTMENT_ENDINGS)}|中心)窗口)"
    r"(?=[\u4e00-\u9fff])"
)


def _carry_opening_subject(texts: list[str], sentences: list[list[Fact]]) -> None:
    """ "市某局及时签收率80%，得分为0分；回访满意率50%，得分为12.5分。": a department or company
    that opens a sentence with its first figure, or a department's window that opens it, is who
    every later figure of the sentence is of — over its semicolons too — until one names
    another. So is a named centre, hall, window or platform ("截至目前，桥溪乡便民服务中心共计
    开展业务培训30人次、办结…，群众满意率达100%"): the sentence's subject did all it counts,
    its rates too (_answers_for_itself)."""
    subject: str | None = None
    for number, found in enumerate(sentences):
        if number == 0 or not texts[number - 1].rstrip().endswith(("；", ";")):
            window = RE_DEPARTMENT_WINDOW.match(texts[number])
            subject = window.group("who") if window else None
        for index, fact in enumerate(found):
            if fact.scope is not None:
                opens = index == 0 and _opens_with(texts[number], fact.scope)
                answers = opens and _answers_for_itself(fact.scope, texts[number])
                subject = fact.scope if answers else None
            elif subject is not None and fact.label != UNLABELLED:
                found[index] = replace(fact, scope=subject)


# "自开展“全天候”政务服务以来，": a time a sentence opens with, before its subject.
RE_SINCE = re.compile(r"^自[^，,。；;]{1,24}?以来[，,]?")
# A hotline or platform ("全国12315平台", "…12333电话咨询服务中心"): what a hotline's report is
# of, its own figures the report's.
RE_OWN_LINE = re.compile(r"\d{4,}|平台$|热线$")
# A centre named by its level alone ("区政务服务中心", "市民中心"): the report's own.
RE_OWN_CENTRE = re.compile(
    r"^[省市区县州旗]?级?(?:政务服务|行政服务|市民服务|便民服务|市民)?中心(?:大厅)?$"
)


def _opens_with(sentence: str, who: str) -> bool:
    """Whether a sentence opens with the who, after its time ("截至目前，桥溪乡便民服务中心…")."""
    opening = RE_SINCE.sub("", sentence.lstrip(" ，,；;"))
    opening = strip_leading_time(opening).lstrip("“”\"' ")
    who = who.strip("“”")
    return opening.startswith(who) and not opening[len(who) :].startswith("、")  # not a list


def _answers_for_itself(who: str, sentence: str) -> bool:
    """Whether the who a sentence opens with is who all its figures are of: a department or
    company, a named centre, hall, window or platform (桥溪乡便民服务中心, 政务服务大厅窗口) —
    not a channel, the report's own centre, nor a whole the sentence breaks into parts (其中)."""
    if RE_OWN_CENTRE.match(who) or who.startswith(tuple(OWN_SCOPES)):
        return False  # "中心大厅日均接待…": the report's own centre (its 厅 is no department's)
    if who.endswith(DEPARTMENT_ENDINGS):
        return True
    return not (
        who in CHANNELS
        or who.endswith(PLACE_SUFFIXES)  # "连平县…受理…，办结…": the report's own place
        or RE_OWN_LINE.search(who)
        or "其中" in sentence
    )


# A sentence that breaks down the one before it: "其中，", "从诉求类型来看，".
RE_BREAKDOWN_OPENING = re.compile(
    r"^\s*(?:其中|从[\u4e00-\u9fff]{1,10}(?:来看|看))\s*[，,：:]", re.M
)


def _carry_subject_into_breakdown(texts: list[str], sentences: list[list[Fact]]) -> None:
    """ "省12345热线共受理诉求61723件，办结60609件。其中，咨询类占77.18%…": a sentence that
    breaks down the one before it is of who that sentence's steps were of, where its own
    figures name no one."""
    for number in range(1, len(sentences)):
        if not RE_BREAKDOWN_OPENING.match(texts[number]) or not texts[number - 1].rstrip().endswith(
            "。"
        ):
            continue
        scopes = [fact.scope for fact in sentences[number - 1] if fact.scope]
        if not scopes or scopes[-1].startswith(tuple(OWN_SCOPES)):
            continue
        sentences[number] = [
            replace(fact, scope=scopes[-1])
            if fact.scope is None and fact.label != UNLABELLED
            else fact
            for fact in sentences[number]
        ]


def _same_measure_for_scopes(sentences: list[list[Fact]]) -> bool:
    """Whether one measure is stated for two scopes in two sentences of a paragraph."""
    scopes: dict[str, set[str]] = {}
    for number, found in enumerate(sentences):
        for fact in found:
            if fact.scope and fact.comparison is None:
                scopes.setdefault(fact.label, set()).add(f"{number}:{fact.scope}")
    return any(len({s.split(":", 1)[0] for s in seen}) >= 2 for seen in scopes.values())


def _carry_scope(facts: list[Fact]) -> None:
    """Where a paragraph states the same measures for several scopes ("东兴市共受理838件，办结
    777件；上思县共受理733件，办结707件"), a scope named in a sentence holds for the quantities
    after it that name none."""
    scope: str | None = None
    for index, fact in enumerate(facts):
        if fact.scope is not None:
            scope = fact.scope
        elif scope is not None and fact.label != UNLABELLED:
            facts[index] = replace(fact, scope=scope)


def _carry_assessor(texts: list[str], sentences: list[list[Fact]]) -> None:
    """An assessment's list runs over semicolons to the end of its sentence (。)."""
    who: str | None = None
    for text, found in zip(texts, sentences, strict=True):
        if who:
            for index, fact in enumerate(found):
                if fact.scope is None:
                    found[index] = replace(fact, scope=who)
        if match := RE_ASSESSOR.search(text):
            who = match.group("who")
        if not text.rstrip().endswith(("；", ";")):
            who = None


def _carry_share_whole(sentences: list[list[Fact]]) -> None:
    """ "噪音污染（占投诉总量52.3%）；空气污染（占31.3%）": the later shares are of the same
    whole; with none named before, a share is the subject's 占比."""
    whole: str | None = None
    for found in sentences:
        for index, fact in enumerate(found):
            if fact.unit != "%" or "占" not in fact.label:
                continue
            subject, _, named = fact.label.partition("占")
            if subject and named and not named.startswith("比"):
                whole = named  # "噪音污染占环境污染投诉总量"; not "占道经营…"
            elif not named:
                label = f"{subject}占{whole}" if whole else f"{subject}占比"
                found[index] = replace(fact, label=label)

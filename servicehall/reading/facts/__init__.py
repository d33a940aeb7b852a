"""Quantities stated in report text (文中数量), recognised or not, and ranked lists (排名).

"全区一体化平台办件数3382件" → Fact(label="全区一体化平台办件数", value=3382, unit="件").
The rules a reader follows are written out, with examples, in ``servicehall/archive/gold/README.md``; the gold set
there measures how often this module agrees with a reader. In short:

- A quantity is a number followed by a unit from ``UNITS``; dates, issue numbers (第9期),
  ordinals (第5次), list numbers ("1."), times (9时30分) and numbers inside quotation marks
  ("“15分钟政务服务圈”") are not quantities. A score without its unit (综合得分9.2) is in 分.
- 1,234 / 1，234 and full-width digits are read; 万/亿 multiply a count (3.5万件 → 35000 件),
  money keeps its unit (167.59亿元, 5000万元).
- The label is the words before the number in its clause, read through 共/累计/其中/达/为/是/：,
  without leading time words and without the scope; with no words, the label of the quantity
  before it in the sentence, or the noun after the number (3个审查细则).
- The scope is a department, county or channel the clause names before the label
  (网上办理2,706件 → 办理, scope 网上); "金堂县：…" at a line's start scopes the whole line.
- A change (比上月增加12.5%, 同比下降3件, 与上月持平) qualifies the quantity before it in the
  sentence: same label and scope, with ``comparison`` (basis 环比/同比, direction 增加/减少/持平).
- "A、B、C分别为X、Y、Z" gives one fact per name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from servicehall.core.text import halfwidth_digits
from servicehall.gbt9704.document import Comparison, Fact, Ranking
from servicehall.reading.facts.label import (
    COUNTED_NOUNS,
    RE_STEP,
    UNLABELLED,
    strip_leading_time,
    trim,
)
from servicehall.reading.facts.quantities import prepare, split_sentences
from servicehall.reading.facts.rankings import extract_rankings
from servicehall.reading.facts.scope import (
    ACTION_STARTS,
    CHANNELS,
    LEVELS,
    OWN_SCOPE_VERBS,
    OWN_SCOPES,
    PLACE_SUFFIXES,
    RE_LINE_SCOPE,
    WHO_ENDINGS,
    among_opening,
    scope_of,
)
from servicehall.reading.facts.sentence import sentence_facts
from servicehall.reading.facts.subjects import RE_ASSESSOR, RE_BARE_ITEM
from servicehall.reading.lines import is_caption_cell, is_table_row, side_by_side, table_cells
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

__all__ = [
    "RE_RUN_IN_HEADING",
    "UNLABELLED",
    "Comparison",
    "Fact",
    "Ranking",
    "extract_facts",
    "extract_paragraph_facts",
    "extract_rankings",
    "heading_scope",
    "like_stored",
    "mark_for_review",
    "table_caption_of",
]


def extract_facts(text: str, subjects_compared: bool = False) -> list[Fact]:
    """Every quantity the text states, in order (提取文中数量). ``subjects_compared``: the
    document states the same steps for several subjects (``_compares_subjects``), so that a
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


def _compares_subjects(paragraphs: list[list[Fact]]) -> bool:
    """Whether a document states one step of the handling (办结, 受理…) for two subjects or
    more (省12345热线, 市(州)12345热线): its subjects are parts compared, not the report's own."""
    subjects: dict[str, set[str]] = {}
    for fact in (fact for facts in paragraphs for fact in facts):
        if fact.scope and fact.comparison is None and RE_STEP.match(fact.label):
            subjects.setdefault(fact.label, set()).add(fact.scope)
    return any(len(seen) >= 2 for seen in subjects.values())


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


def mark_for_review(facts: list[Fact], unsure: Iterable[str]) -> list[Fact]:
    """The facts, those whose number is one of the ``unsure`` numbers (as OCR read them with
    low confidence: "5501", "67.48%") marked ``review``: an OCR never changes a number
    silently."""
    values = {value for text in unsure if (value := parse_number(text.rstrip("%"))) is not None}
    if not values:
        return facts
    return [replace(fact, review=True) if _stated_value(fact) in values else fact for fact in facts]


def _stated_value(fact: Fact) -> int | float | None:
    """The number as written in the fact's text (before 万/亿 scaled it)."""
    for match in re.finditer(NUMBER, halfwidth_digits(fact.text)):
        value = parse_number(match.group(1))
        if value is not None and (
            value == fact.value
            or scale(value, 10_000) == fact.value
            or scale(value, 100_000_000) == fact.value
        ):
            return value
    return fact.value if isinstance(fact.value, int | float) else None


def like_stored(facts: list[Fact], stored: list[Fact]) -> list[Fact]:
    """Facts read again from a stored document's paragraph, with the ``review`` mark the
    import gave the same statement (same text and value)."""
    marked = {(f.text, float(f.value)) for f in stored if f.review}
    if not marked:
        return facts
    return [replace(f, review=True) if (f.text, float(f.value)) in marked else f for f in facts]


RE_RUN_IN_HEADING = re.compile(
    r"^\s*\d{0,2}[.、．]?\s*(?P<who>[\u4e00-\u9fff（）()]{2,20}?)"
    r"(?:投票|办理|运行|办件|评价|服务|工作|受理)?情况。"
)


# "（一）12345热线受理量：共受理各类来电2808件": a numbered heading run into its paragraph.
RE_COLON_HEADING = re.compile(
    rf"^\s*(?:[（(][{CN_NUMERALS}\d]{{1,3}}[）)]|\d{{1,2}}[.、．])\s*(?P<who>[^，,。；;：:]{{2,20}})[：:]"
)


def heading_scope(heading: str, numbered_names: bool = False) -> str | None:
    """The who or where a heading names (标题所指), or None: "市长信箱", "税务分中心"; not
    "办理情况", "热点问题". A name with digits (12345热线) only where ``numbered_names``."""
    name = heading.rsplit("›", 1)[-1].strip()
    digits = r"\d\s*[年月日季周期号]" if numbered_names else r"\d"
    if not 2 <= len(name) <= 16 or re.search(rf"[，,。；;：:、的]|{digits}", name):
        return None
    if name in OWN_SCOPES or name.startswith(ACTION_STARTS):
        return None
    if match := RE_WHO_AND_MEASURE.match(name):
        name = match.group("who")  # "12345热线受理量": the hotline's figures
    return name if name.endswith(WHO_ENDINGS) or name in CHANNELS or name in LEVELS else None


# A heading naming who and the measure its paragraphs give: "12345热线受理量", "市长信箱办理情况".
RE_WHO_AND_MEASURE = re.compile(
    r"^(?P<who>[\u4e00-\u9fff\d]{2,12}?(?:热线|信箱|平台|大厅|中心))"
    r"(?:受理量|办理量|办件量|受理情况|办理情况|运行情况|工作情况)$"
)


def _with_scope(facts: list[Fact], scope: str) -> list[Fact]:
    """Facts of a paragraph about ``scope``: each that names no one of its own (no scope, no
    hall, platform or department in its label) is its."""
    return [
        replace(fact, scope=scope)
        if fact.scope is None
        and fact.label != UNLABELLED
        and not any(ending in fact.label for ending in WHO_ENDINGS)
        else fact
        for fact in facts
    ]


def extract_paragraph_facts(
    texts: list[str], headings: list[str] | None = None
) -> list[list[Fact]]:
    """The facts of each paragraph of a document, in order: a paragraph's own sentences, and
    for the rows of a table (表格) one fact per number cell, labelled by its row and column.
    A heading that names who or where (``heading_scope``) is the scope of its paragraphs'
    facts that name none."""
    result: list[list[Fact]] = []
    header: list[str] | None = None
    caption: str | None = None  # the line right above a table, naming it
    group: str | None = None  # the row group of the rows being read
    table_caption: str | None = None  # the caption of the table being read
    for index, text in enumerate(texts):
        if not is_table_row(text):
            if header is not None and is_row_group(texts, index):
                group = text.strip().rstrip("|｜ ").strip()
                result.append([])  # a row group's name: the scope of the rows under it
                continue
            header, table_caption, group = None, None, None
            caption = table_caption_of(text)
            if caption is not None and is_caption_cell(text):
                result.append([])  # a caption in a border states nothing of its own
                continue
            facts = extract_facts(text)
            if run_in := RE_RUN_IN_HEADING.match(text) or RE_COLON_HEADING.match(text):
                # run into its paragraph, a heading may name a hotline by number (12345热线)
                who = heading_scope(strip_leading_time(run_in.group("who")), numbered_names=True)
                if who:
                    facts = _with_scope(facts, who)
            first_clause = re.split(r"[，,。；;：:]", text, maxsplit=1)[0]
            names_own = any(ending in first_clause for ending in WHO_ENDINGS)
            heading = headings[index] if headings and index < len(headings) else ""
            if not names_own and (who := heading_scope(heading)):
                facts = _with_scope(facts, who)
            result.append(facts)
            continue
        cells = table_cells(halfwidth_digits(text))
        if not any(cell_quantity(cell) for cell in cells[1:]):
            named = [cell for cell in cells if cell]
            header = named if len(named) >= 2 and not cell_quantity(cells[0]) else header
            table_caption, caption = table_caption or caption, None
            result.append([])
            continue
        width = side_by_side(header) if header else None
        if header and width and len(header) >= len(cells) > width:
            # one table printed twice side by side: each row holds two rows of it
            result.append(
                [
                    fact
                    for at in range(0, len(cells), width)
                    if any(cells[at : at + width])
                    for fact in row_facts(text, cells[at : at + width], header[:width])
                ]
            )
            continue
        result.append(with_caption(row_facts(text, cells, header), group or table_caption))
    if _compares_subjects(result):
        result = [
            facts if is_table_row(text) or not facts else _breakdowns_carried(text, facts)
            for text, facts in zip(texts, result, strict=True)
        ]
    return _without_repeats(_without_restated_cells(texts, _without_summary_lead(result)))


def _without_repeats(paragraphs: list[list[Fact]]) -> list[list[Fact]]:
    """The paragraphs' facts with a figure the text states again, word for word in what it
    says (label, value, unit, scope and change alike), given once: "群众总体满意率97.01%" in
    a report's summary and again in its body. A round figure (0, 100%) is said of many
    things the reader cannot always tell apart (each channel's 办结率100% under its own
    heading), and a table's cell is its row's: both are kept. The last statement is the one
    kept: what comes first may be a summary, or an erratum's notice quoting the corrected
    text, which a caller reading the paragraphs after it leaves out (``archive.search``)."""
    seen: set[tuple[object, ...]] = set()
    result = []
    for facts in reversed(paragraphs):
        kept = []
        # a paragraph that names who its figures are of, where the reader may have carried
        # it to some figures and not others ("东城区受理320件，办结率99%"): all its own
        of_someone = any(fact.scope for fact in facts)
        for fact in reversed(facts):
            said = (fact.label, float(fact.value), fact.unit, fact.scope, fact.comparison)
            if (
                said in seen
                and not of_someone
                and fact.label != UNLABELLED
                and float(fact.value) not in ROUND_FIGURES
                and not is_table_row(fact.text)
            ):
                continue
            if not of_someone:
                seen.add(said)
            kept.append(fact)
        result.append(kept[::-1])
    return result[::-1]


# Figures said of many things at once (every channel's 办结率100%, no 逾期件 anywhere).
ROUND_FIGURES = (0.0, 100.0)


def _without_restated_cells(texts: list[str], paragraphs: list[list[Fact]]) -> list[list[Fact]]:
    """The paragraphs' facts without a table's cell that restates the text above it for the
    same row: "10月共受理转办工单1247件，其中城市管理类362件" over "| 10月 | 1247 | 362 |",
    "灌云县考评得分为145.76分" over "| 灌云县 | 1115 | 145.76 |" — the text's figure (same value
    and unit), in a sentence naming the cell's row, is the one stated."""
    stated: list[tuple[Fact, str]] = []  # each figure of the text, with its sentence
    result = []
    for text, facts in zip(texts, paragraphs, strict=True):
        if not is_table_row(text):
            sentences = re.split(r"(?<=[。！？!?])", halfwidth_digits(text))
            for fact in facts:
                if fact.comparison is None:
                    where = next((s for s in sentences if fact.text in s), text)
                    stated.append((fact, where))
            result.append(facts)
            continue
        names = [
            cell
            for cell in table_cells(halfwidth_digits(text))
            if len(cell) >= 2 and not cell_quantity(cell)
        ]
        result.append(
            [
                fact
                for fact in facts
                if fact.comparison is not None
                or not any(
                    _restated_cell(fact, above, sentence, names) for above, sentence in stated
                )
            ]
        )
    return result


def _restated_cell(cell: Fact, above: Fact, sentence: str, names: list[str]) -> bool:
    """Whether a table's cell states again a figure of the text above: same value and unit,
    in a sentence that names the cell's row."""
    if float(cell.value) != float(above.value):
        return False
    if cell.unit != above.unit:
        return False  # a bare count: the labellers keep a table's count beside the text's
    return any(cell.label.startswith(name) and name in sentence for name in names)


def _breakdowns_carried(text: str, facts: list[Fact]) -> list[Fact]:
    """A paragraph's facts read again with its breakdowns carrying their subject, where it
    states them (its facts otherwise as read: a heading's scope kept)."""
    if not RE_BREAKDOWN_OPENING.search(text.replace("。", "。\n")):
        return facts
    again = extract_facts(text, subjects_compared=True)
    if len(again) != len(facts):
        return facts
    return [
        replace(fact, scope=read.scope) if fact.scope is None and read.scope else fact
        for fact, read in zip(facts, again, strict=True)
    ]


def _restates(later: Fact, fact: Fact) -> bool:
    """Whether a later fact states the same figure of the same measure again: value, unit and
    direction of change alike, one label holding the other."""
    if (float(later.value), later.unit) != (float(fact.value), fact.unit):
        return False
    if (later.comparison and later.comparison.direction) != (
        fact.comparison and fact.comparison.direction
    ):
        return False
    a, b = later.label.replace("的", ""), fact.label.replace("的", "")
    return fact.label != UNLABELLED and (a in b or b in a)


def _without_summary_lead(paragraphs: list[list[Fact]]) -> list[list[Fact]]:
    """The paragraphs' facts with a summary lead's stated once: a report or news item that
    opens with two or more figures (导语、提要) and states every one of them again further on
    (its body) gives each figure once, in the plainer of its two wordings (the shorter label,
    the body's at a tie)."""
    first = next((index for index, facts in enumerate(paragraphs) if facts), None)
    if first is None or len(paragraphs[first]) < 2:
        return paragraphs
    later = [fact for facts in paragraphs[first + 1 :] for fact in facts]
    restated: list[int] = []
    for fact in paragraphs[first]:
        at = next(
            (i for i, other in enumerate(later) if i not in restated and _restates(other, fact)),
            None,
        )
        if at is None:
            return paragraphs
        restated.append(at)
    dropped = {
        id(fact) if len(fact.label) > len(later[i].label) else id(later[i])
        for fact, i in zip(paragraphs[first], restated, strict=True)
    }
    return [[fact for fact in facts if id(fact) not in dropped] for facts in paragraphs]


def is_row_group(texts: list[str], index: int) -> bool:
    """A lone bordered name between a table's rows ("政府采购 |"): a row group."""
    return (
        is_caption_cell(texts[index]) and index + 1 < len(texts) and is_table_row(texts[index + 1])
    )


# A lead-in naming the table under it: "1.各县市区办理“市长信箱”市民来信情况：".
RE_LEAD_IN = re.compile(
    r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)])?\s*(?P<caption>[^，,。；;：:|｜]{4,40})[：:]$"
)


# A lead-in naming the measure of the cells under it: "五个街道办理的物业管理方面工单数量如下".
RE_MEASURE_LEAD_IN = re.compile(
    r"^(?:.*的)?(?P<measure>[\u4e00-\u9fff“”]{2,16}(?:数量|量|数|率))如下$"
)


def table_caption_of(text: str) -> str | None:
    """What a line says a table under it is, if it is a table's caption: a lone bordered cell
    of words ("各县、赣榆区数据质量得分情况 |"), or a short lead-in ending on a colon with its
    item number dropped ("1.各县市区办理“市长信箱”市民来信情况：")."""
    stripped = text.strip()
    if is_caption_cell(stripped):
        return stripped.rstrip("|｜ ").strip()
    match = RE_LEAD_IN.match(stripped)
    return match.group("caption").strip() if match else None


def with_caption(facts: list[Fact], caption: str | None) -> list[Fact]:
    """A table's cells are counted in what its caption names: the caption is the scope of
    each cell read by row and column (the labellers' way with a table's cells)."""
    if not caption:
        return facts
    if lead_in := RE_MEASURE_LEAD_IN.match(caption):
        # "各街道办理的…工单数量如下": the caption names the cells' measure, not who
        measure = lead_in.group("measure")
        return [
            replace(fact, label=f"{fact.label}{measure}")
            if fact.label != UNLABELLED and not RE_MEASURE_ROW.search(fact.label)
            else fact
            for fact in facts
        ]
    return [
        replace(fact, scope=caption) if fact.scope is None and fact.label != UNLABELLED else fact
        for fact in facts
    ]


RE_CELL = re.compile(
    rf"^{NUMBER}\s*([{MULTIPLIER_CHARS}])?\s*({'|'.join(map(re.escape, UNITS))})?$"
)


def cell_quantity(cell: str) -> tuple[int | float, str] | None:
    match = RE_CELL.match(cell.strip())
    if not match:
        return None
    value = parse_number(match.group(1))
    if value is None:
        return None
    multiplier, unit = match.group(2), match.group(3) or ""
    if multiplier and unit in MONEY_UNITS:
        return value, multiplier + unit
    return (scale(value, MULTIPLIERS[multiplier]) if multiplier else value), unit


RE_COLUMN_UNIT = re.compile(rf"[（(]({'|'.join(map(re.escape, UNITS))})[）)]")


# Columns that qualify the measure column before them: its share, its change on a year or a
# period ago ("转派工单 | 占比 | 同比 | 环比").
RE_SHARE_COLUMN = re.compile(r"^(?:占比|比例|比重|占比率)$")
RE_CHANGE_COLUMN = re.compile(r"^(?P<basis>同比|环比)$")
RE_MEASURE_ROW = re.compile(r"(?:率|次数|件数|人数|数量|总数|得分|总分)$")
RE_SCORE_COLUMN = re.compile(r"(?:得分|总分)$")
RE_SIGNED = re.compile(r"^(?P<sign>[-+−－＋])\s*(?P<rest>\d.*)$")


def row_facts(text: str, cells: list[str], header: list[str] | None) -> list[Fact]:
    """One row: its first cell names it; each number cell is labelled row + column. The
    header may leave the row names' column untitled (one cell fewer than the row). A 占比
    column is the share of the measure column before it, a 同比 / 环比 column its change."""
    row = cells[0]
    columns: list[str | None]
    if header and len(header) == len(cells) - 1:
        columns = [None, *header]
    elif header and len(header) == len(cells):
        columns = list(header)
    elif header and len(header) > len(cells) >= 2:
        columns = list(header[: len(cells)])  # a row cut short where the excerpt ends
    else:
        columns = [None] * len(cells)  # no header that fits: the column is not known
    # Rows of measures (评价次数, 满意率) under columns of the things measured, with no column
    # naming the rows: the column names the thing, the row the measure ("业务咨询评价次数").
    transposed = columns[0] is None and header is not None and bool(RE_MEASURE_ROW.search(row))
    facts = []
    measure: str | None = None
    for cell, column in zip(cells[1:], columns[1:], strict=True):
        signed = RE_SIGNED.match(cell.strip())
        quantity = cell_quantity(signed.group("rest") if signed else cell)
        if column and not RE_SHARE_COLUMN.match(column) and not RE_CHANGE_COLUMN.match(column):
            measure = column
        if quantity is None:
            continue
        if column and (unit := RE_COLUMN_UNIT.search(column)):
            # "话务量(通)": the column's unit is each bare cell's, and no part of its name
            column = column[: unit.start()] + column[unit.end() :]
            quantity = quantity if quantity[1] else (quantity[0], unit.group(1))
        elif column and not quantity[1] and RE_SCORE_COLUMN.search(column):
            quantity = (quantity[0], "分")  # a score's column: its bare cells are in 分
        comparison = None
        change = RE_CHANGE_COLUMN.match(column or "")
        if column and measure and RE_SHARE_COLUMN.match(column):
            column = f"{RE_COLUMN_UNIT.sub('', measure)}占比"
        elif change and measure:
            column = RE_COLUMN_UNIT.sub("", measure)
            negative = signed is not None and signed.group("sign") in "-−－"
            direction = "持平" if not quantity[0] else "减少" if negative else "增加"
            comparison = Comparison(change.group("basis"), direction)
        elif signed and signed.group("sign") in "-−－":
            quantity = (-quantity[0], quantity[1])
        label = f"{row}{column}" if row and column and not cell_quantity(row) else UNLABELLED
        if label != UNLABELLED and transposed and column:
            label = f"{column}{row}"  # a row of a measure over columns of what is measured
        facts.append(Fact(label, quantity[0], quantity[1], text.strip(), comparison=comparison))
    return facts


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

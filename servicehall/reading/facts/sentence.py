"""One sentence's facts: each quantity read in its clause, then the rules in their order."""

from __future__ import annotations

import re
from dataclasses import replace

from servicehall.gbt9704.document import Fact
from servicehall.reading.facts.clause import clause_fact, clause_start_before, ranked_item_fact
from servicehall.reading.facts.label import UNLABELLED
from servicehall.reading.facts.measures import (
    apply_bracketed_breakdown,
    apply_bracketed_shares,
    apply_from_to,
    apply_rate_of_change,
    apply_respective_changes,
    apply_respectively,
    apply_share_subjects,
    apply_shared_values,
    apply_shares_and_rates,
    apply_topic,
    apply_topic_clause,
)
from servicehall.reading.facts.quantities import quantities_of
from servicehall.reading.facts.rankings import RE_RANKING
from servicehall.reading.facts.subjects import (
    apply_among_scopes,
    apply_assessor,
    apply_bracketed_scopes,
    apply_involved,
    apply_kind_to_steps,
    apply_level_hall,
    apply_listed_names,
    apply_members_among,
    apply_named_subject,
    apply_subject_scopes,
)

# "…共受理工单6455件。比上年同期增加1419件": a sentence that opens with a change.
RE_CHANGE_OPENS = re.compile(r"^\s*(?:比|较|与|同比|环比)")


def sentence_facts(sentence: str, line_scope: str | None, last: Fact | None = None) -> list[Fact]:
    """The facts of one sentence; ``last``, the line's figure before it, is what a change the
    sentence opens with is a change of ("…受理工单6455件。比上年同期增加1419件")."""
    quantities = quantities_of(sentence)
    ranking = RE_RANKING.search(sentence)
    facts: list[Fact] = []
    starts: list[int] = []
    ends: list[int] = []
    befores: list[str] = []
    previous_end = 0
    for quantity in quantities:
        clause_start = clause_start_before(sentence, quantity.start, previous_end)
        before = sentence[clause_start : quantity.start]
        previous = facts[-1] if facts else (last if RE_CHANGE_OPENS.match(sentence) else None)
        fact = ranked_item_fact(sentence, quantity, ranking) or clause_fact(
            sentence, quantity, before, previous, clause_start
        )
        if fact is not None:
            if fact.scope is None and line_scope:
                fact = replace(fact, scope=line_scope)
            facts.append(fact)
            starts.append(quantity.start)
            ends.append(quantity.end)
            befores.append(before)
            previous_end = quantity.end
    apply_topic_clause(sentence, facts, starts, befores)
    apply_from_to(sentence, facts, starts, ends, befores)
    apply_bracketed_breakdown(sentence, facts, starts, ends)
    apply_respectively(sentence, facts, starts, line_scope)
    apply_respective_changes(facts, befores)
    apply_rate_of_change(facts)
    apply_bracketed_scopes(sentence, facts, starts)
    apply_share_subjects(sentence, facts)
    apply_bracketed_shares(sentence, facts, starts)
    apply_subject_scopes(facts)
    apply_named_subject(facts)
    apply_level_hall(sentence, facts, starts)
    apply_kind_to_steps(facts)
    apply_listed_names(facts)
    apply_assessor(sentence, facts, starts)
    apply_among_scopes(sentence, facts, starts)
    apply_members_among(sentence, facts)
    apply_involved(sentence, facts, starts)
    apply_topic(sentence, facts)
    apply_shares_and_rates(facts)
    facts = apply_shared_values(facts)
    return [replace(f, label=UNLABELLED) if not f.label else f for f in facts]

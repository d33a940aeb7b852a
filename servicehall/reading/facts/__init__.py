"""Quantities stated in report text (文中数量), recognised or not, and ranked lists (排名).

"全区一体化平台办件数3382件" → Fact(label="全区一体化平台办件数", value=3382, unit="件").
The rules a reader follows are written out, with examples, in ``servicehall/archive/gold/README.md``; the gold set
there measures how often this package agrees with a reader. In short:

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

The reader's modules, each importing only those below it (``lint-imports`` holds them to it):

- ``paragraphs``: a document's facts by paragraph (``extract_paragraph_facts``); ``review``:
  the review mark of OCR's unsure numbers (``mark_for_review``, ``like_stored``);
- ``carry``: a text's facts (``extract_facts``), what one sentence carries into the next;
  ``tables``: a table's rows by row and column;
- ``sentence``: one sentence's facts, its rules in their order;
- ``clause``: one quantity's fact in its clause; ``subjects`` and ``measures``: the sentence
  rules on who a fact is of and what it measures; ``rankings``: ranked lists
  (``extract_rankings``);
- ``quantities``: the numbers with units and the change words before them;
- ``label``: the words before a number made a label; ``scope``: who or where words name.

Below are the entry points the rest of the project calls; what a module holds for the others
is imported from that module.
"""

from __future__ import annotations

from servicehall.reading.facts.carry import extract_facts
from servicehall.reading.facts.paragraphs import extract_paragraph_facts
from servicehall.reading.facts.rankings import extract_rankings
from servicehall.reading.facts.review import like_stored, mark_for_review

__all__ = [
    "extract_facts",
    "extract_paragraph_facts",
    "extract_rankings",
    "like_stored",
    "mark_for_review",
]

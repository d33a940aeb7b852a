"""The one door through which the reports' checks read numbers out of text (文中数字识别).

Both readers live in the text-reading layer below (``servicehall.reading``): the quantities of a
sentence ("共完成1110个办理项" → 办理项 1110 个, with its scope) and the figure keys a report's
wording states (the same reader the importer uses on past reports). The checks and the bindings
import them from this module and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping

from servicehall.gbt9704.document import Fact
from servicehall.reading.facts import extract_facts
from servicehall.reading.figures import figures_in_text
from servicehall.reading.numbers import Number


def stated_figures(text: str) -> Mapping[str, Number]:
    """The figures of the registry a text states, by the wording past reports use."""
    return figures_in_text(_plain(text))


def quantities(text: str) -> list[Fact]:
    """Every quantity a text states (a number with its unit, label and scope), figures or not."""
    return extract_facts(_plain(text))


def _plain(text: str) -> str:
    return text.replace("**", "")  # an editor's bold markup is no part of a number

"""The one door through which the reports read numbers out of text (文中数字识别).

Two readers exist, both written elsewhere and imported here only: the quantities of a sentence
(``reports.facts.extract_facts``: "共完成1110个办理项" → 办理项 1110 个, with its scope) and the
figure keys a report's wording states (the archive's ``extract_figures``, registered here at
start-up by the archive app, the higher layer). The checks and the bindings import them from
this module and nowhere else, so moving the readers changes this file alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from servicehall.gbt9704.document import Fact
from servicehall.reports.facts import extract_facts

Number = int | float | Decimal

_reader: Callable[[str], Mapping[str, Number]] | None = None


def register_figure_reader(reader: Callable[[str], Mapping[str, Number]]) -> None:
    """The archive's fact reader (figure key → value a text states); set by the archive app."""
    global _reader
    _reader = reader


def stated_figures(text: str) -> Mapping[str, Number]:
    """The figures of the registry a text states, by the wording past reports use."""
    if _reader is None:  # the archive app is part of every installation
        raise RuntimeError("未注册报告数字识别器（servicehall.archive 未加载）")
    return _reader(_plain(text))


def quantities(text: str) -> list[Fact]:
    """Every quantity a text states (a number with its unit, label and scope), figures or not."""
    return extract_facts(_plain(text))


def _plain(text: str) -> str:
    return text.replace("**", "")  # an editor's bold markup is no part of a number
